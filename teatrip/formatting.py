"""How numbers read: durations, distances, money and clock times, one way everywhere.

Every renderer and export words quantities through these functions, so the terminal, the sheet,
Markdown and the calendars say the same thing the same way. (Issue 12 adds languages; they will
plug in here.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from teatrip.i18n import N_, N_plural, current, gettext, ngettext
from teatrip.i18n import language as in_language
from teatrip.models import DayPlan, Leg, Mode, Stop, StopKind, Why
from teatrip.phrases import (
    Clock,
    Day,
    Distance,
    Duration,
    Fact,
    Money,
    Phrase,
    Place,
    Places,
    Words,
)


def minutes_of(seconds: int) -> int:
    """Whole minutes, rounded half up, the way every output counts time."""
    return (int(seconds) + 30) // 60


def duration(minutes: int) -> str:
    """``95`` -> ``"1 h 35 min"`` (vi ``"1 giờ 35 phút"``), ``65`` -> ``"1 h 05 min"``,
    ``120`` -> ``"2 h"``."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return gettext("{hours} h {minutes:02d} min").format(hours=hours, minutes=rest)
    if hours:
        return gettext("{hours} h").format(hours=hours)
    return gettext("{minutes} min").format(minutes=rest)


def duration_s(seconds: int) -> str:
    """A duration given in seconds, worded as :func:`duration`."""
    return duration(minutes_of(seconds))


def minutes_range(low: int, high: int) -> str:
    """``"20–45 min"`` / ``"20–45 phút"``: a span of minutes under an hour."""
    return gettext("{low}–{high} min").format(low=low, high=high)


def leg_duration(leg: Leg) -> str:
    """``"17 min"`` for a measured leg, ``"25–35 min"`` for one whose time is partly estimated.

    The range is the leg's ``duration_low_s``..``duration_high_s`` (``network.duration_range``),
    widened to whole 5 minutes from 15 minutes up so it never reads more precise than it is.
    """
    low, high = leg.duration_low_s, leg.duration_high_s
    if low is None or high is None or high <= low:
        return duration_s(leg.duration_s)
    low_min, high_min = int(low) // 60, -(-int(high) // 60)
    if high_min >= 15:
        low_min, high_min = 5 * (low_min // 5), 5 * -(-high_min // 5)
    low_min = max(1, low_min)
    if high_min <= low_min:
        return duration(high_min)
    if high_min < 60:
        return minutes_range(low_min, high_min)
    return f"{duration(low_min)} – {duration(high_min)}"


def number(value: float, decimals: int = 0) -> str:
    """A number with the reader's separators: ``1234.5`` -> ``"1,234.5"`` / ``"1.234,5"``."""
    from babel.numbers import format_decimal  # Babel (CLDR) knows each language's separators

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=current())


def km(metres: int | float) -> str:
    """``14200`` -> ``"14.2 km"`` (``"14,2 km"`` in Vietnamese)."""
    return f"{number(metres / 1000, 1)} km"


def money(amount: int | None) -> str:
    """``20000`` -> ``"20,000 ₫"`` (``"20.000 ₫"``); ``0`` -> ``"free"``; ``None`` (not
    published) -> ``"unknown"``.

    Unknown is never shown as free or zero.
    """
    if amount is None:
        return gettext("unknown")
    if amount == 0:
        return gettext("free")
    return f"{number(amount)} ₫"


