"""The ``events`` section: dated or lunar-yearly happenings at a site."""

from __future__ import annotations

import re
from typing import Any

from teatrip.catalog.fields import Fields, bad_clock
from teatrip.catalog.problems import Invalid, did_you_mean, entry_label, with_hint
from teatrip.formatting import say
from teatrip.models import Event, LunarDate, TimeWindow, parse_clock
from teatrip.yamlsafe import Path_

__all__ = ["read_event"]

_EVENT_FIELDS = {
    "id", "name", "name_en", "site", "dates", "lunar", "hours", "fixed_start", "visit",
    "score_bonus", "site_estimated", "description", "sources", "description_vi",
}  # fmt: skip


def read_event(r: Fields, value: Any, where: Path_, site_ids: set[str]) -> Event:
    """One event; ``site_ids`` are every site id the file declares."""
    label = entry_label("event", value, where, "id")
    event = r.mapping(value, where, label, "")
    r.check_fields(event, where, label, _EVENT_FIELDS, ("id", "name", "site"))
    event_id = r.required_id(event, where, label)
    site = r.required_text(event, "site", where, label)
    if site and site not in site_ids:
        close = did_you_mean(site, site_ids)
        message = with_hint(say("unknown site id {id}", id=repr(site)), close)
        r.problem((*where, "site"), label, "site", message)
    dates = r.date_ranges(event.get("dates"), (*where, "dates"), label, "dates")
    lunar_from = lunar_to = None
    if event.get("lunar") is not None:
        lunar_from, lunar_to = _read_lunar(r, event["lunar"], (*where, "lunar"), label)
    if not dates and lunar_from is None and "dates" not in event and "lunar" not in event:
        r.problem(
            where,
            label,
            "dates",
            say("an event needs {dates} or {lunar}", dates="`dates`", lunar="`lunar`"),
        )
    hours: tuple[TimeWindow, ...] = ()
    if event.get("hours") is not None:
        hours = (
            r.optional(lambda: r.windows(event["hours"], (*where, "hours"), label, "hours")) or ()
        )
    fixed_start = None
    if event.get("fixed_start") is not None:
        try:
            fixed_start = parse_clock(str(event["fixed_start"]))
        except ValueError:
            r.problem(
                (*where, "fixed_start"), label, "fixed_start", bad_clock(str(event["fixed_start"]))
            )
    visit = None
    if event.get("visit") is not None:
        visit = r.optional(
            lambda: r.whole(event["visit"], (*where, "visit"), label, "visit", low=1, high=24 * 60)
        )
    bonus = 0
    if event.get("score_bonus") is not None:
        bonus = (
            r.optional(
                lambda: r.whole(
                    event["score_bonus"],
                    (*where, "score_bonus"),
                    label,
                    "score_bonus",
                    low=0,
                    high=10,
                )
            )
            or 0
        )
    return Event(
        id=event_id,
        name=r.required_text(event, "name", where, label),
        name_en=r.text(event, "name_en", where, label),
        site=site,
        dates=dates,
        lunar_from=lunar_from,
        lunar_to=lunar_to,
        hours=hours,
        fixed_start=fixed_start,
        visit_minutes=visit,
        score_bonus=bonus,
        site_estimated=r.flag(event, "site_estimated", where, label),
        description=r.text(event, "description", where, label),
        sources=r.text_list(event.get("sources"), (*where, "sources"), label, "sources"),
        line=r.doc.line(where),
        description_vi=r.text(event, "description_vi", where, label),
    )


def _read_lunar(
    r: Fields, value: Any, where: Path_, label: str
) -> tuple[LunarDate | None, LunarDate | None]:
    try:
        lunar = r.mapping(value, where, label, "lunar")
    except Invalid:
        return None, None
    r.check_fields(lunar, where, label, {"from", "to"}, ("from",), "lunar.")

    def day(key: str) -> LunarDate | None:
        text = str(lunar.get(key, "")).strip()
        match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text)
        if not match or not (1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 30):
            r.problem(
                (*where, key),
                label,
                f"lunar.{key}",
                say("{text} is not a lunar month-day (e.g. 1-10)", text=repr(text)),
            )
            return None
        return LunarDate(int(match[1]), int(match[2]))

    first = day("from") if "from" in lunar else None
    last = day("to") if "to" in lunar else first
    if first and last and (last.month, last.day) < (first.month, first.day):
        r.problem(where, label, "lunar", say("ends before it starts"))
    return first, last
