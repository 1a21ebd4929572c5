"""Technician diagnostics mode (see docs/diagnostics.md): corner gesture, PIN pad, pages."""

from ui.diagnostics.controller import DiagnosticsController, install_diagnostics

__all__ = ["DiagnosticsController", "install_diagnostics"]
