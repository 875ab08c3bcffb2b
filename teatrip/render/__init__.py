"""Terminal rendering with rich: the only package that imports rich.

One module per kind of output (sites, routes, plans) so commands import only what they show.

Everything shown comes partly from a catalog someone else wrote, so the consoles made here treat
every string as plain text: no rich markup (``[link=file:///…]`` or a stray ``[/]`` in a site name
would otherwise be obeyed or crash), no ``:emoji:`` codes, no highlighting; styles are given with
``rich.text.Text``. Control characters and bidirectional overrides are removed from what reaches
the terminal so that a name cannot move the cursor, clear the screen or reorder a line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from teatrip.errors import UNSAFE_CHARS
from teatrip.i18n import N_, gettext

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment

__all__ = ["plain_text", "road_name", "stdout_console"]

# The names the road graph gives the stretches it makes up (network.ACCESS_ROAD_NAME and
# NEARBY_ROAD_NAME; written out so that importing render does not import numpy). Real roads keep
# their own names.
MADE_UP_ROADS = (N_("local access road"), N_("nearby roads (approximate positions)"))


def road_name(road: str) -> str:
    """A road's name for the reader: the stretches the road graph makes up, in their words."""
    return gettext(road) if road in MADE_UP_ROADS else road


def plain_text(text: str) -> str:
    """``text`` without the characters that would let it steer a terminal (see module doc)."""
    return UNSAFE_CHARS.sub("", text)


def stdout_console(width: int | None = None) -> Console:
    """A plain-text console on stdout; honours COLUMNS so tests can fix the width."""
    return _console_class()(
        width=width, soft_wrap=False, highlight=False, markup=False, emoji=False
    )


@functools.cache
def _console_class() -> type[Console]:
    # Built on first use so that importing teatrip.render does not import rich.
    from rich.console import Console

    class SafeConsole(Console):
        """A console whose output segments never carry control or bidi characters."""

        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterable[Segment]:
            for segment in super().render(renderable, options):
                if segment.control is None and UNSAFE_CHARS.search(segment.text):
                    # Removed characters are zero-width for rich: columns stay aligned.
                    yield segment._replace(text=plain_text(segment.text))
                else:
                    yield segment

        def on_broken_pipe(self) -> None:
            # rich exits 1 here; a reader that stopped reading (`| head`) is not a failure.
            # The CLI points stdout at /dev/null and exits 0.
            self.quiet = True
            raise BrokenPipeError

    return SafeConsole
