"""A target written with a bare 元 is in the currency of the market the stock is quoted on:
Hong Kong news means HK dollars for a Hong Kong stock, mainland news renminbi for an A-share."""

from __future__ import annotations

import pytest

from marketbuzz.master.load import SecurityMaster
from marketbuzz.pipeline import analyze


def _targets(text: str, master: SecurityMaster) -> list[tuple[object, object]]:
    analysis = analyze(text, master=master)
    return [
        (event.attributes.get("target"), event.attributes.get("currency"))
        for event in analysis.events
        if event.type == "analyst_target" and event.attributes.get("target") is not None
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Hong Kong stocks, Traditional and Simplified, named by code or by their HK name.
        (
            "阿里目標價\n\n高盛將阿里巴巴(09988)目標價由180元上調至210元,維持買入評級。",
            (210.0, "HKD"),
        ),
        ("小米目标价\n\n摩根士丹利将小米集团(01810)目标价上调至60元。", (60.0, "HKD")),
        ("比亞迪目標價\n\n花旗將比亞迪股份(01211)目標價上調至150元。", (150.0, "HKD")),
        # The same company quoted on its A-share line, and an A-share: renminbi.
        ("比亚迪目标价\n\n中信证券将比亚迪(002594)目标价上调至450元。", (450.0, "CNY")),
        ("茅台目标价\n\n中金将贵州茅台(600519)目标价上调至2100元。", (2100.0, "CNY")),
        # Written as renminbi or as HK dollars: as written.
        ("騰訊目標價\n\n大摩將騰訊控股(00700)目標價上調至人民幣600元。", (600.0, "CNY")),
        ("騰訊目標價\n\n高盛將騰訊控股(00700)目標價上調至720港元。", (720.0, "HKD")),
    ],
)
def test_a_bare_yuan_target_takes_the_quoting_markets_currency(
    text: str, expected: tuple[float, str], master: SecurityMaster
) -> None:
    assert expected in _targets(text, master)
