"""The viewer headless: frames show the beach and the clutch, keys and clicks do what they say."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from instinct_envs.hatchling import dynamics as dyn
from instinct_envs.hatchling import render

from instinct.viewer.app import Viewer, beach_key
from instinct.viewer.hud import INK
from instinct.viewer.loop import record
from instinct.viewer.source import load_source
from tests.viewer.helpers import braitenberg_genome, cartpole_genome

SIZE = (640, 420)


def key(ch, code=None):
    return pygame.event.Event(pygame.KEYDOWN, key=code or ord(ch), unicode=ch, mod=0)


@pytest.fixture
def genome(tmp_path):
    return braitenberg_genome(tmp_path / "brait.dna")


def viewer_for(path, agents=8, **kw):
    return Viewer(load_source(str(path), **kw), size=SIZE, agents=agents, seed=3)


def frame(v):
    surface = pygame.Surface(v.size)
    v.draw(surface)
    return np.ascontiguousarray(pygame.surfarray.array3d(surface).transpose(1, 0, 2))


def sprite_centre(img):
    ys, xs = np.nonzero((img == render.HATCHLING).all(-1))
    return np.array([xs.mean(), ys.mean()]) if xs.size else None


def test_frame_shows_sea_below_sand_and_a_moving_hatchling(genome):
    v = viewer_for(genome, agents=1)
    first = frame(v)
    view = v.panes[0].view
    _, surf = view.to_px(0.0, 0.0)
    _, toe = view.to_px(0.0, v.panes[0].clutch.states[0, dyn.DUNE_Y])
    sea = first[int(surf) + 8 : SIZE[1] - 8, 10:-10].astype(float)
    sand = first[int(toe) + 8 : int(surf) - 8, 10:-10].astype(float)
    assert (sea[..., 2] - sea[..., 0]).mean() > (sand[..., 2] - sand[..., 0]).mean() + 20
    before = sprite_centre(first)
    for _ in range(20):
        v.update(auto_next=False)
    after = sprite_centre(frame(v))
    assert before is not None and after is not None
    assert np.linalg.norm(after - before) > 5
    assert after[1] > before[1]  # the crossed wiring heads down the screen, to the sea


def test_hud_is_drawn_and_names_the_genome(genome):
    v = viewer_for(genome)
    text = " ".join(t for line in v.hud_lines() for t, *_ in line)
    assert "brait.dna" in text and "instinct/Hatchling-v0" in text
    assert "evolved 7 generations" in text
    assert "birth score 1.5" in text and "reached the sea 0/8" in text and "t = 0 s" in text
    img = frame(v)
    bare = pygame.Surface(v.size)
    v.panes[0].draw(bare)
    bare = pygame.surfarray.array3d(bare).transpose(1, 0, 2)
    corner = (slice(5, 60), slice(5, 250))
    ink = (np.abs(img[corner].astype(int) - INK).sum(-1) < 40).sum()
    assert ink > 100 and not np.array_equal(img[corner], bare[corner])


def test_pause_stops_motion_and_dot_steps_once(genome):
    v = viewer_for(genome)
    v.update(auto_next=False)
    assert v.handle(key(" ", pygame.K_SPACE))
    states = v.panes[0].clutch.states.copy()
    frame0 = v.panes[0].clutch.frame
    for _ in range(10):
        v.update(auto_next=False)
    np.testing.assert_array_equal(v.panes[0].clutch.states, states)
    v.handle(key("."))
    assert v.panes[0].clutch.frame == frame0 + 1 and v.paused
    v.handle(key(" ", pygame.K_SPACE))
    v.update(auto_next=False)
    assert v.panes[0].clutch.frame == frame0 + 2


def test_speed_keys_change_steps_per_frame(genome):
    v = viewer_for(genome)
    v.handle(key("+"))
    v.handle(key("+"))
    v.update(auto_next=False)
    assert v.panes[0].clutch.frame == 4
    for _ in range(6):
        v.handle(key("-"))
    v.update(auto_next=False)
    assert v.panes[0].clutch.frame == 4  # an eighth of a step per frame: not yet one


def test_click_places_a_light_that_changes_headings(genome):
    plain, lit = viewer_for(genome), viewer_for(genome)
    view = lit.panes[0].view
    px, py = view.to_px(
        -22.0, lit.panes[0].clutch.states[0, dyn.DUNE_Y] - 2.0
    )  # on the sand, far left
    lit.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(int(px), int(py))))
    assert lit.panes[0].clutch.states[:, dyn.N_LIGHTS].tolist() == [1.0] * 8  # all see it
    assert "light" in lit.msg
    for _ in range(40):
        plain.update(auto_next=False)
        lit.update(auto_next=False)
    xp, _, _ = render.poses(plain.panes[0].clutch.states)
    xl, _, _ = render.poses(lit.panes[0].clutch.states)
    assert xl.mean() < xp.mean() - 1.0  # drawn toward the light on the left
    lit.handle(key("r"))  # a new beach keeps the light
    assert lit.panes[0].clutch.states[0, dyn.N_LIGHTS] == 1.0 and lit.beach == 1
    lit.handle(key("x"))
    assert lit.panes[0].clutch.states[0, dyn.N_LIGHTS] == 0.0


def test_new_beach_ticket_compare_screenshot_quit(genome, tmp_path, monkeypatch):
    v = viewer_for(genome)
    v.handle(key("t"))
    assert "no ticket" in v.msg
    mask = np.ones(v.source.arch.num_params, np.uint8)
    mask[0 : 3 * 2 : 2] = 0  # cut the left eye's wires to the turn output
    np.save(tmp_path / "m.npy", mask)
    v = viewer_for(genome, mask=str(tmp_path / "m.npy"))
    assert v.source.ticket is not None and v.source.ticket.weights_left < 1.0
    v.handle(key("t"))
    assert v.network == "ticket" and "ticket" in v.panes[0].label
    v.handle(key("c"))
    assert len(v.panes) == 2 and v.panes[0].clutch.key == v.panes[1].clutch.key
    for _ in range(30):
        v.update(auto_next=False)
    assert not np.array_equal(v.panes[0].clutch.states, v.panes[1].clutch.states)
    img = frame(v)
    assert img.shape == (SIZE[1], SIZE[0], 3)
    old = v.key
    v.handle(key("r"))
    assert v.key == beach_key(3, 1) != old and v.panes[1].clutch.frame == 0
    monkeypatch.chdir(tmp_path)
    v.handle(key("s"))
    frame(v)
    assert not list(tmp_path.glob("*.png"))  # never the current folder itself
    assert list((tmp_path / "runs" / "screenshots").glob("brait-beach*.png"))
    v.handle(key("h"))
    assert v.show_help
    assert v.handle(key("q")) is False
    assert v.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, unicode="")) is False


def test_record_gif_and_png_frames(genome, tmp_path):
    from PIL import Image

    v = viewer_for(genome)
    path, n = record(v, tmp_path / "clutch.gif", frames=6)
    gif = Image.open(path)
    assert n == 6 and gif.n_frames == 6 and gif.size == SIZE
    v = viewer_for(genome)
    path, n = record(v, tmp_path / "frames", frames=3)
    assert sorted(p.name for p in path.iterdir()) == [f"frame_{i:05d}.png" for i in range(3)]


def test_gym_env_plays_with_the_same_hud(tmp_path):
    v = viewer_for(cartpole_genome(tmp_path / "cp.dna"))
    img = frame(v)
    assert img.std() > 10  # CartPole's own frame, not a blank pane
    for _ in range(5):
        v.update(auto_next=False)
    pane = v.panes[0]
    assert pane.steps == 5 or pane.done
    text = " ".join(t for line in v.hud_lines() for t, *_ in line)
    assert "CartPole-v1" in text and "return" in text and "episode 1" in text
    v.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(10, 10)))
    assert "only" in v.msg


def test_window_loop_runs_until_quit(genome):
    from instinct.viewer.loop import run_window

    v = viewer_for(genome)
    pygame.display.init()
    pygame.display.set_mode(v.size)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, unicode=" ", mod=0))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_q, unicode="q", mod=0))
    run_window(v)  # returns: q closed it
    assert v.paused


def test_screenshots_of_a_run_go_into_the_run(genome, tmp_path, monkeypatch):
    import shutil

    run = tmp_path / "run"
    run.mkdir()
    (run / "config.toml").write_text("seed = 2\n")
    shutil.copy(genome, run / "best.dna")
    monkeypatch.chdir(tmp_path)
    v = viewer_for(run)
    path = v.save_screenshot(pygame.Surface(v.size))
    assert path.parent == run / "screenshots" and path.is_file()
    assert "saved" in v.msg and str(path) in v.msg


def test_compare_shows_each_network_title_whole(genome, tmp_path):
    mask = np.ones(braitenberg_arch_params(genome), np.uint8)
    mask[::3] = 0
    np.save(tmp_path / "m.npy", mask)
    v = viewer_for(genome, mask=str(tmp_path / "m.npy"))
    v.handle(key("c"))
    frame(v)
    assert len(v.net_titles) == 2
    for k, title in v.net_titles.items():
        assert v.net_images[k].get_width() >= v.hud.font.size(title)[0] + 12
        assert "%" in title


def braitenberg_arch_params(path):
    from instinct.genome.fileformat import load

    return load(path).arch.num_params


def test_hud_speed_is_the_recorded_gifs(genome, tmp_path):
    from PIL import Image

    v = viewer_for(genome)
    path, _ = record(v, tmp_path / "c.gif", frames=3)
    gif = Image.open(path)
    per_frame_s = gif.info["duration"] / 1000  # one world step per frame on a beach
    speed = v.panes[0].clutch.wp.dt / per_frame_s
    text = " ".join(t for line in v.hud_lines() for t, *_ in line)
    assert f"{speed:.2g}x real time" in text


def test_record_by_default_lasts_until_the_clutch_is_done(genome, tmp_path):
    v = Viewer(load_source(str(genome)), size=(320, 200), agents=2, seed=3)
    path, n = record(v, tmp_path / "all", every=4)
    assert v.done and n > 10 and len(list(path.iterdir())) == n


def test_hud_generation_agrees_with_the_zoo_readme():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readme = (root / "genomes" / "README.md").read_text()
    v = viewer_for(root / "genomes" / "hatchling-seeds.dna")
    text = " ".join(t for line in v.hud_lines() for t, *_ in line)
    chain = v.source.chain_length
    assert f"seeds ({chain} seeds)" in readme
    assert f"born in generation {chain - 1}" in text  # numbered from 0, as in metrics.csv
    assert f"evolved {v.source.generation} generations" in text
    assert f"{v.source.generation} generations)" in readme
    cartpole = viewer_for(root / "genomes" / "cartpole-seeds.dna")
    text = " ".join(t for line in cartpole.hud_lines() for t, *_ in line)
    assert "born in generation 0" in text and "first generation" in readme


def test_a_mask_encoded_genome_is_not_taken_for_a_pruning_mask(genome):
    from pathlib import Path

    from instinct.errors import InstinctError

    zoo = Path(__file__).resolve().parents[2] / "genomes" / "hatchling-mask.dna"
    with pytest.raises(InstinctError, match="mask-encoded genome"):
        load_source(str(zoo), mask=str(zoo))


def test_a_display_without_a_server_counts_as_none(monkeypatch):
    from instinct.viewer import loop

    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":987")  # no X server there: refused before SDL is asked
    called = []
    monkeypatch.setattr(loop.pygame.display, "init", lambda: called.append(1))
    assert loop.display_available() is False and not called
    assert loop.x_server_up(":987") is False and loop.x_server_up("odd") is True
    # a server that answers, but SDL fell back to its offscreen driver: still no display
    monkeypatch.setattr(loop, "x_server_up", lambda display: True)
    monkeypatch.setattr(loop.pygame.display, "get_num_displays", lambda: 1)
    monkeypatch.setattr(loop.pygame.display, "get_driver", lambda: "offscreen")
    assert loop.display_available() is False
    monkeypatch.setattr(loop.pygame.display, "get_driver", lambda: "x11")
    assert loop.display_available() is True
