"""Camera: OpenCV driver, frame sources and the simulator (cooperative.py: the face helper's source)."""
