"""The fast path of `checker.celinterp`: an expression compiled to one Python function.

The interpreter's closures call a Python function per node, several per row; a rule over a
table's rows runs them thousands of times a season. Most rules' expressions are a few field
tests (`row.unit != '%' || row.number <= 100.0`, `project.indicators.exists(r, r.cost)`),
which Python evaluates with its own operators once the operands' types are known. So the tree
is translated, where it can be, into the source of one Python expression whose every operand
is checked to have the type CEL's meaning needs (a string where a string is compared …).

Exactness: the generated function is speculative. When a check fails (a value of another type,
a missing field, NaN, an int that could overflow) or anything raises, it gives up and the same
expression is evaluated by the closures (`slow`), whose answer or error is CEL's. CEL has no
side effects, so evaluating again changes nothing but time. What the fast path does not cover
(int arithmetic, `in`, lists and maps written out, `has`, conversions …) is evaluated by the
closure of that node, called from the generated code — except inside a comprehension whose
variable the closures could not see; that comprehension is then left to the closures whole.

Safety: the generated source contains only names this module makes (`act`, `_k3`, `_v2`,
`_c1` …), Python operators, and field names that the tokenizer read as identifiers; every
literal of the expression is passed in as a value, never written into the source.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from checker import celinterp
from checker.celinterp import INT_MAX, INT_MIN, Evaluator, Node, Program

_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: The source of a literal of the expression (a value passed in: evaluating it cannot fail).
_CONSTANT_RE = re.compile(r"_k[0-9]+")


class _Slow(Exception):
    """A check of the fast path failed: the closures evaluate the expression."""


def _slow_down() -> Any:
    raise _Slow


def _list(value: Any) -> list[Any]:
    if type(value) is list:
        return value
    raise _Slow


_SIZED = (str, list, dict, tuple, bytes)


def _sized(value: Any) -> int:
    if type(value) in _SIZED or isinstance(value, _SIZED):  # a view is a dict
        return len(value)
    raise _Slow


class _Translator:
    """Translate a tree into Python source; `None` where a node is not covered."""

    def __init__(self, closure_of: Callable[[Node], Evaluator], regex: Callable[[str], Any]):
        self.closure_of = closure_of
        self.regex = regex
        self.values: dict[str, Any] = {
            "_S": _slow_down,
            "_L": _list,
            "_N": _sized,
            "_ORDERED": (str, int, float),
            "_PLAIN": (str, int, float, bool),
        }
        self.count = 0
        #: Functions the expression calls: a comprehension's list is worked out by one of its
        #: own (Python refuses `:=` in the list a comprehension walks).
        self.functions: list[str] = []

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"_{prefix}{self.count}"

    def value(self, value: Any) -> str:
        name = self.name("k")
        self.values[name] = value
        return name

    def guard(self, code: str, kind: str) -> str:
        """`code` checked to hold a value of `kind` (a float also not NaN: NaN is not ordered)."""
        v = self.name("v")
        test = f"type({v} := {code}) is {kind}"
        if kind == "float":
            test += f" and {v} == {v}"
        return f"({v} if {test} else _S())"

    def typed(self, fragment: tuple[str, str], kind: str) -> str:
        code, have = fragment
        return code if have == kind else self.guard(code, kind)

    def translate(self, node: Node, local: dict[str, str]) -> tuple[str, str] | None:
        """(Python source, kind of its value: str int float bool list any), or None."""
        method = getattr(self, f"_{node[0]}", None)
        found: tuple[str, str] | None = method(node, local) if method is not None else None
        if found is not None:
            return found
        if any(variable in local for variable in _variables(node)):
            return None  # the closure would not see the comprehension's variable
        return f"{self.value(self.closure_of(node))}(act)", "any"

    def _literal(self, node: Node, local: dict[str, str]) -> tuple[str, str] | None:
        value = node[1]
        kind = type(value).__name__
        if kind in ("str", "int", "float", "bool"):
            return self.value(value), kind
        return None

    def _ident(self, node: Node, local: dict[str, str]) -> tuple[str, str] | None:
        name = node[1]
        if name in local:
            return local[name], "any"
        if not _IDENTIFIER_RE.match(name):  # the tokenizer's identifiers only, as text
            return None
        return f"act[{name!r}]", "any"

    def _select(self, node: Node, local: dict[str, str]) -> tuple[str, str] | None:
        operand = self.translate(node[1], local)
        if operand is None or operand[1] != "any" or not _IDENTIFIER_RE.match(node[2]):
            return None  # a field of a string, a number, a list: the closures' error
        # Only a map has a field: on a list or a string the subscript raises (→ the closures).
        return f"{operand[0]}[{node[2]!r}]", "any"

    def _unary(self, node: Node, local: dict[str, str]) -> tuple[str, str] | None:
        operand = self.translate(node[2], local)
        if operand is None:
            return None
        if node[1] == "!":
            return f"(not {self.typed(operand, 'bool')})", "bool"
        return f"(-{self.typed(operand, 'float')})", "float"

    def _cond(self, node: Node, local: dict[str, str]) -> tuple[str, str] | None:
        parts = [self.translate(n, local) for n in node[1:]]
        if any(p is None for p in parts):
            return None
        test, then, other = parts
        assert test is not None and then is not None and other is not None
        kind = then[1] if then[1] == other[1] else "any"
        return f"({then[0]} if {self.typed(test, 'bool')} else {other[0]})", kind

    def _binary(self, node: Node, local: dict[str, str]) -> tuple[str, str] | None:
        _, op, left_node, right_node = node
        left, right = self.translate(left_node, local), self.translate(right_node, local)
        if left is None or right is None:
            return None
        if op in ("&&", "||"):
            word = "and" if op == "&&" else "or"
            return f"({self.typed(left, 'bool')} {word} {self.typed(right, 'bool')})", "bool"
        if op in ("==", "!="):
            return self._equality(op, left, right)
        if op in ("<", "<=", ">", ">="):
            kind = left[1] if left[1] != "any" else right[1]
            if kind == "any":  # two fields: of one orderable type, and no NaN
                return self._same_plain(op, left, right, "_ORDERED"), "bool"
            if kind not in ("str", "float", "int"):
                return None
            # Both of one kind (an int meeting a double is compared by the closures).
            return f"({self.typed(left, kind)} {op} {self.typed(right, kind)})", "bool"
        if op in ("+", "-", "*", "/"):
            kind = left[1] if left[1] != "any" else right[1]
            if kind == "float" or (kind == "str" and op == "+"):
                # Float division by zero raises in Python: the closures give CEL's inf or NaN.
                return f"({self.typed(left, kind)} {op} {self.typed(right, kind)})", kind
            if kind == "int" and op != "/":  # int64: a result out of range is the closures'
                v = self.name("v")
                result = f"{self.typed(left, 'int')} {op} {self.typed(right, 'int')}"
                return f"({v} if {INT_MIN} <= ({v} := {result}) <= {INT_MAX} else _S())", "int"
        return None

    def _same_plain(
        self, op: str, left: tuple[str, str], right: tuple[str, str], types: str
    ) -> str:
        """`left op right` when both hold one type of `types` (and neither is NaN)."""
        a, b = self.name("v"), self.name("v")
        test = (
            f"type({a} := {left[0]}) is type({b} := {right[0]}) and type({a}) in {types}"
            f" and {a} == {a} and {b} == {b}"
        )
        return f"(({a} {op} {b}) if {test} else _S())"

    def _equality(
        self, op: str, left: tuple[str, str], right: tuple[str, str]
    ) -> tuple[str, str] | None:
        known = left if left[1] != "any" else right
        other = right if known is left else left
        kind = known[1]
        if kind in ("str", "bool"):
            # A string (a bool) equals only a string (a bool): any other type is simply unequal.
            if other[1] == kind:
                return f"({left[0]} {op} {right[0]})", "bool"
            if not _CONSTANT_RE.fullmatch(known[0]):
                # A computed side must be evaluated (it may fail) whatever the other's type:
                # both are evaluated, and any two types but one plain type go to the closures.
                return self._same_plain(op, left, right, "_PLAIN"), "bool"
            v = self.name("v")
            if op == "==":
                return f"(type({v} := {other[0]}) is {kind} and {v} == {known[0]})", "bool"
            return f"(type({v} := {other[0]}) is not {kind} or {v} != {known[0]})", "bool"
        if kind in ("float", "int"):
            return f"({self.typed(left, kind)} {op} {self.typed(right, kind)})", "bool"
        if kind == "any":  # two fields: of one plain type
            return self._same_plain(op, left, right, "_PLAIN"), "bool"
        return None

    def _call(self, node: Node, local: dict[str, str]) -> tuple[str, str] | None:
        _, name, target, arg_nodes = node
        nodes = ((target,) if target is not None else ()) + tuple(arg_nodes)
        args = [self.translate(n, local) for n in nodes]
        if any(a is None for a in args):
            return None
        parts: list[tuple[str, str]] = [a for a in args if a is not None]
        if name == "size" and len(parts) == 1:
            code, kind = parts[0]
            return (f"len({code})" if kind in ("str", "list") else f"_N({code})"), "int"
        if len(parts) != 2:
            return None
        text, other = self.typed(parts[0], "str"), parts[1]
        pattern = arg_nodes[-1]
        if name == "matches" and pattern[0] == "literal" and type(pattern[1]) is str:
            # `text.matches(re)` or `matches(text, re)`, the pattern compiled once, here
            return f"bool({self.value(self.regex(pattern[1]))}({text}))", "bool"
        if target is None:  # contains, startsWith, endsWith are methods only
            return None
        if name == "contains":
            return f"({self.typed(other, 'str')} in {text})", "bool"
        if name in ("startsWith", "endsWith"):
            method = "startswith" if name == "startsWith" else "endswith"
            return f"{text}.{method}({self.typed(other, 'str')})", "bool"
        return None

    def _macro(self, node: Node, local: dict[str, str]) -> tuple[str, str] | None:
        _, name, target_node, variable, arg_nodes = node
        target = self.translate(target_node, local)
        if target is None:
            return None
        c = self.name("c")
        inner = {**local, variable: c}
        args = [self.translate(n, inner) for n in arg_nodes]
        if any(a is None for a in args):
            return None
        function = self.name("f")
        params = ", ".join(["act", *local.values()])
        self.functions.append(f"def {function}({params}):\n    return {target[0]}\n")
        items = f"_L({function}({params}))"
        if name == "map":
            transform = args[-1]
            assert transform is not None
            keep = f" if {self.typed(args[0], 'bool')}" if len(args) == 2 and args[0] else ""
            return f"[{transform[0]} for {c} in {items}{keep}]", "list"
        predicate = args[0]
        assert predicate is not None
        test = self.typed(predicate, "bool")
        if name == "exists":
            return f"any({test} for {c} in {items})", "bool"
        if name == "all":
            return f"all({test} for {c} in {items})", "bool"
        if name == "exists_one":
            return f"(sum(1 for {c} in {items} if {test}) == 1)", "bool"
        if name == "filter":
            return f"[{c} for {c} in {items} if {test}]", "list"
        return None


def _variables(node: Node) -> Iterable[str]:
    return (n[1] for n in celinterp.walk(node) if n[0] == "ident")


def compile_program(source: str, regex: Callable[[str], Any]) -> Program:
    """`celinterp.compile_program`, its evaluation by the generated fast path where it can be."""
    program = celinterp.compile_program(source, regex)
    fast = speed_up(program.tree, program.run, celinterp.closures(regex), regex)
    return dataclasses.replace(program, run=fast)


def speed_up(
    tree: Node,
    slow: Evaluator,
    closure_of: Callable[[Node], Evaluator],
    regex: Callable[[str], Any],
) -> Evaluator:
    """One Python function for `tree`, falling back to `slow` (see the module's docstring);
    `slow` itself when nothing of the tree is covered."""
    translator = _Translator(closure_of, regex)
    method = getattr(translator, f"_{tree[0]}", None)
    found = method(tree, {}) if method is not None else None
    if found is None:  # the root itself is not covered: nothing to gain
        return slow
    source = "".join(translator.functions) + (
        "def fast(act):\n"
        "    try:\n"
        f"        return {found[0]}\n"
        "    except Exception:\n"
        "        return slow(act)\n"
    )
    namespace: dict[str, Any] = {**translator.values, "slow": slow, "__builtins__": _BUILTINS}
    try:
        with warnings.catch_warnings():  # Python's advice on generated code helps no one
            warnings.simplefilter("ignore", SyntaxWarning)
            code = compile(source, "<cel>", "exec")
        exec(code, namespace)
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return slow  # a tree too deep for Python's own parser
    fast: Evaluator = namespace["fast"]
    fast.source = source  # type: ignore[attr-defined]  # what was generated, for tests and bugs
    return fast


#: The built-ins the generated code may call: nothing else is reachable from it.
_BUILTINS = {
    "type": type,
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "list": list,
    "len": len,
    "any": any,
    "all": all,
    "sum": sum,
    "Exception": Exception,
}
