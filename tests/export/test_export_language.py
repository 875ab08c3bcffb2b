"""Every export reads in the language asked for: no English of ours in a Vietnamese export, and no
Vietnamese of ours in an English one (the "leak" test of issue 12).

Plans of the shipped catalog (1, 3 and 7 days at every pace by motorbike, one by car, one on
foot) are exported in every format. From each file the text people read is taken (HTML text
nodes; ICS SUMMARY, DESCRIPTION, LOCATION and CATEGORIES; GPX and KML names, descriptions and
comments; GeoJSON's name, title, description, activity, notes and reason values; CSV cells except
ids, coordinates and times; all of the Markdown). Proper nouns are taken out (the catalog's
place, event, road and region names in both languages, URLs; numbers are never words). What is
left must not use a word of the other language's vocabulary (``tests/helpers/language.py``).

Two checks per language: our own words (labels, sentences, dates), with the text nobody can
translate yet set aside (a catalog's own text, and the planner's sentences while they are plain
``str`` rather than phrases); and the catalog's text, which reads in Vietnamese only once the
catalog has Vietnamese descriptions (``CATALOG_IN_BOTH_LANGUAGES`` turns that check on).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from lxml import etree
from lxml import html as lxml_html

from teatrip import build_request, plan_trip
from teatrip.export import export_itinerary
from teatrip.export.csv import COLUMNS
from teatrip.models import Catalog, Itinerary
from teatrip.phrases import Phrase, Words
from tests.helpers.language import catalog_names, english_words, leaks, vietnamese_words, words
from tests.helpers.language import without as without_names

#: Whether the shipped catalog has its texts in Vietnamese too (``description_vi``…); until it
#: has, a Vietnamese export shows the English descriptions and only our own words are checked.
CATALOG_IN_BOTH_LANGUAGES = True

FORMATS = ("ics", "gpx", "kml", "geojson", "csv", "md", "html")
_PLANS = [
    *((days, pace, "motorbike") for days in (1, 3, 7) for pace in ("relaxed", "normal", "packed")),
    (3, "normal", "car"),
    (1, "normal", "walk"),
]
# CSV columns that hold ids, coordinates, numbers and clock times rather than words.
_CSV_DATA = {"day", "date", "order", "site", "lat", "lon", "arrive", "start", "depart"}
_CSV_DATA |= {"visit_minutes", "wait_minutes", "leg_km", "leg_minutes", "fee_vnd"}
_GEOJSON_TEXT = ("name", "title", "description", "activity", "notes", "reason")


@pytest.fixture(scope="module")
def plans(shipped: Catalog) -> list[Itinerary]:
    created = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    return [
        plan_trip(
            shipped,
            build_request(shipped, start="2024-12-05", days=days, pace=pace, mode=mode),
            created=created,
        )
        for days, pace, mode in _PLANS
    ]


# ------------------------------------------------------------------------------ reading text


def _html_text(data: bytes) -> Iterator[str]:
    document = lxml_html.document_fromstring(data)
    for bad in document.xpath("//style|//script"):
        bad.getparent().remove(bad)
    yield from document.xpath("//body//text()")
    yield from document.xpath("//title/text()|//@aria-label")


def _ics_text(data: bytes) -> Iterator[str]:
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    yield str(calendar.get("X-WR-CALNAME", ""))
    for event in calendar.walk("VEVENT"):
        for key in ("SUMMARY", "DESCRIPTION", "LOCATION"):
            yield str(event.get(key, ""))
        yield from (str(c) for c in event.get("CATEGORIES").cats)


def _gpx_text(data: bytes) -> Iterator[str | None]:
    import gpxpy

    gpx = gpxpy.parse(data.decode("utf-8"))
    yield from (gpx.name or "", gpx.description or "")
    for waypoint in gpx.waypoints:
        yield from (waypoint.name, waypoint.description, waypoint.comment)
        yield from (waypoint.type, waypoint.source)
    for route in gpx.routes:
        yield from (route.name or "", route.description or "")
        yield from (text for p in route.points for text in (p.name, p.comment, p.type))
    for track in gpx.tracks:
        yield from (track.name or "", track.description or "")


def _kml_text(data: bytes) -> Iterator[str]:
    root = etree.fromstring(data)
    for element in root.iter("{*}name", "{*}description"):
        text = element.text or ""
        # descriptions are HTML (escaped once more by XML): read them as a browser would
        yield (
            " ".join(lxml_html.fragment_fromstring(text, create_parent="div").itertext())
            if (text.strip())
            else ""
        )


def _geojson_text(data: bytes) -> Iterator[str]:
    collection = json.loads(data)
    yield collection["name"]
    for feature in collection["features"]:
        for key in _GEOJSON_TEXT:
            value: Any = feature["properties"].get(key)
            yield from (value if isinstance(value, list) else [value or ""])


def _csv_text(data: bytes) -> Iterator[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    yield from rows[0]  # the header is read by people too
    kept = [i for i, column in enumerate(COLUMNS) if column not in _CSV_DATA]
    for row in rows[1:]:
        yield from (row[i] for i in kept)


def _md_text(data: bytes) -> Iterator[str]:
    text = data.decode("utf-8").replace("<br>", " ")
    text = re.sub(r"`[^`]*`", " ", text)  # code spans hold ids (`lau-sau-relic`), not words
    yield html.unescape(re.sub(r"\\(.)", r"\1", text))  # Markdown's escapes undone


_READERS = {
    "html": _html_text,
    "ics": _ics_text,
    "gpx": _gpx_text,
    "kml": _kml_text,
    "geojson": _geojson_text,
    "csv": _csv_text,
    "md": _md_text,
}


# ------------------------------------------------------------------------------ what is set aside


def _untranslated(it: Itinerary) -> tuple[list[str], set[str]]:
    """What nobody can put in another language yet: (the planner's plain-``str`` sentences,
    taken out whole; the words of the catalog's own text, which the sheet may shorten)."""
    sentences: list[str] = [w for w in it.warnings if not isinstance(w, Phrase)]
    sentences += [s.reason for s in it.skipped if not isinstance(s.reason, Phrase)]
    catalog: set[str] = set()
    for day in it.days:
        sentences += [w for w in day.warnings if not isinstance(w, Phrase)]
        for stop in day.stops:
            sentences += [n for n in stop.notes if not isinstance(n, Phrase)]
            if stop.kind.value in ("start", "end", "lunch"):
                if not isinstance(stop.activity, Phrase):
                    sentences.append(stop.activity)  # the planner's "Leave X", "Lunch at X"
            elif not isinstance(stop.activity, Phrase):
                catalog |= words(stop.activity)  # the site's description
            else:  # the catalog's text in both languages (formatting.catalog_text)
                for _name, fact in stop.activity.facts:
                    if isinstance(fact, Words):
                        catalog |= words(fact.vi) | words(fact.en)
            catalog |= words(stop.contact) | words(stop.booking)
    return sentences, catalog


def _texts(it: Itinerary, fmt: str, lang: str) -> list[str]:
    read: Callable[[bytes], Iterator[str | None]] = _READERS[fmt]
    return [t for t in read(export_itinerary(it, fmt, lang=lang)) if t]


def _found(
    plans: list[Itinerary], shipped: Catalog, lang: str, *, own_words_only: bool
) -> dict[str, dict[str, list[str]]]:
    """{format: {leaked word: [where it was read, …]}} for all the plans in ``lang``."""
    forbidden = english_words() if lang == "vi" else vietnamese_words()
    names = catalog_names(shipped)
    found: dict[str, dict[str, list[str]]] = {}
    for it in plans:
        sentences, catalog_words = _untranslated(it)
        for fmt in FORMATS:
            for text in _texts(it, fmt, lang):
                # the planner's sentences hold names: take them out first, whole
                clean = without_names(text, sentences) if own_words_only else text
                clean = without_names(clean, names)
                leaked = leaks(clean, forbidden) - (catalog_words if own_words_only else set())
                for word in leaked:
                    found.setdefault(fmt, {}).setdefault(word, []).append(text[:120])
    return found


def _report(found: dict[str, dict[str, list[str]]]) -> str:
    return "\n".join(
        f"{fmt}: {word!r} in {places[0]!r} (+{len(places) - 1})"
        for fmt, words_ in sorted(found.items())
        for word, places in sorted(words_.items())
    )


_LANGUAGES = (("vi", "English"), ("en", "Vietnamese"))


@pytest.mark.data
@pytest.mark.slow
def test_our_words_are_in_the_language_asked_for(plans: list[Itinerary], shipped: Catalog) -> None:
    for lang, other in _LANGUAGES:
        found = _found(plans, shipped, lang, own_words_only=True)
        assert not found, f"{other} words of ours in the {lang} exports:\n{_report(found)}"


@pytest.mark.data
@pytest.mark.slow
def test_the_catalog_s_text_is_in_the_language_asked_for(
    plans: list[Itinerary], shipped: Catalog
) -> None:
    """Vietnamese exports hold no English word at all, the catalog's text included. English
    catalog text quotes Vietnamese terms and names ("tứ đại danh trà", "hang Sáng") on purpose,
    so for English the check is that none of the catalog's Vietnamese texts is shown."""
    if not CATALOG_IN_BOTH_LANGUAGES:
        pytest.skip("the shipped catalog has no Vietnamese descriptions yet (description_vi)")
    found = _found(plans, shipped, "vi", own_words_only=False)
    assert not found, f"English words in the vi exports:\n{_report(found)}"
    names = catalog_names(shipped)
    vietnamese_texts = [
        " ".join(without_names(text, names).split())[:40]
        for site in shipped.sites
        for text in (
            site.description_vi,
            site.notes_vi,
            site.season.note_vi if site.season else "",
        )
        if text.strip()
    ] + [
        " ".join(without_names(e.description_vi, names).split())[:40]
        for e in shipped.events
        if e.description_vi
    ]
    shown: list[str] = []
    for it in plans:
        for fmt in FORMATS:
            for text in _texts(it, fmt, "en"):
                flat = " ".join(text.split())
                shown += [f"{fmt}: {t!r}" for t in vietnamese_texts if t in flat]
    assert not shown, "Vietnamese catalog text in the en exports:\n" + "\n".join(shown[:20])


def test_the_vocabularies_are_told_apart() -> None:
    """The word sets the leak test relies on: our common English and Vietnamese words are in
    them, and no word is in both."""
    english, vietnamese = english_words(), vietnamese_words()
    assert {"leave", "lunch", "visit", "fee", "estimated"} <= english
    assert {"ngày", "phút", "điểm", "giờ"} <= vietnamese
    assert not english & vietnamese


def _trip_names(it: Itinerary) -> list[str]:
    """The proper nouns of a trip without its catalog: places, events, roads, region, zone."""
    names = [it.region, it.timezone, *(s.name for s in it.skipped)]
    for day in it.days:
        for stop in day.stops:
            names += [stop.name, stop.name_en, stop.commune]
            names += [n[len("event: ") :] for n in stop.notes if n.startswith("event: ")]
        names += [stretch.road for leg in day.legs for stretch in leg.roads]
    names += [name.split(" (")[0] for name in names]
    return [name for name in names if name.strip()]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_sample_trip_reads_in_one_language(trip: Itinerary, lang: str) -> None:
    """The leak test's check of our own words on the small sample trip, in every format."""
    forbidden = english_words() if lang == "vi" else vietnamese_words()
    sentences, catalog_words = _untranslated(trip)
    found: dict[str, set[str]] = {}
    for fmt in FORMATS:
        for text in _texts(trip, fmt, lang):
            clean = without_names(without_names(text, sentences), _trip_names(trip))
            if leaked := leaks(clean, forbidden) - catalog_words:
                found.setdefault(fmt, set()).update(leaked)
    assert not found


def test_lang_words_one_export_and_leaves_the_language_as_it_was(trip: Itinerary) -> None:
    from teatrip.i18n import current

    sheet = export_itinerary(trip, "html", lang="vi").decode("utf-8")
    assert '<html lang="vi">' in sheet and "Ngày 1 — Thứ Năm, 05/12/2024" in sheet
    assert current() == "en"
    assert export_itinerary(trip, "html", lang="en") == export_itinerary(trip, "html")
    assert '<html lang="en">' in export_itinerary(trip, "html").decode("utf-8")
    header = export_itinerary(trip, "csv", lang="vi").decode("utf-8").splitlines()[0]
    assert header.split(",")[:3] == ["ngày", "ngày tháng", "thứ tự"]
    assert export_itinerary(trip, "csv").decode("utf-8").splitlines()[0] == ",".join(COLUMNS)
