"""The composition root: the command line, start-up wiring, the demo launcher and the screenshot
and technician tools. It sits above ui/ and kiosk/ and may import both; nothing imports app/ but
its own modules (tests/test_architecture.py)."""
