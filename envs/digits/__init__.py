"""The Digits world: innate recognition of handwritten digits (scikit-learn's `load_digits`).

`dynamics` is the Numba core (pure reset/observe/step on one agent's arrays, the images inside
its params), `env` the gymnasium face over the same functions, `data` the images and their fixed
train/validation/held-out split, `render` the drawing, `baselines` the reference classifiers.
"""

from instinct_envs.digits import dynamics as _dyn
from instinct_envs.world import world_from_core

WORLDS = (
    world_from_core(
        _dyn,
        id="instinct/Digits-v0",
        entry_point="instinct_envs.digits.env:DigitsEnv",
        reward_threshold=None,
        render="instinct_envs.digits.render",
        hud={"agent": "reader", "agents": "readers", "goal": "the right digit", "clutch": "batch"},
        baselines="instinct_envs.digits.baselines:baselines",
        # OpenAI-ES on the direct weights of 64-32-10: ~90% held-out in about 4 minutes on two
        # loaded cores (docs/findings-digits.md); many images per generation keep the fitness
        # noise (a proportion of `episodes` single-image episodes) below the gains ES climbs on.
        preset={
            "strategy": "es",
            "encoding": "direct",
            "hidden": (32,),
            "population": 256,
            "episodes": 200,
            "generations": 1000,
            "sigma": 0.05,
            "learning_rate": 0.03,
            "heldout_episodes": 1000,
        },
        description="name a handwritten 8x8 digit at birth, one image per step",
    ),
)
