"""Resident ID card reader (SAM module over serial), its protocol, parsers and simulator."""
