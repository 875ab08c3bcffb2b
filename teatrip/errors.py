"""Every error teatrip raises on purpose, and the exit code each one maps to.

The CLI turns these into one-line messages on stderr; anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from teatrip.i18n import N_, gettext

MAX_MESSAGE_CHARS = 300  # a message line longer than this is elided in the middle

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode marks that change the order
# or direction in which a terminal draws the rest of a line (LRM/RLM, embeddings and overrides,
# isolates, the Arabic letter mark) or break it (line and paragraph separators).
UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def one_line(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` made safe for one terminal line: no control or bidi characters, newlines and tabs
    as spaces, and at most ``limit`` characters (the middle elided, so both ends stay readable)."""
    flat = UNSAFE_CHARS.sub("", text).replace("\n", " ").replace("\t", " ")
    if len(flat) <= limit:
        return flat
    keep = limit - 1
    return flat[: keep - keep // 3] + "…" + flat[len(flat) - keep // 3 :]


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    FAILED = 1  # the input was fine but the run could not finish (e.g. no plan fits)
    BAD_INPUT = 2  # bad catalog, bad option, unknown site name, refused overwrite
    INTERRUPTED = 130  # Ctrl-C


class TeatripError(Exception):
    """Base of every expected teatrip error."""

    exit_code: ExitCode = ExitCode.FAILED


class BadInputError(TeatripError, ValueError):
    """The user gave something teatrip cannot use (an option, a date, a file)."""

    exit_code = ExitCode.BAD_INPUT


@dataclass(frozen=True)
class Problem:
    """One problem found in a catalog file, located as precisely as the file allows."""

    file: str
    line: int | None
    where: str  # "site 'tan-cuong'", "road 'QL3'" (phrases), or "" for the whole file
    field: str  # dotted path of the field, e.g. "hours.mon", or "" when not field-specific
    message: str  # a phrase (formatting.say) where it can be worded in another language
    severity: str = "error"  # "error" or "warning"
    column: int | None = None  # 1-based, when the problem is at one character (YAML syntax)

    def __str__(self) -> str:
        return self._line(str, _WARNING)

    def worded(self) -> str:
        """The problem in the reader's language: the place ("site 'ID'") and the message are
        phrases (``formatting.say``) whose ``str`` is English; file, line and field stay as they
        are (the field is the YAML key the reader edits)."""
        # Lazily: every module imports errors, and formatting (with the model) is not needed
        # until a problem is shown.
        from teatrip.formatting import word

        return self._line(word, gettext(_WARNING))

    def _line(self, word: Callable[[str], str], warning: str) -> str:
        # Files, places and messages quote the catalog: shown on one safe line of bounded length.
        location = one_line(self.file, 120)
        if self.line is not None:
            location += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        parts = [location]
        if self.where:
            parts.append(word(self.where))
        if self.field:
            parts.append(self.field)
        prefix = ": ".join(parts)
        tag = f"{warning}: " if self.severity == "warning" else ""
        return one_line(f"{prefix}: {tag}{word(self.message)}")


_WARNING = N_("warning")


class CatalogError(BadInputError):
    """A catalog file could not be loaded; `problems` lists every problem found at once."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        shown = errors or list(self.problems)
        super().__init__("\n".join(str(p) for p in shown))

    def worded(self) -> str:
        """The message in the reader's language, one problem a line."""
        errors = [p for p in self.problems if p.severity == "error"]
        return "\n".join(p.worded() for p in errors or self.problems)


class LinesError(BadInputError):
    """A bad input with several problems, one line each (a saved trip's fields); each line may be
    a phrase (``formatting.say``) that :meth:`worded` puts in the reader's language."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = tuple(lines)
        super().__init__("\n".join(self.lines))

    def worded(self) -> str:
        from teatrip.formatting import word  # lazily, as for Problem.worded

        return "\n".join(word(line) for line in self.lines)


class SiteNotFoundError(BadInputError, LookupError):
    """A site name matched nothing (with suggestions) or several sites (with candidates)."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        self.candidates = tuple(candidates)
        super().__init__(message)


class InputFileError(BadInputError):
    """A file given to teatrip cannot be read as one: missing, special, unreadable or too big."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{one_line(path, 120)}: {reason}")


class NoRouteError(TeatripError):
    """Two places are not connected by the road graph."""


class PlanError(TeatripError):
    """No itinerary satisfies the request (e.g. a must-visit site cannot fit)."""


class RequestError(BadInputError):
    """The trip request itself is invalid (--days 0, a lunch longer than the day, ...)."""


class ExportError(TeatripError):
    """An export could not be written."""


class OverwriteRefusedError(BadInputError, FileExistsError):
    """An output file exists and --force was not given; the file is left untouched."""


class GeocoderError(TeatripError, ConnectionError):
    """The geocoder could not be reached or gave no usable answer; nothing was changed."""
