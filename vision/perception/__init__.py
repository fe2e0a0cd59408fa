"""Perception: every model call for a frame, as the plan asks (`perceive`), into a `FramePerception`."""
