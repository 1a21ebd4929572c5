"""Presentation attacks (devices/camera/attacks.py) against the real face session: HOG detection,
68-point landmarks and the liveness challenge on generated frame sequences, on a simulated clock
(15 frames per second). Photos of people the liveness constants were not tuned on (the held-out
split of benchmarks/bench_liveness.py). What the citizen (or attacker) notices: the attempt ends
with "liveness failed", or, for genuine people, liveness passes and the face is compared."""
from __future__ import annotations

import random
import time
from typing import Any

import numpy as np
import pytest

from devices.camera.attacks import AnimatedPhoto, FoldedPrint, JitteredStill, ScreenReplay
from devices.camera.binocular import SimulatedBinocularCamera, ir_view
from devices.camera.cooperative import CooperativeCitizen, StillPhoto
from devices.spec import DeviceKind, DeviceSpec
from kiosk.face.pipeline import FacePipeline, Outcome, Reference, SessionState, VerificationSession
from tests.kiosk.face.conftest import load, photo_landmarks

HELD_OUT = ["kit_harington/1.jpg", "rose_leslie/1.jpg", "person_3/2.jpg"]


def attempt(pipeline: FacePipeline, source: Any, seed: int, responsive: bool, ir: bool = False) -> tuple[Outcome, Any]:
    """One attempt; a responsive source does what is asked 0.3 s later (as a person, or an
    attacker steering a print or a screen, would). Returns the outcome and the liveness failure."""
    session = VerificationSession(pipeline, Reference(np.zeros(128)), random.Random(seed))
    asked: set[int] = set()
    t = 0.0
    while not session.timed_out(t):
        rgb = source.frame_at(t)
        if session.feed(t, rgb, ir_view(source, t, rgb) if ir else None) is SessionState.READY:
            break
        if responsive and session.current_action is not None and session.challenge.done not in asked:
            asked.add(session.challenge.done)
            source.perform(session.current_action.value, at=t + 0.3)
        t += 1 / 15
    failure = session.challenge.failure
    return session.decide().outcome, failure


def photo(rel: str) -> tuple[np.ndarray, Any]:
    img = load(rel)
    return img, photo_landmarks(img)


@pytest.mark.parametrize("rel", HELD_OUT)
def test_cooperative_citizen_passes_liveness(pipeline: FacePipeline, rel: str) -> None:
    img, marks = photo(rel)
    outcome, failure = attempt(pipeline, CooperativeCitizen(img, landmarks=marks, seed=1), 1, True)
    assert outcome is not Outcome.LIVENESS_FAILED and outcome is not Outcome.TIMEOUT, failure


@pytest.mark.parametrize("rel", HELD_OUT[:2])
def test_still_and_jittered_prints_fail(pipeline: FacePipeline, rel: str) -> None:
    img, marks = photo(rel)
    for source in (StillPhoto(img, noise=2.0, landmarks=marks), JitteredStill(img, landmarks=marks, seed=2)):
        assert attempt(pipeline, source, 2, False)[0] is Outcome.LIVENESS_FAILED


@pytest.mark.parametrize("rel", HELD_OUT)
def test_folded_print_looped_fails(pipeline: FacePipeline, rel: str) -> None:
    img, marks = photo(rel)
    assert attempt(pipeline, FoldedPrint(img, landmarks=marks, seed=3), 3, False)[0] is Outcome.LIVENESS_FAILED


@pytest.mark.parametrize("rel", HELD_OUT)
def test_folded_print_bent_on_request_fails(pipeline: FacePipeline, rel: str) -> None:
    """The attacker turns and tilts the folded print exactly when asked: only the 3-D check
    (or the face's proportions) can tell the sheet from a head."""
    img, marks = photo(rel)
    outcome, failure = attempt(pipeline, FoldedPrint(img, landmarks=marks, seed=4, responsive=True), 4, True)
    assert outcome is Outcome.LIVENESS_FAILED
    assert failure is not None and failure.value in ("flat", "not_face_like")


@pytest.mark.parametrize("rel", HELD_OUT)
def test_animated_photo_fails(pipeline: FacePipeline, rel: str) -> None:
    img, marks = photo(rel)
    assert attempt(pipeline, AnimatedPhoto(img, landmarks=marks, seed=5), 5, False)[0] is Outcome.LIVENESS_FAILED


def test_screen_replay_passes_rgb_only_but_not_with_ir(pipeline: FacePipeline) -> None:
    """A screen playing a responsive rendering of the person beats an RGB camera (it is, to the
    RGB sensor, a cooperative face); the binocular camera's IR image shows no face, so it fails."""
    img, marks = photo(HELD_OUT[0])
    rgb_only, _ = attempt(pipeline, ScreenReplay(img, landmarks=marks, seed=6), 6, True)
    assert rgb_only is not Outcome.LIVENESS_FAILED
    with_ir, failure = attempt(pipeline, ScreenReplay(img, landmarks=marks, seed=6), 6, True, ir=True)
    assert with_ir is Outcome.LIVENESS_FAILED and failure is not None and failure.value == "no_ir"


def test_genuine_passes_with_ir(pipeline: FacePipeline) -> None:
    img, marks = photo(HELD_OUT[1])
    outcome, failure = attempt(pipeline, CooperativeCitizen(img, landmarks=marks, seed=7), 7, True, ir=True)
    assert outcome is not Outcome.LIVENESS_FAILED, failure


def test_binocular_simulator_shows_a_face_in_ir_only_for_a_person(pipeline: FacePipeline) -> None:
    """Through the device itself (its capture thread): the face found in RGB is found at the same
    place in IR for a person, not for a screen replay, and not once the IR module has moved."""
    img, marks = photo(HELD_OUT[0])
    cam = SimulatedBinocularCamera(DeviceSpec("camera", DeviceKind.RGB_IR_CAMERA, "simulator",
                                              options={"source": CooperativeCitizen(img, landmarks=marks), "fps": 15}))
    cam.open()
    try:
        def ir_face() -> bool:
            since = time.monotonic()  # a frame captured after the change (the machine may be slow)
            deadline = since + 10.0
            while (frame := cam.latest_frame()) is None or frame.timestamp <= since + 0.05:
                assert time.monotonic() < deadline, "no new frame"
                time.sleep(0.02)
            assert frame.ir is not None
            boxes = pipeline.detect(frame.image)
            assert len(boxes) == 1
            return pipeline.ir_face_at(frame.ir, boxes[0])

        assert ir_face()
        cam.set_source(ScreenReplay(img, landmarks=marks))
        assert not ir_face()
        cam.set_source(CooperativeCitizen(img, landmarks=marks))
        cam.set_fault("ir_misaligned")
        assert not ir_face()
        cam.clear_fault()
        assert ir_face()
    finally:
        cam.shutdown()
