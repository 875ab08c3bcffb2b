"""Finding a site from what a person typed: its id, Vietnamese name, English name or another name.

Matching ignores case, diacritics, spaces and hyphens, so ``tan cuong``, ``Tân Cương`` and
``TAN-CUONG`` are the same query. An ambiguous query lists the candidates; an unknown one suggests
the closest names (rapidfuzz, because difflib's ratio ranks short Vietnamese names poorly).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from teatrip.errors import SiteNotFoundError
from teatrip.models import Catalog, Site

__all__ = ["find_site", "find_sites", "normalize"]

# Letters that do not decompose into a base letter plus a combining mark.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss"})


def normalize(text: str) -> str:
    """Fold a name to lowercase ASCII letters and digits: ``"Tân Cương"`` -> ``"tancuong"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed.lower() if ch.isalnum() and ch.isascii())


def _names(site: Site) -> Iterable[str]:
    yield site.name
    yield site.name_en
    yield from site.aka


def find_site(catalog: Catalog, query: str) -> Site:
    """The one site ``query`` names; raises SiteNotFoundError (exit 2) otherwise."""
    key = normalize(query)
    if not key:
        raise SiteNotFoundError("a site name cannot be empty")
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
    for matches in tiers:
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "; ".join(f"{s.id} ({s.name})" for s in matches[:8])
            more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
            raise SiteNotFoundError(
                f"{query!r} matches {len(matches)} sites: {listed}{more}. Use the id.",
                [s.id for s in matches],
            )
    suggestions = _closest(catalog, key)
    hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise SiteNotFoundError(
        f"no site called {query!r} in {catalog.path}.{hint} (`teatrip sites list` shows them all)",
        suggestions,
    )


def find_sites(catalog: Catalog, queries: Iterable[str]) -> list[Site]:
    """Resolve several names, accepting comma-separated lists; order kept, duplicates dropped."""
    found: dict[str, Site] = {}
    for query in queries:
        for part in query.split(","):
            if part.strip():
                site = find_site(catalog, part)
                found.setdefault(site.id, site)
    return list(found.values())


def _closest(catalog: Catalog, key: str, limit: int = 3) -> list[str]:
    from rapidfuzz import fuzz, process

    choices: dict[str, str] = {}  # normalized name -> site id
    for site in catalog.sites:
        for name in (site.id, *_names(site)):
            choices.setdefault(normalize(name), site.id)
    ranked = process.extract(
        key, list(choices), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=60
    )
    suggestions: list[str] = []
    for name, _score, _index in ranked:
        site_id = choices[name]
        if site_id not in suggestions:
            suggestions.append(site_id)
    return [f"{sid} ({catalog.site(sid).name})" for sid in suggestions[:limit]]
