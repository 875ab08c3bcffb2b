"""`teatrip sites locate` and teatrip.geocode against a local server that answers like Nominatim.

Nothing here touches the network: the geocoder's URL is a ThreadingHTTPServer on 127.0.0.1, and
the answer cache lives under tmp_path (``XDG_CACHE_HOME``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from teatrip.catalog import load_catalog
from teatrip.errors import GeocoderError
from teatrip.geocode import GeocoderSettings, apply_points, default_cache_path, locate
from teatrip.models import Precision

# Points inside three 2025 communes (their centroids) and one in a neighbouring commune.
TAN_CUONG = (21.51942, 105.78692)
NEAR_TAN_CUONG = (21.52500, 105.79000)  # still in Xã Tân Cương, ~700 m away
DAI_PHUC = (21.5765, 105.70945)
PHAN_DINH_PHUNG = (21.58873, 105.83377)

CATALOG = """\
# A hand-written catalog: its comments, order and quoting must survive --apply.
version: 1

region:
  name: Test region   # a trailing comment
  timezone: Asia/Ho_Chi_Minh
  centre: {lat: 21.6, lon: 105.8}
  radius_km: 80

sites:
  # The tea hills.
  - id: tan-cuong
    name: Đồi chè Tân Cương
    name_en: Tan Cuong tea hills
    kind: tea-area
    location:
      lat: 21.51942
      lon: 105.78692
      precision: commune-centroid
      source: "centroid of the 2025 commune"   # keep me
    visit: 120
    hours: {status: estimated, daily: ["07:00-17:00"]}
    score: 9
    commune_2025: Xã Tân Cương

  - id: cho-thai
    name: Chợ Thái
    name_en: Thai market
    kind: market
    location: {lat: 21.58873, lon: 105.83377, precision: commune-centroid, source: 'centroid'}
    visit: 60
    hours: {status: unknown}
    score: 5
    commune_2025: Phường Phan Đình Phùng

  - id: nowhere
    name: Nơi không có
    name_en: Nowhere
    kind: viewpoint
    location:
      lat: 21.6
      lon: 105.8
      precision: estimated
      source: test
    visit: 30
    hours: {status: unknown}
    score: 2
"""

# What the fake Nominatim knows, by the start of the query (the site's name).
ANSWERS = {
    "Đồi chè Tân Cương": [
        # ranked first, but in another commune
        (*DAI_PHUC, "Tân Cương road, Đại Phúc", "highway/tertiary"),
        # in the commune, but the commune itself: its centre is no better than the catalog's
        (*TAN_CUONG, "Xã Tân Cương, Thái Nguyên", "boundary/administrative"),
        (*NEAR_TAN_CUONG, "Đồi chè Tân Cương, Xã Tân Cương, Thái Nguyên", "tourism/attraction"),
    ],
    "Chợ Thái": [
        (*PHAN_DINH_PHUNG, "Chợ Thái, Phường Phan Đình Phùng, Thái Nguyên", "amenity/marketplace")
    ],
    "Nơi không có": [],
}


@dataclass
class FakeNominatim:
    """The server's script (actions for the next requests) and what it received."""

    url: str = ""
    answers: dict[str, list[tuple[float, float, str, str]]] = field(
        default_factory=lambda: dict(ANSWERS)
    )
    script: list[tuple[str, object]] = field(default_factory=list)
    requests: list[tuple[float, str, str]] = field(default_factory=list)  # time, query, agent
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def queries(self) -> list[str]:
        return [query for _, query, _ in self.requests]


def _handler(fake: FakeNominatim) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query).get("q", [""])[0]
            with fake.lock:
                fake.requests.append((time.monotonic(), query, self.headers.get("User-Agent", "")))
                action, value = fake.script.pop(0) if fake.script else ("answer", None)
            if action == "status":  # e.g. 429 with Retry-After
                code, headers = value  # type: ignore[misc]
                self.send_response(code)
                for name, text in headers.items():
                    self.send_header(name, text)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if action == "sleep":  # longer than the client's timeout
                time.sleep(float(value))  # type: ignore[arg-type]
            body = value if action == "raw" else json.dumps(_places(fake.answers, query))
            data = str(body).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    return Handler


