"""Liveness on synthetic landmark sequences (no images)."""
from __future__ import annotations

import random

import pytest

from kiosk.face.liveness import Action, Challenge, ChallengeState, eye_aspect_ratio, random_challenge, yaw_index


def face(ear: float = 0.3, nose_x: float = 50.0) -> dict[str, list[tuple[float, float]]]:
    """A 68-point-style landmark dict with the given eye opening and nose position."""
    h = ear * 20  # eye width 20: EAR = h / 20 with both verticals h
    eye = [(0.0, 0.0), (6.0, -h / 2), (14.0, -h / 2), (20.0, 0.0), (14.0, h / 2), (6.0, h / 2)]
    return {
        "left_eye": [(x + 20, y + 40) for x, y in eye],
        "right_eye": [(x + 60, y + 40) for x, y in eye],
        "chin": [(0.0, 50.0)] + [(50.0, 100.0)] * 15 + [(100.0, 50.0)],
        "nose_tip": [(nose_x, 60.0)] * 5,
    }


def test_ear_and_yaw_geometry() -> None:
    assert eye_aspect_ratio(face(0.3)["left_eye"]) == pytest.approx(0.3)
    assert yaw_index(face()) == pytest.approx(0.0)
    assert yaw_index(face(nose_x=70)) == pytest.approx(0.2)


def test_blink_then_turn_passes() -> None:
    c = Challenge([Action.BLINK, Action.TURN_LEFT], time_limit=5)
    seq = [face(0.3)] * 4 + [face(0.1)] * 2 + [face(0.3)] * 2 + [face(nose_x=50 + d) for d in (5, 10, 20)]
    states = [c.observe(i / 15, lm) for i, lm in enumerate(seq)]
    assert states[-1] is ChallengeState.PASSED


def test_wrong_direction_never_passes() -> None:
    c = Challenge([Action.TURN_RIGHT], time_limit=2)
    for i in range(60):
        c.observe(i / 15, face(nose_x=50 + min(i, 20)))
    assert c.state is ChallengeState.FAILED


def test_turn_before_blink_out_of_order_does_not_count() -> None:
    c = Challenge([Action.BLINK, Action.TURN_LEFT], time_limit=3)
    seq = [face(0.3)] * 3 + [face(0.3, 70)] * 5 + [face(0.3)] * 60
    for i, lm in enumerate(seq):
        c.observe(i / 15, lm)
    assert c.state is ChallengeState.FAILED and c.done == 0


def test_still_landmarks_with_jitter_fail() -> None:
    rng = random.Random(1)
    for attempt in range(50):
        c = Challenge(random_challenge(rng), time_limit=4)
        for i in range(80):
            c.observe(i / 15, face(0.28 + rng.uniform(-0.02, 0.02), 50 + rng.uniform(-2, 2)))
        assert c.state is ChallengeState.FAILED


def test_challenge_is_random() -> None:
    rng = random.Random(7)
    seen = {tuple(random_challenge(rng)) for _ in range(40)}
    assert len(seen) == 4
