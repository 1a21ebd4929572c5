"""The one layout of a document the centre issues (户籍证明, 无犯罪记录证明, …): its model and its A4
PDF. Shared by the kiosk, which prints it on paper, and the centre, which serves the same PDF as
the signed electronic copy (电子证照): one layout, so the two can never differ.

It imports nothing from the project's other packages (only reportlab): the server still shares
no code with the kiosk beyond the wire (tests/test_architecture.py)."""
