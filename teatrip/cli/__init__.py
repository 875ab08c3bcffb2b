"""The `teatrip` command line: a thin Typer layer over the library.

Each command parses its options, calls one library function and hands the result to ``render``.
Expected errors (``TeatripError``) become one message on stderr and an exit code, in one place
(``_ErrorMappingGroup``), so the console script and Typer's test runner behave the same. Heavy
modules are imported inside commands so that ``teatrip --help`` starts fast.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from teatrip.errors import ExitCode, TeatripError


class _ErrorMappingGroup(TyperGroup):
    """Turns expected errors into a message on stderr and the documented exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TeatripError as error:
            report_error(str(error))
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            report_error("interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def report_error(message: str) -> None:
    """Write a message to stderr, each line prefixed so it is clearly teatrip's."""
    for line in message.splitlines() or [message]:
        sys.stderr.write(f"teatrip: {line}\n")
    sys.stderr.flush()


app = typer.Typer(
    name="teatrip",
    cls=_ErrorMappingGroup,
    help="Plan tea-tourism trips: sites, roads, day-by-day itineraries and exports.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _register_commands() -> None:
    # Each module adds its commands to `app`; they import their heavy dependencies lazily.
    from teatrip.cli import export, plan, routes, sites

    for module in (sites, routes, plan, export):
        module.register(app)


_register_commands()


def run() -> None:
    """Console-script entry point."""
    app(prog_name="teatrip")
