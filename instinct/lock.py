"""One writer per folder: a run, prune or bits folder is locked while a process writes it.

The lock is `fcntl.flock` on `FOLDER/.lock`, not a lock file whose mere existence means "taken"
(and not the `filelock` package, which wraps the same call but records no holder). The kernel
releases a flock when its holder exits in any way, kill -9 included, so a lock left by a killed
process is never stale in effect: the file stays, with the dead holder's PID in it, and the next
writer's flock simply succeeds and writes its own PID. A second writer while the first lives gets
a one-line error naming the holder's PID.

Taking a folder also removes what interrupted atomic writes left in it
(`atomic.remove_leftovers`): with the lock held, no other process can be writing there. On a
filesystem that cannot lock at all (some network mounts) a warning says so and the command goes on
unlocked, without that clean-up.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from instinct.atomic import remove_leftovers
from instinct.errors import InstinctError

LOCK_NAME = ".lock"
_CANNOT_LOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}


_HELD: dict[str, FolderLock] = {}  # this process's locks by folder: taking one again nests


class FolderLock:
    """A held lock on one folder; `release()` (or leaving `hold`) gives it up."""

    def __init__(self, folder: Path, fd: int):
        self.folder = folder
        self.fd = fd
        self.depth = 1
        _HELD[_key(folder)] = self

    @property
    def path(self) -> Path:
        return self.folder / LOCK_NAME

    def moved(self, folder: Path) -> None:
        """The folder was renamed (made under a temporary name): follow it."""
        _HELD.pop(_key(self.folder), None)
        self.folder = Path(folder)
        _HELD[_key(self.folder)] = self

    def release(self) -> None:
        if self.depth <= 0:
            return
        self.depth -= 1
        if self.depth > 0:
            return
        _HELD.pop(_key(self.folder), None)
        if self.fd < 0:  # a filesystem that cannot lock: nothing was held
            return
        try:
            # Unlink while still holding it: whoever opened the old file retries (see acquire).
            if _same_file(self.fd, self.path):
                self.path.unlink()
        except OSError:
            pass
        finally:
            os.close(self.fd)
            self.fd = -1


def holder(folder: str | Path) -> int | None:
    """PID recorded in a folder's lock file (the holder, or the last one), if any."""
    try:
        text = (Path(folder) / LOCK_NAME).read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def acquire(folder: str | Path, what: str = "folder", sweep=("",)) -> FolderLock:
    """Lock `folder` (which must exist) or raise InstinctError naming the holder's PID.

    `sweep` names the subfolders (glob patterns relative to `folder`, "" for the folder itself)
    whose leftover temporary files are removed once the lock is held."""
    folder = Path(folder)
    held = _HELD.get(_key(folder))
    if held is not None:
        held.depth += 1
        return held
    path = folder / LOCK_NAME
    for _ in range(100):  # retried only while other processes unlink the file under us
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise InstinctError(f"cannot lock {what} {folder}: {e.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            if e.errno in _CANNOT_LOCK:
                print(f"instinct: warning: {folder} cannot be locked ({e.strerror}): make sure "
                      "no other process writes it meanwhile", file=sys.stderr)  # fmt: skip
                return FolderLock(folder, -1)
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise InstinctError(f"cannot lock {what} {folder}: {e.strerror}") from None
            pid = holder(folder)
            by = f"process {pid}" if pid else "another process"
            raise InstinctError(
                f"{what} {folder} is in use by {by} (wait for it to end, or stop it)"
            ) from None
        if not _same_file(fd, path):  # the previous holder unlinked it as we opened it
            os.close(fd)
            continue
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as e:
            os.close(fd)
            raise InstinctError(f"cannot lock {what} {folder}: {e.strerror}") from None
        lock = FolderLock(folder, fd)
        for pattern in sweep:
            for sub in [folder] if not pattern else sorted(folder.glob(pattern)):
                remove_leftovers(sub)
        return lock
    raise InstinctError(f"cannot lock {what} {folder}: its lock file keeps changing")


@contextmanager
def hold(folder: str | Path, what: str = "folder", sweep=("",)):
    """`with hold(folder):` the folder is ours until the block ends, however it ends. A folder
    that did not exist is made, and removed again if the block fails leaving it empty."""
    folder = Path(folder)
    made = not folder.exists()
    if made:
        try:
            folder.mkdir(parents=True)
        except FileExistsError:
            made = False
        except OSError as e:
            raise InstinctError(f"cannot create {what} {folder}: {e.strerror}") from None
    lock = acquire(folder, what, sweep)
    try:
        yield lock
    except BaseException:
        lock.release()
        if made:
            try:
                folder.rmdir()  # only if empty: nothing was written
            except OSError:
                pass
        raise
    else:
        lock.release()


def _key(folder: Path) -> str:
    return os.path.realpath(folder)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
