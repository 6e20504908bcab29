"""Bilingual text: Chinese first (the users are Chinese civil servants), English on request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """One message in both languages."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.zh

    def format(self, **args: object) -> Text:
        return Text(self.zh.format(**args), self.en.format(**args))