def clock(minutes: int) -> str:
    """Minutes after midnight -> ``"07:30"`` (``1440`` -> ``"24:00"``)."""
    minutes = int(minutes)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_s(seconds: int) -> str:
    """Seconds after midnight -> ``"07:30"``, capped at the day's end."""
    return clock(min(int(seconds), 24 * 3600) // 60)


def clock_of(moment: dt.datetime | dt.time) -> str:
    """The wall-clock time of a moment, ``"07:30"`` (convert to the trip's zone first)."""
    return f"{moment:%H:%M}"


# ------------------------------------------------------------------------------------- dates
# CLDR patterns (Babel): Vietnamese writes day/month/year after the weekday's name.
_DATE_PATTERNS: dict[str, dict[str, str]] = {
    "en": {"day": "EEE dd MMM yyyy", "long": "EEEE, d MMMM yyyy", "short": "EEE d MMM"},
    "vi": {"day": "EEEE, dd/MM/yyyy", "long": "EEEE, dd/MM/yyyy", "short": "EEE dd/MM"},
}


def _date(value: dt.date, style: str) -> str:
    from babel.dates import format_date

    lang = current()
    return format_date(value, _DATE_PATTERNS[lang][style], locale=lang)


def date_day(value: dt.date) -> str:
    """A day's date as a heading shows it: ``"Thu 05 Dec 2024"`` / ``"Thứ Năm, 05/12/2024"``."""
    return _date(value, "day")


def date_long(value: dt.date) -> str:
    """``"Thursday, 5 December 2024"`` / ``"Thứ Năm, 05/12/2024"``."""
    return _date(value, "long")


def date_short(value: dt.date) -> str:
    """``"Thu 5 Dec"`` / ``"Th 5 05/12"``: a date inside a sentence or a table."""
    return _date(value, "short")


def weekday(value: dt.date) -> str:
    """The day of the week: ``"Thursday"`` / ``"Thứ Năm"``."""
    from babel.dates import format_date

    return format_date(value, "EEEE", locale=current())


def listing(items: Sequence[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B, and C"`` / ``"A, B và C"``."""
    from babel.lists import format_list

    return format_list(list(items), locale=current()) if items else ""


# ----------------------------------------------------------------------------------- phrases
def say(template: str, /, **facts: Fact) -> Phrase:
    """A sentence for people from an English ``template`` (its msgid) and the facts that fill
    it: ``say(N_("needs {time} from {place}"), time=Duration(600), place=Place(vi, en))``.

    The result reads as English; :func:`word` words it in the reader's language.
    """
    items = tuple(facts.items())
    with in_language("en"):
        english = _fill(template, items)
    return Phrase(english, template, items)


def say_n(singular: str, plural: str, count: int, /, **facts: Fact) -> Phrase:
    """:func:`say` for a sentence that follows ``count`` (``{n}`` in the templates is the count)."""
    items = (("n", count), *facts.items())
    with in_language("en"):
        english = _fill(singular if count == 1 else plural, items)
    return Phrase(english, singular, items, plural=plural, n=count)


def word(text: str) -> str:
    """``text`` in the reader's language: a :class:`Phrase` is translated and its facts worded;
    plain text (a catalog's own words, an old saved trip) reads as it is."""
    if not isinstance(text, Phrase):
        return text
    if text.plural and text.n is not None:
        template = ngettext(text.template, text.plural, text.n)
    else:
        template = gettext(text.template)
    try:
        return _fill(template, text.facts)
    except (KeyError, IndexError, ValueError):  # a translation that lost a field: say it in English
        return _fill(text.template if text.n in (None, 1) else text.plural, text.facts)


def _fill(template: str, facts: tuple[tuple[str, Fact], ...]) -> str:
    return template.format(**{name: _worded(fact) for name, fact in facts})


def _worded(fact: Fact) -> str:
    if isinstance(fact, Phrase):
        return word(fact)
    if isinstance(fact, Duration):
        return duration_s(fact.seconds)
    if isinstance(fact, Clock):
        return clock_s(fact.seconds)
    if isinstance(fact, Distance):
        return km(fact.metres)
    if isinstance(fact, Money):
        return money(fact.vnd)
    if isinstance(fact, Day):
        return date_short(fact.date)
    if isinstance(fact, Place):
        return fact.name_in(current())
    if isinstance(fact, Places):
        return listing([place.name_in(current()) for place in fact.items])
    if isinstance(fact, Words):
        return fact.text_in(current())
    return str(fact)


def catalog_text(vi: str, en: str) -> Phrase:
    """A catalog's own words in both languages, as a phrase each reader reads in theirs."""
    return say("{text}", text=Words(vi, en))


def place_name(name: str, name_en: str) -> str:
    """A place's name for the reader: the English name in English where the catalog has one."""
    return (name_en or name) if current() == "en" else name


# ------------------------------------------------------------------------------ why and focus
_WHY_WORDS: dict[Why, str] = {
    Why.MUST: N_("you asked for it"),
    Why.HEADLINE: N_("one of the region's best"),
    Why.EVENT: N_("an event is on that day"),
    Why.INTERESTS: N_("matches your interests"),
    Why.GOLDEN_HOUR: N_("timed for the golden light"),
    Why.IN_SEASON: N_("in season"),
    Why.ON_THE_WAY: N_("fits the day well"),
}


def why(reasons: Iterable[Why]) -> str:
    """Why the planner chose a visit, in words: ``"one of the region's best; in season"``."""
    return "; ".join(gettext(_WHY_WORDS[reason]) for reason in reasons)


def day_focus(day: DayPlan) -> str:
    """What a day is about: the name of its focus visit ("" for a day without visits)."""
    return next((s.name for s in day.stops if day.focus and s.site == day.focus), "")


# ------------------------------------------------------------------------------ one vocabulary

_TRAVEL_WORDS: dict[Mode, str] = {
    Mode.WALK: N_("walking"),
    Mode.BICYCLE: N_("cycling"),
    Mode.MOTORBIKE: N_("riding"),
    Mode.CAR: N_("driving"),
}
_MODE_PHRASES: dict[Mode, str] = {
    Mode.WALK: N_("on foot"),
    Mode.BICYCLE: N_("by bicycle"),
    Mode.MOTORBIKE: N_("by motorbike"),
    Mode.CAR: N_("by car"),
}
#: Stops whose fee is an entrance fee (lodging is not a fee; a lunch is a meal, priced by the menu).
FEE_KINDS = (StopKind.VISIT, StopKind.EVENT)


#: Counted nouns, each a (singular, plural) pair of msgids with ``{n}`` for the count.
COUNTED: dict[str, tuple[str, str]] = {
    "site": N_plural("{n} site", "{n} sites"),
    "day": N_plural("{n} day", "{n} days"),
    "visit": N_plural("{n} visit", "{n} visits"),
    "leg": N_plural("{n} leg", "{n} legs"),
    "note": N_plural("{n} more note", "{n} more notes"),
    "more": N_plural("{n} more", "{n} more"),
}


def count_of(count: int, noun: str) -> str:
    """``count_of(2, "site")`` -> ``"2 sites"`` / ``"2 điểm"``: a count and its noun (a key of
    :data:`COUNTED`), in the reader's language."""
    singular, many = COUNTED[noun]
    return ngettext(singular, many, count).format(n=number(count))


def travelling(mode: Mode) -> str:
    """The word for time spent moving: "walking", "cycling", "riding" or "driving"."""
    return gettext(_TRAVEL_WORDS[mode])


def by_mode(mode: Mode) -> str:
    """How the group travels: "on foot", "by bicycle", "by motorbike", "by car"."""
    return gettext(_MODE_PHRASES[mode])


def fees(amounts: Sequence[int | None]) -> str:
    """Entrance fees per person for some sites, never reading unknown as free or zero.

    ``[20000, None]`` -> ``"20,000 ₫ + 1 site's fee unknown"``; ``[None, None]`` ->
    ``"unknown (2 sites)"``; ``[0, 0]`` -> ``"free"``; ``[]`` -> ``"none"``.
    """
    if not amounts:
        return gettext("none")
    unknown = sum(1 for fee in amounts if fee is None)
    known = sum(fee for fee in amounts if fee is not None)
    if not unknown:
        return money(known)
    if unknown == len(amounts):
        return gettext("unknown ({sites})").format(sites=count_of(unknown, "site"))
    missing = ngettext("{n} site's fee unknown", "{n} sites' fees unknown", unknown).format(
        n=unknown
    )
    if not known:
        return gettext("free at {sites}, {missing}").format(
            sites=count_of(len(amounts) - unknown, "site"), missing=missing
        )
    return f"{money(known)} + {missing}"


def stop_fees(stops: Iterable[Stop]) -> str:
    """:func:`fees` of the entrance-paying stops among ``stops``."""
    return fees([stop.fee_vnd for stop in stops if stop.kind in FEE_KINDS])


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters ("…" added)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    head = text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:–-")
    return head + "…"


def first_sentences(text: str, limit: int) -> str:
    """Whole sentences of ``text`` up to ``limit`` characters (at least the first, shortened)."""
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    kept = ""
    for sentence in sentences:
        joined = f"{kept} {sentence}".strip()
        if len(joined) > limit:
            break
        kept = joined
    return kept or shorten(sentences[0] if sentences else "", limit)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ỹ0-9\"(])")
# Sentences and clauses about where a fact came from ("The source does NOT state the venue…",
# "…; another source says …"): for whoever checks the catalog, not what to do there. A sentence
# that only mentions a source in parentheses keeps its place.
_PROVENANCE = re.compile(
    r"^(?:the\s+|another\s+)?sources?\b|^the facts\b|^[^(]*\b(?:not sourced|by any source)\b",
    re.IGNORECASE,
)
_PROVENANCE_CLAUSE = re.compile(
    r";\s*(?:the|another)\s+sources?\b[^.()]*(?:\([^)]*\))?[^.()]*", re.IGNORECASE
)
_EVENT_NOTE = "event: "
_VENUE_NOTE = "the source does not name the venue"


def event_name(stop: Stop) -> str:
    """An event stop's event by name in the reader's language, else its id, else ``""`` (a stop
    made before ``Stop.event_name`` existed names it in a note)."""
    if stop.event_name:
        return word(stop.event_name)
    for note in stop.notes:
        if note.startswith(_EVENT_NOTE):
            return note[len(_EVENT_NOTE) :]
    return stop.event or ""


def what_to_do(stop: Stop) -> str:
    """A stop's activity in the reader's language, without the catalog's provenance prose ("The
    source does NOT state…")."""
    sentences = _SENTENCE_END.split(" ".join(word(stop.activity).split()))
    kept = [_PROVENANCE_CLAUSE.sub("", s) for s in sentences if not _PROVENANCE.search(s)]
    return " ".join(kept)


def stop_notes(stop: Stop) -> list[str]:
    """A stop's notes as people read them, in their language: the event's name is its title, not
    a note; an unconfirmed venue reads "venue not confirmed by the source"."""
    out: list[str] = []
    for note in stop.notes:
        if note.startswith(_EVENT_NOTE):
            continue
        if note.startswith(_VENUE_NOTE):
            out.append(gettext("venue not confirmed by the source: check where it is held"))
        else:
            out.append(word(note))
    return out


#: The day's warning about hours to check (the planner writes it; the sheet, whose timeline marks
#: each such stop, leaves it out): a phrase of this template, naming the stops as ``places``.
CHECK_HOURS_TEMPLATE = N_("check opening hours before going: {places}")
#: How that warning begins in English: a trip saved before phrases has only these words.
CHECK_HOURS_WARNING = "check opening hours before going: "


def is_check_hours_warning(text: str) -> bool:
    """Whether a day's warning is the one about hours to check."""
    if isinstance(text, Phrase):
        return text.template == CHECK_HOURS_TEMPLATE
    return text.startswith(CHECK_HOURS_WARNING)
