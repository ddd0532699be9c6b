"""The evolution loop: ask, grow, evaluate, tell; everything else happens in reporters.

genomes = strategy.ask(state, seed, generation)        vectors f32[P, G] (+ seed chains)
params, masks = encoding.grow(genomes.vectors)         f32[P, D], u8[P, D] | None
evaluation = evaluator.evaluate(params, masks, keys)   returns f64[P, E]
state = strategy.tell(state, genomes, returns.mean(1))
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import numpy as np

from instinct.config import EvolveConfig
from instinct.envguard import EnvFailure
from instinct.errors import InstinctError
from instinct.evaluate import architecture_for_env, make_evaluator
from instinct.genome import Genome, make_encoding, settings_from_config
from instinct.genome.cost import cost
from instinct.genome.fileformat import payload_hash
from instinct.interrupt import stop_at_safe_point
from instinct.memory import check_evolve
from instinct.nn import Architecture
from instinct.rng import episode_keys, heldout_keys, validation_keys
from instinct.run import RunFolder
from instinct.stats import json_safe, mean_ci, summarize
from instinct.strategies import make_strategy


@dataclass
class Experiment:
    """Everything one config builds: the network, encoding, strategy, evaluator and run folder."""

    config: EvolveConfig
    arch: Architecture
    encoding: object
    strategy: object
    evaluator: object
    run: RunFolder | None = None

    @property
    def evaluator_name(self) -> str:
        return "fused" if hasattr(self.evaluator, "core") else "gym"

    def best_genome(self, state, generation: int, birth_score=None, best=None) -> Genome:
        best = best or self.strategy.best(state)
        genome = self.encoding.genome(best.vector, best.chain, env_id=self.config.env)
        genome.provenance = {
            "run": self.run.path.name if self.run else "",
            "generation": int(generation),
            "parent_hash": _parent_hash(best),
            "config_hash": self.config.hash(),
            "seed": self.config.seed,
            "strategy": self.config.strategy,
        }
        genome.birth_score = birth_score
        return genome


def _parent_hash(best) -> str:
    """Hash of the parent's genome: for a seed chain, the chain without its last mutation."""
    if best.chain is not None and len(best.chain) > 1:
        return payload_hash(np.asarray(best.chain[:-1], np.uint32))
    return ""


BYTES_PER_EPISODE = 48  # returns, lengths, outcomes, keys and the gym path's job indices


def check_final_episodes(config: EvolveConfig) -> None:
    """Refuse, before anything runs, held-out or validation episodes whose final scoring could not
    fit in memory (it would otherwise fail only after the whole run)."""
    try:
        limit = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (ValueError, OSError, AttributeError):
        limit = 1 << 34
    final = {"heldout_episodes": config.heldout_episodes,
             "validation_episodes": config.validation_episodes * config.population}  # fmt: skip
    for name, jobs in final.items():
        need = jobs * BYTES_PER_EPISODE
        if need > limit:
            raise InstinctError(
                f"--{name.replace('_', '-')} {getattr(config, name)} needs about "
                f"{need / 2**30:.1f} GiB to score the final genomes, over the {limit / 2**30:.1f} "
                "GiB allowed (half of this machine's memory): lower it"
            )


def build(config: EvolveConfig, run: RunFolder | None = None) -> Experiment:
    check_final_episodes(config)
    arch = architecture_for_env(config.env, config.hidden, config.activation)
    encoding = make_encoding(config.encoding, arch, **settings_from_config(config))
    check_evolve(config, arch.num_params, encoding.genome_dim)  # before anything is allocated
    kwargs = {"pop_size": config.population, "sigma": config.sigma}
    if config.strategy == "ga":
        kwargs["truncation"] = config.truncation or None
    elif config.strategy == "es":
        kwargs["learning_rate"] = config.learning_rate
    else:
        kwargs["covariance"] = config.cma_covariance
    strategy = make_strategy(config.strategy, **kwargs)
    if encoding.uses_chain and config.strategy != "ga":  # refuse before any folder is made
        raise InstinctError(
            f"strategy {config.strategy} cannot hand on a {config.encoding!r} genome (a seed chain "
            "comes from GA mutations); use --strategy ga or another --encoding"
        )
    if config.sparsity_cost > 0 or config.prune_rate > 0:  # sparsity evolves (lottery --during)
        from instinct.lottery.during import sparsity_pressure

        encoding, strategy = sparsity_pressure(
            encoding, strategy, config.sigma, config.sparsity_cost, config.prune_rate
        )
    evaluator = make_evaluator(config.env, arch, config.path, config.max_steps or None)
    if hasattr(evaluator, "warm_up"):
        evaluator.warm_up()
    return Experiment(config, arch, encoding, strategy, evaluator, run)


def genome_sizes(exp: Experiment, state) -> dict:
    """metrics.csv's genome columns for the best genome's payload (compression: zlib)."""
    best = exp.strategy.best(state)
    payload = exp.encoding.genome(best.vector, best.chain).payload.tobytes()
    c = cost(payload, exp.arch.num_params)
    keys = ("genome_bytes", "genome_bytes_zlib")
    return {**{k: c[k] for k in keys}, "compression": c["compression_zlib"]}


