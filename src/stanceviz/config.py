"""Load the YAML files that configure stanceviz (rules, aliases, speakers, themes, lexicons).

Configuration is data: files are read with ``yaml.safe_load`` only, and every error names the
file, and where YAML knows it, the line and the key.

Package defaults live in ``stanceviz/resources/``; :func:`load_yaml` takes either a resource
name (``"aliases.yaml"``) or a path to a user's file.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = ["ConfigError", "load_yaml", "resource_path", "resource_text", "require_keys"]


class ConfigError(ValueError):
    """A configuration file is malformed; the message names the file, line and key."""


def resource_path(name: str) -> Path:
    """Path of a file shipped in ``stanceviz/resources``."""
    ref = resources.files("stanceviz") / "resources" / name
    path = Path(str(ref))
    if not path.is_file():
        raise FileNotFoundError(f"stanceviz ships no resource named {name!r} (looked in {path.parent}).")
    return path


def resource_text(name: str) -> str:
    """Text of a file shipped in ``stanceviz/resources`` (UTF-8)."""
    return resource_path(name).read_text(encoding="utf-8")


def _resolve(source: str | Path) -> Path:
    path = Path(source)
    if path.is_file():
        return path
    if isinstance(source, str) and "/" not in source and "\\" not in source:
        return resource_path(source)
    raise FileNotFoundError(f"No such configuration file: {source}")


def load_yaml(source: str | Path) -> Any:
    """Read a YAML file with ``yaml.safe_load``.

    Parameters
    ----------
    source
        A path to a user's file, or the name of a file in ``stanceviz/resources``.

    Raises
    ------
    ConfigError
        With the file name and the line and column of a syntax error.
    """
    path = _resolve(source)
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:  # syntax error with a position
        mark = err.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "unknown position"
        raise ConfigError(f"{path}: {where}: {err.problem}") from None
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: {err}") from None


def require_keys(entry: Any, keys: list[str], *, path: str | Path, where: str) -> None:
    """Raise ConfigError unless ``entry`` is a mapping with every key in ``keys``.

    ``where`` says which entry is checked, e.g. ``"speakers[3] ('kerry')"``.
    """
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}: {where}: expected a mapping, got {type(entry).__name__}: {entry!r}")
    missing = [k for k in keys if k not in entry]
    if missing:
        raise ConfigError(f"{path}: {where}: missing key(s) {', '.join(missing)}; has {', '.join(map(str, entry))}")


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
