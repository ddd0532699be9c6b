"""The three ways of finding where behaviour lives, each producing one level at a time.

- `strong`    (Zhou et al. 2019; Ramanujan et al. 2020): magnitude-prune the born network, no
              evolution at all: is the instinct already a sparse subnetwork?
- `imp`       (Frankle & Carbin 2019): iterative magnitude pruning with rewinding: prune the last
              level's evolved network, rewind the survivors to the rewind point, re-evolve only
              them. The controls are re-evolved the same way (a weak ticket must beat them *after*
              evolution: a predisposition to learn).
- `supermask` (Zhou et al. 2019; Ramanujan et al. 2020): fixed weights, evolve only which exist,
              at each level's exact sparsity.

`method.level(k, previous)` returns a `LevelNetworks`: the ticket genome (with its mask), the
parameters evaluated, the mask, every unsearched control as (parameters, mask), and (strong,
supermask) every *searched* control: a dense control network (`searched.control_networks`) given
the ticket's own mask search, with the same budget, score start, episodes and seed. For strong the
search is the magnitude ranking; for supermask the whole evolution of the scores, run through the
same engine and evaluator as the ticket's. (imp's controls are re-evolved already: searched.)
Randomness comes from
`rng.stream(seed, level, purpose)` only, so a level computed twice is the same bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from instinct import paths
from instinct.errors import InstinctError
from instinct.genome import Genome, make_encoding
from instinct.lottery import controls as ctl
from instinct.lottery.evolving import (
    RewoundEncoding,
    check_param_encoding,
    evolve_in,
    masked_search,
)
from instinct.lottery.mask import Mask
from instinct.lottery.prune import magnitude_prune, targets
from instinct.lottery.searched import control_networks
from instinct.lottery.source import Source, with_settings
from instinct.lottery.supermask import SupermaskEncoding
from instinct.rng import stream

METHODS = ("strong", "imp", "supermask")
SEARCHED_DIR = "searched"  # level_NN/searched/<control>/: a searched control's run folder


@dataclass
class LevelNetworks:
    genome: Genome  # the ticket as handed on: a genome plus its mask
    params: np.ndarray  # f32[D] as evaluated
    mask: Mask
    controls: dict  # name -> (f32[D] params, Mask): unsearched (imp: re-evolved)
    generations: int = 0  # generations evolved to reach this level (0: none)
    searched: dict = field(default_factory=dict)  # name -> (f32[D], Mask, generations)


@dataclass(frozen=True)
class Settings:
    """A prune's settings; all but `levels` fix what its folder holds (a rerun may add levels)."""

    method: str = "strong"
    levels: int = 10
    rate: float = 0.2
    scope: str = "global"
    seed: int = 0
    episodes: int = 100  # held-out episodes per network
    generations: int = 0  # imp / supermask: generations per level (0: the source's)
    population: int = 0  # (0: the source's)
    train_episodes: int = 0  # episodes per genome per generation (0: the source's)
    strategy: str = ""  # ("": the source's for imp, es for supermask)
    sigma: float = 0.0  # (0: the source's for imp, 0.1 for supermask)
    rewind: str = "birth"  # imp: birth (generation-0 ancestor) or best (the network pruned)
    score_init: str = "auto"  # supermask: magnitude (|w|), random, auto (random for --env nets)
    remaining: tuple = ()  # an explicit schedule of fractions kept (levels 1..n), else geometric

    def tag(self) -> str:
        return paths.prune_tag(self.method, self.scope, self.rate, self.seed, self.remaining)

    def identity(self) -> dict:
        from dataclasses import asdict

        d = asdict(self)
        d.pop("levels")
        if self.method == "strong":  # evolution settings mean nothing without evolution
            for k in ("generations", "population", "train_episodes", "strategy", "sigma"):
                d.pop(k)
        if self.method != "imp":
            d.pop("rewind")
        if self.method != "supermask":
            d.pop("score_init")
        if self.remaining:  # a geometric prune's identity is what it always was
            d["remaining"] = list(self.remaining)
            d.pop("rate")
        else:
            d.pop("remaining")
        return d


class Method:
    def __init__(self, source: Source, settings: Settings, folder: Path, evaluator, log=None):
        self.source = source
        self.settings = settings
        self.folder = folder
        self.evaluator = evaluator
        self.log = log or (lambda line: None)
        self.arch = source.genome.arch

    def control_rng(self, level: int) -> np.random.Generator:
        return stream(self.settings.seed, level, "control")

    @cached_property
    def control_networks(self) -> dict:
        """{name: f32[D]}: the dense networks the searched controls search (one set per seed)."""
        src = self.source
        rng = stream(self.settings.seed, 0, "searched")
        return control_networks(src.params, src.base, src.encoding, rng)

    def target(self, k: int) -> np.ndarray:
        s = self.settings
        return targets(self.source.base, s.rate, k, s.scope, s.remaining)

    def evolve_config(self, default_strategy: str = "", default_sigma: float = 0.0):
        s, c = self.settings, self.source.config
        return with_settings(
            c, seed=s.seed, generations=s.generations or c.generations,
            population=s.population or c.population, episodes=s.train_episodes or c.episodes,
            strategy=s.strategy or default_strategy or c.strategy,
            sigma=s.sigma or default_sigma or c.sigma, sparsity_cost=0.0, prune_rate=0.0,
            name="", out="", checkpoint_every=max(1, min(c.checkpoint_every, 10)),
        )  # fmt: skip

    def evolve(self, folder: Path, config, encoding, what: str, level: int):
        """Evolve `encoding` with the config's strategy in run folder `folder`."""
        from instinct.evolve import build

        strategy = build(config).strategy
        if isinstance(encoding, RewoundEncoding):
            strategy = masked_search(encoding, strategy)
        self.log(f"  level {level:2d}: evolving {what} ({config.generations} generations)")
        return evolve_in(folder, config, encoding, strategy, self.evaluator)


