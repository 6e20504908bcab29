#!/usr/bin/env python3
"""Render the extra real documents (numbers 20 and up) in the Word "save as plain text" layout.

This is the companion of ../../../../shared/realdocs/make.py for the documents added later; it is a
separate script so that the two sets can be regenerated independently.  Each document is a list of
blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the sources (raw/NN_*.txt keeps each source verbatim):
  * wording, values, punctuation (the stored copies already use ASCII ( ) : , in most places),
    spaces inside cells and column order are copied as they are; personal names and phone numbers
    are replaced by "××";
  * where the stored copy does not mark row boundaries or the position of empty cells, rows and
    empty positions follow the printed form of the template; a horizontally merged cell is written
    once and the rows below a vertically merged label get an empty cell, as Word exports them; the
    comments at each document say where this needed a decision;
  * trailing "||" padding of the stored copies is not rendered (it pads every row to the table
    width and does not mark real cells);
  * page furniture (site menus, 索引号 blocks, 来源/浏览量 lines, sheet tabs) is left out;
  * documents whose stored copy ends inside a table are rendered up to their last complete row.

Run:  python3 make_extra.py        (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 20 湖南 岳阳县 农业农村局, 2022, 乡村振兴衔接资金 绩效目标申报表(基础设施建设类), complete.
# http://www.yyx.gov.cn/37584/38137/content_2016103.html
# The stored copy prints each cell as a paragraph and shows no row boundaries: rows follow the printed
# 衔接资金 申报表 (cf. 12, 14).  The two title lines are rendered as paragraphs (the copy does not show
# whether they sit inside the table).  "经济效益 / 指标" etc. are the two lines of one label cell.
DOCS["20_hunan-yueyangxian_farmland-2022"] = [
    P("乡村振兴衔接资金绩效目标申报表(高标准农田建设)"),
    P("绩效目标申报表(基础设施建设类)"),
    P("(2022年度)"),
    T(
        ["项目名称", "岳阳县2022年高标准农田建设项目", "项目负责人及电话", "××"],
        ["主管部门", "岳阳县农业农村局", "实施单位", "农田建设服务中心"],
        ["资金情况 (万元)", "年度资金总额:", "854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)"],
        [E, "其中:财政拨款", "854万854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)"],
        [E, "其他资金", E],
        ["总体目标", "年度目标"],
        [E, "完成项目主体工程70%"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标", "脱贫村村内道路硬化里程", "≥100公里"],
        [E, E, E, "脱贫户供水设施数量", "≥20座"],
        [E, E, "质量指标", "项目(工程)验收合格率", "100%"],
        [E, E, "时效指标", "项目(工程)完成及时率", "≥100%"],
        [E, E, "成本指标", "财政资金补助", "1600元/亩"],
        [E, "效益指标", "经济效益\n指标", "年增粮食", "3500公斤"],
        [E, E, "社会效益\n指标", "受益脱贫(监测)人口数", "≥500人"],
        [E, E, E, "解决脱贫(监测)饮水安全问题人数", "≥1000人"],
        [E, E, "生态效益\n指标", "新增和改善灌溉达标面积", "≥500亩"],
        [E, E, E, "新增和改善排水达标面积", "≥200亩"],
        [E, E, "可持续影响\n指标", "工程设计使用年限", "≥20年"],
        [E, "满意度指标", "服务对象满意度指标", "受益脱贫(监测)户满意度", "≥95%"],
    ),
    P("注:各地请根据实际情况,从上述绩效指标中选择适合的填报(其中三颗星为必填的核心绩效指标,可结合已下达的中央对地方专项转移支付绩效指标),也可自行增加或适当调整。"),
]

# 21 / 22 四川 广元 昭化区 卫生健康局, 2021, 项目支出绩效目标申报表 (四川 template), complete.
# http://zhmail.cnzh.gov.cn/News/Detail/20220301121626208.html
# http://zhmail.cnzh.gov.cn/News/Detail/20220301121655505.html
# The stored copy separates a row's cells by single spaces; the funds block is a two-column list
# (item | 金额(万元)) under the headers 年度资金总额 / 金额(万元), with no total figure; the leading
# spaces of the fund items are kept.  "绩效指标" is printed again as the first cell of the first
# indicator row (merged-label repetition in the source) and is kept there.
_funds = lambda a, b, c, d, e, f, g: [
    ["项目资金(万元)", "年度资金总额", "金额(万元)"],
    [E, "   (一)财政拨款小计", a],
    [E, "       1、一般公共预算", b],
    [E, "       2、政府性基金", c],
    [E, "       3、国有资本经营预算", d],
    [E, "   (二)自有资金小计", e],
    [E, "       1、事业收入", f],
    [E, "       2、经营性收入", g],
    [E, "   (三)其他收入", "0.00"],
]
_hdr = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值(包含数字及文字描述)"]

DOCS["21_sichuan-zhaohua_family-aid-2021"] = [
    P("特困家庭再扶助(独生子女死亡再扶助)"),
    P("项目支出绩效目标申报表"),
    P("(2021年度)"),
    T(
        ["项目名称", "特困家庭再扶助(独生子女死亡再扶助)"],
        ["预算单位", "区卫生健康局"],
        *_funds("6.30", "6.30", "0.00", "0.00", "0.00", "0.00", "0.00"),
        ["总体\n目标", "年度目标"],
        [E, "区域内符合计划生育政策、法规生育的独生子女伤残、死亡适龄家庭进行政策特别扶助,达到“老有所依,老有所养”的目标。增强服务意识,稳定特扶家庭情绪"],
        _hdr,
        ["绩效指标", "项目完成\n指标", "数量指标", "对符合政策法规的独生子伤残、死亡家庭进行扶助", "63人"],
        [E, E, "质量指标", "按政策、法律、法规乡镇申报、初审确认对象资格,县级按要求复审", "100%"],
        [E, E, "时效指标", "项目实施时间", "2021年1月-12月"],
        [E, E, E, "资金拨付", "12月底到位"],
        [E, E, "成本指标", "成本控制", "严格按照预算标准1000元/人给补助对象兑付补助"],
        [E, "项目效益\n指标", "社会效益\n指标", "促进人口与经济、社会、资源、环境协调和可持续发展", "100%"],
        [E, E, "可持续影响\n指标", "实现社会稳定和谐发展", "长期"],
        [E, "满意度指标", "满意度指标", "受益群众满意度", "≥90%"],
        [E, E, E, "社会满意度", "100%"],
    ),
]

DOCS["22_sichuan-zhaohua_leprosy-2021"] = [
    P("麻风病防治项目"),
    P("项目支出绩效目标申报表"),
    P("(2021年度)"),
    T(
        ["项目名称", "麻风病防治"],
        ["预算单位", "区疾控中心"],
        *_funds("4.00", "4.00", "0.00", "0.00", "0.00", "0.00", "0.00"),
        ["总体\n目标", "年度目标"],
        [E, "每年开展“世界麻风病日”、“中国麻风节”宣传活动和春节前到两个敬老院看望慰问院内休养员、村外康复者和现症患者,实现慰问全覆盖。"],
        _hdr,
        ["绩效指标", "项目完成\n指标", "数量指标", "每年春节慰问麻风村休养员、村外康复者和现症病人", "32人"],
        [E, E, E, "宣传教育", "覆盖全区所有人员"],
        [E, E, "质量指标", "麻风村休养员、村外康复者和现症病人生活得到改善", "100%"],
        [E, E, E, "广大群众对病风病防治知识知晓率显著提升", "100%"],
        [E, E, "时效指标", "项目实施时间", "2021年1月-12月"],
        [E, E, E, "资金拨付到位情况", "12月底前100%到位"],
        [E, E, "成本指标", "严控成本,严格按照项目资金落实各项工作,不扩大,不增债", "严格按照指标任务落实工作"],
        [E, "项目效益\n指标", "社会效益指标", "政府对麻风村休养员、村外康复者和现症病人的关爱", "明显增加"],
        [E, E, E, "广大群众对病风病防治意识", "明显增强"],
        [E, E, "可持续影响指标", "项目实施情况", "良好"],
        [E, E, E, "服务能力提升", "持续加强"],
        [E, "满意度指标", "满意度指标", "群众幸福感", "明显提升"],
    ),
]

# 23 宁夏 固原 原州区 自然资源局, 2022, 项目支出绩效目标申报表 (宁夏 template with 必填/选填 tags and
# unfilled (≥**%) placeholders in the 三级 names).  Partial: cut at the 满意度指标 label.
# http://www.yzh.gov.cn/xxgk_13314/zfxxgkml/zdxzjcygk/zdju/202203/t20220301_3340181.html
# The table title comes from the page's 标题 field.  The 经济/生态效益 and 可持续影响 rows hold a
# sentence and no separate value: the copy pads every row to seven cells, so it cannot show whether the
# sentence fills the 三级 cell (value empty) or a cell merged across 三级 and 指标值; it is placed in
# the 三级 column with an empty 指标值 (3 rows decided this way).
DOCS["23_ningxia-yuanzhou_forest-2022"] = [
    P("项目支出绩效目标申报表"),
    T(
        ["(2022年度)"],
        ["项目名称", "原州区2022年南部水源涵养林建设项目"],
        ["主管部门及代码", "固原市原州区自然资源局", "实施单位", "固原市原州区自然资源局"],
        ["项目属性", "新建", "项目期", "2022年3月-2023年11月"],
        ["项目资金 (万元)", "年度资金总额:", "6070.00"],
        [E, "其中:财政拨款", "6070.00"],
        [E, "其他资金", E],
        ["年度总体目标", "在东马场林场、东岳山林场、古树林场、红庄林场、马渠林场、沈河林场、水沟林场 7 个林场和古雁办、官厅镇、黄铎堡镇、开城镇、彭堡镇、炭山乡、头营镇、寨科乡、张易镇、中河乡、三营镇 11 个乡镇(街道办事处)实施营造林8万亩。其中:新造林3万亩,未成林抚育提升及退化林改造5万亩;修建作业道30公里。"],
        ["绩 效 指 标", "一级指标", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标 (必填硬性指标)", "实施营造林总面积(亩)", "80000"],
        [E, E, E, "其中:实施新造林总面积(亩)", "30000"],
        [E, E, E, "实施未成林抚育提升及退化林改造总面积(亩)", "50000"],
        [E, E, E, "修建作业道长度(公里)", "30"],
        [E, E, "质量指标 (必填)", "苗木成活率(≥**%)", "85"],
        [E, E, "时效指标 (必填)", "项目完成时间", "2023年底"],
        [E, E, "成本指标 (必填硬性指标)", "项目总投入(≥**万元)", "6070"],
        [E, "效益指标", "经济效益 指标 (选填)", "增加就业机会,提高农民收入。", E],
        [E, E, "社会效益 指标 (必填)", "受益人数(人)", "132"],
        [E, E, "生态效益 指标 (选填)", "提高森林覆盖率,促进生物多样性保护。", E],
        [E, E, "可持续影响 指标 (必填)", "提高森林生态系统服务功能,显著改善项目区及周边地区的生态环境。", E],
    ),
]

# 24 江西 景德镇 浮梁县林业局, budget year not printed (probably 2026, from the workbook's sheet list),
# 部门整体绩效目标 (department-wide table): 部门编码/部门名称/联系人, 部门职能职责概述, 年度绩效总目标,
# indicators with 计算符号 | 目标值 | 度量单位 | 指标值说明 columns and the unit also in the 三级 name.
# No funds at all.  Partial: cut after the first 质量指标 row.
# https://fuliang.gov.cn/xzf/czxx/bmczyjs/t1081473.shtml
# The sheet-tab list above the table (部门整体支出绩效目标表, 保障服务, 林长制工作经费, ...) is left out.
_q = lambda name, val, unit: [E, E, name, "=", val, unit, "该指标值数据合理"]
DOCS["24_jiangxi-fuliang_forestry-dept-2026"] = [
    T(
        ["部门整体绩效目标"],
        ["基本信息"],
        ["部门编码:", "316", "部门名称:", "浮梁县林业局", "*联系人:", "××"],
        ["联系电话:", "××"],
        ["*部门职能职责概述", "保证林业局职能实现,保障人员经费。"],
        ["年度绩效目标"],
        ["*年度绩效总目标", "保证林业局职能实现,保障人员经费。"],
        ["一级指标", "二级指标", "三级指标", "计算符号", "目标值", "度量单位", "指标值说明"],
        ["产出指标", "数量指标", "保障在职职工人数(人)", "=", "116", "人", "该指标值数据合理"],
        _q("保障退休职工人数(人)", "81", "人"),
        _q("保障遗属人数(人)", "13", "人"),
        _q("林木采伐监管(万立方米)", "6", "万立方米"),
        _q("野生动植物保护、防火面积(万亩)", "320", "万亩"),
        _q("湿地保有量(公顷)", "4900", "公顷"),
        _q("林业产业(万亩)", "0.5", "万亩"),
        _q("签订野生动物致害保险(单)", "1", "单"),
        _q("向各类新闻媒体完成林业新闻信息投稿数(篇)", "30", "篇"),
        _q("林业微信公众号完成新闻宣传(篇)", "50", "篇"),
        _q("制作宣传横幅、公益宣传牌等(年)", "1", "年"),
        _q("自然保护区负氧离子监测点(个)", "4", "个"),
        [E, "质量指标", "工资发放准确性(%)", "≥", "95", "%", "该指标值数据合理"],
    ),
]

# 25 陕西 宝鸡 陈仓区 财政局, 2020, notice + 省级财政水利发展资金绩效目标表 (transfer-payment layout:
# 市级/区级 财政部门 and 主管部门); the 指标值 cells hold only units ("公里", "万亩", "≧ %").
# Partial: cut after the first 质量指标 row.
# http://www.chencang.gov.cn/col8173/col8180/col8789/col9203/202005/t20200529_126007.html
# Cells are paragraphs in the copy.  The two 部门 pairs are read two to a row (as in the 区域绩效目标
# template); the funds block is read as a header row 资金来源 | 资金总额 above 财政拨款 500 and an empty
# 其他资金 (the copy shows one empty paragraph after 其他资金).  The site line "编辑:农业股 来源:财政局
# 发布时间:2020-05-29 09:42" is left out as page furniture.
DOCS["25_shaanxi-chencang_rural-water-2020"] = [
    P("关于下达2020年第二批省级财政水利发展资金的通知"),
    P("陈仓区水利局:"),
    P("根据宝鸡市财政局《关于下达2020年第二批省级水利发展资金的通知》(宝市财办农〔2020〕18号)和你局《关于上报2020年农村饮水安全巩固提升工程省级水利发展资金项目计划(第二批)的请示》(宝陈水字〔2020〕124号)向市水利局备案的项目计划,现将2020年省级财政第二批水利发展资金500万元下达给你局,用于我区“十三五”农村饮水安全巩固提升收尾,着力解决我区9200人的饮水问题,提高我区农村饮水安全标准和条件,年终列入“2130335农村人畜饮水”政府收支分类科目。"),
    P("请你局严格按照财政部、水利部《关于印发〈中央财政水利发展资金使用管理办法〉的通知》(财农〔2016〕181号)的规定,按规定程序做好项目审批,加强项目管理,积极做好项目实施和财政资金绩效评价工作,提高财政资金的使用效益。"),
    P("附件:2020年省级财政水利发展资金绩效目标表"),
    P("2020年省级财政水利发展资金绩效目标表"),
    P("(2020)年度"),
    T(
        ["专项(项目)名称", "农村饮水安全巩固提升工程专项"],
        ["市级财政部门", "宝鸡市财政局", "市级主管部门", "宝鸡市水利局"],
        ["区级财政部门", "陈仓区财政局", "区级主管部门", "陈仓区水利局"],
        ["资金情况(万元)", "资金来源", "资金总额"],
        [E, "其中:财政拨款", "500"],
        [E, "其他资金", E],
        ["总体目标", "完成省级水利发展农村饮水项目投资500,改善提升9200人饮水条件。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标", "指标1:新建堤防、护岸长度", "公里"],
        [E, E, E, "指标2:灌区节水改造面积", "万亩"],
        [E, E, E, "指标3:农村饮水工程覆盖服务人口数", "万人"],
        [E, E, E, "指标4:中小河流治理问道长度", "公里"],
        [E, E, "质量指标", "指标1:工程验收合格率", "≧ %"],
    ),
]

# 26 湖南 衡阳 南岳区 乡村振兴局, 2023, 雨露计划绩效目标申报表 (湖南 专项 template): 专项基本情况 block,
# funds split 本年度预计投入 | 财政资金 (中央/省级/市级资金/本级) | 其他 on two header rows, 中长期 and
# 本年度 goals each on two rows, indicator header 三级指标内容 / 指标值及单位.  Partial: cut inside the
# 成本指标 row.
# https://www.nanyue.gov.cn/nyczj/czysgk/2019njyhndyjs/nyqyg/nyncj/20231227/i3224710.html
# The copy pads every row to ten cells, so merged labels are not marked: "专项基本情况" is taken to span
# 专项名称 .. 专项立项依据 (five rows get a leading empty cell), "专项资金情况" its three rows, the goal
# labels their two rows and "专项年度绩效指标" the indicator rows.  The value row 7 | 0 | 7 | 0 | 0 | 0
# is read as 本年度预计投入 7, 中央 0, 省级 7, 市级资金 0, 本级 0, 其他 0.
DOCS["26_hunan-nanyue_yulu-2023"] = [
    T(
        ["雨露计划绩效目标申报表"],
        ["(2023年度)"],
        ["填报单位(盖章): 单位负责人:××"],
        ["专项基本情况", "专项名称", "2023年雨露计划就学补助项目"],
        [E, "专项属性", "新增项目□ 延续项目R"],
        [E, "主管部门", "南岳区乡村振兴局", "专项起止时间", "2023年1月至12月"],
        [E, "专项负责人", "××", "联系人及电话", "××"],
        [E, "专项概况", "对就读职业技术学校的脱贫户或监测户子女发放就学补助"],
        [E, "专项立项 依据", E],
        ["专项资金情况", "本年度预计投入(万元)", "财政资金(万元)", "其他"],
        [E, E, "中央", "省级", "市级资金", "本级", E],
        [E, "7", "0", "7", "0", "0", "0"],
        ["单位已有的保证专项实施的制度、措施", "对就读职业技术学校的脱贫户或监测户子女发放就学补助"],
        ["中长期绩效 目标", "1.就读中等职业学校(含普通中专、职业中专、成人中专、职业高中、技工院校,以下同)、高职高专院校、技师学院已注册普通全日制正式学籍的本省脱贫家庭子女(含监测帮扶对象家庭)。上述扶持对象在校就读期间(包括顶岗实习),其家庭均可享受助学补助。辍学、休学和保留学籍学生不纳入扶持范围。"],
        [E, "2.补助标准。在享受国家职业教育资助政策基础上,叠加给予助学补助,全省统一补助标准为:每生 1500 元/学期。"],
        ["本年度绩效 目标", "1.对提供就读学籍证明的学生了放就学补助;"],
        [E, "2.补助标准为:每生 1500 元/学期。"],
        ["专项年度绩效指标", "一级指标", "二级指标", "三级指标内容", "指标值及单位"],
        [E, "产出 指标", "数量指标", "年度申请就学补助户数", ">=101人/次"],
        [E, E, "质量指标", "逾期发放率", ">=100%"],
        [E, E, "时效指标", "就学补助及时发放率", ">=100%"],
    ),
]

# 27 湖南 衡阳 南岳区, 2018, 市级专项扶贫资金 绩效目标申报表 (扶贫 template with 备注 column and an
# empty 年度总体目标完成情况 column), complete, with the three review-opinion rows.  The 三级 names keep
# the template placeholders "(≥**万元)"; comparators are ASCII (>= <=).
# http://www.nanyue.gov.cn/nyczj/czysgk/2018njyqnddbmyjs/xcj/nyqnyzzf/20200211/i951217.html
# The copy separates cells by single spaces and shows the empty 备注 / 完成情况 cells as trailing spaces;
# the opinion rows are read as label | "(盖章)" (the copy cannot show whether "(盖章)" is a cell of its own).
DOCS["27_hunan-nanyue_tourism-base-2018"] = [
    P("2018年市级专项扶贫资金基础设施(人大代表扶贫基地)绩效目标申报表"),
    P("绩效目标申报表"),
    T(
        ["项目名称", "2018年市级专项扶贫资金基础设施(人大代表扶贫基地)", "项目负责人及电话", "××"],
        ["主管部门", "南岳镇政府", "实施单位", "[610001]湖南省润山润水生态农业发展有限公司"],
        ["资金情况(万元)", "年度资金总额:", "10"],
        [E, "其中:财政拨款", "10"],
        [E, "其他资金", "0"],
        ["总体目标", "年度目标", "年度总体目标完成情况"],
        [E, "为水濂村带来观光游客不少于6万人,村集体收入达6万元。", E],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "备注"],
        [E, "产出指标", "数量指标", "贫困地区旅游基础设施建设工程", ">=20平方米", E],
        [E, E, E, "贫困地区旅游景点开发数量( ≥**个 )", ">=4个", E],
        [E, E, E, "流转土地", ">=60亩", E],
        [E, E, "质量指标", "*贫困地区旅游基础设施建设质量达标率100%", ">=98%", E],
        [E, E, "时效指标", "贫困地区基础设施建设按期完成率(≥**%)", ">=95%", E],
        [E, E, "成本指标", "流转土地补助标准", "<=475元/亩", E],
        [E, E, E, "景观建设成本", "<=2875元/个", E],
        [E, E, E, "贫困地区旅游基础设施建设工程建设成本", "<=3000元/平方米", E],
        [E, "效益指标", "经济效益指标", "乡村旅游带动增加贫困村收入(≥**万元)", ">=6万元", E],
        [E, E, E, "乡村旅游带动增加贫困人口收入(≥**万元)", ">=2.61万元", E],
        [E, E, "社会效益指标", "贫困地区乡村旅游开发景点接待游客数量(≥**人)", ">=60000人", E],
        [E, E, E, "受益建档立卡贫困人口数≥**人", ">=29人", E],
        [E, "满意度指标", "服务对象满意度指标", "旅游行业经营主体满意度(≥**%)", ">=90%", E],
        [E, E, E, "参与旅游扶贫项目贫困群众满意度(≥**%)", ">=90%", E],
        [E, E, E, "旅游区居民满意度(≥**%)", ">=90%", E],
        [E, E, E, "游客满意度(≥**%)", ">=90%", E],
        ["财政部门支出股室初审意见", "(盖章)"],
        ["财政部门绩效评价股审核意见", "(盖章)"],
        ["区扶贫办审核意见", "(盖章)"],
    ),
]

# 28 陕西 宝鸡 陈仓区, 2021, notice + 林业生态保护恢复资金区域绩效目标申报表 (区级财政部门 / 区级林业
# 主管部门 / 年度金额 layout); every 指标值 cell is empty although the notice states 163人 and 1980亩.
# Partial: cut after the fifth 数量指标 row.
# http://www.chencang.gov.cn/col8173/col8180/col16406/202106/t20210623_130060.html
# The stored excerpt starts at the addressee line (no title, 文号 or date in it).  "专项名称金" is the
# source's label as written.
DOCS["28_shaanxi-chencang_forestry-2021"] = [
    P("陈仓区林业局:"),
    P("根据市财政局《关于下达2021年中央财政林业生态恢复资金的通知》(宝市财办资环〔2021〕13号)和市林业局、市财政局《关于下达2021年林业草原生态保护恢复资金计划的通知》(宝市林发〔2021〕18号)精神,现将2021年中央财政林业生态保护恢复专项资金189.42万元下达给你局,年终列入相关政府收支分类科目,为做好此项工作,现将有关事项通知如下:"),
    P("一、天然林保护工程社会劳动保险补助171.62万元,参保人数为163人,年终列入“2110502社会支出补助”政府收支分类科目。"),
    P("二、完善退耕还林政策兑现补助资金17.80万元,计划兑现面积1980亩,其中:粮食折现补贴13.84万元、现金补贴3.96万元,年终列入“2110602退耕现金”政府收支分类科目。"),
    P("三、请你局继续做好退耕还林工作,严格执行有关政策制度的规定,积极做好财政资金绩效监控,确保年度绩效目标如期完成,切实加强资金管理,确保专款专用,提高财政资金使用效益。"),
    P("附件:2021年林业生态保护恢复资金区域绩效目标申报表"),
    P("2021年林业生态保护恢复资金区域绩效目标申报表"),
    T(
        ["专项名称金", "林业草原生态保护恢复资金"],
        ["区级财政部门", "宝鸡市陈仓区财政局"],
        ["区级林业主管部门", "宝鸡市陈仓区林业局"],
        ["年度金额(万元)", "189.42"],
        ["年度总体目标", "目标:完成退耕还林政策任务,做好退耕还林政策的兑现,持续发挥林业生态建设保护作用,提高职工社会参保率及职工收入水平。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标", "天保工程实施单位保险参保人数(人)", E],
        [E, E, E, "上一轮退耕还林补助面积(万亩)", E],
        [E, E, E, "新一轮退耕还林(草)第二次补助面积(万亩)", E],
        [E, E, E, "新一轮退耕还林(草)第三次补助面积(万亩)", E],
        [E, E, E, "草原有害生物防治面积(万亩)", E],
    ),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
