"""The level runner (after open_lth's `lottery/runner.py`): each level writes its own folder, and a
rerun skips every level that is finished.

    <out>/<method>-<scope>-r<rate>-s<seed>/
      settings.json         what this prune is (a rerun with other settings is refused)
      born.dna              the network pruned (level 0's reference)
      level_NN/
        ticket.dna          the ticket: the genome plus its pruning mask, birth score in the header
        controls.csv        ticket and every control on the same held-out episodes
        evolve/...          (imp, supermask) the run folders of the level's evolutions
        searched/<control>/ (supermask) each searched control's own mask search, a run folder
        level.json          written last: its presence marks the level finished; it holds every
                            network's held-out return per episode (the paired comparison's input)
      curve.csv             one row per level: weights remaining, birth score with CI, each control
      inputs.csv            per level and observation input: connections kept and live
      senses.csv            the same summed per sense group

Every file is written atomically and every number derives from the settings' seed by level and
purpose, so a killed prune resumes to the very files an unbroken one writes. The tables are rebuilt
from the level.json files alone.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np

from instinct import paths
from instinct.atomic import write_text
from instinct.errors import InstinctError
from instinct.files import read_json
from instinct.genome import fileformat
from instinct.lottery import inputs as inp
from instinct.lottery.controls import CONTROLS, MEMORY_CONTROLS
from instinct.lottery.mask import layer_remaining, weights_remaining
from instinct.lottery.methods import LevelNetworks, Settings, make_method
from instinct.lottery.prune import check_rate, check_remaining, targets
from instinct.lottery.searched import SEARCHED
from instinct.rng import heldout_keys
from instinct.stats import mean_ci

FORMAT = "instinct-lottery"
VERSION = 1


def score(evaluator, params: np.ndarray, masks: np.ndarray, keys: np.ndarray,
          returns: bool = False) -> list[dict]:  # fmt: skip
    """Birth score of each of N networks (f32[N, D], u8[N, D]) on the same episodes (with
    `returns`, also each episode's return, in key order)."""
    ev = evaluator.evaluate(params, masks, keys)
    out = []
    for i in range(params.shape[0]):
        mean, lo, hi = mean_ci(ev.returns[i])
        success = None if ev.success is None else float(ev.success[i].mean())
        out.append({"mean": float(mean), "ci95": [float(lo), float(hi)], "success_rate": success})
        if returns:
            out[-1]["returns"] = [_finite(float(x)) for x in ev.returns[i]]
    return out


def _json(value) -> str:
    return json.dumps(value, indent=1, sort_keys=True, allow_nan=False) + "\n"


def _finite(x):
    return x if x is None or math.isfinite(x) else None


def check_settings(settings: Settings) -> None:
    check_rate(settings.rate)
    if settings.levels < 0:
        raise InstinctError(f"--levels must be >= 0, got {settings.levels}")
    if settings.episodes < 1:
        raise InstinctError(f"--episodes must be >= 1, got {settings.episodes}")
    if settings.remaining:
        check_remaining(settings.remaining)
        if settings.levels != len(settings.remaining):
            raise InstinctError("with --remaining the levels are its fractions")


class LevelRunner:
    """Runs levels 0..settings.levels of one prune (one seed) into `out/<tag>/`."""

    def __init__(self, source, settings: Settings, out: Path, evaluator, log=print):
        check_settings(settings)
        self.source = source
        self.settings = settings
        self.folder = Path(out) / settings.tag()
        self.evaluator = evaluator
        self.log = log
        self.keys = heldout_keys(settings.seed, settings.episodes)

    def _claim(self) -> None:
        """Write settings.json and born.dna, or check that they describe this very prune."""
        ident = {"format": FORMAT, "version": VERSION, "settings": self.settings.identity(),
                 "source": self.source.identity()}  # fmt: skip
        path = self.folder / "settings.json"
        if path.exists():
            found = read_json(path, "prune settings file")
            if found != ident:
                raise InstinctError(
                    f"{self.folder} holds a prune with other settings or of another network; "
                    "remove it or use --out"
                )
        else:
            write_text(path, _json(ident))
        born = self.folder / "born.dna"
        if not born.exists():
            fileformat.save(self.source.genome, born)

    def run(self) -> list[dict]:
        from instinct.lock import hold

        with hold(self.folder, "prune folder", sweep=("", "level_*", "final")):
            return self._run()

    def _run(self) -> list[dict]:
        self._claim()
        method = make_method(self.source, self.settings, self.folder, self.evaluator, self.log)
        records, previous = [], None
        for k in range(self.settings.levels + 1):
            here = self.folder / paths.level_name(k)
            done = here / "level.json"
            if done.exists():
                try:
                    record = read_json(done, "level record")
                except InstinctError as e:
                    raise InstinctError(f"{e}; remove {here}") from None
                self.log(progress_line(record, "done"))
            else:
                nets = method.level(k, previous)
                s = self.settings
                target = targets(self.source.base, s.rate, k, s.scope, s.remaining)
                record = self.record(k, nets, int(target.sum()) / nets.mask.arch.num_weights)
                write_level(here, nets, record)
                self.log(progress_line(record))
            previous = fileformat.load(here / "ticket.dna")
            records.append(record)
            write_tables(self.folder, records)
        return records

    def record(self, k: int, nets: LevelNetworks, target: float | None) -> dict:
        arch = self.source.genome.arch
        names = list(nets.controls)
        found = list(nets.searched)
        nets_all = ([(nets.params, nets.mask)] + [nets.controls[n] for n in names]
                    + [nets.searched[n][:2] for n in found])  # fmt: skip
        params = np.stack([p for p, _ in nets_all])
        masks = np.stack([m.values for _, m in nets_all])
        evaluated = np.where(masks != 0, params, np.float32(0.0))
        scores = score(self.evaluator, params, masks, self.keys, returns=True)
        returns = [sc.pop("returns") for sc in scores]
        controls, searched = {}, {}
        for i, name in enumerate(names, start=1):
            controls[name] = dict(
                scores[i], weights_remaining=weights_remaining(arch, evaluated[i])
            )
        for i, name in enumerate(found, start=1 + len(names)):
            gens = int(nets.searched[name][2])
            wr = weights_remaining(arch, evaluated[i])
            searched[name] = dict(scores[i], generations=gens, weights_remaining=wr)
        rows = inp.report(arch, evaluated[0], self.source.config.env)
        return {
            "level": k,
            "target_remaining": target,
            "weights_remaining": weights_remaining(arch, evaluated[0]),
            "mask_remaining": nets.mask.weights_remaining,
            "layer_remaining": layer_remaining(arch, evaluated[0]).tolist(),
            "layer_total": nets.mask.layer_total().tolist(),
            "generations": nets.generations,
            "episodes": int(self.keys.size),
            "ticket": scores[0],
            "controls": controls,
            "searched": searched,
            "controls_searched": self.settings.method == "imp",  # imp re-evolves its controls
            "returns": {
                "ticket": returns[0],
                "controls": dict(zip(names, returns[1 : 1 + len(names)], strict=True)),
                "searched": dict(zip(found, returns[1 + len(names) :], strict=True)),
            },
            "inputs": rows,
        }


def write_level(here: Path, nets: LevelNetworks, record: dict) -> None:
    """ticket.dna, controls.csv and, last, level.json of one finished level."""
    genome = nets.genome
    genome.birth_score = {"episodes": record["episodes"], "mean_return": record["ticket"]["mean"],
                          "ci95": record["ticket"]["ci95"],
                          "weights_remaining": record["weights_remaining"]}  # fmt: skip
    fileformat.save(genome, here / "ticket.dna")
    rows = [("ticket", record["weights_remaining"], record["ticket"])]
    rows += [(n, c["weights_remaining"], c) for n, c in record["controls"].items()]
    rows += [(f"searched_{n}", c["weights_remaining"], c)
             for n, c in record.get("searched", {}).items()]  # fmt: skip
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["network", "weights_remaining", "mean", "ci_lo", "ci_hi", "success_rate"])
    for name, wr, s in rows:
        w.writerow([name, _num(wr), _num(s["mean"]), _num(s["ci95"][0]), _num(s["ci95"][1]),
                    _num(s["success_rate"])])  # fmt: skip
    write_text(here / "controls.csv", buf.getvalue())
    write_text(here / "level.json", _json(record))


