"""Plots for the stance stage (see stanceviz.plot)."""

__all__: list[str] = []
