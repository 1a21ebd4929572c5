"""Qt-free controllers for the citizen's steps (kiosk/identity.py's IdentifyController is the
first of them): each has one phase enum with one logged transition function, commands the screen
calls on taps and timers, and a frozen `view()` the screen renders. Every money and booking
decision lives here, so it is tested without Qt (tests/kiosk/test_steps_*.py)."""
