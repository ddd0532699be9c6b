"""The worlds install as `instinct_envs`: a user's own `envs/` package cannot shadow them."""

import subprocess
import sys


def test_a_decoy_envs_package_does_not_shadow_the_worlds(tmp_path):
    decoy = tmp_path / "envs"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("raise SystemExit('the decoy envs package was imported')\n")
    code = "import instinct, gymnasium as gym; gym.make('instinct/Hatchling-v0'); print('ok')"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_every_world_is_discovered_and_registered():
    import gymnasium as gym
    import instinct_envs

    assert "instinct/Hatchling-v0" in instinct_envs.WORLDS
    for world_id, world in instinct_envs.WORLDS.items():
        assert world_id in gym.registry
        assert instinct_envs.FUSED_CORES[world_id] is world.core
