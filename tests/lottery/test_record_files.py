"""A prune folder's record files (settings.json, level.json) that are broken, not regular files or
far too large are refused in one line naming the file, without reading them whole."""

import os

import pytest

from instinct.errors import InstinctError

from .test_runner import prune


def test_a_broken_level_record_names_itself_and_the_level_to_remove(tmp_path):
    lr, _ = prune(tmp_path, levels=1)
    (lr.folder / "level_01" / "level.json").write_text("{not json")
    with pytest.raises(InstinctError, match=r"level\.json is not a readable level record.*remove"):
        prune(tmp_path, levels=1)


def test_a_huge_settings_file_is_refused_without_reading_it(tmp_path):
    lr, _ = prune(tmp_path, levels=1)
    with open(lr.folder / "settings.json", "r+b") as fh:
        fh.truncate(64 << 20)  # sparse: costs no disk, and reading it would cost 64 MiB
    with pytest.raises(InstinctError, match="over the"):
        prune(tmp_path, levels=1)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_a_level_record_does_not_hang(tmp_path):
    lr, _ = prune(tmp_path, levels=1)
    record = lr.folder / "level_01" / "level.json"
    record.unlink()
    os.mkfifo(record)
    with pytest.raises(InstinctError, match="not a regular file"):
        prune(tmp_path, levels=1)
