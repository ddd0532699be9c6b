"""A clutch: N agents grown from one genome, crossing one beach (one episode key) together, and
the exits of a genome's held-out episodes written for the fan figure.

The clutch steps the world's own Numba core for all agents in one kernel call per frame
(`instinct.kernels.clutch`). Agent 0 meets exactly the episode the evaluation would give that key;
the others emerge from the same nest a little apart, each with its own start heading and its own
stream of sensor noise and predation draws (the state's key slot), and they leave the nest one
after another. Worlds opt into that by naming the state slots (X, Y, HEADING, COS_H, SIN_H, KEY).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from instinct import paths
from instinct.kernels.clutch import clutch_rollout, clutch_step, reset_all
from instinct.kernels.forward import policy_init_batch
from instinct.rng import heldout_keys, stream

SLOTS = ("X", "Y", "HEADING", "COS_H", "SIN_H", "KEY")


def effective_params(genome, mask=None) -> np.ndarray:
    """f32[D] parameters of a genome, with its own mask and then `mask` (u8[D]) switched off."""
    from instinct.genome import decode

    params, _ = decode(genome)
    params = np.array(params, np.float32)
    if mask is not None:
        params[np.asarray(mask) == 0] = 0.0
    return params


class Clutch:
    """N agents of one world core on one episode key; params f32[P, D], agent n runs rows[n]."""

    def __init__(
        self,
        core,
        arch,
        params,
        n: int,
        key: int,
        rows=None,
        world_params=None,
        emerge_every: float = 2.0,
        spread: float = 0.3,
    ):
        self.core = core
        self.wp = core.DEFAULT_PARAMS if world_params is None else world_params
        self.arch = arch
        self.params = np.ascontiguousarray(np.atleast_2d(params), np.float32)
        self.n = int(n)
        self.rows = np.zeros(self.n, np.int64) if rows is None else np.asarray(rows, np.int64)
        self.emerge_every = float(emerge_every)
        self.spread = float(spread)
        self.net = arch.kernel_args()
        self.policy_init, self.policy_step = arch.policy()
        self.hidden = np.zeros((self.n, self.net.hidden_dim), np.float32)
        self.states = np.zeros((self.n, core.STATE_DIM))
        self.obs = np.zeros((self.n, core.OBS_DIM), np.float32)
        self.actions = np.zeros((self.n, max(arch.act_dim, 1)), np.float32)
        self.reset(key)

    def reset(self, key: int) -> None:
        self.key = int(key) & 0xFFFFFFFF
        reset_all(self.core.reset, self.wp, self.states, np.full(self.n, self.key, np.uint32))
        if all(hasattr(self.core, s) for s in SLOTS):
            self._scatter()
        policy_init_batch(self.policy_init, self.params, self.rows, self.net, self.hidden)
        self.rewards = np.zeros(self.n)
        self.codes = np.zeros(self.n, np.int64)
        self.ended_at = np.full(self.n, -1, np.int64)
        self.active = np.zeros(self.n, bool)
        self.emerge = np.round(np.arange(self.n) * self.emerge_every).astype(np.int64)
        self.frame = 0

    def _scatter(self) -> None:
        c, s = self.core, self.states
        rng = stream(self.key, 0, "viewer")
        m = self.n - 1
        if m <= 0:
            return
        th = rng.uniform(-np.pi, np.pi, m)
        r = self.spread * np.sqrt(rng.random(m))
        a = rng.uniform(-np.pi, np.pi, m)
        s[1:, c.X] += r * np.cos(a)
        s[1:, c.Y] += r * np.sin(a)
        s[1:, c.HEADING], s[1:, c.COS_H], s[1:, c.SIN_H] = th, np.cos(th), np.sin(th)
        s[1:, c.KEY] = rng.integers(0, 1 << 32, m).astype(np.float64)

    @property
    def done(self) -> bool:
        return bool((self.codes != 0).all())

    @property
    def time_s(self) -> float:
        return self.frame * float(getattr(self.wp, "dt", 1.0))

    def step(self) -> None:
        """One world step for every agent that has emerged and is still running."""
        self.active |= self.emerge <= self.frame
        before = self.codes == 0
        clutch_step(
            self.core.observe,
            self.core.step,
            self.policy_step,
            self.wp,
            self.states,
            self.params,
            self.rows,
            self.net,
            self.hidden,
            self.active,
            self.obs,
            self.actions,
            self.rewards,
            self.codes,
        )
        self.ended_at[before & (self.codes != 0)] = self.frame
        self.frame += 1
        if self.frame >= self.wp.max_steps:  # agents that never emerged end with the episode
            self.codes[self.codes == 0] = getattr(self.core, "TIME_LIMIT", 5)

    def add_light(self, x: float, y: float, intensity: float = 2000.0, warmth: float = 0.0) -> bool:
        """An artificial light at (x, y) for every agent; False when the world has no room."""
        ok = True
        for s in self.states:
            ok &= self.core.add_light(s, float(x), float(y), float(intensity), float(warmth)) >= 0
        return bool(ok)

    def counts(self) -> dict[str, int]:
        """How many agents ended in each outcome so far, by the world's outcome names."""
        names = getattr(self.core, "OUTCOMES", None)
        out = {}
        for code in np.unique(self.codes[self.codes != 0]):
            name = names[code] if names and code < len(names) else f"outcome {code}"
            out[name] = int((self.codes == code).sum())
        return out


