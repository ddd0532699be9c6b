"""The transfer matrix: every source genome tested in every test world on the same held-out
episodes, beside each test world's hand-made baselines (the battery's "linear" entries: straight
ahead and the hand-wired crossed two-eye controller, which need no search).

Cells already in OUT/cells.csv are skipped, so a second run resumes; each new cell is written at
once (its row, and its exit bearings in OUT/exits/ for the fans).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from instinct.atomic import write_text
from instinct.errors import InstinctError
from instinct.transfer import table
from instinct.transfer.measures import bearings, cell_measures
from instinct.transfer.sources import safe
from instinct.transfer.tracks import run_tracks

CELLS = "cells.csv"
EXITS = "exits"


def world_record(env_id: str):
    from instinct.worlds import world_for

    world = world_for(env_id)
    if world is None or world.pose_slots is None:
        raise InstinctError(f"{env_id}: not one of instinct's worlds with tracks (`instinct envs`)")
    return world


def exits_path(out: Path, source: str, test_world: str, setting: str = "") -> Path:
    tail = f"@{safe(setting)}" if setting else ""
    return out / EXITS / f"{safe(source)}@{safe(test_world.split('/')[-1])}{tail}.csv"


def write_exits(path: Path, world, tracks) -> None:
    b = bearings(world, tracks)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["episode", "outcome", "bearing_deg", "path_m"])
    for i, code in enumerate(tracks.outcomes):
        name = world.outcomes[code] if 0 <= code < len(world.outcomes) else str(code)
        w.writerow([i, name, f"{b[i]:.2f}", f"{tracks.paths[i]:.3f}"])
    write_text(path, buf.getvalue())


def baseline_policies(test_id: str) -> list[tuple[str, object, np.ndarray]]:
    """(name, linear Architecture, theta) of the test world's search-free baselines."""
    from instinct.baselines import declared_battery, policies
    from instinct.config import EvolveConfig
    from instinct.evaluate import architecture_for_env

    world = world_record(test_id)
    if not world.baselines:
        return []
    d = EvolveConfig()
    lin = policies.linear_architecture(architecture_for_env(test_id, d.hidden, d.activation))
    return [(e["name"], lin, policies.linear_params(lin, e["weights"], e["bias"]))
            for e in declared_battery(test_id) if e["kind"] == "linear"]  # fmt: skip


def measure_cell(out, rows, done, spec, world, arch, theta, keys, world_params=None):
    """Measure one cell (unless done) and write it: its exits first, then the whole table."""
    row = {**spec, "episodes": int(keys.size)}
    if table.key(row) in done:
        return False
    if arch.obs_dim != world.obs_dim or arch.act_dim != world.act_dim:
        raise InstinctError(
            f"{spec['source']} grows a network {arch.obs_dim} -> {arch.act_dim}; {world.id} "
            f"needs {world.obs_dim} -> {world.act_dim}"
        )
    tracks = run_tracks(world, arch, theta, keys, world_params)
    write_exits(exits_path(out, spec["source"], world.id, spec.get("setting", "")), world, tracks)
    row.update(cell_measures(world, tracks))
    rows.append(row)
    done.add(table.key(row))
    table.write_rows(out / CELLS, rows)
    return True


def run_matrix(sources, test_ids, out: Path, episodes: int, seed: int, say=print) -> list[dict]:
    """Every (source, test world) cell and every test world's baselines; returns all rows."""
    from instinct.rng import heldout_keys

    out = Path(out)
    worlds = [world_record(t) for t in test_ids]
    rows = table.read_rows(out / CELLS, episodes, seed)
    done = {table.key(r) for r in rows}
    keys = heldout_keys(seed, episodes)
    total = len(worlds) * len(sources)
    n = 0
    for world in worlds:
        for name, lin, theta in baseline_policies(world.id):
            spec = {"kind": "baseline", "source": name, "source_world": "",
                    "test_world": world.id, "setting": "", "seed": seed}  # fmt: skip
            measure_cell(out, rows, done, spec, world, lin, theta, keys)
        for src in sources:
            n += 1
            spec = {"kind": "genome", "source": src.label, "source_world": src.world,
                    "test_world": world.id, "setting": "", "seed": seed}  # fmt: skip
            if measure_cell(out, rows, done, spec, world, src.arch, src.theta, keys):
                r = rows[-1]
                say(f"[{n}/{total}] {src.label} in {world.id}: {100 * r['success_rate']:.1f}% "
                    f"reach the sea, {100 * r['misoriented']:.0f}% misoriented")  # fmt: skip
    return rows


def summary(rows: list[dict], measures=("success_rate", "misoriented", "disoriented", "r")):
    """Per (kind, source world or baseline, test world): the genomes' median, min and max of each
    measure; a baseline row is its own group."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        if r.get("setting"):
            continue
        src = r["source_world"] if r["kind"] == "genome" else r["source"]
        groups.setdefault((r["kind"], src, r["test_world"]), []).append(r)
    out = []
    for (kind, src, test), group in groups.items():
        entry = {"kind": kind, "source": src, "test_world": test, "genomes": len(group)}
        for m in measures:
            v = np.array([g[m] for g in group], np.float64)
            entry[f"{m}_median"] = float(np.median(v))
            entry[f"{m}_min"], entry[f"{m}_max"] = float(v.min()), float(v.max())
        out.append(entry)
    return out
