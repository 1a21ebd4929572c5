"""Receipt printer: receipt model, ESC/POS output via python-escpos, status, simulator, renderer."""
