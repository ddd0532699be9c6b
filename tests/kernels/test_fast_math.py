"""Every fast-math helper against the slow reference, with the error bound its docstring claims."""

import numpy as np
import pytest
from instinct_envs.hatchling.hash import fast_atan_pos, fast_log10, sin_cos_small
from numba import njit

from instinct.kernels.activations import activate, fast_tanh
from instinct.kernels.pairwise import unit
from instinct.nn.codes import ACTIVATIONS, GAUSS, GENERATOR_UNITS
from tests import naive

X32 = np.concatenate([np.linspace(-12, 12, 20001), [0.0, -0.0, 4.97, -4.97, 1e-8]]).astype(
    np.float32
)


def over(fn, xs):
    return np.array([fn(x) for x in xs])


@njit
def _tanh_all(xs):
    return np.array([fast_tanh(x) for x in xs])


@njit
def _activate_all(code, xs):
    return np.array([activate(code, x) for x in xs])


@njit
def _unit_all(code, xs):
    return np.array([unit(code, x) for x in xs])


def test_fast_tanh_is_within_1e_4_of_tanh_and_bounded():
    got = _tanh_all(X32)
    assert np.abs(got - np.tanh(X32.astype(np.float64))).max() < 1e-4
    assert np.all(np.abs(got) <= 1) and np.all(np.diff(got[:20001]) >= 0)  # monotone


# (activation, max abs error against the float64 reference)
@pytest.mark.parametrize(
    ("name", "bound"),
    [
        ("tanh", 1e-4),
        ("relu", 0.0),
        ("sigmoid", 5e-5),
        ("elu", 1e-6),
        ("linear", 0.0),
        ("sin", 2e-6),
    ],  # fmt: skip
)
def test_every_activation_matches_the_reference(name, bound):
    assert set(ACTIVATIONS) == set(naive.ACTS)
    got = _activate_all(ACTIVATIONS[name], X32)
    want = naive.ACTS[name](X32.astype(np.float64))
    assert np.abs(got - want).max() <= bound + 1e-7 * np.abs(want).max()


def test_generator_units_match_their_references():
    x = X32
    assert (
        np.abs(_unit_all(GENERATOR_UNITS["tanh"], x) - np.tanh(x.astype(np.float64))).max() < 1e-4
    )
    wide = np.linspace(-100, 100, 20001).astype(np.float32)
    sin_err = np.abs(_unit_all(GENERATOR_UNITS["sin"], wide) - np.sin(wide.astype(np.float64)))
    assert sin_err.max() < 1.2e-7  # < 1e-7 before the final rounding to float32
    gauss = _unit_all(GAUSS, x)
    assert np.allclose(gauss, (1 + x.astype(np.float64) ** 2 / 8) ** -8, rtol=2e-6, atol=1e-12)
    assert np.array_equal(_unit_all(GENERATOR_UNITS["linear"], x), x)


def test_fast_atan_pos_is_within_5e_3_rad():
    x = np.concatenate([np.linspace(0, 5, 5001), np.geomspace(5, 1e6, 500)])
    assert np.abs(over(fast_atan_pos, x) - np.arctan(x)).max() < 5e-3


def test_sin_cos_small_is_within_4e_6_for_one_steps_turn():
    a = np.linspace(-1.3, 1.3, 2601)
    s, c = np.array([sin_cos_small(v) for v in a]).T
    assert np.abs(s - np.sin(a)).max() < 4e-6 and np.abs(c - np.cos(a)).max() < 4e-6


def test_fast_log10_is_within_7e_7():
    x = np.geomspace(1e-300, 1e300, 20001)
    assert np.abs(over(fast_log10, x) - np.log10(x)).max() < 7e-7
