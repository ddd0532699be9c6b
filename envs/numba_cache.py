"""Where Numba's `cache=True` may write, so that a read-only install never crashes at import.

Numba looks for a cache folder when a `cache=True` function is decorated: NUMBA_CACHE_DIR, else
`__pycache__` beside the source, else the user's cache folder (~/.cache/numba); when none is
writable (an install owned by another user, a HOME that is not writable) it raises "cannot cache
function ...: no locator available" before any command runs. `cache_enabled(__file__)`, used in
every JIT option set, checks this first and, when Numba would find nothing, points Numba at a
private folder in the temporary directory; with none of those writable it turns caching off
(one warning; functions then compile on every start).

The fallback folder is shared ground (/tmp), and Numba's cache files are pickles it loads: it is
only used when it is a folder of this user's own that no one else can write.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile

from numba import config

_checked: dict[str, bool] = {}
_warned = []


def _writable(folder: str) -> bool:
    try:
        os.makedirs(folder, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
        return True
    except OSError:
        return False


def _user_wide() -> str:
    try:
        from numba.misc.appdirs import AppDirs

        return AppDirs(appname="numba", appauthor=False).user_cache_dir
    except Exception:  # noqa: BLE001  numba moved it: the folder it documents
        return os.path.join(os.path.expanduser("~"), ".cache", "numba")


def _private(folder: str) -> bool:
    """A folder of our own that no one else may write (created so if absent)."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    uid = os.getuid() if hasattr(os, "getuid") else st.st_uid
    ours = stat.S_ISDIR(st.st_mode) and st.st_uid == uid and not st.st_mode & 0o022
    return ours and _writable(folder)


def fallback_folder() -> str:
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return os.path.join(tempfile.gettempdir(), f"instinct-numba-cache-{user}")


def cache_enabled(source_file: str) -> bool:
    """Whether `cache=True` is safe for functions defined in `source_file` (see the module)."""
    folder = os.path.dirname(os.path.abspath(source_file))
    if folder not in _checked:
        _checked[folder] = _decide(folder)
    return _checked[folder]


def _decide(folder: str) -> bool:
    if config.CACHE_DIR and _writable(config.CACHE_DIR):
        return True
    if _writable(os.path.join(folder, "__pycache__")) or _writable(_user_wide()):
        return True  # where Numba looks next
    fallback = fallback_folder()
    if _private(fallback):
        config.CACHE_DIR = fallback
        os.environ["NUMBA_CACHE_DIR"] = fallback  # worker processes start with the same
        return True
    if not _warned:
        _warned.append(True)
        print(
            "instinct: warning: no writable folder for Numba's cache (set NUMBA_CACHE_DIR to "
            "one): compiling without a cache, which makes every start slower",
            file=sys.stderr,
        )
    return False
