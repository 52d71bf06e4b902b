"""Project hygiene: environment.yml mirrors pyproject, import has no side effects, no NLTK data."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = {_name(r) for r in py["project"]["dependencies"]} | {_name(r) for r in py["project"]["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(r) for r in dep["pip"] if not r.startswith("-e")}
        else:
            conda.add(_name(dep))
    assert "python" in conda and any(str(d).startswith("python=3.11") for d in env["dependencies"])
    have = (conda | pip) - {"python", "pip", "distributed"}  # conda splits dask[distributed] in two
    assert have == wanted, f"missing from environment.yml: {wanted - have}; extra: {have - wanted}"


def test_import_changes_nothing():
    code = (
        "import logging, matplotlib as mpl\n"
        "before = dict(mpl.rcParams); handlers = list(logging.getLogger().handlers)\n"
        "import stanceviz, stanceviz.corpus, stanceviz.clean, stanceviz.segment, stanceviz.plot, stanceviz.export\n"
        "assert dict(mpl.rcParams) == before, 'rcParams changed on import'\n"
        "assert logging.getLogger().handlers == handlers\n"
        "assert logging.getLogger('stanceviz').handlers == []\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr


def test_no_code_path_downloads_nltk_data():
    for path in list((ROOT / "src").rglob("*.py")) + list((ROOT / "notebooks").glob("*.ipynb")):
        assert not re.search(r"nltk\.download|nltk\.downloader", path.read_text(encoding="utf-8")), path


def test_ci_calls_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_notebooks_have_no_outputs_and_a_parameters_cell():
    import nbformat

    books = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
    assert books
    for book in books:
        nb = nbformat.read(book, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", []), book.name
        for name in ("CORPUS", "MANIFEST", "OUT_DIR", "SEED", "MIN_N"):
            assert re.search(rf"^{name} = ", code[0].source, re.M), (book.name, name)
        assert all(not c.get("outputs") for c in code), f"{book.name} is committed with outputs"
        assert not any(re.search(r"^\s*def |^\s*class ", c.source, re.M) for c in code), \
            f"{book.name} defines functions: logic belongs in src/stanceviz"
        assert str(ROOT) not in book.read_text(encoding="utf-8")
