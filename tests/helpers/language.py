"""Which words belong to which language, for tests that check an output reads in one language.

The vocabulary is ours: the English words of every message id in ``teatrip/locale/vi/*.po`` and
the Vietnamese words of every translation. A word is a run of letters (digits and punctuation
split words), compared in lower case; one-letter words are too short to tell the languages apart
("h" and "a" read in both).

    english = english_words()                 # msgid words no Vietnamese msgstr also uses
    vietnamese = vietnamese_words()           # msgstr words no msgid also uses
    names = catalog_names(catalog)            # place, event, road and region names, …
    text = without(text, names)               # names (longest first) and URLs removed
    leaked = leaks(text, english)             # {"leave", …}: the words of ``english`` in text

``ALLOWED`` lists the few words that are the same in both languages' output on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from teatrip.models import Catalog

LOCALE = Path(__file__).resolve().parents[2] / "teatrip" / "locale" / "vi"

#: Words either language's output uses as they are: units, acronyms and brand names.
ALLOWED: frozenset[str] = frozenset(
    {
        "km",  # the unit, in both languages
        "ocop",  # Vietnam's One Commune One Product label, a name in both languages
        "qr",  # a QR code
        "gps",
        "utc",
        "google",  # Google Maps, a name
        "maps",
        "teatrip",  # the program's name
        "homestay",  # used as is in Vietnamese tourism
        "long",  # a Vietnamese word too ("long lanh", "Hạ Long"); English only in a YAML error
    }
)

_WORD = re.compile(r"[^\W\d_]{2,}")
_FIELD = re.compile(r"\{[^{}]*\}")
_URL = re.compile(r"(?:https?://|www\.)\S+")
# Option names ("--no-lunch") read the same in both languages' messages: not words of either.
_OPTION = re.compile(r"--[a-z][\w-]*")


def words(text: str) -> set[str]:
    """The words of ``text`` in lower case (runs of two letters or more)."""
    return {word.lower() for word in _WORD.findall(text)}


@cache
def _messages() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every msgid form, every Vietnamese msgstr form) of all the .po files."""
    ids: list[str] = []
    strings: list[str] = []
    for path in sorted(LOCALE.glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale="vi")
        for message in catalog:
            if not message.id:
                continue
            forms = message.id if isinstance(message.id, tuple | list) else (message.id,)
            ids += [str(form) for form in forms]
            translated = message.string
            if isinstance(translated, tuple | list):
                strings += [str(form) for form in translated if form]
            elif translated:
                strings.append(str(translated))
    return tuple(ids), tuple(strings)


def _vocabulary(texts: Iterable[str]) -> set[str]:
    return set().union(*(words(_OPTION.sub(" ", _FIELD.sub(" ", text))) for text in texts))


def english_words(allowed: frozenset[str] = ALLOWED) -> frozenset[str]:
    """Words of our English message ids that no Vietnamese translation also uses."""
    ids, strings = _messages()
    return frozenset(_vocabulary(ids) - _vocabulary(strings) - allowed)


def vietnamese_words(allowed: frozenset[str] = ALLOWED) -> frozenset[str]:
    """Words of our Vietnamese translations that no English message id also uses."""
    ids, strings = _messages()
    return frozenset(_vocabulary(strings) - _vocabulary(ids) - allowed)


def catalog_names(catalog: Catalog) -> list[str]:
    """The catalog's proper nouns, in both languages: sites (names, English names, other names,
    communes), events, roads and the region, plus the region's time zone."""
    names: list[str] = [catalog.region.name, catalog.region.timezone]
    for site in catalog.sites:
        names += [site.name, site.name_en, *site.aka, site.commune_2025]
    for event in catalog.events:
        names += [event.name, event.name_en]
    names += [road.name for road in catalog.roads]
    # Navigation searches use a name without its bracketed aside ("Chùa Hang (Kim Sơn tự)").
    names += [name.split(" (")[0] for name in names]
    return [name.strip() for name in names if name.strip()]


#: English loanwords Vietnamese writes as they are ("điểm check-in": a spot for photos).
LOANWORDS: tuple[str, ...] = ("check-in",)


def without(text: str, names: Iterable[str]) -> str:
    """``text`` with URLs, option names, loanwords and every one of ``names`` (longest first, whole or in part
    of a longer name already removed) taken out; spaces normalised first, as exports fold lines."""
    text = _URL.sub(" ", " ".join(text.split()))
    text = _OPTION.sub(" ", text)  # "--no-lunch" is typed as it is in either language
    for loanword in LOANWORDS:
        text = text.replace(loanword, " ")
    for name in sorted({" ".join(n.split()) for n in names if n.strip()}, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def leaks(text: str, forbidden: Iterable[str]) -> set[str]:
    """The words of ``forbidden`` that ``text`` uses as whole words."""
    return words(text) & set(forbidden)
