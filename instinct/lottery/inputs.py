"""Which senses survive pruning: per observation input, how many of its connections remain.

Input i's connections are row i of the first layer's `W[in, out]`. A connection is *live* when the
hidden unit it feeds still has a path of kept weights to some output; an input with no live
connection cannot influence behaviour at all. For instinct's own worlds the inputs are named and
grouped by sense from the world's record (`obs_names`, `sense_groups`); other envs get `obs[i]`.
"""

from __future__ import annotations

import numpy as np

from instinct.nn import Architecture
from instinct.nn.recurrent import GATES, is_recurrent

COLUMNS = ["input", "name", "group", "connections", "of", "live"]


def obs_labels(env_id: str, obs_dim: int) -> tuple[list[str], list[str]]:
    """(name, group) of every observation input."""
    names = [f"obs[{i}]" for i in range(obs_dim)]
    groups = [""] * obs_dim
    from instinct.worlds import world_for

    world = world_for(env_id)
    if world is not None and len(world.obs_names) == obs_dim:
        names = list(world.obs_names)
        for group, idx in world.sense_groups.items():
            for i in idx:
                groups[i] = group
    return names, groups


def _recurrent_live(arch, params: np.ndarray) -> np.ndarray:
    """bool[H]: hidden units of a recurrent network with a path of non-zero weights to an output,
    directly through the readout or through other units' gates over later steps."""
    (_, _, _, _), (w_rec, _, h, gh), (w_out, _, _, act) = arch.layers()
    live = (params[w_out].reshape(h, act) != 0).any(axis=1)
    feeds = (params[w_rec].reshape(h, gh // h, h) != 0).any(axis=1)  # [from unit, to unit]
    while True:
        more = live | (feeds & live[None, :]).any(axis=1)
        if np.array_equal(more, live):
            return live
        live = more


def memory_row(arch, params: np.ndarray) -> dict:
    """The report's row for the memory: recurrent weights kept, of how many, and live ones."""
    (_, _, _, _), (w_rec, _, h, gh), _ = arch.layers()
    W = params[w_rec].reshape(h, gh) != 0
    live = np.tile(_recurrent_live(arch, params), gh // h)
    return {"input": -1, "name": "recurrent weights", "group": "memory",
            "connections": int(W.sum()), "of": int(W.size),
            "live": int((W & live[None, :]).sum())}  # fmt: skip


def _reaches_output(arch: Architecture, params: np.ndarray) -> list[np.ndarray]:
    """Per layer l >= 1, bool[sizes[l]]: unit has a path of non-zero weights to an output."""
    if is_recurrent(arch):
        return [np.tile(_recurrent_live(arch, params), GATES[arch.kind])]
    layers = arch.layers()
    reach = np.ones(arch.act_dim, bool)
    out = [reach]
    for w, _, n_in, n_out in reversed(layers[1:]):
        W = params[w].reshape(n_in, n_out) != 0
        reach = (W & reach[None, :]).any(axis=1)
        out.append(reach)
    return out[::-1]  # out[0] is layer 1's units (the first hidden layer)


def input_connections(arch: Architecture, params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(i64[obs_dim] non-zero first-layer connections, i64[obs_dim] live ones) per input."""
    params = np.asarray(params)
    w, _, n_in, n_out = arch.layers()[0]
    W = params[w].reshape(n_in, n_out) != 0
    live_units = _reaches_output(arch, params)[0]
    return W.sum(axis=1).astype(np.int64), (W & live_units[None, :]).sum(axis=1).astype(np.int64)


def report(arch: Architecture, params: np.ndarray, env_id: str) -> list[dict]:
    """One row per input: index, name, group, connections kept (of how many), live ones."""
    names, groups = obs_labels(env_id, arch.obs_dim)
    kept, live = input_connections(arch, params)
    n_out = arch.layers()[0][3]
    rows = [
        {"input": i, "name": names[i], "group": groups[i], "connections": int(kept[i]),
         "of": n_out, "live": int(live[i])}
        for i in range(arch.obs_dim)
    ]  # fmt: skip
    if is_recurrent(arch):
        rows.append(memory_row(arch, np.asarray(params)))
    return rows


def by_group(rows: list[dict]) -> dict:
    """{group or name: [connections, of, live]} summed over a sense group's inputs."""
    out: dict[str, list[int]] = {}
    for r in rows:
        key = r["group"] or r["name"]
        acc = out.setdefault(key, [0, 0, 0])
        acc[0] += r["connections"]
        acc[1] += r["of"]
        acc[2] += r["live"]
    return out
