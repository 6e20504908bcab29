"""Writers: records rendered as the documents departments hand in (.docx, .xlsx).

`form` lays out the standard 绩效目标表 as a grid of cells with spans and vertical merges;
`docx` and `xlsx` render that grid. Each writer imports its library only when called.
"""
