"""The located-problem machinery every section reader shares.

A :class:`Collector` walks one YAML document and records each problem with the file, the line the
value came from, who it belongs to ("site 'tan-cuong'") and the dotted field ("hours.mon"), so
that every problem of a file is reported at once as ``FILE:LINE: site 'ID': FIELD: message``. It
also words the parts messages share: what kind of value was found, and "did you mean" hints.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from teatrip.errors import Problem
from teatrip.formatting import say
from teatrip.i18n import N_
from teatrip.yamlsafe import Document, Path_

__all__ = [
    "Collector",
    "Invalid",
    "did_you_mean",
    "entry_label",
    "entry_named",
    "fmt",
    "kind_of",
    "number_text",
    "shown",
    "with_hint",
]

T = TypeVar("T")

# Values longer than this are cut in messages, so a 5,000-character value still makes one line.
_SHOWN_CHARS = 60
# Whole numbers with more digits than this are described by their length instead of written out.
_LONGEST_NUMBER = 15


class Invalid(Exception):
    """A field could not be read; the problem is already recorded."""


class Collector:
    """Records every problem found in one document, each located by its path in the document."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.problems: list[Problem] = []

    def problem(
        self, where: Path_, label: str, field_name: str, message: str, *, warning: bool = False
    ) -> None:
        self.problems.append(
            Problem(
                self.doc.path,
                self.doc.line(where),
                label,
                field_name,
                message,
                "warning" if warning else "error",
            )
        )

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def optional(self, read: Callable[[], T]) -> T | None:
        """``read()``, or None when it found the value unusable (already reported)."""
        try:
            return read()
        except Invalid:
            return None

    def check_fields(
        self,
        value: Mapping[str, Any],
        where: Path_,
        label: str,
        allowed: Iterable[str],
        required: Sequence[str] = (),
        prefix: str = "",
    ) -> None:
        """Report unknown fields (with the closest known one) and missing required fields."""
        allowed = set(allowed)
        for key in value:
            if key not in allowed:
                close = did_you_mean(key, allowed)
                message = with_hint(say("unknown field"), close)
                self.problem((*where, key), label, prefix + key, message)
        for key in required:
            if key not in value:
                self.problem(where, label, prefix + key, say("missing required field"))

    def mapping(self, value: Any, where: Path_, label: str, name: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(
                where,
                label,
                name,
                say("must be a mapping of fields, got {kind}", kind=kind_of(value)),
            )
            raise Invalid
        return value

    def read_list(
        self,
        data: Mapping[str, Any],
        key: str,
        read_item: Callable[[Any, Path_], T],
        *,
        required: bool = False,
    ) -> list[T]:
        """Read each entry of the top-level list ``key``; entries with problems are left out."""
        value = data.get(key)
        if value is None:
            if required and key in data:
                self.problem((key,), "", key, say("must list at least one entry"))
            return []
        if not isinstance(value, list):
            self.problem(
                (key,),
                "",
                key,
                say(
                    "must be a list (each entry starting with '-'), got {kind}", kind=kind_of(value)
                ),
            )
            return []
        if required and not value:
            self.problem((key,), "", key, say("must list at least one entry"))
        items = []
        for index, item in enumerate(value):
            try:
                items.append(read_item(item, (key, index)))
            except Invalid:
                continue
        return items


def did_you_mean(word: str, known: Iterable[str]) -> str | None:
    """The known word closest to a misspelt one, if any is close enough."""
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


#: How messages name an entry of each kind: by its id (or name), else by its position.
_LABELS: dict[str, tuple[str, str]] = {
    "site": (N_("site '{id}'"), N_("site #{n}")),
    "waypoint": (N_("waypoint '{id}'"), N_("waypoint #{n}")),
    "road": (N_("road '{id}'"), N_("road #{n}")),
    "event": (N_("event '{id}'"), N_("event #{n}")),
    "group": (N_("group '{id}'"), N_("group #{n}")),  # the groups file of a season (batch)
}


def with_hint(message: str, close: str | None) -> str:
    """``message``, with "(did you mean 'CLOSE'?)" after it when a close word was found."""
    return (
        say("{message} (did you mean '{close}'?)", message=message, close=close)
        if close
        else message
    )


def entry_label(kind: str, value: Any, where: Path_, key: str) -> str:
    """How messages name a list entry: by its id (or name) when it has one, else by position."""
    ident = value.get(key) if isinstance(value, dict) else None
    if isinstance(ident, str) and ident.strip():
        return entry_named(kind, ident.strip())
    position = where[-1]
    return say(_LABELS[kind][1], n=position + 1 if isinstance(position, int) else str(position))


def entry_named(kind: str, ident: str) -> str:
    """``site 'tan-cuong'``: an entry of ``kind`` by its id, as messages name it."""
    return say(_LABELS[kind][0], id=ident)


def kind_of(value: Any) -> str:
    """What a value is, in the words of a message: "text 'x'", "a list", "nothing"."""
    if value is None:
        return say("nothing")
    if isinstance(value, bool):
        return say("{value} (a yes/no value)", value=str(value).lower())
    if isinstance(value, dict):
        return say("a mapping")
    if isinstance(value, list):
        return say("a list")
    if isinstance(value, str):
        return say("text {value}", value=shown(value))
    return shown(value)


def shown(value: Any) -> str:
    """``repr(value)``, cut to one readable line when the value is very long."""
    text = repr(value)
    if len(text) <= _SHOWN_CHARS:
        return text
    start = (
        repr(value[: _SHOWN_CHARS - 20]) if isinstance(value, str) else text[: _SHOWN_CHARS - 20]
    )
    size = len(value) if isinstance(value, str) else len(text)
    return say("{start}… ({size} characters)", start=start, size=format(size, ","))


def number_text(value: float | str) -> str:
    """A number as a message shows it: ``90``, ``1e-09``, or "a 5,000-digit number"."""
    digits = str(value).strip().lstrip("+-").replace("_", "")
    if isinstance(value, str | int) and len(digits) > _LONGEST_NUMBER:
        return say("a {size}-digit number", size=format(len(digits), ","))
    return str(value)


def fmt(number: float) -> str:
    return f"{number:g}"
