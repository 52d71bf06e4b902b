"""Command line: ``stanceviz figures`` runs the numbered notebooks on any corpus.

Examples
--------
    stanceviz figures                                  # bundled corpus -> figures/
    stanceviz figures --corpus my_texts/ --out /tmp/x  # a folder of .txt files, no manifest
    stanceviz figures --only 01 --only 03              # some notebooks
    stanceviz --help
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

__all__ = ["main", "run_notebooks", "find_notebooks", "NotebookFailure"]


class NotebookFailure(RuntimeError):
    """One or more notebooks raised; the others ran to the end and wrote their figures.

    ``failures`` maps each failed notebook's name to ``(error name, message, executed copy)``.
    """

    def __init__(self, failures: dict[str, tuple[str, str, Path]]):
        self.failures = failures
        lines = [f"{name}: {ename}: {msg} (executed copy with the traceback: {path})"
                 for name, (ename, msg, path) in sorted(failures.items())]
        super().__init__("notebook(s) failed:\n  " + "\n  ".join(lines))

log = logging.getLogger("stanceviz")


def _default_notebook_dir() -> Path:
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here
    repo = Path(__file__).resolve().parents[2] / "notebooks"  # src layout: <repo>/src/stanceviz/cli.py
    return repo


def find_notebooks(notebook_dir: str | Path, only: Sequence[str] = ()) -> list[Path]:
    """Numbered notebooks (``NN_name.ipynb``) in run order, optionally those whose name starts with ``only``."""
    nb_dir = Path(notebook_dir)
    books = sorted(p for p in nb_dir.glob("[0-9][0-9]*_*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if only:
        books = [p for p in books if any(p.name.startswith(o) for o in only)]
    return books


def run_notebooks(
    corpus: str | Path,
    out: str | Path,
    *,
    manifest: str | Path | None = None,
    seed: int = 0,
    notebook_dir: str | Path | None = None,
    only: Sequence[str] = (),
    executed_dir: str | Path | None = None,
    progress: bool = True,
    extra_parameters: dict | None = None,
    jobs: int | None = None,
) -> list[Path]:
    """Execute the numbered notebooks headless with papermill and write the figure gallery.

    Parameters
    ----------
    corpus
        Folder of ``.txt`` files (with or without ``manifest.csv``) or a CSV/JSONL/Parquet table.
    out
        Folder for the figures (created when missing).
    manifest
        Manifest CSV for a folder corpus (default: ``manifest.csv`` inside it, when present).
    seed
        The one seed passed to every notebook.
    notebook_dir
        Where the notebooks are (default: ``./notebooks``, else the repository's).
    only
        Name prefixes of the notebooks to run ("01", "03_stance"); all when empty.
    executed_dir
        Where the executed copies go (default: ``build/notebooks`` in the working directory).
    jobs
        Notebooks executed at once, each in its own kernel (default: the number of cores, at
        most 2). Notebooks write distinct files, so the output does not depend on the order.

    Returns
    -------
    list of Path
        The executed notebooks.

    Raises
    ------
    NotebookFailure
        When notebooks raised: every other notebook still ran and the gallery is written; the
        message names each failed notebook, its error and its executed copy.
    """
    import papermill as pm
    from tqdm.auto import tqdm

    from .export import write_gallery

    nb_dir = Path(notebook_dir) if notebook_dir else _default_notebook_dir()
    books = find_notebooks(nb_dir, only)
    if not books:
        raise FileNotFoundError(f"No numbered notebooks (NN_name.ipynb) found in {nb_dir}.")
    corpus = Path(corpus).resolve()
    if not corpus.exists():
        raise FileNotFoundError(f"--corpus {corpus}: no such file or folder.")
    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    exec_dir = Path(executed_dir) if executed_dir else Path("build") / "notebooks"
    exec_dir = exec_dir.resolve()
    exec_dir.mkdir(parents=True, exist_ok=True)
    params = {
        "CORPUS": str(corpus),
        "MANIFEST": str(Path(manifest).resolve()) if manifest else None,
        "OUT_DIR": str(out_dir),
        "SEED": int(seed),
    }
    params.update(extra_parameters or {})
    env_backup = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"  # headless; the kernel inherits it
    os.environ["STANCEVIZ_HEADLESS"] = "1"  # notebooks skip interactive widgets
    def execute(book: Path) -> Path:
        target = exec_dir / book.name
        pm.execute_notebook(str(book), str(target), parameters=params, cwd=str(nb_dir),
                            kernel_name="python3", progress_bar=False, log_output=False)
        return target

    n_jobs = max(1, min(jobs or min(os.cpu_count() or 1, 2), len(books)))
    failures: dict[str, tuple[str, str, Path]] = {}
    try:
        with ThreadPoolExecutor(max_workers=n_jobs) as pool, \
                tqdm(total=len(books), desc="notebooks", unit="nb", disable=not progress) as bar:
            futures = {pool.submit(execute, book): book for book in books}
            for future in as_completed(futures):
                book = futures[future]
                try:
                    future.result()
                except pm.PapermillExecutionError as err:  # the others go on; report at the end
                    failures[book.name] = (err.ename, str(err.evalue).strip(), exec_dir / book.name)
                bar.update(1)
        done = [exec_dir / book.name for book in books if book.name not in failures]
    finally:
        if env_backup is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = env_backup
        os.environ.pop("STANCEVIZ_HEADLESS", None)
    write_gallery(out_dir, command="stanceviz figures")
    if failures:
        raise NotebookFailure(failures)
    return done


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="stanceviz",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Topic and stance analytics of news and political speech.\n\n"
                    "stanceviz figures executes the numbered notebooks on a corpus and exports every\n"
                    "figure (PNG 300 dpi, PDF, SVG, CSV of the plotted data, provenance JSON).",
        epilog="examples:\n"
               "  stanceviz figures                                  bundled corpus -> figures/\n"
               "  stanceviz figures --corpus texts/ --out /tmp/x     a folder of .txt/.md files\n"
               "  stanceviz figures --corpus t.csv --out out/        a table with a 'text' column\n"
               "  stanceviz figures --only 03 --seed 1               one notebook, another seed\n"
               "  stanceviz run --corpus big/ --out tables/ --engine dask   Parquet tables at scale\n"
               "  stanceviz figures --help                           every option",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    f = sub.add_parser(
        "figures",
        help="execute the numbered notebooks headless and write the figures",
        description="Execute notebooks/NN_*.ipynb with papermill on a corpus and write every figure, "
                    "its data and its provenance into OUT, plus a gallery OUT/README.md.",
    )
    f.add_argument("--corpus", default="data/raw",
                   help="folder of .txt files (manifest.csv inside is used when present) or a .csv/.jsonl/"
                        ".parquet table with a 'text' column (default: data/raw)")
    f.add_argument("--manifest", default=None, help="manifest CSV for a folder corpus (columns: file, outlet, "
                                                   "date, title, event, kind)")
    f.add_argument("--out", default="figures", help="output folder (default: figures)")
    f.add_argument("--seed", type=int, default=0, help="seed passed to every notebook (default: 0)")
    f.add_argument("--only", action="append", default=[], metavar="PREFIX",
                   help="run only notebooks whose name starts with PREFIX (repeatable), e.g. --only 03")
    f.add_argument("--notebooks", default=None, help="folder of the notebooks (default: ./notebooks)")
    f.add_argument("--executed", default=None, help="folder for the executed notebooks (default: build/notebooks)")
    f.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores, at most 2)")
    f.add_argument("--quiet", action="store_true", help="no progress bar")
    r = sub.add_parser(
        "run",
        help="run the pipeline over partitions of a (large) corpus and write Parquet tables",
        description="load -> clean -> sentences -> speakers -> stance over partitions of documents, "
                    "locally or on Dask; writes OUT/<table>/part-NNNNN.parquet and OUT/_pipeline.json.",
    )
    r.add_argument("--corpus", required=True, help="folder of .txt/.md files, or a .csv/.jsonl/.parquet table")
    r.add_argument("--out", required=True, help="output folder for the Parquet tables")
    r.add_argument("--manifest", default=None, help="manifest CSV for a folder of .txt files")
    r.add_argument("--text-column", default="text", help="text column of a table (default: text)")
    r.add_argument("--id-column", default=None, help="document id column of a table")
    r.add_argument("--engine", choices=["local", "dask"], default="local", help="local (default) or dask")
    r.add_argument("--partitions", type=int, default=None, help="number of partitions (default: by size)")
    r.add_argument("--partition-mb", type=float, default=8.0, help="target MB of text per partition (default: 8)")
    r.add_argument("--scheduler", default=None, help="address of a running Dask scheduler, e.g. tcp://host:8786")
    r.add_argument("--workers", type=int, default=2, help="local Dask workers when no --scheduler (default: 2)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stanceviz`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "figures":
        try:
            done = run_notebooks(args.corpus, args.out, manifest=args.manifest, seed=args.seed,
                                 notebook_dir=args.notebooks, only=args.only, executed_dir=args.executed,
                                 progress=not args.quiet, jobs=args.jobs)
        except FileNotFoundError as err:
            print(f"stanceviz figures: {err}", file=sys.stderr)
            return 2
        except NotebookFailure as err:
            print(f"stanceviz figures: {err}", file=sys.stderr)
            return 1
        print(f"executed {len(done)} notebook(s); figures in {Path(args.out).resolve()}")
    elif args.command == "run":
        from .corpus import CorpusError
        from .pipeline import run

        try:
            paths = run(args.corpus, args.out, engine=args.engine, partitions=args.partitions,
                        manifest=args.manifest, text_column=args.text_column, id_column=args.id_column,
                        partition_mb=args.partition_mb, scheduler=args.scheduler, n_workers=args.workers)
        except (FileNotFoundError, CorpusError, ValueError) as err:
            print(f"stanceviz run: {err}", file=sys.stderr)
            return 2
        for table, files in paths.items():
            print(f"{table:16s} {len(files)} file(s)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
