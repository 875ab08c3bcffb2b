"""Errors in the reader's language: catalog problems, files that cannot be read and site names
that match nothing read in Vietnamese with ``--lang vi``, still naming the file, line and field,
and in English exactly as before."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from teatrip.catalog import load_catalog, validate_catalog
from teatrip.errors import CatalogError
from teatrip.i18n import language
from teatrip.itinerary_io import itinerary_to_dict
from teatrip.models import Catalog
from tests.conftest import Invoke
from tests.helpers.catalogs import tea_region, write_catalog
from tests.helpers.language import catalog_names, english_words, leaks, without
from tests.helpers.trips import sample_itinerary

# One site of each kind of problem, found by the id or field it names.
BROKEN_LINES = {
    "score": "điểm 'thai-nguyen-centre': score: phải là số nguyên chứ không phải văn bản 'high'",
    "vist": "điểm 'pho-yen': vist: trường không xác định (có phải ý bạn là 'visit'?)",
    "closes": "điểm 'tan-cuong': hours.daily: 17:00-07:00 đóng cửa (07:00) trước giờ mở cửa",
    "clock": "điểm 'tan-cuong': hours.daily: cần viết HH:MM, không phải '7h'",
    "name_en": "điểm 'tan-cuong-tea-space': name_en: thiếu trường bắt buộc",
    "road": "via: không có điểm hay điểm trung gian nào có id 'nowhere-hill'",
}
ENGLISH_LINES = {
    "score": "site 'thai-nguyen-centre': score: must be a whole number, got text 'high'",
    "vist": "site 'pho-yen': vist: unknown field (did you mean 'visit'?)",
    "closes": "site 'tan-cuong': hours.daily: 17:00-07:00 closes (07:00) before it opens (17:00)",
    "clock": "site 'tan-cuong': hours.daily: expected HH:MM, got '7h'",
    "name_en": "site 'tan-cuong-tea-space': name_en: missing required field",
    "road": "via: unknown site or waypoint id 'nowhere-hill'",
}
PATH = re.compile(r"\S*/\S*")
# Words of the YAML format a message quotes as the reader must type them.
YAML_WORDS = ("daily",)
LOCATED = re.compile(r"^(?:teatrip: )?\S+\.yaml:\d+(?::\d+)?: ")


def _broken(tmp_path: Path) -> Path:
    """The test region with a wrong type, an unknown key, bad hours, a missing required field,
    an unknown value and a road through a site nobody declared."""
    doc: dict[str, Any] = tea_region()
    sites = {site["id"]: site for site in doc["sites"]}
    sites["thai-nguyen-centre"]["score"] = "high"
    sites["pho-yen"]["vist"] = 90
    sites["tan-cuong"]["hours"] = {"status": "estimated", "daily": ["17:00-07:00", "7h-9h"]}
    del sites["tan-cuong-tea-space"]["name_en"]
    doc["roads"][0]["via"] = [doc["roads"][0]["via"][0], "nowhere-hill"]
    return write_catalog(tmp_path / "broken.yaml", doc)


@pytest.fixture
def names(region: Catalog) -> list[str]:
    """The test region's place names, which read the same in both languages."""
    return catalog_names(region)


def _our_english(text: str, names: list[str]) -> set[str]:
    """English words of our messages in ``text``, once what the reader typed or the catalog says
    is taken out: paths, quoted values and ids, the YAML or JSON keys of ``FILE:LINE: FIELD:``
    and the test region's place names."""
    text = PATH.sub(" ", text)
    text = re.sub(r"'[^']*'|`[^`]*`|\b[a-z0-9]+(?:-[a-z0-9]+)+\b", " ", text)
    text = re.sub(r"\b[a-z_0-9]+(?:\[\d+\])*(?:\.[a-z_0-9]+(?:\[\d+\])*)*: ", " ", text)
    return leaks(without(text, [*names, *YAML_WORDS]), english_words())


