"""Plots for the corpus stage (see stanceviz.plot)."""

__all__: list[str] = []
