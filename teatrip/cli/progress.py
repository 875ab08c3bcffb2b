"""A one-line progress display on stderr for long work (``roads import``, a large ``matrix``).

Only on a terminal: when stderr is piped or redirected nothing is written, so logs and scripts
see the command's output alone. It stays silent for the first ``DELAY_S`` seconds, so quick runs
(the shipped catalog) never flash a line, then redraws in place at most ten times a second: the
stage, how far (done of total, when the total is known), the time spent and an estimate of the
time left. Plain text rather than rich: rich belongs to ``teatrip.render`` (DESIGN §6.8).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from teatrip.formatting import duration_s, number
from teatrip.i18n import gettext

__all__ = ["DELAY_S", "ProgressLine", "terminal_progress"]

DELAY_S = 0.5
_REDRAW_S = 0.1


class ProgressLine:
    """Draws (stage, done, total) reports on ``stream``; :meth:`close` clears the line."""

    def __init__(self, stream: TextIO, *, delay_s: float = DELAY_S) -> None:
        self.stream = stream
        self.delay_s = delay_s
        self.started = time.monotonic()
        self.stage = ""
        self.stage_started = self.started
        self.drawn_at = 0.0
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != self.stage:
            self.stage, self.stage_started = stage, now
        finished = total > 0 and done >= total
        if now - self.started < self.delay_s or (now - self.drawn_at < _REDRAW_S and not finished):
            return
        self.drawn_at = now
        spent = now - self.started
        parts = [gettext(stage)]  # stages are marked N_() where they are reported
        if total > 0:
            parts.append(f"{number(done)}/{number(total)} ({100 * done // total} %)")
        elif done:
            parts.append(number(done))
        parts.append(gettext("{time} spent").format(time=_seconds(spent)))
        stage_spent = now - self.stage_started
        if total > 0 and 0 < done < total and stage_spent > 1:
            left = _seconds(stage_spent * (total - done) / done)
            parts.append(gettext("about {time} left").format(time=left))
        line = " · ".join(parts)
        pad = " " * max(0, self.width - len(line))
        self.width = len(line)
        self.stream.write("\r" + line + pad)
        self.stream.flush()

    def close(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def _seconds(value: float) -> str:
    whole = round(value)
    return gettext("{seconds} s").format(seconds=whole) if whole < 60 else duration_s(whole)


def terminal_progress() -> ProgressLine | None:
    """A progress line on stderr when it is a terminal; None (no progress) otherwise."""
    stream = sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return ProgressLine(stream) if tty else None
