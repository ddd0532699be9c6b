"""The Gymnasium path: any env whose observations are a flat Box or flatten to one
(instinct/spaces.py), through Gymnasium's vector API; the network steps are batched in Numba
(`policy_batch`)."""

from __future__ import annotations

import warnings

import numpy as np

from instinct import envguard
from instinct.evaluate.base import Evaluation, EvaluatorSpec, effective
from instinct.nn import Architecture


class GymEvaluator:
    """Any Gymnasium env through its vector API; the forward pass is batched in Numba.

    Every network meets the same episode seeds (common random numbers): the sub-env for
    (agent p, episode e) is reset with seed keys[e].
    """

    name = "gym"
    priority = 10  # "auto" falls back to it

    def __init__(self, env_id: str, arch: Architecture, max_steps: int | None = None,
                 chunk: int = 1024):  # fmt: skip
        self.env_id = env_id
        self.arch = arch
        self.chunk = chunk
        self.max_steps = max_steps
        self.spec = EvaluatorSpec(env_id, arch, self.name, max_steps)
        self._vec = None

    @classmethod
    def available(cls, env_id: str) -> bool:
        return True

    @staticmethod
    def unavailable(env_id: str) -> str:
        return f"{env_id} cannot run on the gym path"

    @classmethod
    def from_spec(cls, spec: EvaluatorSpec) -> GymEvaluator:
        return cls(spec.env_id, spec.arch, spec.max_steps)

    def _vector_env(self, n: int):
        import gymnasium as gym
        import instinct_envs  # noqa: F401

        from instinct.spaces import flatten_env

        if self._vec is not None and self._vec.num_envs == n:
            return self._vec
        self.close()
        with warnings.catch_warnings(), envguard.calling(self.env_id, "make"):
            warnings.simplefilter("ignore")
            self._vec = gym.make_vec(self.env_id, num_envs=n, vectorization_mode="sync",
                                     wrappers=[flatten_env])  # fmt: skip
        spec_steps = self._vec.spec.max_episode_steps if self._vec.spec else None
        if self.max_steps is None:
            self.max_steps = int(spec_steps or envguard.DEFAULT_MAX_STEPS)
        return self._vec

    def evaluate(self, params, masks, keys) -> Evaluation:
        theta = effective(params, masks)
        keys = np.asarray(keys, np.uint32)
        num_pop, num_eps = theta.shape[0], keys.shape[0]
        jobs_p = np.repeat(np.arange(num_pop), num_eps)
        jobs_e = np.tile(np.arange(num_eps), num_pop)
        returns = np.zeros(num_pop * num_eps)
        lengths = np.zeros(num_pop * num_eps, np.int32)
        for start in range(0, jobs_p.size, self.chunk):
            sl = slice(start, min(start + self.chunk, jobs_p.size))
            r, n = self._run_chunk(theta, jobs_p[sl], keys[jobs_e[sl]])
            returns[sl], lengths[sl] = r, n
        shape = (num_pop, num_eps)
        return Evaluation(returns.reshape(shape), lengths.reshape(shape), None)

    def _run_chunk(self, theta, rows, seeds):
        from instinct.kernels.forward import policy_batch, policy_init_batch

        n = rows.size
        vec = self._vector_env(n)
        net = self.arch.kernel_args()
        policy_init, policy_step = self.arch.policy()
        discrete = self.arch.output == "argmax"
        actions = np.zeros((n, max(self.arch.act_dim, 1)), np.float32)
        with envguard.calling(self.env_id, "reset"):
            obs, _ = vec.reset(seed=[int(s) for s in seeds])
        call = "reset"
        total = np.zeros(n)
        length = np.zeros(n, np.int32)
        active = np.ones(n, bool)
        rows = rows.astype(np.int64)
        hidden = np.zeros((n, net.hidden_dim), np.float32)
        policy_init_batch(policy_init, theta, rows, net, hidden)
        for _ in range(self.max_steps):
            obs32, broken = envguard.observations(self.env_id, obs, n, self.arch.obs_dim, call)
            total[broken & active] = np.nan  # a NaN or inf observation: a failed evaluation
            active &= ~broken
            if not active.any():
                break
            policy_batch(policy_step, theta, rows, net, hidden, obs32, actions)
            act = actions[:, 0].astype(np.int64) if discrete else actions.copy()
            with envguard.calling(self.env_id, "step"):
                obs, reward, terminated, truncated, _ = vec.step(act)
            call = "step"
            total += np.where(active, reward, 0.0)
            length += active
            active &= ~(terminated | truncated)
            if not active.any():
                break
        return total, length

    def close(self):
        if self._vec is not None:
            vec, self._vec = self._vec, None
            with envguard.calling(self.env_id, "close"):
                vec.close()


EVALUATOR = GymEvaluator
