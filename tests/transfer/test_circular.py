"""Circular statistics (scipy's directional_stats, the Rayleigh test from scipy's chi2) against
slow references: the textbook sums and a Monte Carlo null distribution."""

import numpy as np
import pytest

from instinct.transfer.circular import mean_direction, rayleigh_p


def naive_mean(bearings_deg):
    c = sum(np.cos(np.deg2rad(b)) for b in bearings_deg) / len(bearings_deg)
    s = sum(np.sin(np.deg2rad(b)) for b in bearings_deg) / len(bearings_deg)
    return np.rad2deg(np.arctan2(s, c)), np.hypot(c, s)


@pytest.mark.parametrize("seed", range(4))
def test_mean_direction_is_the_textbook_mean_vector(seed):
    rng = np.random.default_rng(seed)
    b = rng.vonmises(np.deg2rad(rng.uniform(-180, 180)), rng.uniform(0.1, 5), 60)
    b = np.rad2deg(b)
    mu, r = mean_direction(b)
    ref_mu, ref_r = naive_mean(b)
    assert np.isclose(r, ref_r, atol=1e-12) and 0 <= r <= 1
    assert abs((mu - ref_mu + 180) % 360 - 180) < 1e-9
    assert np.isclose(mean_direction([170.0, -170.0])[0], 180.0)


@pytest.mark.parametrize("n, kappa", [(30, 0.0), (30, 0.4), (100, 0.2), (200, 0.1)])
def test_rayleigh_p_matches_a_monte_carlo_null(n, kappa):
    rng = np.random.default_rng(n)
    b = np.rad2deg(rng.vonmises(0.3, kappa, n)) if kappa else rng.uniform(-180, 180, n)
    _, r = mean_direction(b)
    sims = rng.uniform(-np.pi, np.pi, (20000, n))
    null_r = np.hypot(np.cos(sims).mean(axis=1), np.sin(sims).mean(axis=1))
    mc = (null_r >= r).mean()
    assert abs(rayleigh_p(b) - mc) < 0.02 + 0.1 * mc


def test_rayleigh_tells_a_fan_from_uniform():
    rng = np.random.default_rng(7)
    assert rayleigh_p(rng.normal(0, 20, 100)) < 1e-10
    assert rayleigh_p(rng.uniform(-180, 180, 400)) > 0.01
    assert np.isnan(rayleigh_p([3.0]))
