"""Synthetic, realistic target records for the benchmark and the batch tests.

Modelled on the seed document (怀来县, budget year 2023): each department (预算单位) keeps its
project target tables as one-record YAML files (`<unit>/<项目编码>.yaml`), and about one in five
departments hands in one document instead (`<unit>/document.yaml`: Part 1 and every table). Values
are varied from the seed's vocabulary — names, 发文字号, indicators, values, bases — with a fixed
random seed, so the same arguments always write the same bytes. About one record in ten carries
one injected defect a reviewer would reject (a decreasing plan, a cost above the budget, a missing
数量 or 满意度 row, `95%以上`, a sum that does not add up, a schema violation …).

    python -m bench.generate OUT --records 2000 [--seed 20230101] [--documents 0.2]

A record is about 3 KB of YAML (10–14 indicator rows, as the seed's table 10).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SEED = 20230101
BUDGET_YEAR = 2023

#: County region codes of Hebei (张家口's counties and a few others).
REGIONS = ("130730", "130722", "130723", "130724", "130725", "130726", "130727", "130728")
#: Unit name stems: 怀来县 + stem.
DEPARTMENT_STEMS = (
    "工业和信息化局",
    "数字经济局",
    "农业农村局",
    "水务局",
    "教育和体育局",
    "卫生健康局",
    "民政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "交通运输局",
    "文化广电和旅游局",
    "市场监督管理局",
    "应急管理局",
    "生态环境分局",
    "林业和草原局",
    "商务局",
    "科学技术局",
    "统计局",
    "审计局",
    "司法局",
    "退役军人事务局",
    "医疗保障局",
    "行政审批局",
)
COUNTIES = ("怀来县", "涿鹿县", "蔚县", "阳原县", "怀安县", "万全区", "崇礼区", "赤城县")
NOTICE_PREFIXES = ("怀财预批", "怀财字", "冀财建", "冀财农", "冀财教", "张财预", "冀财社")

DEFECTS = (
    "plan_decreasing",
    "plan_short",
    "cost_above_budget",
    "costs_sum_above_budget",
    "missing_quantity",
    "missing_satisfaction",
    "missing_cost",
    "percent_suffix",
    "budget_sum",
    "bad_code",
    "schema_unknown_key",
    "schema_wrong_type",
)


@dataclass(frozen=True)
class Theme:
    """A kind of project: its name, use of funds, goals and the rows it measures."""

    name: str
    purpose: str
    goals: tuple[str, ...]
    quantities: tuple[tuple[str, str, str], ...]  # name, description, unit
    costs: tuple[tuple[str, str], ...]  # name, description
    benefits: tuple[tuple[str, str, str, str], ...]  # 二级, name, description, value
    respondents: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        "运行经费",
        "用于{year}年招商引资宣传、专家培训、办公用品购置",
        ("购置办公设备及办公用品", "招商引资", "开展业务培训", "宣传片制作"),
        (
            ("办公家具和办公设备购置数量", "办公家具和办公设备购置数量（台/件/辆/套）", "台/套/件"),
            ("组织招商引资次数", "组织招商引资次数", "次"),
            ("培训次数", "专家团队业务培训次数", "次"),
            ("宣传片制作次数", "宣传片制作次数", "次"),
        ),
        (
            ("办公家具及设备成本", "购置金额"),
            ("招商引资成本", "用于招商引资成本"),
            ("专家服务费", "专家团队服务成本"),
            ("宣传片制作", "用于日常会议等工作需要的宣传片制作费用"),
        ),
        (("社会效益", "数字经济产业发展", "促进数字经济产业发展", "达到预期目标"),),
        ("机关人员", "服务企业"),
    ),
    Theme(
        "支持企业发展资金",
        "用于支持企业上档升级、科技创新、两化融合等支出",
        ("通过支持企业发展资金，使我县企业发展能力提升", "支持企业开展技术改造"),
        (
            ("受惠企业数量", "获得发展资金支持的企业数量", "家"),
            ("技改项目数量", "支持企业技术改造项目数", "个"),
        ),
        (("企业补助成本", "支持企业发展资金"), ("项目评审费", "专家评审项目费用")),
        (
            ("经济效益", "企业营业收入增长", "受支持企业营业收入同比增长", "≥5%"),
            ("社会效益", "企业发展能力", "发展资金对于企业发展能力提升", "达到预期目标"),
        ),
        ("受惠企业", "企业"),
    ),
    Theme(
        "差旅费",
        "用于日常工作中的差旅费支出",
        ("保证差旅工作能够顺利开展",),
        (("差旅次数", "全年公务出差次数", "次"), ("参加培训人次", "参加上级业务培训人次", "人次")),
        (("差旅费成本", "差旅费成本控制在预算成本范围内"), ("培训费", "参加培训产生的费用")),
        (("社会效益", "满足工作需要", "保障日常工作正常开展", "是"),),
        ("单位员工", "工作人员"),
    ),
    Theme(
        "中小企业运行监测经费",
        "用于全县中小企业运行监测支出",
        ("通过开展中小企业运行监测，为我县中小企业在数据采集、形势研判、统计分析等方面提供支持",),
        (
            ("运行监测企业数", "中小企业运行监测企业数", "家"),
            ("监测报告份数", "形成运行监测分析报告", "份"),
        ),
        (("监测平台运维费", "监测平台运行维护费用"), ("数据采集费", "企业数据采集和核验费用")),
        (("社会效益", "利于企业数据采集", "有利于中小企业数据采集", "达到预期目标"),),
        ("运行监测企业",),
    ),
    Theme(
        "农村饮水安全工程维修养护资金",
        "用于农村供水工程维修养护和水质检测",
        ("完成农村供水工程维修养护", "保障农村居民饮水安全", "开展水质检测"),
        (
            ("维修养护工程数量", "完成维修养护的供水工程处数", "处"),
            ("受益人口", "工程受益农村人口", "人"),
            ("水质检测次数", "农村供水水质检测次数", "次"),
        ),
        (("维修养护费", "供水工程维修养护费用"), ("水质检测费", "委托第三方水质检测费用")),
        (
            ("社会效益", "农村饮水安全保障水平", "农村集中供水率", "≥95%"),
            ("可持续影响", "工程长效运行", "供水工程正常运行年限", "≥5年"),
        ),
        ("受益群众", "农村居民"),
    ),
    Theme(
        "高标准农田建设项目",
        "用于高标准农田土地平整、灌溉排水和田间道路建设",
        ("新建高标准农田", "改善农田灌溉条件", "提高粮食综合生产能力"),
        (
            ("新建高标准农田面积", "当年新建高标准农田面积", "亩"),
            ("新建田间道路长度", "新建和改建田间道路", "公里"),
            ("新打机井数量", "新打和修复机井数量", "个"),
        ),
        (("亩均建设成本", "高标准农田亩均财政投入"), ("工程监理费", "工程建设监理费用")),
        (
            ("经济效益", "亩均粮食增产", "项目区亩均粮食产量增加", "≥50公斤"),
            ("生态效益", "节水灌溉", "项目区节水灌溉面积占比", "≥80%"),
        ),
        ("项目区农户", "村民"),
    ),
    Theme(
        "学生资助资金",
        "用于家庭经济困难学生生活补助和助学金发放",
        ("按时足额发放家庭经济困难学生资助资金", "保障家庭经济困难学生顺利完成学业"),
        (
            ("资助学生人数", "享受生活补助的家庭经济困难学生人数", "人"),
            ("资助学校数量", "涉及学校数量", "所"),
        ),
        (("生活补助成本", "家庭经济困难学生生活补助"), ("助学金成本", "国家助学金发放")),
        (("社会效益", "家庭经济困难学生辍学情况", "因贫辍学学生人数", "=0人"),),
        ("受助学生", "学生家长"),
    ),
    Theme(
        "城乡居民医疗救助资金",
        "用于城乡困难群众医疗救助",
        ("对城乡困难群众开展医疗救助", "减轻困难群众医疗费用负担"),
        (
            ("救助人次", "医疗救助人次", "人次"),
            ("资助参保人数", "资助困难群众参加基本医疗保险人数", "人"),
        ),
        (("医疗救助成本", "医疗救助资金支出"), ("资助参保成本", "资助参保资金支出")),
        (("社会效益", "困难群众医疗负担", "困难群众政策范围内住院费用救助比例", "≥70%"),),
        ("救助对象", "困难群众"),
    ),
    Theme(
        "森林草原防火经费",
        "用于森林草原防火物资购置、巡护和宣传",
        ("购置防火物资", "开展防火巡护", "开展防火宣传"),
        (
            ("购置防火物资数量", "购置风力灭火机等物资", "台/套/件"),
            ("巡护人员数量", "聘用护林员人数", "人"),
            ("防火宣传次数", "开展防火宣传活动次数", "次"),
        ),
        (("防火物资购置费", "防火物资采购费用"), ("护林员补助", "护林员劳务补助")),
        (
            ("生态效益", "森林火灾受害率", "森林火灾受害率", "≤0.9‰"),
            ("社会效益", "防火意识", "群众防火意识达到预期", "达到预期目标"),
        ),
        ("林区群众", "护林员"),
    ),
    Theme(
        "文化惠民演出经费",
        "用于送戏下乡和公共文化服务活动",
        ("开展送戏下乡演出", "丰富群众文化生活"),
        (
            ("送戏下乡场次", "全年送戏下乡演出场次", "场"),
            ("惠及群众人次", "观看演出群众人次", "人次"),
        ),
        (("演出成本", "演出团体劳务费用"), ("舞台设备租赁费", "舞台音响设备租赁费用")),
        (("社会效益", "群众文化生活", "丰富群众精神文化生活", "达到预期目标"),),
        ("观演群众", "村民"),
    ),
)

QUALITY_ROWS = (
    ("项目验收合格率", "项目验收合格率", "≥95%"),
    ("各项工作任务完成率", "各项工作任务完成率", "≥90%"),
    ("资金使用合规率", "资金使用符合财务制度规定", "=100%"),
    ("数据准确率", "上报数据准确率", "≥98%"),
)
TIMELINESS_ROWS = (
    ("完成时间", "项目完成时间", "{year}年12月底前"),
    ("资金拨付及时率", "资金按计划拨付及时率", "≥95%"),
    ("任务完成及时率", "各项任务按期完成比例", "≥95%"),
    ("项目开工时间", "项目按计划开工", "{year}年6月底前"),
)
SUSTAINABILITY_ROWS = (
    ("长效管理机制", "建立健全项目资金管理和绩效监控制度，形成长效管理机制", "达到预期目标"),
    ("政策持续发挥作用", "项目实施对相关政策目标的持续支撑作用", "达到预期目标"),
    ("工作机制完善程度", "相关工作制度和工作流程完善，保障项目持续运行", "是"),
)
PLANS = (
    ("30", "60", "90", "100"),
    ("25", "50", "75", "100"),
    ("20", "50", "80", "100"),
    ("10", "40", "85", "100"),
    ("0", "30", "70", "100"),
)
DESCRIPTION_TAILS = (
    "",
    "，以{year}年12月31日统计数据为准",
    "，按项目实施方案和年度工作计划确定",
    "（以主管部门验收确认的数量为准）",
)
BASES_PLAN = (
    "{year}年度工作计划",
    "{year}年度预算测算",
    "项目实施方案",
    "{year}年度工作计划，{year}年度预算测算",
)
BASES_BENEFIT = ("上年历史经验", "行业标准", "往年同期数据", "{year}年度工作计划")
BASES_SATISFACTION = ("调查问卷", "问卷调查", "满意度调查")


@dataclass
class Department:
    unit_code: str
    name: str
    region: str
    projects: list[dict[str, Any]] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return f"{self.unit_code}{self.name}"


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """`parts` positive amounts (2 decimals) summing to at most `total`."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = sum(weights)
    shares = [
        (total * Decimal(w / scale) * Decimal("0.98")).quantize(Decimal("0.01")) for w in weights
    ]
    return [s if s > 0 else Decimal("0.01") for s in shares]


