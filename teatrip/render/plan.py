"""The day-by-day timeline of an itinerary, for a guide to read in a terminal.

One layout at every width: a stop's times in a margin of at least 14 columns (wider where the
reader's words for "leave" and "back" need it), its name beside them, its details indented under
the name, each line wrapped at word boundaries to the console's width (a word longer than a line,
a URL, is printed whole). Nothing that matters is cut: names, times and roads wrap whole. The
compact view (the default) shows per visit its length, fee, why it was chosen and the first
sentence of what to do: about 20-35 lines a day at 80 columns in either language (README). The
full view (``detail=True``) adds the whole description, every note, that day's hours, contacts
and booking, and why each left-out site was left out.

Every word is in the current language (``teatrip.i18n``): our own through ``gettext``, the
planner's sentences through ``formatting.word``, places by ``formatting.place_name``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from teatrip.formatting import (
    by_mode,
    clock_of,
    count_of,
    date_day,
    duration,
    duration_s,
    event_name,
    first_sentences,
    km,
    leg_duration,
    listing,
    money,
    place_name,
    stop_fees,
    stop_notes,
    travelling,
    what_to_do,
    why,
    word,
)
from teatrip.i18n import N_, gettext
from teatrip.models import DayPlan, HoursStatus, Itinerary, Mode, Pace, Stop, StopKind
from teatrip.render import road_name

__all__ = ["render_changes", "render_itinerary"]

_MARGIN = 14  # at least: a stop's times, then its name
_LEAVE = N_("{time} leave")
_BACK = N_("{time} back")
_PACES: dict[Pace, str] = {
    Pace.RELAXED: N_("relaxed pace"),
    Pace.NORMAL: N_("normal pace"),
    Pace.PACKED: N_("packed pace"),
}
_VENUE_UNCONFIRMED = N_("venue not confirmed by the source: check where it is held")
# How the planner's note about an unconfirmed venue begins: now, and in trips saved before.
_VENUE_NOTES = ("venue not confirmed by the source", "the source does not name the venue")


def render_itinerary(console: Console, itinerary: Itinerary, *, detail: bool = False) -> None:
    """Print the trip for a guide: the compact timeline per day, or with ``detail`` the full
    one (every note, hours, contacts, and the reasons for what was left out)."""
    request = itinerary.request
    mode = request.mode
    head = gettext("{region} · {days} from {start} · {mode} · {pace} · times in {zone}").format(
        region=word(itinerary.region),
        days=count_of(len(itinerary.days), "day"),
        start=date_day(request.start),
        mode=by_mode(mode),
        pace=gettext(_PACES[request.pace]),
        zone=itinerary.timezone,
    )
    _wrapped(console, head, "  ", style="bold")
    indent = " " * _margin()
    for day in itinerary.days:
        console.print()
        _day(console, day, mode, indent, detail=detail)
    console.print()
    stops = [stop for day in itinerary.days for stop in day.stops]
    whole = gettext(
        "Whole trip: {distance} · {travel} {time} · entrance fees {fees} per person"
    ).format(
        distance=km(itinerary.distance_m),
        travel=travelling(mode),
        time=duration_s(itinerary.driving_s),
        fees=stop_fees(stops),
    )
    _wrapped(console, whole, "  ", style="bold")
    left_out = count_of(len(itinerary.skipped), "site")
    if itinerary.skipped and detail:
        console.print()
        _wrapped(console, gettext("Left out ({sites})").format(sites=left_out), "", style="bold")
        for skipped in itinerary.skipped:
            line = f"{word(skipped.name) or skipped.site}: {word(skipped.reason)}"
            _wrapped(console, line, "    ", first="• ")
    elif itinerary.skipped:
        _wrapped(
            console, gettext("Left out: {sites} (--detail says why)").format(sites=left_out), ""
        )
    for warning in itinerary.warnings:
        _wrapped(console, f"⚠ {word(warning)}", "  ", style="yellow")


def render_changes(console: Console, changes: Sequence[str]) -> None:
    """What a replan changed, one line each."""
    console.print(Text(gettext("Changes"), style="bold"))
    for change in changes:
        _wrapped(console, word(change), "  ", first="• ")


def _margin() -> int:
    """Columns before a stop's name: room for its times and the words "leave"/"back"."""
    widest = max(len(gettext(label).format(time="00:00")) for label in (_LEAVE, _BACK))
    return max(_MARGIN, widest + 1)


