"""Ctrl-C at a safe point: the first SIGINT only asks the loop to stop after the generation it is
in (Numba compiles and kernels are never torn apart mid-way); a second one stops at once."""

from __future__ import annotations

import os
import signal
import sys
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


def deferring_ctrl_c(fn, *args, **kwargs):
    """`fn(...)` with a first Ctrl-C held until it returns, then raised as KeyboardInterrupt.

    For start-up work such as Numba compiles: there a KeyboardInterrupt raised at a random moment
    can land inside a finalizer (`__del__`), where Python prints "Exception ignored" and goes on,
    so the run would carry on as if no key had been pressed. A flag cannot be lost that way."""
    with stop_at_safe_point() as ctrl_c:
        result = fn(*args, **kwargs)
    if ctrl_c.requested:
        raise KeyboardInterrupt
    return result


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


def quiet_when_run_as_the_command() -> None:
    """While the `instinct` command is still importing (numpy, Numba, Gymnasium: seconds), a
    Ctrl-C ends it with no traceback (and the usual Ctrl-C exit status); imported as a library,
    nothing changes. Called first thing by `import instinct`."""
    if not _running_as_the_command():
        return
    previous = sys.excepthook

    def hook(kind, value, traceback):
        if issubclass(kind, KeyboardInterrupt):
            return  # Python still exits as killed by SIGINT (status 130 in a shell)
        previous(kind, value, traceback)

    sys.excepthook = hook


def _running_as_the_command() -> bool:
    if sys.argv and os.path.basename(sys.argv[0]) in ("instinct", "instinct.exe"):
        return True
    argv = list(getattr(sys, "orig_argv", []))  # python [options] -m instinct ...
    return any(a == "-m" and b == "instinct" for a, b in zip(argv, argv[1:], strict=False))
