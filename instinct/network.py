"""The network a genome grows, as a policy for a plain Gymnasium loop (`genome.grow()`).

    net = instinct.load("genomes/hatchling-v1-seeds.dna").grow()
    obs, _ = env.reset(seed=0)
    net.reset()                      # a new episode: a recurrent network forgets
    while True:
        obs, reward, terminated, truncated, _ = env.step(net.act(obs))
        if terminated or truncated:
            break

`act` runs the very kernel evolution ran (the network kind's `policy_step`, batched by
`instinct.kernels.forward.policy_batch`), so an action here is the action the birth score was
measured with. A network with memory (rnn, gru) keeps its hidden state between calls until
`reset()`; a feed-forward network has none (`hidden_dim == 0`) and `reset()` does nothing.
`act` also takes a batch f32[N, obs_dim] (N envs of a vector env, each with its own state);
`reset(where)` then restarts only the rows where bool[N] `where` is set.
"""

from __future__ import annotations

import numpy as np

from instinct.errors import InstinctError
from instinct.nn import Architecture


class Network:
    """A grown policy network: flat parameters (mask applied) in the layout of `arch`."""

    def __init__(self, arch: Architecture, params: np.ndarray, mask: np.ndarray | None = None):
        params = np.asarray(params, np.float32).reshape(-1)
        if params.size != arch.num_params:
            raise InstinctError(
                f"the network {'-'.join(map(str, arch.sizes))} has {arch.num_params} parameters, "
                f"got {params.size}"
            )
        if mask is not None:
            params = np.where(np.asarray(mask).reshape(-1) != 0, params, np.float32(0.0))
        self.arch = arch
        self.params = np.ascontiguousarray(params, np.float32)
        self._theta = self.params[None, :]
        self._net = None
        self._hidden: np.ndarray | None = None  # f32[N, hidden_dim] once a batch has run
        self._rows = np.zeros(0, np.int64)
        self._actions = np.zeros((0, 1), np.float32)

    @property
    def obs_dim(self) -> int:
        return self.arch.obs_dim

    @property
    def act_dim(self) -> int:
        return self.arch.act_dim

    @property
    def hidden_dim(self) -> int:
        """Floats of memory carried from step to step (0: feed-forward)."""
        return self.arch.hidden_dim

    @property
    def discrete(self) -> bool:
        """True when the action is an index (a Discrete action space), else a float vector."""
        return self.arch.output == "argmax"

    def reset(self, where=None) -> None:
        """Start a new episode: the hidden state returns to the kind's start state (all rows, or
        the rows where bool[N] `where` is set)."""
        if where is None or self._hidden is None:
            self._hidden = None
            return
        where = np.asarray(where, bool).reshape(-1)
        if where.shape[0] != self._hidden.shape[0]:
            raise InstinctError(
                f"reset(where) needs {self._hidden.shape[0]} flags, got {where.size}"
            )
        rows = np.flatnonzero(where)
        if rows.size and self.hidden_dim:
            from instinct.kernels.forward import policy_init_batch

            hidden = np.ascontiguousarray(self._hidden[rows])
            policy_init_batch(self._policy[0], self._theta, np.zeros(rows.size, np.int64),
                              self._net, hidden)  # fmt: skip
            self._hidden[rows] = hidden

    def act(self, obs):
        """The action for one observation f[obs_dim] (an int for a Discrete action space, else
        f32[act_dim]), or for a batch f[N, obs_dim] (i64[N] or f32[N, act_dim])."""
        from instinct.kernels.forward import policy_batch

        x = np.asarray(obs, np.float32)
        single = x.ndim <= 1
        if x.size % self.obs_dim or (not single and x.shape[-1] != self.obs_dim):
            raise InstinctError(
                f"the network takes {self.obs_dim} numbers per observation, got shape {x.shape}"
            )
        x = np.ascontiguousarray(x.reshape(-1, self.obs_dim))
        n = x.shape[0]
        self._ready(n)
        policy_batch(self._policy[1], self._theta, self._rows, self._net, self._hidden, x,
                     self._actions)  # fmt: skip
        if self.discrete:
            out = self._actions[:, 0].astype(np.int64)
            return int(out[0]) if single else out
        out = self._actions.copy()
        return out[0] if single else out

    __call__ = act

    def _ready(self, n: int) -> None:
        """Kernel arguments and a hidden state for a batch of n (a new size starts afresh)."""
        if self._net is None:
            self._net = self.arch.kernel_args()
            self._policy = self.arch.policy()
        if self._hidden is not None and self._hidden.shape[0] == n:
            return
        from instinct.kernels.forward import policy_init_batch

        self._rows = np.zeros(n, np.int64)
        self._actions = np.zeros((n, max(self.act_dim, 1)), np.float32)
        self._hidden = np.zeros((n, self._net.hidden_dim), np.float32)
        policy_init_batch(self._policy[0], self._theta, self._rows, self._net, self._hidden)

    def __repr__(self) -> str:
        kind = "" if self.arch.kind == "mlp" else f" {self.arch.kind}"
        return (
            f"Network({'-'.join(map(str, self.arch.sizes))}{kind}, {self.arch.num_params} params)"
        )


def grow(genome) -> Network:
    """The network a genome grows (its mask, where it has one, applied)."""
    from instinct.genome import decode

    params, mask = decode(genome)
    return Network(genome.arch, params, mask)
