"""The planner's sentences are phrases: every one is translated into Vietnamese, keeps its facts
through a saved trip, and still reads the same in English (issue 12)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from teatrip import plan_trip, replan
from teatrip.errors import PlanError, RequestError
from teatrip.formatting import (
    CHECK_HOURS_TEMPLATE,
    event_name,
    is_check_hours_warning,
    say,
    word,
)
from teatrip.hours import closed_reason, day_hours
from teatrip.i18n import gettext, language, ngettext
from teatrip.itinerary_io import dumps_itinerary, itinerary_from_dict, loads_itinerary
from teatrip.models import Catalog, Itinerary, StopKind
from teatrip.phrases import Phrase, Place
from teatrip.request import build_request

FIELD = re.compile(r"\{\w*\}")


@pytest.fixture(scope="module")
def plans(region: Catalog) -> list[Itinerary]:
    """Plans that between them write every kind of sentence the region can give: events,
    seasons, market days, hours to check, closed, unreachable, outscored and avoided sites."""
    requests = [
        build_request(
            region,
            start="2024-12-05",
            days=3,
            from_site="thai-nguyen-centre",
            must=["tan-cuong"],
            avoid=["nui-coc-lake"],
            interests=["festival"],
        ),
        build_request(
            region,
            start="2024-12-09",
            days=1,
            mode="bicycle",
            golden_hour=True,
            day_window="05:45-18:00",
            interests=["photo"],
        ),
        build_request(region, start="2025-03-14", days=2, mode="car", max_drive="90m"),
    ]
    return [plan_trip(region, request) for request in requests]


def _texts(it: Itinerary) -> Iterator[str]:
    """Every sentence of a plan that a person reads, but the catalog's own words."""
    yield from it.warnings
    for skip in it.skipped:
        yield skip.reason
    for day in it.days:
        yield from day.warnings
        for stop in day.stops:
            if stop.kind not in (StopKind.VISIT, StopKind.EVENT):
                yield stop.activity  # visits and events show the catalog's description
            yield from stop.notes
            if stop.event_name:
                yield stop.event_name


def _phrases(text: str) -> Iterator[Phrase]:
    """A phrase and every phrase inside it."""
    if isinstance(text, Phrase):
        yield text
        for _, fact in text.facts:
            if isinstance(fact, Phrase):
                yield from _phrases(fact)


def _has_words(template: str) -> bool:
    return bool(re.search(r"[A-Za-z]", FIELD.sub("", template)))


def test_every_sentence_of_a_plan_is_a_translated_phrase(plans: list[Itinerary]) -> None:
    texts = [text for it in plans for text in _texts(it)]
    assert len(texts) > 20
    plain = [text for text in texts if not isinstance(text, Phrase)]
    assert plain == []
    templates = {p.template: p for text in texts for p in _phrases(text) if _has_words(p.template)}
    assert len(templates) > 8  # the plans above write many kinds of sentence
    with language("vi"):
        for template, phrase in templates.items():
            translated = (
                ngettext(template, phrase.plural, phrase.n or 0)
                if phrase.plural
                else gettext(template)
            )
            assert translated != template, f"not translated: {template!r}"
        for text in texts:
            worded = word(text)
            assert "{" not in worded
            for english in {p.template for p in _phrases(text) if _has_words(p.template)}:
                assert FIELD.sub("", english).strip() not in worded


def test_the_english_words_are_what_the_plan_always_said(plans: list[Itinerary]) -> None:
    it = plans[0]
    with language("en"):
        for text in _texts(it):
            assert word(text) == str(text)
    starts = [d.stops[0].activity for d in it.days]
    assert all(a.startswith("Leave ") for a in starts)
    reasons = {s.code: s.reason for s in it.skipped}
    assert reasons["avoided"] == "avoided (--avoid)"
    with language("vi"):
        assert word(reasons["avoided"]) == "đã loại theo yêu cầu (--avoid)"


def test_an_event_stop_names_its_event_in_both_languages(plans: list[Itinerary]) -> None:
    events = [s for d in plans[0].days for s in d.stops if s.kind is StopKind.EVENT]
    assert events
    stop = events[0]
    assert not any(note.startswith("event: ") for note in stop.notes)
    assert isinstance(stop.event_name, Phrase)
    (place,) = (fact for _, fact in stop.event_name.facts if isinstance(fact, Place))
    with language("en"):
        assert event_name(stop) == (place.en or place.vi)
    with language("vi"):
        assert event_name(stop) == place.vi


def test_the_check_hours_warning_is_known_by_its_template(plans: list[Itinerary]) -> None:
    warnings = [w for it in plans for d in it.days for w in d.warnings]
    checks = [w for w in warnings if is_check_hours_warning(w)]
    assert checks
    assert all(isinstance(w, Phrase) and w.template == CHECK_HOURS_TEMPLATE for w in checks)
    assert is_check_hours_warning("check opening hours before going: A, B")  # an old saved trip
    assert not is_check_hours_warning(say("timed for the golden hour"))
    with language("vi"):
        assert word(checks[0]).startswith("kiểm tra giờ mở cửa")


# ----------------------------------------------------------------------------- saved trips
def test_a_saved_trip_keeps_the_facts_of_its_sentences(plans: list[Itinerary]) -> None:
    it = plans[0]
    document = json.loads(dumps_itinerary(it))
    assert document["version"] == 3
    skipped = document["skipped"][0]
    assert isinstance(skipped["reason"], str) and skipped["reason_phrase"]["template"]
    loaded = loads_itinerary(dumps_itinerary(it))
    assert loaded == it
    before, after = list(_texts(it)), list(_texts(loaded))
    assert [type(t) for t in after] == [type(t) for t in before]
    for old, new in zip(before, after, strict=True):
        assert isinstance(new, Phrase) and isinstance(old, Phrase)
        assert (new.template, new.facts) == (old.template, old.facts)
    with language("vi"):
        assert [word(t) for t in after] == [word(t) for t in before]


