"""The Digits world's Numba core: an agent is shown handwritten digits and must name each one.

Pure `reset` / `observe` / `step` on ONE agent's f64 state and a `DigitsParams` tuple that holds
the images themselves; the gym face (`env.py`) and the fused rollout kernel call these functions.
An episode shows `images_per_episode` images, one per step; the action names the digit (the
network's argmax over 10 outputs); reward 1 when right. Which images an episode shows is a pure
function of its key, and only ever images of the key's own split (see `data.py`).
"""

from typing import NamedTuple

import numpy as np
from instinct_envs.digits import data
from numba import njit

# fastmath=False explicit: a callee without one inherits the fused rollout's (Numba), and caches it
JIT = {"cache": True, "error_model": "numpy", "fastmath": False}

OBS_DIM = data.NUM_PIXELS
ACT_DIM = 1  # the digit named, 0..9 (gymnasium Discrete(10); the network's argmax)
NUM_CLASSES = data.NUM_CLASSES
OBS_NAMES = tuple(f"pixel r{r} c{c}" for r in range(8) for c in range(8))
# Sense groups for the lottery's report: the image's rows, top to bottom.
OBS_GROUPS = {f"row {r}": tuple(range(8 * r, 8 * r + 8)) for r in range(8)}

# Outcome codes; an episode is a success when every image in it was named right.
RUNNING, RIGHT, WRONG = 0, 1, 2
OUTCOMES = ("running", "right", "wrong")
SUCCESS = RIGHT

# State layout (one agent's f64 vector).
T, KEY, IMAGE, LABEL, NUM_RIGHT, OUTCOME, LAST_IMAGE, LAST_ANSWER = range(8)
STATE_DIM = 8

# Key bits, as instinct/rng.py sets them (this package never imports instinct).
_HELDOUT_BIT = 1 << 31  # validation and held-out keys
_HELDOUT_ONLY = 1 << 30  # held-out keys only


class DigitsParams(NamedTuple):
    images: np.ndarray  # f32[N, 64] pixel intensities in [0, 1]
    labels: np.ndarray  # i64[N] the digit each image shows
    train: np.ndarray  # i64[.] indices of training images
    validation: np.ndarray  # i64[.] indices of validation images
    heldout: np.ndarray  # i64[.] indices of held-out images
    images_per_episode: int
    max_steps: int  # = images_per_episode: an episode always runs to its end


def make_params(images_per_episode: int = 1, classes=None) -> DigitsParams:
    """The world's params over all 1,797 images, or only those showing one of `classes`."""
    if int(images_per_episode) < 1:
        raise ValueError("images_per_episode must be at least 1")
    images, labels = data.load()
    splits = data.split_indices(labels.size)
    if classes is not None:
        keep = np.isin(labels, np.asarray(classes, np.int64))
        splits = tuple(s[keep[s]] for s in splits)
    n = int(images_per_episode)
    return DigitsParams(images, labels, *splits, images_per_episode=n, max_steps=n)


DEFAULT_PARAMS = make_params()


@njit(inline="always", **JIT)
def image_for(key, t, params):
    """Index of the image shown at step t of episode `key`: the key's split, in file order from a
    start the key's low bits pick, so keys 0..n/L-1 of a split cover each of its images once."""
    k = np.int64(key)
    if k & _HELDOUT_BIT:
        pool = params.heldout if k & _HELDOUT_ONLY else params.validation
        low = k & (_HELDOUT_ONLY - 1)
    else:
        pool = params.train
        low = k
    j = (low * params.images_per_episode + t) % pool.shape[0]
    return pool[j]


@njit(**JIT)
def _show(state, params):
    image = image_for(np.int64(state[KEY]), np.int64(state[T]), params)
    state[IMAGE] = image
    state[LABEL] = params.labels[image]


@njit(**JIT)
def reset(state, key, params):
    """Start episode `key` (0 <= key < 2**32): its first image on show, nothing answered yet."""
    state[:] = 0.0
    state[KEY] = np.float64(key)
    state[LAST_IMAGE] = -1.0
    state[LAST_ANSWER] = -1.0
    _show(state, params)


@njit(**JIT)
def observe(state, params, obs):
    """obs f32[64]: the pixels of the image on show, row by row, in [0, 1]."""
    row = params.images[np.int64(state[IMAGE])]
    for i in range(obs.shape[0]):
        obs[i] = row[i]


@njit(**JIT)
def step(state, action, params):
    """Name the image on show (action[0], a digit); returns (reward, outcome code)."""
    answer = np.int64(action[0])
    reward = 1.0 if answer == np.int64(state[LABEL]) else 0.0
    state[NUM_RIGHT] += reward
    state[LAST_IMAGE] = state[IMAGE]
    state[LAST_ANSWER] = np.float64(answer)
    state[T] += 1.0
    if state[T] >= params.images_per_episode:
        code = RIGHT if state[NUM_RIGHT] >= params.images_per_episode else WRONG
        state[OUTCOME] = code
        return reward, code
    _show(state, params)
    return reward, RUNNING
