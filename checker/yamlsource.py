"""Position-keeping, safe YAML (and JSON) loading, shared by records and policies.

libyaml composes a node tree (each node knows its line and column); we construct plain data
from it with a safe constructor that rejects duplicate keys, and keep the tree as the source map:
a pointer is resolved to a line only when a finding asks for it. Hostile input — an alias bomb,
nesting deep enough to crash libyaml, a Python tag — ends in an `InputError` naming the line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Hashable
from functools import lru_cache, partial
from typing import Any

import yaml

from checker.errors import InputError
from checker.i18n import Text
from checker.source import Location, SourceMap, list_index, split_pointer

try:  # libyaml is several times faster; fall back to the pure-Python parser where it is missing
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - every wheel of PyYAML ships libyaml

    class _Parser(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

#: Deeper nesting is refused before libyaml sees it (libyaml recurses and can crash the process).
MAX_DEPTH = 200
#: An alias-expanded tree may visit at most this many nodes (billion-laughs guard).
MAX_EXPANDED_NODES = 200_000


class _Resolver(yaml.resolver.Resolver):
    """The YAML 1.1 resolver without timestamps: `2024-06-30` stays a string, as in JSON.

    libyaml calls back into Python to resolve every node's tag, and to track the path for
    path resolvers, which we have none of. The callbacks below give PyYAML's answer without
    its generic work: a plain scalar whose first character starts no implicit type (text, in
    records: Chinese words) is a string at once. That makes composing a record about a quarter
    faster than `yaml.compose` itself (measured by `python -m bench.rules`).
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers are registered: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers are registered: nothing to track."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                resolvers = _IMPLICIT.get(value[0] if value else "")
                if resolvers:
                    for tag, regexp in resolvers:
                        if regexp.match(value):
                            return tag
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
#: The implicit resolvers by first character (PyYAML registers no wildcard ones: checked below).
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = _Resolver.yaml_implicit_resolvers
assert None not in _IMPLICIT and not _Resolver.yaml_path_resolvers


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe construction; a duplicate key is an error, not a silent overwrite."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, "unhashable key", key_node.start_mark
                )
            if key in seen:
                raise _DuplicateKey(key, key_node, seen[key])
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    yaml.constructor.SafeConstructor.construct_yaml_str,  # type: ignore[type-var]
)


class _DuplicateKey(Exception):
    def __init__(self, key: object, node: yaml.Node, first: yaml.Node) -> None:
        self.key = key
        self.node = node
        self.first = first


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


_ANCHOR_RE = re.compile(r"&[^\s\[\]{},]")


def _nesting_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth: brackets plus deepest indentation and compacts."""
    if len(text) <= MAX_DEPTH:
        return len(text)
    brackets = text.count("[") + text.count("{")
    spare = MAX_DEPTH - brackets
    if spare >= 0:
        # Without building the lists: no line indented deeper than half the spare levels and
        # no run of compact indicators longer than the other half bounds the sum below them.
        compact_limit = spare - spare // 2
        indent, compact = _bound_regexes(spare // 2, compact_limit)
        # a run of two compact indicators (`- - `, `- ? ` …) is rare: look for one first
        runs = compact_limit < 1 or any(pair in text for pair in _COMPACT_PAIRS)
        if not indent.search(text) and not (runs and compact.search(text)):
            return brackets + spare
    return brackets + _block_bound(text)


_COMPACT_PAIRS = tuple(a + b for a in ("- ", "? ", ": ") for b in ("- ", "? ", ": "))


@lru_cache(maxsize=32)
def _bound_regexes(indent: int, compact: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns found when indentation exceeds `indent`, or compacts exceed `compact`."""
    return re.compile(rf"\n[ \t]{{{indent + 1}}}"), re.compile(rf"(?:[-?:] ){{{compact + 1}}}")


