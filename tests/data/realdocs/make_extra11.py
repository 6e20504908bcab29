#!/usr/bin/env python3
"""Render the eleventh batch of extra real documents (numbers 80-83) in the Word "save as plain text"
layout.

Companion of make_extra9.py: a separate script so that each batch can be regenerated on its own.
This batch is a held-out test of the importer and the rules; it was read and reviewed
(REVIEW-extra11.md, expected-extra11.yaml) without running jxcheck on it.  It was searched by KIND of
table the corpus has little of (department-wide 整体绩效目标表, town/street tables, 2024-2026 budget
tables, government-investment / special-bond / transfer-payment 区域 tables); the usable finds are two
department-wide tables (a 重庆 街道 of 巴南区 with a flat weighted indicator list, a 湖南 county institute
of 澧县), a 重庆 district project table of 荣昌区 and a 内蒙古 乌海 budget-system project table.  No usable
2024-2026 project table, government-investment, special-bond or transfer-payment 区域 table was found
(SOURCES-extra11.md).  Each document is a list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the sources (raw/NN_*.txt keeps each source verbatim):
  * wording, values, punctuation (the stored copies use ASCII ( ) : , in most places), spaces
    inside cells and column order are copied as they are; the only personal name and phone number
    (81's 项目负责人 / 联系电话) are replaced by ×× in the raw excerpt and in the rendering;
  * the stored copies do not mark merged cells: they run a row's cells together (80, 83), separate
    them by single spaces and drop empty ones (82), or print every cell on its own line and the
    merged positions as runs of "|" (81).  A horizontally merged cell is written once and the rows
    below a vertically merged label get an empty cell at its place, as Word exports them; where the
    copy leaves the position of a cell open, the comment at the document says how it was decided;
  * page furniture (breadcrumbs, 索引号/发布机构 blocks, 发布时间/来源/字号 lines, 手机版/登录, image
    markers) is left out;
  * documents whose stored copy ends inside a table are rendered up to their last complete row.

Run:  cd /work/stage/batch11 && PYTHONPATH=/work/main/tests/data/realdocs python3 make_extra11.py
      (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 80 重庆 巴南区 一品街道 (街道办事处), 2022, "巴南区一品街道2022年预算整体绩效和部分重点项目绩效公开":
# 2022年部门(单位)整体绩效目标表 (单位:万元) — a STREET-LEVEL DEPARTMENT-WIDE table of the 重庆 template:
# 部门(单位)名称 | 区级支出预算总量 3724.39 on one row; 当年整体绩效目标 (a long goal, with 125公里 and
# 免疫密度100%、免疫有效抗体70%以上); then the block 绩效指标 as a FLAT list 指标名称 | 指标权重 | 计量单位 |
# 指标性质 | 指标值 with no 一级/二级 (the layout of 05, here for a whole department), weights 9 x 10 +
# 5 + 5 = 100.  The page then starts a second table (2022年区级一般性项目绩效目标表, 单位:万元,
# 单位信息: 917001-…(本级)) and the copy ends after its 单位信息 line, before any project row: that
# table has no complete row and is left out (its title is not rendered, so that no empty project is
# made up).  Government site, published 2022-01-30.
# http://cqbn.gov.cn/bmjz/jz/ypjd/zwgk_89253/fdzdgknr_89255/ysjs_89130/ys/202201/t20220130_10366377.html
# The copy runs each row's cells together with no separator.  Decided: the first row is cut at the
# template labels into four cells (label, name, label, amount); `绩效指标` is the block label, the
# first cell of the header row, merged over the indicator rows (empty cell below); an indicator row is
# cut after its name into weight, unit, comparator and value.  The weight is the first one or two
# digits after the name: read as 10 or 5 the eleven weights add to 100, any other reading does not;
# `开展各种文艺活动场次1020` is therefore weight 10 and value 20, with empty 计量单位 and 指标性质;
# `森林受灾率10%1` and `服务对象满意度5%95` have a unit (%) but an empty 指标性质 (no comparator is
# printed between % and the value); the two qualitative rows (`有效保障`, `有效改善`) have empty
# 计量单位 and 指标性质.  The page title, the table title and `单位:万元` are paragraphs.
_G80 = ("2022年街道预算收支平衡;保障街道机关事业在编人员工资福利支出、退休人员的医保、健康休养费及节日慰问支出等待遇、"
        "保障临聘人员劳务工资补助;保障各村居人员、办公、党建等经费支出,切实加强基层组织建设;保障辖区民政优抚对象救济补助、"
        "特困人员救助供养补助,有效改善受助对象生活水平;对村居开展安全巡逻,有效保障辖区社会秩序安全稳定;对场镇环境进行清扫保洁、"
        "绿化养护、市政设施维修,保障场镇干净卫生;对辖区125公里农村公路开展养护维修;保障春秋季强制免疫、免疫密度100%、"
        "免疫有效抗体70%以上;促进一品街道经济社会健康有序发展。")
DOCS["80_chongqing-banan-yipin_street-dept-2022"] = [
    P("巴南区一品街道2022年预算整体绩效和部分重点项目绩效公开"),
    P("2022年部门(单位)整体绩效目标表"),
    P("单位:万元"),
    T(
        ["部门(单位)名称", "重庆市巴南区人民政府一品街道办事处", "区级支出预算总量", "3724.39"],
        ["当年整体绩效目标", _G80],
        ["绩效指标", "指标名称", "指标权重", "计量单位", "指标性质", "指标值"],
        [E, "预算执行率", "10", "%", "=", "100"],
        [E, "预决算及时编制率", "10", "%", "=", "100"],
        [E, "政府预决算公开率(除涉密信息外)", "10", "%", "=", "100"],
        [E, "基层组织建设办公阵地和干部人才保障有效性", "10", E, E, "有效保障"],
        [E, "民政优抚及特困受助对象生活水平改善情况", "10", E, E, "有效改善"],
        [E, "民政优抚及特困补助发放及时率", "10", "%", "=", "100"],
        [E, "农村公路养护里程", "10", "公里", "=", "125"],
        [E, "开展各种文艺活动场次", "10", E, E, "20"],
        [E, "森林受灾率", "10", "%", E, "1"],
        [E, "饲养动物免疫率", "5", "%", "=", "100"],
        [E, "服务对象满意度", "5", "%", E, "95"],
    ),
]

# 81 重庆 荣昌区 (区林业局), 2022, 附件2-1 项目绩效目标表 (2022年度) of 古昌镇大青冈村乡村振兴绿化美化项目 —
# a 重庆 district project table: 申报单位 / 项目(专项)名称, 具体实施单位 / 项目属性, 项目负责人 / 联系电话,
# 资金情况(万元) 年度资金总额 153.5184 split into 1.中央资金 / 2.市级资金 153.5184 / 3.区级资金 /
# 4.其他资金, 项目概况及立项依据, 项目总体目标, 项目年度目标, then 绩效指标 with 一级 | 二级 | 三级 |
# 计量单位 | 指标性质 | 指标值 (unit and comparator in their own columns, before the value).  Above the
# table the page prints the bureau's 2022 project list with amounts, between two image markers; it is
# kept as paragraphs because it is content of the page (it gives this project 100万元, the table
# 153.5184).  Partial: the copy ends at the 时效指标 label of the fifth indicator row (its cells are
# not printed); the four rows before it are rendered, three filled and one empty.  Government site
# (page path dated 2022-09-07).
# http://www.rongchang.gov.cn/bm/qlyj/zwgk_70831/fdzdgknr_70834/ysjs/ysgk/202209/t20220907_11085882.html
# The copy prints every cell as a line ending in " |", a row as a line "|" followed by its cells, and
# the cells of merged labels as runs of "|" at the row's end.  Decided: `附件2-1`, `项目绩效目标表` and
# `(2022年度)` (rows of their own, spanning the table) are paragraphs; the header rows are label | value
# pairs (four cells where the copy prints two pairs); 资金情况(万元) is merged over the five fund rows
# and the fund labels and amounts are two cells (an amount left empty in the copy is an empty cell);
# `绩效指标` is the block label, first cell of the indicator header, merged over the indicator rows;
# 产出指标 is merged over the four rows, 数量指标 over two; the fourth indicator row, printed as four
# empty cells plus three merged ones, is an empty row under 质量指标 (all seven cells empty); the
# project list's lines are paragraphs one each, `双河` and `仁义` included as printed.
DOCS["81_chongqing-rongchang_forestry-greening-2022"] = [
    P("古昌镇大青冈村乡村振兴绿化美化项目100万元"),
    P("双河"),
    P("仁义"),
    P("国有岚峰林场森林防火交通工具20万元"),
    P("防火隔离带建设50万元"),
    P("义务植树及林地改造项目40万元"),
    P("竹资源提质增效46万元"),
    P("森林资源专项调查200万"),
    P("2022年度林业中介服务项目50万元"),
    P("2021年森林督查“一张图”年度更新技术19万元"),
    P("林业资源小班督查服务费40万元"),
    P("荣昌区林地保护利用规划(2021-2035年)8.5万元"),
    P("中介机构火灾风险普查工作26万元"),
    P("石漠化调查8.9万元"),
    P("“十四五”林业规划编制经费7.2万元"),
    P("荣昌区2021年松材线虫病除治监理和质量检查验收项目10万元"),
    P("森林督查及林业执法执勤设备设施费20万元"),
    P("附件2-1"),
    P("项目绩效目标表"),
    P("(2022年度)"),
    T(
        ["申报单位", "区林业局", "项目(专项)名称", "古昌镇大青冈村乡村振兴绿化美化项目"],
        ["具体实施单位", "区林业局", "项目属性", "延续"],
        ["项目负责人", "××", "联系电话", "××"],
        ["资金情况(万元)", "年度资金总额:", "153.5184"],
        [E, "其中:1.中央资金", E],
        [E, "2.市级资金", "153.5184"],
        [E, "3.区级资金", E],
        [E, "4.其他资金", E],
        ["项目概况及立项依据", "在古昌镇大青杠村事实乡村公路绿化;对周边沿线村民发放李子苗"],
        ["项目总体目标", "对古昌镇大青杠村约3500米公路沿线进行绿化美化。"],
        ["项目年度目标",
         "在古昌镇大青杠村约3500米公路沿线,通过地面清表,苗木采购和栽植,区域造景、管护等措施,进行绿化和美化,同时向周边沿线村民发放李子苗。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "计量单位", "指标性质", "指标值"],
        [E, "产出指标", "数量指标", "绿化美化公路", "米", "=", "3500"],
        [E, E, E, "购买发放李子苗", "株", "=", "15000"],
        [E, E, "质量指标", "树木成活率", "%", "≥", "85"],
        [E, E, E, E, E, E, E],
    ),
]

# 82 内蒙古 乌海 (市供销合作社联合社), 2021, 再生资源回收市场管理经费项目绩效目标表 (2021年) — a 内蒙古
# budget-system project table (the family of 71, another city): 项目名称 / 项目类别 `(31)部门预算项目` /
# 归口科室 `(08)经济贸易科` / 主管部门 `(433)…(部门)` / 实施单位 `(433001)…` (codes in brackets before the
# names) / 投入目标(万元) with 资金来源 | 年初安排金额(万元): 资金总额 3, 其中: 财政拨款数 3, 其他资金 0 /
# 年度目标 (one paragraph with 目标1–目标5 inline) / 绩效指标 with its weight note (权重分值90分 …) and
# the columns 一级 | 二级 | 三级 | 指标性质 (正向/反向) | 指标方向 (=) | 目标值 | 计量单位 | 分值 | 备注,
# 一级 and 二级 repeated on every row.  Two 时效 rows carry `44,561` as value AND unit: the Excel serial
# of 2021-12-31, a date cell exported as a number.  Partial: the copy ends in the first 效益 row (`效`);
# the eleven 产出 rows are rendered (their 分值 add to 50, the header's 产出 weight).  Published
# 2022-09-12 under 新闻资讯 > 数据统计 on the co-operative's own subdomain of wuhai.gov.cn.
# http://gxs.wuhai.gov.cn/whsgxshzslhs/1096934/sjtj/1341823/index.html
# The copy prints one row a line, cells separated by single spaces, empty cells dropped.  Decided: the
# page title printed twice (page heading and table title) is one paragraph, `(2021年)` another; the
# header rows are label | value; 投入目标 (万元) (printed with a space) is merged over the four fund rows,
# its first row holding the two column heads 资金来源 | 年初安排金额(万元), and `其中: 财政拨款数` keeps
# its space; the weight note `绩效指标(权重分值90分,…)` is the block label, first cell of the indicator
# header, merged over the indicator rows; in an indicator row the numbers after the comparator are
# read from the right: the last is the 分值 (every row's last number read so, the eleven scores add to
# 50 — 10 x 4 + 10), 备注 is empty on every row, and what stands between the comparator and the 分值 is
# 目标值 then 计量单位 — so `8 4` is 目标值 8, empty 计量单位, 分值 4, and `44,561 44,561 10` is 目标值
# 44,561, 计量单位 44,561, 分值 10.
_G82 = ("围绕国家关于建设节约型社会和发展循环经济的要求,在充分规范整合和利用现有再生资源回收渠道的基础上,合理布局,规范建设。"
        "达成以下目标: 目标1:聘用人员1人,出差8人 目标2:聘用人员在岗率100% 目标3:2021年12月31日前完成 "
        "目标4:年度预算总金额3万元 目标5:促进资源循环和高效利用,改善城乡生态环境。")
_H82 = "绩效指标(权重分值90分,其中产出指标权重分值50分,效益指标权重分值30分,满意度指标权重分值10分)"
DOCS["82_neimenggu-wuhai_supply-coop-recycling-2021"] = [
    P("再生资源回收市场管理经费项目绩效目标表"),
    P("(2021年)"),
    T(
        ["项目名称", "再生资源回收市场管理经费"],
        ["项目类别", "(31)部门预算项目"],
        ["归口科室", "(08)经济贸易科"],
        ["主管部门", "(433)乌海市供销合作社联合社(部门)"],
        ["实施单位", "(433001)乌海市供销合作社联合社"],
        ["投入目标 (万元)", "资金来源", "年初安排金额(万元)"],
        [E, "资金总额", "3"],
        [E, "其中: 财政拨款数", "3"],
        [E, "其他资金", "0"],
        ["年度目标", _G82],
        [_H82, "一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "目标值", "计量单位", "分值", "备注"],
        [E, "产出指标", "数量指标", "出差人数", "正向", "=", "8", E, "4", E],
        [E, "产出指标", "数量指标", "出差人次", "正向", "=", "24", "人/次", "4", E],
        [E, "产出指标", "质量指标", "工作任务完成率", "正向", "=", "100", "%", "4", E],
        [E, "产出指标", "时效指标", "项目财政资金到位时间", "正向", "=", "44,561", "44,561", "10", E],
        [E, "产出指标", "时效指标", "财政资金到位及时支付率", "正向", "=", "100", "%", "4", E],
        [E, "产出指标", "时效指标", "工作计划按时完成时间", "正向", "=", "44,561", "44,561", "4", E],
        [E, "产出指标", "成本指标", "出差单位成本", "反向", "=", "0", "万元/人", "4", E],
        [E, "产出指标", "成本指标", "出差总成本", "反向", "=", "1", "万元", "4", E],
        [E, "产出指标", "成本指标", "劳务人员总成本", "反向", "=", "2", "万元", "4", E],
        [E, "产出指标", "成本指标", "办公费总成本", "反向", "=", "0", "万元", "4", E],
        [E, "产出指标", "成本指标", "年度预算总成本", "反向", "=", "3", "万元", "4", E],
    ),
]

# 83 湖南 常德 澧县 (县食用菌研究所, under 县农业农村局), 2021, 部门整体支出项目绩效目标申报表 (2021 年度) —
# a DEPARTMENT-WIDE table of a county institute, 湖南 template (another layout than 73's 预算14表):
# 填报单位(公章); 部门(单位)名称; 资金类别 `部门(单位)整体支出`; 业务股室 `农业股`; 年度预算申请(万元)
# with 资金总额 222.45 and the two columns 按收入性质分 (公共财政拨款 222.45 / 政府性基金拨款 /
# 纳入专户管理的非税收入拨款 / 其他资金) | 按支出性质分 (基本支出 220.45 / 项目支出 2), each with its own
# label and value cells; 部门职能职责概述; 整体绩效目标 (three numbered goals in one cell); then the
# block 绩效目标 with 一级 | 二级 | 三级 | 指标解释 | 指标说明及公式 | 预期达到目标 (values with units,
# no comparators).  Partial: the copy ends inside the third 质量 row (`培育推广成功率食用菌及中药材`);
# eight rows (6 数量, 2 质量) are rendered.  Government site, published 2021-09-27 (信息来源 澧县财政局).
# https://www.li-xian.gov.cn/zwgk/public/6616363/1168565791.html
# The copy runs each row's cells together and prints a line break where an empty cell stands before
# a value (`政府性基金拨款` / `项目支出2`, and before every indicator value).  Decided: the page title, the
# table title, `(    2021     年度)` (its spaces kept) and the 填报单位 line (its two spaces kept) are
# paragraphs; the fund block has five columns — the label 年度预算申请 / (万元) (one cell printed on two
# lines), income label, income amount, expenditure label, expenditure amount; `资金总额` and its amount
# span the row (two cells), `按收入性质分:` and `按支出性质分:` head their column pairs (two cells);
# rows with no amount keep an empty amount cell, and the last two rows have no expenditure side;
# `绩效目标` is the block label, first cell of the indicator header, merged over the indicator rows;
# 产出指标 is merged over the eight rows, 数量指标 over six, 质量指标 over two; in an indicator row the
# text after the 三级 name (a repetition of it in five rows, another wording in three) is the 指标解释
# and 指标说明及公式 is the empty cell the copy marks by the line break before the value.
DOCS["83_hunan-lixian_edible-fungi-institute-dept-2021"] = [
    P("澧县食用菌研究所2021年度绩效目标公开"),
    P("部门整体支出项目绩效目标申报表"),
    P("(    2021     年度)"),
    P("填报单位(公章):  澧县食用菌研究所"),
    T(
        ["部门(单位)名称", "澧县食用菌研究所"],
        ["资金类别", "部门(单位)整体支出"],
        ["业务股室", "农业股"],
        ["年度预算申请\n(万元)", "资金总额", "222.45"],
        [E, "按收入性质分:", "按支出性质分:"],
        [E, "公共财政拨款", "222.45", "基本支出", "220.45"],
        [E, "政府性基金拨款", E, "项目支出", "2"],
        [E, "纳入专户管理的非税收入拨款", E],
        [E, "其他资金", E],
        ["部门职能职责概述",
         "县食用菌研究所为县农业农村局所属副科级公益类事业单位,主要职能是为全县食用菌生产科研提供服务,引进新品种,对食用菌新技术进行推广。"
         "推动我县食用菌和中药材产业健康稳定发展,围绕食用菌品种结构进一步优化,秸秆基料化利用率进一点提高等工作。"],
        ["整体绩效目标",
         "1、围绕我县农业特色产业发展的总体要求,着力培育我县食用菌及中药材产业,夯实产业基础。2、以局党组为核心,配合抓好局里各项中心工作,"
         "以服务强根本。3、保障干部职工生活待遇,保证日常工作正常运转"],
        ["绩效目标", "一级指标", "二级指标", "三级指标", "指标解释", "指标说明及公式", "预期达到目标"],
        [E, "产出指标", "数量指标", "研究培育食用菌品种数量", "研究培育食用菌品种数量", E, "2种"],
        [E, E, E, "培育中药材品种数量", "培育中药材品种数量", E, "4种"],
        [E, E, E, "创建食用菌生产基地", "创建食用菌生产基地", E, "2个"],
        [E, E, E, "推广食用菌品种数量", "推广食用菌品种数量", E, "3种"],
        [E, E, E, "消化利用农作物秸秆数量", "建立秸秆综合利用点", E, "5个"],
        [E, E, E, "技术指导服务数量", "对生产种植企业技术指导服务数量", E, "10家"],
        [E, E, "质量指标", "机关事务正常运转率", "机关事务正常运转率", E, "100%"],
        [E, E, E, "党建任务完成率", "上级党组织要求完成党建工作任务完成率", E, "100%"],
    ),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
