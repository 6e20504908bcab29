"""The pre-commit hooks (`.pre-commit-hooks.yaml`) as a bureau uses them, with the real tool.

A temporary git repository gets a `.pre-commit-config.yaml` pointing at this repository at its
HEAD commit; `pre-commit install` puts the hook in place and `git commit` runs it. pre-commit
clones the repository at that commit and installs jxcheck from it into its own environment
(dependencies come from PyPI), so the hook code must be committed: in CI, a fresh clone, HEAD is
exactly the code under test. To try uncommitted work, point `JXCHECK_HOOK_REPO` at a repository
holding it in its HEAD commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml

from .conftest import ROOT

pytestmark = pytest.mark.install

HOOK_REPO = Path(os.environ.get("JXCHECK_HOOK_REPO", ROOT))

CLEAN_RECORD: dict[str, Any] = {
    "format": "jxcheck/1",
    "kind": "project",
    "budget_year": 2023,
    "unit": "471001怀来县工业和信息化局",
    "code": "13073023P00017110001T",
    "name": "运行经费",
    "budget": {"total": "50.00", "fiscal": "50.00", "other": ""},
    "purpose": "用于办公设备购置",
    "spending_plan": [
        {"label": "3月底", "percent": "25"},
        {"label": "6月底", "percent": "50"},
        {"label": "10月底", "percent": "75"},
        {"label": "12月底", "percent": "100"},
    ],
    "goals": ["1.购置办公设备"],
    "indicators": [
        {
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "办公设备购置数量",
            "description": "购置办公设备数量",
            "value": "≥20台",
            "basis": "2023年度工作计划",
        },
        {
            "level1": "产出指标",
            "level2": "质量指标",
            "name": "验收合格率",
            "description": "办公设备验收合格率",
            "value": "≥95%",
            "basis": "2023年度工作计划",
        },
        {
            "level1": "产出指标",
            "level2": "时效指标",
            "name": "完成时间",
            "description": "购置完成时间",
            "value": "2023年12月底前",
            "basis": "2023年度工作计划",
        },
        {
            "level1": "产出指标",
            "level2": "成本指标",
            "name": "办公设备购置成本",
            "description": "办公设备购置费用",
            "value": "≤50万元",
            "basis": "2023年度预算测算",
        },
        {
            "level1": "效益指标",
            "level2": "社会效益指标",
            "name": "办公条件改善",
            "description": "保障日常办公需要",
            "value": "达到预期目标",
            "basis": "2023年度工作计划",
        },
        {
            "level1": "满意度指标",
            "level2": "服务对象满意度指标",
            "name": "工作人员满意度",
            "description": "工作人员对办公条件的满意程度",
            "value": "≥90%",
            "basis": "调查问卷",
        },
    ],
}


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=False, timeout=600
    )


def _head(repo: Path) -> str | None:
    found = _git(repo, "rev-parse", "HEAD")
    return found.stdout.strip() if found.returncode == 0 else None


def _record_text(record: dict[str, Any]) -> str:
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


def _unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine; in CI (a fresh clone) the hook must be testable: fail."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment bureau repositories run in: one pre-commit home for the module, so the
    hook's environment (jxcheck and its dependencies from PyPI) is built once."""
    if shutil.which("git") is None:
        _unavailable("git is not installed")
    head = _head(HOOK_REPO)
    if head is None:
        _unavailable(f"{HOOK_REPO} is not a git repository")
    if _git(HOOK_REPO, "cat-file", "-e", f"{head}:.pre-commit-hooks.yaml").returncode != 0:
        _unavailable(
            f"HEAD {head[:10]} of {HOOK_REPO} has no .pre-commit-hooks.yaml yet: commit it "
            "(or set JXCHECK_HOOK_REPO to a repository whose HEAD has it)"
        )
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "测试",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "测试",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("JXCHECK_TODAY", None)
    return env


def _bureau(repo: Path, env: dict[str, str]) -> Path:
    """A bureau's repository in `repo` with the jxcheck hook installed and its config committed."""
    head = _head(HOOK_REPO)
    assert head is not None
    for args in (("init", "-q"), ("config", "commit.gpgsign", "false")):
        assert _git(repo, *args).returncode == 0
    config = {
        "repos": [
            {
                "repo": str(HOOK_REPO),
                "rev": head,
                "hooks": [{"id": "jxcheck", "args": ["--policy", "national"]}],
            }
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    # the first commit builds the hook's environment (jxcheck and its dependencies from PyPI)
    assert _git(repo, "add", ".pre-commit-config.yaml").returncode == 0
    first = _commit(repo, env, "pre-commit config")
    assert first.returncode == 0, first.stdout + first.stderr
    return repo


@pytest.fixture(scope="module")
def bureau_repo(
    tmp_path_factory: pytest.TempPathFactory, hook_env: dict[str, str]
) -> tuple[Path, dict[str, str]]:
    """A bureau's repository with the jxcheck hook installed; and the environment to run in."""
    return _bureau(tmp_path_factory.mktemp("bureau"), hook_env), hook_env


def _commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "commit", "-q", "-m", message],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )


