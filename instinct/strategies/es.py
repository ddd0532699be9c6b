"""OpenAI-ES of Salimans et al. 2017 ("Evolution Strategies as a Scalable Alternative to RL"):
antithetic Gaussian perturbations of a centre, centred-rank fitness shaping, Adam on the estimated
gradient, optional L2 weight decay. The best genome is the centre itself.
State arrays: center f32[G], Adam's m and v f32[G], its step count t.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from instinct.errors import InstinctError
from instinct.rng import stream
from instinct.strategies.base import Individual, Population, Strategy, settings_field
from instinct.strategies.shaping import centered_ranks


@dataclass(frozen=True)
class ESSettings:
    sigma: float = settings_field(0.05, "perturbation standard deviation")
    learning_rate: float = settings_field(0.03, "Adam learning rate")
    weight_decay: float = settings_field(0.005, "L2 weight decay of the centre")
    beta1: float = settings_field(0.9, "Adam's first-moment decay")
    beta2: float = settings_field(0.999, "Adam's second-moment decay")


class OpenAIES(Strategy):
    name = "es"
    help = "OpenAI-ES (Salimans et al. 2017)"
    Settings = ESSettings
    shaping = staticmethod(centered_ranks)

    def _check(self) -> None:
        if self.pop_size < 2 or self.pop_size % 2:
            raise InstinctError(f"es needs an even population of at least 2, got {self.pop_size}")
        s = self.settings
        self.sigma = float(s.sigma)
        self.lr = float(s.learning_rate)
        self.weight_decay = float(s.weight_decay)
        self.beta1, self.beta2 = float(s.beta1), float(s.beta2)

    def _init(self, encoding, seed: int) -> dict:
        if encoding.uses_chain:
            raise InstinctError(
                f"strategy es cannot hand on a {encoding.name!r} genome; use --strategy ga"
            )
        init_seed = int(stream(seed, 0, "init").integers(0, 1 << 32))
        center = encoding.initial_vector(init_seed).astype(np.float32)
        zeros = np.zeros_like(center)
        return {"center": center, "m": zeros, "v": zeros.copy(), "t": np.int64(0)}

    def _ask(self, state, rng) -> Population:
        center = state.arrays["center"]
        half = rng.standard_normal((self.pop_size // 2, center.size), np.float32)
        noise = np.concatenate([half, -half])
        vectors = center[None, :] + np.float32(self.sigma) * noise
        return Population(vectors, None, noise)

    def _tell(self, state, pop, shaped):
        a = state.arrays
        shaped = shaped.astype(np.float32)
        grad = shaped @ pop.noise / np.float32(self.pop_size * self.sigma)
        grad = grad - np.float32(self.weight_decay) * a["center"]
        t = int(a["t"]) + 1
        m = np.float32(self.beta1) * a["m"] + np.float32(1 - self.beta1) * grad
        v = np.float32(self.beta2) * a["v"] + np.float32(1 - self.beta2) * grad * grad
        step = self.lr * np.sqrt(1 - self.beta2**t) / (1 - self.beta1**t)
        center = a["center"] + np.float32(step) * m / (np.sqrt(v) + np.float32(1e-8))
        arrays = {"center": center.astype(np.float32), "m": m, "v": v, "t": np.int64(t)}
        return arrays, {"grad_norm": float(np.linalg.norm(grad))}

    def best(self, state) -> Individual:
        return Individual(state.arrays["center"], None)

    def project(self, pop, keep):
        """Zero the perturbations too: they are the step itself, so the centre stays zero."""
        pop = super().project(pop, keep)
        pop.noise = np.where(keep, pop.noise, np.float32(0.0)).astype(np.float32)
        return pop

    def _from_arrays(self, state, arrays, generation) -> dict:
        return {
            "center": np.asarray(arrays["center"], np.float32),
            "m": np.asarray(arrays["m"], np.float32),
            "v": np.asarray(arrays["v"], np.float32),
            "t": np.int64(arrays["t"]),
        }


STRATEGY = OpenAIES