def _places(
    known: dict[str, list[tuple[float, float, str, str]]], query: str
) -> list[dict[str, object]]:
    for name, answers in known.items():
        if query.startswith(name):
            return [
                {
                    "place_id": i,
                    "lat": str(lat),
                    "lon": str(lon),
                    "display_name": address,
                    "class": kind.split("/")[0],
                    "type": kind.split("/")[1],
                }
                for i, (lat, lon, address, kind) in enumerate(answers)
            ]
    return []


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out closed the socket: expected, and not for stderr


@pytest.fixture
def nominatim(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeNominatim]:
    """A fake Nominatim on a free port of 127.0.0.1, with the cache under tmp_path."""
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fake = FakeNominatim()
    server = _QuietServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "trip.yaml"
    path.write_text(CATALOG, encoding="utf-8")
    return path


def _settings(fake: FakeNominatim, **changes: float) -> GeocoderSettings:
    options = {"min_delay_s": 0.0, "max_retries": 0, "error_wait_s": 0.0, "timeout_s": 5.0}
    return GeocoderSettings(url=fake.url, user_agent="teatrip-tests", **{**options, **changes})  # type: ignore[arg-type]


def _locate_args(fake: FakeNominatim, catalog: Path, *extra: str) -> list[str]:
    return ["sites", "locate", "--catalog", str(catalog), "--url", fake.url,
            "--user-agent", "teatrip-tests", "--min-delay", "0", "--retries", "0", *extra]  # fmt: skip


def test_cache_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "teatrip" / "geocode.json"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # not absolute: ignored, as the spec says
    assert default_cache_path() == Path.home() / ".cache" / "teatrip" / "geocode.json"


def test_candidates_are_placed_against_the_site_and_its_commune(
    nominatim: FakeNominatim, catalog_file: Path
) -> None:
    catalog = load_catalog(catalog_file)
    result = locate(catalog.sites, _settings(nominatim))
    tan_cuong, cho_thai, nowhere = result.lookups
    assert tan_cuong.query == "Đồi chè Tân Cương, Xã Tân Cương, Thái Nguyên, Việt Nam"
    assert nowhere.query == "Nơi không có, Thái Nguyên, Việt Nam"  # no commune named
    road, commune, hill = tan_cuong.candidates
    assert (road.commune, road.in_commune, road.is_area) == ("Xã Đại Phúc", False, False)
    assert (commune.in_commune, commune.is_area, commune.distance_m) == (True, True, 0)
    assert (hill.commune, hill.in_commune, hill.kind) == (
        "Xã Tân Cương",
        True,
        "tourism/attraction",
    )
    assert 600 < hill.distance_m < 800
    assert tan_cuong.chosen == hill  # the best-ranked place (not area) inside the commune
    assert cho_thai.chosen is not None and cho_thai.chosen.distance_m == 0
    assert nowhere.candidates == () and nowhere.chosen is None
    assert {agent for _, _, agent in nominatim.requests} == {"teatrip-tests"}


