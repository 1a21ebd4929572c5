"""`kiosk devices list|status|test` over the demo simulators."""

from __future__ import annotations

import io

from devices.spec import DeviceKind, DeviceSpec, demo_specs
from kiosk.device_cli import command


def run(argv: list[str], specs: list[DeviceSpec]) -> tuple[int, str]:
    out = io.StringIO()
    return command(argv, specs, out), out.getvalue()


def test_list_and_status_show_every_demo_device() -> None:
    specs = demo_specs()
    code, text = run(["list"], specs)
    assert code == 0
    code, status = run(["status"], specs)
    assert code == 0, status
    for spec in specs:
        assert spec.name in text
        line = next(line for line in status.splitlines() if line.startswith(spec.name))
        assert " yes " in line and "online" in line


def test_status_reports_a_missing_device_and_fails() -> None:
    specs = [DeviceSpec("idcard", DeviceKind.CARD_READER, "sam_serial", port="/dev/no-such-port")]
    code, text = run(["status"], specs)
    assert code == 1
    assert "NO" in text and "no_device" in text


def test_self_tests_of_simulators_pass() -> None:
    specs = demo_specs()
    for name, expected in [("card_reader", "card read OK: resident, photo decoded"),
                           ("printer", "test receipt printed"),
                           ("payment_terminal", "sign-in: approved"),
                           ("scanner", "scanned: other")]:
        code, text = run(["test", name], specs)
        assert code == 0, text
        assert expected in text and text.rstrip().endswith("PASS")


def test_unknown_device_and_bad_usage() -> None:
    code, text = run(["test", "toaster"], demo_specs())
    assert code == 2 and "no device named 'toaster'" in text
    assert run(["frobnicate"], demo_specs())[0] == 2


def test_fingerprint_self_test_reads_a_placed_finger() -> None:
    code, text = run(["test", "fingerprint"], demo_specs())
    assert code == 0, text
    assert "place a finger on the window" in text and "finger read: ok" in text
