"""An interpreter for the part of CEL (https://cel.dev, the language spec at
github.com/google/cel-spec/blob/master/doc/langdef.md) that declarative rules may use.

Why jxcheck evaluates CEL itself rather than through a binding of another implementation:
a binding converts the Python data to its own values on every call, and that conversion cost
more than the rules (50 local rules made a season's check 2.15× slower, issue 18). This
interpreter reads the host's plain views (dicts, lists, str, int, float, bool) as they are: an
expression compiles once into nested Python closures, and each call walks only what the
expression names. It is held to the Rust implementation (`common-expression-language`, a test
dependency) by tests/test_celinterp.py, which evaluates generated expressions with both.
`checker.celfast` adds a generated fast path over these closures, exact by falling back to them.

What it implements: literals (int, uint `1u`, double, string with every escape and raw and
triple-quoted forms, bytes, bool, null), lists and maps, field selection and indexing, the
operators `! - * / % + - < <= > >= == != in && || ?:` with CEL's types (no implicit conversion in
arithmetic; numbers compare across int, uint and double; `&&` and `||` absorb an error when the
other side decides), the macros `has all exists exists_one filter map`, and the functions
`size contains startsWith endsWith matches int uint double string`. Regexes are RE2 (linear
time). No loops but the macros over finite lists, no recursion, no I/O.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
UINT_MAX = 2**64 - 1

#: The macros: a method call whose first argument is a variable bound for each element.
MACROS = ("all", "exists", "exists_one", "filter", "map")
#: The functions, as `f(x)` or as methods `x.f()`.
FUNCTIONS = (
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "int",
    "uint",
    "double",
    "string",
)


class CelSyntaxError(ValueError):
    """An expression that does not parse: the message names the character where it fails."""


class CelError(Exception):
    """An error while evaluating (no such field, no such overload, overflow …)."""


class UInt(int):
    """A CEL uint (`1u`): a number of its own type, never mixed with int in arithmetic."""

    __slots__ = ()


#: A compiled expression: the variables by name → the value.
Evaluator = Callable[[dict[str, Any]], Any]

# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+|//[^\n]*)
  | (?P<string>(?:[rR][bB]?|[bB][rR]?)?(?:'''|\"\"\"|'|\"))
  | (?P<number>0x[0-9a-fA-F]+[uU]?
       |(?:[0-9]+\.[0-9]+|\.[0-9]+)(?:[eE][+-]?[0-9]+)?
       |[0-9]+[eE][+-]?[0-9]+
       |[0-9]+[uU]?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>&&|\|\||==|!=|<=|>=|[<>!?:.,\[\](){}+\-*/%])
    """,
    re.VERBOSE,
)
_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "`": "`",
    "?": "?",
}
_RESERVED = frozenset(
    [
        "as",
        "break",
        "const",
        "continue",
        "else",
        "for",
        "function",
        "if",
        "import",
        "let",
        "loop",
        "package",
        "namespace",
        "return",
        "var",
        "void",
        "while",
    ]
)


@dataclass(frozen=True)
class _Token:
    kind: str  # space, string, number, ident, op, end
    text: str
    value: Any
    at: int


def _fail(at: int, message: str) -> CelSyntaxError:
    return CelSyntaxError(f"at character {at + 1}: {message}")


