"""marketbuzz: turn Chinese and English market news into ticker-linked intelligence.

    >>> import marketbuzz
    >>> analysis = marketbuzz.analyze("騰訊控股(00700)今日股價升3%。")
    >>> [i.symbols for i in analysis.instruments]
    [('0700.HK',)]
"""

from __future__ import annotations

from marketbuzz.errors import MarketbuzzError
from marketbuzz.master.load import SecurityMaster, load_master
from marketbuzz.model import Analysis, Article
from marketbuzz.pipeline import analyze, analyze_article
from marketbuzz.read import read_article
from marketbuzz.serialize import analysis_to_dict

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
