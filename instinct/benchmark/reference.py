"""The hand-tuned Numba CartPole reference of shared/peers/bench_numba.py, on our workload.

The project's benchmark stands on its own: the reference is optional (`instinct bench
--reference PATH/bench_numba.py`) and is loaded from the given file. Its kernel steps one CartPole
episode per policy from a start state per policy with a 4-H1-H2-2 tanh network, weights (in, out);
we hand it the very networks and start states the fused path gets.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

from instinct.errors import InstinctError


def load(path: str, env_id: str):
    """The reference script's module, for a benchmark of env_id (CartPole-v1 only)."""
    if env_id != "CartPole-v1":
        raise InstinctError(f"the reference runs CartPole-v1 only, not {env_id}")
    file = Path(path)
    if not file.is_file():
        raise InstinctError(f"reference script not found: {path}")
    sys.path.insert(0, str(file.parent))  # the script imports its sibling common.py
    try:
        spec = importlib.util.spec_from_file_location("peer_bench_numba", file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except Exception as e:  # noqa: BLE001  a broken or foreign script: one line, no traceback
        raise InstinctError(f"cannot load the reference {path}: {e}") from None
    finally:
        sys.path.remove(str(file.parent))
    return module


def reference_rollout(module, arch, params: np.ndarray, starts: np.ndarray, max_steps: int):
    """fn() -> agent-steps running the reference's tuned float32 prange kernel on `params`
    (f32[P, D] in our layout), episode p starting from starts[p % len(starts)]."""
    if arch.sizes[0] != 4 or arch.sizes[-1] != 2 or len(arch.hidden) != 2:
        raise InstinctError(
            f"the reference runs 4-H1-H2-2 networks on CartPole only, not {arch.sizes}"
        )
    kernel = module.make_kernel(np.float32, True, tuned=True)
    pop = params.shape[0]
    weights = []
    for w, b, n_in, n_out in arch.layers():
        weights.append(np.ascontiguousarray(params[:, w].reshape(pop, n_in, n_out), np.float32))
        weights.append(np.ascontiguousarray(params[:, b], np.float32))
    s0 = np.ascontiguousarray(starts[np.arange(pop) % len(starts)], np.float32)
    out = np.zeros(pop, np.int64)

    def run() -> int:
        kernel(*weights, s0, max_steps, out)
        return int(out.sum())

    run()  # compile outside the timing
    return run, out
