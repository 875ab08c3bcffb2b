"""Markdown day sheets: per day a heading, the timeline table, notes, map links; then skipped sites.

Catalog text is escaped so it can neither become markup nor break a table: ``& < >`` become
entities (raw HTML never passes through a renderer), Markdown punctuation is backslash-escaped,
and line breaks become spaces.
"""

from __future__ import annotations

import re

from teatrip.export.common import (
    GENERATOR,
    day_directions_links,
    day_stops,
    day_title,
    kind_label,
    leg_roads_text,
    local,
    local_clock,
    stop_fact_lines,
    sun_line,
    trip_title,
)
from teatrip.formatting import (
    FEE_KINDS,
    by_mode,
    duration,
    duration_s,
    event_name,
    km,
    leg_duration,
    money,
    stop_fees,
    stop_notes,
    stop_title,
    travelling,
    what_to_do,
    why,
)
from teatrip.models import DayPlan, Itinerary, StopKind

__all__ = ["md_escape", "to_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_escape(text: str) -> str:
    """Catalog text made inert in Markdown (inline, single line)."""
    text = " ".join(text.split())  # newlines, tabs, runs of spaces -> one space
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _stop_time(it: Itinerary, kind: StopKind, arrive: str, depart: str) -> str:
    if kind is StopKind.START:
        return f"leave {depart}"
    if kind is StopKind.END:
        return f"arrive {arrive}"
    return f"{arrive}–{depart}"


def to_markdown(it: Itinerary) -> bytes:
    """The trip as Markdown day sheets (UTF-8)."""
    out: list[str] = [f"# {md_escape(trip_title(it))}", ""]
    saved = f" · saved {local(it, it.created).strftime('%Y-%m-%d %H:%M')}" if it.created else ""
    mode = it.request.mode
    stops = [stop for day in it.days for stop in day.stops]
    out += [
        f"Travelling {by_mode(mode)} · times in {md_escape(it.timezone)}{saved}",
        "",
        f"Whole trip: {km(it.distance_m)} · {travelling(mode)} {duration_s(it.driving_s)} · "
        f"entrance fees {stop_fees(stops)} per person",
        "",
    ]
    for warning in it.warnings:
        out.append(f"> {md_escape(warning)}")
    if it.warnings:
        out.append("")
    for day in it.days:
        out += _day(it, day)
    if it.skipped:
        out += ["## Not in this trip", ""]
        for skipped in it.skipped:
            name = md_escape(skipped.name or skipped.site)
            out.append(f"- **{name}** (`{md_escape(skipped.site)}`): {md_escape(skipped.reason)}")
        out.append("")
    out += [f"_Made by {GENERATOR}._", ""]
    return "\n".join(out).encode("utf-8")


def _day(it: Itinerary, day: DayPlan) -> list[str]:
    summary = (
        f"{km(day.distance_m)} · {travelling(it.request.mode)} {duration_s(day.driving_s)} · "
        f"entrance fees {stop_fees(day.stops)} per person"
    )
    out = [f"## {md_escape(day_title(day))}", "", summary]
    sun = sun_line(it, day)
    if sun:
        out += ["", sun]
    out += [
        "",
        "| # | Time | Stop | What to do | Visit | Wait | Fee |",
        "|--:|------|------|------------|------:|-----:|----:|",
    ]
    notes: list[str] = []
    for item in day_stops(day):
        stop, leg = item.stop, item.leg
        if stop.kind is StopKind.EVENT and event_name(stop):
            name = f"**{md_escape(event_name(stop))}** (event) at {md_escape(stop.name)}"
        elif stop.kind is StopKind.LUNCH:
            name = f"**{md_escape(stop_title(stop))}**"
        else:
            name = f"**{md_escape(stop.name)}**"
        if stop.kind in (StopKind.START, StopKind.END):
            name += f" ({kind_label(stop.kind).lower()})"
        if stop.check_hours:
            name += " ⚠ **check hours**"
        if stop.name_en and stop.name_en != stop.name:
            name += f"<br>{md_escape(stop.name_en)}"
        when = _stop_time(it, stop.kind, local_clock(it, stop.arrive), local_clock(it, stop.depart))
        visit = duration(stop.visit_minutes) if stop.visit_minutes else ""
        wait = duration(stop.wait_minutes) if stop.wait_minutes else ""
        fee = money(stop.fee_vnd) if stop.kind in FEE_KINDS else ""
        what = md_escape(what_to_do(stop))
        if stop.chosen_for:
            what += f"{'<br>' if what else ''}_why: {md_escape(why(stop.chosen_for))}_"
        out.append(f"| {item.order} | {when} | {name} | {what} | {visit} | {wait} | {fee} |")
        if leg is not None:
            roads = md_escape(leg_roads_text(leg))
            estimated = " (estimated)" if leg.estimated else ""
            time, length = leg_duration(leg), km(leg.distance_m)
            out.append(f"|  | ↓ {time} | _{length}: {roads}{estimated}_ |  |  |  |  |")
        notes += [
            f"- {item.order}. {md_escape(stop.name)}: {md_escape(note)}"
            for note in [*stop_notes(stop), *stop_fact_lines(it, stop, with_why=False)]
        ]
        if stop.check_hours:
            notes.append(
                f"- {item.order}. {md_escape(stop.name)}: "
                "opening hours not confirmed, check before going"
            )
    out.append("")
    if notes or day.warnings:
        out += ["**Notes and contacts**", ""]
        out += notes
        out += [f"- {md_escape(w)}" for w in day.warnings]
        out.append("")
    links = day_directions_links(day, it.request.mode)
    if links:
        out += ["**Directions**", ""]
        for index, link in enumerate(links, 1):
            out.append(f"- [Google Maps, part {index} of {len(links)}](<{link}>)")
        out.append("")
    out += ["---", ""]
    return out
