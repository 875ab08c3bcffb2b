"""The terminal in the reader's language: ``--lang``, the environment's locale, help and usage
errors, and views with none of the other language's words from our messages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from rich.cells import cell_len

from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "teatrip" / "locale" / "vi"
AREAS = ("render", "cli", "common")
PLAN = ("plan", "--start", "2024-12-05", "--days", "2", "--from", "thai-nguyen-centre")
WORD = re.compile(r"[^\W\d_]{2,}")
FIELD = re.compile(r"\{[^{}]*\}")
# Words that read the same in both languages' messages: units, formats, codes.
SHARED = {"km", "ics", "gpx", "kml", "csv", "md", "html", "json", "yaml", "vi", "en", "eta"}


def _words(texts: Iterable[str]) -> set[str]:
    return {w.lower() for text in texts for w in WORD.findall(FIELD.sub(" ", text))}


@cache
def _messages() -> tuple[set[str], set[str]]:
    """(English words of our msgids, Vietnamese words of their translations), each without the
    words the other language's messages also use (option names, formats, codes)."""
    ids: list[str] = []
    strs: list[str] = []
    for area in AREAS:
        with (PO / f"{area}.po").open("rb") as handle:
            for message in read_po(handle, locale="vi"):
                if not message.id:
                    continue
                ids += [message.id] if isinstance(message.id, str) else list(message.id)
                strs += [message.string] if isinstance(message.string, str) else message.string
    english, vietnamese = _words(ids), _words(strs)
    return english - vietnamese - SHARED, vietnamese - english - SHARED


