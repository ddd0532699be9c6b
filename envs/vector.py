"""The native vector env of every world with a core: all sub-envs stepped in one Numba call.

`gymnasium.make_vec(id, num_envs=N)` builds `CoreVectorEnv` for each instinct world (its
`vector_entry_point`, set in `envs/__init__.py`); the twins of Gymnasium's own envs keep
Gymnasium's vector envs. The sub-envs are rows of one state array; `step` is one call of
`_step_all`, a loop over the rows calling the core's own `step` / `observe` (and `reset` for the
rows that autoreset), the very functions the single env and the fused kernel call, so the vector
env gives what N single envs made with `gymnasium.make(id)` give, bit for bit (tested):

- seeds: `reset(seed=s)` seeds sub-env i with s + i (a list gives each its own), as
  `SyncVectorEnv` does; a sub-env's episode key is its seed, and later episodes draw their keys
  from the sub-env's own `np_random`, as the single env's `reset()` does.
- autoreset: Gymnasium 1.x's default, `AutoresetMode.NEXT_STEP`: the step after an episode ends
  resets that sub-env (reward 0, not terminated or truncated) and ignores its action.
- `terminated` / `truncated`: the core's outcome codes split by `World.truncations`, and the
  TimeLimit `max_episode_steps` that `gymnasium.make` would add.
- `options={"key": k}` resets every sub-env (or those in `options["reset_mask"]`) on episode key
  k, as the single env does; a sequence of N keys gives each sub-env its own.
- `info["outcome"]`: the word of each sub-env's outcome code (World.outcomes), "running" after
  a reset.

Rendering and `add_light` are the single env's; use `vectorization_mode="sync"` for them.
"""

from __future__ import annotations

import functools

import gymnasium
import numpy as np
from gymnasium.envs.registration import load_env_creator
from gymnasium.utils import seeding
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space
from numba import njit

KEY_SPAN = 2**32  # episode keys are u32: the single env's `seed % 2**32` and its draws


# Default flags on purpose: a callee that sets none inherits its caller's (fastmath, error model),
# so this loop sets none and every core runs with its own, as it does when the single env calls it.
# Not cached: it takes jitted functions as arguments (numba/numba#2956); compiling costs ~1 s.
@njit(cache=False)
def _step_all(reset, observe, step, params, states, actions, keys, autoreset, truncation,
              max_steps, elapsed, obs, rewards, terminated, truncated, codes):  # fmt: skip
    """One step of every sub-env: rows with `autoreset` set start episode keys[i] instead."""
    for i in range(states.shape[0]):
        if autoreset[i]:
            reset(states[i], keys[i], params)
            rewards[i] = 0.0
            terminated[i] = False
            truncated[i] = False
            elapsed[i] = 0
            codes[i] = 0
        else:
            reward, code = step(states[i], actions[i], params)
            elapsed[i] += 1
            rewards[i] = reward
            codes[i] = code
            cut = code != 0 and truncation[code]
            terminated[i] = code != 0 and not cut
            truncated[i] = cut or (max_steps > 0 and elapsed[i] >= max_steps)
        observe(states[i], params, obs[i])


@njit(cache=False)
def _reset_rows(reset, observe, params, states, keys, rows, obs):
    for j in range(rows.shape[0]):
        i = rows[j]
        reset(states[i], keys[i], params)
        observe(states[i], params, obs[i])


def vector_entry(world_id: str):
    """The `vector_entry_point` gymnasium registers for `world_id`: `CoreVectorEnv` on it."""
    return functools.partial(CoreVectorEnv, world_id=world_id)


