import instinct_envs
import numba
import numpy as np
import pytest

from instinct.evaluate import FusedEvaluator, GymEvaluator, architecture_for_env
from instinct.genome import make_encoding

WORLDS = ("instinct/Hatchling-v0", "instinct/Hatchling-v1")


@pytest.fixture(scope="module", params=WORLDS)
def setup(request):
    env = request.param
    arch = architecture_for_env(env, (8, 8), "tanh")
    enc = make_encoding("direct", arch)
    params = np.stack([enc.initial_vector(s) for s in range(6)])
    return arch, params, FusedEvaluator(instinct_envs.WORLDS[env], arch)


def test_fused_matches_the_gym_face_step_for_step(setup):
    arch, params, fused = setup
    keys = np.array([3, 99], np.uint32)
    a = fused.evaluate(params[:3], None, keys)
    b = GymEvaluator(fused.world.id, arch).evaluate(params[:3], None, keys)
    assert np.array_equal(a.returns, b.returns) and np.array_equal(a.lengths, b.lengths)


def test_results_do_not_depend_on_the_thread_count(setup):
    arch, params, fused = setup
    keys = np.arange(8, dtype=np.uint32)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = fused.evaluate(params, None, keys)
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
        many = fused.evaluate(params, None, keys)
    finally:
        numba.set_num_threads(before)
    assert np.array_equal(one.returns, many.returns)
    assert np.array_equal(one.outcomes, many.outcomes)


def test_mask_zeroes_exactly_the_pruned_parameters(setup):
    arch, params, fused = setup
    keys = np.arange(4, dtype=np.uint32)
    mask = (np.random.default_rng(1).random(params.shape) < 0.5).astype(np.uint8)
    masked = fused.evaluate(params, mask, keys)
    zeroed = fused.evaluate(np.where(mask != 0, params, 0).astype(np.float32), None, keys)
    assert np.array_equal(masked.returns, zeroed.returns)
    assert not np.array_equal(masked.returns, fused.evaluate(params, None, keys).returns)


def test_success_and_lengths_are_consistent(setup):
    arch, params, fused = setup
    ev = fused.evaluate(params, None, np.arange(16, dtype=np.uint32))
    assert np.all(ev.returns[ev.success] >= 1.0) and np.all(ev.returns[~ev.success] == 0.0)
    assert np.all((ev.lengths >= 1) & (ev.lengths <= fused.max_steps))


HOOKED = {}  # the world the hook below stands in for, set by the test


def starts_of_the_next_key(keys):
    """A start-state hook (World.start_states) for the test below: episode k starts where the
    core's reset would start episode k + 1."""
    from instinct.worlds import start_states

    return start_states(HOOKED["world"], np.asarray(keys, np.uint32) + 1)


def test_a_world_may_supply_its_start_states_from_python(setup):
    import dataclasses

    arch, params, fused = setup
    HOOKED["world"] = fused.world
    world = dataclasses.replace(fused.world, start_states="tests.test_fused:starts_of_the_next_key")
    hooked = FusedEvaluator(world, arch).evaluate(params[:3], None, np.array([4, 8], np.uint32))
    plain = fused.evaluate(params[:3], None, np.array([5, 9], np.uint32))
    assert np.array_equal(hooked.returns, plain.returns)
    assert np.array_equal(hooked.lengths, plain.lengths)
    assert not np.array_equal(plain.lengths, fused.evaluate(params[:3], None, [4, 8]).lengths)
