"""The gymnasium face of the Imprinting world: `gymnasium.Env` over the Numba core's functions.

Nothing here simulates: `reset`, `step` and the observations are `dynamics.reset / step /
observe`, the same functions the fused rollout kernel calls, so the two cannot drift apart.
"""

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from instinct_envs.imprinting import dynamics as dyn
from instinct_envs.imprinting import params as lay


class ImprintingEnv(gym.Env):
    """A newly hatched duckling must follow the first moving thing it saw, among strangers.

    ## Description
    Precocial young learn the features of a conspicuous moving object from exposure alone and
    then approach it selectively, while inborn predispositions act alongside (I1; McCabe 2019).
    Each episode is one duckling's first hours in a square arena (10 m across). After an empty
    start of 0-10 steps (the onset is drawn per episode), ONE object walks about near the
    duckling for 20 steps: the sensitive period's exposure (I2, I4; Hess 1959). Its features
    are drawn afresh every episode, so no fixed weights can know them: a colour seen through
    four narrowly tuned colour channels (birds have four cone types; one dominant channel, the
    others dim), a size, and a motion pattern (speed, wiggle amplitude and frequency). Optionally
    (`stranger_prob`) a distractor then passes by alone. At step 40 the choice test starts: the
    duckling is put in the middle, the imprinted object and `n_distractors` others (each with a
    different dominant colour) are put on a ring 3 m away, and all walk about. Exactly one test
    object carries an inborn predisposition cue (a head-and-neck outline, I5; Bolhuis 1999,
    Miura et al. 2020): the imprinted one with probability `cue_reliability`. Novelty avoidance
    grows with age: a step beside a distractor costs `novelty_cost * age` (I3). Row numbers
    refer to shared/WORLDS.md, which names the sources.

    Only a policy with memory can do better than chance (`dynamics.chance_level`: 1 / objects in
    the test, 0.5 by default): everything seen during the test is exchangeable across objects.

    ## Observation space
    `Box(OBS_LOW, OBS_HIGH, (31,), float32)`: three slots holding the visible objects nearest
    first (a slot never says which object it holds; empty slots are all 0), then age.

    | index | name | range | meaning |
    |---|---|---|---|
    | 10k + 0 | slot k visible | {0, 1} | an object fills this slot |
    | 10k + 1, 2 | slot k bearing sin, cos | [-1, 1] | direction from the heading (sin > 0: left) |
    | 10k + 3 | slot k proximity | (0, 1] | 1 / (1 + distance in m) |
    | 10k + 4 | slot k size | [0, 1] | radius in m (0.2-0.5) |
    | 10k + 5 | slot k cue | {0, 1} | carries the predisposition cue |
    | 10k + 6..9 | slot k colour UV, S, M, L | [0, 1] | one channel at 1, the others <= 0.3 |
    | 30 | age | [0, 1] | steps since hatching / max_steps |

    ## Action space
    `Box(-1, 1, (2,), float32)`

    | index | action | -1 | 1 |
    |---|---|---|---|
    | 0 | turn rate | 1 rad/s to the right | 1 rad/s to the left |
    | 1 | speed | stop | 0.5 m/s |

    ## Reward
    Only during the choice test, per step, divided by the number of test steps (60): +1 when
    beside the imprinted object (within 1.2 m and nearer to it than to any other), minus
    `novelty_cost * age` when beside a distractor, plus `approach_weight` (0.5) times (proximity
    to the imprinted object minus proximity to the nearest distractor). A return near 1 means
    the duckling stayed beside the object it imprinted on.

    ## Starting state
    Near the middle of the empty arena with a uniformly random heading; every feature, onset and
    position is drawn from the episode key (`options={"key": k}` or `seed=k`, else from
    `np_random`), the very episode the fused kernel runs for that key.

    ## Episode end
    Terminated after `max_steps` (100) steps, the end of the choice test; `info["outcome"]` is
    "followed the imprinted object" (success: beside it on more than half the test steps) or
    "strayed". There is no truncation: the episode has this length by design.

    ## Arguments
    `gymnasium.make("instinct/Imprinting-v0", render_mode="rgb_array", **overrides)`: any field
    of `params.ImprintingParams`, e.g. `cue_reliability=0.8`, `n_distractors=2`,
    `stranger_prob=0.5` or `onset_max=30`; `params=` replaces the whole tuple.

    ## Version history
    * v0: initial version.

    ## Sources
    Hess 1959, Science 130 (sensitive period); McCabe 2019, Learn. Behav. (review); Bolhuis
    1999 and Miura et al. 2020 (predispositions); Lorenzi et al. 2021 (exposure length); see
    shared/WORLDS.md rows I1-I5.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 15}

    def __init__(self, render_mode=None, params=None, **overrides):
        params = dyn.DEFAULT_PARAMS if params is None else params
        self.params = params._replace(**overrides) if overrides else params
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']}")
        self.render_mode = render_mode
        self.observation_space = spaces.Box(dyn.OBS_LOW, dyn.OBS_HIGH, dtype=np.float32)
        self.action_space = spaces.Box(-1.0, 1.0, (dyn.ACT_DIM,), dtype=np.float32)
        self.state = np.zeros(dyn.STATE_DIM, np.float64)
        self._obs = np.zeros(dyn.OBS_DIM, np.float32)
        self._action = np.zeros(dyn.ACT_DIM, np.float32)
        self._track = []

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        if options is not None and "key" in options:
            key = int(options["key"])
        elif seed is not None:  # episode number `seed`: the very episode the fused kernel runs
            key = int(seed) % 2**32
        else:
            key = int(self.np_random.integers(0, 2**32))
        dyn.reset(self.state, key, self.params)
        self._track = [(self.state[lay.X], self.state[lay.Y])]
        return self._observe(), self._info()

    def step(self, action):
        self._action[:] = action
        reward, code = dyn.step(self.state, self._action, self.params)
        if int(self.state[lay.T]) == self.params.test_start:
            self._track = []  # the choice test starts afresh in the middle
        self._track.append((self.state[lay.X], self.state[lay.Y]))
        return self._observe(), float(reward), code != lay.RUNNING, False, self._info()

    def render(self):
        if self.render_mode != "rgb_array":
            return None
        from instinct_envs.imprinting import render  # pygame only when drawing

        return render.rgb_array(self.state, self.params, track=self._track)

    def _observe(self):
        dyn.observe(self.state, self.params, self._obs)
        return self._obs.copy()

    def _info(self):
        t = int(self.state[lay.T])
        phase = "test" if t >= self.params.test_start else "rearing"
        return {
            "outcome": lay.OUTCOMES[int(self.state[lay.OUTCOME])],
            "t": t,
            "phase": phase,
            "beside_imprinted": int(self.state[lay.BESIDE_IMPRINTED]),
        }
