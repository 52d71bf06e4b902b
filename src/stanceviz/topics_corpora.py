"""Read a corpus of Markdown files with YAML front matter (e.g. the press-briefing archive).

Used by the realistic-corpus topic notebook (``04b_topics_briefings.ipynb``) and
``benchmarks/bench_topics.py``. It reads a folder or a ``.tar``/``.tar.gz``/``.tar.xz``
archive directly, so nothing is unpacked into the project. Front matter is parsed with
``yaml.safe_load``; the body is returned with hard-wrapped lines joined and one blank line
("\\n\\n") between paragraphs, ready for :func:`stanceviz.clean.clean_corpus`.

(This reader belongs with :mod:`stanceviz.corpus`; it lives here until that module takes it.)
"""

from __future__ import annotations

import re
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .compare import rng

__all__ = ["load_markdown_corpus", "markdown_body"]

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_TAG = re.compile(r"</?(?:s|del|em|strong|b|i|u|sup|sub|span)\b[^>]*>", re.I)
_BLANK = re.compile(r"^[\s\u00a0]*$")


def markdown_body(text: str) -> tuple[dict, str]:
    """Split a Markdown file into its front matter (dict) and body paragraphs.

    Returns
    -------
    (dict, str)
        The front matter (``{}`` when absent) and the body: Markdown escapes and inline tags
        removed, hard-wrapped lines joined with a space, paragraphs separated by ``"\\n\\n"``.
    """
    meta: dict = {}
    m = _FRONT.match(text)
    if m:
        loaded = yaml.safe_load(m.group(1))
        meta = loaded if isinstance(loaded, dict) else {}
        text = text[m.end():]
    paras, current = [], []
    for line in text.splitlines():
        if _BLANK.match(line):
            if current:
                paras.append(" ".join(current))
                current = []
            continue
        current.append(line.replace("\u00a0", " ").strip())
    if current:
        paras.append(" ".join(current))
    out = []
    for p in paras:
        p = _TAG.sub("", _ESCAPE.sub(r"\1", p))
        p = re.sub(r"[ \t]+", " ", p).strip()
        if p:
            out.append(p)
    return meta, "\n\n".join(out)


def _members(source: Path) -> list[tuple[str, bytes]]:
    """(name, raw bytes) of every ``.md`` file, sorted by name."""
    if source.is_dir():
        return sorted((p.as_posix(), p.read_bytes()) for p in source.rglob("*.md"))
    found = []
    with tarfile.open(source, mode="r|*") as tar:  # streaming: one pass over the compressed archive
        for member in tar:
            if member.isfile() and member.name.endswith(".md"):
                handle = tar.extractfile(member)
                if handle is not None:
                    found.append((member.name, handle.read()))
    return sorted(found)


def load_markdown_corpus(
    source: str | Path,
    *,
    n: int | None = None,
    seed: int = 0,
    outlet: str | None = None,
) -> pd.DataFrame:
    """Load Markdown documents with YAML front matter from a folder or a tar archive.

    Parameters
    ----------
    source
        A folder (searched recursively for ``*.md``) or a ``.tar``, ``.tar.gz`` or ``.tar.xz``.
    n
        Keep a random sample of ``n`` documents (seeded; ``None`` keeps all).
    seed
        Seed of the sample.
    outlet
        Outlet for every document; default the web host of the front matter's ``source_url``.

    Returns
    -------
    DataFrame
        The columns of :func:`stanceviz.corpus.load_corpus`: ``doc_id`` (file stem), ``outlet``,
        ``date`` (datetime64, from the front matter), ``title``, ``event`` (the month,
        ``"2021-01"``), ``kind`` (front-matter ``tags``, else ``"markdown"``), ``path`` (member
        name), ``text``; sorted by ``doc_id``.
    """
    src = Path(source)
    if not src.exists():
        raise FileNotFoundError(f"load_markdown_corpus: {src} does not exist.")
    members = _members(src)
    if n is not None and n < len(members):  # sample before parsing: parsing is the slow part
        idx = np.sort(rng(seed).choice(len(members), size=int(n), replace=False))
        members = [members[i] for i in idx]
    rows = []
    for name, raw in members:
        meta, body = markdown_body(raw.decode("utf-8"))
        date = pd.to_datetime(str(meta.get("date", "")), errors="coerce")
        url = str(meta.get("source_url", ""))
        host = re.sub(r"^https?://([^/]+).*$", r"\1", url) if url.startswith("http") else "unknown"
        rows.append({
            "doc_id": Path(name).stem,
            "outlet": outlet or host,
            "date": date,
            "title": str(meta.get("title", "")).replace("\u00a0", " "),
            "event": date.strftime("%Y-%m") if pd.notna(date) else "unknown",
            "kind": str(meta.get("tags") or "markdown"),
            "path": name,
            "text": body,
        })
    if not rows:
        raise FileNotFoundError(f"load_markdown_corpus: no .md files in {src}.")
    table = pd.DataFrame(rows)
    table["date"] = pd.to_datetime(table["date"])
    return table.sort_values("doc_id", kind="stable").reset_index(drop=True)