def _project_code(dept: Department, serial: int, rng: random.Random) -> str:
    """Region, year, P, 11 digits (unit and serial: unique in a batch), a check character."""
    year = rng.choice(("22", "23", "23", "23"))
    check = rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY")
    return f"{dept.region}{year}P{dept.unit_code[1:]}{serial:06d}{check}"


def _indicator(
    level1: str, level2: str, name: str, description: str, value: str, basis: str
) -> dict[str, str]:
    return {
        "level1": f"{level1}指标",
        "level2": f"{level2}指标",
        "name": name,
        "description": description,
        "value": value,
        "basis": basis,
    }


def make_project(dept: Department, serial: int, rng: random.Random) -> dict[str, Any]:
    """One clean, realistic target table (about 3 KB of YAML)."""
    year = BUDGET_YEAR
    theme = rng.choice(THEMES)
    notice = (
        f"{rng.choice(NOTICE_PREFIXES)}[{year - rng.randint(0, 1)}]{rng.randint(1, 320)}号 "
        if rng.random() < 0.6
        else ""
    )
    name = f"{notice}{dept.name.removesuffix('局')}{theme.name}"
    total = Decimal(rng.choice((0.5, 1, 2, 4, 8, 12, 20, 35, 50, 80, 120, 200, 500))) * Decimal(
        rng.uniform(0.6, 1.4)
    )
    total = total.quantize(Decimal("0.01"))
    other = Decimal(0) if rng.random() < 0.8 else (total * Decimal("0.2")).quantize(Decimal("0.01"))
    plan = rng.choice(PLANS)
    rows: list[dict[str, str]] = []

    def basis(pool: Sequence[str]) -> str:
        return rng.choice(pool).format(year=year)

    quantities = rng.sample(theme.quantities, k=min(len(theme.quantities), rng.randint(2, 4)))
    for q_name, q_desc, unit in quantities:
        amount = rng.choice((1, 2, 3, 5, 6, 10, 12, 15, 20, 36, 50, 100, 120, 500, 1200))
        comparator = "≥" if rng.random() < 0.85 else "="
        description = q_desc + rng.choice(DESCRIPTION_TAILS).format(year=year)
        value = f"{comparator}{amount}{unit}"
        rows.append(_indicator("产出", "数量", q_name, description, value, basis(BASES_PLAN)))
    for q_name, q_desc, value in rng.sample(QUALITY_ROWS, k=rng.randint(2, 3)):
        rows.append(_indicator("产出", "质量", q_name, q_desc, value, basis(BASES_PLAN)))
    for t_name, t_desc, value in rng.sample(TIMELINESS_ROWS, k=rng.randint(1, 2)):
        rows.append(
            _indicator("产出", "时效", t_name, t_desc, value.format(year=year), basis(BASES_PLAN))
        )
    costs = rng.sample(theme.costs, k=rng.randint(1, len(theme.costs)))
    for (c_name, c_desc), cost in zip(costs, _split(total, len(costs), rng), strict=True):
        rows.append(
            _indicator("产出", "成本", c_name, c_desc, f"≤{_money(cost)}万元", basis(BASES_PLAN))
        )
    for level2, b_name, b_desc, value in theme.benefits:
        rows.append(_indicator("效益", level2, b_name, b_desc, value, basis(BASES_BENEFIT)))
    if rng.random() < 0.7:
        rows.append(
            _indicator("效益", "可持续影响", *rng.choice(SUSTAINABILITY_ROWS), basis(BASES_BENEFIT))
        )
    respondent = rng.choice(theme.respondents)
    rows.append(
        _indicator(
            "满意度",
            "服务对象满意度",
            f"{respondent}满意度",
            f"{respondent}对项目实施的满意程度",
            f"≥{rng.choice((85, 90, 95))}%",
            basis(BASES_SATISFACTION),
        )
    )
    goals = [f"{i}.{g}" for i, g in enumerate(rng.sample(theme.goals, k=len(theme.goals)), 1)]
    return {
        "heading": f"{serial}.{name}绩效目标表",
        "unit": dept.unit,
        "money_unit": "万元",
        "code": _project_code(dept, serial, rng),
        "name": name,
        "budget": {
            "total": _money(total),
            "fiscal": _money(total - other),
            "other": _money(other) if other else "",
        },
        "purpose": theme.purpose.format(year=year),
        "spending_plan": [
            {"label": label, "percent": percent}
            for label, percent in zip(("3月底", "6月底", "10月底", "12月底"), plan, strict=True)
        ],
        "goals": goals,
        "indicators": rows,
    }