def test_a_clean_record_is_committed(bureau_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = bureau_repo
    folder = repo / "records"
    folder.mkdir(exist_ok=True)
    (folder / "clean.yaml").write_text(_record_text(CLEAN_RECORD), encoding="utf-8")
    assert _git(repo, "add", "records/clean.yaml").returncode == 0
    done = _commit(repo, env, "a clean record")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output
    assert "clean.yaml" not in _git(repo, "status", "--porcelain").stdout


def test_a_defective_record_is_refused_with_the_finding_shown(
    bureau_repo: tuple[Path, dict[str, str]],
) -> None:
    repo, env = bureau_repo
    defective = {
        **CLEAN_RECORD,
        "code": "13073023P00017110002T",
        "spending_plan": [
            {"label": "3月底", "percent": "25"},
            {"label": "6月底", "percent": "60"},
            {"label": "10月底", "percent": "40"},
            {"label": "12月底", "percent": "100"},
        ],
    }
    folder = repo / "records"
    folder.mkdir(exist_ok=True)
    (folder / "defective.yaml").write_text(_record_text(defective), encoding="utf-8")
    assert _git(repo, "add", "records/defective.yaml").returncode == 0
    refused = _commit(repo, env, "a decreasing spending plan")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "Failed" in output
    # the finding itself, with file and line: the plan decreases at 10月底
    assert "records/defective.yaml:" in output
    assert "P002 error" in output
    assert _head(repo) is not None
    assert "defective" not in _git(repo, "log", "--oneline").stdout


#: Files of a repository that are neither records nor documents, with the suffixes the hook
#: takes: a documentation site's configuration (theme, navigation, a Python tag) and a readme.
MKDOCS_YML = """site_name: 绩效目标记录
nav:
  - 首页: index.md
  - 说明: guide.md
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""
README_TXT = "本仓库保存本局各项目的绩效目标记录（records/）。\nRecords of this bureau.\n"


@pytest.mark.slow
def test_files_that_are_neither_records_nor_documents_never_refuse_a_commit(
    tmp_path: Path, hook_env: dict[str, str]
) -> None:
    """The hook failed every commit of a repository holding an unrelated `mkdocs.yml` or
    `README.txt` (S000 and S001). They are listed as skipped; records are still checked."""
    repo = _bureau(tmp_path, hook_env)
    env = hook_env
    (repo / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (repo / "README.txt").write_text(README_TXT, encoding="utf-8")
    assert _git(repo, "add", "mkdocs.yml", "README.txt").returncode == 0
    alone = _commit(repo, env, "documentation only")
    assert alone.returncode == 0, alone.stdout + alone.stderr

    folder = repo / "records"
    folder.mkdir()
    (folder / "clean.yaml").write_text(_record_text(CLEAN_RECORD), encoding="utf-8")
    (repo / "README.txt").write_text(README_TXT + "2023 年度。\n", encoding="utf-8")
    assert _git(repo, "add", "records/clean.yaml", "README.txt").returncode == 0
    good = _commit(repo, env, "a clean record beside the readme")
    output = good.stdout + good.stderr
    assert good.returncode == 0, output
    assert "Passed" in output

    bad = {**CLEAN_RECORD, "indicators": CLEAN_RECORD["indicators"][:2]}  # no 效益/满意度
    (folder / "clean.yaml").write_text(_record_text(bad), encoding="utf-8")
    (repo / "mkdocs.yml").write_text(MKDOCS_YML + "theme: readthedocs\n", encoding="utf-8")
    assert _git(repo, "add", "records/clean.yaml", "mkdocs.yml").returncode == 0
    refused = _commit(repo, env, "a record without outcome indicators")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "records/clean.yaml:" in output and " error " in output, output
    # the configuration is named as skipped, never as a finding
    assert "已跳过 mkdocs.yml" in output, output
    assert "mkdocs.yml:" not in output and "S000" not in output and "S001" not in output, output
    assert "without outcome" not in _git(repo, "log", "--oneline").stdout
