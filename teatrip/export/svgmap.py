"""An offline sketch map of a day as inline SVG: roads as lines, numbered stop markers.

Plain equirectangular projection (longitude scaled by cos(latitude)), fitted into the box with a
margin; enough for a day's few dozen kilometres. Legs with road geometry are solid lines; legs
without are dashed straight lines. Visits of one site share one marker (``1/6``: left from and
came back to the lodging). Different sites at one point (several sites of a commune stored at its
centroid) get a marker each, fanned out around a dot at the shared point with a leader line, so
each number stays readable. Only numbers are drawn; names appear in ``<title>`` tooltips,
HTML-escaped.
"""

from __future__ import annotations

import math
from html import escape

from teatrip.export.common import day_stops, has_coordinates, stop_name
from teatrip.formatting import km
from teatrip.i18n import gettext
from teatrip.models import DayPlan, StopKind

__all__ = ["day_svg"]

_EARTH_KM_PER_DEG = 111.32


def _nice_km(limit: float) -> float:
    """The largest 1/2/5 x 10^n not above ``limit``."""
    if limit <= 0:
        return 1.0
    exponent = math.floor(math.log10(limit))
    for mantissa in (5, 2, 1):
        value = float(mantissa * 10**exponent)
        if value <= limit:
            return value
    return float(10**exponent)


def _free_spot(
    x: float,
    y: float,
    half: float,
    placed: list[tuple[float, float, float]],
    width: int,
    height: int,
) -> tuple[float, float]:
    """Where to draw a label for the point (x, y): on it if free, else nearby on a ring."""

    def free(cx: float, cy: float) -> bool:
        inside = half <= cx <= width - half and 11 <= cy <= height - 11
        return inside and not any(
            abs(cx - px) < half + ph + 3 and abs(cy - py) < 25 for px, py, ph in placed
        )

    if free(x, y):
        return x, y
    for radius in (30.0, 55.0, 80.0, 110.0):
        for step in range(12):
            angle = math.radians(-60 + 30 * step)
            cx, cy = x + radius * math.cos(angle), y + radius * math.sin(angle)
            if free(cx, cy):
                return cx, cy
    return x, y


_FAN_RADIUS = 34.0  # px from a shared point to the markers fanned out around it


def _fanned(
    at_point: dict[tuple[float, float], dict[str, list[tuple[int, str, StopKind]]]],
) -> list[tuple[tuple[float, float], list[tuple[int, str, StopKind]], tuple[float, float]]]:
    """(point, one site's stops, wished offset of its marker): 0 for a site alone at its point,
    else evenly round a circle, the first stop at the top, in visit order."""
    out: list[tuple[tuple[float, float], list[tuple[int, str, StopKind]], tuple[float, float]]] = []
    for point, by_site in at_point.items():
        count = len(by_site)
        for k, entries in enumerate(by_site.values()):
            if count == 1:
                out.append((point, entries, (0.0, 0.0)))
                continue
            angle = math.radians(-90 + 360 * k / count)
            offset = (_FAN_RADIUS * math.cos(angle), _FAN_RADIUS * math.sin(angle))
            out.append((point, entries, offset))
    return out


