"""Circular statistics of exit bearings, as field biologists summarise hatchling tracks.

Mean direction and mean resultant length r come from `scipy.stats.directional_stats` (SciPy
>= 1.9). SciPy has no Rayleigh test; astropy has one (`astropy.stats.rayleightest`) but would add
astropy, pyerfa and its IERS tables to the dependencies for one p-value. So the Rayleigh test here
takes its statistic from scipy's mean resultant length and its null distribution from
`scipy.stats.chi2`: under uniform bearings 2 n r**2 follows chi-square with 2 degrees of freedom
for large n (Mardia & Jupp 2000, sec. 6.3.1), an error O(1/n) for the hundreds of bearings a cell
holds. tests/transfer/ checks it against a Monte Carlo reference.
"""

from __future__ import annotations

import numpy as np


def mean_direction(bearings_deg) -> tuple[float, float]:
    """(mean bearing in degrees in (-180, 180], mean resultant length r in [0, 1]); (nan, nan)
    for no bearings."""
    from scipy.stats import directional_stats

    a = np.deg2rad(np.asarray(bearings_deg, np.float64).ravel())
    if a.size == 0:
        return float("nan"), float("nan")
    res = directional_stats(np.column_stack([np.cos(a), np.sin(a)]), normalize=False)
    mu = float(np.rad2deg(np.arctan2(res.mean_direction[1], res.mean_direction[0])))
    return (180.0 if mu == -180.0 else mu), float(res.mean_resultant_length)


def rayleigh_p(bearings_deg) -> float:
    """p-value of the Rayleigh test of uniformity against a unimodal alternative (nan for fewer
    than 2 bearings)."""
    from scipy.stats import chi2

    n = np.asarray(bearings_deg).size
    if n < 2:
        return float("nan")
    _, r = mean_direction(bearings_deg)
    return float(chi2.sf(2.0 * n * r * r, 2))
