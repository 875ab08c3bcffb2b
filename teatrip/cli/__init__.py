"""The `teatrip` command line: a thin Typer layer over the library.

Each command parses its options, calls one library function and hands the result to ``render``.
Expected errors (``TeatripError``) become one message on stderr and an exit code, in one place
(``_ErrorMappingGroup``), so the console script and Typer's test runner behave the same. Heavy
modules are imported inside commands so that ``teatrip --help`` starts fast.

Ctrl-C at any moment ends the program with one line ("interrupted") and exit code 130: while this
module imports, a signal handler exits at once (nothing has been written yet); from ``run`` on,
Ctrl-C raises ``_Interrupted`` so that every ``finally`` (temporary files) runs first. A reader
that closes our stdout (``teatrip sites list | head -1``) ends the program quietly with 0.
"""

from __future__ import annotations

import os
import signal


def _exit_at_once(signum: int, frame: object) -> None:
    # Start-up: no file is open for writing, so leaving without unwinding loses nothing.
    os.write(2, b"teatrip: interrupted\n")
    os._exit(130)


def _startup_handler() -> object:
    """Install ``_exit_at_once`` for the imports below if nobody else handles Ctrl-C.

    Only ``os`` and ``signal`` (loaded with the interpreter) come before it, so that the window
    in which Ctrl-C would still print a traceback is as short as it can be.
    """
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return None  # e.g. pytest or an embedding program: leave its handling alone
    try:
        return signal.signal(signal.SIGINT, _exit_at_once)
    except ValueError:  # not the main thread: signals are not ours to handle
        return None


_previous_handler = _startup_handler()

import functools  # noqa: E402  (after the handler: imports can be interrupted)
import sys  # noqa: E402
import threading  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from types import FrameType  # noqa: E402
from typing import Any, NoReturn  # noqa: E402

import typer  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

from teatrip.cli.language import (  # noqa: E402
    UnknownLanguageError,
    chosen_language,
    localise,
    show_usage_error,
)
from teatrip.errors import (  # noqa: E402
    CatalogError,
    ExitCode,
    InputFileError,
    LinesError,
    TeatripError,
    one_line,
)
from teatrip.i18n import N_, gettext, language  # noqa: E402

MAX_ERROR_LINES = 50  # a catalog with thousands of problems: the first ones and a count


class _Interrupted(BaseException):
    """Ctrl-C under ``run``: not a KeyboardInterrupt, so click and typer let it through."""


class _ErrorMappingGroup(TyperGroup):
    """Chooses the language of the run, and turns expected errors into a message on stderr and
    the documented exit code."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        # The language is known before anything is parsed or printed (help, usage errors).
        arguments = list(sys.argv[1:] if args is None else args)
        try:
            lang = chosen_language(arguments)
        except UnknownLanguageError as error:
            report_error(str(error))
            sys.exit(int(ExitCode.BAD_INPUT))
        with language(lang):
            localise(self)
            return super().main(arguments, *rest, **extra)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except Exception as error:
            _clean_usage_error(error)
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TeatripError as error:
            report_error(_message(error))
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            report_error(gettext(_INTERRUPTED))
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(int(ExitCode.OK)) from None
        except Exception as error:
            _clean_usage_error(error)
            raise


_INTERRUPTED = N_("interrupted")


def _message(error: TeatripError) -> str:
    """An expected error's message in the reader's language: the library raises its sentences as
    phrases (``formatting.say``), whose ``str`` is English."""
    from teatrip.formatting import word

    if isinstance(error, InputFileError):
        return f"{one_line(error.path, 120)}: {word(error.reason)}"
    if isinstance(error, CatalogError | LinesError):  # one located problem a line, each worded
        return error.worded()
    if len(error.args) == 1 and isinstance(error.args[0], str):
        return word(error.args[0])
    return str(error)


def _clean_usage_error(error: Exception) -> None:
    """Usage errors quote what was typed (an option name, a value): show them as one safe line,
    in the reader's words.

    Typer's usage errors (its vendored click's) are recognised by their ``message`` and ``show``;
    the one that stands for "no arguments: here is the help" is left as it is.
    """
    message = getattr(error, "message", None)
    if not isinstance(message, str) or not callable(getattr(error, "show", None)):
        return
    if type(error).__name__ == "NoArgsIsHelpError":
        return
    error.message = one_line(message)  # type: ignore[attr-defined]
    if getattr(error, "ctx", False) is not False:  # a usage error (not a file error, an abort)
        error.show = functools.partial(show_usage_error, error)  # type: ignore[attr-defined]


def report_error(message: str) -> None:
    """Write a message to stderr, each line prefixed so it is clearly teatrip's.

    Messages quote user input: each line is cleaned of control characters and bounded in length,
    and a message of very many lines shows its first ``MAX_ERROR_LINES`` and a count.
    """
    lines = message.splitlines() or [message]
    shown = lines[:MAX_ERROR_LINES]
    if len(lines) > len(shown):
        shown.append(gettext("... and {n} more").format(n=len(lines) - len(shown)))
    for line in shown:
        sys.stderr.write(f"teatrip: {one_line(line)}\n")
    sys.stderr.flush()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not fail again (Python docs,
    "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # not a real file (a test runner's buffer): nothing will be flushed to a pipe


_APP_HELP = N_("Plan tea-tourism trips: sites, roads, day-by-day itineraries and exports.")

app = typer.Typer(
    name="teatrip",
    cls=_ErrorMappingGroup,
    help=_APP_HELP,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from teatrip import __version__

        typer.echo(f"teatrip {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help=N_("Print the version and exit.")
    ),
) -> None:
    """Plan tea-tourism trips: sites, roads, day-by-day itineraries and exports."""


def _register_commands() -> None:
    # Each module adds its commands to `app`; they import their heavy dependencies lazily.
    from teatrip.cli import batch, export, locate, plan, routes, sites

    for module in (sites, locate, routes, plan, export, batch):
        module.register(app)


_register_commands()
if _previous_handler is not None:
    signal.signal(signal.SIGINT, _previous_handler)  # type: ignore[arg-type]


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise _Interrupted


def run() -> NoReturn:
    """Console-script entry point (also ``python -m teatrip``)."""
    # A shell starts background jobs with Ctrl-C ignored: keep it ignored then.
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _raise_interrupted)
    code: int
    try:
        try:
            app(prog_name="teatrip")
            code = int(ExitCode.OK)
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
        sys.stdout.flush()
    except (_Interrupted, KeyboardInterrupt):
        if in_main_thread:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # one line, even if Ctrl-C is held
        report_error(gettext(_INTERRUPTED))
        code = int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        code = int(ExitCode.OK)
    if in_main_thread:
        # The work is done and reported: a late Ctrl-C must not turn into a traceback at exit.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)
