"""The networks a lesion report covers: a genome or run's born network, or a prune folder's born
network and each level's ticket; scored on common held-out episodes and written beside them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from instinct.atomic import write_text
from instinct.errors import InstinctError
from instinct.genome import fileformat, make_encoding
from instinct.lottery import lesions
from instinct.rng import heldout_keys

REPORT = "lesions.json"


def networks(path: Path) -> tuple[list[tuple[str, np.ndarray]], Path, object]:
    """([(label, f32[D] params as evaluated)], where the report goes, the born genome)."""
    from instinct.lottery import source

    prune_dirs = _prune_folders(path)
    if not prune_dirs:
        src = source.load(str(path))
        return [("dense", src.params)], src.default_out.parent, src
    src = source.load(str(prune_dirs[0] / "born.dna"))
    nets = [("dense", src.params)]
    for folder in prune_dirs:
        for level in sorted(folder.glob("level_*"))[1:]:  # level 0's ticket is the dense one
            ticket = level / "ticket.dna"
            if not (level / "level.json").is_file() or not ticket.is_file():
                continue
            g = fileformat.load(ticket)
            params, _ = make_encoding(g.encoding, g.arch, **g.settings).decode(g)
            frac = float(np.count_nonzero(np.asarray(params)[g.arch.weight_mask()]))
            frac /= g.arch.num_weights
            tag = folder.name if len(prune_dirs) > 1 else ""
            label = f"{tag + ' ' if tag else ''}{level.name} ({100 * frac:.1f}%)"
            nets.append((label, np.asarray(params, np.float32)))
    return nets, path, src


def _prune_folders(path: Path) -> list[Path]:
    """One prune (a folder with settings.json and born.dna), or a lottery folder of several."""
    if not path.is_dir():
        return []
    if (path / "settings.json").is_file() and (path / "born.dna").is_file():
        return [path]
    found = sorted(
        p.parent for p in path.glob("*/settings.json") if (p.parent / "born.dna").is_file()
    )
    if found:
        borns = {(f / "born.dna").read_bytes() for f in found}
        if len(borns) > 1:
            raise InstinctError(f"{path} holds prunes of different networks; name one prune folder")
    return found


def run(path: Path, evaluator_for, episodes: int, seed: int, neutral: str, out: Path | None = None,
        log=print) -> dict:  # fmt: skip
    """Score every network's 2^k coalitions; write `lesions.json` and return the report."""
    nets, default, src = networks(path)
    out = Path(out) if out is not None else default
    arch, env = src.genome.arch, src.config.env
    groups = lesions.sense_groups(env, arch.obs_dim)
    clamp, how = lesions.neutral_values(env, arch.obs_dim, neutral)
    keys = heldout_keys(seed, episodes)
    evaluator = evaluator_for(src)
    try:
        reports = []
        for label, params in nets:
            rep = lesions.lesion_report(evaluator, arch, params, keys, groups, clamp)
            rep["network"] = label
            reports.append(rep)
            log(lesions.table(label, rep))
    finally:
        evaluator.close()
    result = {
        "env": env,
        "episodes": episodes,
        "seed": seed,
        "neutral": neutral,
        "neutral_value": how,
        "clamp": [float(x) for x in clamp],
        "sense_groups": {g: list(i) for g, i in groups.items()},
        "networks": reports,
    }
    target = out / REPORT
    write_text(target, json.dumps(result, indent=1, sort_keys=True) + "\n")
    result["path"] = str(target)
    return result
