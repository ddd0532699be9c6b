"""The bits frontier's bookkeeping: Pareto fronts, 90%-of-best, and the quantised-size check."""

import numpy as np

from instinct.frontier import cell_means, first_reaching, pareto, score_key
from instinct.genome.base import Genome
from instinct.genome.quantcheck import checked_bits, smallest_k, within
from instinct.nn import Architecture


def _p(enc, bits, score):
    return {"encoding": enc, "bits": bits, "score": score, "hidden": "8", "target_bytes": ""}


def test_pareto_keeps_only_points_no_cheaper_point_beats():
    pts = [_p("a", 10, 0.5), _p("a", 20, 0.4), _p("a", 30, 0.9), _p("a", 5, 0.1), _p("a", 30, 0.2)]
    assert [(p["bits"], p["score"]) for p in pareto(pts)] == [(5, 0.1), (10, 0.5), (30, 0.9)]


def test_first_reaching_ninety_percent_of_the_best_over_all_encodings():
    pts = [_p("a", 100, 1.0), _p("a", 10, 0.95), _p("b", 50, 0.89), _p("b", 500, 0.9)]
    out = first_reaching(pts)
    assert out["best_score"] == 1.0
    assert out["encodings"]["a"]["bits"] == 10
    assert out["encodings"]["b"]["bits"] == 500  # 0.89 < 0.9: not yet
    assert first_reaching([_p("a", 1, -1.0)])["encodings"]["a"] is None


def test_cell_means_average_seeds_and_score_key_prefers_success():
    rows = [{"encoding": "a", "hidden": "8", "target_bytes": "", "description_bits": b,
             "birth_mean": m, "success_rate": ""} for b, m in ((10, 1.0), (20, 3.0))]  # fmt: skip
    assert score_key(rows) == "birth_mean"
    (pt,) = cell_means(rows, "birth_mean")
    assert pt["bits"] == 15 and pt["score"] == 2.0 and pt["seeds"] == 2


def test_smallest_k_within_tolerance_and_its_bits():
    scores = {"32": 1.0, "2": 0.5, "4": 0.96, "8": 1.01, "16": 1.0}
    assert within(0.95, 1.0, 0.05) and not within(0.94, 1.0, 0.05)
    assert within(-1.05, -1.0, 0.05) and not within(-1.06, -1.0, 0.05)
    assert smallest_k(scores, 0.05) == 4
    assert smallest_k(scores, 0.01) == 8
    assert smallest_k({"32": 1.0, "2": 0.0}, 0.05) is None
    arch = Architecture(4, (3,), 2)
    g = Genome("direct", {}, arch, np.zeros(arch.num_params, np.float32))
    assert checked_bits(g, scores, 0.05) == (4 * arch.num_params + 32, 4)
    assert checked_bits(g, {"32": 1.0, "2": 0.0}, 0.05) == (32 * arch.num_params, 32)
