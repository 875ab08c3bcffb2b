"""Finding a site from what a person typed: its id, Vietnamese name, English name or another name.

Matching ignores case, diacritics, spaces and hyphens, so ``tan cuong``, ``Tân Cương`` and
``TAN-CUONG`` are the same query. An ambiguous query lists the candidates; an unknown one suggests
the closest names (rapidfuzz, because difflib's ratio ranks short Vietnamese names poorly).

Candidates and suggestions put first the sites of a kind the query names ("hotel", "nhà nghỉ",
"chợ", "temple"), else the kinds the caller prefers (lodgings for where a group sleeps), so that
``--from hotel`` suggests the lodgings rather than a cave that happens to spell alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

from teatrip.errors import SiteNotFoundError
from teatrip.formatting import say
from teatrip.models import Catalog, Kind, Site

__all__ = ["find_site", "find_sites", "kinds_named", "normalize"]

# Letters that do not decompose into a base letter plus a combining mark.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss"})


def normalize(text: str) -> str:
    """Fold a name to lowercase ASCII letters and digits: ``"Tân Cương"`` -> ``"tancuong"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed.lower() if ch.isalnum() and ch.isascii())


# Words (folded by ``normalize``) that name a kind of site, in English and Vietnamese. A word
# people use loosely names several kinds ("temple" for a đền or a chùa). Short Vietnamese words
# that are also common parts of names (hồ, hang, đồng, làng) are left out.
_KIND_WORDS: dict[str, tuple[Kind, ...]] = {
    **{normalize(kind.value): (kind,) for kind in Kind},
    **dict.fromkeys(
        ("hotel", "hotels", "homestay", "homestays", "lodging", "lodgings", "guesthouse",
         "hostel", "motel", "resort", "khachsan", "nhanghi", "luutru"),
        (Kind.LODGING,),
    ),
    **dict.fromkeys(("market", "markets", "cho", "chophien"), (Kind.MARKET,)),
    **dict.fromkeys(("temple", "temples", "shrine"), (Kind.TEMPLE, Kind.PAGODA)),
    "den": (Kind.TEMPLE,),
    **dict.fromkeys(("pagoda", "pagodas", "chua"), (Kind.PAGODA, Kind.TEMPLE)),
    **dict.fromkeys(("museum", "baotang"), (Kind.MUSEUM,)),
    **dict.fromkeys(("cave", "caves", "grotto"), (Kind.CAVE,)),
    **dict.fromkeys(("lake", "lakes"), (Kind.LAKE,)),
    **dict.fromkeys(("stream", "waterfall", "suoi", "thac"), (Kind.STREAM,)),
    **dict.fromkeys(("relic", "relics", "ditich"), (Kind.RELIC,)),
    **dict.fromkeys(("village", "villages"), (Kind.VILLAGE,)),
    **dict.fromkeys(("viewpoint", "lookout"), (Kind.VIEWPOINT,)),
    **dict.fromkeys(("restaurant", "food", "nhahang", "quanan"), (Kind.FOOD,)),
    **dict.fromkeys(("coop", "cooperative", "htx", "hoptacxa"), (Kind.TEA_COOP,)),
}  # fmt: skip
_CUTOFF = 60  # fuzzy score (0-100) below which a name is not suggested for its spelling
_LONGEST_WORD = 3  # words in the longest entry ("hợp tác xã")


def kinds_named(query: str) -> tuple[Kind, ...]:
    """The kinds of site a query names by a word of its own: ``"khách sạn"`` -> (lodging,)."""
    words = [normalize(word) for word in re.split(r"[\s\-_,./]+", query)]
    words = [word for word in words if word]
    found: dict[Kind, None] = {}
    for size in range(_LONGEST_WORD, 0, -1):
        for first in range(len(words) - size + 1):
            for kind in _KIND_WORDS.get("".join(words[first : first + size]), ()):
                found.setdefault(kind)
    return tuple(found)


def _names(site: Site) -> Iterable[str]:
    yield site.name
    yield site.name_en
    yield from site.aka


def find_site(catalog: Catalog, query: str, *, prefer_kinds: Collection[Kind] = ()) -> Site:
    """The one site ``query`` names; raises SiteNotFoundError (exit 2) otherwise.

    The error lists candidates or suggestions with the sites of a kind the query names first,
    else those of ``prefer_kinds`` (what the caller expects, e.g. a lodging to start from).
    """
    key = normalize(query)
    if not key:
        raise SiteNotFoundError(say("a site name cannot be empty"))
    # An exact id always wins, even over an id that folds to the same key or a matching name.
    exact = catalog.site_by_id.get(query.strip())
    if exact is not None:
        return exact
    for site in catalog.sites:
        if normalize(site.id) == key:
            return site
    tiers = (
        [s for s in catalog.sites if key in (normalize(s.name), normalize(s.name_en))],
        [s for s in catalog.sites if any(normalize(n) == key for n in s.aka)],
        [s for s in catalog.sites if any(key in normalize(n) for n in (s.id, *_names(s)))],
    )
    preferred = set(kinds_named(query) or prefer_kinds)
    for matches in tiers:
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            matches.sort(key=lambda s: s.kind not in preferred)  # stable: catalog order kept
            listed = "; ".join(f"{s.id} ({s.name})" for s in matches[:8])
            if len(matches) > 8:
                listed = say("{listed} and {n} more", listed=listed, n=len(matches) - 8)
            raise SiteNotFoundError(
                say(
                    "{query} matches {n} sites: {listed}. Use the id.",
                    query=repr(query),
                    n=len(matches),
                    listed=listed,
                ),
                [s.id for s in matches],
            )
    suggestions = _closest(catalog, key, preferred)
    facts = {"query": repr(query), "path": catalog.path, "command": "`teatrip sites list`"}
    message = (
        say(
            "no site called {query} in {path}. Did you mean: {names}? ({command} shows them all)",
            names=", ".join(suggestions),
            **facts,
        )
        if suggestions
        else say("no site called {query} in {path}. ({command} shows them all)", **facts)
    )
    raise SiteNotFoundError(message, suggestions)


def find_sites(catalog: Catalog, queries: Iterable[str]) -> list[Site]:
    """Resolve several names, accepting comma-separated lists; order kept, duplicates dropped."""
    found: dict[str, Site] = {}
    for query in queries:
        for part in query.split(","):
            if part.strip():
                site = find_site(catalog, part)
                found.setdefault(site.id, site)
    return list(found.values())


def _closest(catalog: Catalog, key: str, preferred: Collection[Kind], limit: int = 3) -> list[str]:
    """The ``limit`` likeliest sites: of a preferred kind first, then by fuzzy score.

    A preferred site is suggested even when its names spell nothing like the query: "hotel"
    shares no letters with "Trung tâm Thái Nguyên (khu lưu trú)", yet that is the hotel meant.
    """
    from rapidfuzz import fuzz

    best: dict[str, float] = {}  # site id -> best score of its names
    for site in catalog.sites:
        for name in (site.id, *_names(site)):
            score = fuzz.WRatio(key, normalize(name))
            best[site.id] = max(best.get(site.id, 0.0), score)
    kinds = {site.id: site.kind for site in catalog.sites}
    ranked = sorted(  # stable: equal scores keep the catalog's order
        (sid for sid, score in best.items() if score >= _CUTOFF or kinds[sid] in preferred),
        key=lambda sid: (kinds[sid] not in preferred, -best[sid]),
    )
    return [f"{sid} ({catalog.site(sid).name})" for sid in ranked[:limit]]
