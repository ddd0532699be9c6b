"""Run a world's battery: build each baseline, pick the searched ones on validation episodes,
score every one on the same held-out episodes the evolved genomes are scored on."""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass

import numpy as np

from instinct.baselines import policies
from instinct.errors import InstinctError
from instinct.rng import heldout_keys, stream, validation_keys
from instinct.stats import t_interval, wilson_interval


@dataclass
class BaselineResult:
    """One baseline on held-out episodes; intervals are 95%. The return interval is a t interval
    over the episodes of this one policy (not over independent searches or runs)."""

    name: str
    kind: str
    detail: str
    episodes: int
    success_rate: float
    success_lo: float
    success_hi: float
    mean_return: float
    return_lo: float
    return_hi: float
    bits: float
    nonzero_params: int

    def to_row(self) -> dict:
        return dataclasses.asdict(self)


def declared_battery(env_id: str) -> list[dict]:
    """The baseline entries a world declares through `World.baselines` ("module:function")."""
    import instinct_envs

    world = instinct_envs.WORLDS.get(env_id)
    if world is None or not world.baselines:
        known = ", ".join(w for w, rec in instinct_envs.WORLDS.items() if rec.baselines)
        raise InstinctError(f"{env_id} declares no baselines (worlds that do: {known})")
    module, _, func = world.baselines.partition(":")
    return list(getattr(importlib.import_module(module), func)())


def _score(evaluator, theta, keys) -> tuple:
    """(success rate and Wilson interval, mean return and t interval) of one policy."""
    evaluation = evaluator.evaluate(theta[None], None, keys)
    returns = evaluation.returns[0]
    wins = int(evaluation.success[0].sum()) if evaluation.success is not None else 0
    rate, lo, hi = wilson_interval(wins, returns.size)
    mean, rlo, rhi = t_interval(returns)
    return rate, lo, hi, mean, rlo, rhi


def _pick(evaluator, candidates, keys) -> int:
    """Index of the candidate with the best mean return on the validation keys."""
    returns = evaluator.evaluate(candidates, None, keys).returns.mean(axis=1)
    return int(np.argmax(np.where(np.isnan(returns), -np.inf, returns)))


def run_battery(env_id: str, seed: int = 0, heldout: int = 1000, validation: int = 128,
                evolve_settings: dict | None = None, only=None, progress=None):  # fmt: skip
    """Every declared baseline of `env_id` (or those named in `only`), scored on
    heldout_keys(seed, heldout); searches pick on validation_keys(seed, validation)."""
    import instinct_envs

    from instinct.config import EvolveConfig
    from instinct.evaluate import architecture_for_env, make_evaluator

    world = instinct_envs.WORLDS[env_id]
    defaults = EvolveConfig()
    arch = architecture_for_env(env_id, defaults.hidden, defaults.activation)
    lin = policies.linear_architecture(arch)
    lin_eval = make_evaluator(env_id, lin)
    held, valid = heldout_keys(seed, heldout), validation_keys(seed, validation)
    say = progress or (lambda text: None)
    results = []
    for entry in declared_battery(env_id):
        if only and entry["name"] not in only and entry["kind"] not in only:
            continue
        say(f"{entry['name']} ...")
        kind = entry["kind"]
        if kind == "linear":
            theta = policies.linear_params(lin, entry["weights"], entry["bias"])
            detail, bits = f"{np.count_nonzero(theta)} non-zero weights and biases", None
            evaluator = lin_eval
        elif kind == "constant":
            cands = policies.constant_params(lin, entry["output"], entry["values"], entry["bias"])
            best = _pick(lin_eval, cands, valid)
            theta, evaluator = cands[best], lin_eval
            detail, bits = f"action {entry['output']} = {entry['values'][best]}", None
        elif kind == "sign_search":
            theta, detail, bits = _sign_search(world, lin, lin_eval, entry, seed, valid)
            evaluator = lin_eval
        elif kind == "random_networks":
            theta, detail, bits, evaluator = _random_networks(env_id, arch, entry, seed, valid)
        elif kind == "evolved_linear":
            theta, detail, bits, evaluator = _evolved_linear(env_id, seed, heldout,
                                                             evolve_settings or {})  # fmt: skip
        else:
            raise InstinctError(f"{env_id}: unknown baseline kind {kind!r}")
        nonzero = int(np.count_nonzero(theta))
        bits = 32.0 * nonzero if bits is None else float(bits)
        scores = _score(evaluator, theta, held)
        results.append(BaselineResult(entry["name"], kind, detail, heldout, *scores, bits, nonzero))
        say(f"{entry['name']}: {100 * scores[0]:.1f}% success")
    return results


