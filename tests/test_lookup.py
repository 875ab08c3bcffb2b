"""Finding sites by id or name, ignoring case, diacritics, spaces and hyphens."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teatrip.catalog import load_catalog
from teatrip.errors import SiteNotFoundError
from teatrip.lookup import find_site, find_sites, kinds_named, normalize
from teatrip.models import Kind


@pytest.mark.parametrize(
    "query", ["tan cuong", "Tân Cương", "TAN-CUONG", "tan-cuong", " tân  cương "]
)
def test_spellings_of_tan_cuong_find_the_tea_area(region, query: str) -> None:  # type: ignore[no-untyped-def]
    assert find_site(region, query).id == "tan-cuong"


@pytest.mark.parametrize(
    ("query", "site_id"),
    [
        ("Khe Cốc", "khe-coc"),
        ("khe coc", "khe-coc"),
        ("TRAI CAI", "trai-cai"),
        ("Thái Hải", "thai-hai"),
        ("museum-ethnic-cultures", "museum-ethnic-cultures"),
        ("Đền Đuổm", "den-duom"),
        ("den duom", "den-duom"),
    ],
)
def test_names_and_ids_resolve(region, query: str, site_id: str) -> None:  # type: ignore[no-untyped-def]
    assert find_site(region, query).id == site_id


@pytest.mark.data
def test_english_name_resolves(shipped) -> None:  # type: ignore[no-untyped-def]
    for site in shipped.sites:
        assert find_site(shipped, site.name_en).id == site.id or normalize(site.name_en) in {
            normalize(other.name_en) for other in shipped.sites if other.id != site.id
        }


@pytest.mark.data
def test_every_id_and_vietnamese_name_finds_its_own_site(shipped) -> None:  # type: ignore[no-untyped-def]
    for site in shipped.sites:
        assert find_site(shipped, site.id).id == site.id
        assert find_site(shipped, site.name.upper()).id == site.id


def test_an_exact_id_wins_over_an_id_that_folds_the_same(mini_catalog) -> None:  # type: ignore[no-untyped-def]
    # Validation refuses such ids now; a catalog built in code can still hold them.
    catalog = load_catalog(mini_catalog)
    renamed = replace(catalog.site("cho-che"), id="tancuong")
    twins = replace(
        catalog, sites=tuple(renamed if s.id == "cho-che" else s for s in catalog.sites)
    )
    assert find_site(twins, "tancuong").name == "Chợ chè Phúc Xuân"
    assert find_site(twins, "tan-cuong").name == "Vùng chè Tân Cương"
    assert find_site(twins, " tancuong ").name == "Chợ chè Phúc Xuân"


def test_unknown_name_suggests_the_closest(region) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SiteNotFoundError) as caught:
        find_site(region, "khe coc tee")
    assert "Did you mean" in str(caught.value)
    assert "khe-coc" in caught.value.candidates[0]


def test_ambiguous_name_lists_the_candidates(mini_catalog) -> None:  # type: ignore[no-untyped-def]
    catalog = load_catalog(mini_catalog)
    with pytest.raises(SiteNotFoundError) as caught:
        find_site(catalog, "chè")
    assert set(caught.value.candidates) == {"tan-cuong", "cho-che"}
    assert "matches 2 sites" in str(caught.value)


def test_find_sites_accepts_comma_lists_and_drops_duplicates(region) -> None:  # type: ignore[no-untyped-def]
    found = find_sites(region, ["tan cuong, khe coc", "Tân Cương"])
    assert [site.id for site in found] == ["tan-cuong", "khe-coc"]


def test_empty_query_is_an_error(region) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SiteNotFoundError, match="cannot be empty"):
        find_site(region, " - ")


@given(
    st.text(
        alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ -"
    )
)
def test_normalize_is_idempotent_and_ascii(text: str) -> None:
    folded = normalize(text)
    assert folded == normalize(folded)
    assert folded.isascii() and (folded == "" or folded.isalnum())
    assert normalize(text.upper()) == folded


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("hotel", {Kind.LODGING}),
        ("Khách sạn Phổ Yên", {Kind.LODGING}),
        ("nhà nghỉ", {Kind.LODGING}),
        ("chợ", {Kind.MARKET}),
        ("đền", {Kind.TEMPLE}),
        ("chùa", {Kind.PAGODA, Kind.TEMPLE}),
        ("tea-area", {Kind.TEA_AREA}),
        ("Tân Cương", set()),
        ("Hồ Núi Cốc", set()),  # "hồ" is part of too many names to mean a lake
    ],
)
def test_kinds_named_by_a_word_of_the_query(query: str, kinds: set[Kind]) -> None:
    assert set(kinds_named(query)) == kinds


def _suggested(catalog, query: str, **options) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(SiteNotFoundError) as caught:
        find_site(catalog, query, **options)
    return [candidate.split(" ")[0] for candidate in caught.value.candidates]


@pytest.mark.parametrize("query", ["hotel", "homestay", "lodging", "khách sạn", "nhà nghỉ"])
def test_a_word_for_lodging_suggests_the_lodgings_first(region, query: str) -> None:  # type: ignore[no-untyped-def]
    assert set(_suggested(region, query)[:2]) == {"thai-nguyen-centre", "pho-yen"}


def test_a_kind_word_ranks_that_kind_before_closer_spellings(region) -> None:  # type: ignore[no-untyped-def]
    assert _suggested(region, "temple xyz")[:2] == ["den-duom", "chua-hang"]
    assert _suggested(region, "market qq")[0] == "phuc-xuan-market"
    # "den duomm" is a typo of Đền Đuổm, and "đền" says it is a temple
    assert _suggested(region, "den duomm")[0] == "den-duom"


def test_the_caller_s_preferred_kind_comes_first_then_the_fuzzy_score(region) -> None:  # type: ignore[no-untyped-def]
    plain = _suggested(region, "khe coc tee")
    assert plain[0] == "khe-coc"
    lodging_first = _suggested(region, "khe coc tee", prefer_kinds=(Kind.LODGING,))
    assert set(lodging_first[:2]) == {"thai-nguyen-centre", "pho-yen"}
    assert lodging_first[2] == "khe-coc"
    # a kind the query names wins over the caller's preference
    assert _suggested(region, "temple xyz", prefer_kinds=(Kind.LODGING,))[0] == "den-duom"
