"""`instinct baldwin`: instinct against memory against learning, as the innate cue grows reliable.

Evolves each genome kind (feed-forward: a fixed instinct; recurrent: memory; plastic: lifetime
learning) on the same world and budget at several cue reliabilities and seeds, one ordinary
`instinct evolve` run folder each (a finished one is skipped, an interrupted one resumed), then
writes every run's per-generation birth score as CSV and the figure (after Hinton & Nowlan 1987
and Fernando et al. 2018): OUT/baldwin/<world>.csv and .png.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

# Hidden sizes that give each kind about as many parameters on Imprinting (31 inputs, 2 outputs):
# ff 31-69-2 2,348; gru 31-16-2 2,338; plastic 31-69-2 plus two rules 2,358; rnn 31-16-2 802.
HIDDEN = {"ff": 69, "rnn": 16, "gru": 16, "plastic": 69}
COLUMNS = ("kind", "reliability", "seed", "generation", "success_rate", "chance", "no_memory",
           "heldout_success", "run")  # fmt: skip


def add_parser(sub):
    p = sub.add_parser(
        "baldwin",
        help="evolve instinct (ff), memory (gru) and learning (plastic) at several cue "
        "reliabilities and seeds; plot birth score against generations",
        description="The Baldwin experiment: evolve each network kind at each cue reliability "
        "and seed (resumable: finished runs are skipped), then write OUT/baldwin/WORLD.csv and "
        "the figure of birth score against generations (median and interquartile band over "
        "seeds, one panel per reliability, chance marked).",
    )
    p.add_argument("--env", default="instinct/Imprinting-v0",
                   help="a world with a cue_reliability parameter")  # fmt: skip
    p.add_argument("--reliabilities", default="0.2,0.5,0.9",
                   help="cue reliabilities, comma separated (registered variants)")  # fmt: skip
    p.add_argument("--kinds", default="ff,gru,plastic", help="network kinds (--net values)")
    p.add_argument("--seeds", type=int, default=2, help="seeds per kind and reliability")
    p.add_argument("--generations", type=int, default=12, help="generations per run")
    p.add_argument("--population", type=int, default=64, help="population per run")
    p.add_argument("--episodes", type=int, default=8, help="episodes per genome per generation")
    p.add_argument("--heldout-episodes", type=int, default=200,
                   help="held-out episodes of each run's final pick")  # fmt: skip
    p.add_argument("--out", default="runs", help="folder of the run folders and baldwin/")
    p.add_argument("--threads", type=int, default=None, help="Numba threads")
    p.set_defaults(func=run)


def _floats(text: str) -> list[float]:
    from instinct.errors import InstinctError

    try:
        vals = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        bad = f"--reliabilities wants numbers like 0.2,0.5,0.9, not {text!r}"
        raise InstinctError(bad) from None
    if not vals or any(not 0.0 <= v <= 1.0 for v in vals):
        raise InstinctError(f"--reliabilities {text!r}: each must lie in [0, 1]")
    return vals


def variant(env_id: str, reliability: float):
    """The registered world that is `env_id` with the cue at `reliability`."""
    import instinct_envs

    from instinct.errors import InstinctError

    base = instinct_envs.WORLDS.get(env_id)
    if base is None or not hasattr(base.params, "cue_reliability"):
        raise InstinctError(f"{env_id} is not a fused world with a cue_reliability parameter")
    want = base.params._replace(cue_reliability=reliability)
    for world in instinct_envs.WORLDS.values():
        if world.core is base.core and world.params == want:
            return world
    have = sorted(w.params.cue_reliability for w in instinct_envs.WORLDS.values()
                  if w.core is base.core and w.params._replace(cue_reliability=0) ==
                  base.params._replace(cue_reliability=0))  # fmt: skip
    raise InstinctError(f"no registered variant of {env_id} with cue reliability {reliability:g} "
                        f"(have {', '.join(f'{v:g}' for v in have)})")  # fmt: skip


def _reference_lines(world) -> tuple[float, float]:
    """(chance: 1 / objects, the best success of any policy without memory of the exposure:
    follow the cue carrier, or one of the others)."""
    d = int(getattr(world.params, "n_distractors", 1))
    r = float(world.params.cue_reliability)
    return 1.0 / (d + 1), max(r, (1.0 - r) / d)


def _finished(path: Path, generations: int) -> bool:
    from instinct.run import RunFolder

    if not (path / "result.json").is_file() or not (path / "config.toml").is_file():
        return False
    return RunFolder(path).read_config().generations == generations


def _evolve_one(args, world, kind: str, seed: int, name: str) -> None:
    from instinct.commands import evolve

    p = argparse.ArgumentParser(prog="instinct")
    evolve.add_parser(p.add_subparsers())
    path = Path(args.out) / f"{name}-s{seed}"
    if (path / "config.toml").is_file():  # interrupted, or asked for more generations: resume
        evolve.run(p.parse_args(["evolve", "--resume", str(path),
                                 "--generations", str(args.generations)]))  # fmt: skip
        return
    argv = ["evolve", "--env", world.id, "--net", kind, "--hidden", str(HIDDEN.get(kind, 16)),
            "--encoding", "seeds", "--strategy", "ga", "--generations", str(args.generations),
            "--population", str(args.population), "--episodes", str(args.episodes),
            "--heldout-episodes", str(args.heldout_episodes), "--out", args.out,
            "--name", name, "--seeds", str(seed)]  # fmt: skip
    evolve.run_seeds(p.parse_args(argv), [seed])


def run(args):
    from instinct.errors import InstinctError
    from instinct.nn.recurrent import NETS
    from instinct.run import RunFolder

    if args.threads is not None:
        from instinct.threads import set_threads

        set_threads(args.threads)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if not kinds or any(k not in NETS for k in kinds):
        raise InstinctError(f"--kinds {args.kinds!r}: choose from {', '.join(NETS)}")
    if args.seeds < 1 or args.generations < 1 or args.population < 2 or args.episodes < 1:
        raise InstinctError("--seeds, --generations and --episodes must be positive, "
                            "--population at least 2")  # fmt: skip
    worlds = [(r, variant(args.env, r)) for r in _floats(args.reliabilities)]
    out = Path(args.out)
    rows, done, ran = [], 0, 0
    budget = f"p{args.population}e{args.episodes}"
    for rel, world in worlds:
        chance, no_memory = _reference_lines(world)
        stem = world.id.split("/")[-1].lower()
        for kind in kinds:
            for seed in range(args.seeds):
                name = f"baldwin-{stem}-{kind}-{budget}"
                path = out / f"{name}-s{seed}"
                if _finished(path, args.generations):
                    print(f"skip {path} (finished)", flush=True)
                    done += 1
                else:
                    _evolve_one(args, world, kind, seed, name)
                    ran += 1
                result = json.loads((path / "result.json").read_text())
                for m in RunFolder(path).read_metrics():
                    rows.append({"kind": kind, "reliability": rel, "seed": seed,
                                 "generation": int(m["generation"]),
                                 "success_rate": float(m["success_rate"]), "chance": chance,
                                 "no_memory": no_memory,
                                 "heldout_success": result.get("success_rate"),
                                 "run": path.name})  # fmt: skip
    from instinct.atomic import write_text
    from instinct.plots.baldwin import write_baldwin_figure

    base = out / "baldwin" / args.env.split("/")[-1].lower()
    base.parent.mkdir(parents=True, exist_ok=True)
    lines = [",".join(COLUMNS)]
    lines += [",".join(str(r[c]) for c in COLUMNS) for r in rows]
    write_text(base.with_suffix(".csv"), "\n".join(lines) + "\n")
    png = write_baldwin_figure(base.with_suffix(".png"), rows)
    print(f"{ran} runs evolved, {done} skipped (finished)")
    _summary(rows)
    print(f"wrote {base.with_suffix('.csv')} and {png}")
    return 0


def _summary(rows: list[dict]) -> None:
    """Held-out success of the final picks: median [min-max] over seeds, per kind and cue."""
    import numpy as np

    seen = {}
    for r in rows:
        seen[(r["reliability"], r["kind"], r["seed"])] = r
    print("held-out success of each run's final pick, median [min-max] over seeds:")
    for rel in sorted({k[0] for k in seen}):
        parts = []
        for kind in dict.fromkeys(k[1] for k in seen):
            vals = [float(v["heldout_success"]) for k, v in seen.items()
                    if k[:2] == (rel, kind) and v["heldout_success"] is not None]  # fmt: skip
            if vals:
                parts.append(f"{kind} {100 * np.median(vals):.1f}% "
                             f"[{100 * min(vals):.1f}-{100 * max(vals):.1f}]")  # fmt: skip
        chance = next(v for k, v in seen.items() if k[0] == rel)
        print(
            f"  cue {rel:g} (chance {100 * chance['chance']:.0f}%, no memory "
            f"{100 * chance['no_memory']:.0f}%): " + "; ".join(parts)
        )
