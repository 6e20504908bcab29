"""The indicator taxonomy (domain.md §3): 一级/二级 names normalised to one vocabulary.

Names are accepted with or without the trailing 指标 and with tags such as `(必填)`,
`(0-20)分` or `★`; synonyms are mapped (环境效益 → 生态效益). Rules compare canonical names
only, so `产出指标`, `产出` and `产出指标(必填)` are one thing to every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.values import CACHE_SIZE, clean

#: Canonical 一级 → its allowed canonical 二级 (older layout: 成本 under 产出).
TAXONOMY: dict[str, tuple[str, ...]] = {
    "产出": ("数量", "质量", "时效", "成本"),
    "成本": ("经济成本", "社会成本", "生态环境成本"),
    "效益": ("经济效益", "社会效益", "生态效益", "可持续影响"),
    "满意度": ("服务对象满意度", "社会公众满意度", "社会公众或服务对象满意度"),
}

#: Written names (after cleaning) that mean a canonical name.
SYNONYMS: dict[str, str] = {
    "产出": "产出",
    "成本": "成本",
    "效益": "效益",
    "效果": "效益",
    "满意度": "满意度",
    "满意": "满意度",
    "数量": "数量",
    "质量": "质量",
    "时效": "时效",
    "进度": "时效",
    "时间": "时效",
    "经济成本": "经济成本",
    "社会成本": "社会成本",
    "生态环境成本": "生态环境成本",
    "环境成本": "生态环境成本",
    "生态成本": "生态环境成本",
    "经济效益": "经济效益",
    "社会效益": "社会效益",
    "生态效益": "生态效益",
    "环境效益": "生态效益",
    "生态环境效益": "生态效益",
    "可持续影响": "可持续影响",
    "可持续发展": "可持续影响",
    "服务对象满意度": "服务对象满意度",
    "社会公众满意度": "社会公众满意度",
    "社会公众或服务对象满意度": "社会公众或服务对象满意度",
    "服务对象或社会公众满意度": "社会公众或服务对象满意度",
}

_TAG_RE = re.compile(r"[（(【\[][^（）()【】\[\]]*[)）】\]]|★|☆|\*+|[0-9]+(?:[-~～][0-9]+)?分")


@lru_cache(maxsize=CACHE_SIZE)
def strip_tags(name: str) -> str:
    """`产出指标(必填硬性指标)` → `产出指标`; `★数量指标` → `数量指标`."""
    return _TAG_RE.sub("", name)


@lru_cache(maxsize=CACHE_SIZE)
def canonical(name: str | None) -> str:
    """The canonical taxonomy name of a written 一级/二级 name, or the cleaned name itself.

    The trailing 指标 (and 类指标) is optional: `数量指标` and `数量` are the same 二级.
    """
    text = clean(strip_tags(clean(name)))
    for suffix in ("类指标", "指标"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return SYNONYMS.get(text, text)


@dataclass(frozen=True, slots=True)
class Classified:
    """An indicator row's place in the taxonomy."""

    level1: str
    level2: str
    level1_known: bool
    level2_allowed: bool

    @property
    def is_cost(self) -> bool:
        """成本 under 产出 (older layout) or 成本 as its own 一级 (2021 layout)."""
        return (self.level1 == "产出" and self.level2 == "成本") or self.level1 == "成本"

    @property
    def is_satisfaction(self) -> bool:
        return self.level1 == "满意度"

    @property
    def is_benefit(self) -> bool:
        return self.level1 == "效益"


@lru_cache(maxsize=CACHE_SIZE)
def classify(level1: str | None, level2: str | None) -> Classified:
    """Where a row with these 一级/二级 names sits in the taxonomy."""
    l1 = canonical(level1)
    l2 = canonical(level2)
    known = l1 in TAXONOMY
    return Classified(l1, l2, known, known and l2 in TAXONOMY[l1])
