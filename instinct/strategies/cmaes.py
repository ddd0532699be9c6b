"""CMA-ES (Hansen & Ostermeier 2001, "Completely Derandomized Self-Adaptation in Evolution
Strategies"; Hansen 2016, "The CMA Evolution Strategy: A Tutorial") through pycma, the `cma`
package, with its separable mode (Ros & Hansen 2008, sep-CMA-ES: a diagonal covariance, linear time
and memory) for large genomes.

Fitness reaches pycma as centred ranks (negated: pycma minimises), so NaN means worst and the values
are exact. The best genome is the distribution's mean.

Randomness: pycma draws its samples through its `randn` option; that is a `_Normals` object
which `ask` points at `instinct.rng.stream(seed, generation, "ask")`, so pycma never touches
numpy's global generator and generation g's samples depend only on (seed, g) and the state.

Resume by replay: pycma's state (mean, step size, paths, covariance or its eigen-decomposition,
step-size adaptation internals) is many private attributes that change between pycma versions, and
checkpoints must not pickle. Since every random number is a function of (seed, generation), the
state after g generations is a function of the initial mean and the ranks told so far. A checkpoint
therefore stores only the ranks i32[g, P] (plus the mean and step size, to verify), and restoring
rebuilds a fresh pycma and replays ask/tell g times: no evaluations, so it takes about as long as
g generations of CMA arithmetic alone. If the replayed mean or step size differ from the stored
ones by a single bit (another pycma version, another BLAS), restoring fails with a clear error
rather than continuing a different run.
"""

from __future__ import annotations

import numpy as np

from instinct.errors import InstinctError
from instinct.rng import stream
from instinct.strategies.base import Individual, Population, clean_fitness

COVARIANCES = ("auto", "full", "diagonal")
FULL_LIMIT = 1000  # "auto": full covariance up to this many genome numbers, diagonal above


class _Normals:
    """pycma's `randn(lam, N)`; before each ask it is pointed at that generation's stream."""

    def __init__(self):
        self.rng = None

    def __call__(self, *shape):
        if self.rng is None:
            raise RuntimeError("CMA-ES sampled outside ask()")
        return self.rng.standard_normal(shape)


def _ranks(raw_fitness: np.ndarray) -> np.ndarray:
    """i32[P]: 0 for the worst, P-1 for the best; NaN is worst, ties broken by index."""
    ranks = np.empty(raw_fitness.size, np.int32)
    ranks[np.argsort(clean_fitness(raw_fitness), kind="stable")] = np.arange(raw_fitness.size)
    return ranks


def _objective(ranks: np.ndarray) -> list[float]:
    """What pycma minimises: the negated centred rank."""
    return (0.5 - ranks / max(ranks.size - 1, 1)).tolist()


class CMAES:
    name = "cma"

    def __init__(self, pop_size: int, sigma: float = 0.05, covariance: str = "auto"):
        if pop_size < 2:
            raise InstinctError(f"cma needs a population of at least 2, got {pop_size}")
        if covariance not in COVARIANCES:
            raise InstinctError(
                f"cma covariance must be one of {', '.join(COVARIANCES)}, got {covariance!r}"
            )
        self.pop_size = int(pop_size)
        self.sigma = float(sigma)
        self.covariance = covariance

    def diagonal(self, dim: int) -> bool:
        return self.covariance == "diagonal" or (self.covariance == "auto" and dim > FULL_LIMIT)

    def init(self, encoding, seed: int) -> dict:
        import cma

        if encoding.uses_chain:
            raise InstinctError(
                f"strategy cma cannot hand on a {encoding.name!r} genome; use --strategy ga"
            )
        init_seed = int(stream(seed, 0, "init").integers(0, 1 << 32))
        mean = encoding.initial_vector(init_seed).astype(np.float64)
        normals = _Normals()
        options = {
            "popsize": self.pop_size,
            "CMA_diagonal": True if self.diagonal(mean.size) else 0,
            "randn": normals,
            "seed": np.nan,  # never seed (or touch) numpy's global generator
            "verbose": -9,
            "verb_disp": 0,
            "verb_log": 0,  # no outcmaes/ files
        }
        es = cma.CMAEvolutionStrategy(mean, self.sigma, options)
        return {"generation": 0, "es": es, "normals": normals, "seed": int(seed),
                "ranks": np.zeros((0, self.pop_size), np.int32)}  # fmt: skip

    def ask(self, state: dict, seed: int, generation: int) -> Population:
        state["normals"].rng = stream(seed, generation, "ask")
        solutions = np.asarray(state["es"].ask(), np.float64)
        return Population(solutions.astype(np.float32), None, solutions)

    def tell(self, state: dict, pop: Population, raw_fitness: np.ndarray):
        """Advances the pycma object in place: the previous state must not be reused."""
        ranks = _ranks(np.asarray(raw_fitness))
        es = state["es"]
        es.tell(list(pop.noise), _objective(ranks))
        new = dict(state, ranks=np.concatenate([state["ranks"], ranks[None]]))
        new["generation"] = state["generation"] + 1
        return new, {"cma_sigma": float(es.sigma)}

    def best(self, state: dict) -> Individual:
        return Individual(np.asarray(state["es"].mean, np.float32), None)

    def to_arrays(self, state: dict) -> dict:
        import cma

        es = state["es"]
        return {"cma_ranks": state["ranks"], "cma_mean": np.asarray(es.mean, np.float64),
                "cma_sigma": np.float64(es.sigma),
                "cma_version": np.frombuffer(cma.__version__.encode(), np.uint8)}  # fmt: skip

    def from_arrays(self, state: dict, arrays: dict) -> dict:
        """Replay the stored ranks on the fresh state `init` made; verify the result."""
        import cma

        ranks = np.asarray(arrays["cma_ranks"], np.int32)
        if ranks.ndim != 2 or ranks.shape[1] != self.pop_size:
            raise ValueError(f"stored ranks have shape {ranks.shape}, population {self.pop_size}")
        if ranks.size and (ranks.min() < 0 or ranks.max() >= self.pop_size):
            raise ValueError(f"stored ranks are not ranks of a population of {self.pop_size}")
        mean, sigma = np.asarray(arrays["cma_mean"]), np.asarray(arrays["cma_sigma"])
        if mean.shape != np.shape(state["es"].mean) or sigma.shape != ():
            raise ValueError(
                f"stored mean has shape {mean.shape}, want {np.shape(state['es'].mean)}"
            )
        es, normals = state["es"], state["normals"]
        for generation, row in enumerate(ranks):
            normals.rng = stream(state["seed"], generation, "ask")
            es.tell(es.ask(), _objective(row))
        mean, sigma = np.asarray(arrays["cma_mean"], np.float64), float(arrays["cma_sigma"])
        if not (np.array_equal(es.mean, mean) and es.sigma == sigma):
            wrote = bytes(np.asarray(arrays.get("cma_version", []), np.uint8)).decode() or "?"
            raise ValueError(
                f"replaying CMA-ES did not reproduce the checkpoint (written with pycma {wrote}, "
                f"this is pycma {cma.__version__})"
            )
        return dict(state, ranks=ranks, generation=ranks.shape[0])