def _string(source: str, start: int, prefix: str, quote: str) -> tuple[Any, int]:
    """The value of a string literal whose opening quote ends at `start`, and where it ends."""
    raw = "r" in prefix.lower()
    is_bytes = "b" in prefix.lower()
    out = bytearray()  # a bytes literal: characters as UTF-8, \\x and octal escapes as bytes
    chars: list[str] = []
    i = start
    triple = len(quote) == 3

    def put(text: str) -> None:
        if is_bytes:
            out.extend(text.encode("utf-8", "surrogatepass"))
        else:
            chars.append(text)

    while True:
        if i >= len(source):
            raise _fail(start - len(quote), "the string is not closed")
        if source.startswith(quote, i):
            i += len(quote)
            break
        char = source[i]
        if char in "\r\n" and not triple:
            raise _fail(i, "a line break inside a string (use \\n or a triple-quoted string)")
        if char != "\\" or raw:
            put(char)
            i += 1
            continue
        i += 1
        code = source[i] if i < len(source) else ""
        if code in _ESCAPES:
            put(_ESCAPES[code])
            i += 1
        elif code and code in "xXuU":
            width = {"x": 2, "X": 2, "u": 4, "U": 8}[code]
            digits = source[i + 1 : i + 1 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise _fail(i, f"\\{code} needs {width} hexadecimal digits")
            point = int(digits, 16)
            if code in "xX" and is_bytes:
                out.append(point)
            elif point > 0x10FFFF or 0xD800 <= point <= 0xDFFF or (is_bytes and code in "uU"):
                raise _fail(i, f"\\{code}{digits} is not allowed here")
            else:
                put(chr(point))
            i += 1 + width
        elif code and code in "0123":
            digits = source[i : i + 3]
            if len(digits) != 3 or not all(c in "01234567" for c in digits):
                raise _fail(i, "an octal escape needs three digits")
            if is_bytes:
                out.append(int(digits, 8))
            else:
                put(chr(int(digits, 8)))
            i += 3
        else:
            raise _fail(i, f"unknown escape \\{code}")
    return (bytes(out) if is_bytes else "".join(chars)), i


def tokens(source: str) -> list[_Token]:
    found: list[_Token] = []
    i = 0
    while i < len(source):
        m = _TOKEN_RE.match(source, i)
        if m is None:
            raise _fail(i, f"unexpected character {source[i]!r}")
        kind = m.lastgroup or ""
        text = m.group(0)
        if kind == "space":
            i = m.end()
            continue
        if kind == "string":
            prefix = text.rstrip("'\"")
            quote = text[len(prefix) :]
            value, end = _string(source, m.end(), prefix, quote)
            found.append(_Token("string", source[i:end], value, i))
            i = end
            continue
        if kind == "number":
            found.append(_Token("number", text, _number(text, i), i))
        elif kind == "ident" and text in ("true", "false"):
            found.append(_Token("literal", text, text == "true", i))
        elif kind == "ident" and text == "null":
            found.append(_Token("literal", text, None, i))
        elif kind == "ident" and text == "in":
            found.append(_Token("op", text, None, i))
        elif kind == "ident" and text in _RESERVED:
            raise _fail(i, f"{text!r} is a reserved word")
        else:
            found.append(_Token(kind, text, None, i))
        i = m.end()
    found.append(_Token("end", "", None, len(source)))
    return found


def _number(text: str, at: int) -> Any:
    unsigned = text[-1] in "uU"
    digits = text[:-1] if unsigned else text
    if digits[:2] == "0x":
        value: Any = int(digits, 16)
    elif any(c in digits for c in ".eE"):
        return float(digits)
    else:
        value = int(digits)
    if unsigned:
        if value > UINT_MAX:
            raise _fail(at, f"{text} is out of the range of uint")
        return UInt(value)
    if value > INT_MAX + 1:  # INT_MAX + 1 is allowed only after a minus sign (checked there)
        raise _fail(at, f"{text} is out of the range of int")
    return value


# --------------------------------------------------------------------------------------------
# The syntax tree
# --------------------------------------------------------------------------------------------

#: A node: ("literal", value) | ("ident", name) | ("select", operand, field) |
#: ("has", operand, field) | ("index", operand, key) | ("call", name, target|None, args) |
#: ("macro", name, target, variable, args) | ("list", items) | ("map", pairs) |
#: ("unary", op, operand) | ("binary", op, left, right) | ("cond", test, then, else)
Node = tuple[Any, ...]


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokens(source)
        self.i = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.i]

    def take(self, text: str | None = None) -> _Token:
        token = self.token
        if text is not None and not (token.kind == "op" and token.text == text):
            shown = token.text or "the end"
            raise _fail(token.at, f"expected {text!r}, found {shown!r}")
        self.i += 1
        return token

    def at(self, *texts: str) -> bool:
        return self.token.kind == "op" and self.token.text in texts

    def parse(self) -> Node:
        node = self.expr()
        if self.token.kind != "end":
            raise _fail(self.token.at, f"unexpected {self.token.text!r}")
        return node

    def expr(self) -> Node:
        self.depth += 1
        # Each level of brackets costs about 11 Python frames here: 64 levels (CEL asks for 32)
        # stay well inside Python's recursion limit of 1000, as 250 did not.
        if self.depth > 64:
            raise _fail(self.token.at, "the expression nests too deep")
        test = self.binary(0)
        if self.at("?"):
            self.take()
            then = self.binary(0)
            self.take(":")
            other = self.expr()
            test = ("cond", test, then, other)
        self.depth -= 1
        return test

    _LEVELS: tuple[tuple[str, ...], ...] = (
        ("||",),
        ("&&",),
        ("<", "<=", ">", ">=", "==", "!=", "in"),
        ("+", "-"),
        ("*", "/", "%"),
    )

    def binary(self, level: int) -> Node:
        if level == len(self._LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while self.at(*self._LEVELS[level]):
            op = self.take().text
            node = ("binary", op, node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        ops: list[str] = []
        while self.at("!", "-"):
            ops.append(self.take().text)
        literal_next = self.token.kind == "number"
        node = self.member()
        # Only a minus written right before a number is part of the literal (`-5`); any other
        # minus is the operator, evaluated (`-(-9223372036854775808)` overflows, as in CEL).
        if ops and ops[-1] == "-" and literal_next and node[0] == "literal" and _is_number(node[1]):
            node = ("literal", _negate_literal(node[1], self.token.at))
            ops.pop()
        if node[0] == "literal" and type(node[1]) is int and node[1] > INT_MAX:
            raise _fail(self.token.at, f"{node[1]} is out of the range of int")
        for op in reversed(ops):
            node = ("unary", op, node)
        return node

    def member(self) -> Node:
        node = self.primary()
        while True:
            if self.at("."):
                self.take()
                name = self.token
                if name.kind != "ident":
                    raise _fail(name.at, "a field or method name must follow '.'")
                self.take()
                if self.at("("):
                    self.take()
                    if name.text in MACROS:
                        node = self.macro(name, node)
                    else:
                        node = ("call", name.text, node, self.arguments(")"))
                else:
                    node = ("select", node, name.text)
            elif self.at("["):
                self.take()
                key = self.expr()
                self.take("]")
                node = ("index", node, key)
            else:
                return node

    def macro(self, name: _Token, target: Node) -> Node:
        variable = self.token
        if variable.kind != "ident":
            raise _fail(variable.at, f"{name.text}() needs a variable name first")
        self.take()
        self.take(",")
        args = self.arguments(")")
        wanted = (1, 2) if name.text == "map" else (1,)
        if len(args) not in wanted:
            raise _fail(
                name.at, f"{name.text}() takes {' or '.join(str(n + 1) for n in wanted)} arguments"
            )
        return ("macro", name.text, target, variable.text, tuple(args))

    def arguments(self, close: str) -> list[Node]:
        """Expressions separated by commas, then `close`. A list literal (`]`) may end with a
        comma (`[1, 2,]`, even `[,]`); a call's arguments may not (CEL's grammar)."""
        args: list[Node] = []
        if close == "]" and self.at(","):  # `[,]`
            self.take()
            self.take(close)
            return args
        while not self.at(close):
            if args:
                self.take(",")
                if close == "]" and self.at(close):
                    break
            args.append(self.expr())
        self.take(close)
        return args

    def primary(self) -> Node:
        token = self.token
        if token.kind in ("number", "string", "literal"):
            self.take()
            return ("literal", token.value)
        if token.kind == "ident":
            self.take()
            if self.at("("):
                self.take()
                if token.text == "has":
                    args = self.arguments(")")
                    if len(args) != 1 or args[0][0] != "select":
                        raise _fail(token.at, "has() takes one field selection, as has(x.field)")
                    return ("has", args[0][1], args[0][2])
                return ("call", token.text, None, self.arguments(")"))
            return ("ident", token.text)
        if self.at("("):
            self.take()
            node = self.expr()
            self.take(")")
            return node
        if self.at("["):
            self.take()
            items = self.arguments("]")
            return ("list", tuple(items))
        if self.at("{"):
            self.take()
            pairs: list[tuple[Node, Node]] = []
            if self.at(","):  # `{,}`: the trailing comma of no entry
                self.take()
                self.take("}")
                return ("map", ())
            while not self.at("}"):
                key = self.expr()
                self.take(":")
                pairs.append((key, self.expr()))
                if not self.at("}"):
                    self.take(",")
            self.take("}")
            return ("map", tuple(pairs))
        if self.at("."):
            raise _fail(token.at, "qualified names (.name) are not supported")
        raise _fail(token.at, f"unexpected {token.text or 'end'!r}")


def _is_number(value: Any) -> bool:
    return type(value) in (int, float) or isinstance(value, UInt)


def _negate_literal(value: Any, at: int) -> Any:
    if isinstance(value, UInt):
        raise _fail(at, "a uint cannot be negative")
    return -value


def parse(source: str) -> Node:
    """The syntax tree of `source`; CelSyntaxError says where it fails."""
    return _Parser(source).parse()


# --------------------------------------------------------------------------------------------
# Values and operators
# --------------------------------------------------------------------------------------------


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is bool:
        return "bool"
    if isinstance(value, UInt):
        return "uint"
    if type(value) is int:
        return "int"
    if type(value) is float:
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bytes):
        return "bytes"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, Mapping):
        return "map"
    return type(value).__name__