def _wrapped(console: Console, text: str, indent: str, *, first: str = "", style: str = "") -> None:
    """``text`` wrapped at word boundaries to the console's width, continuation lines indented;
    a word longer than a line (a URL) is printed whole on its own line, never cut."""
    width = max(console.size.width, 20)
    for paragraph in text.splitlines() or [""]:
        lines = textwrap.wrap(
            paragraph,
            width=width,
            initial_indent=first,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        for line in lines:
            console.print(Text(line, style=style), overflow="ignore", crop=False)
        first = indent


def _time(stop: Stop) -> str:
    if stop.kind is StopKind.START:
        return gettext(_LEAVE).format(time=clock_of(stop.depart))
    if stop.kind is StopKind.END:
        return gettext(_BACK).format(time=clock_of(stop.arrive))
    return f"{clock_of(stop.start)}-{clock_of(stop.depart)}"


def _place(stop: Stop) -> str:
    return place_name(stop.name, stop.name_en)


def _title(stop: Stop) -> str:
    """What the timeline calls a stop: lunch as lunch with where, an event by its name at its
    venue, anything else by the place's name."""
    if stop.kind is StopKind.LUNCH:
        # The planner says "Lunch at X" where the site serves food, else a break near it.
        if stop.activity.startswith("Lunch at "):
            return gettext("Lunch at {place}").format(place=_place(stop))
        return gettext("Lunch near {place}").format(place=_place(stop))
    if stop.kind is StopKind.EVENT and event_name(stop):
        return f"{event_name(stop)} ({_place(stop)})"
    return _place(stop)


def _facts(stop: Stop) -> list[str]:
    """The stop's facts in words: that day's hours, contact, booking."""
    out: list[str] = []
    if stop.hours:
        hours = listing([str(window) for window in stop.hours])
        if stop.hours_status is HoursStatus.ESTIMATED:
            out.append(gettext("open {hours} that day (estimated hours)").format(hours=hours))
        else:
            out.append(gettext("open {hours} that day").format(hours=hours))
    if stop.contact:
        out.append(gettext("contact: {contact}").format(contact=word(stop.contact)))
    if stop.booking:
        out.append(gettext("booking: {booking}").format(booking=word(stop.booking)))
    return out


def _visit(console: Console, stop: Stop, indent: str, *, detail: bool) -> None:
    """The lines under a visit's name: length, fee, lunch, why; what to do; in detail the rest."""
    bits = [duration(stop.visit_minutes)]
    if stop.wait_minutes:
        bits.append(
            gettext("arrive {time}, wait {wait}").format(
                time=clock_of(stop.arrive), wait=duration(stop.wait_minutes)
            )
        )
    bits.append(gettext("fee {money}").format(money=money(stop.fee_vnd)))
    if stop.lunch_start is not None and stop.lunch_end is not None:
        bits.append(
            gettext("lunch on site {start}-{end}").format(
                start=clock_of(stop.lunch_start), end=clock_of(stop.lunch_end)
            )
        )
    notes = stop_notes(stop)
    if not detail and any(note.startswith(_VENUE_NOTES) for note in stop.notes):
        # An unconfirmed venue matters on the day; the other notes are for the full view.
        bits.append(gettext(_VENUE_UNCONFIRMED))
    if stop.chosen_for:
        bits.append(gettext("why: {reasons}").format(reasons=why(stop.chosen_for)))
    _wrapped(console, " · ".join(bits), indent, first=indent, style="dim")
    todo = what_to_do(stop)  # in the reader's language, without the catalog's provenance prose
    if todo and not detail:
        width = max(console.size.width, 20)
        _wrapped(console, first_sentences(todo, max(width - len(indent), 20)), indent, first=indent)
    elif todo:
        _wrapped(console, todo, indent, first=indent)
    if detail:
        for line in [*notes, *_facts(stop)]:
            _wrapped(console, line, indent + "  ", first=indent + "• ")


def _day(console: Console, day: DayPlan, mode: Mode, indent: str, *, detail: bool) -> None:
    head = gettext("Day {n} · {date}").format(n=day.number, date=date_day(day.date))
    focus = next((s for s in day.stops if day.focus and s.site == day.focus), None)
    if focus is not None:
        head += f" · {_place(focus)}"
    _wrapped(console, head, "  ", style="bold")
    facts = gettext("{distance} · {travel} {time} · entrance fees {fees}").format(
        distance=km(day.distance_m),
        travel=travelling(mode),
        time=duration_s(day.driving_s),
        fees=stop_fees(day.stops),
    )
    if day.sun is not None:
        sun = day.sun
        gm, ge = sun.golden_morning, sun.golden_evening
        facts += " · " + gettext(
            "sunrise {sunrise} · sunset {sunset} · golden hours {morning}, {evening}"
        ).format(
            sunrise=clock_of(sun.sunrise),
            sunset=clock_of(sun.sunset),
            morning=f"{clock_of(gm[0])}-{clock_of(gm[1])}",
            evening=f"{clock_of(ge[0])}-{clock_of(ge[1])}",
        )
    _wrapped(console, facts, "  ")
    for index, stop in enumerate(day.stops):
        title = _title(stop)
        if stop.check_hours:
            title = gettext("{title} ⚠ check hours").format(title=title)
        if detail and stop.name_en and stop.name_en != stop.name and _place(stop) != stop.name:
            title += f" ({stop.name})"  # the name on the signs, to ask the way
        visit = stop.kind in (StopKind.VISIT, StopKind.EVENT)
        first = f"{_time(stop):<{len(indent) - 1}} "
        _wrapped(console, title, indent, first=first, style="bold" if visit else "")
        if visit:
            _visit(console, stop, indent, detail=detail)
        if index < len(day.legs) and day.legs[index].duration_s > 0:
            leg = day.legs[index]
            roads = ", ".join(dict.fromkeys(road_name(s.road) for s in leg.roads if s.road))
            text = f"↓ {travelling(mode)} {leg_duration(leg)} · {km(leg.distance_m)}"
            text += " " + gettext("via {roads}").format(roads=roads) if roads else ""
            text += " " + gettext("(estimated)") if leg.estimated else ""
            text += " · " + gettext("after dark") if leg.after_dark else ""
            _wrapped(console, text, indent + "  ", first="   ", style="cyan")
    for warning in day.warnings:
        _wrapped(console, f"⚠ {word(warning)}", "  ", style="yellow")
