"""save_figure: five files, reproducible bytes, provenance; the gallery."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from stanceviz import plot
from stanceviz.export import FORMATS, save_figure, write_gallery


def _figure():
    with plot.paper_style():
        fig, ax = plt.subplots(figsize=plot.figsize("single"))
        ax.bar(["Kerry", "Lavrov"], [0.25, -0.5], color=plot.OKABE_ITO[:2])
        ax.set_ylabel("Mean tone")
    return fig


def test_five_files_and_reproducible_bytes(tmp_path):
    data = pd.DataFrame({"speaker": ["Kerry", "Lavrov"], "score": [0.25, -0.5], "n": [12, 9]})
    paths = save_figure(_figure(), "t_fig", data, {"seed": 0}, out_dir=tmp_path / "a",
                        input_hash="sha256:abc", notebook="t.ipynb", caption="A test.")
    assert sorted(paths) == sorted(FORMATS) and all(p.is_file() for p in paths.values())
    again = save_figure(_figure(), "t_fig", data, {"seed": 0}, out_dir=tmp_path / "b",
                        input_hash="sha256:abc", notebook="t.ipynb", caption="A test.")
    for fmt in ("csv", "pdf", "svg", "json", "png"):
        assert paths[fmt].read_bytes() == again[fmt].read_bytes(), fmt
    assert paths["csv"].read_text() == "speaker,score,n\nKerry,0.25,12\nLavrov,-0.5,9\n"
    meta = json.loads(paths["json"].read_text())
    assert meta["params"] == {"seed": 0} and meta["input_hash"] == "sha256:abc"
    assert meta["notebook"] == "t.ipynb" and meta["rows"] == 2
    assert {"gensim", "nltk", "matplotlib", "python"} <= set(meta["packages"])
    png = paths["png"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(paths["png"]) as im:  # 300 dpi
        assert round(im.info["dpi"][0]) == 300


def test_bad_name_and_data(tmp_path):
    fig = _figure()
    with pytest.raises(ValueError, match="letters, digits"):
        save_figure(fig, "../escape", pd.DataFrame(), out_dir=tmp_path)
    with pytest.raises(TypeError, match="must be a DataFrame"):
        save_figure(fig, "ok", [1, 2], out_dir=tmp_path)


def test_gallery_lists_each_figure(tmp_path):
    data = pd.DataFrame({"x": [1]})
    save_figure(_figure(), "02_b", data, out_dir=tmp_path, notebook="02.ipynb", caption="Second.")
    save_figure(_figure(), "01_a", data, out_dir=tmp_path, notebook="01.ipynb", caption="First.")
    text = write_gallery(tmp_path).read_text()
    assert text.index("## 01_a") < text.index("## 02_b")
    assert "![01_a](01_a.png)" in text and "First." in text and "`notebooks/02.ipynb`" in text


def test_paper_style_is_scoped():
    import matplotlib as mpl

    before = mpl.rcParams["font.size"]
    with plot.paper_style():
        assert mpl.rcParams["font.size"] == 8
    assert mpl.rcParams["font.size"] == before
