#!/usr/bin/env python3
"""Render the fourth batch of extra real documents (numbers 45-49) in the Word "save as plain
text" layout.

Companion of make_extra2.py (documents 30-39): a separate script so that each batch can be
regenerated on its own.  This batch is a held-out test of the importer and the rules: it was read
and reviewed (REVIEW-extra4.md, expected-extra4.yaml) before any checker was run on it.  Only one
document (45) could be found for the places assigned to this batch (see SOURCES-extra4.md); the
numbers 46-49 are unused.  Each document is a list of blocks:

  (P and T, and the layout they are written in: render.py)

How the cells were read from the sources (raw/NN_*.txt keeps each source verbatim):
  * wording, values, punctuation (the stored copies use ASCII ( ) : , in most places), spaces and
    column order are copied as they are, recognition errors of OCR'd copies included; personal
    names and phone numbers would be replaced by "××" (none occur in this batch);
  * a horizontally merged cell is written once and the rows below a vertically merged label get an
    empty cell at its place, as Word exports them; where the copy does not show row or cell
    boundaries, the comment at the document says how they were decided;
  * page furniture (site banners, "还剩1页未读", "文本内容:" lines) is left out;
  * documents whose stored copy ends inside a table are rendered up to their last complete row.

Run:  python3 make_extra4.py        (writes NN_*.txt next to this script)
"""
from pathlib import Path

from render import E, P, T, write

HERE = Path(__file__).resolve().parent


DOCS = {}

# 45 甘肃 嘉峪关市文化和旅游局, 2023, two 省级部门预算项目支出绩效目标表 from the 甘肃 budget system
# (a multi-project export): 一级项目名称 / 二级项目名称 (the project), 项目类型, 项目分类, 资金用途,
# 主管部门, 项目开始/完成日期, funds 项目总投资 | 中央补助安排 | 省级财政安排 | 其他资金 | 预算申报数 |
# 资金性质, 基本情况, 项目立项必要性, 保证项目实施的制度措施, 项目实施计划, 组织实施单位 / 监督管理单位 /
# 项目实施单位, 政策依据 / 其他依据 / 需要说明的其他问题, 年度绩效目标, then 一级 | 二级 | 三级 |
# 指标目标值 with values written comparator + number + unit (`=300天`, `=100百分比`) and 成本指标
# as a 一级 with 经济成本 / 社会成本 / 生态环境成本 (the 2021 layout).
# http://bigxun.com/view/1667741699571552258 (third-party copy: a document-sharing site's text
# extraction of the file, OCR errors included).
# Partial: the first table is complete (down to the 满意度 row); the second (博物馆提升改造项目) is cut
# inside its fund row ("项目总投资 174.78万元中央补"), which is left out: it is rendered up to its
# 项目开始日期 / 项目完成日期 row.
# The copy runs all cells together with no separators; rows and cells follow the printed form of
# this template (label | value pairs, two pairs a row).  Decided:
#   * the table titles are rows of their tables ("(2023年度)" of the first and the bare "2023年度" of
#     the second are kept as printed, joined to the title);
#   * OCR errors are kept verbatim: "一*级项目名称", "项目完成H期", "二100百分比" (the other values
#     read "="), "为当地提供就业LJUI,冈位";
#   * 项目实施计划, 其他依据 and 需要说明的其他问题 have no value (the next label follows directly);
#   * 政策依据 keeps the copy's line break ("甘财科" / "[2022]78号");
#   * "%" after 及时率 and 满意度 belongs to the 三级 name ("各项工作完成及时率%", "服务对象满意度%"),
#     the value starting at its comparator;
#   * 成本指标 is a 一级 (it is followed directly by the 二级 label 经济成本指标);
#   * "生态效益指标历史文化传承环保意识时限长远" is read as 三级 "历史文化传承环保意识时限" with the value
#     "长远" (as in the 社会成本 row, whose value is "长远"); reading "时限长远" as the value is possible;
#   * the 满意度 二级 is printed "服务对象满意度" (no 指标 suffix) and kept so.
DOCS["45_gansu-jiayuguan_museum-2023"] = [
    T(
        ["省级部门预算项目支出绩效目标表(2023年度)"],
        ["一*级项目名称", "文化事业发展专项资金", "二级项目名称", "博物馆纪念馆市级免费开放补助资金"],
        ["项目类型", "新增项目", "项目分类", "专项工作经费"],
        ["资金用途", "业务类项目", "主管部门", "嘉峪关市文化和旅游局"],
        ["项目开始日期", "2023-01-01", "项目完成H期", "2023-12-31"],
        ["项目总投资", "20万元", "中央补助安排", "0"],
        ["省级财政安排", "0", "其他资金", "20万元"],
        ["预算申报数", "20万元", "资金性质", "一般公共预算"],
        ["基本情况", "保障博物馆正常运转"],
        ["项目立项必要性", "保障各项业务正常运行"],
        ["保证项目实施的制度措施", "博物馆绩效考核"],
        ["项目实施计划", E],
        ["组织实施单位", "甘肃省文物局", "监督管理单位", "嘉峪关文旅局"],
        ["项目实施单位", "嘉峪关城市博物馆", "政策依据", "甘财科\n[2022]78号"],
        ["其他依据", E, "需要说明的其他问题", E],
        ["年度绩效目标", "进一步提高博物馆纪念馆运行效率和免费开放服务水平"],
        ["一级指标", "二级指标", "三级指标", "指标目标值"],
        ["产出指标", "数量指标", "免费开放天数", "=300天"],
        [E, "质量指标", "博物馆绩效考核指标完成率", "=100百分比"],
        [E, "时效指标", "各项工作完成及时率%", "=99百分比"],
        ["成本指标", "经济成本指标", "资金使用效率", "二100百分比"],
        [E, "社会成本指标", "对当地文物保护、文化传承影响", "长远"],
        [E, "生态环境成本指标", "提升博物馆绿化水平", "提升"],
        ["效益指标", "经济效益指标", "为当地提供就业LJUI,冈位", "增加岗位"],
        [E, "社会效益指标", "免费开放接待观众人数", "=30000人次"],
        [E, "生态效益指标", "历史文化传承环保意识时限", "长远"],
        ["满意度指标", "服务对象满意度", "服务对象满意度%", "=99百分比"],
    ),
    T(
        ["省级部门预算项目支出绩效目标表2023年度"],
        ["一*级项目名称", "公共文化服务体系建设专项资金", "二级项目名称", "博物馆提升改造项目"],
        ["项目类型", "新增项目", "项目分类", "其他项目"],
        ["资金用途", "业务类项目", "主管部门", "嘉峪关市文化和旅游局"],
        ["项目开始日期", "2023-01-01", "项目完成日期", "2023-12-31"],
    ),
]


def main():
    write(DOCS, HERE)


if __name__ == "__main__":
    main()
