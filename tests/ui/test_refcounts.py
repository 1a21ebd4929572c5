"""PySide6 6.12 drops a reference to None on every call of a method that returns nothing and to
True on every clicked() emission. On Python 3.11 that aborted the kiosk ("Fatal Python error:
none_dealloc / bool_dealloc") after about 850 soak sessions, and a guard raised the counts by 2**40.
The kiosk now runs on Python 3.12, where None, True and False are immortal (PEP 683), without the
guard: a kiosk process started as the product starts it (app.gui.make_application) must live
through far more taps and redraws than the counts on 3.11 allowed (None ≈ 5 000, True ≈ 600 in
such a process). In a child process, so that an abort is a failed test and not a lost test run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TAPS = 20_000  # 3.11 without the guard aborts after ~600 (True) and ~5 000 (None)

CHILD = f"""
from PySide6.QtWidgets import QLabel, QPushButton
from app.gui import make_application

app = make_application(["kiosk"])
label = QLabel("0")
button = QPushButton("next")
button.clicked.connect(lambda _checked=False: label.setText("tapped"))
for i in range({TAPS}):
    button.setText("下一步" if i % 2 else "Next")  # returns nothing: one None lost on 3.11
    button.setVisible(True)
    button.clicked.emit()  # one True lost on 3.11
app.processEvents()
print("taps", {TAPS}, flush=True)
"""


def test_a_kiosk_process_survives_thousands_of_taps_without_a_reference_guard(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"taps {TAPS}" in done.stdout
    assert "refcount error" not in done.stderr
