"""Printable HTML day sheets: one A4 page per day with the timeline, notes, links and a map.

Built with ``html.escape`` at every interpolation of text (no template engine, so no extra
dependency; the helper ``_e`` is the only way text enters the page). The page needs nothing from
the network: system fonts, inline CSS and an inline SVG map. A strict Content-Security-Policy
(``default-src 'none'; style-src 'unsafe-inline'; img-src data:``) means that even a slip in
escaping could not run a script or load anything.
"""

from __future__ import annotations

from html import escape

from teatrip.export.common import (
    GENERATOR,
    day_line,
    day_stops,
    day_title,
    directions_links,
    has_coordinates,
    kind_label,
    leg_roads_text,
    local,
    local_clock,
    stop_fact_lines,
    sun_line,
    trip_title,
)
from teatrip.export.svgmap import day_svg
from teatrip.formatting import duration, duration_s, km, money
from teatrip.models import DayPlan, Itinerary, StopKind

__all__ = ["CSP", "to_html"]

_DENSE_STOPS = 7  # days with more stops get a tighter layout so they still fit on one A4 page

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif;
       font-size: 9.5pt; line-height: 1.3; color: #1d2a1f; margin: 0; background: #e9ece6; }
.day { background: #fff; max-width: 200mm; margin: 8mm auto; padding: 9mm 10mm; }
.day + .day { margin-top: 8mm; }
header.sheet { display: flex; justify-content: space-between; align-items: baseline;
               border-bottom: 2px solid #1e7a3c; padding-bottom: 2mm; margin-bottom: 2mm; }
header.sheet h1 { font-size: 16pt; margin: 0; color: #1e7a3c; }
header.sheet .trip { font-size: 8.5pt; color: #555; text-align: right; }
p.summary { margin: 1mm 0; }
p.sun { margin: 1mm 0 2mm; color: #7a5a00; }
table.timeline { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; }
table.timeline th { text-align: left; font-size: 8pt; color: #555; border-bottom: 1px solid #999;
                    padding: 1mm 1.2mm; }
table.timeline td { padding: 1.2mm; vertical-align: top; border-bottom: 1px solid #dde3d8; }
table.timeline td.num { width: 7mm; text-align: center; }
table.timeline th.stop { width: 36%; }
table.timeline th.what { width: 29%; }
table.timeline td.time { width: 22mm; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.timeline td.len, table.timeline td.fee { white-space: nowrap; text-align: right; }
table.timeline td.fee.unknown { color: #888; }
table.timeline tr.leg td { color: #555; font-size: 8.3pt; background: #f6f8f4; border-bottom: none;
                           padding-top: 0.6mm; padding-bottom: 0.6mm; }
.badge { display: inline-block; border-radius: 1.5mm; padding: 0 1.2mm; font-size: 7.5pt;
         font-weight: bold; margin-left: 1mm; vertical-align: 1px; }
.badge.kind { background: #e3efe6; color: #1e7a3c; }
.badge.check { background: #fde7c8; color: #8a4b00; border: 1px solid #e0a040; }
.badge.est { background: #eceff3; color: #555; }
.num span { display: inline-block; min-width: 5.5mm; border-radius: 3mm; background: #1e7a3c;
            color: #fff; font-weight: bold; text-align: center; }
.num span.lodging { background: #34495e; }
.en { color: #555; font-size: 8.3pt; }
.note { color: #444; font-size: 8.3pt; }
.bottom { display: flex; gap: 5mm; align-items: flex-start; }
.bottom .mapbox { flex: 0 0 105mm; }
.bottom .side { flex: 1 1 auto; min-width: 0; }
svg.map { width: 100%; height: auto; display: block; }
.caption { font-size: 7.5pt; color: #666; margin-top: 0.8mm; }
h2 { font-size: 10pt; margin: 0 0 1mm; color: #1e7a3c; }
ul { margin: 0 0 2.5mm; padding-left: 4.5mm; }
li { margin-bottom: 0.6mm; }
a { color: #1a5fb4; }
.warn { color: #8a4b00; }
footer { font-size: 7.5pt; color: #777; margin-top: 2mm; }
section.dense { font-size: 8.3pt; }
section.dense table.timeline td { padding: 0.5mm 1mm; }
section.dense table.timeline tr.leg td { font-size: 7.6pt; padding: 0.2mm 1mm; }
section.dense .en, section.dense .note { font-size: 7.6pt; }
section.dense .bottom .mapbox { flex-basis: 82mm; }
section.dense p.summary, section.dense p.sun { margin: 0.5mm 0; }
@media print {
  body { background: none; font-size: 9pt; }
  section.dense { font-size: 8pt; }
  .day { margin: 0; padding: 0; max-width: none; break-after: page; page-break-after: always; }
  .day:last-of-type { break-after: auto; page-break-after: auto; }
  .day + .day { margin-top: 0; }
  table.timeline tr { break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    """The one way text enters the page: HTML-escaped, quotes included."""
    return escape(str(text), quote=True)


def _lines(text: str) -> str:
    """Escaped text with its line breaks kept."""
    return "<br>".join(_e(line) for line in text.splitlines()) if text else ""


def to_html(it: Itinerary) -> bytes:
    """The trip as a printable HTML document (UTF-8)."""
    title = trip_title(it)
    pages = [_day(it, day, last=index == len(it.days) - 1) for index, day in enumerate(it.days)]
    if not pages:
        pages = [f'<section class="day"><p>{_e("This trip has no days.")}</p></section>']
    document = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{_e(GENERATOR)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *pages,
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(document).encode("utf-8")


def _stop_row(it: Itinerary, day: DayPlan, order: int) -> str:
    stop = day.stops[order - 1]
    lodging = stop.kind in (StopKind.START, StopKind.END)
    if stop.kind is StopKind.START:
        when = f"leave {local_clock(it, stop.depart)}"
    elif stop.kind is StopKind.END:
        when = f"arrive {local_clock(it, stop.arrive)}"
    else:
        when = f"{local_clock(it, stop.arrive)}–{local_clock(it, stop.depart)}"
    name = f"<strong>{_e(stop.name)}</strong>"
    if stop.kind is not StopKind.VISIT:
        name += f'<span class="badge kind">{_e(kind_label(stop.kind))}</span>'
    if stop.check_hours:
        name += '<span class="badge check">⚠ check hours</span>'
    if stop.name_en and stop.name_en != stop.name:
        name += f'<br><span class="en">{_e(stop.name_en)}</span>'
    what = _lines(stop.activity)
    if stop.event:
        what += f'<br><span class="note">Event: {_e(stop.event)}</span>' if what else _e(stop.event)
    if stop.wait_minutes:
        what += (
            f'<br><span class="note">Wait {_e(duration(stop.wait_minutes))}; '
            f"starts {_e(local_clock(it, stop.start))}</span>"
        )
    visit = _e(duration(stop.visit_minutes)) if stop.visit_minutes else ""
    wait = _e(duration(stop.wait_minutes)) if stop.wait_minutes else ""
    fee = "" if lodging else _e(money(stop.fee_vnd))
    fee_class = "fee unknown" if stop.fee_vnd is None else "fee"
    marker = f'<span class="{"lodging" if lodging else ""}">{order}</span>'
    return (
        f'<tr class="stop"><td class="num">{marker}</td><td class="time">{_e(when)}</td>'
        f'<td>{name}</td><td>{what}</td><td class="len">{visit}</td>'
        f'<td class="len">{wait}</td><td class="{fee_class}">{fee}</td></tr>'
    )


def _leg_row(it: Itinerary, day: DayPlan, index: int) -> str:
    leg = day.legs[index]
    roads = leg_roads_text(leg)
    badges = ""
    if leg.estimated:
        badges += '<span class="badge est">estimated</span>'
    if len(leg.geometry) < 2 and leg.distance_m > 0:
        badges += '<span class="badge est">no road line</span>'
    if leg.after_dark:
        badges += '<span class="badge check">after dark</span>'
    minutes = duration_s(leg.duration_s)
    return (
        f'<tr class="leg"><td></td><td class="time">↓ {_e(minutes)}</td>'
        f'<td colspan="5">{_e(km(leg.distance_m))} · {_e(roads)} '
        f"({_e(local_clock(it, leg.depart))}–{_e(local_clock(it, leg.arrive))}){badges}</td></tr>"
    )


def _day(it: Itinerary, day: DayPlan, *, last: bool) -> str:
    rows: list[str] = []
    for index in range(len(day.stops)):
        rows.append(_stop_row(it, day, index + 1))
        if index < len(day.legs):
            rows.append(_leg_row(it, day, index))
    notes: list[str] = []
    for item in day_stops(day):
        stop = item.stop
        if stop.check_hours:
            notes.append(
                f'<li class="warn"><b>{item.order}. {_e(stop.name)}</b>: opening hours not '
                "confirmed, check before going</li>"
            )
        notes.extend(
            f"<li><b>{item.order}. {_e(stop.name)}</b>: {_lines(note)}</li>"
            for note in [*stop.notes, *stop_fact_lines(it, stop)]
        )
    notes.extend(f'<li class="warn">{_lines(w)}</li>' for w in day.warnings)
    if last:
        notes.extend(f'<li class="warn">{_lines(w)}</li>' for w in it.warnings)

    points = [(s.lat, s.lon) for s in day.stops if has_coordinates(s)]
    links = directions_links(points, it.request.mode)
    link_items = [
        f'<li><a href="{_e(link)}">Google Maps directions, part {n} of {len(links)}</a></li>'
        for n, link in enumerate(links, 1)
    ]
    side: list[str] = []
    if notes:
        side += ["<h2>Notes, contacts, hours</h2>", "<ul>", *notes, "</ul>"]
    if link_items:
        side += ["<h2>Directions</h2>", '<ul class="links">', *link_items, "</ul>"]
    if last and it.skipped:
        side += ["<h2>Not in this trip</h2>", "<ul>"]
        side += [f"<li><b>{_e(s.name or s.site)}</b>: {_lines(s.reason)}</li>" for s in it.skipped]
        side.append("</ul>")

    sun = sun_line(it, day)
    saved = f"saved {local(it, it.created).strftime('%Y-%m-%d %H:%M')} · " if it.created else ""
    trip = f"{trip_title(it)}\n{saved}{it.request.mode.value} · times {it.timezone}"
    return "\n".join(
        [
            f'<section class="{"day dense" if len(day.stops) > _DENSE_STOPS else "day"}" '
            f'id="day-{day.number}">',
            '<header class="sheet">',
            f"<h1>{_e(day_title(day))}</h1>",
            f'<div class="trip">{_lines(trip)}</div>',
            "</header>",
            f'<p class="summary">{_e(day_line(day))}</p>',
            f'<p class="sun">☀ {_e(sun)}</p>' if sun else "",
            '<table class="timeline">',
            '<thead><tr><th>#</th><th>Time</th><th class="stop">Stop</th>'
            '<th class="what">What to do</th>'
            '<th class="len">Visit</th><th class="len">Wait</th><th class="fee">Fee</th>'
            "</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody></table>",
            '<div class="bottom">',
            '<div class="mapbox">',
            day_svg(day),
            '<div class="caption">Sketch map: solid = roads, dashed = straight line '
            "(no road data); numbers as in the timeline.</div>",
            "</div>",
            '<div class="side">',
            *side,
            "</div>",
            "</div>",
            f"<footer>{_e(GENERATOR)}</footer>",
            "</section>",
        ]
    )
