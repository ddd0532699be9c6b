"""Regression tests for defects the fuzz campaigns found (issue 16/17 reruns), one per finding,
each rebuilding the exact kind of mutant that crashed.

Where each numbered defect of issue 17 is held (file::test, under tests/):
  1  hardening/test_crash_safety::test_resume_regenerates_metrics_rows_that_were_cut_off
  2  hardening/test_crash_safety::test_a_checkpoint_without_its_genome_file_is_repaired_on_resume
  3  hardening/test_broken_envs::test_non_finite_fitness_everywhere_still_gives_a_result,
     ::test_a_few_nan_rewards_only_fail_those_evaluations,
     ::test_absurd_heldout_episodes_are_refused_before_the_run
  4  hardening/test_crash_safety::test_a_run_folder_is_never_left_half_made
  5  hardening/test_crash_safety::
     test_temporary_files_of_interrupted_writes_are_cleared_when_a_run_is_taken
  6  hostile/test_genome_files::test_an_env_id_with_a_module_is_never_imported
  7  hostile/test_genome_files::test_a_billion_outputs_is_refused_before_anything_is_built
  8  hostile/test_genome_files::test_a_long_chain_over_a_big_network_is_refused_by_its_decode_work
  9  hostile/test_genome_files::test_devices_and_fifos_are_refused_without_reading,
     ::test_a_file_over_the_formats_maximum_is_refused_before_reading
  10 hostile/test_cli_inputs::test_evolve_refuses_hostile_flags_in_one_line
  11 hostile/test_genome_files::test_overflowing_numbers_in_the_header_are_one_line_errors,
     ::test_a_malformed_stored_birth_score_is_refused,
     ::test_settings_that_grow_non_finite_parameters_are_refused
  12 hostile/test_cli_inputs::test_config_values_are_one_line_errors,
     ::test_paths_too_long_or_in_the_wrong_place; hostile/test_checkpoints::
     test_resume_from_a_checkpoint_with_wrong_shapes_is_one_line; disk full, read-only folder
     and bad UTF-8 in metrics.csv: the last three tests of this file
  13 hardening/test_broken_envs::
     test_an_env_that_raises_or_breaks_its_space_is_one_line_naming_env_and_call
  14 hardening/test_readonly_install (slow), hardening/test_numba_cache
  15 hardening/test_interrupts
"""

import errno
import io
import os
import shutil
import struct

import numpy as np
import pytest

from instinct.cli import main
from instinct.errors import InstinctError
from instinct.npz import read_npz


def _archive() -> bytes:
    buf = io.BytesIO()
    np.savez(buf, a=np.arange(3.0), b=np.zeros(2))
    return buf.getvalue()


def test_zip_version_beyond_zipfile_is_a_one_line_error(tmp_path):
    # checkpoint campaign seed 21 case 690: a byte flip in the central directory's "version
    # needed to extract" made zipfile raise NotImplementedError("zip file version 7.7")
    data = bytearray(_archive())
    at = data.index(b"PK\x01\x02") + 6
    data[at : at + 2] = struct.pack("<H", 77)
    path = tmp_path / "gen_000002.npz"
    path.write_bytes(bytes(data))
    with pytest.raises(InstinctError, match="not a readable") as e:
        read_npz(path, 1 << 20, "checkpoint")
    assert "\n" not in str(e.value)


def test_encrypted_member_is_refused_before_opening(tmp_path):
    # an archive member flagged as encrypted: zipfile would raise RuntimeError (password required)
    data = bytearray(_archive())
    at = data.index(b"PK\x01\x02") + 8
    data[at] |= 0x1
    path = tmp_path / "gen_000002.npz"
    path.write_bytes(bytes(data))
    with pytest.raises(InstinctError, match="unexpected member"):
        read_npz(path, 1 << 20, "checkpoint")


# issue 17 item 12: filesystem faults met by evolve ------------------------------------------
SIX = ("--generations", "6", "--checkpoint-every", "2")


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    from tests.hardening.helpers import evolve_argv, metrics_without_timing

    out = tmp_path_factory.mktemp("finished")
    assert main(evolve_argv(out, *SIX)) == 0
    return out / "run", metrics_without_timing(out / "run")


def _one_error_line(err: str, *words: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "error:" in line]
    assert len(lines) == 1 and lines[0].startswith("instinct evolve: error:"), err
    for word in words:
        assert word in lines[0], lines[0]


def test_a_full_disk_mid_run_is_one_line_and_the_run_resumes_identically(
    finished, tmp_path, capsys, monkeypatch
):
    from tests.hardening.helpers import evolve_argv, metrics_without_timing

    run, rows = finished
    real, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 6:  # some atomic writes done, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert main(evolve_argv(tmp_path, *SIX)) == 2
    _one_error_line(capsys.readouterr().err, "No space left")
    monkeypatch.setattr(os, "fsync", real)
    assert main(["evolve", "--resume", str(tmp_path / "run")]) == 0
    assert metrics_without_timing(tmp_path / "run") == rows
    assert (tmp_path / "run" / "best.dna").read_bytes() == (run / "best.dna").read_bytes()


def test_resume_on_a_read_only_folder_is_one_line(finished, tmp_path, capsys, monkeypatch):
    run = tmp_path / "run"
    shutil.copytree(finished[0], run)
    real = os.open

    def read_only(path, flags, *rest):  # what a read-only mount answers to any write (EROFS)
        if str(path).startswith(str(run)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real(path, flags, *rest)

    monkeypatch.setattr(os, "open", read_only)
    assert main(["evolve", "--resume", str(run)]) == 2
    _one_error_line(capsys.readouterr().err, "Read-only file system")


def test_resume_with_invalid_utf8_in_metrics_regenerates_the_rows(finished, tmp_path, capsys):
    from tests.hardening.helpers import metrics_without_timing

    run = tmp_path / "run"
    shutil.copytree(finished[0], run)
    data = (run / "metrics.csv").read_bytes()
    (run / "metrics.csv").write_bytes(data[: len(data) // 2] + b"\xff\xfe\x80 not utf-8\n")
    assert main(["evolve", "--resume", str(run)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert metrics_without_timing(run) == finished[1]
