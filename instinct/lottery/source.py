"""What a prune starts from: a run folder's best genome, a `.dna` genome file, or a fresh random
network. A `Source` holds the born network (the genome as handed on and the parameters it grows),
its encoding, the evolve settings any re-evolution inherits, and where output goes by default.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from instinct.config import EvolveConfig, build_config
from instinct.errors import InstinctError
from instinct.genome import Genome, fileformat, make_encoding
from instinct.lottery.mask import Mask
from instinct.rng import stream


@dataclass
class Source:
    genome: Genome  # the born network as handed on (its own mask, if any, applies at decode)
    encoding: object  # the genome's encoding, with the genome's settings
    config: EvolveConfig  # env, strategy and mutation settings a re-evolution inherits
    label: str
    default_out: Path  # the lottery/ folder used without --out
    run: object = None  # RunFolder, when the source is a run
    random: bool = False  # a fresh random network: its born values are its birth values

    @cached_property
    def params(self) -> np.ndarray:
        """f32[D]: the born network's parameters as evaluated (every mask applied)."""
        params, _ = self.encoding.decode(self.genome)
        return np.asarray(params, np.float32)

    @cached_property
    def base(self) -> Mask:
        """Level-0 mask: every weight that is non-zero in the born network, every bias."""
        arch = self.genome.arch
        return Mask(arch, (self.params != 0) | ~arch.weight_mask())

    def identity(self) -> dict:
        g = self.genome
        mask = "" if g.mask is None else fileformat.payload_hash(np.asarray(g.mask, np.uint8))
        return {  # what the network is, not where it lies: a copied run keeps its prune
            "encoding": g.encoding,
            "env": self.config.env,
            "payload_sha256": fileformat.payload_hash(g.payload),
            "mask_sha256": mask,
        }

    def rewind_point(self, rewind: str) -> tuple[np.ndarray, list[int] | None]:
        """(f32[G] vector, chain that replays to it or None) that imp rewinds the survivors to.

        `best`: the born network itself. `birth`: the generation-0 ancestor it was evolved from.
        """
        enc, g = self.encoding, self.genome
        if rewind == "best" or self.random:
            chain = [int(s) for s in g.payload] if enc.uses_chain else None
            return enc.vector_of(g), chain
        if rewind != "birth":
            raise InstinctError(f"unknown rewind point {rewind!r}; choose birth or best")
        if enc.uses_chain:  # a seed chain starts at its ancestor's seed
            first = [int(g.payload[0])]
            return enc.replay(first), first
        if g.provenance.get("strategy") == "es" and "seed" in g.provenance:
            init_seed = int(stream(int(g.provenance["seed"]), 0, "init").integers(0, 1 << 32))
            return enc.initial_vector(init_seed), None
        ancestor = self._ga_ancestor()
        if ancestor is not None:
            return enc.initial_vector(ancestor), None
        raise InstinctError(
            "this genome does not record the values it was born with; use --rewind best"
        )

    def _ga_ancestor(self) -> int | None:
        """The generation-0 seed of a GA run's best genome, from the run's newest checkpoint."""
        if self.run is None:
            return None
        found = self.run.load_checkpoint()
        if found is None or "chain_seeds" not in found[1]:
            return None
        arrays = found[1]
        parents = np.asarray(arrays["parents"], np.float32)
        vector = self.encoding.vector_of(self.genome)
        if parents.ndim != 2 or parents.shape[1] != vector.size:
            return None
        match = np.flatnonzero((parents == vector[None, :]).all(axis=1))  # the final pick's row
        if match.size == 0:
            return None
        return int(arrays["chain_seeds"][int(arrays["chain_offsets"][match[0]])])


def _config_for(genome: Genome, **values) -> EvolveConfig:
    """Evolve settings for a lone genome: its env and network, the engine's other defaults."""
    from instinct.env_ids import env_from_file

    arch = genome.arch
    values = {"env": env_from_file(genome.env_id, "the genome file"), "hidden": list(arch.hidden),
              "activation": arch.activation, **values}  # fmt: skip
    if "sigma" in genome.settings:
        values["sigma"] = float(genome.settings["sigma"])
    if genome.provenance.get("strategy") in ("ga", "es"):
        values["strategy"] = genome.provenance["strategy"]
    try:
        return build_config(encoding=genome.encoding, **values)
    except InstinctError:  # an encoding the evolve config does not offer: its settings suffice
        return build_config(encoding="direct", **values)


def load(path: str | None, *, env: str | None = None, hidden=(32, 32), activation="tanh",
         weight_seed: int = 0) -> Source:  # fmt: skip
    """The source named on the command line (a path, or --env for a fresh random network)."""
    from instinct.run import RunFolder

    if path is None:
        if env is None:
            raise InstinctError("give a run folder or a .dna genome file (or --env ENV)")
        return _random(env, hidden, activation, weight_seed)
    p = Path(path)
    if p.is_dir():
        if not (p / "config.toml").is_file():
            raise InstinctError(f"{p} is neither a run folder (no config.toml) nor a .dna file")
        run = RunFolder.open(p)
        if not run.best_path.is_file():
            raise InstinctError(f"run {p} has no best.dna yet; let it evolve first")
        genome = fileformat.load(run.best_path)
        config = run.read_config()
        enc = make_encoding(genome.encoding, genome.arch, **genome.settings)
        return Source(genome, enc, config, p.name, p / "lottery", run)
    if p.is_file():
        genome = fileformat.load(p)
        enc = make_encoding(genome.encoding, genome.arch, **genome.settings)
        # a run's best.dna is named after its run, so prunes of two runs never share a folder
        label = f"{p.resolve().parent.name}-{p.stem}" if p.stem == "best" else p.stem
        out = Path("runs") / f"prune-{label}" / "lottery"
        return Source(genome, enc, _config_for(genome), label, out)
    raise InstinctError(f"{path} is neither a run folder nor a .dna genome file")


def _random(env: str, hidden, activation: str, weight_seed: int) -> Source:
    from instinct.evaluate import architecture_for_env

    arch = architecture_for_env(env, tuple(hidden), activation)
    enc = make_encoding("direct", arch)
    genome = enc.genome(enc.initial_vector(int(weight_seed)), None, env_id=env)
    genome.provenance = {"random_network": True, "weight_seed": int(weight_seed)}
    config = build_config(env=env, hidden=list(hidden), activation=activation, encoding="direct")
    label = f"random-{env.split('/')[-1].lower()}-{'x'.join(map(str, hidden))}-w{weight_seed}"
    return Source(genome, enc, config, label, Path("runs") / f"prune-{label}" / "lottery",
                  random=True)  # fmt: skip


def with_settings(config: EvolveConfig, **changes) -> EvolveConfig:
    """A copy of `config` with some fields changed (validated again)."""
    return dataclasses.replace(config, **changes)
