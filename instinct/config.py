"""The evolve configuration: one dataclass, a help line under every field (after cleanrl).

Values come from the defaults, then a TOML file (`--config`), then flags; unknown keys and bad
values are user errors with a one-line message. Choices of plugin fields (strategy, encoding,
evaluation path) come from their registries. The config hash (what a checkpoint must match) is a
generic rule over the fields' metadata: `identity=False` fields never count; a field added after
the first version (`legacy=False`, the default for new fields) counts only when it is not at its
default, so adding a setting never changes the hash of an existing run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from instinct.errors import InstinctError
from instinct.evaluate import path_choices
from instinct.nn import ACTIVATIONS


def _f(default, help: str, identity: bool = True, legacy: bool = False, **kw):
    """A config field: default, help line, and how it enters the config hash (module doc)."""
    return field(
        default=default, metadata={"help": help, "identity": identity, "legacy": legacy, **kw}
    )


def _v0(default, help: str, identity: bool = True, **kw):
    """A field of the first version: always part of the hash when it is part of identity."""
    return _f(default, help, identity, legacy=True, **kw)


def _strategy_names():
    from instinct.strategies import strategies

    return tuple(strategies())


def _strategy_help() -> str:
    from instinct.strategies import strategies

    return "search strategy (" + "; ".join(f"{n}: {c.help}" for n, c in strategies().items()) + ")"


def _encoding_names():
    from instinct.genome import ENCODINGS

    return tuple(ENCODINGS)


def help_of(f) -> str:
    """A field's help line (plugin fields build theirs from the registry)."""
    text = f.metadata["help"]
    return text() if callable(text) else text


def choices_of(f) -> tuple | None:
    """A field's allowed values (registries are read when asked, so plugins count)."""
    choices = f.metadata.get("choices")
    return choices() if callable(choices) else choices


@dataclass(frozen=True)
class EvolveConfig:
    env: str = _v0("instinct/Hatchling-v0", "Gymnasium env id to evolve in")
    seed: int = _v0(0, "run seed: every random number derives from it")
    generations: int = _v0(60, "generations to evolve", identity=False)
    population: int = _v0(512, "genomes per generation (P)")
    episodes: int = _v0(8, "episodes per genome per generation (E); all genomes meet the same ones")
    strategy: str = _v0("ga", _strategy_help, choices=_strategy_names)
    encoding: str = _v0("seeds", "genome encoding (docs/genome-format.md)",
                        choices=_encoding_names)  # fmt: skip
    genome_width: int = _f(0, "cppn/gnet: generator hidden width (0: the encoding's default)")
    genome_depth: int = _f(0, "cppn/gnet: generator hidden layers, 1 or 2 (0: the default)")
    cma_covariance: str = _f(
        "auto", "CMA-ES covariance: full, diagonal (sep-CMA-ES, for large genomes), or auto "
        "(full up to 1000 genome numbers)", choices=("auto", "full", "diagonal"),
    )  # fmt: skip
    hidden: tuple[int, ...] = _v0(
        (32, 32), "hidden layer sizes, comma separated (e.g. 32,32; empty for none)"
    )
    activation: str = _v0("tanh", "hidden activation", choices=tuple(ACTIVATIONS))
    net: str = _f(
        "ff", "network kind: ff (feed-forward), rnn (Elman) or gru, the last two with memory and "
        "one hidden layer (--hidden 32), or plastic (feed-forward weights that learn within a "
        "life by an evolved Hebbian rule)", choices=("ff", "rnn", "gru", "plastic"),
    )  # fmt: skip
    sigma: float = _v0(0.05, "mutation / perturbation standard deviation")
    truncation: int = _v0(0, "GA: parents kept per generation (0: population/5)")
    learning_rate: float = _v0(0.03, "ES: Adam learning rate")
    sparsity_cost: float = _f(
        0.0,
        "fitness cost per fraction of weights active; > 0 evolves a gate per connection "
        "so that sparsity evolves (0: off; see docs/lottery.md)",
    )
    prune_rate: float = _f(
        0.0,
        "with gates: chance that one mutation removes a connection (0: 0.01 when gated; "
        "> 0 turns gates on even without a cost)",
    )
    stop_fitness: float = _v0(
        float("nan"),
        "stop once the population's median fitness reaches this (nan: the env's "
        "reward_threshold where it has one; inf: never)",
        identity=False,
    )
    validation_episodes: int = _v0(
        64, "GA: episodes on which the final parents are compared to pick the best genome",
        identity=False,
    )  # fmt: skip
    max_steps: int = _v0(0, "episode step limit (0: the env's own)")
    heldout_episodes: int = _v0(200, "held-out episodes for the final birth score", identity=False)
    checkpoint_every: int = _v0(10, "generations between checkpoints", identity=False)
    path: str = _v0("auto", "evaluation path", choices=path_choices)
    out: str = _v0("runs", "folder that holds run folders", identity=False)
    name: str = _v0("", "run folder name (default: env, encoding, strategy, the settings that "
                    "differ from the defaults and the seed, with -2, -3... when taken)",
                    identity=False)  # fmt: skip

    def __post_init__(self):
        checks = {
            "seed": 0 <= self.seed < 2**63,
            "generations": self.generations >= 1,
            "population": self.population >= 2,
            "episodes": self.episodes >= 1,
            "sigma": self.sigma > 0,
            "truncation": 0 <= self.truncation <= self.population,
            "learning_rate": self.learning_rate > 0,
            "genome_width": 0 <= self.genome_width <= 1024,
            "genome_depth": self.genome_depth in (0, 1, 2),
            "sparsity_cost": self.sparsity_cost >= 0,
            "prune_rate": 0 <= self.prune_rate < 0.5,
            "max_steps": self.max_steps >= 0,
            "heldout_episodes": self.heldout_episodes >= 1,
            "validation_episodes": self.validation_episodes >= 1,
            "checkpoint_every": self.checkpoint_every >= 1,
            "hidden": all(h >= 1 for h in self.hidden) and len(self.hidden) <= MAX_LAYERS,
            "name": plain_name(self.name),
        }
        for f in dataclasses.fields(self):  # nan/inf would poison the search or the files
            value = getattr(self, f.name)
            if isinstance(value, float) and f.name != "stop_fitness" and not math.isfinite(value):
                raise InstinctError(f"bad value for {f.name}: {value!r} (must be finite)")
        for key, ok in checks.items():
            if not ok:
                raise InstinctError(f"bad value for {key}: {getattr(self, key)!r}")
        for f in dataclasses.fields(self):
            choices = choices_of(f)
            if choices and getattr(self, f.name) not in choices:
                raise InstinctError(
                    f"bad value for {f.name}: {getattr(self, f.name)!r} "
                    f"(choose one of {', '.join(choices)})"
                )

    def run_name(self) -> str:
        from instinct.naming import run_name

        return self.name or run_name(self)

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["hidden"] = list(self.hidden)
        return d

    def hash(self) -> str:
        """Short hash of what determines a generation's results (not how many, nor where): the
        identity fields, those added after the first version only when not at their default."""
        values = self.to_dict()
        d = {}
        for f in dataclasses.fields(self):
            if not f.metadata["identity"]:
                continue
            if f.metadata["legacy"] or getattr(self, f.name) != f.default:
                d[f.name] = values[f.name]
        return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]


