"""The gymnasium face of the Hatchling world: `gymnasium.Env` over the Numba core's functions.

Nothing here simulates: `reset`, `step` and the observations are `dynamics.reset / step / observe`,
the same functions the fused rollout kernel calls, so the two cannot drift apart.
"""

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from instinct_envs.hatchling import dynamics as dyn


class HatchlingEnv(gym.Env):
    """A sea-turtle hatchling crawls from its nest to the surf at night, by sight.

    ## Description
    Hatchlings emerge at night (H1) and find the sea mainly by vision (H2): they head for the
    brighter seaward horizon and away from dark, elevated silhouettes of dunes and vegetation
    (H3-H5), prefer near-UV/blue to yellow/red light (H7, H8), use only a band of ~30 degrees
    above the horizon (H9), compare left against right eye (H10) and fall back on slope when
    light gives no cue (H6). Each episode draws a beach from its key: dune-to-surf distance
    25.3 +- 9.4 m (H13), dune height and a vegetation silhouette, a nest between surf and dune,
    a night sky over three decades of luminance with a seaward contrast that is larger in the
    short-wavelength channel, a moon of any phase, azimuth and altitude that can stand landward
    (H12), and a beach slope. Predators take hatchlings at a rate per second that is higher near
    the dune and near lights (H14); inland lights (`add_light`) can misorient them (H15).
    Row numbers refer to shared/WORLDS.md, which names the sources.

    ## Observation space
    `Box(OBS_LOW, OBS_HIGH, (17,), float32)`; all values are clipped to these bounds.

    | index | name | range | meaning |
    |---|---|---|---|
    | 0-5 | short {left,right} {front,side,rear} | [-4, 4] | log10(near-UV/blue luminance / 0.1) |
    | 6-11 | long {left,right} {front,side,rear} | [-4, 4] | the same for yellow/red |
    | 12-13 | horizon left / right | [0, 1] | mean silhouette elevation / window |
    | 14 | slope forward | [-2, 2] | uphill gradient along the heading / 0.1 |
    | 15 | slope left | [-2, 2] | uphill gradient to the left / 0.1 |
    | 16 | energy | [0, 1] | energy left |

    Luminance is the mean over the vertical window (30 degrees) above the horizon of one eye
    sector; sectors are centred 25, 75 and 125 degrees to each side of the heading. Noise is
    multiplicative (about 5 % on brightness), drawn from a hash of (key, step, sensor).

    ## Action space
    `Box(-1, 1, (2,), float32)`

    | index | action | -1 | 1 |
    |---|---|---|---|
    | 0 | turn rate | 1 rad/s to the right | 1 rad/s to the left |
    | 1 | speed | stop | 0.25 m/s |

    ## Reward
    0 on every step; on reaching the surf alive, 1 + the fraction of `max_steps` left, so a
    sooner arrival is worth more and an episode's return is in [0, 2]. There is no reward for
    moving seaward: finding the sea is the instinct under test.

    ## Starting state
    At the nest, with a uniformly random heading and full energy; the beach, sky, moon and slope
    are drawn from the episode key (`options={"key": k}`, else drawn from `np_random`).

    ## Episode end
    Terminated when the hatchling reaches the surf line (y <= 0), is taken by a predator, runs
    out of energy, or is lost (leaves the arena |x| > 30 m or climbs into the dunes). Truncated
    after `max_steps` (400) steps. `info["outcome"]` names the end.

    ## Arguments
    `gymnasium.make("instinct/Hatchling-v0", render_mode="rgb_array", **overrides)`: any field
    of `dynamics.HatchlingParams` can be overridden, e.g. `moon_up=0.0` or `window_deg=20.0`;
    `params=` replaces the whole tuple.

    ## Version history
    * v0: initial version.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 30}
    core = dyn  # the Numba core this face runs (v1 subclasses with its own)

    def __init__(self, render_mode=None, params=None, **overrides):
        params = self.core.DEFAULT_PARAMS if params is None else params
        self.params = params._replace(**overrides) if overrides else params
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']}")
        self.render_mode = render_mode
        self.observation_space = spaces.Box(self.core.OBS_LOW, self.core.OBS_HIGH, dtype=np.float32)
        self.action_space = spaces.Box(-1.0, 1.0, (self.core.ACT_DIM,), dtype=np.float32)
        self.state = np.zeros(self.core.STATE_DIM, np.float64)
        self._obs = np.zeros(self.core.OBS_DIM, np.float32)
        self._action = np.zeros(self.core.ACT_DIM, np.float32)
        self._lights = []  # (x, y, intensity, warmth), re-placed on every reset
        self._track = []

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        if options is not None and "key" in options:
            key = int(options["key"])
        elif seed is not None:  # beach number `seed`: the very beach the fused kernel runs for it
            key = int(seed) % 2**32
        else:
            key = int(self.np_random.integers(0, 2**32))
        self.core.reset(self.state, key, self.params)
        for light in self._lights:
            self.core.add_light(self.state, *light)
        self._track = [(self.state[self.core.X], self.state[self.core.Y])]
        return self._observe(), self._info()

    def step(self, action):
        self._action[:] = action
        reward, code = self.core.step(self.state, self._action, self.params)
        self._track.append((self.state[self.core.X], self.state[self.core.Y]))
        terminated = self.core.REACHED_SEA <= code <= self.core.LOST
        truncated = code == self.core.TIME_LIMIT
        return self._observe(), float(reward), terminated, truncated, self._info()

    def add_light(self, x, y, intensity=2000.0, warmth=0.0):
        """Place an inland light (warmth 0 white .. 1 amber) now and on every later reset; returns
        its slot, or -1 when all `dynamics.MAX_LIGHTS` slots are taken."""
        slot = self.core.add_light(self.state, float(x), float(y), float(intensity), float(warmth))
        if slot >= 0:
            self._lights.append((float(x), float(y), float(intensity), float(warmth)))
        return slot

    def clear_lights(self):
        """Remove the lights from later episodes (the current one keeps them)."""
        self._lights = []

    def render(self):
        if self.render_mode != "rgb_array":
            return None
        from instinct_envs.hatchling import render  # pygame only when drawing

        return render.rgb_array(self.state, self.params, track=self._track)

    def _observe(self):
        self.core.observe(self.state, self.params, self._obs)
        return self._obs.copy()

    def _info(self):
        return {
            "outcome": self.core.OUTCOMES[int(self.state[self.core.OUTCOME])],
            "energy": float(self.state[self.core.ENERGY]),
            "t": int(self.state[self.core.T]),
        }
