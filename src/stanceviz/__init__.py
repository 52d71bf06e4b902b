"""stanceviz: topic and stance analytics of news and political speech.

Importing the package changes nothing: no rcParams, no logging handlers, no files.
Stages live in their own modules (``corpus``, ``clean``, ``segment``, ``speakers``,
``themes``, ``stance``, ``topics``, ``compare``, ``plot``, ``export``, ``pipeline``, ``cli``);
import the one you need, e.g. ``from stanceviz.corpus import load_corpus``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