def _num(x) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    return repr(float(x)) if isinstance(x, float) else str(x)


CURVE_COLUMNS = ["level", "target_remaining", "weights_remaining", "birth_mean", "birth_ci_lo",
                 "birth_ci_hi", "success_rate", "relative_to_dense"]  # fmt: skip


def curve_rows(records: list[dict]) -> list[dict]:
    dense = records[0]["ticket"]["mean"] if records else float("nan")
    rows = []
    for r in records:
        t = r["ticket"]
        row = {"level": r["level"], "target_remaining": r["target_remaining"],
               "weights_remaining": r["weights_remaining"], "birth_mean": t["mean"],
               "birth_ci_lo": t["ci95"][0], "birth_ci_hi": t["ci95"][1],
               "success_rate": t["success_rate"],
               "relative_to_dense": _finite(t["mean"] / dense) if dense else None}  # fmt: skip
        for name in CONTROLS + MEMORY_CONTROLS:
            c = r["controls"].get(name)
            if c is not None:
                row.update({f"{name}_mean": c["mean"], f"{name}_ci_lo": c["ci95"][0],
                            f"{name}_ci_hi": c["ci95"][1],
                            f"{name}_success_rate": c["success_rate"]})  # fmt: skip
        for name in SEARCHED:
            c = r.get("searched", {}).get(name)
            if c is not None:
                row.update({f"searched_{name}_mean": c["mean"],
                            f"searched_{name}_ci_lo": c["ci95"][0],
                            f"searched_{name}_ci_hi": c["ci95"][1],
                            f"searched_{name}_success_rate": c["success_rate"]})  # fmt: skip
        rows.append(row)
    return rows


