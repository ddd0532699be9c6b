"""What every evaluator is: the `Evaluator` protocol, the `Evaluation` it returns, and the small
picklable `EvaluatorSpec` it is built from (so another process can rebuild the same evaluator).

Evaluation never knows how a genome is encoded: it sees flat f32[P, D] parameters (and masks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from instinct.nn import Architecture


@dataclass
class Evaluation:
    """What P networks did on E episodes."""

    returns: np.ndarray  # f64[P, E]
    lengths: np.ndarray  # i32[P, E]
    success: np.ndarray | None  # bool[P, E] where the world defines success, else None
    outcomes: np.ndarray | None = None  # i8[P, E] world outcome codes (fused worlds only)

    @property
    def agent_steps(self) -> int:
        return int(self.lengths.sum())


@dataclass(frozen=True)
class EvaluatorSpec:
    """Everything an evaluator is built from: plain values only, so it pickles and a worker
    process rebuilds the very same evaluator with `instinct.evaluate.build(spec)`."""

    env_id: str
    arch: Architecture
    path: str = "auto"  # a registered evaluator's name, or "auto"
    max_steps: int | None = None  # None: the env's own limit
    world_params: Any = None  # the world's params NamedTuple (None: the world's default)


class Evaluator(Protocol):
    """Scores P networks on E episodes; every network meets the same episode keys."""

    name: str  # the registry name (`--path`)
    spec: EvaluatorSpec  # what it was built from

    def evaluate(self, params, masks, keys) -> Evaluation:
        """params f32[P, D] (or [D]), masks u8[P, D] | u8[D] | None, keys u32[E]."""
        ...

    def close(self) -> None: ...


def effective(params: np.ndarray, masks: np.ndarray | None) -> np.ndarray:
    """f32[P, D] parameters with the masks multiplied in (masked entries exactly zero)."""
    from instinct.kernels.forward import apply_mask

    params = np.ascontiguousarray(params, np.float32)
    if params.ndim == 1:
        params = params[None, :]
    if masks is None:
        return params
    masks = np.ascontiguousarray(np.broadcast_to(masks, params.shape), np.uint8)
    return apply_mask(params, masks)
