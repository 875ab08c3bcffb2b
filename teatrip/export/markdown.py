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
    kind_word,
    leg_roads_text,
    local,
    local_clock,
    other_name,
    skipped_reason,
    stop_fact_lines,
    stop_heading,
    stop_name,
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
    travelling,
    what_to_do,
    why,
    word,
)
from teatrip.i18n import gettext
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
        return gettext("leave {time}").format(time=depart)
    if kind is StopKind.END:
        return gettext("arrive {time}").format(time=arrive)
    return f"{arrive}–{depart}"


def _fees_line(fees: str) -> str:
    return gettext("entrance fees {fees} per person").format(fees=fees)


def to_markdown(it: Itinerary) -> bytes:
    """The trip as Markdown day sheets (UTF-8), in the current language."""
    out: list[str] = [f"# {md_escape(trip_title(it))}", ""]
    mode = it.request.mode
    stops = [stop for day in it.days for stop in day.stops]
    travel = gettext("Travelling {mode} · times in {zone}").format(
        mode=by_mode(mode), zone=md_escape(it.timezone)
    )
    if it.created:
        saved = local(it, it.created).strftime("%Y-%m-%d %H:%M")
        travel += " · " + gettext("saved {moment}").format(moment=saved)
    whole = gettext("Whole trip: {distance} · {travelling} {time}").format(
        distance=km(it.distance_m), travelling=travelling(mode), time=duration_s(it.driving_s)
    )
    out += [travel, "", f"{whole} · {_fees_line(stop_fees(stops))}", ""]
    for warning in it.warnings:
        out.append(f"> {md_escape(word(warning))}")
    if it.warnings:
        out.append("")
    for day in it.days:
        out += _day(it, day)
    if it.skipped:
        out += ["## " + gettext("Not in this trip"), ""]
        for skipped in it.skipped:
            name = md_escape(skipped.name or skipped.site)
            reason = md_escape(skipped_reason(skipped.reason))
            out.append(f"- **{name}** (`{md_escape(skipped.site)}`): {reason}")
        out.append("")
    made = gettext("Made by {generator}.").format(generator=GENERATOR)
    out += [f"_{made}_", ""]
    return "\n".join(out).encode("utf-8")


_HEADER = (
    "| # | {time} | {stop} | {what} | {visit} | {wait} | {fee} |",
    "|--:|------|------|------------|------:|-----:|----:|",
)


def _day(it: Itinerary, day: DayPlan) -> list[str]:
    summary = (
        f"{km(day.distance_m)} · {travelling(it.request.mode)} {duration_s(day.driving_s)} · "
        f"{_fees_line(stop_fees(day.stops))}"
    )
    out = [f"## {md_escape(day_title(day))}", "", summary]
    sun = sun_line(it, day)
    if sun:
        out += ["", sun]
    header = _HEADER[0].format(
        time=gettext("Time"),
        stop=gettext("Stop"),
        what=gettext("What to do"),
        visit=gettext("Visit"),
        wait=gettext("Wait"),
        fee=gettext("Fee"),
    )
    out += ["", header, _HEADER[1]]
    notes: list[str] = []
    for item in day_stops(day):
        stop, leg = item.stop, item.leg
        if stop.kind is StopKind.EVENT and event_name(stop):
            name = gettext("**{event}** (event) at {place}").format(
                event=md_escape(event_name(stop)), place=md_escape(stop_name(stop))
            )
        else:
            name = f"**{md_escape(stop_heading(stop))}**"
        if stop.kind in (StopKind.START, StopKind.END):
            name += f" ({kind_word(stop.kind)})"
        if stop.check_hours:
            name += " ⚠ **" + gettext("check hours") + "**"
        if other_name(stop) and stop.kind is not StopKind.LUNCH:
            name += f"<br>{md_escape(other_name(stop))}"
        when = _stop_time(it, stop.kind, local_clock(it, stop.arrive), local_clock(it, stop.depart))
        visit = duration(stop.visit_minutes) if stop.visit_minutes else ""
        wait = duration(stop.wait_minutes) if stop.wait_minutes else ""
        fee = money(stop.fee_vnd) if stop.kind in FEE_KINDS else ""
        what = md_escape(what_to_do(stop))
        if stop.chosen_for:
            reason = gettext("why: {why}").format(why=why(stop.chosen_for))
            what += f"{'<br>' if what else ''}_{md_escape(reason)}_"
        out.append(f"| {item.order} | {when} | {name} | {what} | {visit} | {wait} | {fee} |")
        if leg is not None:
            roads = md_escape(leg_roads_text(leg))
            estimated = " (" + gettext("estimated") + ")" if leg.estimated else ""
            time, length = leg_duration(leg), km(leg.distance_m)
            out.append(f"|  | ↓ {time} | _{length}: {roads}{estimated}_ |  |  |  |  |")
        notes += [
            f"- {item.order}. {md_escape(stop_name(stop))}: {md_escape(note)}"
            for note in [*stop_notes(stop), *stop_fact_lines(it, stop, with_why=False)]
        ]
        if stop.check_hours:
            notes.append(
                f"- {item.order}. {md_escape(stop_name(stop))}: "
                + gettext("opening hours not confirmed, check before going")
            )
    out.append("")
    if notes or day.warnings:
        out += ["**" + gettext("Notes and contacts") + "**", ""]
        out += notes
        out += [f"- {md_escape(word(w))}" for w in day.warnings]
        out.append("")
    links = day_directions_links(day, it.request.mode)
    if links:
        out += ["**" + gettext("Directions") + "**", ""]
        for index, link in enumerate(links, 1):
            label = gettext("Google Maps, part {n} of {count}").format(n=index, count=len(links))
            out.append(f"- [{label}](<{link}>)")
        out.append("")
    out += ["---", ""]
    return out
