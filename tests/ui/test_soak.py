"""A short soak (benchmarks/soak.py, the real shell with every scenario and both faults coming
round ten times as often): no thread or file-descriptor growth, no uncaught exception, no error in
the log, every scenario able to go on. The 2 000-session run and its memory slope are in
benchmarks/soak.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_short_soak_grows_nothing(tmp_path: Path) -> None:
    out = tmp_path / "soak.md"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "soak.py"), "-n", "72", "--every", "12",
                           "--warmup", "24", "--fault-scale", "0.1", "--out", str(out), "--json"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert out.exists(), done.stderr[-2000:]
    result = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    after = [s for s in result["samples"] if s["session"] >= 24]
    assert max(s["threads"] for s in after) - min(s["threads"] for s in after) <= 2
    assert after[-1]["fds"] - after[0]["fds"] <= 1, result["samples"]
    assert result["uncaught"] == [] and result["log_errors"] == []
    assert result["flow_errors"] == []
    assert {k.split(":")[0] for k in result["outcomes"]} >= {"report_lost_item", "book_fingerprint",
                                                             "certificate_with_card", "walk_away_mid_form"}
