"""Signs of life during long phases (kernel compile, a slow generation, the final scoring).

A `Ticker` runs one daemon thread that, while a phase is open, shows how long it has run and, when
the phase has an expected length, about how long it has left. On a terminal that is a line
rewritten in place about once a second (after a short grace time, so fast phases stay quiet);
elsewhere (a log file) one line once past the grace time, then one every `log_every` seconds.
Output never changes what a run does.
"""

from __future__ import annotations

import sys
import threading
import time


def duration(seconds: float) -> str:
    seconds = int(round(max(seconds, 0.0)))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def is_tty(stream) -> bool:
    return bool(getattr(stream, "isatty", None) and stream.isatty())


class Ticker:
    """Shows that a phase is still going; the caller opens and closes phases from one thread."""

    def __init__(self, stream=None, grace: float = 2.0, tick: float = 1.0, log_every: float = 30.0):
        self.stream = stream or sys.stdout
        self.tty = is_tty(self.stream)
        self.grace, self.tick, self.log_every = grace, tick, log_every
        self.lock = threading.Lock()  # the printer takes it too: lines never interleave
        self._phase: tuple[str, float, float | None] | None = None
        self._shown = False  # a ticking line is on screen (tty) and must be cleared
        self._last_log, self._logged = 0.0, False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, label: str, expect: float | None = None) -> None:
        """Open a phase (closing any open one) expected to take `expect` seconds (None: unknown)."""
        with self.lock:
            self._clear()
            now = time.monotonic()
            self._phase = (label, now, expect)
            self._last_log, self._logged = now, False  # a log shows a phase once past the grace
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="instinct-ticker", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Close the open phase and clear its line."""
        with self.lock:
            self._clear()
            self._phase = None

    def close(self) -> None:
        self.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
            self._thread = None

    def line(self, now: float | None = None) -> str | None:
        """The text shown for the open phase now, or None."""
        if self._phase is None:
            return None
        label, t0, expect = self._phase
        spent = (time.monotonic() if now is None else now) - t0
        text = f"{label}: {duration(spent)}"
        if expect is not None and expect > 0:
            left = expect - spent
            text += f", about {duration(left)} left" if left >= 1 else ", nearly done"
        return text

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False

    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            with self.lock:
                if self._phase is None:
                    continue
                now = time.monotonic()
                if now - self._phase[1] < self.grace:
                    continue
                text = self.line(now)
                if self.tty:
                    self.stream.write(f"\r\033[K{text[:79]}")
                    self._shown = True
                elif now - self._last_log >= self.log_every or not self._logged:
                    self.stream.write(text + "\n")
                    self._last_log, self._logged = now, True
                else:
                    continue
                self.stream.flush()
