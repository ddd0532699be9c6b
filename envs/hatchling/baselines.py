"""The Hatchling worlds' baseline batteries: the policies every evolved score stands beside.

Plain data only (this package never imports `instinct`): `instinct.baselines` builds each entry
as network parameters and scores it. An entry is a dict with a `name`, a `kind` and that kind's
settings; `speed` entries hold action 1 (speed) at full, so the rules only steer with action 0.
Kinds: "linear" (given weights obs index -> output, and biases), "constant" (the best of a few
constant actions), "sign_search" (the best rule on one sense group: signs in {-1, 0, 1} on at
most `max_weights` of its inputs into the turn output, exhaustive or random), "random_networks"
(the best of N networks of the default architecture, as the GA's generation 0 draws them),
"evolved_linear" (a network with no hidden layer evolved with the default settings).
"""

from instinct_envs.hatchling import params_v1 as _v1

FULL_SPEED = 10.0  # pre-tanh bias of the speed output: tanh(10) = 1 - 4e-9


def _crossed(left, right, gain=6.0):
    """Turn toward the eye that sees more short-wavelength light (H3, H10, H11): the tests'
    hand-wired Braitenberg controller, gain x (mean left - mean right)."""
    weights = {(i, 0): gain / len(left) for i in left}
    weights.update({(i, 0): -gain / len(right) for i in right})
    return weights


def _battery(left_short, right_short):
    return (
        {"name": "straight ahead", "kind": "linear", "weights": {}, "bias": [0.0, FULL_SPEED]},
        {"name": "constant turn", "kind": "constant", "output": 0,
         "values": [-1.0, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1.0], "bias": [0.0, FULL_SPEED]},
        {"name": "crossed two-eye (hand-wired)", "kind": "linear",
         "weights": _crossed(left_short, right_short), "bias": [0.0, FULL_SPEED]},
        {"name": "best single-sense rule", "kind": "sign_search", "output": 0,
         "gains": [1.0, 4.0], "patterns": 729, "max_weights": 4, "bias": [0.0, FULL_SPEED]},
        {"name": "best of 1,024 random networks", "kind": "random_networks", "n": 1024},
        {"name": "evolved linear network", "kind": "evolved_linear"},
    )  # fmt: skip


def battery_v0():
    return _battery((0, 1, 2), (3, 4, 5))


def battery_v1():
    left = tuple(i for i in _v1.EYE_BRIGHTNESS["left"] if i < 12)
    right = tuple(i for i in _v1.EYE_BRIGHTNESS["right"] if i < 12)
    return _battery(left, right)