def _no_overload(op: str, *values: Any) -> CelError:
    kinds = ", ".join(_type_name(v) for v in values)
    return CelError(f"no such overload: {op}({kinds})")


def _is_num(value: Any) -> bool:
    kind = type(value)
    return kind is int or kind is float or kind is UInt


def equal(a: Any, b: Any) -> bool:
    """CEL's `==`: numbers by value across int, uint and double; other types never equal."""
    ta = type(a)
    if ta is type(b) and (ta is str or ta is float or ta is int or ta is bool):
        return bool(a == b)
    if _is_num(a) and _is_num(b):
        if ta is float or type(b) is float:  # as CEL does: an int meets a double as a double
            return float(a) == float(b)
        return bool(a == b)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if len(a) != len(b):
            return False
        for key, value in a.items():
            other = _lookup(b, key)
            if other is _MISSING or not equal(value, other):
                return False
        return True
    if type(a) is bool or type(b) is bool or a is None or b is None:
        return ta is type(b) and a == b
    if isinstance(a, str | bytes) and type(a) is type(b):
        return bool(a == b)
    return False


_MISSING = object()


def _lookup(mapping: Mapping[Any, Any], key: Any) -> Any:
    """A map's entry by CEL key equality (an int key finds an equal uint or double key)."""
    if type(key) is bool:
        for k, v in mapping.items():
            if type(k) is bool and k == key:
                return v
        return _MISSING
    if _is_num(key):
        for k, v in mapping.items():
            if _is_num(k) and k == key:
                return v
        return _MISSING
    return mapping.get(key, _MISSING)


