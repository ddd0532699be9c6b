"""The gymnasium face of Hatchling-v1: v0's face (`env.py`) over the v1 core (`dynamics_v1`)."""

from instinct_envs.hatchling import dynamics_v1
from instinct_envs.hatchling.env import HatchlingEnv


class HatchlingV1Env(HatchlingEnv):
    """A sea-turtle hatchling crawls from its nest to the surf at night, on beaches as they are.

    ## Description
    As in v0 (H1-H15: vision first, the brighter and lower seaward horizon, short wavelengths,
    a ~30 degree window, left against right eye, slope as a backup), with what v0 left out
    (issue 9). The horizon is seen, not given: each eye sector reports luminance in a horizon
    strip and in the sky above it, so a dune, vegetation, an island or a headland shows only as
    a darker strip (H3-H5, H9), which the moon, a light or its sky glow can brighten or fake.
    The night varies in space: lights' images and their sky glow fall off with distance, the
    moon lays a glitter path on the sea, cloud flattens the seaward contrast and spreads the
    lights' glow (S4, S6). Lights are part of life: 0-4 inland lights per beach, white or amber,
    at random places, heights and intensities, with a share of beaches unlit (H15, S4, S7); a
    light hidden behind the dune shows only its glow. Shorelines curve into bays and capes, and a
    quarter of beaches face an island or headland silhouette (H4, S5). Crawl speed is 0.1 m/s
    (S1, S2) and endurance hours (S3), so a lost hatchling crawls until the time limit, a
    predator, or the edge of the arena. Row numbers H refer to shared/WORLDS.md, S to the source
    table shipped as docs/hatchling-sources.md.

    ## Observation space
    `Box(OBS_LOW, OBS_HIGH, (27,), float32)`; all values are clipped to these bounds.

    | index | name | range | meaning |
    |---|---|---|---|
    | 0-5 | short low {left,right} {front,side,rear} | [-4, 4] | log10(UV-blue / 0.1), strip |
    | 6-11 | short high ... | [-4, 4] | the same, the sky above the strip |
    | 12-17 | long low ... | [-4, 4] | yellow-red, horizon strip |
    | 18-23 | long high ... | [-4, 4] | yellow-red, the sky above |
    | 24 | slope forward | [-2, 2] | uphill gradient along the heading / 0.1 |
    | 25 | slope left | [-2, 2] | uphill gradient to the left / 0.1 |
    | 26 | energy | [0, 1] | energy left |

    The strip spans 0-10 degrees above the flat horizon, the upper band 10-30 degrees (H9);
    sectors are centred 25, 75 and 125 degrees to each side of the heading (H10). Noise is
    additive in log units (s.d. 0.02, about 5 %), drawn from a hash of (key, step, sensor) (H11).

    ## Action space
    `Box(-1, 1, (2,), float32)`

    | index | action | -1 | 1 |
    |---|---|---|---|
    | 0 | turn rate | 0.8 rad/s to the right | 0.8 rad/s to the left |
    | 1 | speed | stop | 0.1 m/s |

    ## Reward
    0 on every step; on reaching the surf alive, 1 + the fraction of `max_steps` left, so an
    episode's return is in [0, 2]. No reward for moving seaward.

    ## Starting state
    At the nest, with a uniformly random heading and full energy; the beach (shore curvature,
    dune, vegetation, island), the sky (luminance, contrast, cloud, moon) and the lights are
    drawn from the episode key (`options={"key": k}`, or `seed=k`, else from `np_random`).

    ## Episode end
    Terminated at the surf line (success), when taken by a predator (a rate per second, higher at
    the dune and near lights, H14), when exhausted, or lost (|x| > 30 m or into the dunes).
    Truncated after `max_steps` (600 s). `info["outcome"]` names the end.

    ## Arguments
    `gymnasium.make("instinct/Hatchling-v1", **overrides)`: any field of
    `params_v1.HatchlingV1Params`, e.g. `unlit_share=1.0` (no lights), `island_prob=1.0`,
    `no_sea=True`; `params=` replaces the whole tuple. `add_light(x, y, intensity, warmth)`
    places extra lights on every later reset.

    ## Version history
    * v1: the horizon seen in two bands (no horizon input), lights, cloud, glitter, curved
      shores, islands and headlands, crawl speed and endurance from the literature (issue 9).
    * v0: initial version (`instinct/Hatchling-v0`, still registered and unchanged).

    ## Sources
    docs/hatchling-sources.md (S1-S8) and shared/WORLDS.md (H1-H15).
    """

    core = dynamics_v1
