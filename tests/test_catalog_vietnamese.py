"""The catalog's own words in Vietnamese beside the English ones (issue 12).

Each free text (a site's description and notes, its season, fee and hours notes, an event's
description, the region's name) may have a ``_vi`` twin; the reader returns it, checks it like its
English sibling, and the shipped catalog gives one for every English text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teatrip.catalog import load_catalog
from teatrip.models import Catalog
from tests.helpers.catalogs import edited_catalog, the_one_located_error

# Line numbers matter: the expectations below name them.
BILINGUAL = """\
version: 1
region:
  name: Valley
  name_vi: Thung lũng
  timezone: Asia/Ho_Chi_Minh
  centre: {lat: 21.55, lon: 105.80}
sites:
  - id: tea
    name: Đồi chè
    name_en: Tea hill
    kind: tea-area
    location: {lat: 21.52, lon: 105.79, precision: estimated, source: test}
    visit: 60
    hours:
      status: estimated
      daily: ["07:00-17:00"]
      note: "estimate: visited in daylight"
      note_vi: "ước tính: tham quan ban ngày"
    season:
      best_months: [5, 6]
      note: "picking season"
      note_vi: "mùa hái chè"
    fee:
      adult_vnd: 20000
      note: "from a travel site"
      note_vi: "theo một trang du lịch"
    score: 5
    description: "Walk the tea hills."
    description_vi: "Dạo quanh đồi chè."
    notes: "Coordinates are estimated."
    notes_vi: "Tọa độ là ước tính."
events:
  - id: fair
    name: Hội chè
    site: tea
    dates: ["2025-03-01..2025-03-02"]
    description: "A tea fair."
    description_vi: "Một hội chợ chè."
"""


def catalog_file(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    return edited_catalog(tmp_path, BILINGUAL, *replacements)


def test_the_reader_returns_every_vietnamese_text_beside_its_english(tmp_path: Path) -> None:
    catalog = load_catalog(catalog_file(tmp_path))
    assert (catalog.region.name, catalog.region.name_vi) == ("Valley", "Thung lũng")
    site = catalog.site("tea")
    assert site.description_vi == "Dạo quanh đồi chè."
    assert site.notes_vi == "Tọa độ là ước tính."
    assert site.hours.note_vi == "ước tính: tham quan ban ngày"
    assert site.season is not None and site.season.note_vi == "mùa hái chè"
    assert site.fee is not None and site.fee.note_vi == "theo một trang du lịch"
    assert catalog.events[0].description_vi == "Một hội chợ chè."
    # the English stays where it was
    assert (site.description, site.hours.note, catalog.events[0].description) == (
        "Walk the tea hills.",
        "estimate: visited in daylight",
        "A tea fair.",
    )


def test_vietnamese_texts_are_optional(tmp_path: Path) -> None:
    path = catalog_file(
        tmp_path,
        ("  name_vi: Thung lũng\n", ""),
        ('    description_vi: "Dạo quanh đồi chè."\n', ""),
        ('      note_vi: "mùa hái chè"\n', ""),
    )
    catalog = load_catalog(path)
    assert catalog.region.name_vi == ""
    assert catalog.site("tea").description_vi == ""
    assert catalog.site("tea").season is not None
    assert catalog.site("tea").season.note_vi == ""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "name_vi: Thung lũng",
            "name_vi: [a, b]",
            r":4: region: name_vi: must be text, got a list",
        ),
        (
            'note_vi: "ước tính: tham quan ban ngày"',
            "note_vi: {a: 1}",
            r":18: site 'tea': hours.note_vi: must be text, got a mapping",
        ),
        (
            'note_vi: "mùa hái chè"',
            "note_vi: true",
            r":22: site 'tea': season.note_vi: must be text, got true",
        ),
        (
            'note_vi: "theo một trang du lịch"',
            "note_vi: [x]",
            r":26: site 'tea': fee.note_vi: must be text, got a list",
        ),
        (
            'description_vi: "Dạo quanh đồi chè."',
            "description_vi: [x]",
            r":29: site 'tea': description_vi: must be text, got a list",
        ),
        (
            'notes_vi: "Tọa độ là ước tính."',
            "notes_vi: {x: 1}",
            r":31: site 'tea': notes_vi: must be text, got a mapping",
        ),
        (
            'description_vi: "Một hội chợ chè."',
            "description_vi: false",
            r":38: event 'fair': description_vi: must be text, got false",
        ),
        # a misspelt key is still refused, not taken for a translation
        (
            'notes_vi: "Tọa độ là ước tính."',
            'note_vi: "Tọa độ là ước tính."',
            r":31: site 'tea': note_vi: unknown field",
        ),
        (
            'description_vi: "Một hội chợ chè."',
            'description_vn: "Một hội chợ chè."',
            r":38: event 'fair': description_vn: unknown field",
        ),
    ],
)
def test_a_wrong_vietnamese_text_is_one_located_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    error = the_one_located_error(catalog_file(tmp_path, (old, new)))
    assert re.search(expected, error), error


# Letters only Vietnamese writes among the languages a catalog is likely to be in: a crude check
# that a text is Vietnamese and keeps its diacritics (not English copied, nor ASCII-folded).
_VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)


def _english_and_vietnamese(catalog: Catalog) -> list[tuple[str, str, str]]:
    """(where, English, Vietnamese) for every free text of the catalog."""
    pairs = [("region: name", catalog.region.name, catalog.region.name_vi)]
    for site in catalog.sites:
        who = f"site {site.id!r}"
        pairs += [
            (f"{who}: description", site.description, site.description_vi),
            (f"{who}: notes", site.notes, site.notes_vi),
            (f"{who}: hours.note", site.hours.note, site.hours.note_vi),
        ]
        if site.season is not None:
            pairs.append((f"{who}: season.note", site.season.note, site.season.note_vi))
        if site.fee is not None:
            pairs.append((f"{who}: fee.note", site.fee.note, site.fee.note_vi))
    for event in catalog.events:
        pairs.append((f"event {event.id!r}: description", event.description, event.description_vi))
    return pairs


@pytest.mark.data
def test_every_shipped_english_text_has_a_vietnamese_one(shipped: Catalog) -> None:
    pairs = _english_and_vietnamese(shipped)
    missing = [where for where, english, vietnamese in pairs if english and not vietnamese]
    assert not missing, f"no Vietnamese for: {missing}"
    orphans = [where for where, english, vietnamese in pairs if vietnamese and not english]
    assert not orphans, f"Vietnamese without English for: {orphans}"
    not_vietnamese = [
        where for where, _, vietnamese in pairs if vietnamese and not _VIETNAMESE.search(vietnamese)
    ]
    assert not not_vietnamese, f"no Vietnamese diacritics in: {not_vietnamese}"
    copied = [where for where, english, vietnamese in pairs if english and english == vietnamese]
    assert not copied, f"the English copied as the Vietnamese in: {copied}"