class CoreVectorEnv(VectorEnv):
    """N sub-envs of one instinct world, stepped together by its Numba core (see the module).

    `gymnasium.make_vec(world_id, num_envs=N, **overrides)` passes the single env's kwargs
    (any params override, `params=`) and the spec's `max_episode_steps`."""

    metadata = {"autoreset_mode": AutoresetMode.NEXT_STEP}

    def __init__(self, num_envs: int = 1, *, world_id: str, max_episode_steps=None,
                 render_mode=None, **kwargs):  # fmt: skip
        from instinct_envs import WORLDS

        if int(num_envs) < 1:
            raise ValueError(f"num_envs must be at least 1, got {num_envs}")
        if render_mode is not None:
            raise ValueError(
                f"{world_id}'s native vector env does not render; "
                "use gymnasium.make_vec(..., vectorization_mode='sync') to render"
            )
        world = WORLDS[world_id]
        # One single env, never stepped, gives the spaces and the params the kwargs make.
        single = load_env_creator(world.entry_point)(**kwargs)
        self.world = world
        self.core = world.core
        self.params = single.params
        self.num_envs = int(num_envs)
        self.render_mode = None
        self.single_observation_space = single.observation_space
        self.single_action_space = single.action_space
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self.metadata = {**type(self).metadata, **getattr(single, "metadata", {})}
        self.metadata["autoreset_mode"] = AutoresetMode.NEXT_STEP
        single.close()

        n = self.num_envs
        self.max_episode_steps = int(max_episode_steps or 0)
        self._truncation = np.zeros(len(world.outcomes), np.bool_)
        self._truncation[list(world.truncations)] = True
        self._outcome_words = np.array(world.outcomes, dtype=object)
        self._states = np.zeros((n, world.state_dim), np.float64)
        self._obs = np.zeros((n, world.obs_dim), np.float32)
        self._actions = np.zeros((n, world.act_dim), np.float32)
        self._keys = np.zeros(n, np.uint32)  # the key each row's next autoreset starts
        self._rngs: list[np.random.Generator | None] = [None] * n  # each sub-env's np_random
        self._elapsed = np.zeros(n, np.int64)
        self._codes = np.zeros(n, np.int64)
        self._rewards = np.zeros(n, np.float64)
        self._terminated = np.zeros(n, np.bool_)
        self._truncated = np.zeros(n, np.bool_)
        self._autoreset = np.zeros(n, np.bool_)
        self._started = False

    # -- keys -----------------------------------------------------------------------------------
    def _draw(self, i: int) -> int:
        """The key the single env's `reset()` draws: `np_random.integers(0, 2**32)`."""
        if self._rngs[i] is None:
            self._rngs[i], _ = seeding.np_random(None)
        return int(self._rngs[i].integers(0, KEY_SPAN))

    def reset(self, *, seed=None, options=None):
        n = self.num_envs
        if isinstance(seed, (int, np.integer)):
            super().reset(seed=int(seed))
            seed = [int(seed) + i for i in range(n)]
        elif seed is None:
            seed = [None] * n
        if len(seed) != n:
            raise ValueError(f"{len(seed)} seeds for num_envs={n}")
        options = dict(options or {})
        mask = options.pop("reset_mask", None)
        mask = np.ones(n, np.bool_) if mask is None else np.asarray(mask, np.bool_)
        if mask.shape != (n,) or not mask.any():
            raise ValueError(f"options['reset_mask'] must be {n} booleans, at least one True")
        given = None
        if "key" in options:
            given = np.broadcast_to(np.asarray(options["key"], np.int64), (n,))
        rows = np.flatnonzero(mask)
        for i in rows:
            if seed[i] is not None:
                self._rngs[i], _ = seeding.np_random(int(seed[i]))
            if given is not None:
                self._keys[i] = int(given[i]) % KEY_SPAN
            elif seed[i] is not None:
                self._keys[i] = int(seed[i]) % KEY_SPAN
            else:
                self._keys[i] = self._draw(i)
        core = self.core
        _reset_rows(core.reset, core.observe, self.params, self._states, self._keys,
                    rows.astype(np.int64), self._obs)  # fmt: skip
        for i in rows:  # the key of each reset row's next (auto)reset, from its own np_random
            self._keys[i] = self._draw(i)
        self._elapsed[rows] = 0
        self._codes[rows] = 0
        self._terminated[rows] = False
        self._truncated[rows] = False
        self._autoreset[rows] = False
        self._started = True
        return self._obs.copy(), self._info()

    def step(self, actions):
        if not self._started:
            raise gymnasium.error.ResetNeeded("call reset() before step()")
        self._actions[:] = np.asarray(actions, np.float32).reshape(self._actions.shape)
        autoreset = self._autoreset.copy()
        core = self.core
        _step_all(core.reset, core.observe, core.step, self.params, self._states, self._actions,
                  self._keys, autoreset, self._truncation, self.max_episode_steps, self._elapsed,
                  self._obs, self._rewards, self._terminated, self._truncated,
                  self._codes)  # fmt: skip
        for i in np.flatnonzero(autoreset):
            self._keys[i] = self._draw(i)
        self._autoreset = self._terminated | self._truncated
        return (
            self._obs.copy(),
            self._rewards.copy(),
            self._terminated.copy(),
            self._truncated.copy(),
            self._info(),
        )

    def _info(self):
        return {
            "outcome": self._outcome_words[self._codes],
            "_outcome": np.ones(self.num_envs, np.bool_),
        }

    def close_extras(self, **kwargs):
        pass