def inject(project: dict[str, Any], defect: str, rng: random.Random) -> None:
    """Give one project one defect a reviewer would reject."""
    rows: list[dict[str, str]] = project["indicators"]
    plan: list[dict[str, str]] = project["spending_plan"]
    budget = Decimal(project["budget"]["total"])
    if defect == "plan_decreasing":
        plan[2]["percent"], plan[1]["percent"] = "40", "70"
    elif defect == "plan_short":
        plan[3]["percent"] = rng.choice(("90", "95"))
    elif defect == "cost_above_budget":
        cost = next(r for r in rows if r["level2"] == "成本指标")
        cost["value"] = f"≤{_money(budget * 3)}万元"
    elif defect == "costs_sum_above_budget":
        for r in rows:
            if r["level2"] == "成本指标":
                r["value"] = f"≤{_money(budget * Decimal('0.9'))}万元"
        rows.append(
            _indicator(
                "产出",
                "成本",
                "其他费用",
                "其他支出",
                f"≤{_money(budget * Decimal('0.5'))}万元",
                "预算测算",
            )
        )
    elif defect == "missing_quantity":
        rows[:] = [r for r in rows if r["level2"] != "数量指标"]
    elif defect == "missing_satisfaction":
        rows[:] = [r for r in rows if r["level1"] != "满意度指标"]
    elif defect == "missing_cost":
        rows[:] = [r for r in rows if r["level2"] != "成本指标"]
    elif defect == "percent_suffix":
        quality = next(r for r in rows if r["level2"] == "质量指标")
        quality["value"] = "95%以上"
    elif defect == "budget_sum":
        project["budget"]["fiscal"] = _money(budget + Decimal(rng.randint(1, 9)))
    elif defect == "bad_code":
        project["code"] = project["code"][:9] + project["code"][11:]
    elif defect == "schema_unknown_key":
        rows[0]["nmae"] = rows[0].pop("name")
    elif defect == "schema_wrong_type":
        project["goals"] = "；".join(project["goals"])