def weights_remaining(arch, params_row, masks, row: int) -> float:
    """Fraction of weights (not biases) that are non-zero in the network actually evaluated."""
    is_weight = arch.weight_mask()
    weights = params_row[is_weight]
    if masks is not None:
        weights = weights * masks[row][is_weight]
    return float(np.count_nonzero(weights)) / max(weights.size, 1)


def one_generation(exp: Experiment, state, generation: int):
    """Run generation `generation`; returns the new state and its metrics row."""
    c = exp.config
    t0 = time.perf_counter()
    pop = exp.strategy.ask(state, c.seed, generation)
    params, masks = exp.encoding.grow(pop.vectors)
    evaluation = exp.evaluator.evaluate(params, masks, episode_keys(c.seed, generation, c.episodes))
    raw = evaluation.returns.mean(axis=1)
    state, extra = exp.strategy.tell(state, pop, raw)
    wall = time.perf_counter() - t0
    success = evaluation.success
    best = int(np.argmax(np.where(np.isfinite(raw), raw, -np.inf)))
    row = {
        "generation": generation,
        **summarize(raw),
        "success_rate": float(success.mean()) if success is not None else float("nan"),
        "weights_remaining": weights_remaining(exp.arch, params[best], masks, best),
        **genome_sizes(exp, state),
        "agent_steps": evaluation.agent_steps,
        "wall_time_s": wall,
        "agent_steps_per_s": evaluation.agent_steps / max(wall, 1e-9),
        **extra,
    }
    return state, row


def run_generations(exp: Experiment, state, start: int, reporters) -> object:
    """Generations start..config.generations-1; on Ctrl-C the reporters save what is done."""
    for r in reporters:
        r.on_start(exp, start)
    done, done_state = start, state
    target = stop_fitness(exp)
    with stop_at_safe_point() as ctrl_c:
        try:
            for generation in range(start, exp.config.generations):
                state, row = one_generation(exp, state, generation)
                row["stop"] = row["median"] >= target
                for r in reporters:
                    r.on_generation(exp, row, state)
                done, done_state = generation + 1, state
                if ctrl_c.requested:  # before the stop test: a Ctrl-C is never swallowed
                    raise KeyboardInterrupt
                if row["stop"]:
                    break
        except (KeyboardInterrupt, EnvFailure):  # a broken env: keep what is done, resumable
            for r in reporters:
                r.on_interrupt(exp, done, done_state)
            raise
    return state


def birth_score(evaluator, params, mask, keys) -> dict:
    """Performance at birth (no learning) on the given episodes, with a 95% CI of the mean.
    A score that is not a finite number (NaN or inf rewards) is None, so it can be stored."""
    evaluation = evaluator.evaluate(params, mask, keys)
    returns = evaluation.returns[0]
    mean, lo, hi = mean_ci(returns)
    result = {"episodes": int(returns.size), "mean_return": mean, "ci95": [lo, hi]}
    if evaluation.success is not None:
        s = evaluation.success[0].astype(np.float64)
        rate, slo, shi = mean_ci(s)
        result["success_rate"] = rate
        result["success_ci95"] = [max(slo, 0.0), min(shi, 1.0)]
    return json_safe(result)


def select_best(exp: Experiment, state):
    """The final pick (after Such et al. 2017's elite selection): where the strategy keeps several
    candidates (the GA's parents), the one with the best mean return on validation episodes,
    which are neither training nor held-out episodes."""
    candidates = getattr(exp.strategy, "candidates", None)
    if candidates is None:
        return exp.strategy.best(state)
    pool = candidates(state)
    params, masks = exp.encoding.grow(np.stack([c.vector for c in pool]))
    keys = validation_keys(exp.config.seed, exp.config.validation_episodes)
    returns = exp.evaluator.evaluate(params, masks, keys).returns.mean(axis=1)
    return pool[int(np.argmax(np.where(np.isfinite(returns), returns, -np.inf)))]


def stop_fitness(exp: Experiment) -> float:
    """The median fitness that ends a run early: the config's, else the env's reward_threshold."""
    target = exp.config.stop_fitness
    if target == target:
        return target
    spec = getattr(exp.evaluator, "spec", None)
    threshold = getattr(spec, "reward_threshold", None)
    return float("inf") if threshold is None else float(threshold)


def heldout_birth_score(exp: Experiment, state, best=None) -> dict:
    """Birth score on the run's held-out episodes of `best` (default: the final pick)."""
    best = best or select_best(exp, state)
    params, masks = exp.encoding.grow(best.vector[None, :])
    keys = heldout_keys(exp.config.seed, exp.config.heldout_episodes)
    return birth_score(exp.evaluator, params, masks, keys)


def final_genome(exp: Experiment, state) -> Genome:
    """The run's final pick, with its held-out birth score filled in."""
    best = select_best(exp, state)
    result = heldout_birth_score(exp, state, best)
    return exp.best_genome(state, state["generation"], result, best)
