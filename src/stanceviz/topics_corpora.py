"""Read a corpus of Markdown files with YAML front matter (e.g. the press-briefing archive).

Used by the realistic-corpus topic notebook (``04b_topics_briefings.ipynb``) and
``benchmarks/bench_topics.py``. It reads a folder or a ``.tar``/``.tar.gz``/``.tar.xz``
archive directly, so nothing is unpacked into the project. Front matter is parsed with
``yaml.safe_load``; the body is returned with hard-wrapped lines joined and one blank line
("\\n\\n") between paragraphs, ready for :func:`stanceviz.clean.clean_corpus`.

Parsing is :func:`stanceviz.corpus.read_markdown`, the package's one Markdown reader; this
module adds reading an archive without unpacking it and seeded sampling.
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

# one Markdown reader for the package: load_corpus, corpus_stream and this module share it
from .corpus import markdown_body, read_markdown  # noqa: E402

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_TAG = re.compile(r"</?(?:s|del|em|strong|b|i|u|sup|sub|span)\b[^>]*>", re.I)
_BLANK = re.compile(r"^[\s\u00a0]*$")


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
        meta, _extras, body = read_markdown(raw.decode("utf-8"), name)
        rows.append({"doc_id": Path(name).stem, **meta, "outlet": outlet or meta["outlet"] or "unknown",
                     "event": meta["event"] or "unknown", "title": meta["title"] or "", "path": name,
                     "text": body})
    if not rows:
        raise FileNotFoundError(f"load_markdown_corpus: no .md files in {src}.")
    table = pd.DataFrame(rows)
    table["date"] = pd.to_datetime(table["date"])
    return table.sort_values("doc_id", kind="stable").reset_index(drop=True)
