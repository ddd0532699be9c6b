"""Kernels against plain references: masking, start states, and the clutch rollout against the
fused rollout (two kernels over the same episode functions must agree bit for bit)."""

import instinct_envs
import numpy as np

from instinct.evaluate import FusedEvaluator, architecture_for_env
from instinct.genome import make_encoding
from instinct.kernels.clutch import clutch_rollout
from instinct.kernels.forward import apply_mask, policy_init_batch
from instinct.kernels.rollout import reset_all

ENV = "instinct/Hatchling-v0"


def test_apply_mask_zeroes_exactly_the_masked_entries():
    rng = np.random.default_rng(0)
    params = rng.normal(size=(5, 33)).astype(np.float32)
    masks = (rng.random((5, 33)) < 0.5).astype(np.uint8)
    assert np.array_equal(apply_mask(params, masks), np.where(masks != 0, params, 0))


def test_reset_all_is_the_core_reset_one_key_at_a_time():
    world = instinct_envs.WORLDS[ENV]
    keys = np.array([0, 5, 2**31 + 3], np.uint32)
    states = np.zeros((3, world.state_dim))
    reset_all(world.core.reset, world.params, states, keys)
    for n, key in enumerate(keys):
        one = np.zeros(world.state_dim)
        world.core.reset(one, key, world.params)
        assert np.array_equal(states[n], one)


def test_the_clutch_rollout_matches_the_fused_rollout():
    world = instinct_envs.WORLDS[ENV]
    arch = architecture_for_env(ENV, (5,), "tanh")
    enc = make_encoding("direct", arch)
    params = np.stack([enc.initial_vector(s) for s in range(2)])
    keys = np.array([3, 4], np.uint32)
    fused = FusedEvaluator(world, arch).evaluate(params, None, keys)
    for p in range(2):
        states = np.zeros((2, world.state_dim))
        reset_all(world.core.reset, world.params, states, keys)
        rows, net = np.full(2, p, np.int64), arch.kernel_args()
        policy_init, policy_step = arch.policy()
        hidden = np.zeros((2, net.hidden_dim), np.float32)
        policy_init_batch(policy_init, params, rows, net, hidden)
        rewards, lengths, codes = np.zeros(2), np.zeros(2, np.int64), np.zeros(2, np.int64)
        clutch_rollout(world.core.observe, world.core.step, policy_step, world.params,
                       world.params.max_steps, states, params, rows, net, hidden, rewards,
                       lengths, codes)  # fmt: skip
        assert np.array_equal(rewards, fused.returns[p]) and np.array_equal(
            lengths, fused.lengths[p]
        )
        assert np.array_equal(codes, fused.outcomes[p])
