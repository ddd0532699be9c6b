"""A run folder written by an earlier version of instinct resumes to what that version wrote.

tests/fixtures/runs-v0/<strategy>/stopped is a 2-generation run written before the seams refactor
(issue 8); resumed/ holds what that version wrote after `--resume stopped --generations 4`.
"""

import csv
import shutil
from pathlib import Path

import pytest

from instinct.cli import main
from instinct.run import TIMING_COLUMNS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "runs-v0"


def metrics(path):
    with open(path / "metrics.csv") as fh:
        return [{k: v for k, v in r.items() if k not in TIMING_COLUMNS} for r in csv.DictReader(fh)]


@pytest.mark.parametrize("strategy", ["ga", "es", "cma"])
def test_a_run_of_the_previous_version_resumes_identically(strategy, tmp_path):
    run = tmp_path / f"{strategy}-v0"  # the name the run was written under (provenance)
    shutil.copytree(FIXTURES / strategy / "stopped", run)
    assert len(metrics(run)) == 2
    assert main(["evolve", "--resume", str(run), "--generations", "4"]) == 0
    want = FIXTURES / strategy / "resumed"
    assert metrics(run) == metrics(want)
    assert (run / "best.dna").read_bytes() == (want / "best.dna").read_bytes()
    assert (run / "result.json").read_bytes() == (want / "result.json").read_bytes()


def test_the_generic_config_hash_keeps_the_hash_old_checkpoints_were_written_with():
    import json

    import numpy as np

    from instinct.run import RunFolder

    for strategy in ("ga", "es", "cma"):
        run = RunFolder(FIXTURES / strategy / "stopped")
        meta, _ = run.load_checkpoint()
        assert run.read_config().hash() == meta["config_hash"]
        with np.load(run.checkpoint_dir / "gen_000002.npz") as f:
            assert json.loads(f["__meta__"].tobytes())["config_hash"] == meta["config_hash"]


def test_a_setting_at_its_default_leaves_the_hash_alone():
    from instinct.config import build_config

    base = build_config()
    assert build_config(genome_width=0, sparsity_cost=0.0).hash() == base.hash()
    assert build_config(genome_width=8).hash() != base.hash()
    assert build_config(generations=5, out="elsewhere").hash() == base.hash()  # not identity
