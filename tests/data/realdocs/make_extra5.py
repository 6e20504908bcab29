#!/usr/bin/env python3
"""Render the fifth batch of extra real documents (numbers 50-54) in the Word "save as plain
text" layout.

Companion of make_extra.py (20-28), make_extra2.py (30-39), make_extra3.py (40-42) and
make_extra4.py (45-49): a separate script so that each batch can be regenerated on its own.  This
batch is a held-out test of the importer; it was read and reviewed (REVIEW-extra5.md,
expected-extra5.yaml) before any checker was run on it.  It was restricted to new places in 湖南,
湖北, 四川, 重庆, 江西 and 浙江; only one usable document was found there, so 51-54 are unused
(SOURCES-extra5.md says what was searched).  Each document is a list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the sources (raw/NN_*.txt keeps each source verbatim):
  * wording, values, punctuation (the stored copies use ASCII ( ) : , in most places), spaces
    inside cells and column order are copied as they are; personal names and phone numbers are
    replaced by "××";
  * a horizontally merged cell is written once and the rows below a vertically merged label get an
    empty cell at its place, as Word exports them; where the copy does not show cell or row
    boundaries, the comment at the document says how they were decided;
  * page furniture (site banners, page thumbnails, download and copyright notes) is left out;
  * documents whose stored copy ends inside a table are rendered up to their last complete row.

Run:  python3 make_extra5.py        (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 50 湖南 长沙 宁乡市 坝塘镇人民政府, 2021, 项目绩效目标表 (湖南 template, the family of 32): 项目属性
# (新增项目□延续项目√), 主管部门 / 主管部门编码 (no code), 项目单位 / 项目负责人, 联系电话 / 项目起止时间,
# 资金总额及构成 in one cell (总额 = 财政拨款 + 自有资金 + 其他), 项目概况, 项目立项情况 (依据 / 可行性 /
# 必要性), 项目实施进度计划, 长期目标 / 年度目标, then two indicator blocks, 长期绩效指标 and
# 年度绩效指标, each 一级 | 二级 | 指标内容 | 指标值 | 备注, with a "…" placeholder row under 产出 and
# 满意度 as a 二级 under 效益 (no 一级 cell of its own, as in 31/32).  No indicator row names what it
# measures: the copy shows only the 二级 label and two numbers per row.
# https://renrendoc.com/paper/307484460.html (third-party copy: the text preview of an uploaded file)
# Partial: the copy ends inside the last row of the 年度 block ("社会公众或服务对象满意度指", label cut,
# no value); that row is left out.
# The preview runs all text together (no cell, row or line separators).  Decided:
#   * title, "(2021年度)" and the 填报单位 line are paragraphs (as in 32); the space the copy shows
#     after "人民政府" is taken as the break before the table and not rendered;
#   * the header rows form a four-column grid of label/value pairs, in the copy's order (项目名称 |
#     name | 项目属性 | boxes; 主管部门 | 坝塘镇 | 主管部门编码 | empty; 项目单位 | 坝塘镇 | 项目负责人 | ××;
#     联系电 | empty | 目起止时间 | 2021年度): the copy shows nothing after 主管部门编码, and between
#     "联系电" and "目起止时间" it has lost the end of one label, any phone value and the start of the
#     next; the cut labels are kept as printed (cf. 34) and the phone cell is left empty;
#   * the fund cell is one line as printed (the copy shows no line breaks; none is invented), so it
#     reads "总额…万元财政拨款:…二、自有资金:0万元三、其他:3683.3970万元" with no "一、";
#   * 项目立项情况 and 项目实施进度计划 carry their sub-rows below them with an empty first cell; the
#     plan items keep their numbering as printed ("1总体概念规划", "2、核心区规划"); "20162020" and
#     "20212021" are read as start and end years;
#   * in each indicator row the copy gives the 二级 label then two numbers run together ("88100",
#     "68100", "20100"): read as 指标内容 empty, 指标值 88/68/20 and 备注 100 (the form's 指标内容
#     column is a text column and the copy has no text there; the second number is 100 on every row);
#   * "…" (U+2026) after 成本指标 is the template's placeholder row; it is rendered as a row holding
#     only "…" in the 二级 column.
_ind = lambda lbl, v1, v2: [E, E, lbl, E, v1, v2]  # noqa: E731  (an indicator row below the first)
_block = [
    [E, "产出指标", "数量指标", E, "88", "100"],
    _ind("质量指标", "88", "100"),
    _ind("时效指标", "88", "100"),
    _ind("成本指标", "88", "100"),
    [E, E, "…", E, E, E],
    [E, "效益指标", "经济效益指标", E, "88", "100"],
    _ind("社会效益指标", "68", "100"),
    _ind("生态效益指标", "20", "100"),
    _ind("可持续影响指标", "20", "100"),
]
DOCS["50_hunan-ningxiang-batang_town-infrastructure-2021"] = [
    P("项目绩效目标表"),
    P("(2021年度)"),
    P("填报单位(盖章):宁乡市坝塘镇人民政府"),
    T(
        ["项目名称", "镇域内基础设施建设", "项目属性", "新增项目□延续项目√"],
        ["主管部门", "坝塘镇", "主管部门编码", E],
        ["项目单位", "坝塘镇", "项目负责人", "××"],
        ["联系电", E, "目起止时间", "2021年度"],
        ["资金总额及构成",
         "总额10606.7522万元财政拨款:6923.3552万元(其中:上级财政资金:6923.3552万元;本级财政:0万元)二、自有资金:0万元三、其他:3683.3970万元"],
        ["项目概况", "镇域内水利、道路、机关、学校及乡村振兴等基础设施建设"],
        ["项目立项情况", "项目立项的依据", "机关、学校、乡村振兴按发改立项"],
        [E, "项目申报的可行性", "已申报项目可行性评估"],
        [E, "项目申报的必要性", "为改善镇域内基础设施、振兴乡村"],
        ["项目实施进度计划", "项目实施内容", "开始时间", "完成时间"],
        [E, "1总体概念规划", "2016", "2020"],
        [E, "2、核心区规划", "2021", "2021"],
        ["项目绩效目标", "长期目标", "年度目标"],
        [E, "改善镇域内基础设施,振兴乡村经济", "全面完成集镇立面改造、机关、学校、乡村振兴等项目,搞好提质改造"],
        ["长期绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
        *_block,
        _ind("社会公众或服务对象满意度指标", "88", "100"),
        ["年度绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
        *_block,
    ),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
