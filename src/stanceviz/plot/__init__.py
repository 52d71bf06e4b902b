"""Plotting: axes-level functions in seaborn's style, and one opt-in paper style.

Every function takes a tidy DataFrame first, column names as keyword-only arguments,
``ax=None`` meaning ``plt.gca()``, and returns the Axes (figure-level functions return the
Figure). Nothing here changes matplotlib's global state except inside ``paper_style()``.
"""

from ._style import *  # noqa: F401,F403
from ._style import __all__ as _style_all
from .corpus import *  # noqa: F401,F403
from .corpus import __all__ as _corpus_all
from .speakers import *  # noqa: F401,F403
from .speakers import __all__ as _speakers_all
from .stance import *  # noqa: F401,F403
from .stance import __all__ as _stance_all
from .topics import *  # noqa: F401,F403
from .topics import __all__ as _topics_all
from .compare import *  # noqa: F401,F403
from .compare import __all__ as _compare_all

__all__ = [*_style_all, *_corpus_all, *_speakers_all, *_stance_all, *_topics_all, *_compare_all]
