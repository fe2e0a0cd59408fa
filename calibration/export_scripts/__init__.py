"""Scripts run by the export environment's own Python (never imported): a folder of their own, so no module of
calibration/ (inspect.py) stands in for a standard-library one on their path."""
