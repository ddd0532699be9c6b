"""Steps per second of `gymnasium.make_vec(ID, num_envs=N)` (the native vector env, one Numba call
per step for all N sub-envs) against `gymnasium.vector.SyncVectorEnv` over N single envs from
`gymnasium.make(ID)`, side by side in one run, with the ratio. A step of a vector env counts N
sub-env steps. Random actions, fixed seeds; compiling is done before timing. Not a unit test.

    python benchmarks/make_vec.py [--env instinct/Hatchling-v1] [--num-envs 256] [--seconds 5]
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym
import instinct_envs  # noqa: F401  (registers the worlds)


def steps_per_second(vec, seconds: float) -> float:
    vec.reset(seed=0)
    vec.action_space.seed(0)
    actions = [vec.action_space.sample() for _ in range(64)]
    vec.step(actions[0])  # compiled and warm
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        vec.step(actions[steps % len(actions)])
        steps += 1
    return steps * vec.num_envs / (time.perf_counter() - start)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="instinct/Hatchling-v1")
    parser.add_argument("--num-envs", type=int, default=256)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    n = args.num_envs
    native = gym.make_vec(args.env, num_envs=n)
    sync = gym.vector.SyncVectorEnv([lambda: gym.make(args.env) for _ in range(n)])
    rate_native = steps_per_second(native, args.seconds)
    rate_sync = steps_per_second(sync, args.seconds)
    print(f"{args.env}, {n} sub-envs, {args.seconds:g} s each (sub-env steps per second)")
    print(f"  make_vec ({type(native.unwrapped).__name__}): {rate_native:12,.0f}")
    print(f"  SyncVectorEnv of {n} gymnasium.make:  {rate_sync:12,.0f}")
    print(f"  ratio: {rate_native / rate_sync:.1f}x")
    native.close()
    sync.close()
    return rate_native / rate_sync


if __name__ == "__main__":
    main()
