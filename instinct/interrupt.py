"""Ctrl-C at a safe point: the first SIGINT only asks the loop to stop after the generation it is
in (Numba compiles and kernels are never torn apart mid-way); a second one stops at once."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class StopRequest:
    def __init__(self):
        self.requested = False

    def _handle(self, signum, frame):
        if self.requested:  # asked twice: the user means now
            signal.signal(signal.SIGINT, signal.default_int_handler)
            raise KeyboardInterrupt
        self.requested = True


@contextmanager
def stop_at_safe_point():
    """Yields a StopRequest whose `requested` turns True on Ctrl-C (main thread only)."""
    request = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request
        return
    previous = signal.signal(signal.SIGINT, request._handle)
    try:
        yield request
    finally:
        signal.signal(signal.SIGINT, previous)