def exits(core, arch, params, keys, world_params=None, max_steps=None):
    """Final states, outcome codes and lengths of one network on each episode key (run to the
    end of each episode)."""
    wp = core.DEFAULT_PARAMS if world_params is None else world_params
    keys = np.asarray(keys, np.uint32)
    states = np.zeros((keys.size, core.STATE_DIM))
    reset_all(core.reset, wp, states, keys)
    rewards = np.zeros(keys.size)
    lengths = np.zeros(keys.size, np.int64)
    codes = np.zeros(keys.size, np.int64)
    net = arch.kernel_args()
    policy_init, policy_step = arch.policy()
    theta = np.ascontiguousarray(np.atleast_2d(params), np.float32)
    rows = np.zeros(keys.size, np.int64)
    hidden = np.zeros((keys.size, net.hidden_dim), np.float32)
    policy_init_batch(policy_init, theta, rows, net, hidden)
    clutch_rollout(
        core.observe,
        core.step,
        policy_step,
        wp,
        int(max_steps or wp.max_steps),
        states,
        theta,
        rows,
        net,
        hidden,
        rewards,
        lengths,
        codes,
    )
    return states, codes, lengths


def write_exits(run_path, episodes: int = 200) -> Path | None:
    """RUN/exits.csv from best.dna on the run's held-out episodes, when the run's world has nests
    (X, Y, NEST_X, NEST_Y slots) and the file is missing or older than best.dna; else None."""

    from instinct.evaluate import fused_core
    from instinct.genome import fileformat

    run_path = Path(run_path)
    best, out = run_path / paths.BEST, run_path / paths.EXITS
    if not best.is_file():
        return None
    genome = fileformat.load(best)
    core = fused_core(genome.env_id)
    if core is None or not all(hasattr(core, s) for s in ("X", "Y", "NEST_X", "NEST_Y")):
        return None
    if out.is_file() and out.stat().st_mtime >= best.stat().st_mtime and _rows(out) == episodes:
        return None
    config = {}
    if (run_path / paths.CONFIG).is_file():
        from instinct.config import read_toml

        config = read_toml(run_path / paths.CONFIG)
    keys = heldout_keys(int(config.get("seed", 0)), episodes)
    states, codes, lengths = exits(
        core,
        genome.arch,
        effective_params(genome),
        keys,
        max_steps=int(config.get("max_steps", 0)) or None,
    )
    c = core
    dx, dy = states[:, c.X] - states[:, c.NEST_X], states[:, c.Y] - states[:, c.NEST_Y]
    bearing = np.rad2deg(np.arctan2(dx, -dy))  # 0: straight to the sea (-y), +90: towards +x
    dt = float(getattr(c.DEFAULT_PARAMS, "dt", 1.0))
    names = getattr(c, "OUTCOMES", ())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["episode", "key", "outcome", "bearing_deg", "x", "y", "nest_x", "nest_y", "time_s"])
    for i in range(keys.size):
        name = names[codes[i]] if codes[i] < len(names) else str(codes[i])
        s = states[i]
        w.writerow(
            [
                i,
                int(keys[i]),
                name,
                f"{bearing[i]:.2f}",
                f"{s[c.X]:.3f}",
                f"{s[c.Y]:.3f}",
                f"{s[c.NEST_X]:.3f}",
                f"{s[c.NEST_Y]:.3f}",
                f"{lengths[i] * dt:.1f}",
            ]
        )
    from instinct.atomic import write_text

    write_text(out, buf.getvalue())
    return out


def _rows(path: Path) -> int:
    with open(path) as fh:
        return max(sum(1 for _ in fh) - 1, 0)
