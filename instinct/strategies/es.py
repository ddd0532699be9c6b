"""OpenAI-ES of Salimans et al. 2017 ("Evolution Strategies as a Scalable Alternative to RL"):
antithetic Gaussian perturbations of a centre, centred-rank fitness shaping, Adam on the estimated
gradient, optional L2 weight decay. The best genome is the centre itself.
"""

from __future__ import annotations

import numpy as np

from instinct.errors import InstinctError
from instinct.rng import stream
from instinct.strategies.base import Individual, Population, centered_ranks


class OpenAIES:
    name = "es"

    def __init__(
        self,
        pop_size: int,
        sigma: float = 0.05,
        learning_rate: float = 0.03,
        weight_decay: float = 0.005,
        beta1: float = 0.9,
        beta2: float = 0.999,
    ):
        if pop_size < 2 or pop_size % 2:
            raise InstinctError(f"es needs an even population of at least 2, got {pop_size}")
        self.pop_size = int(pop_size)
        self.sigma = float(sigma)
        self.lr = float(learning_rate)
        self.weight_decay = float(weight_decay)
        self.beta1, self.beta2 = float(beta1), float(beta2)

    def init(self, encoding, seed: int) -> dict:
        if encoding.uses_chain:
            raise InstinctError(
                f"strategy es cannot hand on a {encoding.name!r} genome; use --strategy ga"
            )
        init_seed = int(stream(seed, 0, "init").integers(0, 1 << 32))
        center = encoding.initial_vector(init_seed).astype(np.float32)
        zeros = np.zeros_like(center)
        return {"generation": 0, "center": center, "m": zeros, "v": zeros.copy(), "t": 0}

    def ask(self, state: dict, seed: int, generation: int) -> Population:
        rng = stream(seed, generation, "ask")
        half = rng.standard_normal((self.pop_size // 2, state["center"].size), np.float32)
        noise = np.concatenate([half, -half])
        vectors = state["center"][None, :] + np.float32(self.sigma) * noise
        return Population(vectors, None, noise)

    def tell(self, state: dict, pop: Population, raw_fitness: np.ndarray):
        shaped = centered_ranks(raw_fitness).astype(np.float32)
        grad = shaped @ pop.noise / np.float32(self.pop_size * self.sigma)
        grad = grad - np.float32(self.weight_decay) * state["center"]
        t = state["t"] + 1
        m = np.float32(self.beta1) * state["m"] + np.float32(1 - self.beta1) * grad
        v = np.float32(self.beta2) * state["v"] + np.float32(1 - self.beta2) * grad * grad
        step = self.lr * np.sqrt(1 - self.beta2**t) / (1 - self.beta1**t)
        center = state["center"] + np.float32(step) * m / (np.sqrt(v) + np.float32(1e-8))
        new = dict(state, center=center.astype(np.float32), m=m, v=v, t=t)
        new["generation"] = state["generation"] + 1
        return new, {"grad_norm": float(np.linalg.norm(grad))}

    def best(self, state: dict) -> Individual:
        return Individual(state["center"], None)

    def to_arrays(self, state: dict) -> dict:
        return {
            "center": state["center"],
            "m": state["m"],
            "v": state["v"],
            "t": np.int64(state["t"]),
        }

    def from_arrays(self, state: dict, arrays: dict) -> dict:
        for key in ("center", "m", "v"):
            value = np.asarray(arrays[key])
            if value.shape != state["center"].shape or not np.isfinite(value).all():
                raise ValueError(f"{key} has shape {value.shape}, want {state['center'].shape}")
        t = np.asarray(arrays["t"])
        if t.shape != () or t.dtype.kind not in "iu" or not 0 <= int(t) < 2**62:
            raise ValueError("t is not a whole number")
        return dict(
            state,
            center=np.asarray(arrays["center"], np.float32),
            m=np.asarray(arrays["m"], np.float32),
            v=np.asarray(arrays["v"], np.float32),
            t=int(arrays["t"]),
        )
