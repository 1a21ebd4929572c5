"""Code scanner: serial line driver, keyboard-wedge assembler, code classification, simulator."""