def day_svg(day: DayPlan, *, width: int = 480, height: int = 330, margin: int = 26) -> str:
    """The day's sketch map as an ``<svg>`` element (a string of well-formed markup)."""
    stops = [item for item in day_stops(day) if has_coordinates(item.stop)]
    points: list[tuple[float, float]] = [(s.stop.lat, s.stop.lon) for s in stops]
    for leg in day.legs:
        points.extend(leg.geometry)
    label = escape(gettext("Sketch map of day {n}").format(n=day.number))
    if not points:
        nothing = escape(gettext("No coordinates"))
        return (
            f'<svg class="map" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
            f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle">'
            f"{nothing}</text></svg>"
        )
    lat_mid = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
    kx = math.cos(math.radians(lat_mid))
    xs = [lon * kx for _, lon in points]
    ys = [lat for lat, _ in points]
    span_x = max(max(xs) - min(xs), 1e-4)
    span_y = max(max(ys) - min(ys), 1e-4)
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    off_x = (width - span_x * scale) / 2 - min(xs) * scale
    off_y = (height - span_y * scale) / 2 + max(ys) * scale

    def project(lat: float, lon: float) -> tuple[float, float]:
        return (round(lon * kx * scale + off_x, 1), round(off_y - lat * scale, 1))

    parts = [
        f'<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{label}">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f4f7f0" stroke="#b9c4b0"/>',
    ]
    for index, leg in enumerate(day.legs):
        geometry = list(leg.geometry)
        dashed = len(geometry) < 2
        if dashed and index + 1 < len(day.stops):
            here, there = day.stops[index], day.stops[index + 1]
            if not (has_coordinates(here) and has_coordinates(there)):
                continue
            geometry = [(here.lat, here.lon), (there.lat, there.lon)]
        coords = " ".join(f"{x},{y}" for x, y in (project(lat, lon) for lat, lon in geometry))
        style = ' stroke-dasharray="7 5"' if dashed else ""
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="#c0392b" stroke-width="3" '
            f'stroke-linejoin="round" stroke-linecap="round" opacity="0.8"{style}/>'
        )
    # one marker per site, labelled with every stop number there; sites sharing a point fan out
    at_point: dict[tuple[float, float], dict[str, list[tuple[int, str, StopKind]]]] = {}
    for item in stops:
        key = project(item.stop.lat, item.stop.lon)
        entry = (item.order, stop_name(item.stop), item.stop.kind)
        at_point.setdefault(key, {}).setdefault(item.stop.site, []).append(entry)
    placed: list[tuple[float, float, float]] = []  # (x, y, half width) of drawn labels
    leaders: list[str] = []
    labels: list[str] = []
    for (x, y), entries, (wx, wy) in _fanned(at_point):
        text = "/".join(str(order) for order, _, _ in entries)
        title = escape("; ".join(f"{order}. {name}" for order, name, _ in entries))
        lodging = all(kind in (StopKind.START, StopKind.END) for _, _, kind in entries)
        fill = "#34495e" if lodging else "#1e7a3c"
        half = max(11.0, 4.0 + 4.2 * len(text))
        lx, ly = _free_spot(x + wx, y + wy, half, placed, width, height)
        placed.append((lx, ly, half))
        if (lx, ly) != (x, y):
            leaders.append(
                f'<line x1="{x}" y1="{y}" x2="{lx:.1f}" y2="{ly:.1f}" stroke="{fill}" '
                f'stroke-width="1.5"/><circle cx="{x}" cy="{y}" r="3.5" fill="{fill}"/>'
            )
        labels.append(
            f"<g><title>{title}</title>"
            f'<rect x="{lx - half:.1f}" y="{ly - 11:.1f}" width="{2 * half:.1f}" height="22" '
            f'rx="11" fill="{fill}" stroke="#ffffff" stroke-width="2"/>'
            f'<text x="{lx:.1f}" y="{ly + 4.5:.1f}" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="#ffffff">{escape(text)}</text></g>'
        )
    parts += leaders + labels  # labels last: a leader line never covers a number
    # scale bar and north arrow
    km_per_px = span_y * _EARTH_KM_PER_DEG / (span_y * scale)
    bar_km = _nice_km(km_per_px * width / 4)
    bar_px = bar_km / km_per_px
    y0 = height - 12
    north = escape(gettext("N"))  # the north arrow's letter ("B", Bắc, in Vietnamese)
    parts.append(
        f'<g font-size="15" fill="#333"><line x1="12" y1="{y0}" x2="{12 + bar_px:.1f}" y2="{y0}" '
        f'stroke="#333" stroke-width="2"/>'
        f'<text x="{12 + bar_px + 6:.1f}" y="{y0 + 4}">'
        f"{escape(km(round(bar_km * 1000)))}</text>"
        f'<text x="{width - 16}" y="20" text-anchor="middle" font-weight="bold">{north}</text>'
        f'<path d="M{width - 16},24 l-5,12 l5,-3 l5,3 z" fill="#333"/></g>'
    )
    parts.append("</svg>")
    return "".join(parts)
