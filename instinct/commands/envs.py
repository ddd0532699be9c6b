"""`instinct envs`: the environments instinct can evolve in, with observation and action sizes."""

from __future__ import annotations

import warnings


def add_parser(sub):
    p = sub.add_parser("envs", help="list environments with observation and action sizes")
    p.add_argument(
        "--all",
        action="store_true",
        help="also list every other registered Gymnasium env that evolution can use: a flat Box "
        "observation, a Discrete or flat Box action, its packages installed (slower)",
    )
    p.set_defaults(func=run)


def describe(env_id: str) -> str | None:
    """'obs N  act ...' for an env evolution can use, or None when it cannot be made or used."""
    import gymnasium as gym

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            env = gym.make(env_id)
    except Exception:  # noqa: BLE001  missing optional dependencies, deprecated ids...
        return None
    try:
        from instinct.errors import InstinctError
        from instinct.spaces import flat_size, is_flat_box

        obs, act = env.observation_space, env.action_space
        try:
            size = flat_size(obs)
        except InstinctError:
            return None
        flat = "" if is_flat_box(obs) else " (flattened)"
        if isinstance(act, gym.spaces.Discrete):
            act_text = f"Discrete({act.n})"
        elif isinstance(act, gym.spaces.Box) and len(act.shape) == 1:
            act_text = f"Box({act.shape[0]})"
        else:
            return None
        return f"obs {size:>4}{flat}   act {act_text}"
    finally:
        env.close()


def run(args):
    import gymnasium as gym
    import instinct_envs

    ids = list(instinct_envs.FUSED_CORES)
    if args.all:
        ids += sorted(i for i in gym.registry if i not in instinct_envs.FUSED_CORES)
    else:
        classic = ["CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0",
                   "Pendulum-v1"]  # fmt: skip
        ids += [i for i in classic if i not in instinct_envs.FUSED_CORES]
    width = max(len(i) for i in ids)
    print(f"{'env':<{width}}   observation / action                    evaluation")
    for env_id in ids:
        text = describe(env_id)
        if text is not None:
            path = "fused (Numba)" if env_id in instinct_envs.FUSED_CORES else "gym vector"
            print(f"{env_id:<{width}}   {text:<38}  {path}")
    if not args.all:
        print("(instinct envs --all lists every installed Gymnasium env evolution can use)")
    return 0
