"""The season's summary and each site's occupancy schedule, written beside the groups' trips.

* ``season.csv`` / ``season.md``: per group its sights, value (and value planned alone), km, what
  it lost to capacity and why; the sites whose capacity is unknown; the checker's verdict.
* ``occupancy.csv`` / ``occupancy.txt``: per site and date, who is there when, and how full the
  site is; ``occupancy/SITE.txt``: the same for one site, the schedule a coop or a homestay can
  be sent.

Everything a person reads (headers, labels, dates, numbers) is in the current language
(:func:`teatrip.i18n.current`); group and site ids stay as they are.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from teatrip.batch.capacity import NIGHT, Hold, Violation
from teatrip.batch.groups import Season
from teatrip.fileio import write_files
from teatrip.formatting import date_short, listing, number, word
from teatrip.i18n import N_, gettext, ngettext
from teatrip.models import Catalog, format_clock

__all__ = ["write_reports"]


def write_reports(
    folder: Path,
    catalog: Catalog,
    season: Season,
    summaries: Sequence[dict[str, Any]],
    holds: Sequence[Hold],
    violations: Sequence[Violation],
    unknown: Sequence[str],
) -> list[Path]:
    """Write the summaries and schedules (all or nothing) and return their paths."""
    names = {s["id"]: s.get("name", s["id"]) for s in summaries}
    files = [
        (folder / "season.csv", _season_csv(summaries)),
        (folder / "season.md", _season_md(season, summaries, violations, unknown)),
        (folder / "occupancy.csv", _occupancy_csv(catalog, holds, names)),
        (folder / "occupancy.txt", _occupancy_txt(catalog, holds, names)),
    ]
    # One schedule per site, to send to that coop or homestay.
    by_site: dict[str, list[Hold]] = defaultdict(list)
    for hold in holds:
        by_site[hold.site].append(hold)
    files += [
        (folder / "occupancy" / f"{site}.txt", _occupancy_txt(catalog, here, names))
        for site, here in sorted(by_site.items())
    ]
    (folder / "occupancy").mkdir(exist_ok=True)
    write_files(files, force=True)
    return [path for path, _ in files]


_SEASON_COLUMNS = (
    N_("group"), N_("name"), N_("status"), N_("start"), N_("days"), N_("size"), N_("lodging"),
    N_("sights"), N_("value"), N_("value_alone"), N_("km"), N_("lost_to_capacity"), N_("notes"),
)  # fmt: skip
_OCCUPANCY_COLUMNS = (
    N_("site"), N_("date"), N_("kind"), N_("start"), N_("end"), N_("group"), N_("name"),
    N_("people"), N_("capacity"),
)  # fmt: skip
# A group's status as people read it (the ledger keeps the English word).
_STATUS_WORDS = {"held": N_("held"), "failed": N_("failed"), "pending": N_("pending")}


def _status(value: str) -> str:
    return gettext(_STATUS_WORDS[value]) if value in _STATUS_WORDS else value


def _kind(value: str) -> str:
    return gettext("night") if value == NIGHT else gettext("visit")


def _words(texts: Sequence[str]) -> list[str]:
    """The ledger's sentences (lost sites, notes, errors) in the reader's language."""
    return [word(text) for text in texts]


def _season_csv(summaries: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([gettext(column) for column in _SEASON_COLUMNS])
    for s in summaries:
        writer.writerow(
            [
                s["id"],
                s.get("name", ""),
                _status(s["status"]),
                s.get("start", ""),
                s.get("days", ""),
                s.get("size", ""),
                s.get("lodging", ""),
                s.get("sights", ""),
                s.get("value", ""),
                s.get("solo_value", ""),
                s.get("km", ""),
                " | ".join(_words(s.get("lost", []))),
                " | ".join(
                    _words([*s.get("notes", []), *([s["error"]] if s.get("error") else [])])
                ),
            ]
        )
    return out.getvalue()


def _season_md(
    season: Season,
    summaries: Sequence[dict[str, Any]],
    violations: Sequence[Violation],
    unknown: Sequence[str],
) -> str:
    held = [s for s in summaries if s["status"] == "held"]
    value = sum(s.get("value", 0) for s in held)
    alone = sum(s.get("solo_value", 0) for s in held)
    share = f"{number(100 * value / alone, 1)}%" if alone else gettext("n/a")
    planned = gettext("groups planned: {held} of {total}").format(
        held=len(held), total=len(summaries)
    )
    if len(held) < len(summaries):
        missing = len(summaries) - len(held)
        planned += " " + ngettext("({n} not planned)", "({n} not planned)", missing).format(
            n=missing
        )
    headers = [
        gettext(title)
        for title in (
            N_("group"), N_("name"), N_("start"), N_("days"), N_("size"), N_("sights"),
            N_("value"), N_("alone"), N_("km"), N_("lost to capacity"),
        )
    ]  # fmt: skip
    lines = [
        "# " + gettext("Season {name}").format(name=season.name or season.path),
        "",
        f"- {planned}",
        "- "
        + gettext(
            "value kept against each group planned alone: {share} ({value} of {alone})"
        ).format(share=share, value=value, alone=alone),
        "- " + gettext("capacity violations found by the checker: {n}").format(n=len(violations)),
        "- "
        + gettext("sites with unknown capacity (taken as unlimited): {sites}").format(
            sites=listing(list(unknown)) or gettext("none")
        ),
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "---|" * len(headers),
    ]
    for s in summaries:
        lost = "; ".join(_words(s.get("lost", []))) or (
            gettext("not planned: {error}").format(error=word(s["error"])) if s.get("error") else ""
        )
        notes = "; ".join(_words(s.get("notes", [])))
        lost = "; ".join(part for part in (lost, notes) if part)
        cells = [
            s["id"], s.get("name", ""), s.get("start", ""), s.get("days", ""), s.get("size", ""),
            s.get("sights", ""), s.get("value", ""), s.get("solo_value", ""), s.get("km", ""), lost,
        ]  # fmt: skip
        lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    for violation in violations:
        lines.append("\n" + gettext("VIOLATION: {violation}").format(violation=violation))
    return "\n".join(lines) + "\n"


def _capacity_of(catalog: Catalog, hold: Hold) -> str:
    capacity = catalog.site_by_id[hold.site].capacity
    if capacity is None:
        return ""
    if hold.kind == NIGHT:
        return "" if capacity.beds is None else str(capacity.beds)
    for slot in capacity.slots:
        if slot.start == hold.start:
            return str(slot.capacity)
    return "" if capacity.visitors is None else str(capacity.visitors)


def _occupancy_csv(catalog: Catalog, holds: Sequence[Hold], names: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([gettext(column) for column in _OCCUPANCY_COLUMNS])
    for h in sorted(holds):
        writer.writerow(
            [
                h.site,
                h.date.isoformat(),
                _kind(h.kind),
                format_clock(h.start),
                format_clock(h.end),
                h.group,
                names.get(h.group, ""),
                h.size,
                _capacity_of(catalog, h),
            ]
        )
    return out.getvalue()


def _occupancy_txt(catalog: Catalog, holds: Sequence[Hold], names: dict[str, str]) -> str:
    by_site: dict[str, list[Hold]] = defaultdict(list)
    for hold in holds:
        by_site[hold.site].append(hold)
    sites = catalog.site_by_id
    lines: list[str] = []
    for site_id in sorted(by_site):
        site = sites[site_id]
        capacity = site.capacity
        limit = gettext("capacity unknown")
        if capacity is not None:
            parts = []
            if capacity.visitors is not None:
                parts.append(gettext("{n} at once").format(n=capacity.visitors))
            if capacity.beds is not None:
                parts.append(ngettext("{n} bed", "{n} beds", capacity.beds).format(n=capacity.beds))
            parts += [
                gettext("{time} slot for {n}").format(time=format_clock(s.start), n=s.capacity)
                for s in capacity.slots
            ]
            limit = ", ".join(parts) or limit
        lines += [f"{site.name} ({site_id}) — {limit}", "=" * 60]
        current = None
        for h in sorted(by_site[site_id], key=lambda h: (h.date, h.start, h.group)):
            if h.date != current:
                current = h.date
                lines.append(f"  {h.date.isoformat()} ({date_short(h.date)})")
            span = (
                gettext("night")
                if h.kind == NIGHT
                else f"{format_clock(h.start)}-{format_clock(h.end)}"
            )
            cap = _capacity_of(catalog, h)
            people = ngettext("{n} person", "{n} people", h.size).format(n=f"{h.size:>4}")
            lines.append(
                f"    {span:<11}  {people}  {h.group}  {names.get(h.group, '')}"
                + ("  " + gettext("(of {n})").format(n=cap) if cap else "")
            )
        lines.append("")
    return "\n".join(lines) + "\n"
