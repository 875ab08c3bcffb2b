"""Finding better points for sites with a geocoder (geopy), and writing them into a catalog.

``locate`` asks the geocoder (Nominatim by default) for each site's name and 2025 commune and
returns every candidate with its distance from the site's current point and whether it lies in
that commune (:mod:`teatrip.communes`). The requests go through geopy's ``RateLimiter`` so that
they are spaced as the provider's policy asks (Nominatim: one a second) and retried after an
error; a ``Retry-After`` the provider sends is waited out before the retry. Every answer (an
empty one too) is cached on disk, keyed by provider, URL and query, so a second run asks nothing.
When the geocoder cannot be reached or answers badly, ``GeocoderError`` says so in one line and
nothing is written: neither the cache nor the catalog.

``apply_points`` writes chosen points back into a catalog file with a round-trip YAML library
(ruamel.yaml), so the file keeps its comments, key order, quoting and layout and only the changed
locations differ; the new text replaces the file atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from teatrip import __version__
from teatrip.communes import Commune, commune_at, find_commune
from teatrip.errors import BadInputError, ExportError, GeocoderError, TeatripError, one_line
from teatrip.fileio import loads_json, read_bounded, write_atomic
from teatrip.formatting import say
from teatrip.geo import haversine_m
from teatrip.models import Precision, Site

__all__ = [
    "DEFAULT_URL",
    "DEFAULT_USER_AGENT",
    "Candidate",
    "GeocoderSettings",
    "LocateResult",
    "SiteLookup",
    "apply_points",
    "default_cache_path",
    "locate",
    "query_for",
]

DEFAULT_URL = "https://nominatim.openstreetmap.org"
# Nominatim's usage policy asks for an agent that identifies the application (geopy's own
# default is refused).
DEFAULT_USER_AGENT = f"teatrip/{__version__} (tea-tourism trip planner)"
MAX_CANDIDATES = 5
CACHE_VERSION = 1
Answer = tuple[float, float, str, str]  # lat, lon, address, kind: what the cache keeps
# Key layouts (mapping, sequence, offset) a catalog may be written in; the one that reproduces
# the file unchanged is the file's own.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (2, 2, 2), (4, 4, 2), (4, 2, 0))
# Nominatim classes of answers that name an area (OpenStreetMap boundary=* and place=*).
_AREA_CLASSES = {"boundary", "place"}
_DIGITS = 5  # 1e-5 degrees is about 1 m: the precision the catalog writes points with


@dataclass(frozen=True)
class GeocoderSettings:
    """Which geocoder to ask and how politely."""

    provider: str = "nominatim"  # a geopy service name (geopy.geocoders.SERVICE_TO_GEOCODER)
    url: str = DEFAULT_URL
    user_agent: str = DEFAULT_USER_AGENT
    timeout_s: float = 10.0
    min_delay_s: float = 1.0  # Nominatim's policy: at most one request a second
    max_retries: int = 2
    error_wait_s: float = 2.0
    max_retry_after_s: float = 120.0  # a longer Retry-After ends the run instead of waiting

    @property
    def cache_prefix(self) -> str:
        return f"{self.provider} {self.url.rstrip('/')}"


@dataclass(frozen=True)
class Candidate:
    """One answer of the geocoder for a site, placed against the site and its commune."""

    lat: float
    lon: float
    address: str
    kind: str  # what the provider says it is, e.g. "amenity/marketplace" ("" when it does not say)
    distance_m: int  # from the site's current point
    commune: str  # the 2025 commune the candidate lies in ("" outside the province)
    in_commune: bool  # whether that is the commune the site names

    @property
    def is_area(self) -> bool:
        """A commune, village or other named area rather than a place: its point is the area's
        centre, which is no better than the commune point the catalog already has."""
        return self.kind.split("/")[0] in _AREA_CLASSES


@dataclass(frozen=True)
class SiteLookup:
    """What the geocoder answered for one site."""

    site: Site
    query: str
    candidates: tuple[Candidate, ...]
    cached: bool

    @property
    def chosen(self) -> Candidate | None:
        """The best-ranked candidate inside the site's commune that is not an area: the one
        ``--apply`` writes."""
        return next((c for c in self.candidates if c.in_commune and not c.is_area), None)


@dataclass
class LocateResult:
    """Every site's lookup, and how many answers came from the cache."""

    lookups: list[SiteLookup] = field(default_factory=list)

    @property
    def asked(self) -> int:
        return sum(not lookup.cached for lookup in self.lookups)

    @property
    def from_cache(self) -> int:
        return sum(lookup.cached for lookup in self.lookups)


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/teatrip/geocode.json`` (``~/.cache`` when unset or not absolute)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "teatrip" / "geocode.json"


def query_for(site: Site) -> str:
    """What the geocoder is asked for a site: its name, its commune (when that is an official
    2025 name) and the province."""
    commune = find_commune(site.commune_2025) if site.commune_2025 else None
    parts = [site.name, commune.name if commune else "", "Thái Nguyên", "Việt Nam"]
    return ", ".join(part for part in parts if part)