def overview(dept: Department, rng: random.Random) -> dict[str, Any]:
    """Part 1 of a department's document (总体绩效目标, 分项绩效目标, 工作保障措施)."""
    count = len(dept.projects)
    total = sum((Decimal(p["budget"]["total"]) for p in dept.projects), Decimal(0))
    return {
        "title": "部门整体绩效目标",
        "sections": [
            {
                "number": "一",
                "title": "总体绩效目标",
                "paragraphs": [
                    f"我单位{dept.name}，{BUDGET_YEAR}年总体绩效目标如下：",
                    f"1.完成{count}个预算项目，预算资金{_money(total)}万元，资金支出进度按计划推进。",
                    f"2.重点工作任务完成率不低于{rng.choice((90, 95))}%，服务对象满意度不低于90%。",
                ],
            },
            {
                "number": "二",
                "title": "分项绩效目标",
                "paragraphs": [f"{p['name']}：{p['goals'][0]}" for p in dept.projects[:3]],
            },
            {
                "number": "三",
                "title": "工作保障措施",
                "paragraphs": ["加强预算绩效管理，严格资金使用，定期开展绩效运行监控。"],
            },
        ],
    }


def departments(records: int, rng: random.Random) -> list[Department]:
    """Departments with between 10 and 60 projects each, `records` projects in all."""
    out: list[Department] = []
    made = 0
    index = 0
    while made < records:
        county = COUNTIES[(index // len(DEPARTMENT_STEMS)) % len(COUNTIES)]
        stem = DEPARTMENT_STEMS[index % len(DEPARTMENT_STEMS)]
        suffix = "" if index < len(DEPARTMENT_STEMS) * len(COUNTIES) else f"第{index}分局"
        region = REGIONS[(index // len(DEPARTMENT_STEMS)) % len(REGIONS)]
        dept = Department(f"{471001 + index:06d}", f"{county}{stem}{suffix}", region)
        size = min(records - made, rng.randint(10, 60))
        for serial in range(1, size + 1):
            dept.projects.append(make_project(dept, serial, rng))
        made += size
        out.append(dept)
        index += 1
    return out


#: libyaml's emitter writes the same text as the pure-Python one, several times faster.
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    """Block style, Chinese unescaped, keys in the model's order."""
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=200)


def generate(
    out: Path, records: int, seed: int = DEFAULT_SEED, documents: float = 0.2, defects: float = 0.1
) -> dict[str, int]:
    """Write `records` project records under `out`; returns counts of what was written."""
    rng = random.Random(seed)
    written = {"files": 0, "documents": 0, "records": 0, "defective": 0}
    for dept in departments(records, rng):
        folder = out / dept.unit_code
        folder.mkdir(parents=True, exist_ok=True)
        as_document = rng.random() < documents
        # a schema violation rejects a whole document: keep those to one-record files
        kinds = [d for d in DEFECTS if not (as_document and d.startswith("schema_"))]
        for project in dept.projects:
            if rng.random() < defects:
                defect = rng.choice(kinds)
                inject(project, defect, rng)
                dept.defects.append(defect)
                written["defective"] += 1
        written["records"] += len(dept.projects)
        if as_document:
            document = {
                "format": "jxcheck/1",
                "kind": "document",
                "budget_year": BUDGET_YEAR,
                "department": dept.name,
                "overview": overview(dept, rng),
                "projects": dept.projects,
            }
            (folder / "document.yaml").write_text(dump(document), encoding="utf-8")
            written["files"] += 1
            written["documents"] += 1
            continue
        for project in dept.projects:
            record = {"format": "jxcheck/1", "kind": "project", "budget_year": BUDGET_YEAR}
            record.update(project)
            name = project["code"] if isinstance(project.get("code"), str) else "record"
            path = folder / f"{name}.yaml"
            if path.exists():  # two projects of one department drew the same code
                path = folder / f"{name}-{project['heading'].split('.')[0]}.yaml"
            path.write_text(dump(record), encoding="utf-8")
            written["files"] += 1
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write (created)")
    parser.add_argument("--records", type=int, default=2000, help="project records (default 2000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--documents", type=float, default=0.2, help="share of departments handing in a document"
    )
    parser.add_argument(
        "--defects", type=float, default=0.1, help="share of records with an injected defect"
    )
    args = parser.parse_args(argv)
    counts = generate(args.out, args.records, args.seed, args.documents, args.defects)
    print(
        f"{counts['records']} records ({counts['defective']} defective) in {counts['files']} "
        f"files ({counts['documents']} documents) under {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
