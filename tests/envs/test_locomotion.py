"""The shared turn (envs/hatchling/locomotion.py) assumes each crawling world's state layout."""

import importlib

import numpy as np
import pytest
from instinct_envs.hatchling import locomotion

CRAWLERS = ["instinct_envs.hatchling.params", "instinct_envs.hatchling.params_v1",
            "instinct_envs.imprinting.params"]  # fmt: skip


@pytest.mark.parametrize("module", CRAWLERS)
def test_every_crawling_world_keeps_heading_and_its_cosine_and_sine_where_turn_reads_them(module):
    m = importlib.import_module(module)
    assert (m.X, m.Y) == (0, 1)
    assert (m.HEADING, m.COS_H, m.SIN_H) == (locomotion.HEADING, locomotion.COS_H, locomotion.SIN_H)


def test_turn_rotates_the_heading_and_clips_actions():
    state = np.zeros(5)
    state[2:5] = 0.0, 1.0, 0.0  # heading 0: cos 1, sin 0
    speed = locomotion.turn(state, np.array([0.5, 3.0], np.float32), 2.0, 0.1)
    assert speed == 1.0  # 3 clips to 1 -> full speed
    assert state[2] == pytest.approx(0.1)
    assert (state[3], state[4]) == pytest.approx((np.cos(0.1), np.sin(0.1)), abs=1e-6)
    assert locomotion.turn(state, np.array([np.nan, np.nan], np.float32), 2.0, 0.1) == 0.0
    assert state[2] == pytest.approx(-0.1)  # NaN turn counts as -1
