"""Genomes for the viewer tests: a hand-wired hatchling and a random CartPole controller."""

from __future__ import annotations

import numpy as np
from instinct_envs.hatchling import dynamics as dyn

from instinct.genome import fileformat
from instinct.genome.base import Genome
from instinct.nn import Architecture

HATCHLING = "instinct/Hatchling-v0"


def braitenberg_genome(path, mask=None):
    """A linear network with the crossed wiring of Braitenberg: turn toward the eye that sees more
    short-wavelength light, crawl at full speed (the sanity controller of shared/WORLDS.md)."""
    arch = Architecture(dyn.OBS_DIM, (), dyn.ACT_DIM, "tanh", "tanh")
    w = np.zeros((dyn.OBS_DIM, dyn.ACT_DIM), np.float32)
    w[0:3, 0], w[3:6, 0] = 2.0, -2.0
    b = np.array([0.0, 3.0], np.float32)
    payload = np.concatenate([w.ravel(), b])
    genome = Genome(
        "direct",
        {},
        arch,
        payload,
        HATCHLING,
        {"generation": 7},
        {"mean_return": 1.5, "ci95": [1.4, 1.6], "success_rate": 0.9},
        mask,
    )
    fileformat.save(genome, path)
    return path


def cartpole_genome(path, seed=0):
    arch = Architecture(4, (8,), 2, "tanh", "argmax")
    payload = np.random.default_rng(seed).standard_normal(arch.num_params).astype(np.float32)
    fileformat.save(Genome("direct", {}, arch, payload, "CartPole-v1", {}), path)
    return path
