"""Errors a user can act on. None of them is ever shown as a traceback."""

from __future__ import annotations

from checker.i18n import Lang, Text


class JxcheckError(Exception):
    """A usage, configuration or input error: exit status 2, one clear line."""

    exit_status = 2

    def __init__(self, text: Text | str) -> None:
        self.text = text if isinstance(text, Text) else Text(text, text)
        super().__init__(self.text.zh)

    def render(self, lang: Lang = "zh") -> str:
        """The message for a terminal: control characters from file names or records are
        written as visible escapes (see `checker.terminal`)."""
        from checker.terminal import printable

        return printable(self.text.get(lang))


class UsageError(JxcheckError):
    """A bad option, an unknown rule id, an unknown policy name."""


class ConfigError(JxcheckError):
    """A policy or configuration file that is invalid (names the file and line)."""


class InputError(JxcheckError):
    """An input that cannot be read or parsed: becomes an S000 finding in a check."""

    def __init__(self, path: str, line: int | None, text: Text, column: int | None = None) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.detail = text
        where = f"{path}:{line}" if line else path
        super().__init__(Text(f"{where}: {text.zh}", f"{where}: {text.en}"))
