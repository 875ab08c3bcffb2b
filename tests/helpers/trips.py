"""A realistic saved trip for the itinerary-file and export tests, and a hostile variant.

Three days around Thai Nguyen in December 2024 (the tea festival): Vietnamese names with
diacritics, a lunch stop, an event stop, a stop whose hours are unknown (``check_hours``), legs
with named road stretches and geometry (and one leg without geometry), sun times on two days,
and skipped sites with reasons. Times are built by walking each day, so they add up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from teatrip.models import (
    ITINERARY_VERSION,
    DayPlan,
    Itinerary,
    Leg,
    Mode,
    RoadStretch,
    Skipped,
    Stop,
    StopKind,
    SunTimes,
    TripRequest,
)

TZ_NAME = "Asia/Ho_Chi_Minh"
TZ = ZoneInfo(TZ_NAME)
HOSTILE_NAME = '<script>alert(1)</script> & "Tea"'
HOSTILE_NOTE = 'Gate code ]]> then left;\nbring cash, 50,000 VND; ask for "Bà Hoa" <b>here</b>'


@dataclass(frozen=True)
class _Place:
    site: str
    name: str
    name_en: str
    lat: float
    lon: float
    precision: str = "commune"


HOTEL = _Place(
    "khach-san-thai-nguyen",
    "Khách sạn Thái Nguyên",
    "Thai Nguyen Hotel",
    21.5942,
    105.8482,
    "exact",
)
TAN_CUONG = _Place("tan-cuong", "Vùng chè Tân Cương", "Tan Cuong tea area", 21.51942, 105.78692)
MUSEUM = _Place(
    "bao-tang-dan-toc",
    "Bảo tàng Văn hóa các dân tộc Việt Nam",
    "Museum of Cultures of Vietnam's Ethnic Groups",
    21.5906,
    105.8456,
    "exact",
)
LUNCH_1 = _Place(
    "quan-com-dong-bam", "Quán cơm Đồng Bẩm", "Dong Bam rice shop", 21.6031, 105.8598, "estimated"
)
SQUARE = _Place(
    "quang-truong-vo-nguyen-giap",
    "Quảng trường Võ Nguyên Giáp",
    "Vo Nguyen Giap Square",
    21.5938,
    105.8461,
    "exact",
)
NUI_COC = _Place("ho-nui-coc", "Hồ Núi Cốc", "Nui Coc Lake", 21.6146, 105.7164)
DEN_DUOM = _Place("den-duom", "Đền Đuổm", "Duom Temple", 21.7422, 105.7903)
LUNCH_2 = _Place(
    "nha-hang-nui-coc", "Nhà hàng Núi Cốc", "Nui Coc restaurant", 21.6105, 105.7302, "estimated"
)
LA_BANG = _Place("la-bang", "HTX chè La Bằng", "La Bang tea cooperative", 21.6981, 105.6453)
CHO_DAN = _Place(
    "cho-che-dan", "Chợ chè Đán", "Dan tea market", 21.5998, 105.8120, "commune-centroid"
)
TRAI_CAI = _Place("trai-cai", "Làng chè Trại Cài", "Trai Cai tea village", 21.7650, 105.8460)


@dataclass(frozen=True)
class _Visit:
    place: _Place
    kind: StopKind
    wait: int = 0
    visit: int = 0
    fee: int | None = None
    check_hours: bool = False
    event: str | None = None
    activity: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Drive:
    minutes: int
    km: float
    roads: tuple[tuple[str, str, float], ...]  # (road name, class, share of the leg)
    geometry: bool = True
    estimated: bool = False


def _at(day: dt.date, clock: str) -> dt.datetime:
    hours, minutes = (int(p) for p in clock.split(":"))
    return dt.datetime(day.year, day.month, day.day, hours, minutes, tzinfo=TZ)


def _geometry(a: _Place, b: _Place, bends: int = 3) -> tuple[tuple[float, float], ...]:
    """A plausible road line from a to b: a few points with a sideways wiggle."""
    points = [(a.lat, a.lon)]
    for i in range(1, bends + 1):
        t = i / (bends + 1)
        wiggle = 0.004 * (1 if i % 2 else -1)
        points.append(
            (
                round(a.lat + (b.lat - a.lat) * t + wiggle, 6),
                round(a.lon + (b.lon - a.lon) * t - wiggle, 6),
            )
        )
    points.append((b.lat, b.lon))
    return tuple(points)


def _walk_day(
    number: int, date: dt.date, start_clock: str, visits: list[_Visit], drives: list[_Drive]
) -> DayPlan:
    assert len(drives) == len(visits) - 1
    stops: list[Stop] = []
    legs: list[Leg] = []
    clock = _at(date, start_clock)
    for i, v in enumerate(visits):
        arrive = clock
        start = arrive + dt.timedelta(minutes=v.wait)
        depart = start + dt.timedelta(minutes=v.visit)
        stops.append(
            Stop(
                site=v.place.site,
                name=v.place.name,
                name_en=v.place.name_en,
                kind=v.kind,
                lat=v.place.lat,
                lon=v.place.lon,
                arrive=arrive,
                start=start,
                depart=depart,
                wait_minutes=v.wait,
                visit_minutes=v.visit,
                fee_vnd=v.fee,
                check_hours=v.check_hours,
                event=v.event,
                activity=v.activity,
                notes=v.notes,
                coordinates_precision=v.place.precision,
            )
        )
        if i < len(drives):
            d = drives[i]
            nxt = visits[i + 1].place
            arrive_next = depart + dt.timedelta(minutes=d.minutes)
            distance_m = round(d.km * 1000)
            duration_s = d.minutes * 60
            roads = tuple(
                RoadStretch(
                    road=name,
                    distance_m=round(distance_m * share),
                    duration_s=round(duration_s * share),
                    road_class=road_class,
                )
                for name, road_class, share in d.roads
            )
            legs.append(
                Leg(
                    from_site=v.place.site,
                    to_site=nxt.site,
                    depart=depart,
                    arrive=arrive_next,
                    distance_m=distance_m,
                    duration_s=duration_s,
                    estimated=d.estimated,
                    roads=roads,
                    geometry=_geometry(v.place, nxt) if d.geometry else (),
                    after_dark=arrive_next.hour >= 18,
                )
            )
            clock = arrive_next
    return DayPlan(
        number=number,
        date=date,
        start=stops[0].depart,
        end=stops[-1].arrive,
        stops=tuple(stops),
        legs=tuple(legs),
    )


def _sun(date: dt.date) -> SunTimes:
    return SunTimes(
        dawn=_at(date, "05:56"),
        sunrise=_at(date, "06:21"),
        sunset=_at(date, "17:14"),
        dusk=_at(date, "17:39"),
        golden_morning=(_at(date, "06:21"), _at(date, "07:02")),
        golden_evening=(_at(date, "16:33"), _at(date, "17:14")),
    )


def sample_itinerary() -> Itinerary:
    """The realistic three-day trip."""
    start = dt.date(2024, 12, 5)
    request = TripRequest(
        start=start,
        days=3,
        start_site=HOTEL.site,
        mode=Mode.MOTORBIKE,
        interests=("tea", "festival"),
        must=(TAN_CUONG.site,),
        avoid=("song-cong-lake",),
        seed=7,
        catalog="<embedded>",
    )
    day1 = _walk_day(
        1,
        start,
        "07:30",
        [
            _Visit(HOTEL, StopKind.START),
            _Visit(
                TAN_CUONG,
                StopKind.VISIT,
                visit=90,
                activity="Walk the tea rows, pick and roast tea with a household",
                notes=("Best light before 9:00",),
            ),
            _Visit(
                MUSEUM,
                StopKind.VISIT,
                wait=10,
                visit=60,
                fee=20_000,
                activity="Ethnic costumes and tea tools",
            ),
            _Visit(LUNCH_1, StopKind.LUNCH, visit=60, activity="Lunch: cơm lam, gà đồi"),
            _Visit(
                SQUARE,
                StopKind.EVENT,
                visit=120,
                event="tea-festival-2024",
                activity="Lễ hội Trà Thái Nguyên: tea-making contest and stalls",
                notes=("event: Lễ hội Trà Thái Nguyên 2024", "Crowded; keep the group together"),
            ),
            _Visit(HOTEL, StopKind.END),
        ],
        [
            _Drive(35, 14.2, (("QL3", "national", 0.6), ("ĐT 270", "provincial", 0.4))),
            _Drive(
                32,
                13.1,
                (("ĐT 270", "provincial", 0.5), ("Đường Cách Mạng Tháng Tám", "local", 0.5)),
            ),
            _Drive(12, 3.4, (("Đường Quang Trung", "local", 1.0),), geometry=False, estimated=True),
            _Drive(10, 2.8, (("Đường Hoàng Văn Thụ", "local", 1.0),)),
            _Drive(5, 0.6, (("Đường Hoàng Văn Thụ", "local", 1.0),), estimated=True),
        ],
    )
    day2 = _walk_day(
        2,
        start + dt.timedelta(days=1),
        "07:30",
        [
            _Visit(HOTEL, StopKind.START),
            _Visit(NUI_COC, StopKind.VISIT, visit=75, fee=50_000, activity="Boat across the lake"),
            _Visit(
                DEN_DUOM,
                StopKind.VISIT,
                visit=45,
                check_hours=True,
                activity="Temple of Lưu Nhân Chú",
                notes=("Hours unknown: call ahead",),
            ),
            _Visit(LUNCH_2, StopKind.LUNCH, visit=60, activity="Lunch by the lake"),
            _Visit(
                LA_BANG,
                StopKind.VISIT,
                wait=15,
                visit=90,
                fee=None,
                activity="Tea tasting at the cooperative",
            ),
            _Visit(HOTEL, StopKind.END),
        ],
        [
            _Drive(40, 22.5, (("ĐT 270", "provincial", 1.0),)),
            _Drive(38, 21.0, (("ĐT 264", "provincial", 0.7), ("Đường liên xã", "local", 0.3))),
            _Drive(36, 19.8, (("ĐT 264", "provincial", 1.0),)),
            _Drive(25, 12.4, (("ĐT 261", "provincial", 1.0),)),
            _Drive(55, 28.7, (("ĐT 261", "provincial", 0.5), ("QL37", "national", 0.5))),
        ],
    )
    day3 = _walk_day(
        3,
        start + dt.timedelta(days=2),
        "08:00",
        [
            _Visit(HOTEL, StopKind.START),
            _Visit(CHO_DAN, StopKind.VISIT, visit=45, activity="Buy fresh tea at the market"),
            _Visit(TRAI_CAI, StopKind.VISIT, visit=90, activity="Tea hills of Minh Lập"),
            _Visit(HOTEL, StopKind.END),
        ],
        [
            _Drive(15, 5.9, (("Đường Z115", "local", 1.0),)),
            _Drive(45, 25.3, (("QL3", "national", 0.8), ("ĐT 269", "provincial", 0.2))),
            _Drive(50, 26.0, (("QL3", "national", 1.0),)),
        ],
    )
    day1 = dataclasses.replace(day1, sun=_sun(day1.date))
    day2 = dataclasses.replace(
        day2, sun=_sun(day2.date), warnings=("Đền Đuổm: opening hours unknown",)
    )
    return Itinerary(
        version=ITINERARY_VERSION,
        request=request,
        timezone=TZ_NAME,
        region="Thai Nguyen tea region",
        days=(day1, day2, day3),
        skipped=(
            Skipped(
                site="ho-song-cong",
                name="Hồ Sông Công",
                reason="avoided on request",
                code="avoided",
            ),
            Skipped(
                site="den-thuong",
                name="Đền Thượng",
                reason="feasible but worth less than what was chosen: drop Chợ chè Đán to fit it",
                code="outscored",
            ),
            Skipped(
                site="cho-phien-tuc-tranh",
                name="Chợ phiên Tức Tranh",
                reason="closed on every trip date (meets on lunar days 1 and 15)",
                code="closed",
            ),
        ),
        created=dt.datetime(2024, 12, 1, 20, 15, 0, tzinfo=TZ),
        warnings=("Times on estimated legs are approximate",),
    )


def hostile_itinerary() -> Itinerary:
    """The same trip with catalog text that tries to break every format it lands in."""
    it = sample_itinerary()
    day1 = it.days[0]
    hostile_stop = dataclasses.replace(
        day1.stops[1],
        name=HOSTILE_NAME,
        name_en=HOSTILE_NAME,
        activity='<img src=x onerror=alert(2)> "quoted", comma; semicolon',
        notes=(HOSTILE_NOTE, "line one\r\nline two"),
    )
    stops = (day1.stops[0], hostile_stop, *day1.stops[2:])
    legs = list(day1.legs)
    legs[0] = dataclasses.replace(
        legs[0],
        roads=(RoadStretch(road="QL3 <b>&amp;</b> ]]>", distance_m=14_200, duration_s=2100),),
    )
    day1 = dataclasses.replace(day1, stops=stops, legs=tuple(legs), warnings=(HOSTILE_NOTE,))
    skipped = (
        Skipped(site="evil", name=HOSTILE_NAME, reason=HOSTILE_NOTE, code="closed"),
        *it.skipped,
    )
    return dataclasses.replace(
        it, days=(day1, *it.days[1:]), skipped=skipped, region='Thai Nguyen <i>"&"</i>'
    )
