"""Networks with memory (`rnn`, `gru` kinds): layout, step kernels against plain NumPy, the
hidden-state reset, the Gymnasium path, pruning and export."""

import dataclasses

import instinct_envs
import numba
import numpy as np
import pytest

from instinct.errors import InstinctError
from instinct.evaluate import FusedEvaluator, GymEvaluator, architecture_for_env
from instinct.genome import Genome, fileformat, make_encoding
from instinct.kernels.forward import policy_batch, policy_init_batch
from instinct.nn import Architecture
from instinct.nn.recurrent import kind_for, recurrent_mask
from tests import naive

FF = Architecture(5, (6,), 2, "tanh", "tanh", (-1.0, -1.0), (1.0, 1.0))


def kind(arch, net):
    return dataclasses.replace(arch, kind=kind_for(net))


@pytest.mark.parametrize("net, gates", [("rnn", 1), ("gru", 3)])
def test_layout_covers_every_parameter_once(net, gates):
    arch = kind(FF, net)
    o, h, a = 5, 6, 2
    assert arch.num_params == o * gates * h + gates * h + h * gates * h + h * a + a
    covered = np.zeros(arch.num_params, int)
    for w, b, n_in, n_out in arch.layers():
        assert w.stop - w.start == n_in * n_out
        covered[w] += 1
        covered[b] += 1
    assert np.all(covered == 1)
    assert recurrent_mask(arch).sum() == h * gates * h
    assert not np.any(recurrent_mask(arch) & ~arch.weight_mask())
    assert Architecture.from_dict(arch.to_dict()) == arch and arch.hidden_dim == h


def test_feed_forward_stays_feed_forward():
    assert kind_for("ff") == "mlp" and "kind" not in FF.to_dict()
    assert not recurrent_mask(FF).any()
    with pytest.raises(InstinctError, match="one recurrent hidden layer"):
        kind(Architecture(5, (6, 6), 2), "gru").layers()
    with pytest.raises(InstinctError):
        kind_for("lstm")


def _steps(arch, theta, obs_seq):
    """Hidden states and actions of the kind's kernel over a sequence, for every network."""
    policy_init, policy_step = arch.policy()
    net = arch.kernel_args()
    n = theta.shape[0]
    rows = np.arange(n, dtype=np.int64)
    hidden = np.full((n, net.hidden_dim), 9.0, np.float32)  # policy_init must clear it
    policy_init_batch(policy_init, theta, rows, net, hidden)
    actions = np.zeros((n, arch.act_dim), np.float32)
    for obs in obs_seq:
        policy_batch(policy_step, theta, rows, net, hidden, obs, actions)
        yield hidden.copy(), actions.copy()


@pytest.mark.parametrize("net", ["rnn", "gru"])
def test_step_kernel_matches_numpy_over_many_steps(net):
    arch = kind(FF, net)
    rng = np.random.default_rng(3)
    theta = (rng.standard_normal((2, arch.num_params)) * 0.7).astype(np.float32)
    obs_seq = rng.uniform(-1, 1, (30, 2, arch.obs_dim)).astype(np.float32)
    ref = [np.zeros(6), np.zeros(6)]
    for t, (states, actions) in enumerate(_steps(arch, theta, obs_seq)):
        for n in range(2):
            h, out = naive.recurrent_step(theta[n], arch, obs_seq[t, n], ref[n])
            assert np.allclose(states[n], h, atol=2e-4)
            assert np.allclose(actions[n], naive.action(arch, out), atol=2e-4)
            ref[n] = states[n].astype(np.float64)  # keep the two on one trajectory


def test_gru_state_holds_when_the_update_gate_is_shut():
    arch = kind(FF, "gru")
    theta = np.zeros((1, arch.num_params), np.float32)
    (_, b, _, _), _, _ = arch.layers()
    theta[0, b.start : b.start + 6] = 20.0  # z = 1: h' = h
    theta[0, b.start + 12 : b.start + 18] = 0.5  # the candidate would pull h to tanh(0.5)
    obs_seq = np.ones((50, 1, arch.obs_dim), np.float32)
    *_, (states, _) = _steps(arch, theta, obs_seq)
    assert np.allclose(states, 0.0, atol=1e-4)  # it started at zero and held there
    theta[0, b.start : b.start + 6] = -20.0  # z = 0: h' = n
    *_, (states, _) = _steps(arch, theta, obs_seq)
    assert np.allclose(states, np.tanh(0.5), atol=1e-3)


ENV = "instinct/Imprinting-v0"


@pytest.fixture(scope="module", params=["rnn", "gru"])
def recurrent(request):
    arch = architecture_for_env(ENV, (8,), "tanh", request.param)
    params = np.stack([make_encoding("direct", arch).initial_vector(s) for s in range(4)]) * 2
    return arch, params.astype(np.float32), FusedEvaluator(instinct_envs.WORLDS[ENV], arch)


def test_hidden_state_is_reset_at_every_episode_start(recurrent):
    arch, params, fused = recurrent
    keys = np.array([5, 9, 5, 11], np.uint32)
    together = fused.evaluate(params, None, keys)
    alone = fused.evaluate(params, None, keys[2:3])
    assert np.array_equal(together.returns[:, 0], together.returns[:, 2])
    assert np.array_equal(together.returns[:, 2], alone.returns[:, 0])


