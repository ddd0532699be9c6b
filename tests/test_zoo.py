"""Every genome in genomes/ loads and still reaches the birth score its header states."""

from pathlib import Path

import numpy as np
import pytest

from instinct.evaluate import make_evaluator
from instinct.evolve import birth_score
from instinct.genome import decode
from instinct.genome.fileformat import load
from instinct.rng import heldout_keys

ZOO = sorted((Path(__file__).parent.parent / "genomes").glob("*.dna"))


def test_the_zoo_has_every_encoding_and_cartpole():
    genomes = [load(p) for p in ZOO]
    hatchling = {g.encoding for g in genomes if g.env_id == "instinct/Hatchling-v0"}
    assert hatchling >= {"direct", "seeds", "cppn", "gnet", "mask"}
    assert any(g.env_id == "CartPole-v1" for g in genomes)


@pytest.mark.parametrize("path", ZOO, ids=[p.stem for p in ZOO])
def test_genome_reaches_its_stated_birth_score(path):
    genome = load(path)
    stated = genome.birth_score
    params, mask = decode(genome)
    evaluator = make_evaluator(genome.env_id, genome.arch)
    keys = heldout_keys(stated["heldout_seed"], stated["episodes"])
    measured = birth_score(evaluator, params[None], None if mask is None else mask[None], keys)
    evaluator.close()
    assert np.isclose(measured["mean_return"], stated["mean_return"], rtol=1e-9)
    if "success_rate" in stated:
        assert measured["success_rate"] >= stated["success_rate"] >= 0.85
