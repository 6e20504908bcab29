#!/usr/bin/env python3
"""Render the sixth batch of extra real documents (numbers 55-59) in the Word "save as plain text"
layout.

Companion of make_extra2.py (documents 30-39): a separate script so that each batch can be
regenerated on its own.  This batch is a held-out test of the importer and the rules; it was read
and reviewed (REVIEW-extra6.md, expected-extra6.yaml) without running jxcheck on it.  Places are
limited to 安徽, 福建, 陕西, 山西, 内蒙古, 宁夏, 新疆, 天津 and 河北 (cities and counties not yet in the
corpus); only 福建, 宁夏 and 安徽 yielded usable tables.  Each document is a list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the sources (raw/NN_*.txt keeps each source verbatim):
  * wording, values, punctuation (the stored copies use ASCII ( ) : , in most places), spaces
    inside cells and column order are copied as they are; personal names and phone numbers would be
    replaced by "××" (none occur in this batch);
  * the stored copies do not mark merged cells: they leave a merged cell out of the rows below it.
    A horizontally merged cell is written once and the rows below a vertically merged label get an
    empty cell at its place, as Word exports them; where the copy leaves the position of a cell
    open, the comment at the document says how it was decided;
  * two copies (55, 59) run all text together with no separators at all: there the cells are cut
    at the labels of the template, and the comment says where the reading is not forced;
  * page furniture (site banners, 发布时间/来源 lines, font-size widgets) is left out;
  * documents whose stored copy ends inside a table are rendered up to their last complete row.

Run:  python3 make_extra6.py        (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 55 福建 莆田 秀屿区 (区财政局 + 区水利局), 2025, notice passing down 35万元 of 省级第七批水利专项资金
# (闽财农指〔2025〕58号) to two townships, with 附件1 安排表 (属地 | 金额 | 项目) and 附件2 秀屿区2025年
# 省级第七批水利专项资金绩效目标表: 项目名称 / 主管部门(单位)名称, 资金情况(万元) 资金总额 | 其中:财政拨款 |
# 其他资金 in one row (as in 10, the same 福建 水利 template), 总体目标, and an indicator grid 一级 | 二级 |
# 三级 | 指标解释 | 指标方向 | one value column per township (笏石街道办, 埭头镇); 成本指标 as the first 一级
# (2021 layout, 经济成本指标); units in the 三级 names ("(个)", "(%)").  Partial: the copy ends inside the
# first 效益 row (after "社会效益指标" and one character of its 三级 name); that row is left out.
# https://www.chacewang.com/newsdetail/news886214.html (third-party copy; no government original found)
# The copy runs everything together and turns sentence-final "。" into ",": the text is kept as
# printed (so the notice body and 总体目标 end in ","), and is cut at the template's labels.
# Decided: the addressee line ends at its ":"; the 附件 list, the two signatures and the date are one
# paragraph each; in the indicator rows the three cells after 指标解释 are 指标方向 and the two township
# values, which the copy leaves unambiguous ("≤100%100%" = ≤ | 100% | 100%, "≥11" = ≥ | 1 | 1,
# "是/否否否" = 是/否 | 否 | 否); the 绩效指标 label is the first cell of the header row and the data rows
# get an empty cell at its place (as in 10); 产出指标 is merged over its three rows.
DOCS["55_fujian-xiuyu_flood-repair-2025"] = [
    P("笏石街道办、埭头镇财政所、水利站:"),
    P("根据《福建省财政厅福建省水利厅关于下达2025年省级第七批水利专项资金的通知》(闽财农指〔2025〕58号)文件精神,经研究,现下达2025年省级第七批水利专项资金35万元,用于笏石街道梁厝沟四新段护岸水毁修复工程和埭头镇西坡排洪闸水毁修复工程,支出列“2136999-其他重大水利工程建设基金”科目,请你们尽快将资金落实到具体项目单位,并严格按照《福建省水灾害防御专项资金管理办法》(闽财规〔2024〕34号),切实管好用好水利专项资金,加快预算执行,做好绩效跟踪管理,切实提高省级财政资金使用效益,"),
    P("附件:1.秀屿区2025年省级第七批水利专项资金安排表"),
    P("2.秀屿区2025年省级第七批水利专项资金绩效目标表"),
    P("莆田市秀屿区财政局"),
    P("莆田市秀屿区水利局"),
    P("2025年9月19日"),
    P("附件1"),
    P("秀屿区2025年省级第七批水利专项资金安排表"),
    T(
        ["属地", "金额", "项目"],
        ["笏石街道办", "20万元", "笏石街道梁厝沟四新段护岸水毁修复工程"],
        ["埭头镇", "15万元", "埭头镇西坡排洪闸水毁修复工程"],
    ),
    P("附件2"),
    P("秀屿区2025年省级第七批水利专项资金绩效目标表"),
    T(
        ["项目名称", "省级第七批水利专项资金"],
        ["主管部门(单位)名称", "秀屿区水利局"],
        ["资金情况(万元)", "资金总额", "35", "其中:财政拨款", "35", "其他资金", "0"],
        ["总体目标", "开展2个防洪水利设施水毁修复,"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标解释", "指标方向", "笏石街道办", "埭头镇"],
        [E, "成本指标", "经济成本指标", "省级财政专项资金投入成本控制率(%)",
         "反映省级财政专项资金投入成本控制情况", "≤", "100%", "100%"],
        [E, "产出指标", "数量指标", "开展修复工程(个)", "反映防洪水利设施水毁修复项目开展情况", "≥", "1", "1"],
        [E, E, "质量指标", "已建工程是否存在质量问题", "当年已完工项目是否在检查中发现质量问题", "是/否", "否", "否"],
        [E, E, "时效指标", "截至2026年12月底,项目开展率(%)", "反映修复开展情况", "≥", "100%", "100%"],
    ),
]

# 56 宁夏 自治区本级 宁夏长庆初级中学 (budget unit 【812033】 under [812]自治区教育厅; in 银川, which the
# page does not print), 2019, publication note + 自治区本级部门2019年项目支出预算绩效目标表 for the project
# 学校体育设施向社会免费开放: 项目属性 / 项目期 `2019-2021`, 项目资金(万元) 年度资金总额 / 其中:财政拨款 /
# 其他资金 on three rows, one 绩效目标 text, then 一级 | 二级 | 三级 | 指标值 with every value written as a
# sentence; the indicator rows come in the order 成本, 时效, 数量, 质量 (产出), 满意度, 可持续影响, 社会效益.
# Complete (first table); the copy ends in the title of a second table, which is left out.
# http://nxcqcz.com/readnews.asp?newsid=1189 (the school's own site, not a gov.cn host)
# The copy prints every cell on its own line and marks no rows.  Decided: rows follow the same
# template in 57, whose copy marks them (主管部门 | … | 实施单位 | … on one row, 项目属性 | … | 项目期 | … on
# one row, the three fund rows with 项目资金(万元) merged over them); the title is the first row of
# the table (the copy marks it with " |" like the cells); 绩效指标 is the first cell of the header
# row and is merged over the indicator rows; 产出指标 and 效益指标 are merged over their rows, while
# 满意度指标 stands in its own row between them, as printed.  The empty 其他资金 value is the lone "|".
DOCS["56_ningxia-zizhiqu-changqing_school-sports-2019"] = [
    P("2019年宁夏长庆初级中学"),
    P("部门项目支出预算绩效目标公开"),
    P("2019年自治区政府预算草案已经自治区第十二届人民代表大会第二次会议审议通过,根据《中共中央 国务院关于全面实施预算绩效管理的意见》(中发〔2018〕34号)要求,参照《预算法》预算批复和公开的有关规定,现将宁夏长庆初级中学2019年部门项目支出预算绩效目标予以公开。"),
    P("附件:宁夏长庆初级中学2019年项目支出预算绩效目标表"),
    P("宁夏长庆初级中学"),
    P("2019年2月20日"),
    T(
        ["自治区本级部门2019年项目支出预算绩效目标表"],
        ["项目名称", "学校体育设施向社会免费开放"],
        ["主管部门", "[812]自治区教育厅", "实施单位", "【812033】宁夏长庆初级中学"],
        ["项目属性", "上年延续性项目", "项目期", "2019-2021"],
        ["项目资金(万元)", "年度资金总额", "5"],
        [E, "其中:财政拨款", "5"],
        [E, "其他资金", E],
        ["绩效目标", "加快构建公共体育服务体系,提高公共体育设施利用率,健全公共体育服务长效机制,均衡区域体育资源布局与配置,着力改善我区全民健身条件,满足广大群众多样化的健身需求,切实增强青少年体质,有效提升全民健康水平。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "成本指标", "成本控制", "按照资金测算控制各项成本。"],
        [E, E, "时效指标", "完成时限", "2021年12月底完成项目规划相关工作。"],
        [E, E, "数量指标", "补贴数量", "对学校2400平米体育场馆补贴5万元。"],
        [E, E, "质量指标", "开放质量", "全面落实学校体育设施向社会开放工作。"],
        [E, "满意度指标", "服务对象满意度指标", "学生及群众的满意率", "95%以上。"],
        [E, "效益指标", "可持续影响指标", "提升全民健康水平", "促进人民群众健康水平不断提高。"],
        [E, E, "社会效益指标", "发展全民健身运动", "通过本项目实施,有效提高全面健康水平。"],
    ),
]

# 57 宁夏 银川 宁夏银川市二十一小 (budget unit 【812008】 under [812]自治区教育厅), 2019, publication note
# for three projects + the first of their tables (自治区本级部门2019年项目支出预算绩效目标表, the
# template of 56) for 义务教育专项资金-宁夏银川市二十一小: 项目资金 (万元) 372; a 绩效目标 that describes
# the spending; indicator values written as phrases; two 三级 names `按要求合理支付` (数量 and 成本).
# Partial: the copy ends at the label 满意度指标, before the satisfaction row; the other two project
# tables are not in the excerpt.
# https://yun.nxeduyun.com/index.php?cid=71436&id=944986&r=space%2Fschool%2Ftheme%2Fcontent%2Fview
# (宁夏教育云 school space, not a gov.cn host)
# The copy writes one row per line with " | " between cells and leaves merged cells out.  Decided:
# the three lines holding a lone "|" after the 绩效目标 row are three more rows of the goal block
# (绩效目标 merged over them, value cell empty), written [E, E]; the second 数量 row ("当年在校学生数 |
# …") gets empty cells for 绩效指标, 产出指标 and 数量指标; the title is the first row of the table.
DOCS["57_ningxia-yinchuan-no21-school_compulsory-education-2019"] = [
    P("宁夏银川市二十一小2019年项目支出"),
    P("预算绩效目标公开"),
    P("2019年自治区政府预算草案已经自治区第十二届人民代表大会第二次会议审议通过,根据《中共中央 国务院关于全面实施预算绩效管理的意见》(中发〔2018〕34号)要求,参照《预算法》预算批复和公开的有关规定,现将我校义务教育专项资金、自治区青少年校园足球与学校体育专项资金、学校体育设施向社会免费开放2019年部门项目支出预算绩效目标予以公开。"),
    P("附件:自治区本级部门2019年项目支出预算绩效目标表"),
    P("宁夏银川市二十一小"),
    P("2019年2月20日"),
    T(
        ["自治区本级部门2019年项目支出预算绩效目标表"],
        ["项目名称", "义务教育专项资金-宁夏银川市二十一小"],
        ["主管部门", "[812]自治区教育厅", "实施单位", "【812008】宁夏银川市二十一小"],
        ["项目属性", "延续性项目", "项目期", "2019-2021"],
        ["项目资金 (万元)", "年度资金总额", "372"],
        [E, "其中:财政拨款", "372"],
        [E, "其他资金", E],
        ["绩效目标", "本年申请372万元,用于弥补公用经费不足。主要用于两校区物业费、冬季采暖费、维修费以及特岗教师工资。"],
        [E, E],
        [E, E],
        [E, E],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标", "按要求合理支付", "按在校学生数核算经费"],
        [E, E, E, "当年在校学生数", "当年在校学生数4953"],
        [E, E, "质量指标", "义务教育学校正常运转", "按要求完成当年的教育教学工作"],
        [E, E, "时效指标", "贯穿全年", "当年的所有时间"],
        [E, E, "成本指标", "按要求合理支付", "确保教学工作正常运行"],
        [E, "效益指标", "经济效益指标", "促进市场繁荣", "372万元将用于学校运转支出,确保教学工作正常运行"],
        [E, E, "社会效益指标", "不增加百姓负担", "利用义教补助资金提高学校公用经费标准,资金由自治区保障,不向家长收取"],
        [E, E, "可持续影响指标", "长期实施", "自治区政策,长期实施"],
    ),
]

# 58 安徽 六安 金寨县 (金寨经济开发区管理委员会), 2021, 项目支出绩效目标申报表 (2021年度) of the 安徽
# template (as 34/35, one indicator group) for the project 物业管理: 主管部门 `县财政局`, funds 年度资金总额:
# / 其中:财政拨款 / 其他资金, one 年度目标 (`目标1:`), every 三级 name numbered `指标1:`, template
# placeholders `(≤**万元)` / `(≥**%)` left in three names, the template's `注:` lines under the table.
# Complete (ends with the 满意度 row); the copy is cut inside the second 注 line, which is left out.
# https://www.ahjinzhai.gov.cn/public/6617781/34383152.html
# The copy separates cells by single spaces and marks no merged cells.  Decided: title and
# "(2021年度)" are the first two rows of the table (as the copies of 34 and 35, same template, mark
# them); "项目资金    (万元)" is one label cell, its run of spaces kept as printed; the fund rows'
# leading spaces stand for the merged 项目资金 cell (empty cell) and 其他资金 has an empty value;
# "年度目标" and the goal text, printed on two lines, are one row (label | text), and the long run of
# spaces after the goal text is layout and is dropped; each indicator line is cut at its single
# spaces (no cell text holds a space); 绩效指标 is the first cell of the header row and merged over
# the indicator rows; the page title and the 来源/文字大小/背景色 line are page furniture (the title
# is kept as the first paragraph, as for 31).
DOCS["58_anhui-jinzhai_property-management-2021"] = [
    P("金寨经济开发区2021年度项目支出绩效目标申报表"),
    T(
        ["项目支出绩效目标申报表"],
        ["(2021年度)"],
        ["项目名称", "物业管理"],
        ["主管部门", "县财政局", "实施单位", "安徽金寨经济开发区管理委员会"],
        ["项目资金    (万元)", "年度资金总额:", "1125"],
        [E, "其中:财政拨款", "1125"],
        [E, "其他资金", E],
        ["年度目标", "目标1:维护辖区各安置小区安全巡逻、环境卫生及物业日常管理"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        [E, "产出指标", "数量指标", "指标1:安置小区物业费", "8个"],
        [E, E, "质量指标", "指标1:完成开发区工委、管委下达的安置小区物业费清算任务,指导小区物业开展文明创建等工作。",
         "房屋设备、设施的管理到位,环境卫生整洁,车辆停放有序"],
        [E, E, "时效指标", "指标1:按时保质完成开发区安置小区物业管理工作", "2021年全年"],
        [E, E, "成本指标", "指标1:项目总成本(≤**万元)", "≤1125万元"],
        [E, "效益指标", "经济效益指标", "指标1:清算8个安置小区本年度物业费和历史的遗留物业费(≥**%)。", "≥95%"],
        [E, E, "社会效益指标", "指标1:改善安置小区群众生活质量,提升安置小区生活水平。助力全县文明城市创建。", "显著改善"],
        [E, E, "生态效益指标", "指标1:优化安置小区生活环境,提高居民生活质量,营造安全舒适的居住环境。", "显著提高"],
        [E, E, "可持续影响指标", "指标1:持续提供人力物力保障,解决居民群众生产生活问题", "持续保障"],
        [E, "满意度指标", "服务对象满意度指标", "指标1:小区居民满意度(≥**%)", "≥90%"],
    ),
    P("注: 1.“其他资金”是指与财政拨款共同用于同一项目的单位自有资金、社会资金等。"),
]

# 59 福建 龙岩 (市财政局 + 市民族与宗教事务局), 2023, notice passing down 70万元 of 民族发展专项资金 to
# 上杭县 and 漳平市, with 附件1 分配表 (序号 | 单位 | 项目 | 金额, 小计 per county, 合计) and 附件2
# 专项转移支付绩效目标表 (2023年度) — which in the copy is the table of another fund of the bureau:
# 部门(单位)名称 / 部门预算编码 230001, 项目名称 宗教管理经费 / 补助区域 (seven counties), 资金情况(万元)
# 资金总额: 30, 总体目标, and an indicator grid 一级 | 二级 | 三级 | 指标解释 | 区域目标值 with one value
# column per county (7).  Partial: the copy ends in the second 质量 row (项目完成率 | 反映…); that row is
# left out, so two indicator rows are rendered.
# https://www.chacewang.com/newsdetail/news284125.html (third-party copy; no government original found)
# The copy runs everything together and turns "。" into ",": text kept as printed, cut at the labels.
# Decided: 附件1's rows follow its amounts (10 + 8 × 5 = 小计 50; 5 + 6 + 6 + 3 = 小计 20; 合计 70):
# 序号 and 单位 are merged over each county's rows (empty cells below), 小计 sits in the 项目 column,
# the 合计 label is written once over 序号/单位/项目; "单位:万元" is a paragraph as in 10.  附件2:
# "(2023年度)" is a paragraph under the title; 项目名称 | 宗教管理经费 | 补助区域 | … is one row (the
# labels of the 2025 table of the same bureau confirm the split 项目名称 / 补助区域); the fund cells
# are one row as in 55 and 10, 其他资金 empty; 区域目标值 heads the seven county columns, which get
# their own header row; the 数量 values "2312222" are seven one-digit cells (one per county column).
DOCS["59_fujian-longyan_religious-affairs-2023"] = [
    P("相关县(市、区)财政局、民族与宗教事务局:"),
    P("为促进少数民族地区经济社会事业发展,经研究,现下达民族发展专项资金70万元(详见附表),款列“2012399-其他民族事务支出”,上下级对账时,列市对县补助支出,请加强专项资金管理,并反馈使用情况,"),
    P("附件:1.2023年龙岩市民族发展专项资金分配表"),
    P("2.专项转移支付绩效目标表"),
    P("龙岩市财政局"),
    P("龙岩市民族与宗教事务局"),
    P("2023年3月13日"),
    P("附件1"),
    P("2023年龙岩市民族发展专项资金分配表"),
    P("单位:万元"),
    T(
        ["序号", "单位", "项目", "金额"],
        ["1", "上杭县", "龙岩市畲族文化研究会《闽西畲族志》编纂出版项目", "10"],
        [E, E, "南阳镇双溪村人饮工程二期项目", "8"],
        [E, E, "下都镇吉安村屋顶安装分布式光伏发电项目", "8"],
        [E, E, "湖洋镇文光村少数民族文化长廊项目", "8"],
        [E, E, "南阳镇涂坑村畲族文化交流及文化产业服务基地建设", "8"],
        [E, E, "中都镇古坊村五驳桥段道路拓宽硬化及沟渠建设项目(百香果产业)", "8"],
        [E, E, "小计", "50"],
        ["2", "漳平市", "双洋镇中村村茶山道路硬化项目", "5"],
        [E, E, "双洋镇坑源村村口村标及绿化项目", "6"],
        [E, E, "象湖镇科山村畲族文化展览厅项目", "6"],
        [E, E, "漳平市民族与宗教事务局民族团结进步创建项目", "3"],
        [E, E, "小计", "20"],
        ["合计", "70"],
    ),
    P("附件2"),
    P("专项转移支付绩效目标表"),
    P("(2023年度)"),
    T(
        ["部门(单位)名称", "龙岩市民族与宗教事务局", "部门预算编码", "230001"],
        ["项目名称", "宗教管理经费", "补助区域", "新罗区、永定区、上杭县、武平县、长汀县、连城县、漳平市"],
        ["资金情况(万元)", "资金总额:", "30", "其中:财政拨款", "30", "其他资金", E],
        ["总体目标", "为推进宗教活动场所规范化管理,提升我市宗教工作管理水平,"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标解释", "区域目标值"],
        [E, E, E, E, E, "新罗区", "永定区", "上杭县", "武平县", "长汀县", "连城县", "漳平市"],
        [E, "产出指标", "数量指标", "宗教管理经费补助县(市、区)数量", "反映宗教管理经费补助县(市、区)数量情况",
         "2", "3", "1", "2", "2", "2", "2"],
        [E, E, "质量指标", "项目资金使用合规性", "反映项目资金使用合规情况",
         ">=95%", ">=95%", ">=95%", ">=95%", ">=95%", ">=95%", ">=95%"],
    ),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
