"""The Imprinting world's interface: parameters, state layout, observation layout, outcome codes.

Everything a caller of the core (`dynamics.py`) needs, with no code. Sources in brackets are rows
of shared/WORLDS.md (I1-I6).

An episode is one duckling's first hours, compressed into `max_steps` steps of `dt` s:
  [0, onset)                  an empty arena; onset is drawn per episode in [onset_min, onset_max]
  [onset, onset + exposure)   the sensitive period's exposure: ONE conspicuous moving object, the
                              one the duckling imprints on, walks about near it [I1, I2, I4]
  [stranger_age, +stranger)   with probability stranger_prob, a distractor passes by alone: a
                              network that imprints on whatever it saw last, not first, fails
  [test_start, max_steps)     the choice test: the duckling is put in the middle of the arena,
                              the imprinted object and `n_distractors` others are put on a ring
                              around it, and all walk about; fitness is staying beside the
                              imprinted one [I1, I3]

Objects (index 0 is always the imprinted one; the observation never reveals indices) carry
features drawn afresh every episode from the key: a colour seen through N_COLOURS narrowly tuned
colour channels (one dominant channel, the others dim; distractors' dominant channel differs from
the imprinted object's), a size, and a motion pattern (speed, wiggle amplitude and frequency).
Exactly one object of the test carries the inborn predisposition cue (a head-and-neck outline
[I5]): the imprinted one with probability `cue_reliability`, otherwise one distractor chosen
uniformly. At cue_reliability = 1 / (n_distractors + 1) (the default, 0.5) the cue carries no
information about which object is the imprinted one.

State (f64[STATE_DIM]): X, Y (m), HEADING (rad from +x, counter-clockwise), COS_H, SIN_H, T (steps
taken), OUTCOME (code), KEY (episode key), ONSET, STRANGER (1 if a stranger passes), N_OBJ
(objects in the test), BESIDE_IMPRINTED / BESIDE_OTHER (test steps spent beside each), CUE_OBJ
(the object that carries the cue); then N_OBJECTS blocks of OBJ_SIZE: OX, OY, OCOS, OSIN
(heading as a unit vector), OSPEED, OWIGGLE, OFREQ, OPC, OPS (the wiggle's phasor: cos and
sin of freq * t + phase), OFC, OFS (its rotation per step), OSIZE, OCUE, OVISIBLE, OCOLOUR
(N_COLOURS channels).

Observation (f32[OBS_DIM]): for each of N_OBJECTS slots, the visible objects sorted nearest
first (so a slot says nothing about which object it holds): visible, sin and cos of the bearing
from the heading, proximity 1 / (1 + distance in m), size, cue, the colour channels; then age
(t / max_steps).
"""

from typing import NamedTuple

import numpy as np

ACT_DIM = 2
N_OBJECTS = 3  # the imprinted object and up to 2 distractors
N_COLOURS = 4  # birds see with four cone types (UV, S, M, L)
RUNNING, FOLLOWED, STRAYED = 0, 1, 2
OUTCOMES = ("running", "followed the imprinted object", "strayed")
SUCCESS = FOLLOWED

X, Y, HEADING, COS_H, SIN_H, T, OUTCOME, KEY = 0, 1, 2, 3, 4, 5, 6, 7
ONSET, STRANGER, N_OBJ, BESIDE_IMPRINTED, BESIDE_OTHER, CUE_OBJ = 8, 9, 10, 11, 12, 13
OBJECTS = 16
OX, OY, OCOS, OSIN, OSPEED, OWIGGLE, OFREQ, OPC, OPS, OFC, OFS, OSIZE, OCUE, OVISIBLE = range(14)
OCOLOUR = 14
OBJ_SIZE = OCOLOUR + N_COLOURS
STATE_DIM = OBJECTS + N_OBJECTS * OBJ_SIZE

# Observation layout: per slot SLOT_SIZE values, then age.
S_VISIBLE, S_SIN, S_COS, S_NEAR, S_SIZE, S_CUE, S_COLOUR = range(7)
SLOT_SIZE = S_COLOUR + N_COLOURS
_SLOT_NAMES = ("visible", "bearing sin", "bearing cos", "proximity", "size", "cue") + tuple(
    f"colour {c}" for c in ("UV", "S", "M", "L")
)
OBS_NAMES = tuple(f"slot {k} {n}" for k in range(N_OBJECTS) for n in _SLOT_NAMES) + ("age",)
OBS_DIM = len(OBS_NAMES)
AGE = OBS_DIM - 1


def _slot_indices(offsets):
    return tuple(k * SLOT_SIZE + o for k in range(N_OBJECTS) for o in offsets)


OBS_GROUPS = {
    "where (bearing, proximity)": _slot_indices((S_VISIBLE, S_SIN, S_COS, S_NEAR)),
    "colour": _slot_indices(range(S_COLOUR, S_COLOUR + N_COLOURS)),
    "size": _slot_indices((S_SIZE,)),
    "predisposition cue": _slot_indices((S_CUE,)),
    "age": (AGE,),
}
_SLOT_LOW = [0.0, -1.0, -1.0] + [0.0] * (SLOT_SIZE - 3)
OBS_LOW = np.array(_SLOT_LOW * N_OBJECTS + [0.0], np.float32)
OBS_HIGH = np.ones(OBS_DIM, np.float32)


class ImprintingParams(NamedTuple):
    """World constants; units m, s, rad. Sources in brackets (shared/WORLDS.md)."""

    dt: float = 1.0
    max_steps: int = 100
    half_size: float = 5.0  # the arena is a square of side 2 * half_size; walls stop everyone
    max_speed: float = 0.5  # m/s of the duckling at action[1] = 1
    max_turn: float = 1.0  # rad/s at |action[0]| = 1; keep max_turn * dt <= 1.3 rad
    onset_min: int = 0  # the exposure's start, drawn per episode (the sensitive period) [I2]
    onset_max: int = 10
    exposure_steps: int = 20  # how long the first object stays [I4: minutes can be enough]
    exposure_distance: float = 1.5  # m from the duckling where the first object appears
    stranger_prob: float = 0.0  # probability that a distractor passes by alone after exposure
    stranger_age: int = 32
    stranger_steps: int = 6
    test_start: int = 40
    n_distractors: int = 1  # distractors in the choice test (1 or 2): chance = 1 / (1 + this)
    ring_radius: float = 3.0  # m from the middle where the test puts the objects
    beside_radius: float = 1.2  # m: within this of an object, and nearer it than any other
    cue_reliability: float = 0.5  # P(the imprinted object carries the cue) [I5]
    novelty_cost: float = 1.0  # cost of a step beside a distractor, times age [I3]
    approach_weight: float = 0.5  # dense shaping: proximity to the imprinted minus the other
    speed_min: float = 0.1  # objects' motion patterns, drawn per object
    speed_max: float = 0.3
    wiggle_max: float = 0.8  # rad/s of heading oscillation
    freq_min: float = 0.1  # rad/step of that oscillation
    freq_max: float = 0.6
    size_min: float = 0.2  # m radius
    size_max: float = 0.5
    colour_dim_max: float = 0.3  # the non-dominant colour channels lie in [0, this]


DEFAULT_PARAMS = ImprintingParams()
