"""Waivers: approved exceptions a policy layer lists, and how they mark a run's findings.

A waived finding stays in the report, marked waived with its reason; an expired waiver no longer
waives and adds `X002`; a waiver that matched nothing adds `X003`. A waiver is an audited
exception (reason, approver, expiry), never a switch: a mandatory rule's finding can be waived
and is still shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from checker.errors import ConfigError
from checker.finding import Finding
from checker.i18n import Text
from checker.policy.model import PolicyLayer, WaiverSpec


class WaiverPolicy(Protocol):
    """What applying waivers needs of a resolved policy (a protocol, so this module does not
    import `checker.policy.resolve`, which imports it)."""

    waivers: list[WaiverSpec]

    def is_enabled(self, rule_id: str) -> bool: ...


#: Rule ids of the findings `apply_waivers` adds.
EXPIRED_WAIVER_RULE = "X002"
UNUSED_WAIVER_RULE = "X003"

MakeFinding = Callable[..., Finding]


def waiver_specs(layer: PolicyLayer) -> list[WaiverSpec]:
    """The waivers of one layer (checked against the schema already), with their lines; a date
    the calendar does not have (2030-02-30) is a ConfigError naming it."""
    specs: list[WaiverSpec] = []
    for i, raw in enumerate(layer.waivers()):
        pointer = f"/waivers/{i}"
        try:
            expires = date.fromisoformat(raw["expires"])
        except ValueError:
            where = layer.where(pointer + "/expires")
            raise ConfigError(
                Text(
                    f"{where}: 日期 {raw['expires']} 不存在；写成实际的日期，如 2024-06-30",
                    f"{where}: the date {raw['expires']} does not exist; write a real date, "
                    "e.g. 2024-06-30",
                )
            ) from None
        specs.append(
            WaiverSpec(
                rule=raw["rule"],
                project=raw["project"],
                pointer=raw.get("pointer"),
                reason=raw["reason"],
                approver=raw["approver"],
                expires=expires,
                source=layer.file,
                line=layer.line(pointer),
                layer=layer.name,
                index=i,
            )
        )
    return specs


def apply_waivers(
    findings: list[Finding],
    policy: WaiverPolicy,
    today: date,
    make_finding: MakeFinding,
) -> list[Finding]:
    """Mark findings covered by an unexpired waiver; report expired (X002) and unused (X003) ones.

    `make_finding(rule_id, message, file, line, project_code, project_name, pointer)` is the
    engine's: it sets severity and fingerprint. A finding already carrying a waiver is kept as it
    is. Returns the findings (same order) followed by the X002/X003 findings.
    """
    used = [False] * len(policy.waivers)
    out: list[Finding] = []
    extra: list[Finding] = []
    for finding in findings:
        matching = [(i, w) for i, w in enumerate(policy.waivers) if w.covers(finding)]
        for i, _ in matching:
            used[i] = True
        if not matching or finding.waived:
            out.append(finding)
            continue
        active = next((w for _, w in matching if not w.expired(today)), None)
        if active is not None:
            out.append(finding.with_changes(waiver=active.to_waiver()))
            continue
        out.append(finding)
        if not policy.is_enabled(EXPIRED_WAIVER_RULE):
            continue
        for _, waiver in matching:
            message = Text(
                f"{waiver.rule} 的豁免已于 {waiver.expires.isoformat()} 过期，该问题不再豁免"
                f"（理由：{waiver.reason}；批准人：{waiver.approver}；{waiver.where()}）",
                f"the waiver of {waiver.rule} expired on {waiver.expires.isoformat()}; the finding "
                f"is no longer waived (reason: {waiver.reason}; approved by {waiver.approver}; "
                f"{waiver.where()})",
            )
            extra.append(
                make_finding(
                    EXPIRED_WAIVER_RULE,
                    message,
                    finding.file,
                    finding.line,
                    finding.project_code,
                    finding.project_name,
                    finding.pointer,
                )
            )
    if policy.is_enabled(UNUSED_WAIVER_RULE):
        for waiver, was_used in zip(policy.waivers, used, strict=True):
            if was_used:
                continue
            target = waiver.project + (waiver.pointer or "")
            message = Text(
                f"豁免未匹配任何问题：{waiver.rule} {target}（理由：{waiver.reason}；"
                f"{waiver.expires.isoformat()} 到期），可以删除",
                f"waiver matched no finding: {waiver.rule} {target} (reason: {waiver.reason}; "
                f"expires {waiver.expires.isoformat()}); remove it",
            )
            extra.append(
                make_finding(
                    UNUSED_WAIVER_RULE,
                    message,
                    waiver.source,
                    waiver.line,
                    None,
                    None,
                    f"/waivers/{waiver.index}",
                )
            )
    return out + extra
