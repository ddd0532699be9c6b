"""Load a genome from the zoo (genomes/) and watch its network find the sea in a plain Gymnasium
loop: no learning, the behaviour is there at birth.
Usage: python examples/run_zoo_genome.py [GENOME.dna] [EPISODES]"""

import sys
from pathlib import Path

import gymnasium as gym

import instinct

zoo = Path(__file__).resolve().parent.parent / "genomes"
path = sys.argv[1] if len(sys.argv) > 1 else zoo / "hatchling-v1-seeds.dna"
episodes = int(sys.argv[2]) if len(sys.argv) > 2 else 10

genome = instinct.load(path)
net = genome.grow()
env = gym.make(genome.env_id)
total = 0.0
for episode in range(episodes):
    obs, info = env.reset(seed=episode)
    net.reset()  # a new episode (a network with memory forgets)
    while True:
        obs, reward, terminated, truncated, info = env.step(net.act(obs))
        total += reward
        if terminated or truncated:
            print(f"episode {episode}: {info.get('outcome', 'ended')}")
            break
env.close()
print(
    f"{genome.env_id}: {net} grown from a {genome.num_bytes}-byte {genome.encoding} genome, "
    f"mean return {total / episodes:.3f} over {episodes} episodes"
)
