"""Deliberately broken Gymnasium envs, registered on import so that `--env
tests.hardening.broken_envs:<Name>-v0` (Gymnasium's module:id form) finds them.

Each is CartPole with one fault; `BROKEN_AT` in the environment picks the generation-independent
step at which the fault strikes (default 0: every step)."""

from __future__ import annotations

import os

import gymnasium as gym
import numpy as np
from gymnasium.envs.classic_control.cartpole import CartPoleEnv


class _Broken(CartPoleEnv):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.steps = 0

    def reset(self, *, seed=None, options=None):
        self.steps = 0
        return super().reset(seed=seed, options=options)

    def step(self, action):
        self.steps += 1
        return super().step(action)


class NanReward(_Broken):
    def step(self, action):
        obs, r, term, trunc, info = super().step(action)
        return obs, float("nan"), term, trunc, info


class SomeNanReward(_Broken):
    """NaN on about 2% of steps, by a hash of the episode's state (the same on every run)."""

    def step(self, action):
        obs, r, term, trunc, info = super().step(action)
        odd = int(abs(obs[0]) * 1e6) % 50 == 0
        return obs, float("nan") if odd else r, term, trunc, info


class InfReward(_Broken):
    def step(self, action):
        obs, r, term, trunc, info = super().step(action)
        return obs, float("inf"), term, trunc, info


class HugeReward(_Broken):
    def step(self, action):
        obs, r, term, trunc, info = super().step(action)
        return obs, 1e308, term, trunc, info


class NanObservation(_Broken):
    def step(self, action):
        obs, r, term, trunc, info = super().step(action)
        return np.full_like(obs, np.nan), r, term, trunc, info


class WrongShape(_Broken):
    def reset(self, *, seed=None, options=None):
        obs, info = super().reset(seed=seed, options=options)
        return np.concatenate([obs, obs]), info


class RaisesInReset(_Broken):
    def reset(self, *, seed=None, options=None):
        raise RuntimeError("the reset of this env is broken\non two lines")


class RaisesInStep(_Broken):
    def step(self, action):
        if self.steps >= int(os.environ.get("BROKEN_AT", "0")):
            raise ValueError("the step of this env is broken")
        return super().step(action)


class NeverEnds(_Broken):
    def step(self, action):
        obs, r, term, trunc, info = super().step(action)
        return obs, 1.0, False, False, info


NAMES = ["NanReward", "SomeNanReward", "InfReward", "HugeReward", "NanObservation", "WrongShape",
         "RaisesInReset", "RaisesInStep", "NeverEnds"]  # fmt: skip
for _name in NAMES:
    if f"{_name}-v0" not in gym.registry:
        gym.register(f"{_name}-v0", entry_point=f"{__name__}:{_name}",
                     max_episode_steps=None if _name == "NeverEnds" else 40)  # fmt: skip
