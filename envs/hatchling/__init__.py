"""The Hatchling world: a sea-turtle hatchling finding the sea at night (shared/WORLDS.md H1-H15).

`dynamics` is the Numba core (pure reset/observe/step on one agent's arrays), `env` the
gymnasium face over the same functions, `render` the drawing shared by `render()` and the viewer.
"""