def _as_version_2(document: dict[str, Any]) -> dict[str, Any]:
    """A current document as version 2 wrote it: no facts, the event's name in a note."""
    document["version"] = 2
    document.pop("warnings_phrases", None)
    for skip in document["skipped"]:
        skip.pop("reason_phrase", None)
    for day in document["days"]:
        day.pop("warnings_phrases", None)
        for stop in day["stops"]:
            for key in ("activity_phrase", "notes_phrases", "event_name_phrase"):
                stop.pop(key, None)
            name = stop.pop("event_name")
            if name:
                stop["notes"] = [f"event: {name}", *stop["notes"]]
    return document


def test_a_version_2_trip_loads_as_plain_text(plans: list[Itinerary]) -> None:
    it = plans[0]
    loaded = itinerary_from_dict(_as_version_2(json.loads(dumps_itinerary(it))), source="v2.json")
    assert [str(t) for t in _texts(loaded)] == [str(t) for t in _texts(it)]
    assert not any(isinstance(t, Phrase) for t in _texts(loaded))
    event = next(s for d in loaded.days for s in d.stops if s.kind is StopKind.EVENT)
    assert event.event_name and not any(n.startswith("event: ") for n in event.notes)
    with language("vi"):  # old trips read in English: their words have no facts
        assert word(loaded.skipped[0].reason) == loaded.skipped[0].reason


def test_edited_or_hostile_facts_leave_the_text_as_it_is(plans: list[Itinerary]) -> None:
    document = json.loads(dumps_itinerary(plans[0]))
    first, second = document["skipped"][0], document["skipped"][1]
    first["reason"] = "edited by hand"
    second["reason_phrase"] = {"template": "{x:>999999999}", "facts": {"x": "y"}}
    document["days"][0]["stops"][0]["activity_phrase"] = {"template": "{missing}", "facts": {}}
    loaded = itinerary_from_dict(document)
    assert loaded.skipped[0].reason == "edited by hand"
    assert not isinstance(loaded.skipped[0].reason, Phrase)
    assert not isinstance(loaded.skipped[1].reason, Phrase)
    assert not isinstance(loaded.days[0].stops[0].activity, Phrase)


@pytest.mark.parametrize(
    "facts",
    [
        {"template": "{0}", "facts": {"0": "x"}},
        {"template": "{x.__class__}", "facts": {"x": "y"}},
        {"template": "{x[0]}", "facts": {"x": "y"}},
        {"template": "{x!r}", "facts": {"x": "y"}},
        {"template": "{x", "facts": {"x": "y"}},
        {"template": 7, "facts": {}},
        {"template": "{x}", "facts": ["x"]},
        {"template": "{x}", "facts": {"x": {"duration_s": "soon"}}},
        {"template": "{x}", "facts": {"x": {"phrase": {"template": "{y:>99999999}"}}}},
        {"template": "{n} a", "plural": "{n} b", "n": "many", "facts": {"n": 2}},
        "not an object",
    ],
)
def test_malformed_facts_are_ignored(plans: list[Itinerary], facts: Any) -> None:
    document = json.loads(dumps_itinerary(plans[0]))
    document["skipped"][0]["reason_phrase"] = facts
    document["days"][0]["warnings_phrases"] = [facts] * len(document["days"][0]["warnings"])
    loaded = itinerary_from_dict(document)
    assert loaded.skipped[0].reason == document["skipped"][0]["reason"]
    with language("vi"):
        assert word(loaded.skipped[0].reason) == document["skipped"][0]["reason"]
        for warning in loaded.days[0].warnings:
            word(warning)


def test_a_replanned_day_says_what_changed_in_both_languages(
    plans: list[Itinerary], region: Catalog
) -> None:
    new, changes = replan(plans[0], region, day=2, now="13:30")
    assert changes and all(isinstance(c, Phrase) for c in changes)
    with language("vi"):
        for change in changes:
            assert word(change) != change
    for day in new.days:
        for text in (*day.warnings, *(n for s in day.stops for n in s.notes)):
            assert isinstance(text, Phrase)


# ------------------------------------------------------------------- hours and requests
def test_closed_reasons_are_phrases(region: Catalog) -> None:
    market = region.site_by_id["phuc-xuan-market"]
    day = dt.date(2024, 12, 6)
    reason = day_hours(region, market, day).why_closed or closed_reason(region, market, [day])
    assert isinstance(reason, Phrase)
    with language("vi"):
        assert "âm lịch" in word(reason)


def test_request_errors_are_phrases(region: Catalog) -> None:
    with pytest.raises(RequestError) as caught:
        build_request(region, start="2025-02-30", days=1)
    message = caught.value.args[0]
    assert isinstance(message, Phrase)
    assert str(caught.value) == "--start: 2025-02-30 does not exist (February 2025 has 28 days)"
    with language("vi"):
        assert (
            word(message) == "--start: ngày 2025-02-30 không tồn tại (tháng 2 năm 2025 có 28 ngày)"
        )


def test_plan_errors_are_phrases(region: Catalog) -> None:
    request = build_request(
        region,
        start="2024-12-07",
        days=1,
        from_site="thai-nguyen-centre",
        must=["phuc-xuan-market"],
    )
    with pytest.raises((PlanError, RequestError)) as caught:
        plan_trip(region, request)
    message = caught.value.args[0]
    assert isinstance(message, Phrase)
    with language("vi"):
        assert word(message).startswith("--must phuc-xuan-market: Chợ chè Phúc Xuân đóng cửa")
        assert "đóng cửa mọi ngày của chuyến đi" in word(message)
