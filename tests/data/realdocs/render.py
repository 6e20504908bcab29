"""The Word "save as plain text" layout shared by the make_extra*.py scripts (one per batch of
real documents): each script holds its documents as data and renders them with `write`.

A document is a list of blocks:

  P(text)      a paragraph: one plain line (page title, notice text, table title, footnote);
  T(row, ...)  a table: each row is a list of cells, each cell a string.

Output layout (the seed's Word export):
  * a paragraph is one line;
  * every cell of a table row is written on its own line and starts with a tab; an empty cell is a
    lone tab, a cell holding one space is a tab and a space; a cell holding several lines keeps its
    line breaks and its continuation lines carry no tab;
  * a blank line follows every row, and one more blank line closes the table;
  * two tables that follow each other directly are separated by a line holding one space;
  * UTF-8, LF line ends.
"""

from pathlib import Path

E = ""  # an empty cell
S = " "  # a cell holding one space (the copy shows a paragraph of one space)


def P(text):
    return ("p", text)


def T(*rows):
    return ("t", [list(r) for r in rows])


def render(blocks):
    out = []
    last = None
    for kind, value in blocks:
        if kind == "t":
            if last == "t":
                out.append(" ")
            for row in value:
                for cell in row:
                    out.append("\t" + cell)
                out.append("")
            out.append("")
        else:
            out.append(value)
        last = kind
    return "\n".join(out) + "\n"


def write(docs, folder):
    """Each document as `NN_….txt` in `folder`."""
    for name, blocks in docs.items():
        (Path(folder) / f"{name}.txt").write_text(render(blocks), encoding="utf-8", newline="\n")
    print(f"wrote {len(docs)} files")