def locate(
    sites: Sequence[Site],
    settings: GeocoderSettings,
    *,
    cache_path: Path | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> LocateResult:
    """Ask the geocoder about each site (the cache first) and place every candidate.

    Raises ``GeocoderError`` when the geocoder cannot be reached or answers badly after its
    retries; the cache is then left as it was.
    """
    path = cache_path or default_cache_path()
    cache = _read_cache(path)
    ask: Callable[[str], list[Answer]] | None = None
    result = LocateResult()
    changed = False
    for site in sites:
        query = query_for(site)
        key = f"{settings.cache_prefix}|{query}"
        cached = key in cache
        if not cached:
            if ask is None:  # built on the first miss, so a run from the cache imports no geopy
                ask = _asker(settings, sleep)
            cache[key] = [list(answer) for answer in ask(query)]
            changed = True
        answers = [(float(a[0]), float(a[1]), str(a[2]), str(a[3])) for a in cache[key]]
        candidates = tuple(_candidate(site, *answer) for answer in answers)
        result.lookups.append(SiteLookup(site, query, candidates, cached))
    if changed:
        _write_cache(path, cache)
    return result


def _candidate(site: Site, lat: float, lon: float, address: str, kind: str) -> Candidate:
    named = find_commune(site.commune_2025) if site.commune_2025 else None
    actual = commune_at(lat, lon)
    return Candidate(
        lat=round(lat, _DIGITS),
        lon=round(lon, _DIGITS),
        address=address,
        kind=kind,
        distance_m=round(float(haversine_m(site.lat, site.lon, lat, lon))),
        commune=actual.name if actual else "",
        in_commune=_same(named, actual),
    )


def _same(named: Commune | None, actual: Commune | None) -> bool:
    return named is not None and actual is not None and named.code == actual.code


def _asker(
    settings: GeocoderSettings, sleep: Callable[[float], None]
) -> Callable[[str], list[Answer]]:
    """A function that asks the geocoder one query, rate-limited and retried, and turns geopy's
    failures into one ``GeocoderError``."""
    from geopy.adapters import URLLibAdapter
    from geopy.exc import (
        GeocoderNotFound,
        GeocoderRateLimited,
        GeocoderServiceError,
        GeocoderTimedOut,
        GeocoderUnavailable,
    )
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import get_geocoder_for_service

    parts = urlsplit(settings.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadInputError(
            say("--url {url}: give an http:// or https:// address", url=settings.url)
        )
    try:
        service = get_geocoder_for_service(settings.provider)
    except GeocoderNotFound:
        raise BadInputError(
            say(
                "--provider {provider}: geopy knows no geocoder of that name",
                provider=settings.provider,
            )
        ) from None
    try:
        geocoder = service(
            domain=parts.netloc + parts.path.rstrip("/"),
            scheme=parts.scheme,
            user_agent=settings.user_agent,
            timeout=settings.timeout_s,
            # urllib, not requests: requests retries on its own (a 429 with Retry-After among
            # them), unspaced and unseen by the rate limiter, which must see every request.
            adapter_factory=URLLibAdapter,
        )
    except (TypeError, GeocoderServiceError, ValueError) as error:
        # e.g. a provider that needs an API key, or takes no URL
        raise BadInputError(f"--provider {settings.provider}: {error}") from None
    extra: dict[str, Any] = {"limit": MAX_CANDIDATES} if settings.provider == "nominatim" else {}

    def once(query: str) -> Any:
        try:
            return geocoder.geocode(query, exactly_one=False, **extra)
        except GeocoderRateLimited as error:
            # RateLimiter waits error_wait_s before retrying; the provider said how long to wait.
            wait = float(error.retry_after or 0)
            if wait > settings.max_retry_after_s:
                reason = f"it asks to wait {wait:g} s before asking again"
                raise _failure(settings, reason) from error
            sleep(wait)
            raise

    limited = RateLimiter(
        once,
        min_delay_seconds=settings.min_delay_s,
        max_retries=settings.max_retries,
        # geopy requires the wait after an error to be at least the delay between requests
        error_wait_seconds=max(settings.error_wait_s, settings.min_delay_s),
        swallow_exceptions=False,
    )

    def ask(query: str) -> list[Answer]:
        try:
            answers = limited(query) or []
        except (GeocoderUnavailable, GeocoderTimedOut) as error:
            raise _unreached(settings, error) from None
        except GeocoderRateLimited:
            raise _failure(settings, say("it still refuses: too many requests")) from None
        except GeocoderServiceError as error:
            if _unreachable(error):
                raise _unreached(settings, error) from None
            raise _failure(settings, _reason(error)) from None
        return [
            (a.latitude, a.longitude, str(a.address), _kind(a.raw))
            for a in answers[:MAX_CANDIDATES]
        ]

    return ask


def _kind(raw: Any) -> str:
    if isinstance(raw, dict) and raw.get("class") and raw.get("type"):
        return f"{raw['class']}/{raw['type']}"
    return ""


def _unreachable(error: Exception) -> bool:
    """Whether geopy's error comes from a connection that failed (refused, no route, unknown
    host) rather than from an answer: geopy's urllib adapter words only some of them so."""
    from urllib.error import HTTPError

    cause = error.__cause__ or error.__context__
    return isinstance(cause, OSError) and not isinstance(cause, HTTPError)


def _failure(settings: GeocoderSettings, reason: str) -> GeocoderError:
    return GeocoderError(
        say(
            "the geocoder at {url} gave no usable answer: {reason}; nothing changed",
            url=settings.url,
            reason=reason,
        )
    )


def _unreached(settings: GeocoderSettings, error: Exception) -> GeocoderError:
    return GeocoderError(
        say(
            "cannot reach the geocoder at {url}: {reason}; nothing changed",
            url=settings.url,
            reason=_reason(error),
        )
    )


def _reason(error: Exception) -> str:
    return one_line(str(error) or type(error).__name__, 160)


def _read_cache(path: Path) -> dict[str, list[list[Any]]]:
    """The cached answers; a missing or unreadable cache is an empty one (it is only a cache)."""
    try:
        document = loads_json(read_bounded(path).decode("utf-8"), source=str(path))
    except (TeatripError, UnicodeDecodeError, OSError):
        return {}
    if not isinstance(document, dict) or document.get("version") != CACHE_VERSION:
        return {}
    answers = document.get("answers")
    if not isinstance(answers, dict):
        return {}
    return {key: value for key, value in answers.items() if _valid_answers(value)}


def _valid_answers(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(a, list)
        and len(a) == 4
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in a[:2])
        and isinstance(a[2], str)
        and isinstance(a[3], str)
        for a in value
    )


def _write_cache(path: Path, answers: Mapping[str, list[list[Any]]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(
            say(
                "{folder}: cannot create the geocoder cache folder ({why})",
                folder=str(path.parent),
                why=str(error.strerror),
            )
        ) from None
    document = {"version": CACHE_VERSION, "answers": dict(sorted(answers.items()))}
    write_atomic(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n", force=True)


def apply_points(
    path: Path,
    lookups: Iterable[SiteLookup],
    settings: GeocoderSettings,
    *,
    today: dt.date,
) -> list[str]:
    """Write each lookup's chosen point into the catalog file at ``path``; return the ids of the
    sites changed. Only their ``location`` mappings change (lat, lon, precision, source, date);
    the file is replaced atomically, and left untouched when no site has a chosen point.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    chosen = {
        lookup.site.id: (lookup, pick) for lookup in lookups if (pick := lookup.chosen) is not None
    }
    if not chosen:
        return []
    text = read_bounded(path).decode("utf-8")
    yaml, data = _load_keeping_layout(YAML, YAMLError, text, path)
    changed = []
    for entry in data.get("sites") or []:
        site_id = entry.get("id")
        if site_id not in chosen:
            continue
        lookup, pick = chosen[site_id]
        location = entry["location"]
        location["lat"] = pick.lat
        location["lon"] = pick.lon
        location["precision"] = Precision.GEOCODED.value
        location["source"] = DoubleQuotedScalarString(_source(settings, lookup, pick))
        # A new object per site: one shared object would be written as a YAML anchor and aliases.
        location["date"] = dt.date.fromordinal(today.toordinal())
        changed.append(site_id)
    if changed:
        out = io.StringIO()
        yaml.dump(data, out)
        write_atomic(path, out.getvalue(), force=True)
    return changed


def _load_keeping_layout(
    yaml_class: Any, yaml_error: type[Exception], text: str, path: Path
) -> Any:
    """A round-trip loader set to the file's own indentation, and the loaded document.

    ruamel.yaml cannot detect indentation, so each usual layout is tried: the one that writes
    the unchanged document back byte for byte is the file's. A file none reproduces is refused
    rather than reformatted.
    """
    for mapping, sequence, offset in _LAYOUTS:
        yaml = yaml_class(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 1_000_000  # never fold a long line the file keeps on one
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        try:
            data = yaml.load(text)
        except yaml_error as error:
            raise BadInputError(
                say(
                    "{path}: cannot read it back as YAML: {reason}",
                    path=str(path),
                    reason=_reason(error),
                )
            ) from None
        out = io.StringIO()
        yaml.dump(data, out)
        if out.getvalue() == text:
            return yaml, data
    raise BadInputError(
        say(
            "{path}: its layout cannot be kept when rewriting it (unusual indentation or line "
            "breaks); nothing changed",
            path=str(path),
        )
    )


def _source(settings: GeocoderSettings, lookup: SiteLookup, pick: Candidate) -> str:
    attribution = " (OpenStreetMap data, ODbL)" if settings.provider == "nominatim" else ""
    return (
        f"{settings.provider} at {settings.url}{attribution}, asked for '{lookup.query}': "
        f"{one_line(pick.address, 200)}; inside {pick.commune}"
    )
