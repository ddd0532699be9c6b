"""What a `.dna` file may declare, checked before anything it declares is allocated or computed.

A genome file is small by design, but what it declares need not be: a 1 KB header can name a network
of 10^9 units or a seed chain whose replay takes minutes. These limits bound the memory and the time
that loading and decoding a file from a stranger can cost (docs/genome-format.md states them):

| limit | value | bounds |
| --- | --- | --- |
| file size | MAX_FILE_BYTES | bytes read from disk |
| parameters D | MAX_PARAMS | memory of the grown network (f32[D], a few copies while decoding) |
| hidden layers | MAX_LAYERS | length of the architecture |
| seed chain | D x chain length <= MAX_CHAIN_WORK | replay time (one draw per parameter per seed) |
| cppn, gnet, depth 1 | D x width <= MAX_GENERATOR_WORK | generator time per weight ~ width |
| cppn, gnet, depth 2 | D x width^2 <= MAX_GENERATOR_WORK_DEEP | ~ width^2 per weight |

Each work limit is about 3 s of decoding on 2 cores of the development machine.
"""

from __future__ import annotations

import math

MAX_HEADER = 1 << 20
MAX_PARAMS = 1 << 25  # 33.5 M parameters: 128 MiB as float32
MAX_LAYERS = 64
MAX_FILE_BYTES = 14 + MAX_HEADER + 4 * MAX_PARAMS + (MAX_PARAMS + 7) // 8 + 4
MAX_CHAIN_WORK = 1 << 28
MAX_GENERATOR_WORK = 1 << 30
MAX_GENERATOR_WORK_DEEP = 1 << 34
MAX_SETTING_TEXT = 64


class LimitError(ValueError):
    """A declared size or amount of work past the format's limits (the loader names the field)."""


def _whole(name: str, value, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LimitError(f"architecture field {name} must be a whole number, got {_short(value)}")
    if not lo <= value <= hi:
        raise LimitError(f"architecture field {name} must be in [{lo}, {hi}], got {_short(value)}")
    return value


def _finite(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LimitError(f"architecture field {name} must hold numbers, got {_short(value)}")
    if not math.isfinite(float(value)) or abs(value) > 3.4e38:
        raise LimitError(f"architecture field {name} must hold finite float32 numbers")
    return float(value)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_architecture(d: dict) -> int:
    """Validate an architecture description's types and sizes; return its parameter count D.

    Runs before `Architecture.from_dict`, which builds per-unit tuples (act_low, act_high)."""
    if not isinstance(d, dict):
        raise LimitError("architecture is not an object")
    for key in ("obs_dim", "hidden", "act_dim", "activation", "output"):
        if key not in d:
            raise LimitError(f"architecture field {key} is missing")
    obs_dim = _whole("obs_dim", d["obs_dim"], 1, MAX_PARAMS)
    act_dim = _whole("act_dim", d["act_dim"], 1, MAX_PARAMS)
    hidden = d["hidden"]
    if not isinstance(hidden, list) or len(hidden) > MAX_LAYERS:
        raise LimitError(f"architecture field hidden must be a list of at most {MAX_LAYERS} sizes")
    hidden = [_whole("hidden", h, 1, MAX_PARAMS) for h in hidden]
    for key in ("activation", "output"):
        if not isinstance(d[key], str) or len(d[key]) > MAX_SETTING_TEXT:
            raise LimitError(f"architecture field {key} must be a short name")
    sizes = [obs_dim, *hidden, act_dim]
    num_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    if num_params > MAX_PARAMS:
        raise LimitError(
            f"architecture of {num_params} parameters is over the limit of {MAX_PARAMS}"
        )
    for key in ("act_low", "act_high"):
        bounds = d.get(key, [])
        if not isinstance(bounds, list) or len(bounds) not in (0, act_dim):
            raise LimitError(f"architecture field {key} must list 0 or act_dim numbers")
        for x in bounds:
            _finite(key, x)
    return num_params


def check_settings(settings: dict) -> None:
    """Encoding settings are flat: short names mapping to finite numbers, bools or short text."""
    if len(settings) > 16:
        raise LimitError("too many encoding settings")
    for key, value in settings.items():
        if len(key) > MAX_SETTING_TEXT:
            raise LimitError("encoding setting name too long")
        if isinstance(value, str):
            if len(value) > MAX_SETTING_TEXT:
                raise LimitError(f"encoding setting {key} is too long")
        elif isinstance(value, float):
            if not math.isfinite(value) or abs(value) > 3.4e38:
                raise LimitError(f"encoding setting {key} must be a finite float32 number")
        elif not isinstance(value, (bool, int)):
            raise LimitError(f"encoding setting {key} must be a number or a name")


def check_decode_work(encoding, num_params: int, payload_length: int) -> None:
    """Refuse a genome whose decoding would take far longer than its file suggests."""
    if encoding.uses_chain:
        work, limit, what = num_params * payload_length, MAX_CHAIN_WORK, "parameters x chain length"
    elif hasattr(encoding, "width") and hasattr(encoding, "depth"):
        width, depth = encoding.width, encoding.depth
        if depth >= 2:
            work, limit, what = (
                num_params * width**2,
                MAX_GENERATOR_WORK_DEEP,
                "parameters x width^2",
            )
        else:
            work, limit, what = num_params * width, MAX_GENERATOR_WORK, "parameters x width"
    else:
        return
    if work > limit:
        raise LimitError(f"decoding would take {what} = {work}, over the limit of {limit}")
