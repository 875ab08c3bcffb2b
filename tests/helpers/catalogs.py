"""Small catalogs built in code, so behaviour tests do not depend on the shipped data.

``site``, ``lodging``, ``waypoint``, ``road`` and ``event`` build catalog entries as the YAML
format spells them; ``document`` gathers them into a catalog document and ``write_catalog``
writes it where the CLI and ``load_catalog`` read it (so it is validated like a user's catalog).

``tea_region`` is a small made-up region in the shape of Thái Nguyên: it reuses a few ids and
names of the shipped catalog (so tests read naturally) but its points, hours, scores and roads
are chosen here, for what the tests need, and a data edit in ``data/hills.yaml`` cannot move them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from teatrip.catalog import load_catalog, validate_catalog
from teatrip.errors import CatalogError

Entry = dict[str, Any]

TIMEZONE = "Asia/Ho_Chi_Minh"
ALL_DAY = ["00:00-24:00"]
DAYLIGHT = ["07:00-17:00"]


def site(
    site_id: str,
    lat: float,
    lon: float,
    *,
    kind: str = "tea-area",
    name: str | None = None,
    name_en: str | None = None,
    aka: Iterable[str] = (),
    visit: int = 60,
    hours: Mapping[str, Any] | None = None,
    score: int = 5,
    tags: Iterable[str] = (),
    fee_vnd: int | None = None,
) -> Entry:
    """A site entry; hours default to estimated daylight hours, every day."""
    entry: Entry = {
        "id": site_id,
        "name": name or site_id,
        "name_en": name_en or name or site_id,
        "kind": kind,
        "location": {"lat": lat, "lon": lon, "precision": "estimated", "source": "test builder"},
        "visit": visit,
        "hours": dict(hours) if hours is not None else {"status": "estimated", "daily": DAYLIGHT},
        "score": score,
    }
    if aka:
        entry["aka"] = list(aka)
    if tags:
        entry["tags"] = list(tags)
    if fee_vnd is not None:
        entry["fee"] = {"adult_vnd": fee_vnd}
    return entry


def lodging(site_id: str, lat: float, lon: float, **fields: Any) -> Entry:
    """A lodging site, open around the clock and worth nothing as a visit."""
    hours = {"status": "estimated", "daily": ALL_DAY}
    return site(site_id, lat, lon, kind="lodging", visit=0, score=1, hours=hours, **fields)


def waypoint(waypoint_id: str, lat: float, lon: float) -> Entry:
    location = {"lat": lat, "lon": lon, "precision": "estimated", "source": "test builder"}
    return {"id": waypoint_id, "name": waypoint_id, "location": location}


def road(name: str, road_class: str, *via: str, km: float | None = None) -> Entry:
    entry: Entry = {"name": name, "class": road_class, "via": list(via)}
    if km is not None:
        entry["km"] = km
    return entry


def event(
    event_id: str,
    site_id: str,
    *,
    dates: Iterable[str] = (),
    lunar: tuple[str, str] | None = None,
    hours: Iterable[str] = (),
    bonus: int = 3,
    name: str | None = None,
) -> Entry:
    """An event on fixed dates ("2024-12-05..2024-12-09") or lunar days ("1-10", "1-12")."""
    entry: Entry = {
        "id": event_id,
        "name": name or event_id,
        "name_en": name or event_id,
        "site": site_id,
        "score_bonus": bonus,
    }
    if dates:
        entry["dates"] = list(dates)
    if lunar is not None:
        entry["lunar"] = {"from": lunar[0], "to": lunar[1]}
    if hours:
        entry["hours"] = list(hours)
    return entry


def document(
    sites: Iterable[Entry],
    roads: Iterable[Entry] = (),
    *,
    events: Iterable[Entry] = (),
    waypoints: Iterable[Entry] = (),
    name: str = "Test region",
    centre: tuple[float, float] = (21.6, 105.8),
    radius_km: float = 80,
) -> Entry:
    doc: Entry = {
        "version": 1,
        "region": {
            "name": name,
            "timezone": TIMEZONE,
            "centre": {"lat": centre[0], "lon": centre[1]},
            "radius_km": radius_km,
        },
        "sites": list(sites),
    }
    for key, entries in (("waypoints", waypoints), ("roads", roads), ("events", events)):
        if entries := list(entries):
            doc[key] = entries
    return doc


def write_catalog(path: Path, doc: Entry) -> Path:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def tea_region() -> Entry:
    """A small tea region around a town, with what the planner, route and CLI tests exercise.

    - ``thai-nguyen-centre`` (the hotel) and ``pho-yen`` (a second lodging, south, joined to the
      centre by QL3 and by an expressway that only cars may use);
    - tea areas west (``tan-cuong``, on ĐT 267 with the village ``thai-hai`` between it and the
      centre) and north (``khe-coc``, off QL3 behind ``wp-vo-tranh``: reached by an access road);
    - ``thai-hai``, a whole-day (8 h) visit with unknown hours, and ``cua-tu``, a 6 h trek far
      west, so long visits, lunch on site and "too far to be back" all occur;
    - ``phuc-xuan-market``, open on lunar market days only (not lunar 11-05 or 11-07);
    - ``phuong-hoang-cave``, far east and open 07:00-09:00 only: from the centre at 07:30 a
      motorbike cannot be there by 08:00, so it is left out as "unreachable";
    - ``dong-hy-viewpoint``, a short photo stop with unknown hours, near the centre: the one a
      golden-hour trip times for the evening light;
    - ``vo-nguyen-giap-square`` hosting the OCOP festival of 5-9 December 2024;
    - more sites than three days can hold, so some are always left out ("outscored").
    """
    unknown = {"status": "unknown"}
    sites = [
        lodging(
            "thai-nguyen-centre",
            21.6,
            105.85,
            name="Trung tâm Thái Nguyên",
            name_en="Thái Nguyên centre",
            aka=["Thai Nguyen"],
        ),
        lodging("pho-yen", 21.43718, 105.8682, name="Phổ Yên", name_en="Phổ Yên centre"),
        site(
            "tan-cuong",
            21.51942,
            105.78692,
            name="Vùng chè đặc sản Tân Cương",
            name_en="Tân Cương specialty tea area",
            aka=["Tan Cuong", "Tân Cương", "Tan Cuong tea hills"],
            visit=180,
            score=10,
            tags=["tea", "picking", "festival", "photo"],
        ),
        site(
            "tan-cuong-tea-space",
            21.522,
            105.789,
            kind="venue",
            name="Không gian văn hóa trà Tân Cương",
            name_en="Tân Cương Tea Culture Space",
            aka=["Tan Cuong", "Tân Cương", "Tan Cuong tea culture space"],
            hours=unknown,
            score=6,
            tags=["tea", "culture"],
        ),
        site(
            "thai-hai",
            21.53806,
            105.80306,
            kind="village",
            name="Làng nhà sàn Thái Hải",
            name_en="Thái Hải stilt-house village",
            aka=["Thai Hai"],
            visit=480,
            hours=unknown,
            score=9,
            tags=["village", "ethnic", "tea", "photo"],
        ),
        site(
            "phuc-xuan-market",
            21.5765,
            105.70945,
            kind="market",
            name="Chợ chè Phúc Xuân",
            name_en="Phúc Xuân tea market",
            visit=60,
            score=7,
            tags=["tea", "market"],
            hours={
                "status": "sourced",
                "daily": ["07:00-12:00"],
                "lunar_days": [1, 4, 6, 11, 14, 16, 21, 24, 26],
            },
        ),
        site(
            "museum-ethnic-cultures",
            21.592477,
            105.84354,
            kind="museum",
            name="Bảo tàng Văn hóa các dân tộc Việt Nam",
            name_en="Museum of Cultures of Vietnam's Ethnic Groups",
            visit=105,
            score=7,
            hours={"status": "sourced", "daily": ["08:00-17:00"]},
            fee_vnd=20_000,
            tags=["museum", "culture"],
        ),
        site(
            "vo-nguyen-giap-square",
            21.5935,
            105.8448,
            kind="venue",
            name="Quảng trường Võ Nguyên Giáp",
            name_en="Võ Nguyên Giáp Square",
            visit=30,
            hours=unknown,
            score=2,
            tags=["festival"],
        ),
        site(
            "chua-hang",
            21.61306,
            105.85721,
            kind="pagoda",
            name="Chùa Hang",
            name_en="Hang Pagoda",
            visit=60,
            hours=unknown,
            score=5,
            tags=["spiritual", "cave"],
        ),
        site(
            "trai-cai",
            21.67324,
            105.83371,
            name="Vùng chè Trại Cài",
            name_en="Trại Cài tea area",
            visit=60,
            score=8,
            tags=["tea", "photo"],
        ),
        site(
            "dong-hy-viewpoint",
            21.65,
            105.845,
            kind="viewpoint",
            name="Đồi chè Đồng Hỷ",
            name_en="Đồng Hỷ tea-hill viewpoint",
            visit=40,
            hours=unknown,
            score=6,
            tags=["tea", "photo"],
        ),
        site(
            "khe-coc",
            21.72778,
            105.76667,
            name="Vùng chè Khe Cốc",
            name_en="Khe Cốc tea area",
            aka=["Khe Coc"],
            visit=120,
            score=9,
            tags=["tea", "craft", "photo"],
        ),
        site(
            "den-duom",
            21.76583,
            105.72278,
            kind="temple",
            name="Đền Đuổm",
            name_en="Đuổm Temple",
            visit=60,
            hours=unknown,
            score=6,
            tags=["temple"],
        ),
        site(
            "nui-coc-lake",
            21.60333,
            105.685,
            kind="lake",
            name="Hồ Núi Cốc",
            name_en="Núi Cốc Lake",
            visit=480,
            score=7,
            tags=["lake", "photo"],
            hours={"status": "estimated", "daily": ["07:30-17:30"]},
        ),
        site(
            "la-bang",
            21.62611,
            105.53611,
            name="Vùng chè La Bằng",
            name_en="La Bằng tea area",
            visit=120,
            score=9,
            tags=["tea", "photo"],
        ),
        site(
            "cua-tu",
            21.62253,
            105.56142,
            kind="stream",
            name="Suối Cửa Tử",
            name_en="Cửa Tử stream",
            visit=360,
            hours=unknown,
            score=6,
            tags=["stream", "trekking", "photo"],
        ),
        site(
            "phuong-hoang-cave",
            21.75506,
            106.075,
            kind="cave",
            name="Hang Phượng Hoàng",
            name_en="Phượng Hoàng Cave",
            visit=60,
            score=6,
            hours={"status": "estimated", "daily": ["07:00-09:00"]},
            tags=["cave", "nature"],
        ),
        site(
            "atk-tin-keo",
            21.80111,
            105.525,
            kind="relic",
            name="ATK Định Hóa",
            name_en="ATK Định Hóa relic",
            visit=120,
            hours=unknown,
            score=7,
            tags=["history"],
        ),
    ]
    waypoints = [
        waypoint("wp-quan-trieu", 21.63013, 105.79543),
        waypoint("wp-vo-tranh", 21.70438, 105.77151),
        waypoint("wp-phuc-triu", 21.56083, 105.74333),
        waypoint("wp-dai-tu", 21.5905, 105.60823),
    ]
    roads = [
        road(
            "QL3",
            "national",
            "pho-yen",
            "thai-nguyen-centre",
            "wp-quan-trieu",
            "wp-vo-tranh",
            "den-duom",
        ),
        road("CT07 expressway", "expressway", "pho-yen", "thai-nguyen-centre"),
        road(
            "ĐT 267",
            "provincial",
            "thai-nguyen-centre",
            "thai-hai",
            "tan-cuong",
            "wp-phuc-triu",
            "nui-coc-lake",
        ),
        road(
            "ĐT 261",
            "provincial",
            "wp-phuc-triu",
            "phuc-xuan-market",
            "wp-dai-tu",
            "cua-tu",
            "la-bang",
        ),
        road("QL37", "national", "wp-vo-tranh", "wp-dai-tu"),
        road(
            "QL1B",
            "national",
            "thai-nguyen-centre",
            "chua-hang",
            "dong-hy-viewpoint",
            "trai-cai",
            "phuong-hoang-cave",
        ),
        road("ĐT 264", "provincial", "la-bang", "atk-tin-keo"),
    ]
    events = [
        event(
            "ocop-festival-2024",
            "vo-nguyen-giap-square",
            dates=["2024-12-05..2024-12-09"],
            bonus=5,
            name="Festival OCOP Thái Nguyên 2024",
        ),
        event(
            "tan-cuong-spring-tea-festival",
            "tan-cuong-tea-space",
            lunar=("1-10", "1-12"),
            bonus=6,
            name="Lễ hội trà xuân Tân Cương",
        ),
    ]
    return document(
        sites,
        roads,
        events=events,
        waypoints=waypoints,
        name="Test tea region",
        centre=(21.6, 105.85),
    )


def edited_catalog(tmp_path: Path, text: str, *replacements: tuple[str, str]) -> Path:
    """``text`` with each (old, new) replaced once (old must be there), written as a catalog file."""
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def the_one_located_error(path: Path) -> str:
    """The only error ``validate`` finds in ``path``: one line beginning with the file's name;
    loading the file is refused as well."""
    errors = [str(problem) for problem in validate_catalog(path).errors]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:"), errors
    assert "\n" not in errors[0]
    with pytest.raises(CatalogError):
        load_catalog(path)
    return errors[0]
