"""Plots for the speakers stage (see stanceviz.plot)."""

__all__: list[str] = []
