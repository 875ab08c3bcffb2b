"""Sentences the planner writes for people, kept as facts so that each language can word them.

A :class:`Phrase` is a ``str`` (its English words, so code, tests and JSON that read it as text
keep working) that also remembers the English template it was made from and the facts that filled
it: durations, clock times, distances, money and places stay typed until a renderer words them in
the reader's language (``formatting.word``). A plain ``str`` in the same place is text nobody can
translate: a catalog's own words, or a trip saved before phrases existed.

Facts are small frozen values with a JSON form (:func:`to_json` / :func:`from_json`) so that a
saved trip can be exported later in another language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Self


@dataclass(frozen=True)
class Duration:
    """A length of time, worded "1 h 05 min" / "1 giờ 5 phút"."""

    seconds: int


@dataclass(frozen=True)
class Clock:
    """A time of day in seconds after midnight, worded "07:30"."""

    seconds: int


@dataclass(frozen=True)
class Distance:
    """A distance, worded "14.2 km" / "14,2 km"."""

    metres: float


@dataclass(frozen=True)
class Money:
    """An amount in đồng, or None when nobody published it ("unknown", never "free")."""

    vnd: int | None


@dataclass(frozen=True)
class Day:
    """A calendar date, worded in the reader's language ("Thu 5 Dec" / "T5 05/12")."""

    date: dt.date


@dataclass(frozen=True)
class Place:
    """A place by its Vietnamese name and its English one ("" when the catalog gives none)."""

    vi: str
    en: str = ""

    def name_in(self, lang: str) -> str:
        return (self.en or self.vi) if lang == "en" else self.vi


@dataclass(frozen=True)
class Words:
    """A catalog's own text in both languages (a description, a note): "" where it has none.

    Each language reads its own, and the other one where its own is missing.
    """

    vi: str
    en: str

    def text_in(self, lang: str) -> str:
        first, second = (self.en, self.vi) if lang == "en" else (self.vi, self.en)
        return first or second


@dataclass(frozen=True)
class Places:
    """Several places, worded as a list ("A, B and C" / "A, B và C")."""

    items: tuple[Place, ...]


class Phrase(str):
    """English words (the ``str``) with the template and facts they were made from.

    Make one with ``formatting.say``, which words the English; read it in another language with
    ``formatting.word``.
    """

    template: str
    plural: str
    n: int | None  # the count a plural phrase follows
    facts: tuple[tuple[str, Fact], ...]

    def __new__(
        cls,
        english: str,
        template: str,
        facts: tuple[tuple[str, Fact], ...] = (),
        *,
        plural: str = "",
        n: int | None = None,
    ) -> Self:
        phrase = super().__new__(cls, english)
        phrase.template = template
        phrase.plural = plural
        phrase.n = n
        phrase.facts = facts
        return phrase

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling (Dask's season runs send plans between processes) keeps the facts.
        return (_rebuild, (str(self), self.template, self.facts, self.plural, self.n))

    def __repr__(self) -> str:
        return f"Phrase({str(self)!r})"


Fact = (
    str | int | float | Duration | Clock | Distance | Money | Day | Place | Places | Words | Phrase
)
"""What fills a phrase's template: a number or word as it is, or a fact each language words."""


def _rebuild(
    english: str,
    template: str,
    facts: tuple[tuple[str, Fact], ...],
    plural: str,
    n: int | None,
) -> Phrase:
    return Phrase(english, template, facts, plural=plural, n=n)


# ------------------------------------------------------------------------------------ JSON form
def to_json(text: str) -> dict[str, Any] | None:
    """The facts of a phrase as JSON (None for plain text, which saves as itself)."""
    if not isinstance(text, Phrase):
        return None
    out: dict[str, Any] = {"template": text.template, "facts": {}}
    if text.plural:
        out["plural"] = text.plural
        out["n"] = text.n
    for name, fact in text.facts:
        out["facts"][name] = _fact_json(fact)
    return out


def _fact_json(fact: Fact) -> Any:
    if isinstance(fact, Phrase):
        return {"phrase": {"text": str(fact), **(to_json(fact) or {})}}
    if isinstance(fact, Duration):
        return {"duration_s": fact.seconds}
    if isinstance(fact, Clock):
        return {"clock_s": fact.seconds}
    if isinstance(fact, Distance):
        return {"distance_m": fact.metres}
    if isinstance(fact, Money):
        return {"money_vnd": fact.vnd}
    if isinstance(fact, Day):
        return {"date": fact.date.isoformat()}
    if isinstance(fact, Place):
        return {"place": [fact.vi, fact.en]}
    if isinstance(fact, Places):
        return {"places": [[p.vi, p.en] for p in fact.items]}
    if isinstance(fact, Words):
        return {"words": [fact.vi, fact.en]}
    return fact


def from_json(english: str, data: Any) -> str:
    """The phrase saved as ``english`` with ``data`` (from :func:`to_json`); plain text when the
    data is missing or not understood (a trip saved by another version stays readable)."""
    if not isinstance(data, dict) or not isinstance(data.get("template"), str):
        return english
    facts_data = data.get("facts", {})
    if not isinstance(facts_data, dict):
        return english
    try:
        facts = tuple((str(k), _fact_from_json(v)) for k, v in facts_data.items())
    except (TypeError, ValueError, KeyError, IndexError):
        return english
    plural = data.get("plural", "")
    count = data.get("n")
    return Phrase(
        english,
        data["template"],
        facts,
        plural=plural if isinstance(plural, str) else "",
        n=count if isinstance(count, int) and not isinstance(count, bool) else None,
    )


def _fact_from_json(value: Any) -> Fact:
    if isinstance(value, bool):
        raise TypeError("a flag is not a fact")
    if isinstance(value, str | int | float):
        return value
    if not isinstance(value, dict) or len(value) != 1:
        raise TypeError("not a fact")
    ((kind, inner),) = value.items()
    if kind == "phrase" and isinstance(inner, dict):
        text = inner.get("text")
        if not isinstance(text, str):
            raise TypeError("phrase without text")
        return from_json(text, inner)
    if kind == "duration_s":
        return Duration(int(inner))
    if kind == "clock_s":
        return Clock(int(inner))
    if kind == "distance_m":
        return Distance(float(inner))
    if kind == "money_vnd":
        return Money(None if inner is None else int(inner))
    if kind == "date":
        return Day(dt.date.fromisoformat(str(inner)))
    if kind == "place":
        return Place(str(inner[0]), str(inner[1]))
    if kind == "words":
        return Words(str(inner[0]), str(inner[1]))
    if kind == "places":
        return Places(tuple(Place(str(p[0]), str(p[1])) for p in inner))
    raise KeyError(kind)
