"""Reading a file named by a user or found in a folder from a stranger: bounded, never blocking."""

from __future__ import annotations

import os
import stat

from instinct.errors import InstinctError


def read_regular_file(path, limit: int, what: str, error=InstinctError) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a one-line error.

    Checked on the open descriptor before reading: a FIFO, a device (/dev/zero) or a huge file is
    refused without reading a byte of it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(f"{what} not found: {path}") from None
    except IsADirectoryError:
        raise error(f"{path} is a folder, not a {what}") from None
    except OSError as e:
        raise error(f"cannot read {what} {path}: {e.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{path} is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{path} is not a regular file (a device, FIFO or socket)")
        if info.st_size > limit:
            raise error(f"{path}: {info.st_size} bytes, over the {limit} a {what} may have")
        try:
            data = fh.read(info.st_size + 1)  # read(n) allocates n bytes up front: no more
        except OSError as e:
            raise error(f"cannot read {what} {path}: {e.strerror}") from None
    if len(data) > min(limit, info.st_size):  # grew while we read it
        raise error(f"{path}: over the {limit} bytes a {what} may have")
    return data
