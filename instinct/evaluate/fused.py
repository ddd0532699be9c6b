"""The fused path: one of instinct's Numba worlds and the networks stepped together in one
parallel kernel (`instinct.kernels.rollout`)."""

from __future__ import annotations

import numpy as np

from instinct.errors import InstinctError
from instinct.evaluate.base import Evaluation, EvaluatorSpec, effective
from instinct.nn import Architecture
from instinct.worlds import start_states, world_for


class FusedEvaluator:
    """Steps one of instinct's Numba worlds and the networks together in one parallel kernel.

    Reads only the world's `World` record (instinct_envs.world): its core's observe/step, its
    params, sizes and success code, and its start states (its `start_states` hook or its reset).
    """

    name = "fused"
    priority = 0  # "auto" picks the lowest priority that can run the env

    def __init__(self, world, arch: Architecture, world_params=None, max_steps: int | None = None):
        if arch.obs_dim != world.obs_dim:
            raise InstinctError(
                f"{world.id} observes {world.obs_dim} numbers, the network takes {arch.obs_dim}"
            )
        self.world = world
        self.arch = arch
        self.world_params = world.params if world_params is None else world_params
        self.max_steps = int(max_steps or self.world_params.max_steps)
        self.spec = EvaluatorSpec(world.id, arch, self.name, max_steps, world_params)

    @classmethod
    def available(cls, env_id: str) -> bool:
        return world_for(env_id) is not None

    @staticmethod
    def unavailable(env_id: str) -> str:
        return f"{env_id} has no fused Numba core; use --path gym"

    @classmethod
    def from_spec(cls, spec: EvaluatorSpec) -> FusedEvaluator:
        world = world_for(spec.env_id)
        if world is None:
            raise InstinctError(cls.unavailable(spec.env_id))
        return cls(world, spec.arch, spec.world_params, spec.max_steps)

    def warm_up(self) -> None:
        """Compile the kernel now (one agent, one step), so no generation's timing includes it."""
        steps, self.max_steps = self.max_steps, 1
        try:
            self.evaluate(np.zeros((1, self.arch.num_params), np.float32), None, [0])
        finally:
            self.max_steps = steps

    def evaluate(self, params, masks, keys) -> Evaluation:
        from instinct.kernels.rollout import fused_rollout
        from instinct.kernels.world_kernel import world_kernels

        theta = effective(params, masks)
        keys = np.ascontiguousarray(keys, np.uint32)
        shape = (theta.shape[0], keys.shape[0])
        returns = np.zeros(shape, np.float64)
        lengths = np.zeros(shape, np.int32)
        outcomes = np.zeros(shape, np.int8)
        # The world's and network kind's kernel module cached on disk; None: the generic kernels.
        kernels = world_kernels(self.world.core, self.arch.network_kind.kernel)
        if kernels is not None and self.world.start_states is None:
            starts = np.zeros((keys.shape[0], self.world.state_dim), np.float64)
            kernels.reset_all(self.world_params, starts, keys)
        else:
            starts = start_states(self.world, keys, self.world_params)
        net = self.arch.kernel_args()
        if kernels is not None:
            kernels.rollout(self.world_params, self.max_steps, starts, theta, net, returns,
                            lengths, outcomes)  # fmt: skip
        else:
            policy_init, policy_step = self.arch.policy()
            core = self.world.core
            fused_rollout(
                core.observe, core.step, policy_init, policy_step, self.world_params,
                self.max_steps, starts, theta, net, returns, lengths, outcomes,
            )  # fmt: skip
        success = None if self.world.success is None else outcomes == self.world.success
        return Evaluation(returns, lengths, success, outcomes)

    def close(self):
        pass


EVALUATOR = FusedEvaluator
