"""The HTML day sheet in real headless Chromium: it renders, prints a front page and then exactly
one A4 page per day (for the sample trip and for real plans of the shipped catalog), and shows
hostile catalog text as text.

Slow (each test starts a browser). Without Chromium they skip, naming it; with
TEATRIP_REQUIRE_ALL=1 (set by .ci/run, which installs the Debian package ``chromium``) they fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image
from pypdf import PdfReader

from teatrip import build_request, plan_trip
from teatrip.export import export_itinerary
from teatrip.i18n import gettext, language
from teatrip.models import Catalog, Itinerary
from tests.helpers.env import require_chromium

HOSTILE = '<script>alert(1)</script> & "Tea"'
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
)


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


Run = Callable[..., subprocess.CompletedProcess[bytes]]


@pytest.fixture
def run_chromium(chromium: str, tmp_path: Path) -> Run:
    def run(page: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
        profile = tmp_path / "profile"
        command = [chromium, *_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
        result = subprocess.run(command, capture_output=True, timeout=180, check=False)
        assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
        return result

    return run


def _write(tmp_path: Path, it: Itinerary, name: str, lang: str = "en") -> Path:
    page = tmp_path / name
    page.write_bytes(export_itinerary(it, "html", lang=lang))
    return page


def test_screenshot_is_not_blank(trip: Itinerary, tmp_path: Path, run_chromium: Run) -> None:
    page = _write(tmp_path, trip, "trip.html")
    shot = tmp_path / "shot.png"
    run_chromium(page, f"--screenshot={shot}", "--window-size=1200,1600")
    with Image.open(shot) as image:
        assert image.size == (1200, 1600)
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20)
    assert colours is not None
    assert len(colours) > 200, f"only {len(colours)} colours: the page looks blank"
    most = max(count for count, _ in colours)
    assert most < 0.8 * 1200 * 1600, "one colour covers most of the page"
    # the day's green heading and the map's red road line are drawn
    assert any(c[:3] == (0x1E, 0x7A, 0x3C) for _, c in colours)


def _print(
    run_chromium: Run, tmp_path: Path, it: Itinerary, name: str, lang: str = "en"
) -> list[str]:
    """Print the trip's sheet (in ``lang``) to PDF in Chromium; the text of each A4 page."""
    page = _write(tmp_path, it, f"{name}.html", lang)
    pdf = tmp_path / f"{name}.pdf"
    run_chromium(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    reader = PdfReader(pdf)
    for sheet in reader.pages:
        assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (
            595,
            842,
        )  # A4 in points
    return [sheet.extract_text() for sheet in reader.pages]


def _squeezed(text: str) -> str:
    # pypdf may join words at line ends and decompose accents: compare without spaces, in NFC.
    return unicodedata.normalize("NFC", re.sub(r"\s+", "", text))


def _day_pages(
    pages: list[str], days: int, *, more_notes: bool = False, lang: str = "en"
) -> dict[int, int]:
    """Each day's page; fails unless the front page(s) come first, then exactly one page per
    day, each holding its day's heading and its day's footer (so nothing spilled), then the
    "More notes" page(s) only when ``more_notes`` expects them."""
    with language(lang):
        heading_of = [_squeezed(gettext("Day {n}").format(n=n)) + "—" for n in range(days + 1)]
        footer_of = [
            _squeezed(gettext("Day {n} of {count}").format(n=n, count=days)) + "·"
            for n in range(days + 1)
        ]
        more_title = _squeezed(gettext("More notes"))
    squeezed = [_squeezed(text) for text in pages]
    first = [i for i, t in enumerate(squeezed) if heading_of[1] in t]
    assert first, "no day page"
    front = first[0]
    assert 1 <= front <= 2, f"{front} front pages"
    where: dict[int, int] = {}
    for number in range(1, days + 1):
        heading = [i for i, t in enumerate(squeezed) if heading_of[number] in t]
        footer = [i for i, t in enumerate(squeezed) if footer_of[number] in t]
        assert heading == footer == [front + number - 1], (
            f"day {number}: heading on pages {heading}, footer on {footer} "
            f"({len(pages)} pages, {front} front)"
        )
        where[number] = heading[0]
    after = squeezed[front + days :]
    if more_notes:
        assert after and after[0].startswith(more_title), "the notes that did not fit are lost"
    else:
        assert not after, f"{len(after)} pages after the last day"
    return where


def test_prints_front_page_then_one_a4_page_per_day(
    trip: Itinerary, tmp_path: Path, run_chromium: Run
) -> None:
    pages = _print(run_chromium, tmp_path, trip, "trip")
    assert len(pages) == 1 + len(trip.days)
    assert "Not in this trip" in pages[0]
    _day_pages(pages, len(trip.days))


# The shipped catalog's plans of 1, 3 and 7 days at every pace, and the festival week (an event
# stop and its venue note): every day must print on exactly one page, in both languages.
_REAL_PLANS = [
    (days, pace, start)
    for days in (1, 3, 7)
    for pace in ("relaxed", "normal", "packed")
    for start in ("2026-12-05",)
] + [(3, "packed", "2024-12-05"), (7, "packed", "2025-04-01")]


@pytest.mark.data
def test_real_plans_print_one_page_per_day(
    shipped: Catalog, tmp_path: Path, run_chromium: Run
) -> None:
    for days, pace, start in _REAL_PLANS:
        request = build_request(shipped, start=start, days=days, pace=pace)
        it = plan_trip(shipped, request, created=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
        for lang in ("vi", "en"):
            pages = _print(run_chromium, tmp_path, it, f"real-{days}-{pace}-{start}-{lang}", lang)
            _day_pages(pages, days, lang=lang)


def test_hostile_text_is_shown_as_text(
    hostile: Itinerary, tmp_path: Path, run_chromium: Run
) -> None:
    page = _write(tmp_path, hostile, "hostile.html")
    result = run_chromium(page, "--dump-dom")
    dom = result.stdout.decode("utf-8")
    assert "<section" in dom
    document = lxml_html.document_fromstring(dom)
    assert document.xpath("//script") == []
    assert document.xpath("//img") == []
    assert HOSTILE in document.text_content()
    assert '&lt;script&gt;alert(1)&lt;/script&gt; &amp; "Tea"' in dom
    _day_pages(_print(run_chromium, tmp_path, hostile, "hostile"), len(hostile.days))


def test_a_long_day_still_fits_one_page(trip: Itinerary, tmp_path: Path, run_chromium: Run) -> None:
    d1, d2, d3 = trip.days
    long_day = dataclasses.replace(
        d1,
        stops=d1.stops[:-1] + d2.stops[1:-1] + d1.stops[-1:],
        legs=d1.legs[:-1] + d2.legs[:4] + d1.legs[-1:],
    )
    assert len(long_day.stops) == 10
    pages = _print(
        run_chromium, tmp_path, dataclasses.replace(trip, days=(long_day, d2, d3)), "long"
    )
    _day_pages(pages, 3)


def test_a_crowded_day_keeps_its_page_and_moves_notes_to_the_end(
    trip: Itinerary, tmp_path: Path, run_chromium: Run
) -> None:
    d1, d2, d3 = trip.days
    note = "Ask at the gate for the guide who speaks English; the path is steep after rain. " * 2
    stops = d1.stops[:-1] + d2.stops[1:-1] + d3.stops[1:-1] + d1.stops[-1:]
    crowded = dataclasses.replace(
        d1,
        stops=tuple(dataclasses.replace(s, notes=(note, note, note)) for s in stops),
        legs=d1.legs[:-1] + d2.legs[:-1] + d3.legs[:-1] + d1.legs[-1:],
    )
    assert len(crowded.stops) == len(crowded.legs) + 1 == 12
    it = dataclasses.replace(trip, days=(crowded, d2, d3))
    pages = _print(run_chromium, tmp_path, it, "crowded")
    _day_pages(pages, 3, more_notes=True)
