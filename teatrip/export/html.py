"""Printable HTML sheets: a front page for the trip, then exactly one A4 page per day.

The front page holds the summary, the days at a glance, the trip's warnings and what was left
out and why (it may run to a second page on a long list). Each day page holds the timeline, the
sketch map, a QR code of the day's route in Google Maps and the day's notes.

One page per day is kept by budget, not by luck: the page is measured in millimetres of A4
(:func:`_timeline` estimates the table from its text), and the day takes the first layout that
fits: "roomy" (a short day: a bigger map), "normal", "dense" (smaller type, shorter descriptions),
"tight" (a smaller map with the QR codes beside it). Notes that still do not fit move to a "More
notes" page at the end, named on the day's page. ``tests/export/test_export_browser.py`` prints
the shipped catalog's plans in Chromium and fails if any day spills.
Descriptions are shortened to whole sentences or words; names, times and roads never are.

Built with ``html.escape`` at every interpolation of text (no template engine; the helper ``_e``
is the only way text enters the page). The page needs nothing from the network: system fonts,
inline CSS, an inline SVG map and inline SVG QR codes (segno). A strict Content-Security-Policy
(``default-src 'none'; style-src 'unsafe-inline'; img-src data:``) means that even a slip in
escaping could not run a script or load anything.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

from teatrip.export.common import (
    GENERATOR,
    day_directions_links,
    day_focus_name,
    day_heading,
    day_stops,
    day_title,
    kind_label,
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
from teatrip.export.svgmap import day_svg
from teatrip.formatting import (
    by_mode,
    clock,
    count_of,
    date_day,
    date_short,
    duration,
    duration_s,
    event_name,
    first_sentences,
    is_check_hours_warning,
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
from teatrip.i18n import N_, current, gettext
from teatrip.models import DayPlan, Itinerary, Pace, Stop, StopKind

__all__ = ["CSP", "day_of", "to_html"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

# The A4 page in millimetres (297 mm less 2 x 10 mm margins) and what is printed on it.
_PAGE_MM = 277.0
_HEAD_MM = 24.0  # day title, summary line, sun line
_TITLE_CHARS = 62  # characters of the day's title on one line (13 pt bold; fewer to be safe)
_TITLE_LINE_MM = 5.5  # each further line of a long title (a Vietnamese name runs long)
_FOOT_MM = 7.0
_ROW_PAD_MM = 1.6
# "roomy" is "normal" with a bigger map, for days with room to spare.
# "tight" is "dense" with a smaller map and the QR codes beside it, for the longest days.
_LINE_MM = {"roomy": 3.75, "normal": 3.75, "dense": 3.4, "tight": 3.4}  # a line of table text
_NOTE_LINE_MM = {
    "roomy": 3.5,
    "normal": 3.5,
    "dense": 3.5,
    "tight": 3.5,
}  # the notes keep their 7.8 pt
# Characters that fit on one line of each table column (DejaVu Sans at each density).
# Measured in Chromium's print, less what wrapping at word boundaries loses.
_STOP_CHARS = {"roomy": 28, "normal": 28, "dense": 31, "tight": 31}
_WHAT_CHARS = {"roomy": 44, "normal": 44, "dense": 48, "tight": 48}
_LEG_CHARS = {"roomy": 95, "normal": 95, "dense": 95, "tight": 95}  # leg rows keep their 7.6 pt
_VISIT_CHARS = 11  # a longer visit length ("8 giờ 10 phút") wraps in its column
_BADGE_CHARS = 14  # a badge takes the room of this many characters
_NOTE_CHARS = {"roomy": 42, "normal": 56, "dense": 62, "tight": 50}
# The left column: the map (480 x 330, so 0.69 of its width high), its caption, the QR row.
_LEFT_MM = {
    "roomy": 112 * 0.69 + 8 + 32,
    "normal": 92 * 0.69 + 8 + 32,
    "dense": 72 * 0.69 + 8 + 28,
    "tight": 60 * 0.69 + 8,
}
# A description is cut to whole sentences within this many characters (fewer on a dense day).
_WHAT_LIMIT = {"roomy": 180, "normal": 180, "dense": 100, "tight": 100}

_CAPTION = N_(
    "Sketch map: solid = roads, dashed = straight line (no road data); numbers as in the timeline."
)

_CSS = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif;
       font-size: 8.5pt; line-height: 1.25; color: #1d2a1f; margin: 0; background: #e9ece6; }
section.page { background: #fff; width: 190mm; margin: 8mm auto; padding: 0; }
h1 { font-size: 13pt; margin: 0 0 1mm; color: #1e7a3c; line-height: 1.2; }
h2 { font-size: 9.5pt; margin: 2mm 0 1mm; color: #1e7a3c; }
p { margin: 0.6mm 0; }
p.meta { color: #333; }
p.sun { color: #7a5a00; }
header.day { border-bottom: 2px solid #1e7a3c; padding-bottom: 1mm; margin-bottom: 1mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th { text-align: left; font-size: 7.5pt; color: #555; border-bottom: 1px solid #999;
     padding: 0.6mm 1mm; font-weight: normal; }
td { padding: 0.8mm 1mm; vertical-align: top; border-bottom: 1px solid #dde3d8;
     overflow-wrap: anywhere; }
col.num { width: 6mm; } col.time { width: 21mm; } col.stop { width: 52mm; }
col.visit { width: 18mm; } col.fee { width: 17mm; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.len, td.fee, th.len, th.fee { text-align: right; white-space: nowrap; }
td.len { white-space: normal; } /* a quantity wraps only between its parts (_quantity) */
td.fee.unknown { color: #888; }
tr.leg td.time { white-space: normal; }
tr.leg td { color: #555; font-size: 7.6pt; background: #f6f8f4; border-bottom: none;
            padding-top: 0.3mm; padding-bottom: 0.3mm; }
.badge { display: inline-block; border-radius: 1.5mm; padding: 0 1mm; font-size: 7pt;
         font-weight: bold; margin-left: 1mm; }
.badge.kind { background: #e3efe6; color: #1e7a3c; }
.badge.check { background: #fde7c8; color: #8a4b00; border: 1px solid #e0a040; }
.badge.est { background: #eceff3; color: #555; }
.num span { display: inline-block; min-width: 5mm; border-radius: 3mm; background: #1e7a3c;
            color: #fff; font-weight: bold; text-align: center; }
.num span.lodging { background: #34495e; }
.small { color: #555; font-size: 7.6pt; }
.why { color: #1e7a3c; font-size: 7.6pt; }
.bottom { display: flex; gap: 4mm; align-items: flex-start; margin-top: 2mm; }
.left { flex: 0 0 92mm; }
.right { flex: 1 1 auto; min-width: 0; font-size: 7.8pt; }
svg.map { width: 100%; height: auto; display: block; }
.caption { font-size: 7pt; color: #666; margin-top: 0.5mm; }
.qrs { display: flex; gap: 3mm; align-items: flex-start; margin-top: 1.5mm; }
.qr { width: 26mm; font-size: 6.8pt; color: #444; line-height: 1.15; }
.qr svg { width: 26mm; height: 26mm; display: block; }
.qrs p { font-size: 7pt; color: #444; align-self: center; }
ul { margin: 0 0 1.5mm; padding-left: 4mm; }
li { margin-bottom: 0.4mm; }
a { color: #1a5fb4; }
.warn { color: #8a4b00; }
footer { font-size: 7pt; color: #777; margin-top: 1.5mm; border-top: 1px solid #dde3d8;
         padding-top: 0.5mm; }
section.dense { font-size: 7.8pt; }
section.dense td { padding: 0.4mm 0.8mm; }
section.dense .left { flex-basis: 72mm; }
section.roomy .left { flex-basis: 112mm; }
section.tight .left { flex-basis: 60mm; }
section.tight .qrs { flex-direction: column; margin-top: 0; gap: 1mm; }
section.tight .qrs p { display: none; }
section.dense .qr, section.dense .qr svg { width: 22mm; }
section.dense .qr svg { height: 22mm; }
table.days td, table.days th { padding: 0.6mm 1mm; }
.left-out { columns: 2; column-gap: 6mm; font-size: 7.6pt; }
.left-out li { break-inside: avoid; }
@media print {
  body { background: none; }
  section.page { margin: 0; width: auto; break-after: page; page-break-after: always; }
  section.page:last-of-type { break-after: auto; page-break-after: auto; }
  tr, li, .qrs, .left { break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    """The one way text enters the page: HTML-escaped, quotes included."""
    return escape(str(text), quote=True)


def _quantity(text: str) -> str:
    """A duration or distance, escaped, that wraps only between its parts ("2 giờ 58 phút"
    breaks after "giờ", never between a number and its unit): Vietnamese units are words."""
    return _e(_NUMBER_SPACE.sub("\u00a0", text))


_NUMBER_SPACE = re.compile(r"(?<=\d) (?=[^\d\s–-])")


def _tag(tag: str, text: str, attributes: str = "") -> str:
    """``<tag attributes>text</tag>`` with the text escaped (gettext calls stay outside
    f-strings, where the message extractor finds them)."""
    return f"<{tag}{attributes}>{_e(text)}</{tag}>"


def _lines(text: str) -> str:
    """Escaped text with its line breaks kept."""
    return "<br>".join(_e(line) for line in text.splitlines()) if text else ""


def _text_lines(text: str, per_line: int) -> int:
    """How many printed lines ``text`` takes in a column ``per_line`` characters wide."""
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.splitlines() or [""])


def to_html(it: Itinerary) -> bytes:
    """The trip as a printable HTML document (UTF-8): a front page, then a page per day, in the
    current language (``<html lang>`` says which)."""
    title = trip_title(it)
    more: list[tuple[DayPlan, list[str]]] = []
    pages = [_front(it)]
    for day in it.days:
        page, overflow = _day(it, day)
        pages.append(page)
        if overflow:
            more.append((day, overflow))
    if more:
        pages.append(_more_notes(it, more))
    document = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(current())}">',
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


# ------------------------------------------------------------------------------ front page


_PACE_WORDS: dict[Pace, str] = {
    Pace.RELAXED: N_("relaxed pace"),
    Pace.NORMAL: N_("normal pace"),
    Pace.PACKED: N_("packed pace"),
}


def _per_person(fees: str) -> str:
    return gettext("entrance fees {fees} per person").format(fees=fees)


def _front(it: Itinerary) -> str:
    request = it.request
    if it.days:
        first, last = it.days[0].date, it.days[-1].date
        dates = date_day(first)
        if last != first:
            dates = gettext("{first} to {last}").format(first=dates, last=date_day(last))
    else:
        dates = date_day(request.start)
    window = gettext("days {start}–{end}").format(
        start=clock(request.day_window.start), end=clock(request.day_window.end)
    )
    lunch = (
        gettext("lunch {start}–{end} ({time})").format(
            start=clock(request.lunch.window.start),
            end=clock(request.lunch.window.end),
            time=duration(request.lunch.minutes),
        )
        if request.lunch is not None
        else gettext("no lunch break")
    )
    zone = gettext("times {zone}").format(zone=it.timezone)
    saved = (
        " · " + gettext("saved {moment}").format(moment=f"{local(it, it.created):%Y-%m-%d %H:%M}")
        if it.created
        else ""
    )
    stops = [stop for day in it.days for stop in day.stops]
    totals = gettext("Whole trip: {distance} · {time} {travelling} · {fees}").format(
        distance=km(it.distance_m),
        time=duration_s(it.driving_s),
        travelling=travelling(request.mode),
        fees=_per_person(stop_fees(stops)),
    )
    rows = []
    for day in it.days:
        visits = [s for s in day.stops if s.kind in (StopKind.VISIT, StopKind.EVENT)]
        names = " → ".join(_e(stop_name(s)) for s in visits) or _e(gettext("no visits"))
        rows.append(
            f'<tr><td>{day.number}</td><td class="time">{_e(date_short(day.date))}</td>'
            f"<td><b>{_e(day_focus_name(day))}</b><br>"
            f'<span class="small">{names}</span></td>'
            f'<td class="len">{_e(km(day.distance_m))}</td>'
            f'<td class="len">{_quantity(duration_s(day.driving_s))}</td>'
            f"<td>{_e(stop_fees(day.stops))}</td></tr>"
        )
    meta = " · ".join(
        [
            f"{count_of(len(it.days), 'day')}, {dates}",
            by_mode(request.mode),
            gettext(_PACE_WORDS[request.pace]),
            window,
            lunch,
            zone,
        ]
    )
    parts = [
        '<section class="page front" id="front">',
        f"<h1>{_e(trip_title(it))}</h1>",
        f'<p class="meta">{_e(meta)}{_e(saved)}</p>',
        f'<p class="meta"><b>{_e(totals)}</b></p>',
        _tag("h2", gettext("The days")),
        '<table class="days"><colgroup><col style="width:8mm"><col style="width:26mm"><col>'
        '<col style="width:17mm"><col style="width:21mm"><col style="width:38mm"></colgroup>',
        "<thead><tr>"
        + _tag("th", gettext("Day"))
        + _tag("th", gettext("Date"))
        + _tag("th", gettext("About · visits"))
        + _tag("th", gettext("Distance"), ' class="len"')
        + _tag("th", travelling(request.mode).capitalize(), ' class="len"')
        + _tag("th", gettext("Entrance fees"))
        + "</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]
    if not it.days:
        parts.append(_tag("p", gettext("This trip has no days.")))
    if it.warnings:
        parts += [_tag("h2", gettext("Warnings")), "<ul>"]
        parts += [f'<li class="warn">{_lines(word(w))}</li>' for w in it.warnings]
        parts.append("</ul>")
    if it.skipped:
        heading = gettext("Not in this trip ({sites}) and why").format(
            sites=count_of(len(it.skipped), "site")
        )
        parts += [f"<h2>{_e(heading)}</h2>", '<ul class="left-out">']
        parts += [
            f"<li><b>{_e(s.name or s.site)}</b>: {_lines(skipped_reason(s.reason))}</li>"
            for s in it.skipped
        ]
        parts.append("</ul>")
    parts += [f"<footer>{_e(GENERATOR)}</footer>", "</section>"]
    return "\n".join(parts)


# ------------------------------------------------------------------------------ day pages


@dataclass(frozen=True)
class _Note:
    html: str
    text: str  # what the note says, to measure it


def _time_cell(it: Itinerary, stop: Stop) -> str:
    if stop.kind is StopKind.START:
        return _e(gettext("leave {time}").format(time=local_clock(it, stop.depart)))
    if stop.kind is StopKind.END:
        return _e(gettext("back {time}").format(time=local_clock(it, stop.arrive)))
    if stop.wait_minutes:
        return (
            _e(gettext("arrive {time}").format(time=local_clock(it, stop.arrive))) + "<br>"
            f"{local_clock(it, stop.start)}–{local_clock(it, stop.depart)}"
        )
    return f"{local_clock(it, stop.arrive)}–{local_clock(it, stop.depart)}"


def _stop_name(stop: Stop) -> tuple[str, str]:
    """The stop cell as HTML and as the text it prints (to measure it)."""
    title = stop_name(stop)
    name = f"<strong>{_e(title)}</strong>"
    if stop.kind is StopKind.LUNCH:
        title = stop_heading(stop)
        name = f"<strong>{_e(title)}</strong>"
    elif stop.kind is StopKind.EVENT and event_name(stop):
        name = f"<strong>{_e(event_name(stop))}</strong><br>{_e(stop_name(stop))}"
        title = f"{event_name(stop)}\n{stop_name(stop)}"
    if stop.kind in (StopKind.START, StopKind.END, StopKind.EVENT):
        label = kind_label(stop.kind)
        name += f'<span class="badge kind">{_e(label)}</span>'
        title += " " + label
    if stop.check_hours:
        check = "⚠ " + gettext("check hours")
        name += f'<span class="badge check">{_e(check)}</span>'
        title += " " + check
    if other_name(stop) and stop.kind is not StopKind.LUNCH:
        name += f'<br><span class="small">{_e(other_name(stop))}</span>'
        title += f"\n{other_name(stop)}"
    if stop.chosen_for:
        reason = gettext("why: {why}").format(why=why(stop.chosen_for))
        name += f'<br><span class="why">{_e(reason)}</span>'
        title += f"\n{reason}"
    return name, title


def _what(it: Itinerary, stop: Stop, density: str) -> str:
    """What to do, as text: the description's first sentences, the wait, the lunch on site."""
    parts: list[str] = []
    if stop.kind not in (StopKind.START, StopKind.END, StopKind.LUNCH):
        text = first_sentences(what_to_do(stop), _WHAT_LIMIT[density])
        if text:
            parts.append(text)
    if stop.wait_minutes:
        parts.append(
            gettext("wait {time}: starts {start}").format(
                time=duration(stop.wait_minutes), start=local_clock(it, stop.start)
            )
        )
    if stop.lunch_start is not None and stop.lunch_end is not None:
        parts.append(
            gettext("lunch on site {start}–{end}").format(
                start=local_clock(it, stop.lunch_start), end=local_clock(it, stop.lunch_end)
            )
        )
    return "\n".join(parts)