def _nan_order() -> CelError:
    """NaN is not ordered: `e1 <= e2` must give what `!(e1 > e2)` gives (langdef, "Equality
    and Ordering"), which no answer does for NaN; CEL implementations raise this error."""
    return CelError("NaN values cannot be ordered")


def _ordered(op: str, a: Any, b: Any) -> None:
    """Raise unless `a` and `b` may be ordered."""
    if _is_num(a) and _is_num(b):
        return
    ta = type(a)
    if ta is type(b) and (ta is str or ta is bool or ta is bytes):
        return
    raise _no_overload(op, a, b)


def _int(value: int, op: str) -> int:
    if INT_MIN <= value <= INT_MAX:
        return value
    raise CelError(f"integer overflow in {op}")


def _uint(value: int, op: str) -> UInt:
    if 0 <= value <= UINT_MAX:
        return UInt(value)
    raise CelError(f"unsigned integer overflow in {op}")


def _same_numbers(op: str, a: Any, b: Any) -> type:
    ta = type(a)
    if ta is type(b) and (ta is int or ta is float or ta is UInt):
        return ta
    raise _no_overload(op, a, b)


def add(a: Any, b: Any) -> Any:
    ta = type(a)
    if ta is type(b):
        if ta is float or ta is str or ta is bytes:
            return a + b
        if ta is int:
            return _int(a + b, "+")
        if ta is UInt:
            return _uint(a + b, "+")
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return [*a, *b]
    raise _no_overload("+", a, b)


def subtract(a: Any, b: Any) -> Any:
    kind = _same_numbers("-", a, b)
    if kind is float:
        return a - b
    return _int(a - b, "-") if kind is int else _uint(a - b, "-")


def multiply(a: Any, b: Any) -> Any:
    kind = _same_numbers("*", a, b)
    if kind is float:
        return a * b
    return _int(a * b, "*") if kind is int else _uint(a * b, "*")


def divide(a: Any, b: Any) -> Any:
    kind = _same_numbers("/", a, b)
    if kind is float:
        if b == 0.0:
            if a == 0.0 or math.isnan(a):
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1.0, b)
        return a / b
    if b == 0:
        raise CelError("division by zero")
    quotient = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        quotient = -quotient
    return _int(quotient, "/") if kind is int else UInt(quotient)


def modulo(a: Any, b: Any) -> Any:
    kind = _same_numbers("%", a, b)
    if kind is float:
        raise _no_overload("%", a, b)
    if b == 0:
        raise CelError("modulus by zero")
    if kind is int and a == INT_MIN and b == -1:
        raise CelError("integer overflow in %")
    remainder = abs(a) % abs(b)
    value = -remainder if a < 0 else remainder
    return value if kind is int else UInt(value)


def negate(a: Any) -> Any:
    kind = type(a)
    if kind is float:
        return -a
    if kind is int:
        return _int(-a, "-")
    raise _no_overload("-", a)


def contained(a: Any, b: Any) -> bool:
    """CEL's `a in b`: an element of a list, a key of a map."""
    if isinstance(b, list | tuple):
        return any(equal(a, x) for x in b)
    if isinstance(b, Mapping):
        if not (type(a) in (str, int, bool, float) or isinstance(a, UInt)):
            raise _no_overload("in", a, b)  # not a key type (a list would not even hash)
        return _lookup(b, a) is not _MISSING
    raise _no_overload("in", a, b)


