"""The engine's own findings: unreadable input, schema violations, rule crashes, waivers,
stale baseline entries.

They are rules like any other (an id, a severity, messages, a basis, documentation), so a policy
can select, re-level and waive them and `jxcheck explain S001` works; but the engine emits them
itself, so their functions are never called (scope `engine`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checker import hookimpl
from checker.rule import Hit, Rule, rule

_BASIS_COMPLETE = "财预〔2015〕88号 第十九条：绩效目标审核——完整性"


def _emitted_by_engine() -> Iterator[Hit]:
    yield from ()


@rule(
    "S000",
    "input-unreadable",
    category="structure",
    severity="error",
    basis=_BASIS_COMPLETE,
    title=("输入无法读取或解析", "input cannot be read or parsed"),
    message=("无法读取或解析：{detail}", "cannot read or parse: {detail_en}"),
    scope="engine",
    mandatory=True,
)
def input_unreadable() -> Iterator[Hit]:
    """输入文件能够读取并解析（编码、语法、版式）。

    检查：文件能否读取、解码（UTF-8、GB18030/GBK）并按记录格式或文档版式解析。
    原因：读不出的文件等于没有提交；批量检查中它必须出现在报告里，而不是被悄悄跳过。
    示例：一个在表格中间被截断的文本导出，或含重复键的 YAML。
    修改：按报告中的行号修正文件，或用 --encoding 指定编码后重新检查。
    ---
    What: the input file can be read, decoded (UTF-8, GB18030/GBK) and parsed as records or as a
    document layout; the finding names the file and the line where reading gave up.
    Why: a file that cannot be read was not submitted in effect; a batch must show it, not skip it.
    Example: a text export cut off in the middle of a table; YAML with a duplicate key.
    Fix: correct the file at the line given, or pass --encoding and check again.
    """
    return _emitted_by_engine()


@rule(
    "S001",
    "schema-violation",
    category="structure",
    severity="error",
    basis=_BASIS_COMPLETE,
    title=("记录不符合 JSON Schema", "record violates the JSON Schema"),
    message=("记录不符合格式：{detail}", "the record does not fit the format: {detail_en}"),
    scope="engine",
    mandatory=True,
)
def schema_violation() -> Iterator[Hit]:
    """记录满足 JSON Schema（jxcheck schema 打印的记录格式）。

    检查：YAML/JSON 记录的每个键和值都符合公开的记录格式。
    原因：格式是 jxcheck 与其他工具之间的契约；不符合格式的记录无法可靠检查。
    示例：indicators 写成了字符串，或键名拼错为 indicator。
    修改：按指针和行号修正记录；`jxcheck schema project` 显示完整格式。
    ---
    What: every key and value of a YAML/JSON record fits the published record format.
    Why: the format is the contract between jxcheck and other tools; a record that does not fit
    cannot be checked reliably, so it is reported and not checked further.
    Example: `indicators` written as a string, or a misspelt key `indicator`.
    Fix: correct the record at the pointer and line given; `jxcheck schema project` prints it.
    """
    return _emitted_by_engine()


@rule(
    "X001",
    "rule-crashed",
    category="engine",
    severity="error",
    basis="jxcheck：检查不可静默跳过 / no check is skipped silently",
    title=("规则运行出错", "a rule raised an exception"),
    message=(
        "规则 {rule} 检查本记录时出错：{error}",
        "rule {rule} raised on this record: {error}",
    ),
    scope="engine",
    mandatory=True,
)
def rule_crashed() -> Iterator[Hit]:
    """一条规则在检查某条记录时抛出异常。

    检查：每条启用的规则都对每条记录运行完毕。
    原因：出错的规则没有做出判断，不能当作“通过”；其他规则的结果不受影响。
    示例：插件规则遇到意外的空值而抛出 TypeError。
    修改：报告给规则的作者（插件名见 jxcheck plugins）；必要时在策略中暂时豁免。
    ---
    What: a rule raised an exception while checking a record.
    Why: a rule that crashed made no judgement and must not read as a pass; the other rules'
    findings are unaffected.
    Example: a plugin rule meets an unexpected empty value and raises TypeError.
    Fix: report it to the rule's author (see `jxcheck plugins`); waive it in the policy meanwhile.
    """
    return _emitted_by_engine()


@rule(
    "X002",
    "waiver-expired",
    category="engine",
    severity="warning",
    basis="jxcheck：豁免须有期限 / waivers expire",
    title=("豁免已过期", "waiver expired"),
    message=(
        "规则 {rule} 的豁免已于 {expires} 过期（理由：{reason}；批准人：{approver}），问题重新计入",
        "the waiver of {rule} expired on {expires} (reason: {reason}; approver: {approver}); "
        "the finding counts again",
    ),
    scope="engine",
)
def waiver_expired() -> Iterator[Hit]:
    """策略中的豁免已过期，被豁免的问题重新计入。

    检查：与问题匹配的豁免是否仍在有效期内。
    原因：豁免是有期限的例外，过期后必须重新审批，否则例外会变成永久规则。
    示例：expires: 2023-06-30 的豁免在 2023-07-01 的检查中。
    修改：修正问题，或由批准人续期豁免（更新 expires）。
    ---
    What: a policy waiver that matches a finding has expired; the finding counts again.
    Why: a waiver is a time-limited exception; renewing it must be a decision, not a default.
    Example: a waiver with `expires: 2023-06-30` in a check run on 2023-07-01.
    Fix: fix the finding, or have the approver renew the waiver (update `expires`).
    """
    return _emitted_by_engine()


@rule(
    "X003",
    "waiver-unused",
    category="engine",
    severity="info",
    basis="jxcheck：策略保持整洁 / keep policies tidy",
    title=("豁免未匹配任何问题", "waiver matched nothing"),
    message=(
        "规则 {rule}、项目 {project} 的豁免没有匹配任何问题，可以删除",
        "the waiver for rule {rule}, project {project} matched no finding; it can be removed",
    ),
    scope="engine",
)
def waiver_unused() -> Iterator[Hit]:
    """策略中的豁免没有匹配任何问题。

    检查：每条豁免是否至少覆盖了本次检查中的一个问题。
    原因：过时的豁免会在将来悄悄掩盖新的问题。
    示例：问题已经修正，但豁免仍留在策略中。
    修改：删除该豁免，或改正其中的规则编号、项目编码或指针。
    ---
    What: a policy waiver matched no finding in this run.
    Why: a stale waiver can later hide a new problem without anyone deciding so.
    Example: the finding was fixed but the waiver stayed in the policy.
    Fix: remove the waiver, or correct its rule id, project code or pointer.
    """
    return _emitted_by_engine()


@rule(
    "X004",
    "baseline-entry-stale",
    category="engine",
    severity="info",
    basis="jxcheck：基线保持整洁 / keep baselines tidy",
    title=("基线条目已不再出现", "baseline entry no longer found"),
    message=(
        "基线中 {file} 的 {rule} 问题已不再出现，可从基线中删除",
        "the baselined {rule} finding of {file} no longer occurs; remove it from the baseline",
    ),
    scope="engine",
)
def baseline_entry_stale() -> Iterator[Hit]:
    """基线（--baseline）中的某个问题在本次检查中不再出现。

    检查：基线文件中的每个指纹，若其所在文件本次被检查、却没有任何问题与之匹配，即为过时条目
    （本次未检查的文件中的条目不算）。
    原因：问题修正后，留在基线中的指纹会在将来悄悄掩盖同一位置的新问题。
    示例：基线记录了项目 13073023P00017010002Q 的 V001，该指标值已改为“≥95%”。
    修改：用 jxcheck baseline write 重新生成基线，或从基线文件中删除该条目。
    ---
    What: a fingerprint of the baseline file (`--baseline`) that no finding matched in this run,
    although its file was checked (entries of files not checked in the run are left alone).
    Why: an entry left in the baseline after the problem was fixed can later hide a new problem
    at the same place without anyone deciding so.
    Example: the baseline holds V001 of project 13073023P00017010002Q, whose value now reads ≥95%.
    Fix: write the baseline again with `jxcheck baseline write`, or delete the entry.
    """
    return _emitted_by_engine()


ENGINE_RULES: tuple[Rule, ...] = (
    input_unreadable,
    schema_violation,
    rule_crashed,
    waiver_expired,
    waiver_unused,
    baseline_entry_stale,
)


@hookimpl
def register_rules() -> Iterable[Rule]:
    return ENGINE_RULES
