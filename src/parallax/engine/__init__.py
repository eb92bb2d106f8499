"""Runners: the same stages, locally (processes) or on Ray, with the same output."""
