"""Technician diagnostics without Qt: the PIN gate and its audit, self-test runs with masked
results, and the redacted diagnostics bundle. The screens are in ui/diagnostics."""
