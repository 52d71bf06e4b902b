"""Plots for the topics stage (see stanceviz.plot)."""

__all__: list[str] = []
