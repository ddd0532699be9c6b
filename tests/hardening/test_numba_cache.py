"""Where Numba's cache goes when the install is not writable (the fast half of the read-only
install test; the slow one installs a wheel and runs the command)."""

from __future__ import annotations

import os

import instinct_envs.numba_cache as nc
import pytest
from numba import config


@pytest.fixture
def nowhere_writable(monkeypatch, tmp_path):
    """Neither the source folder's __pycache__ nor the user's cache folder can be written."""
    real = nc._writable
    blocked = (str(tmp_path / "pkg"), str(tmp_path / "home"))
    monkeypatch.setattr(nc, "_writable", lambda f: not f.startswith(blocked) and real(f))
    monkeypatch.setattr(nc, "_user_wide", lambda: str(tmp_path / "home" / ".cache"))
    monkeypatch.setattr(nc, "_checked", {})
    monkeypatch.setattr(nc, "_warned", [])
    monkeypatch.setattr(config, "CACHE_DIR", "")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(nc.tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    return tmp_path / "pkg" / "module.py"


def test_a_private_temporary_folder_takes_the_cache(nowhere_writable, tmp_path):
    assert nc.cache_enabled(str(nowhere_writable))
    folder = tmp_path / "tmp" / os.path.basename(nc.fallback_folder())
    assert config.CACHE_DIR == str(folder) == os.environ["NUMBA_CACHE_DIR"]
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_folder_others_may_write_is_never_used_and_caching_goes_off(
    nowhere_writable, tmp_path, capsys
):
    planted = tmp_path / "tmp" / os.path.basename(nc.fallback_folder())
    planted.mkdir()
    planted.chmod(0o777)
    assert not nc.cache_enabled(str(nowhere_writable))
    assert not nc.cache_enabled(str(tmp_path / "pkg" / "other" / "m.py"))
    assert config.CACHE_DIR == ""
    assert capsys.readouterr().err.count("no writable folder for Numba's cache") == 1


def test_a_writable_install_changes_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(nc, "_checked", {})
    monkeypatch.setattr(config, "CACHE_DIR", "")
    assert nc.cache_enabled(str(tmp_path / "module.py"))
    assert config.CACHE_DIR == ""
