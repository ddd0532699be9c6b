"""One writer per folder (issue 16): a second writer gets one line naming the holder's PID, a lock
left by a killed process is taken over, and the lock goes with any exit."""

from __future__ import annotations

import signal

import pytest

from instinct.cli import main
from instinct.errors import InstinctError
from instinct.lock import LOCK_NAME, acquire, hold, holder
from tests.hardening.helpers import evolve_argv, hold_in_another_process


def test_a_second_writer_is_refused_naming_the_holder_and_a_killed_holder_is_taken_over(tmp_path):
    proc = hold_in_another_process(tmp_path)
    try:
        with pytest.raises(InstinctError, match=f"in use by process {proc.pid}"):
            acquire(tmp_path, "run folder")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert holder(tmp_path) == proc.pid  # the dead holder's file is still there...
    with hold(tmp_path, "run folder"):  # ...and taken over
        import os

        assert holder(tmp_path) == os.getpid()
    assert not (tmp_path / LOCK_NAME).exists()  # released on leaving, file and all


def test_the_same_process_may_nest_holds_of_one_folder(tmp_path):
    with hold(tmp_path):
        with hold(tmp_path):
            pass
        assert (tmp_path / LOCK_NAME).exists()
    assert not (tmp_path / LOCK_NAME).exists()


def test_two_resumes_of_one_run_the_second_refused_in_one_line(tmp_path, capsys):
    assert main(evolve_argv(tmp_path, "--generations", "2")) == 0
    run = tmp_path / "run"
    assert not (run / LOCK_NAME).exists()  # an ended run leaves no lock behind
    proc = hold_in_another_process(run)
    try:
        capsys.readouterr()
        assert main(["evolve", "--resume", str(run), "--generations", "3"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"in use by process {proc.pid}" in err
    finally:
        proc.kill()
        proc.wait()
    assert main(["evolve", "--resume", str(run), "--generations", "3"]) == 0  # stale: taken over
    assert not (run / LOCK_NAME).exists()


def test_prune_and_bits_folders_are_locked_too(tmp_path, capsys):
    from tests.hardening.scenarios import bits, prune

    source = tmp_path / "g.dna"
    scenario = prune("strong", source)
    scenario.setup(tmp_path)
    folder = tmp_path / "lottery" / "strong-global-r0.5-s0"
    folder.mkdir(parents=True)
    proc = hold_in_another_process(folder)
    try:
        assert main(scenario.argv(tmp_path)) == 2
        assert f"in use by process {proc.pid}" in capsys.readouterr().err
        root = tmp_path / "bits-t"
        root.mkdir()
        other = hold_in_another_process(root)
        try:
            assert main(bits().argv(tmp_path)) == 2
            assert f"in use by process {other.pid}" in capsys.readouterr().err
        finally:
            other.kill()
            other.wait()
    finally:
        proc.kill()
        proc.wait()


def test_a_filesystem_that_cannot_lock_warns_and_goes_on(tmp_path, monkeypatch, capsys):
    import errno
    import fcntl

    def no_locks(fd, how):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with hold(tmp_path):
        with hold(tmp_path):
            pass
    assert "cannot be locked (No locks available)" in capsys.readouterr().err
    monkeypatch.undo()
    with hold(tmp_path):  # nothing stale was left behind
        assert holder(tmp_path) is not None