def _strings(data: object, keys: frozenset[str]) -> Iterator[str]:
    """Every string under one of ``keys`` in a JSON document (names, catalog and planner text)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys:
                yield from _all_strings(value)
            else:
                yield from _strings(value, keys)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item, keys)


def _all_strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict | list):
        for item in data.values() if isinstance(data, dict) else data:
            yield from _all_strings(item)


# Place names and the catalog's own words (a test catalog's text may be English only): words
# found there are not counted as ours. The planner's sentences are translated, so they count.
FOREIGN = frozenset(
    {"region", "name", "name_en", "activity", "contact", "booking", "roads", "timezone"}
)


@pytest.fixture(scope="module")
def plan_text(region_path: Path) -> dict[str, str]:
    """The same plan as JSON, and as the terminal shows it in each language (80 columns)."""
    from typer.testing import CliRunner

    from teatrip.cli import app

    env = {"COLUMNS": "80", "TEATRIP_CATALOG": str(region_path), "TEATRIP_LANG": "en"}
    out: dict[str, str] = {}
    for name, extra in {
        "json": ("--format", "json"),
        "en": ("--lang", "en"),
        "vi": ("--lang", "vi"),
        "vi-detail": ("--lang", "vi", "--detail"),
        "en-detail": ("--lang", "en", "--detail"),
    }.items():
        result = CliRunner().invoke(app, [*PLAN, *extra], env=env)
        assert result.exit_code == 0, result.output
        out[name] = result.stdout
    return out


def _foreign(plan_json: str) -> set[str]:
    return _words(_strings(json.loads(plan_json), FOREIGN))


@pytest.mark.parametrize("view", ["vi", "vi-detail"])
def test_vietnamese_plan_has_no_english_words_of_ours(plan_text: dict[str, str], view: str) -> None:
    text = plan_text[view]
    assert "Ngày 1 · Thứ Năm, 05/12/2024" in text and "Ngày 2" in text
    assert "Cả chuyến:" in text and "khởi hành" in text and "về đến" in text
    english, _ = _messages()
    leaked = (_words([text]) & english) - _foreign(plan_text["json"])
    assert not leaked, sorted(leaked)


@pytest.mark.parametrize("view", ["en", "en-detail"])
def test_english_plan_has_no_vietnamese_words_of_ours(plan_text: dict[str, str], view: str) -> None:
    text = plan_text[view]
    assert "Day 1 · Thu 05 Dec 2024" in text and "Whole trip:" in text
    _, vietnamese = _messages()
    leaked = (_words([text]) & vietnamese) - _foreign(plan_text["json"])
    assert not leaked, sorted(leaked)


@pytest.mark.parametrize("view", ["en", "vi"])
def test_compact_plan_fits_80_columns_in_both_languages(
    plan_text: dict[str, str], view: str
) -> None:
    lines = plan_text[view].splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    heads = [i for i, line in enumerate(lines) if line.startswith(("Day ", "Ngày "))]
    ends = [*heads[1:], next(i for i, line in enumerate(lines) if line.startswith(("Whole", "Cả")))]
    assert all(end - head < 60 for head, end in zip(heads, ends, strict=True))


def test_vietnamese_names_in_vietnamese_english_names_in_english(
    plan_text: dict[str, str],
) -> None:
    assert "Thái Nguyên centre" in plan_text["en"] and "Thái Nguyên centre" not in plan_text["vi"]
    assert "Trung tâm Thái Nguyên" in plan_text["vi"]


def test_root_option_and_environment_choose_the_language(cli: Invoke) -> None:
    root = cli("--lang", "vi", *PLAN)
    assert root.exit_code == 0, root.output
    assert "Ngày 1" in root.stdout
    for environ in (
        {"TEATRIP_LANG": None, "LANG": "vi_VN.UTF-8", "LC_ALL": None, "LANGUAGE": None},
        {"TEATRIP_LANG": "vi"},
    ):
        result = cli(*PLAN, env=environ)
        assert result.exit_code == 0, result.output
        assert "Ngày 1" in result.stdout and "Day 1" not in result.stdout
    english = cli(*PLAN, "--lang", "en", env={"TEATRIP_LANG": "vi"})  # the option wins
    assert "Day 1" in english.stdout


@pytest.mark.parametrize("args", [("plan", "--lang", "xx"), ("--lang=fr", "sites", "list")])
def test_an_unknown_language_is_one_line_and_exit_2(cli: Invoke, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "--lang" in result.output
    assert "vi or en" in result.output


def test_help_in_vietnamese(cli: Invoke) -> None:
    for result in (
        cli("plan", "--lang", "vi", "--help"),
        cli("plan", "--help", env={"TEATRIP_LANG": None, "LC_ALL": None, "LANG": "vi_VN.UTF-8"}),
    ):
        assert result.exit_code == 0, result.output
        text = result.stdout
        assert text.startswith("Cách dùng: teatrip plan [TÙY_CHỌN]")
        assert "Tùy chọn:" in text and "Hiện hướng dẫn này rồi thoát." in text
        assert "Số ngày, từ 1 đến 30." in text and "[mặc định: 1]" in text
        assert "--lang vi|en" in text
        for english in ("Usage:", "Options:", "Show this message", "default:", "Number of days"):
            assert english not in text
    top = cli("--lang", "vi", "--help")
    assert "Lệnh:" in top.stdout and "Lên lịch trình nhiều ngày" in top.stdout
    assert cli("plan", "--help").stdout.startswith("Usage: teatrip plan [OPTIONS]")


@pytest.mark.parametrize(
    ("args", "vietnamese"),
    [
        (("plan", "--bogus"), "Không có tùy chọn --bogus"),
        (("plan", "--days"), "Tùy chọn '--days' cần một giá trị."),
        (("plan", "--days", "x"), "Giá trị không hợp lệ cho '--days': cần một số nguyên"),
        (("plan", "--mode", "boat"), "'boat' không thuộc 'car', 'motorbike'"),
        (("export",), "Thiếu tham số"),
        (("ploan",), "Không có lệnh 'ploan'. Có phải ý bạn là 'plan'"),
    ],
)
def test_usage_errors_in_vietnamese(cli: Invoke, args: tuple[str, ...], vietnamese: str) -> None:
    result = cli("--lang", "vi", *args)
    assert result.exit_code == 2
    assert vietnamese in result.output, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("teatrip: "), result.output
    # where the usage is, in the reader's words, when click knows the command
    assert "(see " not in lines[0]
    assert "Error" not in result.output and "Usage" not in result.output


def test_our_errors_in_vietnamese(cli: Invoke, tmp_path: Path) -> None:
    trip = tmp_path / "trip.json"
    saved = cli(*PLAN, "--save", str(trip), "--lang", "vi")
    assert saved.exit_code == 0 and f"đã lưu {trip}" in saved.stderr
    bom = cli("export", str(trip), "--to", "ics", "--bom", "--lang", "vi")
    assert bom.exit_code == 2 and "teatrip: --bom chỉ dùng với --to csv" in bom.output
    missing = cli("show", str(tmp_path / "none.json"), "--lang", "vi")
    assert missing.exit_code == 2 and "none.json: không có tệp này" in missing.output
    # The library raises its sentences as phrases: the message is worded in the reader's language.
    days = cli("plan", "--start", "2024-12-05", "--days", "0", "--lang", "vi")
    assert days.exit_code == 2 and "--days: chuyến đi cần ít nhất một ngày" in days.output


def test_no_arguments_prints_the_help_whole(cli: Invoke) -> None:
    result = cli(env={"TEATRIP_LANG": "vi"})
    assert result.exit_code == 2
    assert len(result.output.splitlines()) > 5 and "Lệnh:" in result.output


def _catalog_words(region_path: Path) -> set[str]:
    """Every word of the catalog file: names, descriptions, tags, roads (the catalog's own)."""
    import yaml

    return _words(_all_strings(yaml.safe_load(region_path.read_text(encoding="utf-8"))))


VIEWS = [
    (("sites", "list"), "loại"),
    (("sites", "list", "--open-on", "2024-12-08"), "mở cửa ngày Chủ Nhật, 08/12/2024:"),
    (("sites", "show", "tan-cuong", "--from", "2024-12-05"), "Giờ mở cửa 7 ngày tới"),
    (("route", "tan-cuong", "khe-coc", "--via", "den-duom"), "chặng 1:"),
    (("matrix", "--format", "table", "--metric", "both"), "các điểm theo số"),
    (("validate",), "tốt"),
]


@pytest.mark.parametrize(("args", "heading"), VIEWS)
def test_sites_and_routes_in_vietnamese(
    cli: Invoke, region_path: Path, args: tuple[str, ...], heading: str
) -> None:
    result = cli(*args, "--lang", "vi")
    assert result.exit_code == 0, result.output
    assert heading in " ".join(result.stdout.split())
    english, _ = _messages()
    leaked = (_words([result.stdout]) & english) - _catalog_words(region_path)
    assert not leaked, sorted(leaked)


@pytest.mark.parametrize(("args", "heading"), VIEWS)
def test_sites_and_routes_in_english(
    cli: Invoke, region_path: Path, args: tuple[str, ...], heading: str
) -> None:
    result = cli(*args, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert heading not in " ".join(result.stdout.split())
    _, vietnamese = _messages()
    leaked = (_words([result.stdout]) & vietnamese) - _catalog_words(region_path)
    assert not leaked, sorted(leaked)
