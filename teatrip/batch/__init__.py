"""A season of groups planned at once, within each site's capacity (issue 13).

``plan_season`` reads a groups file, plans every group not yet held in the season's SQLite
ledger around the places already held, writes each group's trip and exports, a season summary
and each site's occupancy schedule, and checks the whole season with an independent capacity
checker (``check_season``). Planning runs in this process, in local worker processes, or on a
Dask distributed cluster, with the same result for a seed.
"""

from __future__ import annotations

from teatrip.batch.capacity import Block, Hold, Violation, check_holds, check_season, holds_of
from teatrip.batch.groups import Group, Season, read_groups
from teatrip.batch.ledger import LEDGER_NAME, Ledger, LedgerBusyError
from teatrip.batch.season import Progress, SeasonResult, plan_season
from teatrip.batch.work import plan_value

__all__ = [
    "LEDGER_NAME",
    "Block",
    "Group",
    "Hold",
    "Ledger",
    "LedgerBusyError",
    "Progress",
    "Season",
    "SeasonResult",
    "Violation",
    "check_holds",
    "check_season",
    "holds_of",
    "plan_season",
    "plan_value",
    "read_groups",
]
