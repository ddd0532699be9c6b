"""`instinct bits --backend processes` (and `ray` on a local head) writes the sweep `--backend
local` writes: the same bits.csv, and in every cell the same metrics and best genome."""

import csv

import pytest

from instinct.cli import main
from instinct.run import TIMING_COLUMNS

BITS = ["bits", "--env", "CartPole-v1", "--path", "gym", "--name", "t", "--encodings",
        "cppn,mask", "--sizes", "64", "--seeds", "1", "--generations", "2", "--population", "8",
        "--episodes", "2", "--hidden", "4", "--heldout-episodes", "6"]  # fmt: skip


def sweep(out, *backend) -> dict:
    """The sweep's bits.csv and, per cell, its metrics (timing columns aside) and best.dna."""
    assert main([*BITS, "--out", str(out), *backend]) == 0
    root = out / "bits-t"
    got = {"bits.csv": (root / "bits.csv").read_text()}
    for cell in sorted(p for p in root.iterdir() if p.is_dir()):
        with open(cell / "metrics.csv") as fh:
            rows = [{k: v for k, v in r.items() if k not in TIMING_COLUMNS}
                    for r in csv.DictReader(fh)]  # fmt: skip
        got[cell.name] = (rows, (cell / "best.dna").read_bytes())
    return got


@pytest.fixture(scope="module")
def local_bits(tmp_path_factory):
    return sweep(tmp_path_factory.mktemp("local"))


def test_bits_cells_on_process_workers_give_the_local_sweep(tmp_path, local_bits):
    got = sweep(tmp_path, "--backend", "processes", "--workers", "2")
    assert len(got) == 3 and got == local_bits  # bits.csv and two cells


def test_bits_cells_on_ray_actors_give_the_local_sweep(tmp_path, local_bits):
    ray = pytest.importorskip("ray")
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             _node_ip_address="127.0.0.1")  # fmt: skip
    try:
        assert sweep(tmp_path, "--backend", "ray", "--workers", "2") == local_bits
    finally:
        ray.shutdown()


def test_bits_refuses_a_bad_backend_before_it_makes_a_folder(tmp_path):
    assert main([*BITS, "--out", str(tmp_path), "--backend", "processes", "--workers", "0"]) == 2
    assert not (tmp_path / "bits-t").exists()
