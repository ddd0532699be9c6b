"""Sparsity pressure during evolution: gated connections, a cost the strategy sees, plain genomes
handed on, and weights_remaining falling in metrics.csv."""

import csv

import numpy as np
import pytest

from instinct.cli import main
from instinct.config import build_config
from instinct.errors import InstinctError
from instinct.genome import decode, fileformat, make_encoding
from instinct.lottery.during import GatedEncoding, SparsityPressure, gate_start
from instinct.strategies import make_strategy

from .helpers import ARCH


@pytest.mark.parametrize("encoding", ["direct", "seeds"])
def test_gated_genome_hands_on_a_plain_genome_that_decodes_to_what_was_evaluated(encoding):
    base = make_encoding(encoding, ARCH, **({"sigma": 0.2} if encoding == "seeds" else {}))
    enc = GatedEncoding(base, gate_start(0.2, 0.2))
    ga = make_strategy("ga", pop_size=10, sigma=0.2, truncation=3)
    state = ga.init(enc, 1)
    for gen in range(5):
        pop = ga.ask(state, 1, gen)
        state, _ = ga.tell(state, pop, -enc.active_fraction(pop.vectors))
    best = ga.best(state)
    params, masks = enc.grow(best.vector[None, :])
    genome = enc.genome(best.vector, best.chain, env_id="CartPole-v1")
    assert genome.encoding == encoding and genome.mask is not None
    loaded = fileformat.from_bytes(fileformat.to_bytes(genome))
    got, mask = decode(loaded)
    assert np.array_equal(got, params[0]) and np.array_equal(mask, masks[0])
    assert (masks[0][ARCH.weight_mask()] == 0).any()  # gates did close


def test_the_strategy_sees_the_cost_and_the_sparser_genome_wins():
    base = make_encoding("direct", ARCH)
    enc = GatedEncoding(base, 1.0)
    ga = SparsityPressure(make_strategy("ga", pop_size=2, truncation=1), enc, cost=5.0)
    state = ga.init(enc, 0)
    pop = ga.ask(state, 0, 0)
    pop.vectors[1, base.genome_dim :] = -1.0  # genome 1: no connection at all
    state, _ = ga.tell(state, pop, np.array([4.0, 0.0]))  # raw return favours genome 0
    assert np.array_equal(ga.best(state).vector, pop.vectors[1])  # 4 - 5 < 0 - 0


def test_gates_are_refused_with_bad_settings():
    with pytest.raises(InstinctError):
        gate_start(0.05, 0.7)
    with pytest.raises(InstinctError):
        build_config(sparsity_cost=-1.0)


def metrics(run):
    with open(run / "metrics.csv") as fh:
        return [float(r["weights_remaining"]) for r in csv.DictReader(fh)]


def test_evolve_with_a_sparsity_cost_logs_falling_weights(tmp_path):
    code = main([
        "evolve", "--env", "CartPole-v1", "--hidden", "8", "--population", "16",
        "--generations", "12", "--episodes", "1", "--sparsity-cost", "100",
        "--prune-rate", "0.1", "--max-steps", "100", "--heldout-episodes", "5",
        "--out", str(tmp_path), "--name", "sparse",
    ])  # fmt: skip
    assert code == 0
    trail = metrics(tmp_path / "sparse")
    assert len(trail) == 12 and trail[-1] < trail[0]
    best = fileformat.load(tmp_path / "sparse" / "best.dna")
    assert best.mask is not None and best.encoding == "seeds"


def test_prune_during_writes_a_resumable_run_and_scores_its_ticket(tmp_path, capsys):
    args = ["prune", "--env", "CartPole-v1", "--hidden", "8", "--during", "--sparsity-cost",
            "100", "--prune-rate", "0.1", "--generations", "6", "--population", "16",
            "--train-episodes", "1", "--episodes", "5", "--out", str(tmp_path)]  # fmt: skip
    assert main(args) == 0
    run = tmp_path / "during-c100-p0.1-s0"
    trail = metrics(run)
    assert len(trail) == 6 and trail[-1] < 1.0
    assert (run / "final" / "level.json").exists() and (run / "curve.csv").exists()
    first = (run / "final" / "level.json").read_bytes()
    assert main(args) == 0  # a rerun resumes the finished run: same result
    assert (run / "final" / "level.json").read_bytes() == first
    assert "weights remaining" in capsys.readouterr().out