class Strong(Method):
    """Magnitude pruning of the born network; no evolution."""

    def level(self, k: int, previous: Genome | None) -> LevelNetworks:
        src, s = self.source, self.settings
        if k == 0:
            mask = src.base
        else:
            mask = magnitude_prune(src.params, Mask.of(previous), s.rate, k, s.scope, src.base,
                                   s.remaining)  # fmt: skip
        controls = ctl.controls(src.params, mask, src.encoding, self.control_rng(k))
        searched = {}
        for name, net in self.control_networks.items():  # the same search: rank by magnitude
            cmask = src.base if k == 0 else magnitude_prune(
                net, src.base, s.rate, k, s.scope, src.base, s.remaining)  # fmt: skip
            searched[name] = (cmask.apply(net), cmask, 0)
        return LevelNetworks(mask.attach(src.genome), mask.apply(src.params), mask, controls,
                             searched=searched)  # fmt: skip


class Imp(Method):
    """Iterative magnitude pruning with rewinding; every level re-evolves ticket and controls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        check_param_encoding(self.source.encoding)
        self.config = self.evolve_config()
        enc = self.source.encoding
        if enc.uses_chain:
            if self.settings.sigma and self.settings.sigma != enc.settings["sigma"]:
                raise InstinctError(
                    f"a seed-chain genome mutates with its own sigma ({enc.settings['sigma']:g})"
                )
            self.config = with_settings(self.config, sigma=float(enc.settings["sigma"]))
        self.start, self.start_chain = self.source.rewind_point(self.settings.rewind)

    def level(self, k: int, previous: Genome | None) -> LevelNetworks:
        src, s = self.source, self.settings
        if k == 0:
            mask = src.base
        else:
            params, _ = make_encoding(previous.encoding, self.arch, **previous.settings).decode(
                previous
            )
            mask = magnitude_prune(params, Mask.of(previous), s.rate, k, s.scope, src.base,
                                   s.remaining)  # fmt: skip
        here = self.folder / paths.level_name(k) / paths.LEVEL_EVOLVE
        ticket_enc = RewoundEncoding(src.encoding, mask, self.start, self.start_chain)
        exp, state, best = self.evolve(here / "ticket", self.config, ticket_enc, "the ticket", k)
        genome = exp.best_genome(state, state.generation, best=best)
        params = _grown(ticket_enc, best.vector)
        controls = {}
        starts = ctl.controls(self.start, mask, src.encoding, self.control_rng(k))
        for name, (start, cmask) in starts.items():
            enc = RewoundEncoding(src.encoding, cmask, start)
            _, _, cbest = self.evolve(here / name, self.config, enc, f"control {name}", k)
            controls[name] = (_grown(enc, cbest.vector), cmask)
        return LevelNetworks(genome, params, mask, controls, int(state.generation))


class Supermask(Method):
    """Fixed weights; evolve the scores whose top-k per scope decide which weights exist."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = self.evolve_config(default_strategy="es", default_sigma=0.1)
        if self.config.encoding not in ("direct",):  # scores are a plain vector, never a chain
            self.config = with_settings(self.config, encoding="direct")

    def score_init(self) -> str:
        s = self.settings
        if s.score_init != "auto":
            return s.score_init
        return "random" if self.source.random else "magnitude"

    def search(self, params: np.ndarray, k: int, folder: Path, what: str):
        """(Genome, Mask, generations): the level-k supermask search over fixed `params`.

        The ticket and every searched control come through here: one config (budget, seed and
        so the training episodes), one score-start rule, one evaluator."""
        src, s = self.source, self.settings
        enc = SupermaskEncoding(src.genome, params, src.base, self.target(k), s.scope,
                                self.score_init())  # fmt: skip
        exp, state, best = self.evolve(folder, self.config, enc, what, k)
        genome = exp.best_genome(state, state.generation, best=best)
        return genome, Mask.of(genome), int(state.generation)

    def level(self, k: int, previous: Genome | None) -> LevelNetworks:
        src = self.source
        generations, searched = 0, {}
        here = self.folder / paths.level_name(k)
        if k == 0:
            mask, genome = src.base, src.base.attach(src.genome)
            for name, net in self.control_networks.items():
                searched[name] = (src.base.apply(net), src.base, 0)
        else:
            genome, mask, generations = self.search(
                src.params, k, here / paths.LEVEL_EVOLVE, "a supermask"
            )
            for name, net in self.control_networks.items():
                _, cmask, gens = self.search(
                    net, k, here / SEARCHED_DIR / name, f"searched control {name}"
                )
                searched[name] = (cmask.apply(net), cmask, gens)
        controls = ctl.controls(src.params, mask, src.encoding, self.control_rng(k))
        return LevelNetworks(genome, mask.apply(src.params), mask, controls, generations, searched)


def _grown(encoding, vector) -> np.ndarray:
    params, masks = encoding.grow(np.asarray(vector, np.float32)[None, :])
    return np.where(masks != 0, params, np.float32(0.0))[0]


def make_method(source, settings, folder, evaluator, log=None) -> Method:
    classes = {"strong": Strong, "imp": Imp, "supermask": Supermask}
    if settings.method not in classes:
        raise InstinctError(f"unknown method {settings.method!r}; choose {', '.join(METHODS)}")
    return classes[settings.method](source, settings, folder, evaluator, log)
