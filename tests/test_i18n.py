"""Languages: choosing one, translating messages, and phrases that keep their facts."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import runpy
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teatrip import formatting, i18n
from teatrip.phrases import (
    Clock,
    Day,
    Distance,
    Duration,
    Money,
    Phrase,
    Place,
    Places,
    from_json,
    to_json,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "vi_VN.UTF-8"}, "vi"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "vi_VN.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL outranks LANG
        ({"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),
        ({"LC_MESSAGES": "vi_VN", "LANG": "en_GB"}, "vi"),
        ({"LANGUAGE": "fr:vi:en", "LANG": "en_US"}, "vi"),  # first of ours in the list
        ({"LANGUAGE": "fr", "LANG": "vi_VN"}, "vi"),  # nothing of ours: fall through
        ({"TEATRIP_LANG": "en", "LANG": "vi_VN"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "vi"}, "vi"),
    ],
)
def test_language_from_environment(environ: dict[str, str], expected: str) -> None:
    assert i18n.language_from_environment(environ) == expected


def test_language_is_scoped_to_the_with_block() -> None:
    assert i18n.current() == "en"
    with i18n.language("vi"):
        assert i18n.current() == "vi"
        assert i18n.gettext("free") == "miễn phí"
    assert i18n.current() == "en"
    assert i18n.gettext("free") == "free"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"), i18n.language("fr"):
        pass


def test_untranslated_message_reads_as_itself() -> None:
    with i18n.language("vi"):
        assert i18n.gettext("a sentence nobody translated") == "a sentence nobody translated"


def test_counts_follow_each_language() -> None:
    assert formatting.count_of(1, "site") == "1 site"
    assert formatting.count_of(2, "site") == "2 sites"
    assert formatting.count_of(1234, "site") == "1,234 sites"
    with i18n.language("vi"):
        assert formatting.count_of(1, "site") == "1 điểm"
        assert formatting.count_of(1234, "site") == "1.234 điểm"


def test_quantities_in_each_language() -> None:
    date = dt.date(2024, 12, 5)
    assert formatting.duration(65) == "1 h 05 min"
    assert formatting.km(1234500) == "1,234.5 km"
    assert formatting.money(20000) == "20,000 ₫"
    assert formatting.date_day(date) == "Thu 05 Dec 2024"
    with i18n.language("vi"):
        assert formatting.duration(65) == "1 giờ 5 phút"
        assert formatting.duration(120) == "2 giờ"
        assert formatting.km(1234500) == "1.234,5 km"
        assert formatting.money(20000) == "20.000 ₫"
        assert formatting.money(None) == "chưa rõ"  # unknown is never free
        assert formatting.date_day(date) == "Thứ Năm, 05/12/2024"
        assert formatting.fees([None, None]) == "chưa rõ (2 điểm)"


def _sample() -> Phrase:
    return formatting.say(
        "{place} needs {time} and closes at {at}; {others} are farther ({far}, {fee}, {when})",
        place=Place("Đồi chè Tân Cương", "Tân Cương tea hills"),
        time=Duration(3900),
        at=Clock(17 * 3600),
        others=Places((Place("Hồ Núi Cốc", "Núi Cốc lake"), Place("Chợ Thái", ""))),
        far=Distance(14200),
        fee=Money(None),
        when=Day(dt.date(2024, 12, 5)),
    )


def test_a_phrase_reads_as_english_and_keeps_its_facts() -> None:
    phrase = _sample()
    assert phrase == (
        "Tân Cương tea hills needs 1 h 05 min and closes at 17:00; Núi Cốc lake and Chợ Thái "
        "are farther (14.2 km, unknown, Thu 5 Dec)"
    )
    assert isinstance(phrase, str)
    with i18n.language("vi"):
        worded = formatting.word(phrase)
    # No translation for this template: the facts are still worded the Vietnamese way.
    assert "Đồi chè Tân Cương" in worded
    assert "1 giờ 5 phút" in worded
    assert "Hồ Núi Cốc và Chợ Thái" in worded
    assert "14,2 km" in worded
    assert "chưa rõ" in worded


def test_catalog_text_reads_in_each_language_with_the_other_as_fallback() -> None:
    both = formatting.catalog_text("Đồi chè", "Tea hills")
    only_english = formatting.catalog_text("", "Tea hills")
    assert both == "Tea hills"
    with i18n.language("vi"):
        assert formatting.word(both) == "Đồi chè"
        assert formatting.word(only_english) == "Tea hills"


def test_plain_text_is_never_translated() -> None:
    with i18n.language("vi"):
        assert formatting.word("free") == "free"  # a catalog's words, not ours


def test_a_phrase_survives_json_and_pickle() -> None:
    phrase = _sample()
    nested = formatting.say("because {why}", why=phrase)
    for original in (phrase, nested, formatting.say_n("{n} site", "{n} sites", 3)):
        data = json.loads(json.dumps(to_json(original)))
        back = from_json(str(original), data)
        assert isinstance(back, Phrase)
        assert back == original
        assert back.template == original.template
        assert back.facts == original.facts
        again = pickle.loads(pickle.dumps(original))
        assert again.facts == original.facts
        with i18n.language("vi"):
            assert formatting.word(back) == formatting.word(original)


@given(st.one_of(st.none(), st.integers(), st.text(), st.dictionaries(st.text(), st.text())))
def test_a_damaged_saved_phrase_reads_as_its_text(data: object) -> None:
    back = from_json("as saved", data)
    assert back == "as saved"


def test_every_message_is_translated_with_its_fields() -> None:
    """``python scripts/i18n.py check``: each marked message has a Vietnamese translation that
    keeps its ``{fields}``."""
    tool = runpy.run_path(str(ROOT / "scripts" / "i18n.py"))
    problems = list(tool["problems"]("vi"))
    assert not problems, "\n".join(problems[:30])