def curve_columns(records=()) -> list[str]:
    """curve.csv's columns; a memory lesion's only where some record has one (recurrent nets)."""
    cols = list(CURVE_COLUMNS)
    extra = tuple(n for n in MEMORY_CONTROLS if any(n in r["controls"] for r in records))
    found = tuple(f"searched_{n}" for n in SEARCHED if any(n in r.get("searched", {})
                                                            for r in records))  # fmt: skip
    for name in CONTROLS + extra + found:
        cols += [f"{name}_mean", f"{name}_ci_lo", f"{name}_ci_hi", f"{name}_success_rate"]
    return cols


def _csv(columns, rows) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for row in rows:
        w.writerow({k: _num(v) if isinstance(v, float) or v is None else v
                    for k, v in row.items()})  # fmt: skip
    return buf.getvalue()


def write_tables(folder: Path, records: list[dict]) -> None:
    """curve.csv, inputs.csv and senses.csv from the finished levels' records."""
    write_text(folder / "curve.csv", _csv(curve_columns(records), curve_rows(records)))
    rows, senses = [], []
    for r in records:
        for row in r["inputs"]:
            rows.append({"level": r["level"], "weights_remaining": r["weights_remaining"], **row})
        for group, (kept, total, live) in inp.by_group(r["inputs"]).items():
            senses.append({"level": r["level"], "weights_remaining": r["weights_remaining"],
                           "sense": group, "connections": kept, "of": total, "live": live,
                           "fraction_live": live / total if total else None})  # fmt: skip
    write_text(folder / "inputs.csv",
               _csv(["level", "weights_remaining", *inp.COLUMNS], rows))  # fmt: skip
    write_text(
        folder / "senses.csv",
        _csv(["level", "weights_remaining", "sense", "connections", "of", "live", "fraction_live"],
             senses),
    )  # fmt: skip


def progress_line(record: dict, note: str = "") -> str:
    t = record["ticket"]
    lo, hi = t["ci95"]
    succ = "" if t["success_rate"] is None else f"  success {100 * t['success_rate']:5.1f}%"
    ctrl = "  ".join(  # by their first word (random_mask -> random): the line fits 80 columns
        f"{name.split('_')[0]} {c['mean']:.3g}" for name, c in record["controls"].items()
    )
    found = record.get("searched", {})
    if found:
        ctrl += "\n  searched: " + "  ".join(
            f"{n.split('_')[0]} {c['mean']:.3g}" for n, c in found.items()
        )
    tail = f"  ({note})" if note else ""
    head = (
        f"level {record['level']:2d}  weights {100 * record['weights_remaining']:5.1f}%  "
        f"birth {t['mean']:.3f} [{lo:.3f}, {hi:.3f}]{succ}{tail}"
    )
    return head + (f"\n  controls: {ctrl}" if ctrl else "")  # two lines that fit 80 columns


SUMMARY_KEYS = ["weights_remaining", "birth_mean", "relative_to_dense", "success_rate"] + [
    f"{name}_mean" for name in CONTROLS
]


def summarize(curves: list[list[dict]]) -> list[dict]:
    """Per level over seeds: median, min and max of each curve quantity (levels all seeds have)."""
    depth = min(len(c) for c in curves)
    out = []
    for k in range(depth):
        row = {
            "level": k,
            "seeds": len(curves),
            "target_remaining": curves[0][k]["target_remaining"],
        }
        for key in SUMMARY_KEYS:
            vals = np.array([c[k].get(key) for c in curves], dtype=object)
            vals = np.array([v for v in vals if v is not None], np.float64)
            if vals.size:
                row[f"{key}_median"] = float(np.median(vals))
                row[f"{key}_min"], row[f"{key}_max"] = float(vals.min()), float(vals.max())
        out.append(row)
    return out


