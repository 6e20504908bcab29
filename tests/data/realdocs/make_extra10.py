#!/usr/bin/env python3
"""Render the tenth batch of extra real documents (numbers 75-77) in the Word "save as plain text"
layout.

Companion of make_extra9.py: a separate script so that each batch can be regenerated on its own.
This batch is a held-out test of the importer and the rules; it was read and reviewed
(REVIEW-extra10.md, expected-extra10.yaml) without running jxcheck on it.  It was searched by KIND
of unit and by topic (教育局, 人民医院, 民政局, 人社局, 住建局, 交通运输局, 水利局, 农业农村局, 文旅局,
市场监管局, 生态环境局, 退役军人事务局, 应急管理局, 街道/乡镇, 残联, 司法局, 林业局, 档案馆, 融媒体中心,
城管局, 机关事务, 学校/幼儿园, 气象局, 图书馆, 文物保护, 供销社 …) in any province; the usable finds
came from 天津 (宁河区), 湖北 (荆门) and 安徽 (六安 金安区).  Each document is a list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the sources (raw/NN_*.txt keeps each source verbatim):
  * wording, values, punctuation (the stored copies use ASCII ( ) : , ; in most places), spaces
    inside cells (`绩 效 目 标`, `课题研究 。`) and column order are copied as they are; the phone
    number and the person's name printed in 76 are replaced by ×× in raw/ and in the rendering;
  * the stored copies do not mark merged cells: 75 and 76 print one table row per line with cells
    separated by " | ", leave merged cells out and pad some rows with extra "|" marks (not
    consistently: they are not read as cells); 77 prints every cell as its own line.  A horizontally
    merged cell is written once and the rows below a vertically merged label get an empty cell at
    its place, as Word exports them; where the copy leaves the position of a cell open, the comment
    at the document says how it was decided;
  * page furniture (the attachment label `附件:` of 75, the lines holding only "|" in 77) is left
    out; a label broken over several lines in the copy keeps its line breaks as a multi-line cell;
  * documents whose stored copy ends inside a table are rendered up to their last complete row; a
    project whose indicators are all cut is left out (77's second table).

Run:  cd /work/stage/batch10 && PYTHONPATH=/work/main/tests/data/realdocs python3 make_extra10.py
      (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 75 天津 宁河区 (区教育局), 2020, 抗疫特别国债项目绩效目标表(打捆项目) for 2020年非营利性民办园房租补贴
# (193.8万元) — the 财政部 template for 抗疫特别国债 money, new to the corpus: 项目名称 / 主管预算部门 /
# 项目预算金额(万元) / 绩效目标 (three numbered goals in one cell, on one line) / 绩效指标 一级 | 二级 |
# 三级 | 指标值; no fund split, no basis column.  Values with units inside the cell and no comparator
# (`20个`, `26970.7平方米`, `71.86元/平方米`), a period `2020.1.1-2020.12.31`, and 效益 values written
# as achieved results (`显著提升了…`).  Page dated 2021-08-31, after the year it targets.  Complete
# (the copy ends with the empty attachment label `附件:`, left out).
# https://www.tjnh.gov.cn/ztzl1/ztzl/nhczzjzdjc/202108/t20210831_5569479.html
# The copy prints one row per line, cells separated by " | ", merged cells left out.  Decided: the
# title and `(2020年度)` are the table's first two rows (the copy prints them as rows, with "|"
# marks), one cell each; 项目名称 and 绩效目标 rows have two cells (value merged across), the
# 主管预算部门 row four; the spaced labels `绩 效 目 标` / `绩 效 指 标` are kept as printed;
# `绩 效 指 标` is the first cell of the indicator header and merged over the indicator rows (empty
# first cell below it); a row starting with a 三级 name gets empty 一级 and 二级 cells, one starting
# with a 二级 name an empty 一级 cell; the trailing "|" padding marks are not cells.
DOCS["75_tianjin-ninghe_kindergarten-rent-2020"] = [
    T(
        ["抗疫特别国债项目绩效目标表(打捆项目)"],
        ["(2020年度)"],
        ["项目名称", "2020年非营利性民办园房租补贴"],
        ["主管预算部门", "天津市宁河区教育局", "项目预算金额(万元)", "193.8"],
        ["绩 效 目 标",
         "1.根据市政府办公厅《关于印发大力发展学前教育两年行动方案(2019-2020年)的通知》要求,给予宁河区非营利性民办园房租补贴,满足非营利性民办园租房需求,大力支持民办园特别是普惠性民办园发展。"
         " 2.按照《关于印发大力发展学前教育两年行动方案(2019-2020年)的通知》要求,保证补贴资金及时、足额、合规发放。"
         " 3.保障补贴对象享受政策中房租补贴的权益,促进学前教育普及普惠安全优质发展。"],
        ["绩 效 指 标", "一级指标", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标", "补贴非营利性民办幼儿园数量", "20个"],
        [E, E, E, "补贴民办园租用面积", "26970.7平方米"],
        [E, E, "质量指标", "补贴覆盖民办幼儿园率", "≥90.91%"],
        [E, E, E, "补贴发放合规率", "≥95%"],
        [E, E, "时效指标", "补贴发放及时率", "≥95%"],
        [E, E, E, "补贴期限", "2020.1.1-2020.12.31"],
        [E, E, "成本指标", "补贴标准", "71.86元/平方米"],
        [E, "效益指标", "社会效益指标", "提升疫情防控期间民办幼儿园扶持力度",
         "显著提升了疫情期间对民办幼儿园的扶持力度,大力支持了民办幼儿园的发展。"],
        [E, E, E, "促进学前教育普及普惠优质发展", "显著促进了学前教育普及及优质发展,大力支持了民办幼儿园发展。"],
        [E, E, "可持续影响指标", "非营利性民办园租房受益期限", "保障疫情期间非营利性民办园房租需求,大力支出民办幼儿园发展"],
        [E, "满意度指标", "服务对象满意度指标", "受益租户满意度", "≥95%"],
    ),
]

# 76 湖北 荆门 (市文化和旅游局), 2022 (起止时间 2022年1月—12月; page dated 2023-06-20), 全市文物保护专项经费
# (预算金额 36万元) — a 荆门 市级 project form new to the corpus: header block 项目名称 / 预算金额, 预算单位
# / 联系电话 / 主管部门, 实施单位 / 项目负责人 / 起止时间; 资金来源(万元) split into 财政拨款 / 非税安排 /
# 上年结转 / 政府债券 / 其他 with a value row; 项目概述(情况介绍) (the legal basis only); **年度绩效总目标
# with two cells, 产出指标 and 效益指标, each a semicolon list of indicators with their values** — no
# 二级 or 三级 column, no 成本, no 时效, no 满意度; 资金拨付对象; 项目实施进度(或计划).  Complete (the stored
# page is about 900 characters and ends after the last row).  Phone and name replaced by ××.
# http://jingmen.gov.cn/art/2023/6/20/art_19635_996154.html
# The copy prints one row per line, cells separated by " | ", merged cells left out.  Decided: the
# grid has six columns (the 资金来源 header row); `预算金额 | 36万元` close the first row (cells merged
# across); the value row `36 | 0 | 0 | 0 | 0 | |` lies under 财政拨款 … 其他 with `资金来源(万元)` merged
# over both rows (empty first cell), so 财政拨款 36, 非税安排 0, 上年结转 0, 政府债券 0, 其他 0 (the
# trailing "|" is padding, as in the other rows); `年度绩效总目标` is merged over its two rows (产出指标
# and 效益指标), each list one cell as printed (the space after `≥86%;` and before `。` in the 进度 text
# kept); the ASCII `.` ending 项目概述 kept; no title paragraph (the copy prints none).
DOCS["76_hubei-jingmen_cultural-relics-2022"] = [
    T(
        ["项目名称", "全市文物保护专项经费", "预算金额", "36万元"],
        ["预算单位", "市文化和旅游局", "联系电话", "××", "主管部门", "市文化和旅游局"],
        ["实施单位", "市文化和旅游局", "项目负责人", "××", "起止时间", "2022年1月—12月"],
        ["资金来源(万元)", "财政拨款", "非税安排", "上年结转", "政府债券", "其他"],
        [E, "36", "0", "0", "0", "0"],
        ["项目概述(情况介绍)",
         "《中华人民共和国文物保护法》第十条规定;《国务院办公厅关于进一步加强文物安全工作的实施意见》;《中华人民共和国文物保护法实施条例》第三条;《湖北省实施<中华人民共和国文物保护法>办法》指出:县级以上人民政府应当将文物保护经费列入本级财政预算,并随着财政收入增长而增长."],
        ["年度绩效总目标", "产出指标",
         "开展文物安全巡查频次8次;编制文物宣传资料数量3个;文物保护知识培训次数2次;申报省级以上重点文物保护项目数3个;文物保护项目验收合格率≥86%; 文物展品安全保障率≥96%。"],
        [E, "效益指标", "文物保护宣传覆盖人次≥20万人次;文物保护名录和数据库基本健全;文物保护修缮个数≥5个。"],
        ["资金拨付对象", "市文化和旅游局"],
        ["项目实施进度(或计划)",
         "做好田野文物、馆藏文物保护工作,开展文物安全保护宣传、文物安全巡查、文物保护执法、文物保护培训工作。编制文物保护规划,开展文物保护课题研究 。配合公检法等司法机关开展打击文物犯罪专项斗争,对所有的文物案件立案调查。"],
    ),
]

# 77 安徽 六安 金安区 (区体育局), 2025, 项目支出绩效目标表 (2025年度) for 2025金安国际网球公开赛(国际系列
# 赛事) (1000.00万元) — the 安徽 project-table template (as 34 淮北 and 58 金寨): 项目来源 `本级申报项目`,
# 项目期 `3年`; funds 年度资金总额 / 其中:财政拨款 / 其他资金; 年度目标; 一级 | 二级 | 三级 | 指标值, with
# `满意度指标` as 一级 and 二级, a not-applicable 生态效益 row (`本项目不适用此指标` / `无`), 效益 三级 names
# copied from the goal and values `经济效益良好`, `效果良好`, `影响可持续`.  Partial document, complete
# project: the page holds a second table (安徽省常规赛费用, 1200.00, 年度目标 `因财政资金紧张,结转2024年
# 六运会项目资金`) cut in its first indicator row; no indicator of it is complete, so it is left out
# (as 70's second project).  https://www.ja.gov.cn/public/6602051/25929172.html
# The copy prints every cell as its own line ending in " |".  Decided: the title, `(2025年度)` and the
# signature line are the table's first rows, as the copy prints them with "|" marks (the signature
# row four cells: `项目责任人:`, its empty value, `单位(盖章):`, its empty value); rows are cut at the
# template's labels: 项目名称 | value; 主管部门及代码 | value | 实施单位 | value; 项目来源 | value | 项目期
# | value; the three fund rows label | value with `项目资金\n(万元)` merged over them; 年度目标 | text;
# the indicator header `绩\n效\n指\n标` | `一级\n指标` | 二级指标 | 三级指标 | 指标值, its first cell
# merged over the indicator rows; a row starting with a 三级 name gets empty 一级/二级 cells, one
# starting with a 二级 name an empty 一级 cell; labels and the 三级 name broken over lines in the
# copy keep their line breaks; the two leading "|" lines and the eleven "|" lines between the
# tables are layout and left out.
DOCS["77_anhui-luan-jinan_tennis-open-2025"] = [
    T(
        ["项目支出绩效目标表"],
        ["(2025年度)"],
        ["项目责任人:", E, "单位(盖章):", E],
        ["项目名称", "2025金安国际网球公开赛(国际系列赛事)"],
        ["主管部门及代码", "[042]六安市金安区体育局", "实施单位", "六安市金安区体育局"],
        ["项目来源", "本级申报项目", "项目期", "3年"],
        ["项目资金\n(万元)", "年度资金总额:", "1000.00"],
        [E, "其中:财政拨款", "1000.00"],
        [E, "其他资金", "0.00"],
        ["年度\n目标", "打造金安国际网球公开赛等一系列的品牌赛事,提升六安城市的知名度和美誉度。"],
        ["绩\n效\n指\n标", "一级\n指标", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标", "开展运动种类", "1种"],
        [E, E, E, "打造品牌赛事种类", "1种"],
        [E, E, "质量指标", "经费支出合规率", "100%"],
        [E, E, E, "赛事完成率", "100%"],
        [E, E, "时效指标", "完成时间", "2025年年底前"],
        [E, E, "成本指标", "项目总成本", "≤1000万元"],
        [E, "效益指标", "经济效益指标", "提升六安城市知名度和美誉度,推动体育消费、“网球+”产业深度融合", "经济效益良好"],
        [E, E, "社会效益指标", "打造金安国际网球公开赛等系列品牌赛事,提升六安城市的知名度和美誉度。", "效果良好"],
        [E, E, "生态效益指标", "本项目不适用此指标", "无"],
        [E, E, "可持续影响指标", "打造金安国际网球\n公开赛等系列品牌赛事", "影响可持续"],
        [E, "满意度指标", "满意度指标", "群众满意度", "≥95%"],
    ),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
