#!/usr/bin/env python3
"""Render the seventh batch of extra real documents (number 60) in the Word "save as plain text"
layout.

Companion of make_extra6.py (documents 55-59): a separate script so that each batch can be
regenerated on its own.  This batch is a held-out test of the importer and the rules; it was read
and reviewed (REVIEW-extra7.md, expected-extra7.yaml) without running jxcheck on it.  Places are
limited to 北京, 上海, 江苏, 山东, 河南 and 河北 (not 怀来/张家口); in about 70 searches of the stored
pages only one usable table was found, in 山东 (SOURCES-extra7.md lists what was found and why the
rest was not usable).  Each document is a list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the source (raw/NN_*.txt keeps it verbatim):
  * wording, values, punctuation (the stored copy uses ASCII ( ) : , and ASCII <= ), and column
    order are copied as they are; personal names and phone numbers would be replaced by "××" (only
    the site footer's phone number occurs, and the footer is not rendered);
  * the stored copy prints every cell on its own line and marks neither rows nor merged cells: rows
    are cut at the template's labels, a vertically merged label is written once and the rows below
    it get an empty cell at its place, as Word exports them;
  * an empty cell that the copy prints as a line holding one space is a cell holding one space (S);
    leading spaces that only indent a label in the HTML page are dropped (the label text itself is
    kept as printed, with its ASCII colon);
  * page furniture (site banner, breadcrumb, 信息来源/发布时间 line, footer) is left out; the page
    title is kept as the first paragraph (as for 31 and 58).

Run:  PYTHONPATH=/work/main/tests/data/realdocs python3 make_extra7.py   (writes NN_*.txt next to
this script)
"""
from pathlib import Path

from render import E, P, S, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 60 山东 德州 临邑县 (临邑县师范附属小学, a county primary school), 2025, standalone 项目支出目标申报表
# (2025年度) for the project 小学教育公用经费, published on the county government site on 2025-12-25.
# Template new to the corpus: 项目名称 / 项目主管部门 (the school itself) / 项目资金申请(万元) with
# 资金总额: / 财政拨款: / 其他: on three rows / 项目总体情况 (funding basis, per-pupil standard and use
# of funds; the form has no 绩效目标 or 年度目标 field) / indicator grid 一级 | 二级 | 三级 | 年度数值 |
# 备注 whose class labels end in 值 instead of 指标 (产出值, 数量值, 质量值, 时效值, 成本值, 效益值,
# 经济效益值, 社会效益值, 生态效益值, 可持续影响值); no 满意度 class at all; values with ASCII `<=` and
# an explicit `=` (`=100%`); a unit cost `780元/生/年`; the 备注 column empty on every row.
# Complete: the 可持续影响值 row is the last row before the site footer.
# http://www.linyixian.gov.cn/n30334494/n38447929/n38448474/n74342318/n74348867/n74350511/n74350513/c75276936/content.html
# Decided: "项目支出目标申报表" and "(2025年度)" are paragraphs under the page title (the copy gives no
# sign that they sit inside the table, and the header rows of 34/35/58 are marked there by their
# copies, not here); 项目名称 and 项目主管部门 are one label | value row each; "项目资金申请(万元)" is the
# label merged over the three fund rows (资金总额: | 438.768, 财政拨款: | 438.768, 其他: | empty), as in
# 58; the 其他 value and every 备注 cell are printed as a line holding one space and are rendered as
# a cell holding one space; 项目总体情况 | text is one row; the indicator header row has five cells
# and no 绩效指标 label (the copy prints none); 产出值 is merged over its four rows and 效益值 over its
# four rows; the lone-space line after the last 备注 cell is an empty paragraph after the table and
# is left out.
DOCS["60_shandong-linyixian_school-public-funds-2025"] = [
    P("临邑县师范附属小学项目支出目标申报表 (2025年度)"),
    P("项目支出目标申报表"),
    P("(2025年度)"),
    T(
        ["项目名称", "小学教育公用经费"],
        ["项目主管部门", "临邑县师范附属小学"],
        ["项目资金申请(万元)", "资金总额:", "438.768"],
        [E, "财政拨款:", "438.768"],
        [E, "其他:", S],
        ["项目总体情况", "根据鲁财科教(2024)67号文件,小学教育公用经费每生每年780元,县级财政负担20%计,"
         "主要用于学校教学与管理、校舍维修维护及日常办公等。"],
        ["一级", "二级", "三级", "年度数值", "备注"],
        ["产出值", "数量值", "小学就读人数", "<=6962人", S],
        [E, "质量值", "教学条件改善、办学水平提高", "=100%", S],
        [E, "时效值", "教育均衡化发展", "有效", S],
        [E, "成本值", "义务教育小学生均公用经费", "780元/生/年", S],
        ["效益值", "经济效益值", "经费有效使用情况", "=100%", S],
        [E, "社会效益值", "教学质量提高、办学条件改善", "=100%", S],
        [E, "生态效益值", "安全情况", "有效", S],
        [E, "可持续影响值", "学生受益情况", "=100%", S],
    ),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
