"""The gymnasium face of the Digits world: `gymnasium.Env` over the Numba core's functions.

Nothing here decides anything: `reset`, `step` and the observations are `dynamics.reset / step /
observe`, the same functions the fused rollout kernel calls, so the two cannot drift apart.
"""

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from instinct_envs.digits import dynamics as dyn


class DigitsEnv(gym.Env):
    """Name handwritten digits at birth: one 8x8 image per step, the action is the digit.

    ## Description
    A perception world for innate recognition, the task of the genomic bottleneck (Shuvaev,
    Koulakov, Zador et al. 2024, innate MNIST accuracy ~94%) and of supermasks in random networks
    (Zhou et al. 2019, 86% on MNIST), at a size that evolves on two cores: the handwritten digits
    scikit-learn ships (`sklearn.datasets.load_digits`; Alpaydin & Kaynak 1998, UCI optdigits:
    1,797 images of 8x8 from 13 writers, no download). The images are split by a fixed rule on
    their index (i % 5 == 4 held-out, == 3 validation, else train; `data.py`), and an episode
    key's split (instinct/rng.py) picks the image split, so held-out keys show held-out images
    only and no held-out image is ever seen in evolution or selection.

    ## Observation space
    `Box(0, 1, (64,), float32)`: the image's pixels row by row, top left first, each the count of
    inked cells of a 4x4 block of the original 32x32 bitmap divided by 16.

    ## Action space
    `Discrete(10)`: the digit named. A network answers with the argmax of its 10 outputs.

    ## Reward
    1 for each image named right, else 0, so an episode's return is the number named right.

    ## Starting state
    The first image of the episode on show. Which images an episode shows is a pure function of
    its key (`options={"key": k}`, or `seed=k`, else drawn from `np_random`): the images of the
    key's split in file order from a start its low bits pick.

    ## Episode end
    Terminated after `images_per_episode` images (default 1), never truncated.
    `info["outcome"]` is "right" when every image of the episode was named right, else "wrong".

    ## Arguments
    `gymnasium.make("instinct/Digits-v0", render_mode="rgb_array", images_per_episode=1,
    classes=None)`: `classes` (e.g. `(0, 1, 2, 3, 4)`) keeps only images of those digits;
    `params=` replaces the whole `dynamics.DigitsParams` tuple.

    ## Version history
    * v0: initial version.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 4}

    def __init__(self, render_mode=None, params=None, images_per_episode=None, classes=None):
        if params is None:
            if images_per_episode is None and classes is None:
                params = dyn.DEFAULT_PARAMS
            else:
                params = dyn.make_params(images_per_episode or 1, classes)
        self.params = params
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']}")
        self.render_mode = render_mode
        self.observation_space = spaces.Box(0.0, 1.0, (dyn.OBS_DIM,), dtype=np.float32)
        self.action_space = spaces.Discrete(dyn.NUM_CLASSES)
        self.state = np.zeros(dyn.STATE_DIM, np.float64)
        self._obs = np.zeros(dyn.OBS_DIM, np.float32)
        self._action = np.zeros(dyn.ACT_DIM, np.float32)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        if options is not None and "key" in options:
            key = int(options["key"])
        elif seed is not None:  # episode number `seed`: the very images the fused kernel shows
            key = int(seed) % 2**32
        else:
            key = int(self.np_random.integers(0, 2**32))
        dyn.reset(self.state, key, self.params)
        return self._observe(), self._info()

    def step(self, action):
        self._action[0] = int(action)
        reward, code = dyn.step(self.state, self._action, self.params)
        return self._observe(), float(reward), code != dyn.RUNNING, False, self._info()

    def render(self):
        if self.render_mode != "rgb_array":
            return None
        from instinct_envs.digits import render

        return render.rgb_array(self.state, self.params)

    def _observe(self):
        dyn.observe(self.state, self.params, self._obs)
        return self._obs.copy()

    def _info(self):
        return {
            "outcome": dyn.OUTCOMES[int(self.state[dyn.OUTCOME])],
            "label": int(self.state[dyn.LABEL]),
            "right": int(self.state[dyn.NUM_RIGHT]),
        }
