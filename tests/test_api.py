"""The public Python API (instinct/api.py, instinct/network.py, instinct/userenv.py)."""

import dataclasses
import importlib
import subprocess
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

import instinct
from instinct.commands.export import network_arrays
from instinct.errors import InstinctError
from instinct.genome import make_encoding
from instinct.nn import Architecture
from instinct.nn.recurrent import numpy_step
from tests import naive

ZOO = Path(__file__).parent.parent / "genomes"


def test_import_instinct_stays_cheap_and_exports_the_api():
    heavy = "('instinct.api', 'instinct.evolve', 'instinct.network', 'instinct.kernels')"
    code = f"import sys, instinct; print([m for m in {heavy} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    for name in instinct.__all__:
        assert getattr(instinct, name) is not None
    for module in ("instinct.baselines", "instinct.evolve"):  # the submodules of those names
        importlib.import_module(module)

    assert callable(instinct.evolve) and instinct.evolve.__module__ == "instinct.api"
    assert instinct.baselines.__module__ == "instinct.api"


@pytest.mark.parametrize("name", ["cartpole-seeds", "hatchling-v1-seeds", "hatchling-mask"])
def test_network_acts_as_the_slow_reference(name):
    genome = instinct.load(ZOO / f"{name}.dna")
    net = genome.grow()
    params, mask = instinct.genome.decode(genome)
    rng = np.random.default_rng(0)
    obs = rng.uniform(-2, 2, (16, net.obs_dim)).astype(np.float32)
    batch = net.act(obs)
    for i, o in enumerate(obs):
        want = naive.action(genome.arch, naive.forward(params, mask, genome.arch, o))
        got = net.act(o)
        if net.discrete:
            assert isinstance(got, int) and got == want == batch[i]
        else:
            np.testing.assert_allclose(got, want, atol=1e-4)
            np.testing.assert_array_equal(got, batch[i])


@pytest.mark.parametrize("kind", ["rnn", "gru"])
def test_recurrent_network_carries_its_state_until_reset(kind):
    arch = Architecture(3, (5,), 2, "tanh", "tanh", (-1.0, -2.0), (1.0, 2.0), kind=kind)
    vector = np.random.default_rng(1).normal(0, 1, arch.num_params).astype(np.float32)
    genome = make_encoding("direct", arch).genome(vector, None)
    arrays = network_arrays(genome)
    net = genome.grow()
    obs = np.random.default_rng(2).uniform(-1, 1, (6, 3)).astype(np.float32)
    h = np.zeros(5)
    first = []
    for o in obs:  # the same as plain NumPy, step after step
        h, want = numpy_step(arrays, o, h)
        first.append(net.act(o))
        np.testing.assert_allclose(first[-1], want, atol=1e-4)
    assert not np.allclose(first[0], first[1]) or not np.allclose(first[1], first[2])
    net.reset()  # a new episode forgets: the same actions again
    np.testing.assert_array_equal(np.array([net.act(o) for o in obs]), np.array(first))
    # a batch of two envs, the second restarted half-way through
    both = []
    for t, o in enumerate(obs):
        if t == 3:
            net.reset(where=[False, True])
        both.append(net.act(np.stack([o, o])))
    both = np.array(both)
    np.testing.assert_array_equal(both[:, 0], np.array(first))
    net.reset()
    np.testing.assert_array_equal(both[3:, 1], np.array([net.act(o) for o in obs[3:]]))


def test_network_refuses_observations_of_the_wrong_size():
    net = instinct.load(ZOO / "cartpole-seeds.dna").grow()
    with pytest.raises(InstinctError, match="4 numbers per observation"):
        net.act(np.zeros(5))
    with pytest.raises(InstinctError, match="parameters"):
        instinct.Network(net.arch, np.zeros(3))


def test_birth_score_and_shipped_baselines():
    genome = instinct.load(ZOO / "cartpole-seeds.dna")
    score = instinct.birth_score(genome, episodes=3)
    assert score["episodes"] == 3 and score["mean_return"] == pytest.approx(500.0)
    with pytest.raises(InstinctError, match="positive int"):
        instinct.birth_score(genome, episodes=0)
    rows = instinct.baselines("instinct/Hatchling-v1")
    assert rows and all({"name", "success_rate", "mean_return"} <= set(r) for r in rows)
    with pytest.raises(InstinctError, match="no baseline table"):
        instinct.baselines("CartPole-v1")


class Tiny(gym.Env):
    observation_space = gym.spaces.Box(-1.0, 1.0, (2,), np.float32)
    action_space = gym.spaces.Box(-1.0, 1.0, (1,), np.float32)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.x, self.t = self.np_random.uniform(-1, 1, 2).astype(np.float32), 0
        return self.x.copy(), {}

    def step(self, action):
        self.t += 1
        reward = -float((action[0] - self.x[0]) ** 2)
        return self.x.copy(), reward, False, self.t >= 5, {}


def test_evolve_on_an_own_env_class_writes_a_run(tmp_path):
    run = instinct.evolve(env=Tiny, generations=3, population=8, episodes=2, hidden=(4,),
                          heldout_episodes=4, validation_episodes=2, out=tmp_path, quiet=True,
                          name="tiny")  # fmt: skip
    assert run.path == tmp_path / "tiny" and run.config.env == "instinct-user/Tiny-v0"
    m = run.metrics
    assert m.dtype.names[:3] == ("generation", "best", "median") and len(m) == 3
    np.testing.assert_array_equal(m["generation"], [0, 1, 2])
    assert np.all(m["best"] >= m["median"]) and run.records[2]["generation"] == 2
    best = run.best
    assert best.env_id == "instinct-user/Tiny-v0" and best.birth_score["episodes"] == 4
    assert run.result["mean_return"] == best.birth_score["mean_return"]
    assert isinstance(best.grow().act(np.zeros(2)), np.ndarray)
    again = instinct.birth_score(best, env=Tiny, episodes=4)  # the held-out episodes again
    assert again["mean_return"] == pytest.approx(best.birth_score["mean_return"])


def test_config_objects_dicts_and_bad_envs():
    base = instinct.EvolveConfig(population=16)
    config = instinct.make_config(base, seed=3, hidden=[8])
    assert (config.population, config.seed, config.hidden) == (16, 3, (8,))
    assert instinct.make_config({"episodes": 2}).episodes == 2
    assert dataclasses.replace(config, seed=0) != config
    with pytest.raises(InstinctError, match="not an instance"):
        instinct.make_config(env=Tiny())
    with pytest.raises(InstinctError, match="unknown config key"):
        instinct.make_config(populaton=3)
    with pytest.raises(InstinctError, match="config must be"):
        instinct.make_config(42)


def test_docs_api_names_every_public_name_and_its_examples_exist():
    text = (Path(__file__).parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    for name in instinct.__all__:
        assert f"`{name}" in text, name
    for example in ("evolve_own_env.py", "run_zoo_genome.py"):
        assert f"examples/{example}" in text
        assert (Path(__file__).parent.parent / "examples" / example).is_file()
    assert "make_vec" in text and "instinct export" in text
