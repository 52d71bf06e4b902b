"""Plots for the compare stage (see stanceviz.plot)."""

__all__: list[str] = []
