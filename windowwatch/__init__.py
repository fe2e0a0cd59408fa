"""WindowWatch command line: the composition root of vision, detectors, api and calibration."""
