import numpy as np

from instinct.evaluate import GymEvaluator, architecture_for_env
from instinct.genome import make_encoding
from tests import naive


def test_gym_path_matches_single_env_reference():
    arch = architecture_for_env("CartPole-v1", (6,), "tanh")
    enc = make_encoding("direct", arch)
    params = np.stack([enc.initial_vector(s) for s in range(3)])
    mask = (np.random.default_rng(0).random(params.shape) < 0.8).astype(np.uint8)
    keys = np.array([5, 17], np.uint32)
    ev = GymEvaluator("CartPole-v1", arch, chunk=4).evaluate(params, mask, keys)
    for p in range(3):
        for e, key in enumerate(keys):
            total, steps = naive.gym_rollout("CartPole-v1", params[p], mask[p], arch, key)
            assert ev.returns[p, e] == total and ev.lengths[p, e] == steps


def test_same_episode_seeds_for_the_whole_population():
    arch = architecture_for_env("CartPole-v1", (4,), "tanh")
    v = make_encoding("direct", arch).initial_vector(1)
    ev = GymEvaluator("CartPole-v1", arch).evaluate(np.stack([v, v, v]), None, [3, 4])
    assert (ev.returns == ev.returns[0]).all()
