"""What `instinct watch` plays: a genome file or a run's best genome, the env it plays in, and the
ticket to compare it with (`--mask FILE`, else the run's lottery output, where there is one).

The full network is the genome without any mask; the ticket is a genome with its mask: the
watched genome under `--mask` (a .dna file's mask, or a .npy array of D zeros and ones), or the
run's chosen ticket.dna as the lottery wrote it (its weights may differ after re-evolution).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from instinct.errors import InstinctError


@dataclass
class Network:
    label: str  # "full network" or "ticket (...)"
    params: np.ndarray  # f32[D], masked where it is a ticket
    weights_left: float  # fraction of weights (biases aside) switched on


@dataclass
class Source:
    path: Path  # the genome file
    run: Path | None  # its run folder, when watching a run
    env_id: str
    arch: object
    generation: int | None
    birth_score: dict | None
    full: Network
    ticket: Network | None
    seed: int = 0
    chain_length: int | None = None  # a seed chain's seeds: 1 + the mutations of its lineage


def _fraction(arch, mask) -> float:
    if mask is None:
        return 1.0
    keep = np.asarray(mask)[arch.weight_mask()]
    return float(np.count_nonzero(keep)) / max(keep.size, 1)


def _read_mask(path: Path, num_params: int) -> np.ndarray:
    from instinct.genome import fileformat

    if path.suffix == ".npy":
        try:
            mask = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as e:
            raise InstinctError(f"cannot read mask {path}: {e}") from None
    else:
        genome = fileformat.load(path)
        if genome.mask is None and genome.encoding == "mask":
            raise InstinctError(
                f"{path} is a mask-encoded genome (its bits choose weights of a fixed random "
                "network), not a pruning mask: watch it as the genome itself "
                f"(instinct watch {path}), or give --mask a ticket.dna or a .npy mask"
            )
        if genome.mask is None:
            raise InstinctError(f"{path} holds no pruning mask (a ticket.dna or .npy has one)")
        mask = genome.mask
    mask = np.asarray(mask).ravel()
    if mask.size != num_params:
        raise InstinctError(f"mask {path} has {mask.size} entries; the network has {num_params}")
    return (mask != 0).astype(np.uint8)


def _network(genome, label: str) -> Network:
    from instinct.viewer.clutch import effective_params

    params = effective_params(genome)
    return Network(label, params, _fraction(genome.arch, genome.mask))


def load_source(target: str, env: str | None = None, mask: str | None = None) -> Source:
    """Resolve RUN_OR_GENOME (+ --env, --mask) into the networks to play; user errors raise."""
    from instinct import paths
    from instinct.config import read_toml
    from instinct.genome import fileformat
    from instinct.paths import pick_ticket

    path, run = Path(target), None
    if path.is_dir():
        run = path
        path = run / paths.BEST
        if not path.is_file():
            raise InstinctError(f"{run} has no best.dna yet (is it a run folder?)")
    genome = fileformat.load(path)
    from instinct.env_ids import env_from_file

    env_id = env or env_from_file(genome.env_id, str(path))
    seed = 0
    if run is not None and (run / paths.CONFIG).is_file():
        seed = int(read_toml(run / paths.CONFIG).get("seed", 0))
    bare = dataclasses.replace(genome, mask=None)
    full = _network(bare, "full network")
    ticket = None
    if mask is not None:
        m = _read_mask(Path(mask), genome.arch.num_params)
        frac = _fraction(genome.arch, m)
        ticket = _network(
            dataclasses.replace(genome, mask=m), f"ticket ({100 * frac:.3g}% of weights)"
        )
    elif genome.mask is not None:
        ticket = _network(
            genome, f"ticket ({100 * _fraction(genome.arch, genome.mask):.3g}% of weights)"
        )
    elif run is not None and (found := pick_ticket(run)) is not None:
        tpath, desc = found
        tgenome = fileformat.load(tpath)
        if tgenome.arch != genome.arch:
            raise InstinctError(f"{tpath} grows another network than {path}")
        ticket = _network(tgenome, f"ticket: {desc}")
    _check_env(env_id, genome.arch)
    return Source(
        path,
        run,
        env_id,
        genome.arch,
        genome.provenance.get("generation"),
        genome.birth_score,
        full,
        ticket,
        seed,
        int(genome.payload.size) if genome.encoding == "seeds" else None,
    )


def _check_env(env_id: str, arch) -> None:
    from instinct.evaluate import make_env
    from instinct.nn import architecture_for

    env = make_env(env_id)
    try:
        want = architecture_for(
            env.observation_space, env.action_space, arch.hidden, arch.activation
        )
    finally:
        env.close()
    if (want.obs_dim, want.act_dim, want.output) != (arch.obs_dim, arch.act_dim, arch.output):
        raise InstinctError(
            f"the genome's network maps {arch.obs_dim} inputs to {arch.act_dim} outputs; {env_id} "
            f"needs {want.obs_dim} to {want.act_dim}"
        )