def test_second_run_answers_from_the_cache_without_a_request(
    cli, nominatim: FakeNominatim, catalog_file: Path
) -> None:  # type: ignore[no-untyped-def]
    first = cli(*_locate_args(nominatim, catalog_file, "--all"))
    assert first.exit_code == 0, first.output
    assert "3 sites: 3 asked, 0 from the cache" in first.stdout
    assert len(nominatim.requests) == 3
    second = cli(*_locate_args(nominatim, catalog_file, "--all"))
    assert second.exit_code == 0, second.output
    assert "3 sites: 0 asked, 3 from the cache" in second.stdout
    assert len(nominatim.requests) == 3  # nothing asked: "no result" is cached too
    assert (
        "tan-cuong: Đồi chè Tân Cương, Xã Tân Cương, Thái Nguyên, Việt Nam (from the cache)"
        in second.stdout
    )
    assert (
        " *3. 21.52500, 105.79000  0.7 km from the current point  inside its commune  Đồi chè"
        in second.stdout
    )
    assert (
        "  2. 21.51942, 105.78692  0.0 km from the current point  inside its commune (an area, "
        "boundary/administrative: not used)  Xã Tân Cương" in second.stdout
    )
    assert (
        "  1. 21.57650, 105.70945  " in second.stdout
        and "in Xã Đại Phúc  Tân Cương road" in second.stdout
    )
    assert (
        "nowhere: Nơi không có, Thái Nguyên, Việt Nam (from the cache)\n  no candidate\n"
        in second.stdout
    )
    # Keyed by provider and URL too: another geocoder is asked afresh.
    cache = json.loads((default_cache_path()).read_text(encoding="utf-8"))
    assert all(key.startswith(f"nominatim {nominatim.url}|") for key in cache["answers"])


def test_requests_are_spaced_by_the_rate_limit(
    nominatim: FakeNominatim, catalog_file: Path
) -> None:
    catalog = load_catalog(catalog_file)
    locate(catalog.sites, _settings(nominatim, min_delay_s=0.5))
    times = [moment for moment, _, _ in nominatim.requests]
    assert len(times) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # Measured where the requests arrive; 50 ms allows for the scheduling of the two threads.
    assert min(gaps) >= 0.45, gaps


def test_too_many_requests_waits_the_retry_after_then_retries(
    nominatim: FakeNominatim, catalog_file: Path
) -> None:
    catalog = load_catalog(catalog_file)
    nominatim.script.append(("status", (429, {"Retry-After": "1"})))
    result = locate(catalog.sites[:1], _settings(nominatim, max_retries=1))
    assert len(result.lookups[0].candidates) == 3
    (refused, _, _), (answered, _, _) = nominatim.requests
    assert answered - refused >= 0.95  # Retry-After: 1 was honoured


def test_too_many_requests_after_every_retry_fails_and_writes_nothing(
    nominatim: FakeNominatim, catalog_file: Path
) -> None:
    catalog = load_catalog(catalog_file)
    nominatim.script.extend([("status", (429, {"Retry-After": "0"}))] * 2)
    with pytest.raises(GeocoderError, match="too many requests; nothing changed"):
        locate(catalog.sites, _settings(nominatim, max_retries=1))
    assert not default_cache_path().exists()


def test_a_retry_after_beyond_the_limit_stops_at_once(
    nominatim: FakeNominatim, catalog_file: Path
) -> None:
    catalog = load_catalog(catalog_file)
    nominatim.script.append(("status", (429, {"Retry-After": "3600"})))
    with pytest.raises(GeocoderError, match="asks to wait 3600 s"):
        locate(catalog.sites, _settings(nominatim, max_retries=3))
    assert len(nominatim.requests) == 1


def test_a_timeout_is_retried_then_reported(nominatim: FakeNominatim, catalog_file: Path) -> None:
    catalog = load_catalog(catalog_file)
    nominatim.script.append(("sleep", 1.0))
    result = locate(catalog.sites[:1], _settings(nominatim, timeout_s=0.3, max_retries=1))
    assert len(result.lookups[0].candidates) == 3  # the retry was answered
    nominatim.script.extend([("sleep", 1.0), ("sleep", 1.0)])
    with pytest.raises(GeocoderError, match=f"cannot reach the geocoder at {nominatim.url}: "):
        locate(catalog.sites[1:2], _settings(nominatim, timeout_s=0.3, max_retries=1))