def _stop_row(it: Itinerary, order: int, stop: Stop, density: str) -> tuple[str, float]:
    lodging = stop.kind in (StopKind.START, StopKind.END)
    name, name_text = _stop_name(stop)
    what = _what(it, stop, density)
    visit = _quantity(duration(stop.visit_minutes)) if stop.visit_minutes else ""
    paid = stop.kind in (StopKind.VISIT, StopKind.EVENT)
    fee = _e(money(stop.fee_vnd)) if paid else ""
    fee_class = "fee unknown" if stop.fee_vnd is None else "fee"
    marker = f'<span class="{"lodging" if lodging else ""}">{order}</span>'
    lines = max(
        _text_lines(name_text, _STOP_CHARS[density]),
        _text_lines(what, _WHAT_CHARS[density]),
        _text_lines(duration(stop.visit_minutes), _VISIT_CHARS) if stop.visit_minutes else 1,
        2 if stop.wait_minutes else 1,
    )
    row = (
        f'<tr class="stop"><td class="num">{marker}</td><td class="time">'
        f"{_time_cell(it, stop)}</td><td>{name}</td><td>{_lines(what)}</td>"
        f'<td class="len">{visit}</td><td class="{fee_class}">{fee}</td></tr>'
    )
    return row, lines * _LINE_MM[density] + _ROW_PAD_MM


