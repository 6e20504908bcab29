#!/usr/bin/env python3
"""Render the ninth batch of extra real documents (numbers 70-74) in the Word "save as plain text"
layout.

Companion of make_extra6.py: a separate script so that each batch can be regenerated on its own.
This batch is a held-out test of the importer and the rules; it was read and reviewed
(REVIEW-extra9.md, expected-extra9.yaml) without running jxcheck on it.  It was searched by KIND of
table rather than by province (department-wide tables, government-investment tables, 2024-2026
budgets, health / public-security / procuratorate units), in 湖南, 湖北, 四川, 重庆, 江西, 浙江, 安徽,
福建, 陕西, 山西, 内蒙古, 宁夏, 新疆, 天津, 广东, 海南 and 甘肃, places not yet in the corpus; the usable
finds came from 安徽 (黄山, 舒城), 内蒙古 (扎赉特旗), 宁夏 (石嘴山) and 湖南 (祁东).  Each document is a
list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the sources (raw/NN_*.txt keeps each source verbatim):
  * wording, values, punctuation (the stored copies use ASCII ( ) : , in most places), spaces
    inside cells and column order are copied as they are; no personal name or phone number occurs
    in these excerpts;
  * the stored copies do not mark merged cells: they leave a merged cell out of the rows below it
    (71, 73, 74) or print a lone space for it (70).  A horizontally merged cell is written once and
    the rows below a vertically merged label get an empty cell at its place, as Word exports them;
    where the copy leaves the position of a cell open, the comment at the document says how it was
    decided;
  * page furniture (site banners, 索引号/发布日期 blocks, 来源/字号 lines, 附件下载, 扫一扫, 文件下载,
    标签) is left out; paragraphs that hold only spaces are layout and are left out;
  * documents whose stored copy ends inside a table are rendered up to their last complete row.

Run:  cd /work/stage/batch9 && PYTHONPATH=/work/main/tests/data/realdocs python3 make_extra9.py
      (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 70 安徽 黄山 (市公安局), 2025, "黄山市公安局2025年项目绩效目标和指标": the 安徽 budget-disclosure list
# 单位编码 | 单位名称(项目类别/支出项目) | 年度预算安排 | 项目内容 | 绩效目标 with a department row (92156434),
# the unit row 037001 黄山市公安局 (27955180), category rows (其他运转类, 本级项目) and project rows.
# Amounts carry no unit on the page; the 成本 value `<1681680元` shows they are 元.  The project row's
# 项目内容 cell is the 【项目概况】 text; its 绩效目标 cell holds 【总体目标】 and one line pair per indicator
# group: `【产出指标-数量指标】` / `指标1:机柜数量(≥77台)` (一级-二级 in the bracket, 三级 name and value
# in "name(value)").  Partial: the copy ends inside the 项目概况 of the second project (执法办案费,
# 100000); that row is left out; the first project (雪亮工程机房租赁) is complete and is the one project
# of the rendering.  https://www.huangshan.gov.cn/zwgk/public/6615714/11798831.html
# The copy prints every cell as a paragraph and a lone space for an empty cell.  Decided: the five
# header labels are one row (the line break inside "单位名称(项目类别" / "/支出项目)" is kept as a
# two-line cell); the lone spaces fill the rows to five cells in reading order (department row:
# empty 单位编码, empty 项目内容 and 绩效目标; category rows: empty 单位编码, 项目内容, 绩效目标); the
# leading spaces of the unit and project names (tree indentation of the page) are dropped; the
# 【项目概况】 paragraph is the 项目内容 cell and everything from 【总体目标】 to the 满意度 line is one
# multi-line 绩效目标 cell, one line per paragraph of the copy (the blank lines between paragraphs are
# not kept, so that no cell holds an empty line).
DOCS["70_anhui-huangshan_public-security-2025"] = [
    P("黄山市公安局2025年项目绩效目标和指标"),
    T(
        ["单位编码", "单位名称(项目类别\n/支出项目)", "年度预算安排", "项目内容", "绩效目标"],
        [E, "黄山市公安局", "92156434", E, E],
        ["037001", "黄山市公安局", "27955180", E, E],
        [E, "其他运转类", "1681680", E, E],
        ["037001", "黄山市雪亮工程市本级机房租赁2024至2027服务采购项目", "1681680",
         "【项目概况】:该项目为市本级雪亮工程后端机房租赁服务,共计77个机柜,租赁周期为36个月。项目已于2024年7月完成招标采购,服务期限3年,逐年支付费用。",
         "【总体目标】\n"
         "保障雪亮工程机房租赁延续,保障机房内所有设备设施运转,保障雪亮工程持续发挥积极作用\n"
         "【产出指标-数量指标】\n"
         "指标1:机柜数量(≥77台)\n"
         "【产出指标-质量指标】\n"
         "指标1:视频监控在线率(≥0.97比例)\n"
         "【产出指标-时效指标】\n"
         "指标1:维护及时性(<24小时)\n"
         "【产出指标-成本指标】\n"
         "指标1:维护成本(<1681680元)\n"
         "【效益指标-经济效益指标】\n"
         "指标1:为全市经济发展保驾护航(正面支撑)\n"
         "【效益指标-社会效益指标】\n"
         "指标1:服务保障民生(有力保障)\n"
         "【效益指标-生态效益指标】\n"
         "指标1:为生态环境保护提供支撑(正面支撑)\n"
         "【效益指标-可持续影响指标】\n"
         "指标1:持续保障社会发展(持续保障)\n"
         "【满意度指标-服务对象满意度指标】\n"
         "指标1:提升群众安全感(≥90%)"],
        [E, "本级项目", "26273500", E, E],
    ),
]

# 71 内蒙古 兴安盟 扎赉特旗 (旗人民检察院), 2025 (not printed; page dated 2025-02-06), 表11 项目绩效目标表
# of the department budget, 单位:元: one wide table of 13 columns 项目名称 | 项目单位 | 项目类别 | 预算数 |
# 年度绩效目标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标方向 | 目标值 | 计量单位 | 分值, the project
# cells written in its first row only; 一级 labels with score tags (`满意度指标(10分)`, `效益指标(30分)`,
# `产出指标(50分)`); 二级 without the suffix 指标 in three rows (`服务对象满意度`, `可持续影响`, `社会效益`);
# comparators in words (`大于等于`, `小于等于`, `等于`); 正向/反向; amounts `1,030,700.00`; cost rows in
# 万元 inside an 元 table.  The first project's rows run 满意度, 效益, 产出 (system order).
# Partial: the second project (办案(业务)经费) is cut in its fifth row (质量 `一审案件改…`); four rows of
# it are rendered.  http://www.nmzhalaite.jcy.gov.cn/cwgk/202502/t20250206_6819057.shtml
# The copy separates cells by single spaces and leaves merged cells out.  Decided: the project cells
# (项目名称 … 年度绩效目标) are merged over each project's rows (empty cells below); a row that starts
# with a 二级 name gets an empty 一级 cell, one that starts with a 三级 name (`设备验收及时率`) empty 一级
# and 二级 cells; in the quantitative rows the five cells after the 三级 name are, in order, 指标性质
# (`正向`/`反向`), 指标方向 (`大于等于`…), 目标值, 计量单位, 分值, and where only four follow (`1 7.5`,
# `10 7.5`, `70 8`) the 计量单位 is the empty one (a bare count); in the qualitative rows the copy puts
# `定性`, the value and the score on three lines: 定性 is the 指标性质 (in place of 正向/反向), 指标方向
# and 计量单位 are empty; the 三级 name `提升工作效率定性` is kept as printed (no space before 定性 in the
# copy, so the tag is part of the name as published); the title lines 表11 / 项目绩效目标表 / 单位:元 are
# paragraphs above the table.
_G71_1 = "保障我院日常办公办案装备需要,充分发挥部门职能,进一步提高办公效率,让全院干警在得到良好保障的办公氛围中工作。"
_G71_2 = "保障我院日常办公办案业务需要,充分发挥部门职能,进一步提高办公效率,让全院干警在得到良好保障的办公氛围中工作。"
_P71 = [E, E, E, E, E]
DOCS["71_neimenggu-zhalaite_procuratorate-2025"] = [
    P("表11"),
    P("项目绩效目标表"),
    P("单位:元"),
    T(
        ["项目名称", "项目单位", "项目类别", "预算数", "年度绩效目标", "一级指标", "二级指标", "三级指标",
         "指标性质", "指标方向", "目标值", "计量单位", "分值"],
        ["业务装备经费", "776001-扎赉特旗人民检察院", "32-专项资金项目", "1,030,700.00", _G71_1,
         "满意度指标(10分)", "服务对象满意度", "使用人员满意度", "正向", "大于等于", "98", "%", "10"],
        _P71 + ["效益指标(30分)", "可持续影响", "推动人民检察院业务装备建设的标准化规范化配置", "定性", E, "长期", E, "15"],
        _P71 + [E, "社会效益", "提升工作效率定性", "定性", E, "有效提升", E, "15"],
        _P71 + ["产出指标(50分)", "成本指标", "车辆购置成本", "反向", "小于等于", "12", "万元", "5"],
        _P71 + [E, "质量指标", "政府采购率", "正向", "大于等于", "30", "%", "7.5"],
        _P71 + [E, "成本指标", "办公设备购置成本", "反向", "小于等于", "90", "万元", "5"],
        _P71 + [E, "数量指标", "车辆采购数量", "反向", "小于等于", "1", E, "7.5"],
        _P71 + [E, "质量指标", "设备验收合格率", "正向", "等于", "100", "%", "7.5"],
        _P71 + [E, "时效指标", "采购计划完成时间", "定性", E, "11月底之前", E, "5"],
        _P71 + [E, E, "设备验收及时率", "正向", "大于等于", "98", "%", "5"],
        _P71 + [E, "数量指标", "办公设备采购数量", "正向", "大于等于", "10", E, "7.5"],
        ["办案(业务)经费", "776001-扎赉特旗人民检察院", "32-专项资金项目", "3,239,300.00", _G71_2,
         "产出指标(50分)", "时效指标", "法定审限内结案率", "正向", "大于等于", "95", "%", "5"],
        _P71 + [E, "质量指标", "年度结案率", "正向", "大于等于", "90", "%", "7"],
        _P71 + [E, "数量指标", "办结案件数量", "正向", "大于等于", "70", E, "8"],
        _P71 + [E, "时效指标", "案件办理及时率", "正向", "大于等于", "90", "%", "5"],
    ),
]

# 72 宁夏 石嘴山 (市疾病预防控制中心), 2020, publication note + 石嘴山市疾病预防控制中心2020年项目绩效目标批复表
# (单位:元) for one project (狂犬、乙肝、流感等疫苗及美沙酮药物, 3000000 元 = the note's 300万元): a tree
# exported from the 宁夏 budget system, columns 项目 | 指标值 | 绩效金额, one row per node (unit, project,
# 一级, 二级, 三级), each level indented by one more leading space; 二级 tagged `(必填硬性指标)` / `(必填)`
# (as 23, same province); order 产出 (成本, 时效, 数量, 质量), 满意度, 效益 (可持续影响, 社会效益); every
# value a bare percent; no 绩效目标 text anywhere.  Complete.
# http://www.shizuishan.gov.cn/zwgk/zfxxgkml/czyjsgk/bmys_45072/2020n/202012/t20201221_2532187.html
# The copy prints every cell as a paragraph.  Decided: a node's name is the first cell of its row and
# keeps its leading spaces (the page's only mark of the level: 1 unit, 2 project, 3 一级, 4 二级, 5 三级);
# the amount 3000000 sits in 绩效金额 on the project row, each percent in 指标值 on its 三级 row; the
# title printed twice (page line and table caption) is one paragraph, 单位:元 another.
DOCS["72_ningxia-shizuishan_cdc-vaccines-2020"] = [
    P("石嘴山市疾病预防控制中心2020年项目支出预算绩效目标公开情况"),
    P("关于石嘴山市疾病预防控制中心2020年项目支出预算绩效目标公开情况的说明"),
    P("2020年石嘴山市疾病预防控制中心共设置项目支出预算绩效目标1个,分别是狂犬、乙肝、流感等疫苗及美沙酮药物项目,涉及财政拨款资金300万元。"),
    P("石嘴山市疾病预防控制中心2020年项目绩效目标批复表"),
    P("单位:元"),
    T(
        ["项目", "指标值", "绩效金额"],
        [" 石嘴山市疾病预防控制中心", E, E],
        ["  狂犬、乙肝、流感等疫苗及美沙酮药物", E, "3000000"],
        ["   产出指标", E, E],
        ["    成本指标(必填硬性指标)", E, E],
        ["     按照辖区内社区卫生服务机构计划进行采购后,以采购价提供给各社区卫生服务机构", "100%", E],
        ["     按照物价部门定价标准采购", "100%", E],
        ["    时效指标(必填)", E, E],
        ["     疫苗提供及时率", "100%", E],
        ["     对美沙酮维持患者及时给予治疗", "100%", E],
        ["    数量指标(必填硬性指标)", E, E],
        ["     疫苗使用率", "100%", E],
        ["     满足海洛因成瘾患者维持治疗需求", "100%", E],
        ["    质量指标(必填)", E, E],
        ["     质量符合国家标准,有国家颁发的批签发等相关证明文件", "100%", E],
        ["     美沙酮药物治疗符合国家相关标准", "100%", E],
        ["   满意度指标", E, E],
        ["    服务对象满意度指标(必填)", E, E],
        ["     服务对象满意度", "100%", E],
        ["   效益指标", E, E],
        ["    可持续影响指标(必填)", E, E],
        ["     通过注射疫苗,可以有效降低疫苗针对传染病的发生", "40%", E],
        ["     通过美沙酮药物维持治疗可以有效地降低艾滋病在吸毒人群中传播,减少毒品的使用", "90%", E],
        ["    社会效益指标(必填)", E, E],
        ["     满足辖区居民对常用疫苗的需求", "100%", E],
        ["     满足海洛因成瘾患者维持治疗需求", "100%", E],
    ),
]

# 73 湖南 衡阳 祁东县 (县疾病预防控制中心), 2024, 预算14表 2024年祁东县部门整体支出绩效目标表 — a
# DEPARTMENT-WIDE table (湖南 county template): 部门名称; 年度预算申请 (万元) as a block of label:value cells
# (资金总额:952.22; 按收入性质分 = 一般公共预算 / 政府性基金拨款 / 纳入专户管理的非税收入拨款 / 其他资金;
# 按支出性质分 = 基本支出 875.22 / 项目支出 77); 部门职能职责概述; 整体绩效目标 (a reference to four
# 湖南 implementation-plan notices, three of them of 2020); then the block 部门整体支出年度绩效指标 with
# 一级 | 二级 | 三级 | 指标值及单位, values written with units and `以上`.  Published 2024-12-11.
# Partial: the copy ends inside the fourth indicator row (`开展宣传活动次数20次以`); three 数量 rows are
# rendered.  http://www.qdx.gov.cn/xxgk/czzj/jxgl/20241211/i3532884.html
# The copy runs each row's cells together with no separator.  Decided: cells are cut at the template's
# labels; in the fund block the printed value stays in the cell of its label (`资金总额:952.22`,
# `按收入性质分:952.22`, `其中:基本支出:875.22` …: the template leaves the value to be typed after the
# colon), the 年度预算申请 label is merged over the six fund rows and the two columns are 按收入性质分 |
# 按支出性质分 (rows with nothing after the colon keep the bare label; the fifth and sixth rows have no
# 支出 cell); `部门职能 职责概述` keeps the space the copy prints (a line break in the label); the block
# label `部门整体支出 年度绩效指标` is the first cell of the header row and merged over the indicator rows;
# an indicator row is cut between the 三级 name and the value where the value's figure or the word
# naming what is counted begins (`全年检测次数` | `自愿咨询检测1000人次以上,…`, `免疫规划知识培训次数` |
# `2次以上`); 产出指标 and 数量指标 are merged over the three rows; 预算14表, the title and
# `填报单位:(盖章)` are paragraphs (its trailing spaces dropped).
DOCS["73_hunan-qidong_cdc-dept-2024"] = [
    P("预算14表"),
    P("2024年祁东县部门整体支出绩效目标表"),
    P("填报单位:(盖章)"),
    T(
        ["部门名称", "祁东县疾病预防控制中心"],
        ["年度预算申请 (万元)", "资金总额:952.22"],
        [E, "按收入性质分:952.22", "按支出性质分:952.22"],
        [E, "其中:一般公共预算:952.22", "其中:基本支出:875.22"],
        [E, "政府性基金拨款:", "项目支出:77"],
        [E, "纳入专户管理的非税收入拨款:"],
        [E, "其他资金:"],
        ["部门职能 职责概述",
         "中心的职能职责是:承担全县各乡镇疫苗保管、发放、运输及业务指导工作;免疫规划督导、培训、宣传及预防接种;暴发疫情标本和聚集性病例标本及时检测;结核病防治;地方病、慢性病、重性精神病防治;疟疾防治;艾滋病防治;急性传染病防治;食品安全风险监测公共卫生监测、职业卫生和环境监测;健康教育宣传;美沙酮维持治疗;承办上级政府交办的其他工作。"],
        ["整体绩效目标",
         "根据《湖南省卫生健康委疾控处关于印发湖南省202年度结核病防治项目实施方案的通知》、《湖南省卫生健康委员会疾控处关于印发湖南省2020年度艾滋病防治项目实施方案的通知》、《湖南省卫生健康委疾控处关于印发全省2020年扩大国家免疫规划项目实施方案的通知》、《湖南省卫生健康委疾控处关于印发2020年度慢性病防控项目实施方案和相关工作说明的通知》等文件要求完成绩效目标。"],
        ["部门整体支出 年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位"],
        [E, "产出指标", "数量指标", "全年检测次数",
         "自愿咨询检测1000人次以上,艾滋病人检测600人次以上,结核病人筛查600人次以上"],
        [E, E, E, "免疫规划知识培训次数", "2次以上"],
        [E, E, E, "免疫规划知识培训人次", "200人以上"],
    ),
]

# 74 安徽 六安 舒城县 (县发展改革委), 2023, 中央预算内投资计划绩效目标表 (2023年度) of the 以工代赈 project
# 舒茶镇清水河(余家河渡槽至346国道段)治理工程 — a GOVERNMENT-INVESTMENT table in the 国家发展改革委
# template: 专项名称 / 下达地方或单位 / 本次下达中央预算内投资(万元) 853 / 总体目标; indicators in two 一级
# blocks, `实施效果指标` (二级 产出指标 / 效益指标 / 满意度指标) and `过程管理指标` (二级 计划管理 / 资金管理 /
# 项目管理 / 监督检查指标), one 三级 and value per row, no 数量/质量/时效/成本 level.  Complete.
# https://www.shucheng.gov.cn/public/6598641/36467963.html
# The copy prints every cell as a paragraph.  Decided: the page title (project name, table name,
# "(2023年度)") is three paragraphs; the four header rows are label | value; the header's first label
# is kept as printed, `级指标` (the copy lost the "一"); `实施效果指标` and `过程管理指标` are merged over
# their rows and 计划管理指标 / 资金管理指标 / 项目管理指标 over their two rows each; the paragraphs holding
# only spaces (after the goal, after the header, four after the 满意度 row, one after 过程管理指标, one
# after the first 计划管理 row, one after the last row) are blank paragraphs of merged cells and are left
# out, not read as rows; the spaces inside the goal text are kept as printed; the ASCII quotes of
# `"两个责任"` are kept.
DOCS["74_anhui-shucheng_work-relief-2023"] = [
    P("安徽省2023年以工代赈示范工程舒城县舒茶镇清水河(余家河渡槽至346国道段)治理工程"),
    P("中央预算内投资计划绩效目标表"),
    P("(2023年度)"),
    T(
        ["专项名称", "安徽省2023年以工代赈示范工程舒城县舒茶镇清水河(余家河渡槽至346国道段)治理工程"],
        ["下达地方或单位", "舒城县发展改革委"],
        ["本次下达中央预算内投资(万元)", "853"],
        ["总体目标",
         "支持舒城县结合重点工程配套基础设施建设需求,实施一批以工代赈中央预算内 投资项目,严格按照不低于中央投资30%的比例发放劳务报酬,广泛吸纳当地群众就 近就业增收,充分发挥对重点工程推广以工代赈方式的激励和带动作用。"],
        ["级指标", "二级指标", "三级指标", "指标值"],
        ["实施效果指标", "产出指标", "劳务报酬占中央投资比例", "≥32.68%"],
        [E, "效益指标", "项目区农村基础设施条件", "持续改善"],
        [E, "满意度指标", "参与工程建设的贫困群众满意度", "≥90%"],
        ["过程管理指标", "计划管理指标", "投资计划分解(转发)用时", "≤20工作日"],
        [E, E, "\"两个责任\"按项目落实到位率", "100%"],
        [E, "资金管理指标", "中央预算内投资支付率", "≥95%"],
        [E, E, "年度计划投资完成率", "≥95%"],
        [E, "项目管理指标", "项目开工率", "≥95%"],
        [E, E, "超规模、超标准、超概算项目比例", "0"],
        [E, "监督检查指标", "审计、督查、巡视等指出问题项目比例", "≤1%"],
    ),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