def test_malformed_json_is_one_line_and_nothing_written(
    cli, nominatim: FakeNominatim, catalog_file: Path
) -> None:  # type: ignore[no-untyped-def]
    nominatim.script.append(("raw", "[{not json"))
    before = catalog_file.read_bytes()
    result = cli(*_locate_args(nominatim, catalog_file, "--all", "--apply"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"teatrip: the geocoder at {nominatim.url} gave no usable answer"
    )
    assert result.stderr.endswith("; nothing changed\n") and result.stderr.count("\n") == 1
    assert catalog_file.read_bytes() == before
    assert not default_cache_path().exists()


def test_offline_says_so_in_one_line_and_changes_nothing(
    cli, nominatim: FakeNominatim, catalog_file: Path
) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    before = catalog_file.read_bytes()
    args = _locate_args(nominatim, catalog_file, "tan-cuong", "--apply")
    args[args.index("--url") + 1] = closed
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"teatrip: cannot reach the geocoder at {closed}: ")
    assert result.stderr.endswith("; nothing changed\n") and result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert catalog_file.read_bytes() == before
    assert not default_cache_path().exists()


def test_apply_changes_only_the_chosen_locations(
    cli, nominatim: FakeNominatim, catalog_file: Path
) -> None:  # type: ignore[no-untyped-def]
    result = cli(*_locate_args(nominatim, catalog_file, "--all", "--apply"))
    assert result.exit_code == 0, result.output
    assert f"{catalog_file}: wrote 2 points; 1 left as it was" in result.stdout
    after = catalog_file.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(CATALOG.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    today = dt.date.today().isoformat()
    source = (
        f"nominatim at {nominatim.url} (OpenStreetMap data, ODbL), asked for "
        "'Đồi chè Tân Cương, Xã Tân Cương, Thái Nguyên, Việt Nam': "
        "Đồi chè Tân Cương, Xã Tân Cương, Thái Nguyên; inside Xã Tân Cương"
    )
    assert changed == [
        "-      lat: 21.51942",
        "-      lon: 105.78692",
        "-      precision: commune-centroid",
        '-      source: "centroid of the 2025 commune"   # keep me',
        "+      lat: 21.525",
        "+      lon: 105.79",
        "+      precision: geocoded",
        f'+      source: "{source}" # keep me',  # the comment follows the longer value
        f"+      date: {today}",
        "-    location: {lat: 21.58873, lon: 105.83377, precision: commune-centroid, source: 'centroid'}",
        f"+    location: {{lat: 21.58873, lon: 105.83377, precision: geocoded, source: \"nominatim at {nominatim.url} (OpenStreetMap data, ODbL), asked for 'Chợ Thái, Phường Phan Đình Phùng, Thái Nguyên, Việt Nam': Chợ Thái, Phường Phan Đình Phùng, Thái Nguyên; inside Phường Phan Đình Phùng\", date: {today}}}",
    ], changed
    reloaded = load_catalog(catalog_file)
    tan_cuong = reloaded.sites[0].location
    assert (tan_cuong.lat, tan_cuong.lon, tan_cuong.precision) == (
        21.525,
        105.79,
        Precision.GEOCODED,
    )
    assert tan_cuong.date is not None and tan_cuong.date.isoformat() == today
    assert not list(catalog_file.parent.glob("*.tmp"))  # the temporary file was moved into place


def test_apply_with_nothing_to_write_leaves_the_file(
    nominatim: FakeNominatim, catalog_file: Path
) -> None:
    catalog = load_catalog(catalog_file)
    result = locate(catalog.sites[2:], _settings(nominatim))
    before = catalog_file.stat().st_mtime_ns
    assert (
        apply_points(catalog_file, result.lookups, _settings(nominatim), today=dt.date(2026, 1, 1))
        == []
    )
    assert catalog_file.stat().st_mtime_ns == before


def test_usage_errors(cli, nominatim: FakeNominatim, catalog_file: Path) -> None:  # type: ignore[no-untyped-def]
    no_sites = cli("sites", "locate", "--catalog", str(catalog_file))
    assert no_sites.exit_code == 2 and "name the sites to locate, or give --all" in no_sites.stderr
    shipped = cli("sites", "locate", "--all", "--apply", env={"TEATRIP_CATALOG": ""})
    assert shipped.exit_code == 2 and "--apply writes into the catalog you name" in shipped.stderr
    bad_provider = cli(*_locate_args(nominatim, catalog_file, "--all", "--provider", "nosuch"))
    assert bad_provider.exit_code == 2 and "geopy knows no geocoder" in bad_provider.stderr
    assert nominatim.requests == []


def test_a_geocoded_point_needs_its_date(tmp_path: Path) -> None:
    from teatrip.catalog import validate_catalog

    path = tmp_path / "c.yaml"
    path.write_text(
        CATALOG.replace("precision: commune-centroid\n", "precision: geocoded\n"), encoding="utf-8"
    )
    lines = [str(problem) for problem in validate_catalog(path).problems]
    assert lines == [
        f"{path}:16: site 'tan-cuong': location.date: a geocoded point needs the date it was found"
    ]


@pytest.mark.data
def test_apply_on_the_shipped_catalog_touches_only_the_location_lines(
    cli, nominatim: FakeNominatim, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from teatrip.catalog import default_catalog_path

    original = default_catalog_path().read_text(encoding="utf-8")
    copy = tmp_path / "hills.yaml"
    copy.write_text(original, encoding="utf-8")
    nominatim.answers = {"Vùng chè đặc sản Tân Cương": ANSWERS["Đồi chè Tân Cương"]}
    result = cli(*_locate_args(nominatim, copy, "tan-cuong", "--apply"))
    assert result.exit_code == 0, result.output
    changed = [
        line
        for line in difflib.unified_diff(
            original.splitlines(), copy.read_text("utf-8").splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert [line.split(":")[0].strip() for line in changed] == [
        "-      lat", "-      lon", "-      precision", "-      source",
        "+      lat", "+      lon", "+      precision", "+      source", "+      date",
    ]  # fmt: skip
    assert load_catalog(copy).sites[0].location.precision is Precision.GEOCODED


def test_a_broken_cache_is_asked_past_and_rewritten(
    nominatim: FakeNominatim, catalog_file: Path
) -> None:
    catalog = load_catalog(catalog_file)
    cache = default_cache_path()
    cache.parent.mkdir(parents=True)
    cache.write_text('{"version": 1, "answers": {"x": [[1, 2]]', encoding="utf-8")  # cut short
    locate(catalog.sites[:1], _settings(nominatim))
    assert len(nominatim.requests) == 1
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert list(kept["answers"]) == [f"nominatim {nominatim.url}|{nominatim.queries[0]}"]
    assert len(kept["answers"][f"nominatim {nominatim.url}|{nominatim.queries[0]}"]) == 3
    assert not [p for p in cache.parent.iterdir() if p != cache]  # no temporary left behind


def test_the_provider_s_text_is_shown_on_one_safe_line(
    cli, nominatim: FakeNominatim, catalog_file: Path
) -> None:  # type: ignore[no-untyped-def]
    hostile = "Chợ Thái\x1b[2J\u202e\nrm -rf"
    nominatim.answers = {"Chợ Thái": [(*PHAN_DINH_PHUNG, hostile, "amenity/marketplace")]}
    result = cli(*_locate_args(nominatim, catalog_file, "cho-thai"))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert (
        " *1. 21.58873, 105.83377  0.0 km from the current point  inside its commune  Chợ Thái[2J rm -rf\n"
        in result.stdout
    )


def test_a_cache_folder_that_cannot_be_made_is_one_line(
    cli, nominatim: FakeNominatim, catalog_file: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    result = cli(
        *_locate_args(nominatim, catalog_file, "cho-thai"), env={"XDG_CACHE_HOME": str(blocker)}
    )
    assert result.exit_code == 1, result.output
    assert (
        result.stderr
        == f"teatrip: {blocker}/teatrip: cannot create the geocoder cache folder (Not a directory)\n"
    )