def test_catalog_problems_read_in_vietnamese_with_file_line_and_field(
    cli: Invoke, names: list[str], tmp_path: Path
) -> None:
    result = cli("--lang", "vi", "validate", str(_broken(tmp_path)))
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    for expected in BROKEN_LINES.values():
        assert any(expected in line for line in lines), (expected, result.stderr)
    problems = [line for line in lines if LOCATED.match(line)]
    assert len(problems) >= len(BROKEN_LINES)
    assert lines[-1].endswith("lỗi; không dùng được danh mục này")
    assert not _our_english(result.stderr, names), result.stderr


def test_a_command_on_a_broken_catalog_says_its_problems_in_vietnamese(
    cli: Invoke, names: list[str], tmp_path: Path
) -> None:
    result = cli("--lang", "vi", "sites", "list", "--catalog", str(_broken(tmp_path)))
    assert result.exit_code == 2, result.output
    assert all(line.startswith("teatrip: ") for line in result.stderr.splitlines())
    assert BROKEN_LINES["vist"] in result.stderr
    assert not _our_english(result.stderr, names), result.stderr


def test_catalog_problems_in_english_are_unchanged(
    cli: Invoke, names: list[str], tmp_path: Path
) -> None:
    result = cli("--lang", "en", "validate", str(_broken(tmp_path)))
    assert result.exit_code == 2
    for expected in ENGLISH_LINES.values():
        assert expected in result.stderr, (expected, result.stderr)
    # The leak check sees English: the Vietnamese tests' silence means something.
    assert {"unknown", "field", "missing", "required"} <= _our_english(result.stderr, names)


