"""The toy world's Gymnasium face, over the very functions the fused kernel calls."""

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from instinct_envs.toyline import core


class ToyLineEnv(gym.Env):
    metadata = {"render_modes": []}

    def __init__(self, render_mode=None):
        self.params = core.DEFAULT_PARAMS
        self.observation_space = spaces.Box(-np.inf, np.inf, (core.OBS_DIM,), np.float32)
        self.action_space = spaces.Box(-1.0, 1.0, (core.ACT_DIM,), np.float32)
        self.state = np.zeros(core.STATE_DIM)
        self._obs = np.zeros(core.OBS_DIM, np.float32)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        key = int(seed) % 2**32 if seed is not None else int(self.np_random.integers(0, 2**32))
        core.reset(self.state, np.uint32(key), self.params)
        return self._observe(), {}

    def step(self, action):
        reward, code = core.step(self.state, np.asarray(action, np.float32), self.params)
        return self._observe(), float(reward), code == 1, code == 2, {}

    def _observe(self):
        core.observe(self.state, self.params, self._obs)
        return self._obs.copy()
