"""Small fixtures for the lottery tests: a tiny network, a fake evaluator, a source."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from instinct.config import build_config
from instinct.evaluate import Evaluation
from instinct.genome import make_encoding
from instinct.lottery.source import Source
from instinct.nn import Architecture

ARCH = Architecture(4, (6, 5), 2, "tanh", "argmax")  # CartPole-shaped


class FakeEvaluator:
    """Deterministic stand-in for an evaluator: return = 10 - |theta - target|^2 + key noise.

    Records every batch it is handed, so tests can look at what was actually evaluated.
    """

    def __init__(self, arch=ARCH, seed=0):
        self.arch = arch
        self.target = np.random.default_rng(seed).normal(0, 0.5, arch.num_params).astype(np.float32)
        self.seen: list[tuple[np.ndarray, np.ndarray | None]] = []

    def evaluate(self, params, masks, keys):
        params = np.atleast_2d(np.asarray(params, np.float32))
        self.seen.append((params.copy(), None if masks is None else np.array(masks)))
        theta = params if masks is None else np.where(masks != 0, params, 0)
        base = 10.0 - ((theta - self.target) ** 2).sum(axis=1, dtype=np.float64)
        noise = (np.asarray(keys, np.uint64) % 7).astype(np.float64) * 0.01
        returns = base[:, None] + noise[None, :]
        lengths = np.ones(returns.shape, np.int32)
        return Evaluation(returns, lengths, None)

    def close(self):
        pass


def source(encoding="seeds", strategy="ga", folder: Path | None = None, seed=3) -> Source:
    """A born network of ARCH: a GA seed chain (or a direct vector) with a few mutations."""
    enc = make_encoding(encoding, ARCH, **({"sigma": 0.05} if encoding == "seeds" else {}))
    if encoding == "seeds":
        genome = enc.genome(None, [seed, 11, 12, 13], env_id="CartPole-v1")
    else:
        genome = enc.genome(enc.initial_vector(seed), None, env_id="CartPole-v1")
    genome.provenance = {"strategy": strategy, "seed": seed}
    config = build_config(
        env="CartPole-v1", hidden="6,5", encoding=encoding, strategy=strategy, population=8,
        generations=3, episodes=2, sigma=0.05, checkpoint_every=1,
    )  # fmt: skip
    out = (folder or Path("runs")) / "lottery"
    return Source(genome, enc, config, f"test-{encoding}", out)
