"""The day-by-day timeline of an itinerary, for a guide to read in a terminal.

One layout at every width: a stop's times in a 14-column margin, its name beside them, its
details indented under the name, each line wrapped at word boundaries to the console's width (a
word longer than a line, a URL, is printed whole). Nothing that matters is cut: names, times and
roads wrap whole. The compact view (the default) shows per visit its length, fee, why it was
chosen and the first sentence of what to do: about 20-35 lines a day at 80 columns. The full
view (``detail=True``) adds the whole description, every note, that day's hours, contacts and
booking, and why each left-out site was left out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from teatrip.formatting import (
    clock_of,
    day_focus,
    duration,
    duration_s,
    first_sentences,
    km,
    leg_duration,
    money,
    plural,
    stop_fees,
    stop_notes,
    stop_title,
    travelling,
    what_to_do,
    why,
)
from teatrip.models import DayPlan, HoursStatus, Itinerary, Mode, Stop, StopKind

__all__ = ["render_changes", "render_itinerary"]

_INDENT = " " * 14  # under the stop's name, past its times


def render_itinerary(console: Console, itinerary: Itinerary, *, detail: bool = False) -> None:
    """Print the trip for a guide: the compact timeline per day, or with ``detail`` the full
    one (every note, hours, contacts, and the reasons for what was left out)."""
    request = itinerary.request
    mode = request.mode
    head = (
        f"{itinerary.region} · {plural(len(itinerary.days), 'day')} from {request.start} · "
        f"{request.mode.value} · pace {request.pace.value} · times in {itinerary.timezone}"
    )
    _wrapped(console, head, "  ", style="bold")
    for day in itinerary.days:
        console.print()
        _day(console, day, mode, detail=detail)
    console.print()
    stops = [stop for day in itinerary.days for stop in day.stops]
    whole = _totals("Whole trip", mode, itinerary.distance_m, itinerary.driving_s, stops)
    _wrapped(console, whole, "  ", style="bold")
    if itinerary.skipped and detail:
        console.print()
        _wrapped(console, f"Left out ({plural(len(itinerary.skipped), 'site')})", "", style="bold")
        for skipped in itinerary.skipped:
            _wrapped(
                console, f"{skipped.name or skipped.site}: {skipped.reason}", "    ", first="• "
            )
    elif itinerary.skipped:
        console.print(f"Left out: {plural(len(itinerary.skipped), 'site')} (--detail says why)")
    for warning in itinerary.warnings:
        _wrapped(console, f"⚠ {warning}", "  ", style="yellow")


def render_changes(console: Console, changes: Sequence[str]) -> None:
    """What a replan changed, one line each."""
    console.print(Text("Changes", style="bold"))
    for change in changes:
        _wrapped(console, change, "  ", first="• ")


def _totals(label: str, mode: Mode, distance_m: int, moving_s: int, stops: Sequence[Stop]) -> str:
    return (
        f"{label}: {km(distance_m)} · {travelling(mode)} {duration_s(moving_s)} · "
        f"entrance fees {stop_fees(stops)} per person"
    )


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
        return f"{clock_of(stop.depart)} leave"
    if stop.kind is StopKind.END:
        return f"{clock_of(stop.arrive)} back"
    return f"{clock_of(stop.start)}-{clock_of(stop.depart)}"


def _facts(stop: Stop) -> list[str]:
    """The stop's facts in words: that day's hours, contact, booking."""
    out: list[str] = []
    if stop.hours:
        estimated = " (estimated hours)" if stop.hours_status is HoursStatus.ESTIMATED else ""
        out.append(f"open {', '.join(str(w) for w in stop.hours)} that day{estimated}")
    if stop.contact:
        out.append(f"contact: {stop.contact}")
    if stop.booking:
        out.append(f"booking: {stop.booking}")
    return out


def _visit(console: Console, stop: Stop, *, detail: bool) -> None:
    """The lines under a visit's name: length, fee, lunch, why; what to do; in detail the rest."""
    bits = [duration(stop.visit_minutes)]
    if stop.wait_minutes:
        bits.append(f"arrive {clock_of(stop.arrive)}, wait {duration(stop.wait_minutes)}")
    bits.append(f"fee {money(stop.fee_vnd)}")
    if stop.lunch_start is not None and stop.lunch_end is not None:
        bits.append(f"lunch on site {clock_of(stop.lunch_start)}-{clock_of(stop.lunch_end)}")
    notes = stop_notes(stop)
    if not detail:
        # An unconfirmed venue matters on the day; the other notes are for the full view.
        bits += [note for note in notes if note.startswith("venue not confirmed")]
    if stop.chosen_for:
        bits.append(f"why: {why(stop.chosen_for)}")
    _wrapped(console, " · ".join(bits), _INDENT, first=_INDENT, style="dim")
    todo = what_to_do(stop)
    if todo and not detail:
        width = max(console.size.width, 20)
        _wrapped(
            console, first_sentences(todo, max(width - len(_INDENT), 20)), _INDENT, first=_INDENT
        )
    elif todo:
        _wrapped(console, todo, _INDENT, first=_INDENT)
    if detail:
        for line in [*notes, *_facts(stop)]:
            _wrapped(console, line, _INDENT + "  ", first=_INDENT + "• ")


def _day(console: Console, day: DayPlan, mode: Mode, *, detail: bool) -> None:
    head = f"Day {day.number} · {day.date:%a %d %b %Y}"
    if day.focus:
        head += f" · {day_focus(day)}"
    _wrapped(console, head, "  ", style="bold")
    facts = f"{km(day.distance_m)} · {travelling(mode)} {duration_s(day.driving_s)} · "
    facts += f"entrance fees {stop_fees(day.stops)}"
    if day.sun is not None:
        sun = day.sun
        gm, ge = sun.golden_morning, sun.golden_evening
        facts += (
            f" · sunrise {clock_of(sun.sunrise)} · sunset {clock_of(sun.sunset)} · golden hours "
            f"{clock_of(gm[0])}-{clock_of(gm[1])}, {clock_of(ge[0])}-{clock_of(ge[1])}"
        )
    _wrapped(console, facts, "  ")
    for index, stop in enumerate(day.stops):
        lodging = stop.kind in (StopKind.START, StopKind.END)
        title = stop.name if lodging else stop_title(stop)
        if stop.check_hours:
            title += " ⚠ check hours"
        if detail and stop.name_en and stop.name_en != stop.name:
            title += f" ({stop.name_en})"
        visit = stop.kind in (StopKind.VISIT, StopKind.EVENT)
        first = f"{_time(stop):<13} "
        _wrapped(console, title, _INDENT, first=first, style="bold" if visit else "")
        if visit:
            _visit(console, stop, detail=detail)
        if index < len(day.legs) and day.legs[index].duration_s > 0:
            leg = day.legs[index]
            roads = ", ".join(dict.fromkeys(s.road for s in leg.roads if s.road))
            text = f"↓ {travelling(mode)} {leg_duration(leg)} · {km(leg.distance_m)}"
            text += f" via {roads}" if roads else ""
            text += " (estimated)" if leg.estimated else ""
            text += " · after dark" if leg.after_dark else ""
            _wrapped(console, text, _INDENT + "  ", first="   ", style="cyan")
    for warning in day.warnings:
        _wrapped(console, f"⚠ {warning}", "  ", style="yellow")
