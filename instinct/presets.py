"""A world's preset: evolve settings that solve it, applied where the user set nothing.

The preset is data from the world (`World.preset`, a dict of config keys); instinct knows no world
by name. A setting given by a flag or in the --config file always wins; the settings a preset
filled in are printed when the run starts and are saved in the run's config.toml like any other,
so a resumed run keeps them.
"""

from __future__ import annotations

from instinct.config import FIELDS, coerce


def world_preset(env_id: str) -> dict:
    """The world's preset (config key -> value), or {} for a world without one or any other env."""
    import instinct_envs

    world = instinct_envs.WORLDS.get(env_id)
    return dict(world.preset) if world is not None else {}


def apply_preset(values: dict, preset: dict) -> tuple[dict, dict]:
    """(values with the preset filled in where a key is missing, the settings it filled in)."""
    filled = {k: coerce(k, v) for k, v in preset.items() if k not in values}
    return {**values, **filled}, filled


def describe(env_id: str, filled: dict) -> str:
    """The preset's settings, in the order of the config's fields, wrapped to 80 columns."""
    import textwrap

    def text(key):
        value = filled[key]
        if isinstance(value, tuple):
            return ",".join(map(str, value)) or "none"
        return str(value)

    parts = [f"{k.replace('_', '-')}={text(k)}" for k in FIELDS if k in filled]
    line = f"preset for {env_id} (a flag overrides any of it): {' '.join(parts)}"
    return textwrap.fill(line, width=80, subsequent_indent="  ", break_long_words=False)