def test_recurrent_fused_matches_the_gym_path_and_numpy(recurrent):
    arch, params, fused = recurrent
    keys = np.array([1, 2], np.uint32)
    a = fused.evaluate(params[:2], None, keys)
    b = GymEvaluator(ENV, arch).evaluate(params[:2], None, keys)
    assert np.array_equal(a.returns, b.returns) and np.array_equal(a.lengths, b.lengths)
    c = fused.world.core
    total, steps, _ = naive.recurrent_rollout(c, fused.world_params, params[0], arch, 1, 100)
    assert steps == a.lengths[0, 0] and total == pytest.approx(a.returns[0, 0], abs=0.05)


def test_recurrent_results_do_not_depend_on_the_thread_count(recurrent):
    arch, params, fused = recurrent
    keys = np.arange(6, dtype=np.uint32)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = fused.evaluate(params, None, keys)
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
        many = fused.evaluate(params, None, keys)
    finally:
        numba.set_num_threads(before)
    assert np.array_equal(one.returns, many.returns)


def test_lesioning_the_memory_is_zeroing_the_recurrent_weights(recurrent):
    arch, params, fused = recurrent
    keys = np.arange(8, dtype=np.uint32)
    keep = (~recurrent_mask(arch)).astype(np.uint8)
    lesioned = fused.evaluate(params, keep, keys)
    zeroed = fused.evaluate(np.where(keep != 0, params, 0).astype(np.float32), None, keys)
    assert np.array_equal(lesioned.returns, zeroed.returns)
    assert not np.array_equal(lesioned.returns, fused.evaluate(params, None, keys).returns)


def test_a_recurrent_genome_file_keeps_its_kind(tmp_path):
    arch = Architecture(31, (8,), 2, "tanh", "tanh", (-1.0, -1.0), (1.0, 1.0), kind="gru")
    payload = make_encoding("direct", arch).initial_vector(0)
    path = tmp_path / "g.dna"
    fileformat.save(Genome("direct", {}, arch, payload, env_id=ENV), path)
    loaded = fileformat.load(path)
    assert loaded.arch == arch and np.array_equal(loaded.payload, payload)


@pytest.mark.parametrize("net", ["rnn", "gru"])
def test_export_holds_a_numpy_step_that_matches_the_kernel(net):
    import io

    from instinct.commands.export import network_arrays
    from instinct.commands.inspect import describe_arch
    from instinct.nn.recurrent import numpy_step

    arch = kind(FF, net)
    payload = make_encoding("direct", arch).initial_vector(4) * 2
    buf = io.BytesIO()
    np.savez(buf, **network_arrays(Genome("direct", {}, arch, payload)))
    buf.seek(0)
    arrays = dict(np.load(buf))
    assert f" {net} " in describe_arch(arch) and "recurrent" in describe_arch(arch)
    obs_seq = np.random.default_rng(0).uniform(-1, 1, (20, 1, arch.obs_dim)).astype(np.float32)
    ref = np.zeros(6)
    for t, (states, actions) in enumerate(_steps(arch, payload[None], obs_seq)):
        ref, action = numpy_step(arrays, obs_seq[t, 0], ref)
        assert np.allclose(states[0], ref, atol=2e-4) and np.allclose(actions[0], action, atol=2e-4)


def test_lottery_sees_the_memory():
    from instinct.lottery import controls as ctl
    from instinct.lottery import inputs as inp
    from instinct.lottery.mask import Mask

    arch = kind(FF, "gru")
    params = make_encoding("direct", arch).initial_vector(1)
    rows = inp.report(arch, params, "none")
    memory = rows[-1]
    assert memory["group"] == "memory" and memory["connections"] == memory["of"] == 6 * 18
    assert all(r["of"] == 18 for r in rows[:-1])  # an input feeds 3 gates x 6 units
    # A unit whose readout and outgoing recurrent weights are all cut is dead, so its inputs are.
    cut = params.copy()
    (_, _, _, _), (w_rec, _, h, gh), (w_out, _, _, a) = arch.layers()
    cut[w_out.start : w_out.start + a] = 0  # unit 0 reads out nothing
    rec = cut[w_rec].reshape(h, gh)
    rec[0, :] = 0  # and feeds no gate
    cut[w_rec] = rec.ravel()
    kept, live = inp.input_connections(arch, cut)
    assert np.all(kept - live == 3)  # unit 0's three gate inputs per observation are dead
    lesioned = ctl.memory_lesion(Mask.ones(arch))
    assert np.array_equal(lesioned.values == 0, recurrent_mask(arch))
    made = ctl.controls(params, Mask.ones(arch), make_encoding("direct", arch),
                        np.random.default_rng(0))  # fmt: skip
    assert "memory_lesion" in made
    ff = ctl.controls(make_encoding("direct", FF).initial_vector(1), Mask.ones(FF),
                      make_encoding("direct", FF), np.random.default_rng(0))  # fmt: skip
    assert set(ff) == set(ctl.CONTROLS)