def _leg_row(it: Itinerary, day: DayPlan, index: int, density: str) -> tuple[str, float]:
    leg = day.legs[index]
    badges, room = "", 0
    for shown, kind, label in (
        (leg.estimated, "est", gettext("estimated")),
        (len(leg.geometry) < 2 and leg.distance_m > 0, "est", gettext("no road line")),
        (leg.after_dark, "check", gettext("after dark")),
    ):
        if shown:
            badges += f'<span class="badge {kind}">{_e(label)}</span>'
            room += max(_BADGE_CHARS, len(label) + 4)
    text = (
        f"{km(leg.distance_m)} · {leg_roads_text(leg)} "
        f"({local_clock(it, leg.depart)}–{local_clock(it, leg.arrive)})"
    )
    row = (
        f'<tr class="leg"><td></td><td class="time">↓ {_quantity(leg_duration(leg))}</td>'
        f'<td colspan="4">{_e(text)}{badges}</td></tr>'
    )
    lines = _text_lines(text + "x" * room, _LEG_CHARS[density])
    lines = max(lines, 2 if len(leg_duration(leg)) > 10 else 1)  # a range wraps in its cell
    return row, lines * _LINE_MM[density] * 0.9 + 0.6


def _timeline(it: Itinerary, day: DayPlan, density: str) -> tuple[list[str], float]:
    rows: list[str] = []
    height = 6.0  # the table's header row
    for index, stop in enumerate(day.stops):
        row, mm = _stop_row(it, index + 1, stop, density)
        rows.append(row)
        height += mm
        if index < len(day.legs):
            row, mm = _leg_row(it, day, index, density)
            rows.append(row)
            height += mm
    return rows, height


