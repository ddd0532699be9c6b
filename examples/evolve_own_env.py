"""Evolve a network on your own Gymnasium env (registered nowhere), then run the best one in a
plain Gymnasium loop. Usage: python examples/evolve_own_env.py [OUT_FOLDER]"""

import sys

import gymnasium as gym
import numpy as np

import instinct


class Seek(gym.Env):
    """A point on a line must reach the origin: it sees its position and steps left, stays or
    steps right; reward 1 on arrival, at most 20 steps."""

    observation_space = gym.spaces.Box(-10.0, 10.0, (1,), np.float32)
    action_space = gym.spaces.Discrete(3)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.x, self.t = self.np_random.uniform(-5, 5), 0
        return np.array([self.x], np.float32), {}

    def step(self, action):
        self.x, self.t = self.x + int(action) - 1, self.t + 1
        arrived = abs(self.x) < 0.5
        return np.array([self.x], np.float32), float(arrived), arrived, self.t >= 20, {}


out = sys.argv[1] if len(sys.argv) > 1 else "runs"
run = instinct.evolve(
    env=Seek,
    generations=10,
    population=32,
    episodes=8,
    hidden=(8,),
    heldout_episodes=50,
    validation_episodes=16,
    out=out,
    quiet=True,
)
net = run.best.grow()  # the network the best genome grows

env = Seek()
arrived = 0
for episode in range(20):  # a plain Gymnasium loop
    obs, _ = env.reset(seed=1000 + episode)
    net.reset()
    while True:
        obs, reward, terminated, truncated, _ = env.step(net.act(obs))
        if terminated or truncated:
            arrived += int(terminated)
            break
print(
    f"{run.path}: the best network reaches the origin in {arrived} of 20 new episodes "
    f"(held-out birth score {run.best.birth_score['mean_return']:.2f})"
)
