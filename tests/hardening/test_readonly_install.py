"""instinct installed from a wheel, read-only, on a machine with no display, by a user who cannot
write the package folder or home: every command must still run (Numba's cache moves to a private
temporary folder, or is off with a warning), never crash at import (issue 16, issue 17 item 14).

The wheel is built offline (setuptools from the dev extras, no build isolation) and unpacked into
a fresh venv whose only other path is this environment's site-packages (for numpy, numba...; a
plain path line, so an editable instinct there is not picked up). Then the venv is made read-only
and instinct runs as `nobody` where that user can run this interpreter, else as root without the
capabilities that let root ignore file permissions (setpriv), else, not being root, as ourselves.
"""

from __future__ import annotations

import os
import shutil
import site
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-chown"]
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _build_wheel(tmp: Path) -> Path:
    out = tmp / "dist"
    # A copy of the tree, so the build never writes into the checkout (build/, *.egg-info).
    src = tmp / "src"
    skip = (".git", ".venv", "runs", "build", "dist", "*.egg-info", "__pycache__", ".*cache*")
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(*skip))
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
           "-q", "-w", str(out), str(src)]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.skip(f"cannot build a wheel offline here: {done.stderr.strip()[-300:]}")
    return next(out.glob("instinct-*.whl"))


def _fresh_venv(tmp: Path, wheel: Path) -> Path:
    venv = tmp / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run([str(python), "-c", where], capture_output=True, text=True, check=True)
    target = Path(purelib.stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    "--target", str(target), str(wheel)], check=True, timeout=300)  # fmt: skip
    ours = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    deps = [p for p in ours if Path(p).is_dir() and Path(p).resolve() != target.resolve()]
    (target / "dependencies.pth").write_text("".join(f"{p}\n" for p in deps))
    return python


def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            mode = path.stat().st_mode
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _as_other_user(python: Path, env: dict) -> list[str]:
    """How to run as someone who cannot write the install (see the module docstring)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        probe = [*NOBODY, str(python), "-c", "import numpy, numba, gymnasium, instinct"]
        if subprocess.run(probe, env=env, capture_output=True, timeout=120).returncode == 0:
            return NOBODY
        probe = [*NO_DAC, "true"]
        if subprocess.run(probe, capture_output=True, timeout=60).returncode == 0:
            return NO_DAC
    pytest.skip("root here, and no way to run without root's power over file permissions")


@pytest.mark.slow
def test_wheel_installed_read_only_runs_without_a_writable_cache(tmp_path):
    tmp_path.chmod(0o755)
    wheel = _build_wheel(tmp_path)
    python = _fresh_venv(tmp_path, wheel)
    home = tmp_path / "home"  # a home nobody may write
    home.mkdir(mode=0o555)
    work = tmp_path / "work"
    work.mkdir(mode=0o777)
    work.chmod(0o777)
    cache_tmp = tmp_path / "tmpdir"
    cache_tmp.mkdir()
    cache_tmp.chmod(0o777)
    # No DISPLAY, no SDL or matplotlib settings either: a headless machine.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "TMPDIR": str(cache_tmp), "XDG_CACHE_HOME": str(home / ".cache")}  # fmt: skip
    _read_only(tmp_path / "venv")
    prefix = _as_other_user(python, env)

    def instinct(*args, extra_env=None):
        return subprocess.run([*prefix, str(python), "-m", "instinct", *args], cwd=work,
                              env={**env, **(extra_env or {})}, capture_output=True, text=True,
                              timeout=600)  # fmt: skip

    shown = instinct("--help")
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr
    small = ["--population", "8", "--episodes", "2", "--heldout-episodes", "4"]
    done = instinct("evolve", "--generations", "1", *small, "--validation-episodes", "2",
                    "--out", str(work))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    runs = [p for p in work.iterdir() if (p / "result.json").is_file()]
    assert len(runs) == 1
    where = "import instinct; print(instinct.__file__)"
    imported = subprocess.run([*prefix, str(python), "-c", where], cwd=work, env=env,
                              capture_output=True, text=True)  # fmt: skip
    assert str(tmp_path / "venv") in imported.stdout  # the wheel ran, not the checkout
    cache = cache_tmp / f"instinct-numba-cache-{65534 if prefix == NOBODY else os.getuid()}"
    assert any(cache.rglob("*.nbi")), "Numba's cache went to the private temporary folder"

    # The only cache folder left is one others may write (planted, say): caching is off, with
    # one warning, and still no crash.
    shutil.rmtree(cache)
    cache.mkdir()
    cache.chmod(0o777)
    bare = instinct("--help")
    assert bare.returncode == 0, bare.stderr
    assert "Traceback" not in bare.stderr
    assert bare.stderr.count("no writable folder for Numba's cache") == 1, bare.stderr
    assert not any(cache.iterdir())
