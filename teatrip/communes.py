"""The 92 communes and wards of Thái Nguyên from 1 July 2025, and which one a point lies in.

The polygons ship inside the package (``data/communes_2025.json``, with their source and MIT
licence), already simplified to about 30 m, so the check needs no network and no GIS library: a
point is inside a commune when a ray from it crosses the commune's rings an odd number of times
(the even-odd rule, which also handles the holes of a ring-shaped commune). At this scale the
degrees can be treated as a flat plane: the error is far below the polygons' own 30 m.

Names are compared by a key that ignores case, spacing and where the tone mark sits
("Định Hóa" and "Định Hoá" are the same name written in the old and the new style) but keeps
every letter that changes a name ("Văn Lang" and "Văn Lăng" are two communes).
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from teatrip.errors import Problem
from teatrip.formatting import say
from teatrip.models import Catalog, Site

__all__ = [
    "Commune",
    "check_communes",
    "commune_at",
    "commune_key",
    "communes",
    "find_commune",
    "point_in_rings",
]

# Combining marks of the five Vietnamese tones (huyền, sắc, ngã, hỏi, nặng); the other marks
# (breve, circumflex, horn) make different letters and stay in the key.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# What a 2025 unit is called before its name; people often leave it out.
_UNIT_WORDS = ("xã", "phường")

Ring = Sequence[Sequence[float]]  # [lon, lat] pairs, first == last or not: both work


@dataclass(frozen=True)
class Commune:
    """One 2025 commune or ward: its official code and name and its polygons.

    Each polygon is a list of rings, the outer ring first and its holes after it.
    """

    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point lies inside (a point exactly on the border may go either way)."""
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        return any(point_in_rings(lat, lon, rings) for rings in self.polygons)


def point_in_rings(lat: float, lon: float, rings: Sequence[Ring]) -> bool:
    """Even-odd rule over every ring of one polygon: inside the outer ring and in no hole."""
    inside = False
    for ring in rings:
        count = len(ring)
        for i in range(count):
            x1, y1 = ring[i - 1][0], ring[i - 1][1]
            x2, y2 = ring[i][0], ring[i][1]
            # The edge straddles the point's latitude (half-open, so a vertex counts once) and
            # crosses the eastward ray from the point.
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def commune_key(name: str) -> str:
    """``name`` reduced to what tells communes apart (see the module docstring)."""
    words = []
    for word in unicodedata.normalize("NFD", name.casefold()).split():
        tones = "".join(ch for ch in word if ch in _TONES)
        base = "".join(ch for ch in word if ch not in _TONES)
        words.append(unicodedata.normalize("NFC", base + tones))
    return " ".join(words)


@cache
def communes() -> tuple[Commune, ...]:
    """The shipped communes, read once."""
    path = Path(__file__).resolve().parent / "data" / "communes_2025.json"
    if not path.is_file():  # a source checkout or an editable install: data/ is at the top
        path = Path(__file__).resolve().parent.parent / "data" / "communes_2025.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for entry in document["communes"]:
        polygons = tuple(tuple(rings) for rings in entry["polygons"])
        points = [point for rings in polygons for point in rings[0]]
        lons = [point[0] for point in points]
        lats = [point[1] for point in points]
        bbox = (min(lons), min(lats), max(lons), max(lats))
        found.append(Commune(entry["code"], entry["name"], polygons, bbox))
    return tuple(found)


@cache
def _by_key() -> dict[str, Commune]:
    return {commune_key(commune.name): commune for commune in communes()}


def find_commune(name: str) -> Commune | None:
    """The commune an official 2025 name (with or without "Xã"/"Phường") denotes, if any."""
    key = commune_key(name)
    exact = _by_key().get(key)
    if exact is not None:
        return exact
    matches = [
        commune
        for full, commune in _by_key().items()
        if full.partition(" ")[0] in _UNIT_WORDS and full.partition(" ")[2] == key
    ]
    return matches[0] if len(matches) == 1 else None


def commune_at(lat: float, lon: float) -> Commune | None:
    """The 2025 commune the point lies in, or None outside the province."""
    return next((c for c in communes() if c.contains(lat, lon)), None)


def check_communes(catalog: Catalog) -> list[Problem]:
    """Warnings for sites whose ``commune_2025`` is no official 2025 name, or whose point lies
    outside the commune it names. Sites that name no commune are not checked."""
    problems = []
    for site in catalog.sites:
        if not site.commune_2025:
            continue
        problem = _site_problem(catalog, site)
        if problem is not None:
            problems.append(problem)
    return problems


def _closest(name: str) -> Commune | None:
    close = difflib.get_close_matches(commune_key(name), list(_by_key()), n=1, cutoff=0.8)
    return _by_key()[close[0]] if close else None


def _site_problem(catalog: Catalog, site: Site) -> Problem | None:
    named = find_commune(site.commune_2025)
    where = say("site '{id}'", id=site.id)
    if named is None:
        message = say("'{name}' is not the name of a 2025 commune or ward", name=site.commune_2025)
        # "Xã Vạn Phú (Ký Phú part)" names a commune and says more: suggest the commune.
        guess = find_commune(site.commune_2025.split("(")[0]) or _closest(site.commune_2025)
        if guess is not None:
            message = say("{message} (did you mean '{close}'?)", message=message, close=guess.name)
        actual = commune_at(site.lat, site.lon)
        if actual:
            message = say(
                "{message}; the point lies in {commune}", message=message, commune=actual.name
            )
        return Problem(catalog.path, site.line, where, "commune_2025", message, "warning")
    if named.contains(site.lat, site.lon):
        return None
    actual = commune_at(site.lat, site.lon)
    point = f"({site.lat}, {site.lon})"
    message = (
        say(
            "{point} lies in {commune}, not in {named} named by commune_2025",
            point=point,
            commune=actual.name,
            named=named.name,
        )
        if actual
        else say(
            "{point} lies outside every 2025 commune, not in {named} named by commune_2025",
            point=point,
            named=named.name,
        )
    )
    return Problem(catalog.path, site.line, where, "location", message, "warning")
