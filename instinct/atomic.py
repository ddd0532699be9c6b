"""Atomic file writes: write beside the target, fsync, rename.

A crash leaves the old file or the new one, never half of either. What a killed write leaves
behind is a hidden temporary file (`.NAME.XXXXXXXX.tmp`); `remove_leftovers` clears those from
a folder whose lock is held (instinct.lock), when nobody else can be writing there.

Folders are made the same way (`make_folder`): filled under a hidden temporary name, then renamed,
so a kill never leaves a half-made folder at the real name.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

TMP_SUFFIX = ".tmp"
FOLDER_TMP = ".creating-"  # .<name>.creating-<pid>-XXXX: a folder being made by process <pid>


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: str | Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file normal permissions
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text(path: str | Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def remove_leftovers(folder: str | Path) -> list[Path]:
    """Delete the temporary files of interrupted atomic writes in `folder` (not below it)."""
    removed = []
    try:
        candidates = list(Path(folder).glob(f".*{TMP_SUFFIX}"))
    except OSError:
        return removed
    for path in candidates:
        try:
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path)
        except OSError:
            pass  # a read-only folder: nothing we could have written there either
    return removed


def make_folder(path: str | Path, fill) -> Path:
    """Create folder `path` atomically: `fill(tmp)` populates a hidden sibling, which is then
    renamed to `path`. Raises FileExistsError when `path` appeared meanwhile."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_folders(path.parent)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}{FOLDER_TMP}{os.getpid()}-"))
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; give the folder normal permissions
        fill(tmp)
        if path.exists():  # rename would replace an empty folder; never take one over
            raise FileExistsError(str(path))
        os.rename(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


def remove_abandoned_folders(parent: str | Path) -> None:
    """Remove half-made folders (see make_folder) whose making process no longer runs."""
    try:
        candidates = [p for p in Path(parent).glob(f".*{FOLDER_TMP}*") if p.is_dir()]
    except OSError:
        return
    for tmp in candidates:
        pid = tmp.name.rsplit(FOLDER_TMP, 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
