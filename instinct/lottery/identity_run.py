"""Collect the tickets of prune folders and compare every pair at each level: across prune seeds
(same born network, same unit order) and across networks evolved independently (units matched)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np

from instinct.atomic import write_text
from instinct.errors import InstinctError
from instinct.genome import fileformat, make_encoding
from instinct.lottery import identity
from instinct.lottery.lesion_run import _prune_folders
from instinct.lottery.lesions import sense_groups
from instinct.lottery.mask import Mask
from instinct.rng import stream

REPORT = "identity.json"
CHANCE_STREAM = 1 << 40  # the chance draws' "generation": far from the paired bootstrap's levels


def tickets(path: Path) -> list[dict]:
    """Every finished ticket (level >= 1) below a prune or lottery folder."""
    folders = _prune_folders(Path(path))
    if not folders:
        raise InstinctError(f"{path} holds no prune (no */settings.json beside a born.dna)")
    out = []
    for folder in folders:
        born = fileformat.load(folder / "born.dna")
        params, _ = make_encoding(born.encoding, born.arch, **born.settings).decode(born)
        for level in sorted(folder.glob("level_*"))[1:]:
            if (level / "level.json").is_file() and (level / "ticket.dna").is_file():
                g = fileformat.load(level / "ticket.dna")
                out.append({"source": str(path), "prune": folder.name, "level": level.name,
                            "arch": born.arch, "env": born.env_id,
                            "born": np.asarray(params, np.float64),
                            "mask": Mask.of(g).values.astype(bool)})  # fmt: skip
    return out


def _summary(reps: list[dict]) -> dict:
    mean = lambda key, rows: float(np.mean([r[key] for r in rows]))  # noqa: E731
    return {
        "pairs": len(reps),
        "jaccard": mean("jaccard", reps),
        "jaccard_range": [min(r["jaccard"] for r in reps), max(r["jaccard"] for r in reps)],
        "chance": mean("chance", reps),
        "chance_ci95": [
            mean("lo", [{"lo": r["chance_ci95"][0]} for r in reps]),
            mean("hi", [{"hi": r["chance_ci95"][1]} for r in reps]),
        ],  # fmt: skip
        "layers": [
            {
                "layer": i,
                "jaccard": mean("jaccard", [r["layers"][i] for r in reps]),
                "chance": mean("chance", [r["layers"][i] for r in reps]),
            }
            for i in range(len(reps[0]["layers"]))
        ],  # fmt: skip
        "senses": [
            {
                "group": s["group"],
                "jaccard": mean("jaccard", [r["senses"][j] for r in reps]),
                "chance": mean("chance", [r["senses"][j] for r in reps]),
            }
            for j, s in enumerate(reps[0]["senses"])
        ],  # fmt: skip
    }


def run(paths: list[Path], out: Path, seed: int = 0) -> dict:
    found = [t for p in paths for t in tickets(p)]
    if not found:
        raise InstinctError("no finished ticket (level 1 or later) in the folders given")
    arch = found[0]["arch"]
    if any(t["arch"] != arch for t in found):
        raise InstinctError("the tickets are of different architectures; compare like with like")
    groups = sense_groups(found[0]["env"], arch.obs_dim)
    rng = stream(seed, CHANCE_STREAM, "bootstrap")
    kinds: dict[tuple[str, str], list[dict]] = {}
    for a, b in itertools.combinations(found, 2):
        if a["level"] != b["level"]:
            continue
        same = np.array_equal(a["born"], b["born"])
        mb = b["mask"]
        if same:
            kinds.setdefault((a["level"], "prune seeds"), []).append(
                identity.overlap(arch, a["mask"], mb, groups, rng)
            )
        else:
            kinds.setdefault((a["level"], "evolutions, unmatched"), []).append(
                identity.overlap(arch, a["mask"], mb, groups, rng)
            )
            perms = identity.match_hidden(arch, a["born"], b["born"])
            mb = identity.permute(arch, mb, perms)
            kinds.setdefault((a["level"], "evolutions, matched"), []).append(
                identity.overlap(arch, a["mask"], mb, groups, rng))  # fmt: skip
    result = {"seed": seed, "sources": [str(p) for p in paths], "tickets": len(found),
              "comparisons": [{"level": lv, "across": kind, **_summary(reps)}
                              for (lv, kind), reps in sorted(kinds.items())]}  # fmt: skip
    out = Path(out)
    write_text(out / REPORT, json.dumps(result, indent=1, sort_keys=True) + "\n")
    result["path"] = str(out / REPORT)
    return result


def table(result: dict) -> str:
    lines = [f"{'level':<9} {'across':<22} {'pairs':>5} {'jaccard':>8} {'chance [95%]':>22}  "
             "per layer (observed/chance)"]  # fmt: skip
    for c in result["comparisons"]:
        lo, hi = c["chance_ci95"]
        per = " ".join(f"{r['jaccard']:.3f}/{r['chance']:.3f}" for r in c["layers"])
        lines.append(f"{c['level']:<9} {c['across']:<22} {c['pairs']:>5} {c['jaccard']:>8.3f} "
                     f"{c['chance']:>7.3f} [{lo:.3f}, {hi:.3f}]  {per}")  # fmt: skip
    lines.append("per sense group (first-layer rows), observed/chance:")
    for c in result["comparisons"]:
        per = "  ".join(f"{s['group'][:18]} {s['jaccard']:.3f}/{s['chance']:.3f}"
                        for s in c["senses"])  # fmt: skip
        lines.append(f"  {c['level']} {c['across']}: {per}")
    return "\n".join(lines)