def _block_bound(text: str) -> int:
    indent = max((len(m) for m in re.findall(r"\n([ \t]*)", text)), default=0)
    compact = max((len(m) // 2 for m in re.findall(r"(?:[-?:] )+", text)), default=0)
    return indent + compact


def _check_depth(text: str, path: str) -> None:
    if _nesting_bound(text) <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):  # type: ignore[arg-type]
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise InputError(
                        path,
                        mark.line + 1 if mark is not None else None,
                        Text(
                            f"嵌套超过 {MAX_DEPTH} 层，拒绝读取",
                            f"nesting deeper than {MAX_DEPTH} levels: refused",
                        ),
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: composing reports it with its line


def _count_expanded(node: yaml.Node, path: str, spent: int = 0) -> int:
    """Refuse a file whose trees' aliases expand to more than MAX_EXPANDED_NODES nodes in all
    (`spent`: what the file's earlier documents took); returns the new total. The budget is the
    file's, not each document's: a stream of many small bombs is one big one."""
    visits = spent
    stack = [node]
    while stack:
        current = stack.pop()
        visits += 1
        if visits > MAX_EXPANDED_NODES:
            raise InputError(
                path,
                node.start_mark.line + 1,
                Text(
                    f"文件中的别名展开后共超过 {MAX_EXPANDED_NODES} 个节点（疑似“十亿笑”别名炸弹），"
                    "拒绝读取",
                    f"the file's aliases expand to more than {MAX_EXPANDED_NODES} nodes in all "
                    "(a billion-laughs alias bomb?): refused",
                ),
            )
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return visits


#: libyaml's own nesting limit, where it is built with one (upstream since 2024: "Maximum
#: nesting level reached, set with yaml_set_max_nest_level()"; other builds: "exceeded maximum
#: nesting depth").
_LIBYAML_NESTING_RE = re.compile(r"maximum nesting (?:level|depth)", re.IGNORECASE)


def _yaml_error(path: str, error: yaml.YAMLError, text: str | None = None) -> InputError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    if isinstance(error, yaml.reader.ReaderError) and text is not None and line is None:
        # a character YAML does not allow: the reader gives its offset, not its line (libyaml
        # counts bytes of the UTF-8 text, the pure-Python reader characters)
        if error.encoding == "?":
            line = text.encode("utf-8")[: error.position].count(b"\n") + 1
        else:  # pragma: no cover - every wheel of PyYAML ships libyaml
            line = text.count("\n", 0, error.position) + 1
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    detail = f"{context}, {problem}" if context else str(problem)
    if _LIBYAML_NESTING_RE.search(detail):
        return InputError(
            path,
            line,
            Text(
                f"嵌套超过 YAML 解析器的上限，拒绝读取：{detail}",
                f"nesting deeper than the YAML parser allows: refused ({detail})",
            ),
            column,
        )
    if "could not determine a constructor" in detail or "!!python" in detail:
        return InputError(
            path,
            line,
            Text(
                f"不允许的 YAML 标签（只允许安全加载）：{detail}",
                f"tag not allowed (safe loading only): {detail}",
            ),
            column,
        )
    return InputError(
        path, line, Text(f"YAML 语法错误：{detail}", f"YAML syntax error: {detail}"), column
    )


class NodeSourceMap(SourceMap):
    """A source map that resolves pointers lazily by walking the composed node tree.

    Its resolver is a `partial` over the root, not a bound method: a map referring to itself
    would be a reference cycle, keeping every file's node tree alive until the cyclic garbage
    collector runs (a batch then spends a fifth of its time collecting). The nodes found on
    the way are remembered (a record's findings share their first steps: `/indicators/3`).
    """

    __slots__ = ("_root",)

    def __init__(self, root: yaml.Node | None, base: str = "") -> None:
        self._root = root
        super().__init__(resolver=partial(_node_location, root, {}))

    def node_at(self, pointer: str) -> yaml.Node | None:
        """The node a pointer names, or None (the fixer edits the text at its marks)."""
        return _node_at(self._root, pointer)


def _node_location(
    root: yaml.Node | None, nodes: dict[str, yaml.Node | None], pointer: str
) -> Location | None:
    node = _cached_node_at(root, nodes, pointer)
    if node is None:
        return None
    return Location(node.start_mark.line + 1, node.start_mark.column + 1)


def _cached_node_at(
    root: yaml.Node | None, nodes: dict[str, yaml.Node | None], pointer: str
) -> yaml.Node | None:
    """`_node_at`, remembering the node of each pointer and of the pointers above it."""
    if pointer in nodes:
        return nodes[pointer]
    if not pointer or root is None or pointer[0] != "/":
        node = _node_at(root, pointer)
    else:
        parent, _, token = pointer.rpartition("/")
        node = _cached_node_at(root, nodes, parent)
        if node is not None:
            node = _child(node, token.replace("~1", "/").replace("~0", "~"))
    nodes[pointer] = node
    return node


def _child(node: yaml.Node, token: str) -> yaml.Node | None:
    """The node under `node` that one pointer token names, or None."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == token:
                return value  # type: ignore[no-any-return]
        return None
    if isinstance(node, yaml.SequenceNode):
        index = list_index(token)
        if index is None or index >= len(node.value):
            return None
        return node.value[index]  # type: ignore[no-any-return]
    return None


def _node_at(root: yaml.Node | None, pointer: str) -> yaml.Node | None:
    node = root
    if node is None:
        return None
    for token in split_pointer(pointer):
        found = _child(node, token)
        if found is None:
            return None
        node = found
    return node


_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_DECIMAL_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_BOOL_VALUES: dict[str, bool] = yaml.constructor.SafeConstructor.bool_values


class _Unusual(Exception):
    """A node the fast construction leaves to the full constructor (and its error messages)."""


def _construct_plain(node: yaml.Node, loader: _Loader) -> Any:
    """Plain data from a node tree in one pass, equal to what the safe constructor builds.

    Handles what records are made of — maps with text keys, lists, text, null, booleans,
    numbers — and raises `_Unusual` for anything else (a merge key, a non-text or duplicate key,
    an explicit tag, an alias-shared node), which the caller then constructs the slow way.
    """
    tag = node.tag
    if isinstance(node, yaml.ScalarNode) and type(node) is yaml.ScalarNode:
        value: str = node.value
        if tag == _STR_TAG:
            return value
        if tag == _NULL_TAG:
            return None
        if tag == _BOOL_TAG:
            return _BOOL_VALUES[value.lower()]
        if tag == _INT_TAG:
            if _DECIMAL_INT_RE.match(value):
                return int(value)
            return loader.construct_yaml_int(node)
        if tag == _FLOAT_TAG:
            return loader.construct_yaml_float(node)
        raise _Unusual
    kind = type(node)
    if kind is yaml.MappingNode and tag == _MAP_TAG:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR_TAG:
                raise _Unusual
            key = key_node.value
            if key in out:
                raise _Unusual
            # text, the usual value, without a call
            if type(value_node) is yaml.ScalarNode and value_node.tag == _STR_TAG:
                out[key] = value_node.value
            else:
                out[key] = _construct_plain(value_node, loader)
        return out
    if kind is yaml.SequenceNode and tag == _SEQ_TAG:
        return [
            item.value
            if type(item) is yaml.ScalarNode and item.tag == _STR_TAG
            else _construct_plain(item, loader)
            for item in node.value
        ]
    raise _Unusual


def load_yaml_stream(text: str, path: str) -> list[tuple[Any, SourceMap]]:
    """Every document of a YAML (or JSON) stream with its source map; InputError on bad input.

    libyaml composes each document's node tree (the source map keeps it, to find lines
    lazily); plain data is built from it in one pass, falling back to the safe constructor
    (the same result, and its errors) for a document with anchors or unusual nodes.
    """
    _check_depth(text, path)
    loader = _Loader(text)
    results: list[tuple[Any, SourceMap]] = []
    anchors = _ANCHOR_RE.search(text) is not None
    expanded = 0
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            if anchors:
                expanded = _count_expanded(node, path, expanded)
                data = loader.construct_document(node)
            else:
                try:
                    data = _construct_plain(node, loader)
                except _Unusual:
                    data = loader.construct_document(node)
            results.append((data, NodeSourceMap(node)))
    except _DuplicateKey as dup:
        raise InputError(
            path,
            dup.node.start_mark.line + 1,
            Text(
                f"重复的键 {dup.key!r}（第一次出现在第 {dup.first.start_mark.line + 1} 行）",
                f"duplicate key {dup.key!r} (first at line {dup.first.start_mark.line + 1})",
            ),
            dup.node.start_mark.column + 1,
        ) from None
    except yaml.YAMLError as error:
        raise _yaml_error(path, error, text) from None
    except RecursionError:
        raise InputError(
            path, None, Text("嵌套过深，拒绝读取", "nesting too deep: refused")
        ) from None
    except ValueError as error:
        # a scalar no type can hold: an integer past Python's 4,300-digit limit, a date such as
        # 0000-01-01
        raise _value_error(path, error, text) from None
    finally:
        loader.dispose()
    return results


#: A digit run longer than Python converts to an int (sys.get_int_max_str_digits()).
_LONG_INT_RE = re.compile(r"(?<![0-9.])[-+]?[0-9]{4300,}(?![0-9.])")
_DATE_SCALAR_RE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")


def _value_error(path: str, error: ValueError, text: str) -> InputError:
    """A scalar no type can hold, named by its line: a number past the 4,300-digit limit (write
    it in quotes if it is text), a date out of range."""
    long_int = _LONG_INT_RE.search(text)
    if long_int is not None:
        line = text.count("\n", 0, long_int.start()) + 1
        digits = len(long_int.group(0).lstrip("+-"))
        return InputError(
            path,
            line,
            Text(
                f"数字有 {digits} 位，超过可读取的 4300 位；若它是文字（如编码），请加引号",
                f"a number of {digits} digits, more than the 4300 that can be read; if it is "
                "text (a code), put it in quotes",
            ),
        )
    for match in _DATE_SCALAR_RE.finditer(text):
        try:
            datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            line = text.count("\n", 0, match.start()) + 1
            return InputError(
                path,
                line,
                Text(
                    f"日期 {match.group(0)} 不存在；日期写成 YYYY-MM-DD",
                    f"the date {match.group(0)} does not exist; write dates as YYYY-MM-DD",
                ),
            )
    return InputError(
        path, None, Text(f"无法读取的值：{error}", f"a value that cannot be read: {error}")
    )
