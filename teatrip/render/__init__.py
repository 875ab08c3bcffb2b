"""Terminal rendering with rich: the only package that imports rich.

One module per kind of output (sites, routes, plans) so commands import only what they show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def stdout_console(width: int | None = None) -> Console:
    """A console on stdout; honours COLUMNS so tests can fix the width."""
    from rich.console import Console

    return Console(width=width, soft_wrap=False, highlight=False)