def select(value: Any, name: str) -> Any:
    if isinstance(value, Mapping):
        try:
            return value[name]
        except KeyError:
            raise CelError(f"no such key: {name}") from None
    raise CelError(f"no field {name!r} on a {_type_name(value)}")


def index(value: Any, key: Any) -> Any:
    if isinstance(value, list | tuple):
        if type(key) is float and key.is_integer():  # a whole double indexes, as in CEL
            key = int(key)
        if type(key) is int or type(key) is UInt:
            position = int(key)
            if 0 <= position < len(value):
                return value[position]
            raise CelError(f"index out of range: {position}")
        raise _no_overload("_[_]", value, key)
    if isinstance(value, Mapping):
        if not (type(key) in (str, int, bool, float) or isinstance(key, UInt)):
            raise _no_overload("_[_]", value, key)
        found = _lookup(value, key)  # a double finds an equal int or uint key, as `in` does
        if found is _MISSING:
            raise CelError(f"no such key: {key!r}")
        return found
    raise _no_overload("_[_]", value, key)


def has_field(value: Any, name: str) -> bool:
    if isinstance(value, Mapping):
        return name in value
    raise CelError(f"has() needs a map, not a {_type_name(value)}")


def size(value: Any) -> int:
    """The number of code points of a string, bytes of bytes, entries of a list or map."""
    if isinstance(value, str | bytes | list | tuple | Mapping):
        return len(value)
    raise _no_overload("size", value)


#: What int() / uint() and double() read from a string: digits only, no spaces or underscores.
_INT_TEXT_RE = re.compile(r"[+-]?[0-9]+\Z")
_DOUBLE_TEXT_RE = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z|[+-]?(?:inf|infinity|nan)\Z",
    re.IGNORECASE,
)


def to_int(value: Any) -> int:
    kind = type(value)
    if kind is int:
        return int(value)
    if kind is UInt:
        return _int(int(value), "int()")
    if kind is float:
        if math.isnan(value) or not (-(2.0**63) < value < 2.0**63):
            raise CelError("int() overflow")
        return int(value)
    if kind is str and _INT_TEXT_RE.match(value):
        return _int(int(value), "int()")
    raise _no_overload("int", value)


def to_uint(value: Any) -> UInt:
    kind = type(value)
    if kind is UInt:
        return value  # type: ignore[no-any-return]
    if kind is int:
        return _uint(value, "uint()")
    if kind is float:
        if math.isnan(value) or not (0 <= value < 2.0**64):
            raise CelError("uint() overflow")
        return UInt(int(value))
    if kind is str and _INT_TEXT_RE.match(value) and not value.startswith("-"):
        return _uint(int(value), "uint()")
    raise _no_overload("uint", value)


def to_double(value: Any) -> float:
    kind = type(value)
    if kind is float:
        return value  # type: ignore[no-any-return]
    if kind is int or kind is UInt:
        return float(value)
    if kind is str and _DOUBLE_TEXT_RE.match(value):
        return float(value)
    raise _no_overload("double", value)


