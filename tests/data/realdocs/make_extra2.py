#!/usr/bin/env python3
"""Render the second batch of extra real documents (numbers 30 and up) in the Word "save as plain
text" layout.

Companion of make_extra.py (documents 20-28): a separate script so that each batch can be
regenerated on its own.  This batch is meant as a held-out test of the importer.  Each document is
a list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the sources (raw/NN_*.txt keeps each source verbatim):
  * wording, values, punctuation (the stored copies use ASCII ( ) : , in most places), spaces
    inside cells (leading and trailing ones included) and column order are copied as they are;
    personal names and phone numbers are replaced by "××";
  * the stored copies do not mark merged cells: they leave a merged cell out of the rows below it
    (and pad each row with "||" runs at its end, which are not rendered).  A horizontally merged
    cell is written once and the rows below a vertically merged label get an empty cell at its
    place, as Word exports them; where the copy leaves the position of a cell open, the comment at
    the document says how it was decided;
  * page furniture (site banners, 发布时间/来源 lines, "扫一扫", page meta tags) is left out;
  * documents whose stored copy ends inside a table are rendered up to their last complete row.

Run:  python3 make_extra2.py        (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, S, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 30 四川 乐山 井研县 马踏镇, 2023, 部门预算项目绩效目标申报表 exported from the budget system:
# one wide table, 金额单位:元, columns 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级 | 二级 | 三级 |
# 指标性质 | 指标值 | 度量单位 | 权重 | 指标方向性; a department subtotal row, then one block per
# project (the first row of a block carries the unit, project, budget and goal; the rows below leave
# those four cells empty).  Indicators are in system order, not grouped by 一级.
# https://m.qbidia.com/jyx/zjgk/202412/baa621fd1ec74c86bf45aa16dfd0603d.shtml (third-party copy)
# Partial: the copy ends inside the fifth indicator row of the second project (after its 权重 cell);
# that row is left out.  Decided: the subtotal amount 8,827,620.53 is put under 预算数 (the copy lists
# it right after the unit name, with the row's empty cells at the end); the trailing "|" column of
# the copy is padding and is not rendered.
_b = [E, E, E, E]  # 单位名称, 项目名称, 预算数, 年度目标 below a project's first row
DOCS["30_sichuan-jingyan-mata_town-projects-2023"] = [
    T(
        ["部门预算项目绩效目标申报表(2023年度)"],
        ["金额单位:元"],
        ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质",
         "指标值", "度量单位", "权重", "指标方向性"],
        ["820-马踏镇部门", E, "8,827,620.53"] + [E] * 9,
        ["820001-井研县马踏镇人民政府", "村组干部报酬", "3,309,840.00", "按时发放村组干部报酬",
         "效益指标", "社会效益指标", "维护社会稳定", "≥", "95", "%", "10", "正向指标"],
        _b + ["产出指标", "时效指标", "维持时效", "≥", "1", "年", "20", "正向指标"],
        _b + ["产出指标", "质量指标", "按时发放", "≥", "1", "人/年", "10", "正向指标"],
        _b + ["效益指标", "经济效益指标", "促进村集体经济发展", "≥", "95", "%", "10", "正向指标"],
        _b + ["产出指标", "数量指标", "村组干部230人", "≥", "230", "个", "10", "正向指标"],
        _b + ["效益指标", "生态效益指标", "保护生态环境卫生", "≥", "95", "%", "10", "正向指标"],
        _b + ["效益指标", "可持续影响指标", "项目维持时效", "≥", "95", "%", "10", "正向指标"],
        _b + ["满意度指标", "服务对象满意度指标", "人民群众满意度", "≥", "95", "%", "10", "正向指标"],
        [E, "基层组织活动经费", "660,000.00",
         "包括必要的办公用品费、水电费、报刊费等村社区办公经费,基层党组织开展组织活动、党员干部教育培训,群团活动开展,组织活动场所维护等。",
         "满意度指标", "服务对象满意度指标", "辖区内群众满意度", "≥", "95", "%", "10", "正向指标"],
        _b + ["效益指标", "经济效益指标", "促进农村集体经济发展", "≥", "95", "%", "10", "正向指标"],
        _b + ["效益指标", "可持续影响指标", "经济、环境等方面可持续发展", "≥", "95", "%", "10", "正向指标"],
        _b + ["产出指标", "质量指标", "保障村社区正常运转", "≥", "95", "%", "20", "正向指标"],
    ),
]

# 31 湖南 湘潭 环境卫生管理处, 2023, 项目支出绩效目标申报表 (湖南 2015-style template): 项目支出名称,
# 年度本级 预算金额 (`250万`) and 该项目支出上级资金, 项目支出实施期 across the year end, 实施期 and
# 本年度 goals, a 绩效标准 column (计划标准 on every row); 满意度 as a 二级 under 效益 (the copy gives
# the 满意度 row no 一级 cell of its own, as for the 效益 二级 rows above it).  Complete.
# http://xtcg.xiangtan.gov.cn/15068/15075/26693/content_1250928.html
# The page title is kept as the first paragraph; the site line (来源/发布时间) is left out.  The
# 填表人 line under the table is kept (name and phone redacted).
DOCS["31_hunan-xiangtan_fog-cannon-2023"] = [
    P("湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目支出绩效目标申报表"),
    P("2023年项目支出绩效目标申报表"),
    T(
        ["填报单位:(盖章) 单位:万元"],
        ["项目支出名称", "雾炮车降尘抑尘服务", "预算部门", "湘潭市环境卫生管理处"],
        ["年度本级 预算金额", "250万", "该项目支出上级资金", "0"],
        ["项目支出实施期", "2023.07-2024.01"],
        ["实施期绩效目标", "通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良"],
        ["本年度绩效目标", "通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良"],
        ["本年度 绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"],
        [E, "产出指标", "数量指标", "雾炮车降尘抑尘服务配备车辆数", "10辆", "计划标准"],
        [E, E, E, "雾炮车风炮射程", "≥80M", "计划标准"],
        [E, E, "质量指标", "服务周期内空气质量", "优良", "计划标准"],
        [E, E, "时效指标", "服务周期", "2023.07-2024.01", "计划标准"],
        [E, E, "成本指标", "控制在预算成本内", "250万", "计划标准"],
        [E, "效益指标", "经济效益指标", E, E, E],
        [E, E, "社会效益指标", "服务周期内,市民对空气质量改善的满意程度", "≥85%", "计划标准"],
        [E, E, "生态效益指标", E, E, E],
        [E, E, "可持续影响指标", E, E, E],
        [E, E, "社会公众或服务对象满意度指标", "市民满意度", "≥90%", "计划标准"],
        ["财政部门审核意见", E],
    ),
    P("填表人: ×× 联系电话:×× 填报日期: 单位负责人签字:"),
]

# 32 湖南 湘潭, 2024, 项目绩效目标表 for the same service as 31 (雾炮车抑尘降尘服务), in the 湖南
# 项目绩效目标表 template: 项目起止时间, 主管部门及其编码, 项目负责人/联系电话, 项目资金申请 in one cell,
# 项目概况, 项目实施进度计划, 长期/年度 goals, 年度绩效指标 with a 绩效标准 column.  Partial: the copy
# ends in the row 其他需说明的问题 after the last indicator row; that row is left out.
# http://xtcg.xiangtan.gov.cn/15068/15075/26693/content_1349210.html
# The copy prints every cell as a paragraph and marks neither rows nor merged cells: rows follow the
# printed template.  Decided: "项目起" / "止时间", "项目资金申请" / "(万元)" and "可持续影响" / "指标" are
# the two lines of one label cell; the four fund lines (资金总额 … 三、其他) are one cell; the 满意度 row
# gets no 一级 cell of its own (as in 31).  Cells printed as one space stay one space; the run of
# spaces after 填报单位(盖章): is layout and is dropped; other leading/trailing spaces are kept.
DOCS["32_hunan-xiangtan_fog-cannon-2024"] = [
    P("2024年项目绩效目标表(雾炮车降尘抑尘服务)"),
    P("2024年项目绩效目标表"),
    P("填报单位(盖章):"),
    T(
        ["项目名称", "雾炮车抑尘降尘服务 ", "项目起\n止时间", "20246-202516"],
        ["主管部门及其编码", "湘潭市城市管理和综合执法局 308001 ", "项目实施单位", " 湘潭市环境卫生管理处"],
        ["项目负责人", "××", "联系电话", "×× "],
        ["项目资金申请\n(万元)",
         "资金总额: 250\n        一、预算资金:250\n        二、自有资金:0\n        三、其他:0"],
        ["项目概况", "2024年,市财政局拨付250万元给市城管执法局,继续采购10台雾炮车用于特殊时段环卫作业,服务周180,持续改善我市空气质量。市城管执法局已明确该项采购工作由市环卫处负责。 "],
        ["项目实施进度计划", "项目实施内容", "开始时间", "完成时间"],
        [E, "通过采购雾炮车抑尘降尘服务,使市空气质量达到优良", "20246", " 20251"],
        ["项目绩效目标", "长期目标", "年度目标"],
        [E, " 持续改善我市空气质量", "2024通过采购雾炮车抑尘降尘服务,持续改善我市空气质量 "],
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "绩效标准"],
        [E, "产出指标", "数量指标", "雾炮车抑尘降尘服务配备车辆数", "10", "计划标准"],
        [E, E, E, "雾炮车风炮射程", "80M", "计划标准"],
        [E, E, "质量指标", "服务周期内空气质量", "优良", "计划标准"],
        [E, E, "时效指标", "服务周期", "180", "计划标准"],
        [E, E, "成本指标", "控制在预算成本内", "控制在预算内", "计划标准"],
        [E, "效益指标", "经济效益指标", S, S, S],
        [E, E, "社会效益指标", "服务周期内,市民对空气质量改善的满意程度", "85%", "计划标准"],
        [E, E, "生态效益指标", S, S, S],
        [E, E, "可持续影响\n指标", S, S, S],
        [E, E, "服务对象满意度指标", "满意度", "90%", "计划标准"],
    ),
]

# 33 浙江 台州 临海市, 绿化养护经费 (year not printed; page dated 2024-06-07), 浙江 项目库 申报表:
# 项目编号 (empty), 项目联系人, 对应一级项目, 项目功能科目, checkbox rows (no box ticked in the copy),
# 立项依据 / 主要内容 / 项目实施计划, 绩效目标 总体描述, and an indicator grid 指标类型 | 指标名称 |
# 指标值 | 指标描述 in which the 指标名称 cells hold the 二级 class (数量指标 …) and no indicator is
# named.  Partial: the copy ends inside the row 最近年度绩效评价情况, before the fund rows; that row is
# left out.  https://www.linhai.gov.cn/art/2024/6/7/art_1229304929_3933549.html
# Decided: the empty 项目编号 value is the lone "|" line after it; 主要内容 and 项目实施计划 are
# sub-rows of 项目主要内容、立项依据 (the copy gives them no first cell); the indicator header is
# written as its own row (the copy does not show whether 项目绩效目标 spans the grid).
DOCS["33_zhejiang-linhai_greening-2024"] = [
    T(
        ["项目名称:", "绿化养护经费", "项目编号:", E],
        ["项目联系人:", "××", "联系电话:", "××"],
        ["对应一级项目", "城市基础设施配套费", "项目功能科目", "其他城市基础设施配套费安排的支出"],
        ["项目类型:", "其他运转类: □专项运转类□信息化维护类 特定目标类:□重大活动类 □基建类 □信息网络购建类 □发展建设类"],
        ["项目属性:", "新增□ 延续□ 往年备选□", "重要程度:", "重要工作□ 一般工作□"],
        ["项目口径:", "经常性□ 阶段性□ 一次性□", "项目期限:", "全年"],
        ["项目主要内容、立项依据", "立项依据", "根据历年支出情况及养护外包投标情况"],
        [E, "主要内容", "市区绿化分成六个标段承包,绿地性质有道路、广场、公园、河道等"],
        [E, "项目实施计划", "绿化养护及配套设施设立、维修等"],
        ["项目绩效目标", "绩效目标 总体描述", "完成我市建成区的绿化养护工作,改善了城市生态环境,提升城市品位,提高人民群众满意度,保障绿化养护的稳定正常运行,促进城市园林绿化事业的发展。"],
        ["指标类型", "指标名称", "指标值", "指标描述"],
        ["产出指标", "数量指标", "375万平方米", "完成全市375万平方米的绿地养护、维护等"],
        [E, "质量指标", "100%", "达到绿化绿地全覆盖"],
        [E, "时效指标", "全年", "全年"],
        ["效益指标", "社会效益指标", "是", "满足市民生存环境的需求"],
        [E, "生态效益指标", "是", "改善城市生态环境,保持生态平衡、保护自然环境"],
        [E, "可持续性发展影响指标", "是", "保障绿化养护的稳定正常运行,促进城市园林绿化事业的发展,形成绿化系统"],
        ["满意度指标", "服务对象或受益者满意度指标", "≥95%", "服务对象对于绿化的养护及配套设施的维护满意率应该在95%以上"],
    ),
]

# 34 安徽 淮北 文化旅游体育局, 2025, 7-item project narrative + 项目支出绩效目标表 (安徽 template, one
# indicator group): 项目来源, 项目期, funds 年度资金总额 / 其中:财政拨款 / 上年结转 / 其他资金; labels cut
# in the copy ("年度", "绩", "一级") are kept as printed.  Complete.
# https://wlt.huaibei.gov.cn/zwgk/public/64/64716726.html
DOCS["34_anhui-huaibei_village-culture-2025"] = [
    P("淮北市文化旅游体育局2025年“农村文化建设配套补助经费”项目资金投入情况"),
    P("“农村文化建设配套补助经费”项目。"),
    P("(1)项目概述。做好送戏进万村,满足人民日益增长的文化需求。"),
    P("(2)立项依据。文化惠民工程实施方案"),
    P("(3)实施主体。淮北市文化旅游体育局"),
    P("(4)起止时间。2025年1月-12月"),
    P("(5)项目内容。文化惠民工程,主要用于送戏进万村,按照明年的任务70个行政村,每村4400元,市级需配套704元/村。"),
    P("(6)年度预算安排。农村文化建设配套补助经费预算安排5万元"),
    P("(7)绩效目标。"),
    T(
        ["项目支出绩效目标表"],
        ["(2025年度)"],
        ["项目名称", "农村文化建设配套补助经费"],
        ["主管部门及代码", "[077]淮北市文化旅游体育局", "实施单位", "淮北市文化旅游体育局"],
        ["项目来源", "本级申报项目", "项目期", "1年"],
        ["项目资金", "年度资金总额:", "5.00"],
        [E, "其中:财政拨款", "5.00"],
        [E, "上年结转", "0.00"],
        [E, "其他资金", "0.00"],
        ["年度", "文化惠民工程,主要用于送戏进万村,按照明年的任务70个行政村,每村4400元,市级需配套704元/村。"],
        ["绩", "一级", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标", "开展送戏进万村", "≥70村"],
        [E, E, "质量指标", "送戏进万村活动完成率", "≥95%"],
        [E, E, "时效指标", "项目完成时限", "2025年12月"],
        [E, E, "成本指标", "项目金额", "5万元"],
        [E, "效益指标", "经济效益指标", "项目实施是否产生经济价值", "否"],
        [E, E, "社会效益指标", "保障人民群众基本文化权益", "影响程度明显"],
        [E, E, "生态效益指标", "是否对当地生态环境造成影响", "否"],
        [E, E, "可持续影响指标", "对满足人民群众日益提高的文化需求的可持续影响", "长期"],
        [E, "满意度指标", "满意度指标", "项目受益人满意程度", "≥90%"],
    ),
]

# 35 安徽 六安 农业农村局, 2024, 项目支出绩效目标申报表 with 中期 (2024年—2026年) and 年度 groups side
# by side (the template of 09), both groups filled with the same indicators.  Partial: the copy ends
# at the start of the second 时效 row ("开展质"), which is left out.
# https://nyncj.luan.gov.cn/public/6608321/10480730.html
# Rows as in 09: the two goal texts share one row under 中期目标 | 年度目标; in the indicator rows the
# merged 一级/二级 cells of either group get an empty cell.
DOCS["35_anhui-luan_farm-produce-testing-2024"] = [
    P("六安市农业农村局2024年农产品质检体系建设和“三品一标”发展项目支出预算绩效目标表"),
    T(
        ["项目支出绩效目标申报表"],
        ["( 2024 年度)"],
        ["项目责任人(签字):", "单位(盖章):"],
        ["项目名称", "发展建设类-农产品质检体系建设和“三品一标”发展项目"],
        ["主管部门及代码", "[066]六安市农业农村局", "实施单位", "六安市农业农村局"],
        ["项目属性", "常年项目", "项目期", "3年"],
        ["项目资金 (万元)", "中期资金总额:", "68.50", "年度资金总额:", "51.35"],
        [E, "其中:财政拨款", "68.50", "其中:财政拨款", "51.35"],
        [E, "其他资金", "0.00", "其他资金", "0.00"],
        ["总 体 目 标", "中期目标(2024年—2026年)", "年度目标"],
        [E, "通过项目实施,开展农产品质量安全监测及三品一标工作,实现农产品质量安全得到提升,检测批次达到2批次/千人,“两强一增”认证总数得到上升。",
         "通过项目实施,开展农产品质量安全监测及三品一标工作,实现农产品质量安全得到提升,检测批次达到2批次/千人,“两强一增”认证总数得到上升。"],
        ["绩 效 指 标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标", "鉴定校准实验室仪器", "≥57个", "数量指标", "鉴定校准实验室仪器", "≥57个"],
        [E, E, E, "购买标准试剂", "≥100个", E, "购买标准试剂", "≥100个"],
        [E, E, E, "监督抽检批次", "≥100组", E, "监督抽检批次", "≥100组"],
        [E, E, "质量指标", "农产品例行监测合格率", "≥98%", "质量指标", "农产品例行监测合格率", "≥98%"],
        [E, E, E, "农产品监督抽样合格率", "≥98%", E, "农产品监督抽样合格率", "≥98%"],
        [E, E, E, "实验室仪器维修维护", "≥4次", E, "实验室仪器维修维护", "≥4次"],
        [E, E, "时效指标", "检测及时率", "≤7工作日", "时效指标", "检测及时率", "≤7工作日"],
    ),
]

# 36 四川 甘孜州 市场监督管理局, budget year not printed (the .xlsx preview's file name is dated
# 2023-12-04: probably the 2024 budget), 绩效目标表 exported from the 四川 budget system: 单位信息 /
# 主管部门 / 整体目标; 项目名称, 项目经办人, 预算执行率权重 and 项目经办人电话 printed with no value; no
# amount anywhere; columns 一级 | 二级 | 三级 | 指标性质 | 指标值 | 度量单位 | 权重(%), with 一级/二级
# written on every row.  Complete (ends with the 满意度 row).
# http://gzz.gov.cn/preview-service/file_2023120414310206xlsx.html
# The preview separates cells by single spaces and drops empty cells.  Decided: in the eight
# quantitative rows the empty cell is 指标性质 (the copy shows no comparator; the 定性 rows fill it),
# and in rows with three figures/units the empty one is 度量单位 (e.g. "完成时限 1 5" = 指标值 1,
# 权重 5); the weights then add up to 90, the remaining 10 being the 预算执行率 weight.  The 权重 of
# the three 定性 rows, printed on the next line, is put in the 权重 column.
DOCS["36_sichuan-ganzi_food-safety-2024"] = [
    T(
        ["绩效目标表"],
        ["单位信息:", "324001-甘孜藏族自治州市场监督管理局机关", "项目名称:", E],
        ["主管部门:", "324-甘孜州市场监督管理部门", "项目经办人:", E],
        ["预算执行率权重(%):", E],
        ["项目经办人电话:", E],
        ["整体目标:", "组织协调推进全州食品安全重点工作;承办州食品安全委员会会议及中央活动;组织协调食品安全宣传、培训工作;承担州政府食品安全委员会的日常工作;组织开展食品安全重大整顿治理和联合检查行动;考核评议州级相关部门和各县市履行食品安全党政同责目标工作。"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重(%)"],
        ["产出指标", "成本指标", "检查差旅费", E, "470", "人/天", "2"],
        ["产出指标", "成本指标", "培训费", E, "320", "人/天", "3"],
        ["产出指标", "时效指标", "完成时限", E, "1", E, "5"],
        ["产出指标", "数量指标", "召开食品安委会全体会议", E, "2", E, "15"],
        ["产出指标", "质量指标", "食安委成员单位食品安全工作齐抓共管", E, "100", "%", "10"],
        ["产出指标", "数量指标", "开展食品安全专项整治", E, "2", E, "10"],
        ["产出指标", "数量指标", "组织州县食安委成员单位人员培训", E, "1", E, "15"],
        ["产出指标", "数量指标", "开展食品安全宣传周活动", E, "1", E, "10"],
        ["效益指标", "社会效益指标", "食品安全整体状况", "定性", "高中低", E, "10"],
        ["效益指标", "可持续影响指标", "进一步提高食品安全工作科学化、规范化", "定性", "高中低", E, "5"],
        ["满意度指标", "服务对象满意度指标", "公众对食品安全满意度", "定性", "高中低", E, "5"],
    ),
]

# 37 福建 宁德 中共宁德市委党史和地方志研究室, 2019, 部门整体支出绩效目标表 (a department-wide table
# from an .xls attachment): 部门(单位)名称 / 部门预算编码, 年度预算安排 (资金总额 171.41 = 项目支出 60.8
# + 基本支出 110.61), 年度总体目标 (four numbered goals in one cell), 年度履职目标 (部门职能 | 年度目标任务
# | 支出项目名称 | 预算金额), then indicators 一级 | 二级 | 三级 | 指标解释 | 目标值, the 指标解释 cells
# holding a figure with its standard in brackets.  Partial: the copy ends in the 成本指标 row.
# http://ndfzw.com/ggl/2019-12-31/7211.html
# The copy separates cells by single spaces and prints vertical labels one character group per line.
# Decided: title and "2019年度)" are paragraphs; the line of seven spaces and the blank line between
# the 履职目标 rows and the indicator header end the first table (the spacer row is not rendered) and
# the indicator grid is a second table; leading spaces of the fund items and goals are kept.
DOCS["37_fujian-ningde_gazetteer-dept-2019"] = [
    P("19年度部门整体支出绩效目标(原方志委)"),
    P(" 附件4:部门整体支出绩效目标表(60.8).xls"),
    P("部门整体支出绩效目标表"),
    P("2019年度)"),
    T(
        ["部门(单位)名称", "中共宁德市委党史和地方志研究室", "部门预算编码", "901001033"],
        ["年度\n预算\n安排\n(万元)", "        资金总额", "171.41"],
        [E, "  项目支出", "60.8"],
        [E, "  基本支出", "110.61"],
        ["年度\n总体\n目标",
         " 目标1:确保本室各人员工资及福利的发放;\n 目标2:对合作社区、退休人员及遗孀、困难群众进行一定程度的补助;\n 目标3:确保本室日常办公所需经费正常运行;\n 目标4:保障志鉴地情相关工作开展所需资金,确保完成2019年度任务。"],
        ["年度\n履职\n目标", "部门职能", "年度目标任务", "支出项目名称", "预算金额(万元)"],
        [E, "组织、指导、编纂、督促和检查地方志、年鉴、地情工作", "保障志鉴地情相关工作开展所需资金,确保完成2019年度任务", "地情、市志编纂与年鉴出版经费", "49.8"],
        [E, "确保本室各人员工资及福利的发放", "按时发放2019年人员福利", "地情、市志编纂与年鉴出版经费", "11"],
        [E, "确保日常工作正常运行", "按时发放2019年人员工资待遇", "基本支出", "171.41"],
    ),
    T(
        ["一级指标", "二级指标", "三级指标", "指标解释", "目标值"],
        ["产出指标", "数量指标", "志鉴地情相关工作开展所需资金的供应时效", "100%(历史标准)", "100%"],
        [E, E, "确保日常工作正常运行", "100%", "100%"],
        [E, E, "按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴", "60%", "≥60%"],
        [E, "质量指标", "调研、督促、指导志、鉴、地情编纂的县(市、区)的覆盖率", "90%(计划标准)", "1"],
        [E, E, "各类书籍审稿率", "100%(计划标准)", "1"],
        [E, "时效指标", "项目完成时间", "2019年12月(计划标准)", "100%"],
    ),
]

# 38 新疆生产建设兵团 第一师阿拉尔市 (六团), 2021, 财政局 notice + 兵团本级财政衔接推进乡村振兴补助
# 资金绩效目标申报表: 项目资金总额 next to 年度资金申请总额 (其中:财政资金 | 其中:当年财政拨款,
# 上年结转资金, 其他资金 on both sides), 项目总目标 next to 年度总体目标, numbered 三级 names
# (指标1: …), spaced labels (绩 效 指 标, 一级 指标, 产 出 指 标).  Partial: the copy ends after the
# third 数量 row (its value "1座" is kept as it stands).
# http://www.nys.gov.cn/xwzx/tzgg/content_88212
# "附件:" and the table title are rows of the table in the copy (padded like its rows).  Decided: the
# lone "上年结转资金" row belongs to the 年度 side (the 项目 side has no such line), so its 项目-side
# cells are empty; "其他资金 | 其他资金" is read as both sides' labels with empty values.
DOCS["38_xinjiang-bingtuan-alar_cold-store-2021"] = [
    P("关于下达2021年兵团本级财政衔接推进乡村振兴补助资金预算指标的通知"),
    P("六团:"),
    P("根据兵团财政局《关于下达2021年兵团本级财政衔接推进乡村振兴补助资金的通知》(兵财农〔2021〕18号)文件要求,经研究,现下达你单位乡村振兴重点帮扶团场专项资金1500万元,列入2021年政府收支功能分类科目“2130505-生产发展”。该资金政府预算项目名称“脱贫攻坚工作经费”,项目名称“巩固拓展脱贫攻坚成果”。"),
    P("请切实加强资金管理,做好绩效运行监控和绩效评价,确保财政资金安全有效,针对此次下达的预算指标,抓紧开展绩效目标填报和审核工作(详见附件1)。"),
    P("附件:兵团本级财政衔接推进乡村振兴补助资金绩效目标表"),
    P("第一师阿拉尔市财政局"),
    P("2021年5月17日"),
    T(
        ["附件:"],
        ["兵团本级财政衔接推进乡村振兴补助资金绩效目标申报表"],
        ["项目名称", "第一师六团巩固脱贫攻坚与乡村振兴有效衔接特色产业基地气调保鲜库建设项目"],
        ["主管部门", "农业农村局", "实施单位", "新疆生产建设兵团第一师阿拉尔市六团农业发展服务中心"],
        ["项目属性", "兵团推进乡村振兴补助资金", "项目期", "1年"],
        ["资金情况 (万元)", "项目资金总额:", "1500", "年度资金申请总额", "1500"],
        [E, "其中:财政资金", "1500", "其中:当年财政拨款", "1500"],
        [E, E, E, "上年结转资金", E],
        [E, "其他资金", E, "其他资金", E],
        ["项目绩效目标", "项目总目标", "年度总体目标"],
        [E, "建设完成保鲜库1座,3550平方米;建设完成消防水池1座,419平方米。", "2021年完成保鲜库钢构主体安装、封顶;完成消防水池土建工程。"],
        ["绩 效 指 标", "一级 指标", "二级指标", "三级指标", "年度指标值"],
        [E, "产 出 指 标", "数量指标", "指标1:新建保鲜库数量", "1座"],
        [E, E, E, "指标2:新建保鲜库面积", "3550平方米"],
        [E, E, E, "指标3:新建消防水池数量", "1座"],
    ),
]

# 39 天津 河北区人民法院, 2023, 项目支出绩效目标表 — the seed's template without its 依据 column: a
# section heading "3.…-2023中央绩效目标表", then one table per project, each led by the unit line
# (207101 + unit name | 单位:万元), 项目名称, 预算规模及资金用途 (预算数 | 其中:财政 资金 | 其他资金,
# 资金用途 text on the next row), 绩效目标, and 一级 | 二级 | 三级 | 绩效指标描述 | 指标值 (values in
# 百分比).  Partial: the second project is cut at its 效益指标 label; it is rendered up to its 成本 row.
# https://tjhbfy.tjcourt.gov.cn/article/detail/2023/02/id/7158363.shtml
# Decided: the two projects are two tables (each starts with its own unit line in the copy), as in
# the seed; the second 数量 row of project 2 repeats its 二级 label in the copy and keeps it.
DOCS["39_tianjin-hebei-court_projects-2023"] = [
    P("天津市河北区人民法院"),
    P("项目支出绩效目标表"),
    P("(2023年)"),
    P("3.法院办案业务、业务装备及审判辅助事务外包-2023中央绩效目标表"),
    T(
        ["207101天津市河北区人民法院", "单位:万元"],
        ["项目名称", "安全隐患维修"],
        ["预算规模及资金用途", "预算数", "20.00", "其中:财政 资金", "20.00", "其他资金", E],
        [E, "用于维修审判楼玻璃幕墙等"],
        ["绩效目标", "1.维修审判大楼玻璃幕墙等,消除外延脱落安全隐患。"],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"],
        ["产出指标", "数量指标", "维修面积", "维修面积", "≥400平方米"],
        [E, "质量指标", "验收合格率", "验收合格率", "≥98百分比"],
        [E, "时效指标", "资金支付及时率", "资金支付及时率", "100百分比"],
        [E, "成本指标", "项目成本", "项目成本", "20万元"],
        ["效益指标", "可持续影响指标", "消除安全隐患", "消除安全隐患", "持续影响"],
        ["满意度指标", "服务对象满意度指标", "干警满意度", "干警满意度", "≥95百分比"],
    ),
    T(
        ["207101天津市河北区人民法院", "单位:万元"],
        ["项目名称", "办案业务费(陪审员及互联网专线)"],
        ["预算规模及资金用途", "预算数", "24.00", "其中:财政 资金", "24.00", "其他资金", E],
        [E, "用于陪审员参审补助支出及互联网直播支出"],
        ["绩效目标", "1.通过陪审员及调解员参与案件审判调解工作,以及互联网直播方式,提高审判效率,充分化解矛盾纠纷,实现公平正义"],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"],
        ["产出指标", "数量指标", "聘用调解员人数", "聘用调解员人数", "1人"],
        [E, "数量指标", "陪审员参审案件数量", "陪审员参审案件数量", "≥900件"],
        [E, "质量指标", "案件调解率", "案件调解率", "≥90百分比"],
        [E, "时效指标", "补助发放及时率", "补助发放及时率", "100百分比"],
        [E, "成本指标", "参审案件补助", "参审案件补助", "100元"],
    ),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
