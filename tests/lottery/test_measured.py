"""The figures docs/lottery.md reports, at the scale that gives them (slow: minutes each)."""

import csv

import pytest

from instinct.cli import main


@pytest.mark.slow
def test_a_supermask_over_a_fixed_random_network_solves_cartpole(tmp_path):
    argv = ["prune", "--env", "CartPole-v1", "--method", "supermask", "--rate", "0.5",
            "--levels", "1", "--episodes", "100", "--generations", "60", "--population", "64",
            "--train-episodes", "5", "--out", str(tmp_path)]  # fmt: skip
    assert main(argv) == 0
    with open(tmp_path / "supermask-global-r0.5-s0" / "curve.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert float(rows[1]["weights_remaining"]) == 0.5
    assert float(rows[1]["birth_mean"]) >= 475  # held-out episodes; no weight ever evolved
    assert float(rows[0]["birth_mean"]) < 200  # the dense random network does not balance