def _sign_search(world, lin, evaluator, entry, seed, valid):
    """Per sense group, signed rules over its inputs; the best on validation of all groups."""
    rng = stream(seed, 0, "baselines")
    best = (-np.inf, None, "", 0.0)
    for group, inputs in world.sense_groups.items():
        patterns = policies.sign_patterns(len(inputs), int(entry["patterns"]), rng,
                                          int(entry.get("max_weights", 4)))  # fmt: skip
        cands = policies.sign_rule_params(lin, inputs, patterns, entry["gains"], entry["output"],
                                          entry["bias"])  # fmt: skip
        returns = evaluator.evaluate(cands, None, valid).returns.mean(axis=1)
        i = int(np.argmax(np.where(np.isnan(returns), -np.inf, returns)))
        if returns[i] > best[0]:
            pattern = patterns[i // len(entry["gains"])]
            gain = entry["gains"][i % len(entry["gains"])]
            signs = "".join("+" if s > 0 else "-" if s < 0 else "0" for s in pattern)
            detail = f"{group}: signs {signs}, gain {gain:g} (of {len(cands)} rules)"
            bits = policies.rule_bits(len(inputs), len(entry["gains"]))
            best = (returns[i], cands[i], detail, bits)
    return best[1], best[2], best[3]


def _random_networks(env_id, arch, entry, seed, valid):
    """The GA's generation 0 of a default run with `n` genomes: the best on validation."""
    from instinct.config import EvolveConfig
    from instinct.evolve import build

    exp = build(EvolveConfig(env=env_id, seed=seed, population=int(entry["n"])))
    state = exp.strategy.init(exp.encoding, seed)
    pop = exp.strategy.ask(state, seed, 0)
    params, masks = exp.encoding.grow(pop.vectors)
    if masks is not None:
        params = params * masks
    best = _pick(exp.evaluator, params, valid)
    genome = exp.encoding.genome(pop.vectors[best], pop.chains[best])
    bits = 8.0 * genome.payload.nbytes
    detail = (
        f"genome {best} of {entry['n']} ({exp.config.encoding}, {'-'.join(map(str, arch.sizes))})"
    )
    return params[best], detail, bits, exp.evaluator


def _evolved_linear(env_id, seed, heldout, settings):
    """A default `instinct evolve` with no hidden layer (in memory: no run folder)."""
    from instinct.config import build_config
    from instinct.evolve import build, run_generations, select_best
    from instinct.genome.cost import genome_cost

    config = build_config(None, env=env_id, seed=seed, hidden=(), heldout_episodes=heldout,
                          **settings)  # fmt: skip
    exp = build(config)
    state = run_generations(exp, exp.strategy.init(exp.encoding, seed), 0, [])
    best = select_best(exp, state)
    params, masks = exp.encoding.grow(best.vector[None, :])
    theta = params[0] if masks is None else params[0] * masks[0]
    genome = exp.encoding.genome(best.vector, best.chain)
    bits = 8.0 * genome_cost(genome)["genome_bytes"]
    detail = f"{config.generations} generations x {config.population} ({config.encoding})"
    return theta, detail, bits, exp.evaluator
