"""Run folder names that say what a run is (after open_lth): the env, encoding, strategy, the
settings that differ from the defaults, and the seed, e.g. `cartpole-v1-seeds-ga-h8-sc0.5-s0`.
Runs of one config with different seeds share everything before `-s<seed>`."""

from __future__ import annotations

import hashlib

# Settings that change what a run computes, each with a short tag; not named: the ones in the
# stem (env, encoding, strategy, seed), and ones that do not change results or can be extended
# (generations, checkpoint_every, path, out, name).
TAGS = {
    "population": "p", "episodes": "e", "hidden": "h", "activation": "", "net": "", "sigma": "sd",
    "truncation": "t", "learning_rate": "lr", "genome_width": "gw", "genome_depth": "gd",
    "cma_covariance": "cov-", "sparsity_cost": "sc", "prune_rate": "pr", "stop_fitness": "stop",
    "validation_episodes": "val", "max_steps": "steps", "heldout_episodes": "ho",
}  # fmt: skip
MAX_LENGTH = 64


def _value(key: str, value) -> str:
    if key == "hidden":
        return "x".join(map(str, value)) if value else "0"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def differing(config) -> list[str]:
    """Tags of the settings that differ from the defaults, in the config's field order."""
    from instinct.config import FIELDS

    parts = []
    for key, tag in TAGS.items():
        value, default = getattr(config, key), FIELDS[key].default
        same = value == default or (value != value and default != default)  # nan == nan here
        if not same:
            parts.append(f"{tag}{_value(key, value)}")
    return parts


def run_name(config) -> str:
    """`<env>-<encoding>-<strategy>[-<differences>]-s<seed>`; past MAX_LENGTH the differences are
    shortened to a hash of them, so that names stay short and distinct."""
    env = config.env.rpartition(":")[2].split("/")[-1].lower()  # mypkg:MyEnv-v0 -> myenv-v0
    stem = f"{env}-{config.encoding}-{config.strategy}"
    extra = "-".join(differing(config))
    seed = f"s{config.seed}"
    name = "-".join(p for p in (stem, extra, seed) if p)
    if len(name) > MAX_LENGTH:
        digest = hashlib.sha256(extra.encode()).hexdigest()[:8]
        room = MAX_LENGTH - len(stem) - len(seed) - len(digest) - 4
        kept = extra[: max(room, 0)].rsplit("-", 1)[0] if room > 0 else ""
        name = "-".join(p for p in (stem, kept, digest, seed) if p)
    return name
