"""Scaffolding of a new plugin distribution (`jxcheck plugin init`).

The files come from `templates/*.tmpl` (package data) with `${name}` placeholders
(`string.Template`): a pyproject with the `jxcheck` entry point, the package with one example
rule, one YAML case file, a pytest test using `checker.testing`, and a README. What is generated
passes its own tests once installed (the main suite checks that in a fresh virtual environment).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from checker.errors import UsageError
from checker.i18n import Text

#: Generated file (its path may hold placeholders) → template under templates/.
FILES: dict[str, str] = {
    "pyproject.toml": "pyproject.toml.tmpl",
    "README.md": "README.md.tmpl",
    "src/${module}/__init__.py": "init.py.tmpl",
    "src/${module}/rules.py": "rules.py.tmpl",
    "tests/cases/${prefix}001.yaml": "case.yaml.tmpl",
    "tests/test_rules.py": "test_rules.py.tmpl",
}

#: PEP 508 distribution names.
_DIST_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
PREFIX_RE = re.compile(r"^[A-Z]{2,6}$")
#: Top-level names the core itself installs: a plugin module must not shadow them.
_RESERVED_MODULES = frozenset({"checker", "rules", "jxcheck", "jxcheck_policies"})


@dataclass(frozen=True)
class PluginNames:
    """The names a new plugin is made with."""

    dist: str
    module: str
    entry: str
    prefix: str

    def values(self, jxcheck_version: str) -> dict[str, str]:
        return {
            "dist": self.dist,
            "module": self.module,
            "entry": self.entry,
            "prefix": self.prefix,
            "jxcheck_version": jxcheck_version,
        }


def _parts(dist: str) -> list[str]:
    """`jxcheck-zhang-jiakou` → [zhang, jiakou]: the words of the name after a `jxcheck` part."""
    parts = [p for p in re.split(r"[-_.]+", dist.lower()) if p]
    while len(parts) > 1 and parts[0] == "jxcheck":
        parts = parts[1:]
    return parts


def derive_prefix(dist: str) -> str | None:
    """A rule id prefix from the name: initials of several words, or a word's first two letters.

    `jxcheck-huailai` → HU, `jxcheck-zhangjiakou-city` → ZC, `county_rules` → CR; None when the
    name has no ASCII letters to take them from.
    """
    words = [re.sub(r"[^a-z]", "", p) for p in _parts(dist)]
    words = [w for w in words if w]
    if not words:
        return None
    prefix = "".join(w[0] for w in words[:4]) if len(words) > 1 else words[0][:2]
    prefix = prefix.upper()
    return prefix if PREFIX_RE.match(prefix) else None


def plugin_names(name: str, prefix: str | None = None) -> PluginNames:
    """Validate the distribution name and the prefix; a UsageError (exit 2) says what is wrong."""
    if not _DIST_RE.match(name):
        raise UsageError(
            Text(
                f"插件名 {name!r} 不是有效的发行包名：只用字母、数字和 - _ .，以字母或数字开头和结尾，"
                "如 jxcheck-mycounty",
                f"{name!r} is not a valid distribution name: letters, digits and - _ . only, "
                "starting and ending with a letter or digit, e.g. jxcheck-mycounty",
            )
        )
    module = re.sub(r"[-.]+", "_", name.lower())
    if module.replace("_", "") == "jxcheck" or module in _RESERVED_MODULES:
        raise UsageError(
            Text(
                f"插件名 {name!r} 与 jxcheck 本身的包名冲突，请换一个名字，如 jxcheck-{module}-rules",
                f"{name!r} clashes with a package of jxcheck itself; choose another name, "
                f"e.g. jxcheck-{module}-rules",
            )
        )
    if not module.isidentifier() or keyword.iskeyword(module):
        raise UsageError(
            Text(
                f"由插件名 {name!r} 得到的模块名 {module!r} 不是合法的 Python 标识符（不能以数字开头）",
                f"the module name {module!r} made from {name!r} is not a Python identifier "
                "(it cannot start with a digit)",
            )
        )
    parts = _parts(name)
    entry = "-".join(parts) if parts else module
    if prefix is None:
        prefix = derive_prefix(name)
        if prefix is None:
            raise UsageError(
                Text(
                    f"无法从插件名 {name!r} 推出规则编号前缀，请用 --prefix 指定（2–6 个大写字母，如 MC）",
                    f"cannot derive a rule id prefix from {name!r}; give one with --prefix "
                    "(2–6 capital letters, e.g. MC)",
                )
            )
    elif not PREFIX_RE.match(prefix):
        raise UsageError(
            Text(
                f"规则编号前缀 {prefix!r} 应为 2–6 个大写英文字母（如 HL、MC）：一个字母是内置规则类别"
                "（S、C、B、P、V、F、G、N、D、X）的写法",
                f"the rule id prefix {prefix!r} must be 2–6 capital letters (e.g. HL, MC): single "
                "letters are the built-in categories (S, C, B, P, V, F, G, N, D, X)",
            )
        )
    return PluginNames(name, module, entry, prefix)


def prefix_conflicts(prefix: str, rules: Mapping[str, str]) -> tuple[list[Text], list[Text]]:
    """(errors, warnings) about a prefix, given the registered rule ids and their plugins.

    An error: the first rule id is already registered (the new plugin would fail to load next to
    that one). A warning: a shorter selector already in use also matches the new ids, so a policy
    entry such as `ignore: [S]` written for the built-in S rules would also turn off SU rules.
    """
    errors: list[Text] = []
    warnings: list[Text] = []
    first = f"{prefix}001"
    if first in rules:
        errors.append(
            Text(
                f"规则编号 {first} 已由 {rules[first]} 注册：请用 --prefix 换一个前缀",
                f"the rule id {first} is already registered by {rules[first]}; choose another "
                "prefix with --prefix",
            )
        )
    for length in range(1, len(prefix)):
        shorter = prefix[:length]
        owners = sorted({p for i, p in rules.items() if i.startswith(shorter)})
        if owners:
            warnings.append(
                Text(
                    f"前缀 {prefix} 以 {shorter} 开头，而 {shorter} 也是已有规则（{', '.join(owners)}）"
                    f"的前缀：策略中写给它们的 select/ignore/severity “{shorter}”也会作用于 {prefix} 规则",
                    f"the prefix {prefix} starts with {shorter}, which also prefixes rules of "
                    f"{', '.join(owners)}: a policy's select/ignore/severity entry {shorter} "
                    f"written for those also applies to the {prefix} rules",
                )
            )
            break
    return errors, warnings


def render(names: PluginNames, jxcheck_version: str) -> dict[str, str]:
    """Relative path → content of every file of the new plugin."""
    values = names.values(jxcheck_version)
    folder = resources.files("checker.scaffold").joinpath("templates")
    out: dict[str, str] = {}
    for target, template in FILES.items():
        text = folder.joinpath(template).read_text(encoding="utf-8")
        out[Template(target).substitute(values)] = Template(text).substitute(values)
    return out


def is_empty_folder(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def write(folder: Path, files: Mapping[str, str]) -> list[Path]:
    """Write the files under `folder` (which must not exist or be empty); return their paths."""
    written: list[Path] = []
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def describe(paths: Iterable[Path], folder: Path) -> list[str]:
    return [str(p.relative_to(folder)) for p in paths]
