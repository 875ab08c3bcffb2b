"""The day-by-day timeline of an itinerary, for a guide to read (and print) in a terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from teatrip.formatting import (
    clock_of,
    day_focus,
    duration,
    duration_s,
    event_name,
    first_sentences,
    km,
    money,
    plural,
    stop_fees,
    stop_notes,
    stop_title,
    travelling,
    what_to_do,
    why,
)
from teatrip.models import DayPlan, HoursStatus, Itinerary, Leg, Mode, Skipped, Stop, StopKind

__all__ = ["render_changes", "render_itinerary"]


def _fee(amount: int | None) -> str:
    """A fee cell: blank when unknown (the totals count those), else ``money``'s wording."""
    return "" if amount is None else money(amount)


def _stop_label(stop: Stop) -> Text:
    if stop.kind is StopKind.LUNCH:
        return Text(stop_title(stop), style="green")
    text = Text(stop.name, style="bold" if stop.kind in (StopKind.VISIT, StopKind.EVENT) else "")
    if stop.name_en and stop.name_en != stop.name:
        text.append(f"\n{stop.name_en}", style="dim")
    if stop.kind is StopKind.EVENT:
        text.append(f"\n★ event: {event_name(stop)}", style="magenta")
    if stop.lunch_on_site:
        text.append("\nlunch on site", style="green")
    if stop.check_hours:
        text.append("\n⚠ check hours", style="yellow")
    return text


def _time_cell(stop: Stop) -> str:
    if stop.kind is StopKind.START:
        return f"{clock_of(stop.depart)} leave"
    if stop.kind is StopKind.END:
        return f"{clock_of(stop.arrive)} back"
    if stop.arrive != stop.start:
        return f"{clock_of(stop.arrive)} arrive\n{clock_of(stop.start)}-{clock_of(stop.depart)}"
    return f"{clock_of(stop.start)}-{clock_of(stop.depart)}"


def _short(text: str, limit: int = 140) -> str:
    """The first sentence of a description, at most ``limit`` characters (a sheet, not a book)."""
    text = " ".join(text.split())
    cut = text.find(". ")
    if 0 < cut < limit:
        return text[: cut + 1]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _facts(stop: Stop) -> list[str]:
    """The stop's facts in words: lunch on site, that day's hours, contact, booking."""
    out: list[str] = []
    if stop.lunch_start is not None and stop.lunch_end is not None:
        length = duration_s(int((stop.lunch_end - stop.lunch_start).total_seconds()))
        out.append(
            f"lunch on site during the visit ({length}, about "
            f"{clock_of(stop.lunch_start)}-{clock_of(stop.lunch_end)})"
        )
    if stop.hours:
        estimated = " (estimated hours)" if stop.hours_status is HoursStatus.ESTIMATED else ""
        out.append(f"open {', '.join(str(w) for w in stop.hours)} that day{estimated}")
    if stop.contact:
        out.append(f"contact: {stop.contact}")
    if stop.booking:
        out.append(f"booking: {stop.booking}")
    return out


def _activity(stop: Stop) -> str:
    parts = [f"why: {why(stop.chosen_for)}"] if stop.chosen_for else []
    parts += [_short(what_to_do(stop))] if what_to_do(stop) else []
    parts += stop_notes(stop)
    parts += _facts(stop)
    return "\n".join(parts)


def _leg_cells(leg: Leg) -> tuple[Text, Text]:
    head = Text(f"  ↓ {duration_s(leg.duration_s)} · {km(leg.distance_m)}", style="cyan")
    if leg.after_dark:
        head.append(" ☾ after dark", style="red")
    roads = ", ".join(dict.fromkeys(s.road for s in leg.roads if s.road))
    via = Text(f"via {roads}" if roads else "", style="cyan")
    if leg.estimated:
        via.append(" (estimated)", style="dim")
    return head, via


def _day_header(day: DayPlan) -> str:
    head = f"Day {day.number} · {day.date:%a %d %b %Y}"
    if day.focus:
        head += f" · {day_focus(day)}"
    if day.sun is not None:
        sun = day.sun
        gm, ge = sun.golden_morning, sun.golden_evening
        head += (
            f" · sunrise {clock_of(sun.sunrise)} · sunset {clock_of(sun.sunset)}"
            f" · golden hours {clock_of(gm[0])}-{clock_of(gm[1])},"
            f" {clock_of(ge[0])}-{clock_of(ge[1])}"
        )
    return head


def _day_table(day: DayPlan) -> Table:
    table = Table(title=_day_header(day), title_justify="left", show_lines=False, expand=False)
    table.add_column("time", no_wrap=True)
    table.add_column("stop", max_width=34)
    table.add_column("what to do", max_width=44)
    table.add_column("visit", justify="right", no_wrap=True)
    table.add_column("wait", justify="right", no_wrap=True)
    table.add_column("fee", justify="right", no_wrap=True)
    for k, stop in enumerate(day.stops):
        visit = f"{stop.visit_minutes} min" if stop.visit_minutes else ""
        wait = f"{stop.wait_minutes} min" if stop.wait_minutes else ""
        table.add_row(
            _time_cell(stop), _stop_label(stop), _activity(stop), visit, wait, _fee(stop.fee_vnd)
        )
        if k < len(day.legs) and day.legs[k].duration_s > 0:
            head, via = _leg_cells(day.legs[k])
            table.add_row("", head, via, "", "", "")
    return table


