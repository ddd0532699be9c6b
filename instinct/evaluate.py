"""Evaluate a population of networks: the fused Numba path for instinct's own worlds, the
Gymnasium vector path for any other env. Both return returns f64[P, E] and lengths i32[P, E].

Evaluation never knows how a genome is encoded: it sees flat f32[P, D] parameters (and masks).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from instinct import envguard
from instinct.errors import InstinctError
from instinct.kernels.forward import apply_mask, forward_batch
from instinct.kernels.rollout import fused_rollout
from instinct.nn import Architecture, architecture_for


@dataclass
class Evaluation:
    """What P networks did on E episodes."""

    returns: np.ndarray  # f64[P, E]
    lengths: np.ndarray  # i32[P, E]
    success: np.ndarray | None  # bool[P, E] where the world defines success, else None
    outcomes: np.ndarray | None = None  # i8[P, E] world outcome codes (fused worlds only)

    @property
    def agent_steps(self) -> int:
        return int(self.lengths.sum())


def _effective(params: np.ndarray, masks: np.ndarray | None) -> np.ndarray:
    params = np.ascontiguousarray(params, np.float32)
    if params.ndim == 1:
        params = params[None, :]
    if masks is None:
        return params
    masks = np.ascontiguousarray(np.broadcast_to(masks, params.shape), np.uint8)
    return apply_mask(params, masks)


def fused_core(env_id: str):
    """The Numba core of one of instinct's own worlds, or None for any other env."""
    import instinct_envs

    return instinct_envs.FUSED_CORES.get(env_id)


def make_env(env_id: str, **kwargs):
    """gymnasium.make with a one-line error for an unknown or broken env id."""
    import gymnasium as gym
    import instinct_envs  # noqa: F401  (registers instinct's worlds)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return gym.make(env_id, **kwargs)
    except gym.error.Error as e:
        raise InstinctError(f"cannot make env {env_id!r}: {e} (see `instinct envs`)") from None
    except (ImportError, ModuleNotFoundError) as e:
        raise InstinctError(f"env {env_id!r} needs a package that is not installed: {e}") from None
    except Exception as e:  # noqa: BLE001  a user's env constructor may raise anything
        raise envguard.failure(env_id, "make", e) from None


def architecture_for_env(env_id: str, hidden, activation: str) -> Architecture:
    env = make_env(env_id)
    try:
        return architecture_for(env.observation_space, env.action_space, hidden, activation)
    finally:
        env.close()


class FusedEvaluator:
    """Steps one of instinct's Numba worlds and the networks together in one parallel kernel."""

    def __init__(self, core, arch: Architecture, world_params=None, max_steps: int | None = None):
        self.core = core
        self.arch = arch
        self.world_params = core.DEFAULT_PARAMS if world_params is None else world_params
        self.max_steps = int(max_steps or self.world_params.max_steps)

    def warm_up(self) -> None:
        """Compile the kernel now (one agent, one step), so no generation's timing includes it."""
        steps, self.max_steps = self.max_steps, 1
        try:
            self.evaluate(np.zeros((1, self.arch.num_params), np.float32), None, [0])
        finally:
            self.max_steps = steps

    def evaluate(self, params, masks, keys) -> Evaluation:
        theta = _effective(params, masks)
        keys = np.ascontiguousarray(keys, np.uint32)
        shape = (theta.shape[0], keys.shape[0])
        returns = np.zeros(shape, np.float64)
        lengths = np.zeros(shape, np.int32)
        outcomes = np.zeros(shape, np.int8)
        sizes, act_code, out_code, low, high = self.arch.kernel_args()
        c = self.core
        fused_rollout(
            c.reset, c.observe, c.step, self.world_params, c.STATE_DIM, c.OBS_DIM,
            self.max_steps, theta, sizes, act_code, out_code, low, high, keys,
            returns, lengths, outcomes,
        )  # fmt: skip
        return Evaluation(returns, lengths, outcomes == c.SUCCESS, outcomes)

    def close(self):
        pass


class GymEvaluator:
    """Any Gymnasium env through its vector API; the forward pass is batched in Numba.

    Every network meets the same episode seeds (common random numbers): the sub-env for
    (agent p, episode e) is reset with seed keys[e].
    """

    def __init__(self, env_id: str, arch: Architecture, max_steps: int | None = None,
                 chunk: int = 1024):  # fmt: skip
        self.env_id = env_id
        self.arch = arch
        self.chunk = chunk
        self.max_steps = max_steps
        self._vec = None

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
        theta = _effective(params, masks)
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
        n = rows.size
        vec = self._vector_env(n)
        sizes, act_code, out_code, low, high = self.arch.kernel_args()
        discrete = out_code == 0
        actions = np.zeros((n, max(self.arch.act_dim, 1)), np.float32)
        with envguard.calling(self.env_id, "reset"):
            obs, _ = vec.reset(seed=[int(s) for s in seeds])
        call = "reset"
        total = np.zeros(n)
        length = np.zeros(n, np.int32)
        active = np.ones(n, bool)
        rows = rows.astype(np.int64)
        for _ in range(self.max_steps):
            obs32, broken = envguard.observations(self.env_id, obs, n, self.arch.obs_dim, call)
            total[broken & active] = np.nan  # a NaN or inf observation: a failed evaluation
            active &= ~broken
            if not active.any():
                break
            forward_batch(theta, rows, sizes, act_code, out_code, low, high, obs32, actions)
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


def make_evaluator(env_id: str, arch: Architecture, path: str = "auto", max_steps=None):
    """Fused for instinct's worlds (unless path='gym'), Gymnasium's vector API otherwise."""
    core = fused_core(env_id)
    if path not in ("auto", "fused", "gym"):
        raise InstinctError(f"unknown evaluation path {path!r}; choose auto, fused or gym")
    if path == "fused" and core is None:
        raise InstinctError(f"{env_id} has no fused Numba core; use --path gym")
    if core is not None and path != "gym":
        evaluator = FusedEvaluator(core, arch, max_steps=max_steps)
    else:
        evaluator = GymEvaluator(env_id, arch, max_steps=max_steps)
    evaluator.spec = envguard.spec(env_id)
    return evaluator
