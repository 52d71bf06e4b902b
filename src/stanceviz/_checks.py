"""Small helpers that build the error messages users see.

One place builds "what was expected, what came" messages, so every stage words them alike.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def _fmt_cols(columns: Iterable[object]) -> str:
    return ", ".join(str(c) for c in columns)


def check_columns(data: pd.DataFrame, required: Iterable[str], *, func: str, arg: str = "data") -> None:
    """Raise a ValueError naming the missing columns of ``data``.

    >>> check_columns(pd.DataFrame({"a": [1]}), ["a", "b"], func="f")
    Traceback (most recent call last):
    ...
    ValueError: The 'data' argument of f must have the column(s) b; got columns: a.
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"The '{arg}' argument of {func} must be a pandas DataFrame; got {type(data).__name__}.")
    missing = [c for c in required if c not in data.columns]
    if missing:
        raise ValueError(
            f"The '{arg}' argument of {func} must have the column(s) {_fmt_cols(missing)}; "
            f"got columns: {_fmt_cols(data.columns)}."
        )


def check_column_arg(data: pd.DataFrame, value: str, *, func: str, arg: str) -> None:
    """Raise a ValueError when a keyword that names a column does not name one of ``data``.

    >>> check_column_arg(pd.DataFrame({"score": [1]}), "scor", func="stance_heatmap", arg="value")
    Traceback (most recent call last):
    ...
    ValueError: The 'value' argument of stance_heatmap must be a column of data; got 'scor'. Columns: score.
    """
    if value not in data.columns:
        raise ValueError(
            f"The '{arg}' argument of {func} must be a column of data; got {value!r}. "
            f"Columns: {_fmt_cols(data.columns)}."
        )


def check_choice(value: object, choices: Iterable[object], *, func: str, arg: str) -> None:
    """Raise a ValueError when ``value`` is not one of ``choices``."""
    choices = list(choices)
    if value not in choices:
        raise ValueError(
            f"The '{arg}' argument of {func} must be one of {_fmt_cols(repr(c) for c in choices)}; got {value!r}."
        )
