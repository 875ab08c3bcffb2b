"""Render the README's pictures of the printed sheet: the front page and day 1, in each language.

    python scripts/sheet_pngs.py          # writes docs/sheet-{front,day}-{vi,en}.png

The trip is the shipped catalog's 3-day plan from 6 December 2024 by motorbike (pace normal,
seed 1), exported as HTML, printed to A4 PDF by headless Chromium and turned into PNGs at 100 dpi
by ``pdftoppm`` (Debian's poppler-utils). It prints the number of pages of each PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from teatrip.catalog import load_catalog
from teatrip.export import export_itinerary
from teatrip.planner import plan_trip
from teatrip.request import build_request
from teatrip.roads import build_graph

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars")


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium or not shutil.which("pdftoppm"):
        print("needs chromium and pdftoppm (Debian: chromium, poppler-utils)", file=sys.stderr)
        return 1
    catalog = load_catalog()
    request = build_request(catalog, start="2024-12-06", days=3, mode="motorbike", seed=1)
    trip = plan_trip(catalog, request, graph=build_graph(catalog))
    with tempfile.TemporaryDirectory() as work:
        for lang in ("vi", "en"):
            page = Path(work) / f"sheet-{lang}.html"
            page.write_bytes(export_itinerary(trip, "html", lang=lang))
            pdf = Path(work) / f"sheet-{lang}.pdf"
            profile = Path(work) / f"profile-{lang}"
            subprocess.run(
                [
                    chromium,
                    *FLAGS,
                    f"--user-data-dir={profile}",
                    f"--print-to-pdf={pdf}",
                    "--no-pdf-header-footer",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            stem = Path(work) / f"page-{lang}"
            subprocess.run(["pdftoppm", "-png", "-r", "100", str(pdf), str(stem)], check=True)
            pages = sorted(Path(work).glob(f"page-{lang}-*.png"))
            print(f"{lang}: {len(pages)} pages (front page + {len(trip.days)} days)")
            shutil.copyfile(pages[0], DOCS / f"sheet-front-{lang}.png")
            shutil.copyfile(pages[1], DOCS / f"sheet-day-{lang}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
