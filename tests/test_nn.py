import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instinct.errors import InstinctError
from instinct.kernels.activations import fast_tanh
from instinct.kernels.forward import policy_batch, policy_init_batch
from instinct.nn import Architecture
from tests import naive


def test_layout_counts_every_parameter_once():
    arch = Architecture(17, (32, 32), 2)
    assert arch.num_params == 17 * 32 + 32 + 32 * 32 + 32 + 32 * 2 + 2
    covered = np.zeros(arch.num_params, int)
    for w, b, n_in, n_out in arch.layers():
        covered[w] += 1
        covered[b] += 1
        assert w.stop - w.start == n_in * n_out
    assert (covered == 1).all()
    assert arch.weight_mask().sum() == arch.num_weights


def test_bad_architecture_is_a_user_error():
    with pytest.raises(InstinctError):
        Architecture(4, (0,), 2)
    with pytest.raises(InstinctError):
        Architecture(4, (8,), 2, activation="swish")


def test_fast_tanh_matches_numpy():
    x = np.linspace(-12, 12, 20001).astype(np.float32)
    approx = np.array([fast_tanh(v) for v in x])
    assert np.max(np.abs(approx - np.tanh(x))) < 1e-4
    assert np.all(np.abs(approx) <= 1)


@settings(max_examples=30, deadline=None)
@given(
    hidden=st.lists(st.integers(1, 12), min_size=0, max_size=3),
    activation=st.sampled_from(["tanh", "relu", "sigmoid", "elu", "linear", "sin"]),
    output=st.sampled_from(["argmax", "tanh"]),
    seed=st.integers(0, 2**31),
)
def test_forward_kernel_matches_numpy_reference(hidden, activation, output, seed):
    rng = np.random.default_rng(seed)
    arch = Architecture(5, tuple(hidden), 3, activation, output)
    n = 16
    params = rng.normal(0, 0.7, (4, arch.num_params)).astype(np.float32)
    mask = (rng.random((4, arch.num_params)) < 0.6).astype(np.uint8)
    masked = np.where(mask != 0, params, 0).astype(np.float32)
    rows = rng.integers(0, 4, n)
    obs = rng.normal(0, 1, (n, 5)).astype(np.float32)
    actions = np.zeros((n, 3), np.float32)
    net = arch.kernel_args()
    policy_init, policy_step = arch.policy()
    hidden = np.zeros((n, net.hidden_dim), np.float32)
    policy_init_batch(policy_init, masked, rows, net, hidden)
    policy_batch(policy_step, masked, rows, net, hidden, obs, actions)
    for i in range(n):
        out = naive.forward(params[rows[i]], mask[rows[i]], arch, obs[i])
        want = naive.action(arch, out)
        if output == "argmax":
            top2 = np.sort(out)[-2:]
            if top2[1] - top2[0] > 1e-3:  # a near tie may break either way
                assert actions[i, 0] == want
        else:
            np.testing.assert_allclose(actions[i], want, atol=2e-3)