def _notes(it: Itinerary, day: DayPlan) -> list[_Note]:
    notes: list[_Note] = []
    for item in day_stops(day):
        stop = item.stop
        for note in [*stop_notes(stop), *stop_fact_lines(it, stop, with_why=False)]:
            notes.append(
                _Note(f"<li><b>{item.order}.</b> {_lines(note)}</li>", f"{item.order}. {note}")
            )
    # The timeline marks every stop whose hours to check; the day's list of them would say it twice.
    warnings = [word(w) for w in day.warnings if not is_check_hours_warning(w)]
    notes += [_Note(f'<li class="warn">{_lines(w)}</li>', w) for w in warnings]
    return notes


def _notes_mm(notes: list[_Note], density: str) -> float:
    """The height the notes take in the right column at ``density``."""
    return sum(
        _text_lines(note.text, _NOTE_CHARS[density]) * _NOTE_LINE_MM[density] + 0.4
        for note in notes
    )


def _qr_svg(link: str) -> str:
    import segno

    # Error level L keeps the code small enough to print at 22-26 mm; a guide scans it in hand.
    try:
        code = segno.make(link, error="l", micro=False)
    except segno.DataOverflowError:  # a link too long for any QR code: the printed link remains
        return ""
    return str(code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff"))


def _day(it: Itinerary, day: DayPlan) -> tuple[str, list[str]]:
    """The day's page and the notes that did not fit on it (for the "More notes" page)."""
    density = "normal"
    rows, table_mm = _timeline(it, day, density)
    notes = _notes(it, day)
    head = _HEAD_MM + (_text_lines(day_title(day), _TITLE_CHARS) - 1) * _TITLE_LINE_MM
    free = _PAGE_MM - head - _FOOT_MM - table_mm
    if free < _LEFT_MM["normal"] + 4:
        density = "dense"
        rows, table_mm = _timeline(it, day, density)
        free = _PAGE_MM - head - _FOOT_MM - table_mm
    if density == "dense" and free < _LEFT_MM["dense"] + 4:
        density = "tight"  # same table; the QR codes move beside a smaller map
    # Notes fill the right column; below the left column they would meet the page's end.
    budget = max(0.0, free - 16.0)  # the heading and the "more notes" line
    # A short day gets a bigger map, as long as its notes still fit beside it.
    roomy = free >= _LEFT_MM["roomy"] + 4 and _notes_mm(notes, "roomy") <= budget
    if density == "normal" and roomy:
        density = "roomy"
    kept: list[str] = []
    overflow: list[str] = []
    used = 0.0
    for note in notes:
        mm = _notes_mm([note], density)
        if not overflow and used + mm <= budget:
            kept.append(note.html)
            used += mm
        else:
            overflow.append(note.text)

    links = day_directions_links(day, it.request.mode)
    qr: list[str] = []
    for number, link in enumerate(links, 1):
        part = (
            gettext("part {n} of {count}").format(n=number, count=len(links))
            if len(links) > 1
            else gettext("the day's route")
        )
        qr.append(f'<div class="qr">{_qr_svg(link)}<a href="{_e(link)}">{_e(part)}</a></div>')
    if qr:
        qr = [
            '<div class="qrs">',
            *qr,
            _tag("p", gettext("Scan for the route in Google Maps, stops in order."))
            if len(qr) < 3
            else "",
            "</div>",
        ]
    right: list[str] = []
    if kept or overflow:
        right += [_tag("h2", gettext("Notes, hours, contacts")), "<ul>", *kept, "</ul>"]
    if overflow:
        more = gettext("{notes} for this day: see “{page}” at the end.").format(
            notes=count_of(len(overflow), "note"), page=gettext("More notes")
        )
        right.append(f'<p class="warn">{_e(more)}</p>')
    sun = sun_line(it, day)
    zone = gettext("times {zone}").format(zone=it.timezone)
    summary = (
        f"{km(day.distance_m)} · {duration_s(day.driving_s)} {travelling(it.request.mode)} · "
        f"{_per_person(stop_fees(day.stops))}"
    )
    # A tight page is a dense one with its own map layout: it takes both classes.
    classes = {"normal": "page day", "tight": "page day dense tight"}.get(
        density, f"page day {density}"
    )
    page = "\n".join(
        [
            f'<section class="{classes}" id="day-{day.number}">',
            '<header class="day">',
            f"<h1>{_e(day_title(day))}</h1>",
            f'<p class="meta">{_e(summary)}</p>',
            f'<p class="sun">☀ {_e(sun)}</p>' if sun else "",
            "</header>",
            '<table class="timeline"><colgroup><col class="num"><col class="time">'
            '<col class="stop"><col class="what"><col class="visit"><col class="fee">'
            "</colgroup>",
            "<thead><tr><th>#</th>"
            + _tag("th", gettext("Time"))
            + _tag("th", gettext("Stop"))
            + _tag("th", gettext("What to do"))
            + _tag("th", gettext("Visit"), ' class="len"')
            + _tag("th", gettext("Fee"), ' class="fee"')
            + "</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody></table>",
            '<div class="bottom">',
            '<div class="left">',
            day_svg(day),
            _tag("div", gettext(_CAPTION), ' class="caption"'),
            *([] if density == "tight" else qr),
            "</div>",
            *(qr if density == "tight" else []),
            '<div class="right">',
            *right,
            "</div>",
            "</div>",
            _tag(
                "footer", f"{day_of(day, len(it.days))} · {trip_title(it)} · {zone} · {GENERATOR}"
            ),
            "</section>",
        ]
    )
    return page, overflow


def day_of(day: DayPlan, days: int) -> str:
    """``"Day 2 of 3"`` / ``"Ngày 2/3"``: the footer of a day's page."""
    return gettext("Day {n} of {count}").format(n=day.number, count=days)


def _more_notes(it: Itinerary, more: list[tuple[DayPlan, list[str]]]) -> str:
    parts = ['<section class="page more" id="more-notes">', _tag("h1", gettext("More notes"))]
    for day, notes in more:
        heading = gettext("{day}, {date}: notes continued").format(
            day=day_heading(day), date=date_day(day.date)
        )
        parts += [f"<h2>{_e(heading)}</h2>", "<ul>"]
        parts += [f"<li>{_lines(note)}</li>" for note in notes]
        parts.append("</ul>")
    parts += [f"<footer>{_e(trip_title(it))} · {_e(GENERATOR)}</footer>", "</section>"]
    return "\n".join(parts)