def _totals(label: str, mode: Mode, distance_m: int, moving_s: int, stops: Sequence[Stop]) -> str:
    return (
        f"{label}: {km(distance_m)} · {travelling(mode)} {duration_s(moving_s)} · "
        f"entrance fees {stop_fees(stops)} per person"
    )


def _skipped_table(skipped: Sequence[Skipped]) -> Table:
    table = Table(title="Left out", title_justify="left")
    table.add_column("site", max_width=36)
    table.add_column("why", max_width=80)
    for item in skipped:
        table.add_row(item.name, item.reason)
    return table


def render_itinerary(console: Console, itinerary: Itinerary, *, detail: bool = False) -> None:
    """Print the trip for a guide: by default a compact timeline per day that fits 80 columns
    (names, times and roads wrapped whole, descriptions cut to a sentence); ``detail`` prints
    the full tables with every note, hours and contact, and the reasons for what was left out.
    """
    request = itinerary.request
    head = (
        f"{itinerary.region} · {plural(len(itinerary.days), 'day')} from {request.start} · "
        f"{request.mode.value} · pace {request.pace.value} · times in {itinerary.timezone}"
    )
    _wrapped(console, head, "  ", style="bold")
    mode = request.mode
    for day in itinerary.days:
        console.print()
        if detail:
            console.print(_day_table(day))
            console.print(
                _totals(f"Day {day.number}", mode, day.distance_m, day.driving_s, day.stops)
            )
            for warning in day.warnings:
                console.print(Text(f"⚠ {warning}", style="yellow"))
        else:
            _compact_day(console, day, mode)
    console.print()
    stops = [stop for day in itinerary.days for stop in day.stops]
    whole = _totals("Whole trip", mode, itinerary.distance_m, itinerary.driving_s, stops)
    _wrapped(console, whole, "  ", style="bold")
    if itinerary.skipped and detail:
        console.print()
        console.print(_skipped_table(itinerary.skipped))
    elif itinerary.skipped:
        console.print(f"Left out: {plural(len(itinerary.skipped), 'site')} (--detail says why)")
    for warning in itinerary.warnings:
        _wrapped(console, f"⚠ {warning}", "  ", style="yellow")


# ------------------------------------------------------------------------------ compact view

_INDENT = " " * 14  # under the stop's name, past its times


def _wrapped(console: Console, text: str, indent: str, *, first: str = "", style: str = "") -> None:
    """``text`` wrapped at word boundaries to the console's width, continuation lines indented;
    a word longer than a line (a URL) is printed whole on its own line, never cut."""
    width = max(console.size.width, 20)
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    for line in lines:
        console.print(Text(line, style=style), overflow="ignore", crop=False)


def _compact_time(stop: Stop) -> str:
    if stop.kind is StopKind.START:
        return f"{clock_of(stop.depart)} leave"
    if stop.kind is StopKind.END:
        return f"{clock_of(stop.arrive)} back"
    return f"{clock_of(stop.start)}-{clock_of(stop.depart)}"


def _compact_day(console: Console, day: DayPlan, mode: Mode) -> None:
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
    width = max(console.size.width, 20)
    for index, stop in enumerate(day.stops):
        title = stop_title(stop)
        if stop.kind in (StopKind.START, StopKind.END):
            title = stop.name
        if stop.check_hours:
            title += " ⚠ check hours"
        _wrapped(
            console,
            title,
            _INDENT,
            first=f"{_compact_time(stop):<13} ",
            style="bold" if stop.kind in (StopKind.VISIT, StopKind.EVENT) else "",
        )
        if stop.kind in (StopKind.VISIT, StopKind.EVENT):
            bits = [duration(stop.visit_minutes)]
            if stop.wait_minutes:
                bits.append(f"arrive {clock_of(stop.arrive)}, wait {duration(stop.wait_minutes)}")
            bits.append(f"fee {money(stop.fee_vnd)}")
            if stop.lunch_start is not None and stop.lunch_end is not None:
                bits.append(
                    f"lunch on site {clock_of(stop.lunch_start)}-{clock_of(stop.lunch_end)}"
                )
            # An unconfirmed venue matters on the day; the other notes are for --detail.
            bits += [note for note in stop_notes(stop) if note.startswith("venue not confirmed")]
            if stop.chosen_for:
                bits.append(f"why: {why(stop.chosen_for)}")
            _wrapped(console, " · ".join(bits), _INDENT, first=_INDENT, style="dim")
            todo = what_to_do(stop)
            if todo:
                line = first_sentences(todo, max(width - len(_INDENT), 20))
                _wrapped(console, line, _INDENT, first=_INDENT)
        if index < len(day.legs) and day.legs[index].duration_s > 0:
            leg = day.legs[index]
            roads = ", ".join(dict.fromkeys(s.road for s in leg.roads if s.road))
            text = f"↓ {travelling(mode)} {duration_s(leg.duration_s)} · {km(leg.distance_m)}"
            text += f" via {roads}" if roads else ""
            text += " (estimated)" if leg.estimated else ""
            text += " · after dark" if leg.after_dark else ""
            _wrapped(console, text, _INDENT + "  ", first="   ", style="cyan")
    for warning in day.warnings:
        _wrapped(console, f"⚠ {warning}", "  ", style="yellow")


def render_changes(console: Console, changes: Sequence[str]) -> None:
    """What a replan changed, one line each."""
    console.print(Text("Changes", style="bold"))
    for change in changes:
        console.print(f"• {change}")