FIELDS = {f.name: f for f in dataclasses.fields(EvolveConfig)}


MAX_CONFIG_BYTES = 1 << 20
MAX_LAYERS = 64  # as many as a genome file may declare (instinct.genome.limits)
MAX_NAME_BYTES = 200  # a folder name is at most 255 bytes; leave room for "-2", "-3"...


def plain_name(name: str) -> bool:
    """A run name is one folder name: no separators, not '.' or '..', not too long."""
    if name == "":
        return True
    return ("/" not in name and "\\" not in name and name not in (".", "..")
            and len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES)  # fmt: skip


def parse_hidden(value) -> tuple[int, ...]:
    if isinstance(value, str):
        parts = [p for p in value.replace(" ", "").split(",") if p]
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        parts = [value]
    try:
        sizes = tuple(_whole_number(p) for p in parts)
    except (TypeError, ValueError, OverflowError):
        raise InstinctError(
            f"bad value for hidden: {_short(value)} (want sizes like 32,32)"
        ) from None
    if any(s < 1 for s in sizes):
        raise InstinctError(f"bad value for hidden: {_short(value)} (sizes must be positive)")
    return sizes


def _whole_number(value) -> int:
    """An int from an int, a whole float or digits; bools, fractions, nan and inf are errors."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    if not isinstance(value, (int, float, str)):
        raise TypeError(value)
    return int(value)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def coerce(key: str, value):
    """Convert one raw value (from TOML or a flag) to the field's type, or fail in one line."""
    if key not in FIELDS:
        raise InstinctError(f"unknown config key {key!r}; known keys: {', '.join(FIELDS)}")
    if key == "hidden":
        return parse_hidden(value)
    kind = type(FIELDS[key].default)
    bad = f"bad value for {key}: {_short(value)} (want {kind.__name__})"
    if kind is int and isinstance(value, bool) or kind is str and not isinstance(value, str):
        raise InstinctError(bad)
    if kind is str and not value.isprintable():  # NUL, newlines, escapes: never in a name or path
        raise InstinctError(f"bad value for {key}: {_short(value)} (control characters)")
    if kind is float and isinstance(value, (dict, list, bool)):
        raise InstinctError(bad)
    try:
        if kind is int:
            return _whole_number(value)
        return kind(value)
    except (TypeError, ValueError, OverflowError):
        raise InstinctError(bad) from None


def read_toml(path: str | Path) -> dict:
    """The raw table of a config file (a run's config.toml or --config): the one place a config
    file is parsed; a missing, oversized or broken file is a one-line user error."""
    from instinct.files import read_regular_file

    data = read_regular_file(path, MAX_CONFIG_BYTES, "config file")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as e:
        raise InstinctError(f"config file {path} is not valid TOML: {e}") from None


def load_toml(path: str | Path) -> dict:
    """A config file's settings, each checked and converted to its field's type."""
    return {k: coerce(k, v) for k, v in read_toml(path).items()}


def build_config(toml_path=None, **overrides) -> EvolveConfig:
    return EvolveConfig(**config_values(toml_path, **overrides))


def config_values(toml_path=None, **overrides) -> dict:
    """The settings the user gave (TOML file, then flags), coerced; defaults not filled in."""
    values = load_toml(toml_path) if toml_path else {}
    values.update({k: coerce(k, v) for k, v in overrides.items()})
    return values
