"""marketbuzz: turn Chinese and English market news into ticker-linked intelligence.

    import marketbuzz
    analysis = marketbuzz.analyze("騰訊控股(00700)今日股價升3%。")
    [item.symbols for item in analysis.instruments]      # [('0700.HK',)]

The public names are imported on first use, so `import marketbuzz.master.load` in a worker
process costs only the master, not the HTML extractor and the rest of the pipeline.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marketbuzz.errors import MarketbuzzError
    from marketbuzz.master.load import SecurityMaster, load_master
    from marketbuzz.model import Analysis, Article
    from marketbuzz.pipeline import analyze, analyze_article
    from marketbuzz.read import read_article
    from marketbuzz.serialize import analysis_to_dict

_EXPORTS = {
    "Analysis": "marketbuzz.model",
    "Article": "marketbuzz.model",
    "MarketbuzzError": "marketbuzz.errors",
    "SecurityMaster": "marketbuzz.master.load",
    "analysis_to_dict": "marketbuzz.serialize",
    "analyze": "marketbuzz.pipeline",
    "analyze_article": "marketbuzz.pipeline",
    "load_master": "marketbuzz.master.load",
    "read_article": "marketbuzz.read",
}
__all__ = [
    "Analysis",
    "Article",
    "MarketbuzzError",
    "SecurityMaster",
    "analysis_to_dict",
    "analyze",
    "analyze_article",
    "load_master",
    "read_article",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'marketbuzz' has no attribute {name!r}")
    return getattr(import_module(module), name)
