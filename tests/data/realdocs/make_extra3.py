#!/usr/bin/env python3
"""Render the third batch of extra real documents (numbers 40-44) in the Word "save as plain text"
layout.

Companion of make_extra.py (20-28) and make_extra2.py (30-39), with the same machinery, so that
this batch can be regenerated on its own.  Like 30-39 it is a held-out test: the reading in
REVIEW-extra3.md and expected-extra3.yaml was written from the documents and shared/domain.md
before any checker ran on them.  Only three documents were found usable in the stored page copies
for the provinces assigned to this batch (see SOURCES-extra3.md); numbers 43 and 44 are unused.
Each document is a list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the sources (raw/NN_*.txt keeps each source verbatim):
  * wording, values, punctuation (the stored copies use ASCII ( ) : , in most places), spaces
    inside cells and column order are copied as they are; personal names and phone numbers are
    replaced by "××";
  * the stored copies do not mark merged cells: they leave a merged cell out of the rows below it
    (and pad each row with "|" runs at its end, which are not rendered).  A horizontally merged
    cell is written once and the rows below a vertically merged label get an empty cell at its
    place, as Word exports them; where the copy leaves the position of a cell open, the comment at
    the document says how it was decided;
  * page furniture (site banners, 索引号/发布时间 lines, image placeholders) is left out;
  * documents whose stored copy ends inside a table are rendered up to their last complete row.

Run:  python3 make_extra3.py        (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 40 广东 东莞 市交通运输局, 2019, 东莞市财政项目支出绩效目标批复表 (the 财政局's approval form) for
# 镇际联网路升级改造工程一期: 预算单位 line; 项目名称 with 中期市财政预算(万元) 284500.00 and
# 本年度申请市财政预算资金(万元) 919.00 in the same row (no fiscal/other split); 总体目标 as
# 中期滚动目标(2019年--2021年) | 年度目标; indicators as two groups side by side (二级 | 三级 |
# 指标值(或计划水平) for 中期, 二级 | 三级 | 计划指标值(或计划水平) for 年度) under one 一级 column, with
# the 东莞 template's names: 一级 预期产出指标 / 效果指标, 二级 数量指标(或建筑规模指标),
# 时效指标(工期指标) (年度: 时效指标(工期指标、形象进度指标)), 预算(或投资规模)控制指标,
# 社会、经济、生态效益 指标.  Partial: the copy ends inside the 可持续影响指标 row (name only, no
# values); that row is left out.
# https://gdyinping.com/wwwgdyinpingcom/007329896/0801/201904/fdb5a052be7e4616a3536a4af16269b8.htm
# (third-party copy of a 东莞市交通运输局 page; the path and 索引号 007329896/2019-11414 are the
# 交通运输局's).  The page title (名称) is kept as the first paragraph; the image placeholder and the
# 当前位置/索引号/发文机关 lines are page furniture.
# Decided: the title, "( 2019 年度)" and the 预算单位 line are rows of the table (the copy pads them
# like its rows); "项目 名称" and the rest of its row are one row (the copy breaks the line after the
# label cell, as it does in the indicator header); the goal texts share one row under 中期滚动目标 |
# 年度目标 with an empty cell under 总体目标; the vertical label 绩效指标 gets an empty cell in the
# indicator rows and the merged 一级 cell an empty cell below its first row (as in 35).  The first
# group is read as 中期 and the second as 年度 (the goal row's order; the second value header says
# 计划指标值).
DOCS["40_guangdong-dongguan_town-road-2019"] = [
    P("东莞市财政项目支出绩效目标批复表(镇际联网路升级改造工程一期)"),
    T(
        ["东莞市财政项目支出绩效目标批复表"],
        ["( 2019 年度)"],
        ["预算单位:东莞市交通运输局"],
        ["项目 名称", "镇际联网路升级改造工程一期", "中期市财政预算(万元)", "284500.00",
         "本年度申请市财政预算资金(万元)", "919.00"],
        ["总体目标", "中期滚动目标(2019年--2021年)", "年度目标"],
        [E, "新建或改造道路,共29个项目,规划里程169公里。",
         "督促勘察设计单位、咨询单位完成勘察设计费、审查咨询费结算532万元,以及茶山、常平镇街完成3个项目补助尾款结算387万元。"],
        ["绩效指标", "一级 指标", "二级 指标", "三级 指标", "指标值(或计划水平)", "二级 指标", "三级 指标",
         "计划指标值(或计划水平)"],
        [E, "预期产出指标", "数量指标(或建筑规模指标)", "镇街补助款完成结算项目数", "3",
         "数量指标(或建筑规模指标)", "镇街补助款完成结算项目数", "3"],
        [E, E, "质量指标", "补助款结算误差率", "±3%以内", "质量指标", "补助款结算误差率", "±3%以内"],
        [E, E, "时效指标(工期指标)", "结算款支付及时性", "及时", "时效指标(工期指标、形象进度指标)",
         "结算款支付及时性", "及时"],
        [E, E, "预算(或投资规模)控制指标", "年度预算执行率", "≥90%", "预算(或投资规模)控制指标",
         "年度预算执行率", "≥90%"],
        [E, "效果指标", "社会、经济、生态效益 指标", "补助款结算争议率", "0%", "社会、经济、生态效益 指标",
         "补助款结算争议率", "0%"],
    ),
]

# 41 海南 省财政厅 → 省商务厅 and four 省直 units, 2022, notice 琼财建〔2022〕429号 (2021年第四季度省级
# 会展项目奖励资金, 2430.3万元) with 附件1 项目奖励资金分配表 (seven exhibitions and their amounts) and
# 附件2 项目绩效目标表 in the 海南 budget-system layout: label/value pairs 主管部门 / 资金总额,
# 项目负责人电话 / 财政拨款, 预算执行率权重 / 其他资金; 总体目标 with 目标1-3; columns 一级指标* |
# 二级指标* | 三级指标* | 绩效指标性质* | 绩效指标值* | 绩效度量单位 | 权重* | 指标方向性* (the *
# marks required columns).  Partial: the copy ends after the first indicator row.
# Two stored copies (raw/41 keeps both):
#   http://mof.hainan.gov.cn/sczt/0503/202207/3b5b4cb9ab8a4b909b02cc5568abfe30.shtml (government
#   site: the notice and 附件1, cut at the label 合计) and
#   https://www.chacewang.com/newsdetail/news131288.html (third-party copy, everything run
#   together: the 合计 amount and 附件2).
# Decided: the notice paragraphs and 附件1 follow the government copy as printed (including its
# conversion losses "2022629" for the date and the missing opening quote before 01中央直达资金);
# the 索引号 line and "标题:" are page furniture; the runs of spaces before the signature and the
# date are layout and are dropped.  附件1: "分配金额" / "(万元)" are the two lines of one header cell;
# rows 3, 6 and 7 have no 单位名称 in the copy (merged with the row above) and get an empty cell; the
# 合计 row is written as one merged label cell and its amount 2430.3, taken from the third-party
# copy.  附件2 follows the third-party copy: "附件2" and the title are paragraphs as for 附件1; each
# "label:value" pair is a label cell and a value cell (as in the 四川 system sheet of 36); the three
# goals are three lines of one cell; the indicator row is split by the columns of its header
# (≥ | 280 | 亿元 | 30% | 正向指标).  The copy shows no 项目名称 row (and 项目负责人电话 without a
# 项目负责人): a first row was probably lost in the third-party copy; nothing is added for it.
DOCS["41_hainan-province_expo-awards-2022"] = [
    P("海南省财政厅关于下达2021年第四季度省级会展项目奖励资金的通知"),
    P("省卫生健康委员会、省旅游和文化广电体育厅、省林业局、省贸促会:"),
    P("为支持我省会展业发展,经省政府同意,现下达你单位2021年第四季度省级会展项目奖励资金(具体项目及金额详见附件)。此项资金列政府支出功能分类科目“2011308招商引资”和政府支出经济分类科目“50799-其他对企业的补助”。请按照《海南省支持会展业发展资金管理办法》(琼财旅规〔2020〕11号)有关规定,尽快将资金拨付申报单位,并对照有关绩效目标(详见附件2)做好绩效监控与绩效评价,确保年度绩效目标如期实现。"),
    P("该项资金实行直达资金管理,纳入直达资金监控系统,直达资金标识为01中央直达资金”,请按照直达资金有关规定执行。"),
    P("附件:1. 项目奖励资金分配表"),
    P("2.项目绩效目标表"),
    P("海南省财政厅"),
    P("2022629"),
    P("(此件主动公开)"),
    P("附件1"),
    P("项目奖励资金分配表"),
    T(
        ["序号", "单位名称", "会展项目名称", "分配金额\n(万元)"],
        ["1", "省卫生健康委", "2021第五届海南国际健康产业博览会", "500"],
        ["2", "省贸促会", "2021第十二届中国国际创意设计推广周", "54.3"],
        ["3", E, "2021中国(海南)国际海洋产业博览会", "225.6"],
        ["4", "省林业局", "2021年中国林草经济发展博鳌大会", "287.9"],
        ["5", "省旅游和文化广电体育厅", "2021年(第六届)海南世界休闲旅游博览会", "329.8"],
        ["6", E, "2021年(第七届)海南国际旅游美食博览会", "394.7"],
        ["7", E, "2021年(第二届)海南国际旅游装备博览会", "638"],
        ["合计", "2430.3"],
    ),
    P("附件2"),
    P("项目绩效目标表"),
    T(
        ["主管部门:", "省商务厅", "资金总额:", "2430.30"],
        ["项目负责人电话:", "××", "财政拨款:", "2430.30"],
        ["预算执行率权重:", "10%", "其他资金:", E],
        ["总体目标",
         "目标1:全年实现会展业综合收入不低于280亿元\n目标2:培育一批具有影响力的品牌会展项目\n目标3:会展业对关联行业的带动作用明显"],
        ["一级指标*", "二级指标*", "三级指标*", "绩效指标性质*", "绩效指标值*", "绩效度量单位", "权重*",
         "指标方向性*"],
        ["产出指标", "数量指标", "全年实现会展业综合收入", "≥", "280", "亿元", "30%", "正向指标"],
    ),
]

# 42 广东 东莞 东莞展览馆, 2022, 部门(单位)整体支出绩效目标批复表 (department-wide, approved by
# 东莞市财政局): 批复单位 / 预算单位 row; 部门(单位)名称 holding "东莞展览馆2022年部门整体绩效目标";
# 年度主要任务 as a sub-table 任务名称 | 主要内容 | 年度预算金额(万元) split into 小计 | 市财政拨款 |
# 其他资金; five tasks; 金额合计 row ("*" in the 主要内容 column); 总体目标 as 中期滚动目标(2022年--
# 2024年) | 年度目标.  Partial: the copy ends inside the 年度目标 cell of the goals row, before any
# indicator; the goals row is left out, so no goal text and no indicator is rendered.
# http://www.dgec.org.cn/news_show/1354.html (not a gov.cn host; by its content the hall's own
# site).  The 发布时间/浏览量 line is page furniture.
# Decided: title, "( 2022 年度)" and the 批复单位/预算单位 line are rows of the table; the vertical label
# 年度 主要 任务 is one cell (spaces as printed) and gets an empty cell in the rows below it;
# 年度预算金额(万元) spans the three amount columns and is written once; in the 小计 | 市财政拨款 |
# 其他资金 row the merged 任务名称 and 主要内容 cells get empty cells.  Each task row shows one amount
# and the copy lists empty cells last, so the amount's column is open: it is put under 市财政拨款,
# with 小计 and 其他资金 empty, because the 金额合计 row (whose cells the copy shows in order:
# * | 0 | 2377.15 | 0) has 小计 0 and 市财政拨款 2377.15 = the sum of the five amounts; 金额合计 gets
# the label column's empty cell like the task rows.
DOCS["42_guangdong-dongguan_exhibition-hall-dept-2022"] = [
    T(
        ["部门(单位)整体支出绩效目标批复表"],
        ["( 2022 年度)"],
        ["批复单位:东莞市财政局", "预算单位:东莞展览馆"],
        ["部门(单位)名称", "东莞展览馆2022年部门整体绩效目标"],
        ["年度 主要 任务", "任务名称", "主要内容", "年度预算金额(万元)"],
        [E, E, E, "小计", "市财政拨款", "其他资金"],
        [E, "场馆日常运转人员经费", "我馆在编人数30人,普通聘员13人,临时工7人,事业单位购买服务人员2名。",
         E, "1166.1", E],
        [E, "场馆日常运转公用经费", "包括办公费、三公经费、工会经费、差旅费等。", E, "83.4", E],
        [E, "场馆日常维护", "水电费、物业管理费、绿化费、电话费、非经营性物业日常维护费、网络线路租赁维护费等",
         E, "549.34", E],
        [E, "场馆专项职能事务管理",
         "根据我馆职能定位,每年需布展引展10个以上,征集展品藏品100件(套)以上,并对展品藏品及时保护整理,举办50场以上社教活动,定期开展“莞邑论坛”系列活动等",
         E, "271.77", E],
        [E, "场馆基本陈列调整更新经费", "展览馆二楼调整更新整层的展面2505平方米", E, "306.54", E],
        [E, "金额合计", "*", "0", "2377.15", "0"],
        ["总体目标", "中期滚动目标(2022年--2024年)", "年度目标"],
    ),
]

def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
