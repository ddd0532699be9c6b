"""Functional sense report: which senses a network *uses*, not how many connections they keep.

Lesioning a sense group clamps its inputs to a neutral value for the whole episode. For the
first layer `z = x @ W + b`, clamping inputs I to constants c is exactly the same network with
rows W[I] set to 0 and `c @ W[I]` added to b, so every lesion is a parameter vector and all 2^k
coalitions of k sense groups are scored in one batch through the fused path on common held-out
episodes. The neutral value of an input is the midpoint of the world's declared observation range
(`OBS_LOW`, `OBS_HIGH` of its core) with `neutral="mid"`, or 0 with `neutral="zero"`; a world that
declares no range gets 0 either way (the report says which was used).

v(S) = mean held-out return with the groups in S intact and the others clamped; the lesion of
group j is v(all) - v(all without j); the Shapley value of j is over all coalitions (exact).
"""

from __future__ import annotations

import numpy as np

from instinct.errors import InstinctError
from instinct.lottery.shapley import MAX_PLAYERS, coalitions, shapley
from instinct.nn import Architecture

NEUTRALS = ("mid", "zero")


def neutral_values(env_id: str, obs_dim: int, neutral: str = "mid") -> tuple[np.ndarray, str]:
    """(f32[obs_dim] clamp value per input, a sentence saying what it is)."""
    if neutral not in NEUTRALS:
        raise InstinctError(f"neutral value {neutral!r}: choose one of {', '.join(NEUTRALS)}")
    zero = np.zeros(obs_dim, np.float32)
    if neutral == "zero":
        return zero, "0"
    from instinct.worlds import world_for

    world = world_for(env_id)
    core = getattr(world, "core", None)
    low, high = getattr(core, "OBS_LOW", None), getattr(core, "OBS_HIGH", None)
    if low is None or high is None or np.size(low) != obs_dim or np.size(high) != obs_dim:
        return zero, "0 (the world declares no observation range)"
    mid = (np.asarray(low, np.float64) + np.asarray(high, np.float64)) / 2
    return mid.astype(np.float32), "midpoint of the declared observation range"


def sense_groups(env_id: str, obs_dim: int) -> dict[str, tuple[int, ...]]:
    """{group: input indices}: the world's sense groups, or one group per input elsewhere."""
    from instinct.lottery.inputs import obs_labels

    names, groups = obs_labels(env_id, obs_dim)
    out: dict[str, list[int]] = {}
    for i in range(obs_dim):
        out.setdefault(groups[i] or names[i], []).append(i)
    return {g: tuple(idx) for g, idx in out.items()}


def lesioned(arch: Architecture, params: np.ndarray, inputs, clamp: np.ndarray) -> np.ndarray:
    """f32[D]: the network with inputs `inputs` clamped to clamp[inputs] (same behaviour)."""
    p = np.array(params, np.float64)
    w, b, n_in, n_out = arch.layers()[0]
    W = p[w].reshape(n_in, n_out)
    idx = np.asarray(list(inputs), np.int64)
    if idx.size:
        p[b] += np.asarray(clamp, np.float64)[idx] @ W[idx]
        W[idx] = 0.0
        p[w] = W.ravel()
    return p.astype(np.float32)


def coalition_params(arch, params, groups: dict, clamp) -> np.ndarray:
    """f32[2^k, D]: row s is the network with the groups of coalition s intact, the rest clamped."""
    names = list(groups)
    if len(names) > MAX_PLAYERS:
        raise InstinctError(f"{len(names)} sense groups: exact Shapley needs at most {MAX_PLAYERS}")
    rows = []
    for present in coalitions(len(names)):
        off = [i for g, keep in zip(names, present, strict=True) if not keep for i in groups[g]]
        rows.append(lesioned(arch, params, off, clamp))
    return np.stack(rows)


def lesion_report(evaluator, arch, params, keys, groups: dict, clamp) -> dict:
    """v per coalition, each group's single lesion and Shapley value (mean held-out return)."""
    batch = coalition_params(arch, params, groups, clamp)
    v = evaluator.evaluate(batch, None, keys).returns.mean(axis=1).astype(np.float64)
    full = (1 << len(groups)) - 1
    phi = shapley(v)
    rows = []
    for j, g in enumerate(groups):
        rows.append({"group": g, "inputs": len(groups[g]),
                     "lesion": float(v[full] - v[full & ~(1 << j)]), "shapley": float(phi[j]),
                     "alone": float(v[1 << j] - v[0])})  # fmt: skip
    return {"v_all": float(v[full]), "v_none": float(v[0]), "groups": rows,
            "coalition_values": [float(x) for x in v]}  # fmt: skip


def table(label: str, rep: dict) -> str:
    """Printable table of one network's report."""
    head = f"  {'sense group':<30} {'inputs':>6} {'lesion':>8} {'shapley':>8} {'alone':>8}"
    lines = [f"{label}: intact {rep['v_all']:.3f}, every sense clamped {rep['v_none']:.3f}", head]
    for r in rep["groups"]:
        lines.append(f"  {r['group'][:30]:<30} {r['inputs']:>6} {r['lesion']:>8.3f} "
                     f"{r['shapley']:>8.3f} {r['alone']:>8.3f}")  # fmt: skip
    return "\n".join(lines)
