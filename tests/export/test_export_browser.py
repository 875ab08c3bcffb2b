"""The HTML day sheet in real headless Chromium: it renders, prints one A4 page per day, and
shows hostile catalog text as text.

Slow (each test starts a browser). Without Chromium they skip, naming it; with
TEATRIP_REQUIRE_ALL=1 (set by .ci/run, which installs the Debian package ``chromium``) they fail.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from teatrip.export import export_itinerary
from teatrip.models import Itinerary
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


def _write(tmp_path: Path, it: Itinerary, name: str) -> Path:
    page = tmp_path / name
    page.write_bytes(export_itinerary(it, "html"))
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


def test_prints_one_a4_page_per_day(trip: Itinerary, tmp_path: Path, run_chromium: Run) -> None:
    page = _write(tmp_path, trip, "trip.html")
    pdf = tmp_path / "trip.pdf"
    run_chromium(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)
    assert len(pages) == len(trip.days), f"{len(pages)} pages for {len(trip.days)} days"
    boxes = {
        tuple(round(float(v)) for v in m)
        for m in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    }
    assert boxes == {(595, 842)}, boxes  # A4 in points


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


def test_a_long_day_still_fits_one_page(trip: Itinerary, tmp_path: Path, run_chromium: Run) -> None:
    d1, d2, d3 = trip.days
    long_day = dataclasses.replace(
        d1,
        stops=d1.stops[:-1] + d2.stops[1:-1] + d1.stops[-1:],
        legs=d1.legs[:-1] + d2.legs[:4] + d1.legs[-1:],
    )
    assert len(long_day.stops) == 10
    page = _write(tmp_path, dataclasses.replace(trip, days=(long_day, d2, d3)), "long.html")
    pdf = tmp_path / "long.pdf"
    run_chromium(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes())) == 3
