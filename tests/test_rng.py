import numpy as np

from instinct.rng import HELDOUT_BIT, episode_keys, heldout_keys, stream, validation_keys


def test_streams_are_named_by_purpose_and_reproducible():
    a = stream(1, 2, "ask").integers(0, 1 << 30, 5)
    assert np.array_equal(a, stream(1, 2, "ask").integers(0, 1 << 30, 5))
    assert not np.array_equal(a, stream(1, 2, "episodes").integers(0, 1 << 30, 5))
    assert not np.array_equal(a, stream(1, 3, "ask").integers(0, 1 << 30, 5))


def test_heldout_keys_never_meet_training_keys():
    train = np.concatenate([episode_keys(0, g, 64) for g in range(50)])
    held = heldout_keys(0, 500)
    assert (train & HELDOUT_BIT).sum() == 0
    assert ((held & HELDOUT_BIT) != 0).all()
    valid = validation_keys(0, 500)
    assert not set(valid) & set(held) and not set(valid) & set(train)
    assert len(set(held) | set(valid) | set(train)) == len(held) + len(valid) + len(train)
