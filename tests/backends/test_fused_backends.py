"""The fused path (Hatchling) on worker processes gives the local results, bit for bit. Slow:
every worker compiles the fused kernel (about 15 s each on a loaded machine)."""

import pytest

from .helpers import FUSED, evolve


@pytest.mark.slow
def test_fused_path_on_process_workers_gives_the_local_results(tmp_path):
    local = evolve(tmp_path / "local", FUSED)
    assert any(r["success_rate"] != "nan" for r in local["metrics"])  # the fused world's column
    for workers in (1, 2):
        got = evolve(tmp_path / f"w{workers}", FUSED, "--backend", "processes",
                     "--workers", str(workers))  # fmt: skip
        assert got == local, workers
