#!/usr/bin/env python3
"""Render the thirteenth batch of extra real documents (number 90) in the Word "save as plain text"
layout.

Companion of make_extra10.py / make_extra11.py: a separate script so that each batch can be
regenerated on its own.  This batch is a held-out test of the importer and the rules; it was read and
reviewed (REVIEW-extra13.md, expected-extra13.yaml) without running jxcheck on it and without reading
the checker's code.  It was searched in 湖南, 湖北, 四川, 重庆, 江西, 浙江, 福建 and 广东 only (another
helper took the other provinces at the same time), at places and units not yet in the corpus, by the
table's own labels, by kind of unit and by topic; 60 searches of the stored public pages found one
usable table, from a 重庆 town (SOURCES-extra13.md lists what was found and why the rest was not
usable).  Each document is a list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the source (raw/90_*.txt keeps it verbatim):
  * wording, values, punctuation (the stored copy uses ASCII ( ) : , in most places and full-width
    〔〕 and ≧), spaces and column order are copied as they are; the person's name and mobile number
    printed three times in the source are replaced by ×× in raw/ and in the rendering;
  * the stored copy prints one table row per line with cells separated by single spaces, does not
    mark empty or merged cells, and breaks some labels over two lines (`经济效益` / `指标`).  A
    horizontally merged cell is written once and the rows below a vertically merged label get an
    empty cell at its place, as Word exports them; a label broken over lines keeps its line breaks
    as a multi-line cell; where the copy leaves the position of a cell open, the comment at the
    document says how it was decided;
  * page furniture (breadcrumb, the 索引号 block) is left out; the page title, the form title, the
    year line, the 绩效编制单位 line and the two footer lines are paragraphs, as the copy prints them
    outside any row;
  * the page's second table is cut before its funds and indicators and is not rendered (its
    absence is not a defect).

Run:  cd /work/stage/batch13 && PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=/work/main/tests/data/realdocs \
      python3 make_extra13.py       (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 90 重庆 巴南区 圣灯山镇 (镇人民政府, 党群办), 2022 (page and 上报时间 2021-10-26; 开始日期 2022年1月1日),
# 项目支出绩效目标表 (2022年度) for 党支部书记补贴 (年度资金总额 20万元, all 财政拨款) — from the page
# "重庆市巴南区圣灯山镇人民政府2022年预算重点项目绩效目标公开" on the district government's site.
# The 巴南 town template (the same form as the rejected 接龙镇 2021 page, new to the corpus as a
# rendered table; 80 一品街道 is the same district's department-wide flat list): 绩效编制单位 line;
# 项目名称 / 项目负责人及电话; 主管部门 / 实施单位; 归口业务科室 / 是否政府采购 (both empty);
# 开始日期 / 结束日期; 项目口径 `长期` / 项目属性 (empty); 项目分类 `一般`; 资金情况 (单位:万元)
# 年度资金总额 / 其中:财政拨款 / 其他资金; 项目概况; 立项依据 (a party-committee document number
# `巴南委组〔2021〕138号`); **项目支出明细** (head counts and per-head rates with no period: `44人
# (311元/人)`, `4人(191元/人)`); 当年绩效目标; then 一级 | 二级 | 三级 | 指标值 with no description and no
# basis column; footer lines 经办人及联系电话 and 上报时间.  **Every value but the 满意度 one is a bare
# `100%`**, including the 数量 row, the 成本 row (whose 三级 cell holds the amount `20万元`) and the
# three 效益 rows; the same 三级 name `为民众办好事,办实事` under 质量 and under 可持续影响; the 满意度
# row names no respondent (`满意度95%以上` / `≧95%`).  Complete first table; the page's second table
# (村级组织运转) is cut after its 归口业务科室 row and is not rendered.
# http://cqbn.gov.cn/bmjz/jz/sdsz/zwgk_89414/fdzdgknr_89416/ysjs_89130/ys/202201/t20220130_10366826.html
# Decided: the page title, `项目支出绩效目标表`, `(2022年度)` and `绩效编制单位: 圣灯山镇人民政府` are
# paragraphs (the copy prints them as plain lines; in the 接龙镇 copy of the same form they are rows of
# the table, but nothing here marks cells, so the line is kept whole); the header block has four
# columns (label | value | label | value); `归口业务科室` and `是否政府采购` stand on lines of their own
# with no value, read as one row with two empty values; `项目口径 长期 项目属性` is one row whose last
# value is empty; `项目分类 一般` is one row with its value merged across; `资金情况` / `(单位:万元)` is a
# two-line label merged over the three fund rows (empty first cell below it), each fund row label |
# value; 项目概况, 立项依据, 项目支出明细 and 当年绩效目标 are label | text; the three blank lines before
# the indicator header are layout, not a row; the indicator grid has four columns and a row starting
# with a 二级 name gets an empty 一级 cell; `成本指标 20万元 100%` is read as 二级 `成本指标`, 三级 `20万元`,
# 指标值 `100%` (the only reading that fills the row's three cells); 二级 labels broken over two lines
# (`经济效益` / `指标`, `社会效益` / `指标`, `可持续影响` / `指标`, `服务对象` / `满意度指标`) keep their line
# breaks; the double spaces in the 上报时间 line are kept as printed.
DOCS["90_chongqing-banan-shengdengshan_party-secretary-allowance-2022"] = [
    P("重庆市巴南区圣灯山镇人民政府2022年预算重点项目绩效目标公开"),
    P("项目支出绩效目标表"),
    P("(2022年度)"),
    P("绩效编制单位: 圣灯山镇人民政府"),
    T(
        ["项目名称", "党支部书记补贴", "项目负责人及电话", "××"],
        ["主管部门", "圣灯山镇人民政府", "实施单位", "党群办"],
        ["归口业务科室", E, "是否政府采购", E],
        ["开始日期", "2022年1月1日", "结束日期", "2022年12月31日"],
        ["项目口径", "长期", "项目属性", E],
        ["项目分类", "一般"],
        ["资金情况\n(单位:万元)", "年度资金总额:", "20"],
        [E, "其中:财政拨款", "20"],
        [E, "其他资金", "0"],
        ["项目概况", "对符合规定的村居党下设支部书记发放补贴,激发为民办事的激情"],
        ["立项依据", "巴南委组〔2021〕138号"],
        ["项目支出明细", "村支部书记44人(311元/人),社区4人(191元/人)"],
        ["当年绩效目标", "完成对符合规定的村居下设党支部书记发放补贴,激发为民办事的热情。"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "按照全镇党支部书记发放", "100%"],
        [E, "质量指标", "为民众办好事,办实事", "100%"],
        [E, "时效指标", "按时发放率", "100%"],
        [E, "成本指标", "20万元", "100%"],
        ["效益指标", "经济效益\n指标", "改善了农民生产生活条件", "100%"],
        [E, "社会效益\n指标", "激发为民办事的热情", "100%"],
        [E, "可持续影响\n指标", "为民众办好事,办实事", "100%"],
        ["满意度指标", "服务对象\n满意度指标", "满意度95%以上", "≧95%"],
    ),
    P("经办人及联系电话:××"),
    P("上报时间:  2021 年10  月 26日"),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
