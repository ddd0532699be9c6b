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

The state is those plain arrays only (cma_ranks i32[g, P], cma_mean f64[G], cma_sigma, the pycma
version that wrote them); the live pycma object is a cache the strategy keeps beside the state,
rebuilt by the same replay whenever it does not match the state it is asked about.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from instinct.errors import InstinctError
from instinct.rng import stream
from instinct.strategies.base import Individual, Population, Strategy, settings_field
from instinct.strategies.shaping import ranks

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


def _objective(ranks: np.ndarray) -> list[float]:
    """What pycma minimises: the negated centred rank."""
    return (0.5 - ranks / max(ranks.size - 1, 1)).tolist()


@dataclass(frozen=True)
class CMASettings:
    sigma: float = settings_field(0.05, "initial step size")
    covariance: str = settings_field(
        "auto", "full, diagonal (sep-CMA-ES) or auto (full up to 1000 genome numbers)",
        config="cma_covariance",
    )  # fmt: skip


class CMAES(Strategy):
    name = "cma"
    help = "CMA-ES via pycma"
    Settings = CMASettings
    shaping = staticmethod(ranks)  # i32 ranks: pycma sees exact, NaN-free values

    def _check(self) -> None:
        if self.pop_size < 2:
            raise InstinctError(f"cma needs a population of at least 2, got {self.pop_size}")
        self.sigma = float(self.settings.sigma)
        self.covariance = self.settings.covariance
        if self.covariance not in COVARIANCES:
            raise InstinctError(
                f"cma covariance must be one of {', '.join(COVARIANCES)}, got {self.covariance!r}"
            )
        self._live = None  # (generation, pycma object, its _Normals) of the last state seen

    def diagonal(self, dim: int) -> bool:
        return self.covariance == "diagonal" or (self.covariance == "auto" and dim > FULL_LIMIT)

    def _fresh(self):
        import cma

        normals = _Normals()
        options = {
            "popsize": self.pop_size,
            "CMA_diagonal": True if self.diagonal(self._mean0.size) else 0,
            "randn": normals,
            "seed": np.nan,  # never seed (or touch) numpy's global generator
            "verbose": -9,
            "verb_disp": 0,
            "verb_log": 0,  # no outcmaes/ files
        }
        return cma.CMAEvolutionStrategy(self._mean0.copy(), self.sigma, options), normals

    def _arrays(self, ranks_so_far, es) -> dict:
        import cma

        return {
            "cma_ranks": ranks_so_far,
            "cma_mean": np.array(es.mean, np.float64),  # a copy: pycma may reuse its array
            "cma_sigma": np.float64(es.sigma),
            "cma_version": np.frombuffer(cma.__version__.encode(), np.uint8),
        }

    def _init(self, encoding, seed: int) -> dict:
        if encoding.uses_chain:
            raise InstinctError(
                f"strategy cma cannot hand on a {encoding.name!r} genome; use --strategy ga"
            )
        init_seed = int(stream(seed, 0, "init").integers(0, 1 << 32))
        self._mean0 = encoding.initial_vector(init_seed).astype(np.float64)
        self._seed = int(seed)
        es, normals = self._fresh()
        self._live = (0, es, normals)
        return self._arrays(np.zeros((0, self.pop_size), np.int32), es)

    def _es(self, state):
        """The live pycma object in `state`: the cached one, or a fresh one replayed to it."""
        a = state.arrays
        if self._live is not None and self._live[0] == state.generation:
            es = self._live[1]
            if np.array_equal(es.mean, a["cma_mean"]) and es.sigma == float(a["cma_sigma"]):
                return self._live
        import cma

        es, normals = self._fresh()
        for generation, row in enumerate(np.asarray(a["cma_ranks"], np.int32)):
            normals.rng = stream(self._seed, generation, "ask")
            es.tell(es.ask(), _objective(row))
        if not (np.array_equal(es.mean, a["cma_mean"]) and es.sigma == float(a["cma_sigma"])):
            wrote = bytes(np.asarray(a.get("cma_version", []), np.uint8)).decode() or "?"
            raise ValueError(
                f"replaying CMA-ES did not reproduce the checkpoint (written with pycma {wrote}, "
                f"this is pycma {cma.__version__})"
            )
        self._live = (state.generation, es, normals)
        return self._live

    def _ask(self, state, rng) -> Population:
        _, es, normals = self._es(state)
        normals.rng = rng
        solutions = np.asarray(es.ask(), np.float64)
        return Population(solutions.astype(np.float32), None, solutions)

    def _tell(self, state, pop, shaped):
        _, es, normals = self._es(state)
        es.tell(list(pop.noise), _objective(shaped))
        self._live = (state.generation + 1, es, normals)
        ranks_so_far = np.concatenate([state.arrays["cma_ranks"], shaped[None]])
        return self._arrays(ranks_so_far, es), {"cma_sigma": float(es.sigma)}

    def best(self, state) -> Individual:
        return Individual(np.asarray(state.arrays["cma_mean"], np.float32), None)

    def _from_arrays(self, state, arrays, generation) -> dict:
        """Checked by replaying the stored ranks on a fresh pycma (see the module docstring)."""
        ranks_so_far = np.asarray(arrays["cma_ranks"], np.int32)
        if ranks_so_far.ndim != 2 or ranks_so_far.shape[1] != self.pop_size:
            raise ValueError(
                f"stored ranks have shape {ranks_so_far.shape}, population {self.pop_size}"
            )
        if ranks_so_far.shape[0] != generation:
            raise ValueError(f"{ranks_so_far.shape[0]} generations of ranks, not {generation}")
        restored = {
            "cma_ranks": ranks_so_far,
            "cma_mean": np.asarray(arrays["cma_mean"], np.float64),
            "cma_sigma": np.float64(arrays["cma_sigma"]),
            "cma_version": np.asarray(arrays.get("cma_version", []), np.uint8),
        }
        self._live = None
        self._es(type(state)(int(generation), restored))  # replays now: a mismatch fails here
        return restored


STRATEGY = CMAES
