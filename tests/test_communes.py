"""The shipped 2025 commune polygons, the point-in-polygon test and the `validate` check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from teatrip.communes import (
    check_communes,
    commune_at,
    commune_key,
    communes,
    find_commune,
    point_in_rings,
)
from teatrip.models import Catalog
from tests.helpers.catalogs import document, site, write_catalog

# Centroids of three 2025 communes (the facts' commune centroid table; each inside its polygon).
TAN_CUONG = (21.51942, 105.78692)
LA_BANG = (21.62253, 105.56142)
PHAN_DINH_PHUNG = (21.58873, 105.83377)

SQUARE = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]
HOLE = [[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]]


def test_even_odd_rule_with_a_hole() -> None:
    rings = [SQUARE, HOLE]
    assert point_in_rings(2.0, 2.0, rings)  # lat, lon: inside the square, outside the hole
    assert not point_in_rings(5.0, 5.0, rings)  # in the hole
    assert not point_in_rings(11.0, 5.0, rings)
    assert not point_in_rings(5.0, -0.5, rings)
    # A ray through a vertex counts it once.
    assert point_in_rings(4.0, 2.0, rings)


def test_shipped_polygons_carry_their_source_and_licence() -> None:
    path = Path(__file__).resolve().parents[1] / "data" / "communes_2025.json"
    shipped = json.loads(path.read_text(encoding="utf-8"))
    assert "thanglequoc/vietnamese-provinces-database" in shipped["source"]
    assert shipped["licence"].startswith("MIT")
    assert len(communes()) == 92
    assert len({c.code for c in communes()}) == 92


def test_each_centroid_lies_in_its_commune_and_in_no_other() -> None:
    for point, name in (
        (TAN_CUONG, "Xã Tân Cương"),
        (LA_BANG, "Xã La Bằng"),
        (PHAN_DINH_PHUNG, "Phường Phan Đình Phùng"),
    ):
        found = commune_at(*point)
        assert found is not None and found.name == name
        assert [c.name for c in communes() if c.contains(*point)] == [name]
    assert commune_at(10.77, 106.70) is None  # Hồ Chí Minh City


def test_names_match_whatever_the_tone_placement_case_or_unit_word() -> None:
    assert commune_key("Xã Định Hóa") == commune_key("xã  định hoá")
    official = find_commune("Xã Định Hóa")
    assert official is not None and official.name == "Xã Định Hoá"
    tan_cuong = find_commune("Tân Cương")
    assert tan_cuong is not None and tan_cuong.name == "Xã Tân Cương"
    # Letters that make a different name are kept apart.
    lang, lang_breve = find_commune("Xã Văn Lang"), find_commune("Xã Văn Lăng")
    assert lang is not None and lang_breve is not None and lang != lang_breve
    assert find_commune("Xã Tân Cuong") is None


def _catalog(tmp_path: Path, **communes_by_site: tuple[str, tuple[float, float]]) -> Catalog:
    from teatrip.catalog import load_catalog

    entries = []
    for site_id, (commune, (lat, lon)) in communes_by_site.items():
        entry = site(site_id, lat, lon)
        entry["commune_2025"] = commune
        entries.append(entry)
    entries.append(site("nameless", *TAN_CUONG))  # names no commune: not checked
    return load_catalog(write_catalog(tmp_path / "c.yaml", document(entries)))


def test_check_reports_unofficial_names_and_points_outside_one_line_each(tmp_path: Path) -> None:
    catalog = _catalog(
        tmp_path,
        **{
            "fine": ("Xã Tân Cương", TAN_CUONG),
            "old-style": ("Xã Định Hóa", (21.91013, 105.59381)),
            "moved": ("Xã La Bằng", TAN_CUONG),
            "vague": ("Xã Vạn Phú (part: check)", TAN_CUONG),
            "abroad": ("Xã Tân Cương", (10.77, 106.70)),
        },
    )
    lines = [str(problem) for problem in check_communes(catalog)]
    assert len(lines) == 3, lines
    path = catalog.path
    assert lines[0].startswith(f"{path}:")
    assert (
        ": site 'moved': location: warning: (21.51942, 105.78692) lies in Xã Tân Cương, not in Xã La Bằng"
        in lines[0]
    )
    assert (
        "site 'vague': commune_2025: warning: 'Xã Vạn Phú (part: check)' is not the name of a 2025 "
        "commune or ward (did you mean 'Xã Vạn Phú'?); the point lies in Xã Tân Cương"
    ) in lines[1]
    assert (
        "site 'abroad': location: warning: (10.77, 106.7) lies outside every 2025 commune"
        in lines[2]
    )
    assert all(
        problem.severity == "warning" and problem.line for problem in check_communes(catalog)
    )


@pytest.mark.data
def test_shipped_sites_lie_in_the_commune_they_name(shipped: Catalog) -> None:
    # 32 of 34 sites name an official commune and lie in it ("Xã Định Hóa" is the official
    # "Xã Định Hoá" in the old tone placement); two name a commune that is not a 2025 name.
    problems = check_communes(shipped)
    assert {problem.field for problem in problems} <= {"commune_2025"}
    assert len(problems) <= 2


def test_validate_warns_about_a_point_outside_its_commune(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = site("moved", *TAN_CUONG)
    entry["commune_2025"] = "Xã La Bằng"
    path = write_catalog(tmp_path / "moved.yaml", document([entry]))
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: OK, 1 site, 1 warning\n"
    assert result.stderr.startswith(f"{path}:10: site 'moved': location: warning: ")
    assert cli("validate", str(path), "--strict").exit_code == 2