def double_text(value: float) -> str:
    """A double as `string()` writes it: the shortest digits that read back, no exponent."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def to_string(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is int or kind is UInt:
        return str(int(value))
    if kind is float:
        return double_text(value)
    if kind is bytes:
        try:
            return value.decode("utf-8")  # type: ignore[no-any-return]
        except UnicodeDecodeError:
            raise CelError("string() of bytes that are not UTF-8") from None
    raise _no_overload("string", value)


def _text_test(name: str, test: Callable[[str, str], bool]) -> Callable[[Any, Any], bool]:
    def run(text: Any, other: Any) -> bool:
        if type(text) is str and type(other) is str:
            return test(text, other)
        raise _no_overload(name, text, other)

    return run


_contains = _text_test("contains", str.__contains__)
_starts = _text_test("startsWith", str.startswith)
_ends = _text_test("endsWith", str.endswith)


# --------------------------------------------------------------------------------------------
# Compiling a tree into closures
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Program:
    """A compiled expression: call it with the variables by name."""

    source: str
    tree: Node
    run: Evaluator

    def __call__(self, variables: Mapping[str, Any]) -> Any:
        return self.run(dict(variables))


def _bool(value: Any, where: str) -> bool:
    if type(value) is bool:
        return value
    raise CelError(f"{where} needs true or false, not a {_type_name(value)}")


def _iterable(value: Any, macro: str) -> Iterable[Any]:
    if isinstance(value, list | tuple):
        return value
    if isinstance(value, Mapping):
        return list(value)
    raise CelError(f"{macro}() needs a list or a map, not a {_type_name(value)}")


#: The comparisons, as Python computes them for two values of one plain type.
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _field_against(
    op: str, variable: str, name: str, constant: Any, general: Evaluator
) -> Evaluator:
    """`variable.name <op> constant` (`row.number <= 100.0`, `row.class != '数量指标'`), the
    commonest test of a rule, in one call: when the field holds a value of the constant's own
    type Python's operator is CEL's; anything else takes the general path (`general`)."""
    compare = _COMPARE[op]
    kind = type(constant)

    def field_against(act: dict[str, Any]) -> Any:
        try:
            value = act[variable][name]
        except (KeyError, TypeError, IndexError):
            return general(act)
        if type(value) is kind:
            result = compare(value, constant)
            if result or value == value:  # NaN (not equal to itself) takes the general path
                return result
        return general(act)

    return field_against


def _against(op: str, left: Evaluator, constant: Any, general: Evaluator) -> Evaluator:
    """`<expression> <op> constant` (`size(row.name) <= 40`): as `_field_against`, for any
    expression on the left (evaluated again by `general` only off the fast path: CEL has no
    side effects)."""
    compare = _COMPARE[op]
    kind = type(constant)

    def against(act: dict[str, Any]) -> Any:
        value = left(act)
        if type(value) is kind:
            result = compare(value, constant)
            if result or value == value:  # NaN (not equal to itself) takes the general path
                return result
        return general(act)

    return against


class _Compiler:
    def __init__(self, regex: Callable[[str], Any]) -> None:
        self.regex = regex

    def node(self, node: Node) -> Evaluator:
        kind = node[0]
        method: Callable[[Node], Evaluator] = getattr(self, f"_{kind}")
        return method(node)

    def _literal(self, node: Node) -> Evaluator:
        value = node[1]
        return lambda act: value

    def _ident(self, node: Node) -> Evaluator:
        name = node[1]

        def ident(act: dict[str, Any]) -> Any:
            try:
                return act[name]
            except KeyError:
                raise CelError(f"undeclared reference to {name!r}") from None

        return ident

    def _select(self, node: Node) -> Evaluator:
        _, operand, name = node
        if operand[0] == "ident":
            variable = operand[1]

            def select_variable(act: dict[str, Any]) -> Any:
                try:
                    return act[variable][name]
                except (KeyError, TypeError, IndexError):
                    if variable not in act:
                        raise CelError(f"undeclared reference to {variable!r}") from None
                    return select(act[variable], name)

            return select_variable
        inner = self.node(operand)
        return lambda act: select(inner(act), name)

    def _has(self, node: Node) -> Evaluator:
        _, operand, name = node
        inner = self.node(operand)
        return lambda act: has_field(inner(act), name)

    def _index(self, node: Node) -> Evaluator:
        operand, key = self.node(node[1]), self.node(node[2])
        return lambda act: index(operand(act), key(act))

    def _list(self, node: Node) -> Evaluator:
        items = [self.node(n) for n in node[1]]
        return lambda act: [item(act) for item in items]

    def _map(self, node: Node) -> Evaluator:
        pairs = [(self.node(k), self.node(v)) for k, v in node[1]]

        def build(act: dict[str, Any]) -> dict[Any, Any]:
            out: dict[Any, Any] = {}
            for key, value in pairs:
                k = key(act)
                if not (type(k) in (str, int, bool) or isinstance(k, UInt)):
                    raise CelError(f"a map key cannot be a {_type_name(k)}")
                if _lookup(out, k) is not _MISSING:
                    raise CelError(f"the map key {k!r} is repeated")
                out[k] = value(act)
            return out

        return build

    def _unary(self, node: Node) -> Evaluator:
        _, op, operand = node
        inner = self.node(operand)
        if op == "!":

            def negation(act: dict[str, Any]) -> bool:
                value = inner(act)
                if type(value) is bool:
                    return not value
                raise _no_overload("!", value)

            return negation
        return lambda act: negate(inner(act))

    def _cond(self, node: Node) -> Evaluator:
        test, then, other = (self.node(n) for n in node[1:])
        return lambda act: then(act) if _bool(test(act), "?:") else other(act)

    def _binary(self, node: Node) -> Evaluator:
        _, op, left_node, right_node = node
        left, right = self.node(left_node), self.node(right_node)
        if op in ("&&", "||"):
            return self._logical(op, left, right)
        if op in _COMPARE:
            general = (
                self._equality(op, left, right)
                if op in ("==", "!=")
                else self._order(op, left, right)
            )
            if right_node[0] == "literal" and type(right_node[1]) in (str, float, int, bool):
                if left_node[0] == "select" and left_node[1][0] == "ident":
                    return _field_against(op, left_node[1][1], left_node[2], right_node[1], general)
                return _against(op, left, right_node[1], general)
            return general
        function = {
            "+": add,
            "-": subtract,
            "*": multiply,
            "/": divide,
            "%": modulo,
            "in": contained,
        }[op]
        return lambda act: function(left(act), right(act))

    @staticmethod
    def _logical(op: str, left: Evaluator, right: Evaluator) -> Evaluator:
        decides = op == "||"  # `||` is decided by a true side, `&&` by a false one

        def logical(act: dict[str, Any]) -> bool:
            try:
                a = left(act)
                if type(a) is not bool:
                    raise _no_overload(op, a)
            except CelError as error:
                b = right(act)
                if b is decides:
                    return bool(b)
                if type(b) is not bool:
                    raise _no_overload(op, b) from None
                raise error
            if a is decides:
                return bool(a)
            b = right(act)
            if type(b) is not bool:
                raise _no_overload(op, a, b)
            return bool(b)

        return logical

    @staticmethod
    def _equality(op: str, left: Evaluator, right: Evaluator) -> Evaluator:
        if op == "==":

            def equals(act: dict[str, Any]) -> bool:
                a, b = left(act), right(act)
                ta = type(a)
                if ta is type(b) and (ta is str or ta is float or ta is int or ta is bool):
                    return bool(a == b)
                return equal(a, b)

            return equals

        def differs(act: dict[str, Any]) -> bool:
            a, b = left(act), right(act)
            ta = type(a)
            if ta is type(b) and (ta is str or ta is float or ta is int or ta is bool):
                return bool(a != b)
            return not equal(a, b)

        return differs

    @staticmethod
    def _order(op: str, left: Evaluator, right: Evaluator) -> Evaluator:
        compare = _COMPARE[op]

        def order(act: dict[str, Any]) -> bool:
            a, b = left(act), right(act)
            ta, tb = type(a), type(b)
            if ta is tb and (ta is float or ta is int):
                if compare(a, b):
                    return True
                if ta is float and (a != a or b != b):
                    raise _nan_order()
                return False
            _ordered(op, a, b)
            if ta is float or tb is float:  # an int meets a double as a double, as in `==`
                a, b = float(a), float(b)
                if a != a or b != b:
                    raise _nan_order()
            return compare(a, b)

        return order

    def _call(self, node: Node) -> Evaluator:
        _, name, target, arg_nodes = node
        args = [self.node(n) for n in ((target,) if target is not None else ()) + tuple(arg_nodes)]
        if name not in FUNCTIONS:
            raise CelSyntaxError(f"the function {name!r} is not available")
        if name == "matches" and len(args) == 2:  # s.matches(re) or matches(s, re)
            return self._matches(args, arg_nodes[-1])
        one = {
            "size": size,
            "int": to_int,
            "uint": to_uint,
            "double": to_double,
            "string": to_string,
        }
        two = {"contains": _contains, "startsWith": _starts, "endsWith": _ends}
        if name in one and len(args) == 1 and (target is None or name == "size"):
            function, (arg,) = one[name], args
            return lambda act: function(arg(act))
        if name in two and len(args) == 2 and target is not None:  # methods only
            test, (text, other) = two[name], args
            return lambda act: test(text(act), other(act))
        shown = f"{'x.' if target is not None else ''}{name}()"
        raise CelSyntaxError(f"{shown} does not take {len(arg_nodes)} argument(s)")

    def _matches(self, args: list[Evaluator], pattern_node: Node) -> Evaluator:
        text, pattern = args
        regex = self.regex
        if pattern_node[0] == "literal" and type(pattern_node[1]) is str:
            compiled = regex(pattern_node[1])  # a mistake in it is a compile-time error

            def matches_literal(act: dict[str, Any]) -> bool:
                value = text(act)
                if type(value) is not str:
                    raise _no_overload("matches", value, pattern_node[1])
                return bool(compiled(value))

            return matches_literal

        def matches(act: dict[str, Any]) -> bool:
            value, wanted = text(act), pattern(act)
            if type(value) is not str or type(wanted) is not str:
                raise _no_overload("matches", value, wanted)
            try:
                compiled = regex(wanted)
            except ValueError as error:
                raise CelError(str(error)) from None
            return bool(compiled(value))

        return matches

    def _macro(self, node: Node) -> Evaluator:
        _, name, target_node, variable, arg_nodes = node
        target = self.node(target_node)
        args = [self.node(n) for n in arg_nodes]
        if name == "map":
            transform = args[-1]
            keep = args[0] if len(args) == 2 else None
            return self._map_macro(target, variable, keep, transform)
        (predicate,) = args
        body = {
            "all": _all,
            "exists": _exists,
            "exists_one": _exists_one,
            "filter": _filter,
        }[name]

        def macro(act: dict[str, Any]) -> Any:
            items = _iterable(target(act), name)
            saved = act.get(variable, _MISSING)
            try:
                return body(items, variable, predicate, act)
            finally:
                if saved is _MISSING:
                    act.pop(variable, None)
                else:
                    act[variable] = saved

        return macro

    @staticmethod
    def _map_macro(
        target: Evaluator, variable: str, keep: Evaluator | None, transform: Evaluator
    ) -> Evaluator:
        def mapped(act: dict[str, Any]) -> list[Any]:
            items = _iterable(target(act), "map")
            saved = act.get(variable, _MISSING)
            out: list[Any] = []
            try:
                for item in items:
                    act[variable] = item
                    if keep is None or _bool(keep(act), "map()"):
                        out.append(transform(act))
            finally:
                if saved is _MISSING:
                    act.pop(variable, None)
                else:
                    act[variable] = saved
            return out

        return mapped


def _quantifier(decider: bool, where: str) -> Callable[..., bool]:
    """`all` (decided by a false element) or `exists` (by a true one): an element that decides
    absorbs the errors of the others; without one, the first error is the answer."""

    def quantified(
        items: Iterable[Any], variable: str, predicate: Evaluator, act: dict[str, Any]
    ) -> bool:
        error: CelError | None = None
        for item in items:
            act[variable] = item
            try:
                if _bool(predicate(act), where) is decider:
                    return decider
            except CelError as found:
                error = error or found
        if error is not None:
            raise error
        return not decider

    return quantified


_all = _quantifier(False, "all()")
_exists = _quantifier(True, "exists()")


def _exists_one(
    items: Iterable[Any], variable: str, predicate: Evaluator, act: dict[str, Any]
) -> bool:
    count = 0
    for item in items:
        act[variable] = item
        if _bool(predicate(act), "exists_one()"):
            count += 1
    return count == 1


def _filter(
    items: Iterable[Any], variable: str, predicate: Evaluator, act: dict[str, Any]
) -> list[Any]:
    out: list[Any] = []
    for item in items:
        act[variable] = item
        if _bool(predicate(act), "filter()"):
            out.append(item)
    return out


def functions(tree: Node) -> set[str]:
    """The functions and macros a tree calls (`has` included)."""
    found: set[str] = set()
    for node in walk(tree):
        if node[0] in ("call", "macro"):
            found.add(node[1])
        elif node[0] == "has":
            found.add("has")
    return found


def children(node: Node) -> tuple[Node, ...]:
    """The sub-expressions of a node."""
    kind = node[0]
    if kind in ("select", "has"):
        return (node[1],)
    if kind == "unary":
        return (node[2],)
    if kind in ("index", "binary", "cond"):
        return tuple(n for n in node[1:] if isinstance(n, tuple))
    if kind == "call":
        return ((node[2],) if node[2] is not None else ()) + tuple(node[3])
    if kind == "macro":
        return (node[2], *node[4])
    if kind == "list":
        return tuple(node[1])
    if kind == "map":
        return tuple(part for pair in node[1] for part in pair)
    return ()


def walk(tree: Node) -> Iterable[Node]:
    """Every node of a tree, the tree first."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(children(node))


def depth(tree: Node) -> int:
    """How deep the tree is (each level is one nested call when it is evaluated)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children(node))
    return deepest


#: The deepest tree compiled (a chain `a + b + c …` is as deep as it is long).
MAX_DEPTH = 200


def closures(regex: Callable[[str], Any]) -> Callable[[Node], Evaluator]:
    """The compiler of a tree (or a part of one) into closures; `regex` as for `compile_program`."""
    return _Compiler(regex).node


def compile_program(source: str, regex: Callable[[str], Any]) -> Program:
    """Parse and compile `source` into closures. `regex(pattern)` gives the test for `matches`: a
    function of a text, true when the pattern occurs in it (a literal pattern is compiled now: a
    mistake in it is this call's ValueError). `checker.celfast.compile_program` adds the
    generated fast path; the tests hold the two to the same answers."""
    tree = parse(source)
    if depth(tree) > MAX_DEPTH:
        raise CelSyntaxError(
            f"the expression is {depth(tree)} operations deep, more than {MAX_DEPTH}"
        )
    return Program(source, tree, closures(regex)(tree))
