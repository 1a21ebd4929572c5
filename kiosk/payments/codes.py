"""What the pay screen needs to know about a scanned code: payment code (付款码) or not. The
parsing belongs to the scanner (devices/scanner/codes.py, the wallets' published prefixes);
ui/ reaches devices only through kiosk/ (tests/test_architecture.py), so the screen imports it here."""

from devices.scanner.codes import CodeKind, ScannedCode, classify_code

__all__ = ["CodeKind", "ScannedCode", "classify_code"]
