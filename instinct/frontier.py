"""The minimum-description-length frontier of a bits sweep: cells averaged over seeds, the
Pareto front per encoding (no cheaper cell scores as well), and the description length at which
each encoding first reaches 90% of the best score."""

from __future__ import annotations

import math


def score_key(rows: list[dict]) -> str:
    """Success rate where every row has one (the world defines success), else mean return."""
    if rows and all(str(r.get("success_rate", "")) != "" for r in rows):
        return "success_rate"
    return "birth_mean"


def cell_means(rows: list[dict], key: str) -> list[dict]:
    """One point per (encoding, hidden, target size): mean bits and score over its seeds."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        if str(r.get(key, "")) in ("", "None", "nan"):
            continue
        k = (r["encoding"], str(r.get("hidden", "")), str(r.get("target_bytes", "")))
        groups.setdefault(k, []).append(r)
    out = []
    for (enc, hidden, target), rs in groups.items():
        out.append({
            "encoding": enc, "hidden": hidden, "target_bytes": target, "seeds": len(rs),
            "bits": sum(float(r["description_bits"]) for r in rs) / len(rs),
            "score": sum(float(r[key]) for r in rs) / len(rs),
        })  # fmt: skip
    return out


def pareto(points: list[dict]) -> list[dict]:
    """The points no cheaper (or equally cheap) point matches or beats, cheapest first."""
    front, best = [], -math.inf
    for p in sorted(points, key=lambda p: (p["bits"], -p["score"])):
        if p["score"] > best:
            front.append(p)
            best = p["score"]
    return front


def first_reaching(points: list[dict], fraction: float = 0.9) -> dict:
    """Per encoding, the fewest description bits of a cell whose mean score is at least
    `fraction` of the best cell's (all encodings); None where none does. A best score that is
    not positive leaves the fraction meaningless: every encoding then gets None."""
    best = max((p["score"] for p in points), default=0.0)
    out = {"best_score": best, "fraction": fraction, "threshold": fraction * best,
           "encodings": {}}  # fmt: skip
    for enc in dict.fromkeys(p["encoding"] for p in points):
        hits = [p for p in points if p["encoding"] == enc and best > 0
                and p["score"] >= fraction * best]  # fmt: skip
        first = min(hits, key=lambda p: p["bits"]) if hits else None
        out["encodings"][enc] = None if first is None else {
            "bits": first["bits"], "score": first["score"], "hidden": first["hidden"],
            "target_bytes": first["target_bytes"]}  # fmt: skip
    return out
