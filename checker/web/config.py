"""What a server is started with: the policies it offers, its limits, its token, its hosts."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from checker.i18n import Lang, Text
from checker.web.defaults import (
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_CHECK_MEMORY_MB,
    DEFAULT_MAX_CHECK_SECONDS,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_UPLOAD_MB,
    DEFAULT_READ_TIMEOUT,
)
from checker.web.uploads import MIB, Limits

if TYPE_CHECKING:
    from checker.plugins import Registry

#: Host names a loopback-bound server answers to (anything else is a DNS-rebinding attempt).
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class PolicyChoice:
    """One policy the page and the API offer, by a short id the client sends back.

    `source` is what `checker.api.check` gets: a packaged name, a file as given on the command
    line, or None for the project config found from the server's working directory. A client
    never names a file: it picks one of these ids.
    """

    id: str
    source: str | None
    names: tuple[str, ...]
    description: str
    digest: str
    kind: str  # "packaged", "file" or "project"

    @property
    def label(self) -> str:
        """`hebei · 河北省模板`: the id and the description up to its first colon."""
        head = self.id if self.kind != "project" else f"{self.id}（{self.names[-1]}）"
        text = " ".join(self.description.split())
        short = text.replace(":", "：").split("：", 1)[0].strip()
        if len(short) > 24:
            short = short[:23] + "…"
        return f"{head} · {short}" if short else head

    def to_json(self, default: bool) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "names": list(self.names),
            "description": self.description,
            "digest": self.digest,
            "default": default,
        }


@dataclass(frozen=True)
class ServerConfig:
    """Everything the web application needs besides the plugin registry."""

    policies: tuple[PolicyChoice, ...]
    limits: Limits = field(
        default_factory=lambda: Limits(DEFAULT_MAX_UPLOAD_MB * MIB, DEFAULT_MAX_FILES)
    )
    token: str | None = None
    #: Host header values accepted (port removed); None accepts any.
    allowed_hosts: tuple[str, ...] | None = None
    #: Files checked at once: the number of worker processes (`--max-checks`).
    concurrency: int = DEFAULT_CONCURRENCY
    #: The page's language when the address names none (`jxcheck serve --lang`).
    lang: Lang = "zh"
    #: Wall-clock and CPU seconds of one file's check (`--max-check-seconds`).
    max_check_seconds: float = DEFAULT_MAX_CHECK_SECONDS
    #: Memory of one file's check in its worker, MB (`--max-check-memory-mb`).
    max_check_memory_mb: int = DEFAULT_MAX_CHECK_MEMORY_MB
    #: Seconds to send the request headers, and the longest pause in a body (`--read-timeout`).
    read_timeout: float = DEFAULT_READ_TIMEOUT

    @property
    def max_requests(self) -> int:
        """Check requests admitted at once (reading their upload, waiting for a worker or
        checked); each may hold an upload in memory, so their number is bounded."""
        return 4 * self.concurrency

    @property
    def default_policy(self) -> PolicyChoice:
        return self.policies[0]

    def policy(self, policy_id: str | None) -> PolicyChoice | None:
        if not policy_id:
            return self.default_policy
        return next((p for p in self.policies if p.id == policy_id), None)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`: only this machine can connect."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, token: str | None) -> Text | None:
    """The warning printed when the server listens beyond this machine."""
    if is_loopback(host):
        return None
    zh = (
        f"警告：审核台监听 {host}，本机以外的计算机也能访问它。上传的文件在网络上以明文传输"
        "（无 HTTPS）。"
    )
    en = (
        f"warning: the review desk listens on {host}, so other computers can reach it. Uploads "
        "travel over the network unencrypted (no HTTPS)."
    )
    if token is None:
        zh += "未设置 --token：任何能连到本机的人都能使用它。"
        en += " No --token is set: anyone who can reach this machine can use it."
    else:
        zh += "已用 --token 保护。"
        en += " It is protected by --token."
    return Text(zh, en)


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate


def build_policy_choices(registry: Registry, extra: Sequence[str] = ()) -> tuple[PolicyChoice, ...]:
    """The policies to offer, the default first; each is loaded once here, so a broken one stops
    the server at start with the usual message (ConfigError / UsageError).

    Order: the `--policy` values as given; without any, the project config found from the
    working directory upward (what `jxcheck check` uses with no `--policy`); then every packaged
    policy. Relative paths are taken from the working directory, now and at each request (the
    server never changes it), so reports name the policy files as `jxcheck check` run there does.
    """
    from checker import api
    from checker.policy import DEFAULT_POLICY, find_project_config

    base = Path.cwd()
    choices: list[PolicyChoice] = []
    taken: set[str] = set()

    def add(source: str | None, wanted: str, kind: str) -> None:
        _, resolved = api.prepare(source, registry=registry, cwd=base)
        description = ""
        if resolved.layers:
            value = resolved.layers[-1].data.get("description")
            description = value.strip() if isinstance(value, str) else ""
        policy_id = _unique(wanted, taken)
        taken.add(policy_id)
        choices.append(
            PolicyChoice(
                policy_id, source, tuple(resolved.names), description, resolved.digest, kind
            )
        )

    for ref in extra:
        if ref in registry.policies and not any(c in ref for c in "/\\."):
            if ref not in taken:
                add(ref, ref, "packaged")
        else:
            add(ref, Path(ref).stem or "policy", "file")
    if not extra and find_project_config(base) is not None:
        add(None, "project", "project")
    packaged = sorted(registry.policies, key=lambda n: (n != DEFAULT_POLICY, n))
    for name in packaged:
        if name not in taken:
            add(name, name, "packaged")
    return tuple(choices)