def test_a_problem_is_english_as_text_and_worded_in_the_language_in_use(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(_broken(tmp_path))
    with language("vi"):
        vietnamese = caught.value.worded()
        english = str(caught.value)  # the exception's own text stays English in any language
    assert ENGLISH_LINES["vist"] in english and BROKEN_LINES["vist"] in vietnamese
    assert [str(p) for p in caught.value.problems] == english.splitlines()


@pytest.mark.parametrize(
    ("text", "vietnamese", "english"),
    [
        (
            "region:\n  name: x\nsites: [a, b\n",
            ":4:1: không phải YAML hợp lệ: không thấy dấu ',' hoặc ']' cần có "
            "(khi đọc một danh sách trong ngoặc vuông ở dòng 3)",
            ":4:1: is not valid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence at line 3)",
        ),
        (
            "region: {name: x\n",
            ":2:1: không phải YAML hợp lệ: không thấy dấu ',' hoặc '}' cần có",
            ":2:1: is not valid YAML: did not find expected ',' or '}'",
        ),
        (
            "a: 1\na: 2\n",
            ":2: khoá 'a' bị trùng",
            ":2: duplicate key 'a' (the file gives it twice)",
        ),
        ("", ": tệp trống; một danh mục cần ít nhất `region` và `sites`", ": file is empty"),
        ("[1, 2]\n", ":1: không phải danh mục", ":1: is not a catalog"),
    ],
)
def test_yaml_that_cannot_be_read_says_why_in_vietnamese(
    cli: Invoke, names: list[str], tmp_path: Path, text: str, vietnamese: str, english: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    vi = cli("--lang", "vi", "validate", str(path))
    en = cli("--lang", "en", "validate", str(path))
    assert vi.exit_code == en.exit_code == 2
    assert f"bad.yaml{vietnamese}" in vi.stderr, vi.stderr
    assert f"bad.yaml{english}" in en.stderr, en.stderr
    assert not _our_english(vi.stderr, names), vi.stderr


@pytest.mark.parametrize(
    ("make", "vietnamese", "english"),
    [
        (lambda tmp: tmp / "missing.yaml", "không có tệp này", "no such file"),
        (lambda tmp: tmp, "là thư mục, không phải tệp", "is a directory, not a file"),
    ],
)
def test_a_file_that_cannot_be_read_says_why_in_vietnamese(
    cli: Invoke, names: list[str], tmp_path: Path, make: Any, vietnamese: str, english: str
) -> None:
    path = make(tmp_path)
    vi = cli("--lang", "vi", "validate", str(path))
    en = cli("--lang", "en", "validate", str(path))
    assert vi.exit_code == en.exit_code == 2
    assert f"{path}: {vietnamese}\n" in vi.stderr, vi.stderr
    assert f"{path}: {english}\n" in en.stderr, en.stderr
    assert not _our_english(vi.stderr, names), vi.stderr


def test_an_unknown_site_is_reported_in_vietnamese(cli: Invoke, names: list[str]) -> None:
    vi = cli("--lang", "vi", "route", "nowhere", "tan-cuong")
    en = cli("--lang", "en", "route", "nowhere", "tan-cuong")
    assert vi.exit_code == en.exit_code == 2
    assert "không có điểm nào tên 'nowhere' trong" in vi.stderr, vi.stderr
    assert "(`teatrip sites list` liệt kê tất cả)" in vi.stderr
    assert "no site called 'nowhere' in" in en.stderr
    assert "(`teatrip sites list` shows them all)" in en.stderr
    assert not _our_english(vi.stderr, names), vi.stderr


def test_did_you_mean_is_asked_in_vietnamese(cli: Invoke, names: list[str]) -> None:
    vi = cli("--lang", "vi", "sites", "show", "tan-cuongg")
    en = cli("--lang", "en", "sites", "show", "tan-cuongg")
    assert vi.exit_code == en.exit_code == 2
    assert "Có phải ý bạn là: tan-cuong" in vi.stderr, vi.stderr
    assert "Did you mean: tan-cuong" in en.stderr
    assert not _our_english(vi.stderr, names), vi.stderr


def test_several_matches_are_listed_in_vietnamese(cli: Invoke, names: list[str]) -> None:
    vi = cli("--lang", "vi", "sites", "show", "tan")
    assert vi.exit_code == 2
    assert re.search(r"'tan' khớp với \d+ điểm: .*\. Hãy dùng id\.", vi.stderr), vi.stderr
    assert not _our_english(vi.stderr, names), vi.stderr


def test_a_distance_is_refused_in_vietnamese(cli: Invoke) -> None:
    near = ("sites", "list", "--near", "tan-cuong", "--within")
    vi = cli("--lang", "vi", *near, "far")
    assert vi.exit_code == 2
    assert "--within: cần một khoảng cách như 2km hay 500m, không phải 'far'" in vi.stderr
    assert "Trái Đất" in cli("--lang", "vi", *near, "99999999km").stderr
    en = cli("--lang", "en", *near, "far")
    assert "--within: expected a distance such as 2km or 500m, got 'far'" in en.stderr


def test_a_warning_is_tagged_in_the_language_in_use(tmp_path: Path) -> None:
    doc: dict[str, Any] = tea_region()
    doc["sites"][0]["location"]["lat"] = 23.9  # far outside the region's radius: a warning
    path = write_catalog(tmp_path / "far.yaml", doc)
    warning = validate_catalog(path).warnings[0]
    with language("vi"):
        assert ": cảnh báo: cách tâm vùng " in warning.worded()
        assert ": warning: is " in str(warning)


def test_a_broken_saved_trip_says_what_is_wrong_in_vietnamese(
    cli: Invoke, names: list[str], tmp_path: Path
) -> None:
    trip = itinerary_to_dict(sample_itinerary())
    trip["days"][0]["date"] = "5 Dec"
    trip["days"][0]["stops"][0]["lat"] = 123.0
    trip["timezone"] = "Mars/Base"
    path = tmp_path / "trip.json"
    path.write_text(json.dumps(trip), encoding="utf-8")
    vi = cli("--lang", "vi", "export", str(path), "--to", "ics")
    en = cli("--lang", "en", "export", str(path), "--to", "ics")
    assert vi.exit_code == en.exit_code == 2
    assert "days[0].date: cần một ngày dạng YYYY-MM-DD, không phải '5 Dec'" in vi.stderr
    assert "days[0].date: expected a date YYYY-MM-DD, got '5 Dec'" in en.stderr
    assert "timezone: múi giờ IANA 'Mars/Base' không xác định" in vi.stderr, vi.stderr
    assert "vĩ độ 123.0 nằm ngoài -90..90" in vi.stderr
    assert not _our_english(vi.stderr, names), vi.stderr
