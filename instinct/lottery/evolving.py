"""Evolution under a fixed mask: the engine's own loop, strategies and run folders, with the pruned
parameters held at exactly zero (the re-training step of iterative magnitude pruning, Frankle &
Carbin 2019, done by evolution).

`RewoundEncoding` wraps an encoding whose genome vector is the parameter vector (`direct`, `seeds`):
every genome starts from the rewind point, and growing zeroes what the mask prunes. What it hands on
is an ordinary genome of the base encoding plus the mask, so the ticket is a plain `.dna` file:
a seed chain stays a seed chain (the rewind point's chain, then the new mutations), and decoding it
gives exactly the parameters that were evaluated.

`MaskedStrategy` wraps a strategy so that, where the vector is the parameters themselves (not a
seed chain), the pruned coordinates of every genome it hands out (and of OpenAI-ES's perturbations)
are exactly zero: for the GA and OpenAI-ES they stay zero in the strategy's state, its checkpoints
and after resume. (Other strategies keep their own state; what they evaluate and hand on is masked.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from instinct.errors import InstinctError
from instinct.genome import Genome, make_encoding, mutate
from instinct.lottery.mask import Mask

VECTOR_IS_PARAMS = ("direct", "seeds")  # encodings whose grow() is the identity


def check_param_encoding(encoding) -> None:
    if encoding.name not in VECTOR_IS_PARAMS or encoding.genome_dim != encoding.arch.num_params:
        raise InstinctError(
            f"imp re-evolves the parameters themselves; a {encoding.name!r} genome does not hold "
            f"them (use --method strong or supermask, or a {'/'.join(VECTOR_IS_PARAMS)} genome)"
        )


class RewoundEncoding:
    """`base` with a fixed mask, every lineage starting at `start` (f32[D]).

    `start_chain`, for a seed-chain base, is a chain whose replay is `start`; the genomes handed on
    are then `start_chain + mutations`. Without one, a seed-chain lineage is handed on as a `direct`
    genome of its parameters (e.g. a control that starts from shuffled weights).
    """

    def __init__(self, base, mask: Mask, start: np.ndarray, start_chain=None):
        check_param_encoding(base)
        self.base = base
        self.arch = base.arch
        self.name = base.name
        self.settings = dict(base.settings)
        self.genome_dim = base.genome_dim
        self.uses_chain = base.uses_chain
        self.mask = mask
        self.keep = mask.values != 0
        start = np.asarray(start, np.float32)
        self.start = start if self.uses_chain else mask.apply(start)
        self.start_chain = None if start_chain is None else [int(s) for s in start_chain]

    def initial_vector(self, seed: int) -> np.ndarray:
        return self.start.copy()

    def grow(self, vectors):
        params, masks = self.base.grow(np.asarray(vectors, np.float32))
        keep = np.broadcast_to(self.mask.values, params.shape)
        masks = keep.copy() if masks is None else masks & keep
        return np.where(masks != 0, params, np.float32(0.0)), masks

    def replay(self, chain) -> np.ndarray:
        vector = self.start.copy()
        for seed in list(chain)[1:]:
            vector = mutate(vector, int(seed), self.settings["sigma"])
        return vector

    def genome(self, vector, chain, **meta) -> Genome:
        if self.uses_chain and self.start_chain is not None:
            genome = self.base.genome(None, self.start_chain + [int(s) for s in chain[1:]], **meta)
        elif self.uses_chain:
            vector = self.replay(chain) if vector is None else vector
            direct = make_encoding("direct", self.arch)
            genome = direct.genome(self.mask.apply(vector), None, **meta)
        else:
            genome = self.base.genome(self.mask.apply(vector), None, **meta)
        genome.mask = self.mask.values.copy()
        return genome


class MaskedStrategy:
    """A strategy whose genomes keep the zeros of `keep` at exactly zero (vector encodings)."""

    def __init__(self, inner, keep: np.ndarray | None):
        self.inner = inner
        self.keep = None if keep is None else np.asarray(keep, bool)

    def __getattr__(self, name):  # everything not overridden here is the inner strategy's
        return getattr(self.inner, name)

    def ask(self, state, seed, generation):
        pop = self.inner.ask(state, seed, generation)
        if self.keep is not None:
            zero = np.float32(0.0)
            pop.vectors = np.where(self.keep, pop.vectors, zero).astype(np.float32)
            if pop.noise is not None and getattr(self.inner, "name", "") == "es":
                # OpenAI-ES's noise is the perturbation itself: zero it so the centre stays zero
                pop.noise = np.where(self.keep, pop.noise, zero).astype(np.float32)
        return pop


def masked_search(encoding: RewoundEncoding, strategy):
    """The strategy to run over `encoding`: projected onto the mask unless genomes are chains."""
    return MaskedStrategy(strategy, None if encoding.uses_chain else encoding.keep)


def evolve_in(folder: Path, config, encoding, strategy, evaluator, progress=None):
    """Evolve `config.generations` generations in run folder `folder`, resuming what is there.

    Returns (experiment, final strategy state, the pick: the engine's `select_best`). The folder is
    an ordinary run folder (config.toml, metrics.csv, checkpoints/, best.dna): a killed level
    resumes from its last checkpoint, and a run that reached its stop target stays stopped.
    """
    from instinct.evolve import Experiment, run_generations, select_best, stop_fitness
    from instinct.reporters import Checkpointer, MetricsWriter
    from instinct.resume import restore
    from instinct.run import RunFolder

    run = RunFolder(folder)
    run.path.mkdir(parents=True, exist_ok=True)
    run.claim()
    try:
        if not run.config_path.exists():
            run.write_config(config)
        elif _settings(run.read_config()) != _settings(config):
            raise InstinctError(f"{folder} was evolved with other settings; remove it or use --out")
        exp = Experiment(config, encoding.arch, encoding, strategy, evaluator, run)
        state, start = restore(exp)
        last = run.read_metrics()[-1:]
        stopped = bool(last) and float(last[0]["median"]) >= stop_fitness(exp)
        if start < config.generations and not stopped:
            reporters = [MetricsWriter(), Checkpointer(config.checkpoint_every)]
            reporters += [progress] if progress is not None else []
            state = run_generations(exp, state, start, reporters)
        return exp, state, select_best(exp, state)
    finally:
        run.release()


def _settings(config) -> str:
    """A config as comparable text (NaN settings compare equal here)."""
    import json

    return json.dumps(config.to_dict(), sort_keys=True)
