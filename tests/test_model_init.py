"""Each model class writes out its `__init__` (see the model's docstring): it must take the
dataclass fields in order, with the same defaults, and set every field."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import math
import pickle
import random

import pytest

from marketbuzz import model
from marketbuzz.master.load import load_master
from marketbuzz.pipeline import _rounded, analyze

_CLASSES = [
    value
    for value in vars(model).values()
    if inspect.isclass(value)
    and dataclasses.is_dataclass(value)
    and value.__module__ == model.__name__
]


def test_every_model_class_is_covered() -> None:
    assert {cls.__name__ for cls in _CLASSES} >= {"Mention", "Move", "Event", "Analysis"}


_DATE = model.PublishedDate("10/08", None, 10, 8, True)
_SPAN = model.Span(3, 9, "股价大涨5%")
_MENTION = model.Mention("600519.SS", 0, 4, "贵州茅台", "name", "贵州茅台", "subject", "CN")
_LINKED = model.LinkedInstrument(
    "600519.SS", "Kweichow Moutai", "贵州茅台", "equity", ("600519.SS",), 0.72, 0.5, (_MENTION,)
)
# Arguments for every field of each class, all different (compiled constructors check types).
_SAMPLES: dict[type, tuple[object, ...]] = {
    model.Boilerplate: ("disclaimer", "免责声明"),
    model.PublishedDate: ("2025-10-08", None, 10, 8, False),
    model.Article: ("标题", "正文", "新浪", _DATE, "zh-Hans", True, "https://a.b", "gbk", ()),
    model.Span: (1, 2, "涨"),
    model.Mention: ("00700.HK", 5, 9, "腾讯控股", "alias", "腾讯", "source", "HK"),
    model.Move: (
        "600519.SS",
        "600519.SS",
        "up",
        5.0,
        "%",
        ("nearly",),
        3,
        9,
        "大涨5%",
        "CNY",
        1800.0,
        "CNY",
        "high",
        "day",
        "3-day winning streak",
        "业绩",
    ),
    model.Event: ("earnings", 0, 9, "业绩预增", ("600519.SS",), ("org:citic",), {"q": 3}, 0.5),
    model.Claim: ("分析师", "org:citic", 20.0, "%", "增长20%", 0, 5, "growth", ("about",)),
    model.Theme: ("ai", 0.8, (_SPAN,)),
    model.SentimentEvidence: (0.5, _SPAN),
    model.LinkedInstrument: (
        "600519.SS",
        "Moutai",
        "贵州茅台",
        "equity",
        ("600519.SS",),
        0.7,
        -0.2,
        (_MENTION,),
        (model.SentimentEvidence(0.5, _SPAN),),
        ("subject",),
    ),
    model.Analysis: (
        model.Article("标题", "正文"),
        (_LINKED,),
        (),
        (),
        (),
        (),
        (),
        "v1",
        ("warning",),
    ),
}


def test_every_model_class_has_a_sample() -> None:
    assert set(_SAMPLES) == set(_CLASSES)


@pytest.mark.parametrize("cls", _CLASSES, ids=lambda cls: cls.__name__)
def test_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    fields = dataclasses.fields(cls)
    parameters = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, field in zip(parameters, fields, strict=True):
        if field.default is not dataclasses.MISSING:
            assert parameter.default == field.default, field.name
        elif field.default_factory is not dataclasses.MISSING:
            assert parameter.default is None, field.name  # stands for a fresh factory value
        else:
            assert parameter.default is inspect.Parameter.empty, field.name


@pytest.mark.parametrize("cls", _CLASSES, ids=lambda cls: cls.__name__)
def test_init_sets_every_field_from_its_argument(cls: type) -> None:
    names = [f.name for f in dataclasses.fields(cls)]
    values = dict(zip(names, _SAMPLES[cls], strict=True))
    made = cls(*values.values())
    assert all(getattr(made, name) == value for name, value in values.items())
    assert made == cls(**values)


def test_a_defaulted_factory_field_is_fresh_per_object() -> None:
    first = model.Event("earnings", 0, 4, "业绩预增")
    second = model.Event("earnings", 0, 4, "业绩预增")
    assert first.attributes == {}
    assert first.attributes is not second.attributes
    assert first == second
    first.attributes["period"] = "Q3"
    assert second.attributes == {}


def test_three_decimal_scores_keep_their_value_at_four_decimals() -> None:
    """The pipeline reports sentiment (already rounded to three decimals) without rounding it
    again to four: rounding a three-decimal value to four decimals gives it back."""
    generator = random.Random(7)
    values = [generator.uniform(-1.0, 1.0) for _ in range(20_000)]
    values += [k / 1000 for k in range(-1000, 1001)]
    for value in values:
        three = round(value, 3)
        assert _rounded(three) == three
        assert math.copysign(1.0, _rounded(three)) == math.copysign(1.0, three)


@pytest.mark.parametrize("cls", _CLASSES, ids=lambda cls: cls.__name__)
def test_objects_survive_pickle_and_copy(cls: type) -> None:
    """Results travel between worker processes; a compiled class with its own `__init__`
    needs `__reduce__` for that (see the model's docstring)."""
    made = cls(*_SAMPLES[cls])
    for copied in (pickle.loads(pickle.dumps(made)), copy.copy(made), copy.deepcopy(made)):
        assert type(copied) is cls
        assert copied == made


def test_a_whole_analysis_survives_pickle() -> None:
    analysis = analyze("贵州茅台三季度营收增长15%，股价大涨5%。", master=load_master())
    assert analysis.instruments
    assert pickle.loads(pickle.dumps(analysis)) == analysis