def summary_columns() -> list[str]:
    cols = ["level", "seeds", "target_remaining"]
    for key in SUMMARY_KEYS:
        cols += [f"{key}_median", f"{key}_min", f"{key}_max"]
    return cols


def prune_name(settings: Settings) -> str:
    """The prune's tag without its seed: 'supermask-global-r0.2', 'supermask-layer-at20_5'."""
    return settings.tag().rsplit("-s", 1)[0]


def write_summary(out: Path, settings: Settings, curves: list[list[dict]]) -> Path:
    path = Path(out) / f"summary-{prune_name(settings)}.csv"
    write_text(path, _csv(summary_columns(), summarize(curves)))
    return path


def run_during(source, settings: Settings, cost: float, prune_rate: float, out: Path, evaluator,
               log=print) -> dict:  # fmt: skip
    """Evolve from scratch with sparsity pressure (the source's env, network and strategy), then
    score the final best network and its controls like a level. The evolution is an ordinary,
    resumable run folder: its metrics.csv logs weights_remaining beside fitness every generation.

        <out>/during-c<cost>-p<prune_rate>-s<seed>/  config.toml, metrics.csv, checkpoints/,
            best.dna, final/{ticket.dna, controls.csv, level.json}, curve.csv, inputs.csv, ...
    """
    from instinct.lock import hold
    from instinct.lottery.during import DEFAULT_PRUNE_RATE

    rate = prune_rate or DEFAULT_PRUNE_RATE
    folder = Path(out) / paths.during_tag(cost, rate, settings.seed)
    with hold(folder, "prune folder", sweep=("", "final")):
        return _run_during(source, settings, cost, rate, folder, evaluator, log)


def _run_during(source, settings, cost, rate, folder, evaluator, log) -> dict:
    from instinct.evolve import build
    from instinct.lottery import controls as ctl
    from instinct.lottery.evolving import evolve_in
    from instinct.lottery.mask import Mask
    from instinct.lottery.methods import Method
    from instinct.lottery.source import with_settings
    from instinct.reporters import ProgressPrinter
    from instinct.rng import stream

    config = Method(source, settings, folder, evaluator).evolve_config()
    config = with_settings(config, sparsity_cost=float(cost), prune_rate=rate)
    exp = build(config)
    exp, state, best = evolve_in(
        folder, config, exp.encoding, exp.strategy, evaluator, ProgressPrinter()
    )
    genome = exp.best_genome(state, state.generation, best=best)
    arch = exp.arch
    params, masks = exp.encoding.grow(best.vector[None, :])
    mask = Mask(arch, (masks[0] != 0) | ~arch.weight_mask())
    params = mask.apply(params[0])
    rng = stream(settings.seed, config.generations, "control")
    controls = ctl.controls(params, mask, source.encoding, rng)
    nets = LevelNetworks(mask.attach(genome), params, mask, controls, int(state.generation))
    runner = LevelRunner(source, settings, folder.parent, evaluator, log)
    record = runner.record(0, nets, None)
    write_level(folder / "final", nets, record)
    write_tables(folder, [record])
    trail = [r["weights_remaining"] for r in exp.run.read_metrics()]
    if trail:
        log(f"weights remaining in the best network: {100 * float(trail[0]):.1f}% at generation 0, "
            f"{100 * float(trail[-1]):.1f}% at generation {len(trail) - 1}")  # fmt: skip
    log(progress_line(record, "final best network"))
    return record


RESULT_FORMAT = "instinct-lottery-result"


def write_result(out: Path, settings: Settings, curves: dict[int, list[dict]]) -> Path:
    """<out>/result.json: the paired comparison of this prune (every seed) under its name, beside
    any other prune's already there."""
    from instinct.lottery.paired import compare
    from instinct.stats import json_safe

    path = Path(out) / paths.RESULT
    found = {}
    if path.is_file():
        try:
            found = json.loads(path.read_text())
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise InstinctError(f"{path} is unreadable ({e}); remove it") from None
        if not isinstance(found, dict) or found.get("format") != RESULT_FORMAT:
            raise InstinctError(f"{path} is not a lottery result; remove it or use --out")
    prunes = dict(found.get("prunes", {}))
    ident = settings.identity()
    ident.pop("seed")
    prunes[prune_name(settings)] = {"settings": ident, **compare(curves)}
    write_text(path, _json(json_safe({"format": RESULT_FORMAT, "version": 1, "prunes": prunes})))
    return path
