"""The `plastic` network kind (lifetime learning by an evolved ABCD Hebbian rule): layout, the
step kernel against plain NumPy, and the working weights restarting at every episode start."""

import dataclasses

import instinct_envs
import numpy as np
import pytest

from instinct.evaluate import FusedEvaluator, GymEvaluator, architecture_for_env
from instinct.kernels.forward import policy_batch, policy_init_batch
from instinct.nn import Architecture
from instinct.nn.plastic import RULE, W_MAX
from tests import naive

ARCH = Architecture(5, (6, 4), 2, "tanh", "tanh", (-1.0, -1.0), (1.0, 1.0), kind="plastic")


def numpy_plastic_step(theta, arch, obs, weights):
    """(new working weights, raw outputs): one step in float64, exact tanh, layer by layer."""
    theta = np.asarray(theta, np.float64)
    blocks = arch.layers()
    n = len(blocks) // 2
    x, new, out = np.asarray(obs, np.float64), [], None
    pairs = zip(blocks[:n], blocks[n:], strict=True)
    for layer, ((_, b, _, _), (_, rule, _, _)) in enumerate(pairs):
        W = weights[layer]
        y = x @ W + theta[b]
        post = np.tanh(y)  # the hidden activation, or the bounded output the last rule sees
        a, bb, c, d, eta = theta[rule]
        dw = eta * (a * np.outer(x, post) + bb * x[:, None] + c * post[None, :] + d)
        new.append(np.clip(W + dw, -W_MAX, W_MAX))
        out, x = y, post
    return new, out


def born(theta, arch):
    n = len(arch.layers()) // 2
    return [np.asarray(theta[w], np.float64).reshape(i, o) for w, _, i, o in arch.layers()[:n]]


def test_layout_adds_one_rule_per_layer_and_no_weights():
    ff = dataclasses.replace(ARCH, kind="mlp")
    assert ARCH.num_params == ff.num_params + len(RULE) * 3
    assert ARCH.num_weights == ff.num_weights == ARCH.hidden_dim
    assert np.array_equal(ARCH.weight_mask()[: ff.num_params], ff.weight_mask())
    assert not ARCH.weight_mask()[ff.num_params :].any()  # pruning never cuts the rule
    assert np.all(ARCH.init_scale()[ff.num_params :] == 0)  # born without learning
    assert Architecture.from_dict(ARCH.to_dict()) == ARCH


def test_step_kernel_matches_numpy_over_many_steps():
    rng = np.random.default_rng(5)
    theta = (rng.standard_normal((2, ARCH.num_params)) * 0.6).astype(np.float32)
    obs_seq = rng.uniform(-1, 1, (40, 2, ARCH.obs_dim)).astype(np.float32)
    policy_init, policy_step = ARCH.policy()
    net, rows = ARCH.kernel_args(), np.arange(2, dtype=np.int64)
    hidden = np.full((2, net.hidden_dim), 9.0, np.float32)  # policy_init must overwrite it
    policy_init_batch(policy_init, theta, rows, net, hidden)
    ref = [born(theta[n], ARCH) for n in range(2)]
    assert np.allclose(hidden[0], np.concatenate([w.ravel() for w in ref[0]]))
    actions = np.zeros((2, 2), np.float32)
    for t in range(obs_seq.shape[0]):
        policy_batch(policy_step, theta, rows, net, hidden, obs_seq[t], actions)
        for n in range(2):
            ref[n], out = numpy_plastic_step(theta[n], ARCH, obs_seq[t, n], ref[n])
            flat = np.concatenate([w.ravel() for w in ref[n]])
            assert np.allclose(hidden[n], flat, atol=5e-4)
            assert np.allclose(actions[n], naive.action(ARCH, out), atol=5e-4)
            off = 0  # keep the two on one trajectory
            for w in ref[n]:
                w[...] = hidden[n, off : off + w.size].reshape(w.shape)
                off += w.size
    moved = np.abs(hidden[0] - np.concatenate([w.ravel() for w in born(theta[0], ARCH)])).max()
    assert moved > 0.1  # the weights did learn


def test_without_a_learning_rate_it_is_the_feed_forward_network():
    rng = np.random.default_rng(1)
    ff = dataclasses.replace(ARCH, kind="mlp")
    theta = np.zeros((1, ARCH.num_params), np.float32)
    theta[0, : ff.num_params] = rng.standard_normal(ff.num_params)
    theta[0, ff.num_params :] = 0.7  # every coefficient set, but...
    theta[0, ff.num_params + 4 :: 5] = 0.0  # ...eta = 0: nothing learns
    obs = rng.uniform(-1, 1, (1, ARCH.obs_dim)).astype(np.float32)
    acts = []
    for arch, th in ((ARCH, theta), (ff, theta[:, : ff.num_params].copy())):
        policy_init, policy_step = arch.policy()
        net, rows = arch.kernel_args(), np.zeros(1, np.int64)
        hidden = np.zeros((1, net.hidden_dim), np.float32)
        policy_init_batch(policy_init, th, rows, net, hidden)
        a = np.zeros((1, 2), np.float32)
        for _ in range(5):
            policy_batch(policy_step, th, rows, net, hidden, obs, a)
        acts.append(a.copy())
    assert np.array_equal(acts[0], acts[1])


ENV = "instinct/Imprinting-v0"


@pytest.fixture(scope="module")
def imprinting():
    arch = architecture_for_env(ENV, (8,), "tanh", "plastic")
    rng = np.random.default_rng(2)
    params = (rng.standard_normal((3, arch.num_params)) * 0.5).astype(np.float32)
    return arch, params, FusedEvaluator(instinct_envs.WORLDS[ENV], arch)


def test_the_working_weights_restart_at_every_episode(imprinting):
    arch, params, fused = imprinting
    keys = np.array([5, 9, 5, 11], np.uint32)  # 5 twice: the second must not remember the first
    together = fused.evaluate(params, None, keys)
    alone = fused.evaluate(params, None, keys[2:3])
    assert np.array_equal(together.returns[:, 0], together.returns[:, 2])
    assert np.array_equal(together.returns[:, 2], alone.returns[:, 0])
    # and the learning matters: with eta = 0 the same networks score otherwise
    still = params.copy()
    ff_params = arch.num_params - len(RULE) * 2
    still[:, ff_params + 4 :: 5] = 0.0
    assert not np.array_equal(fused.evaluate(still, None, keys).returns, together.returns)


def test_plastic_fused_matches_the_gym_path(imprinting):
    arch, params, fused = imprinting
    keys = np.array([1, 2], np.uint32)
    a = fused.evaluate(params[:2], None, keys)
    b = GymEvaluator(ENV, arch).evaluate(params[:2], None, keys)
    assert np.array_equal(a.returns, b.returns) and np.array_equal(a.lengths, b.lengths)
