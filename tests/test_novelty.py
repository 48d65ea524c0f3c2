"""Novelty fingerprints: exact and near-duplicate stories across sources and scripts."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from marketbuzz.novelty import (
    BANDS,
    NUM_PERM,
    REPEAT_THRESHOLD,
    ROWS,
    _band_keys,
    fingerprint,
    is_repeat,
    normalise,
    similarity,
)

TENCENT_RESULTS_HK = (
    "騰訊控股公佈第三季度業績，收入按年增長10%至1546億元人民幣，勝過市場預期。"
    "遊戲業務收入回暖，國際市場遊戲收入按年增長14%。"
    "廣告收入受惠於視頻號及小程序，按年增長17%。"
    "股價今早在香港高開，一度上升5%，創三個月新高，成交額急增。"
    "多家券商上調目標價，認為公司成本控制見效，毛利率持續改善。"
)
TENCENT_RESULTS_CN = (
    "腾讯控股公布第三季度业绩，收入按年增长10%至1546亿元人民币，胜过市场预期。"
    "游戏业务收入回暖，国际市场游戏收入按年增长14%。"
    "广告收入受惠于视频号及小程序，按年增长17%。"
    "股价今早在香港高开，一度上升5%，创三个月新高，成交额急增。"
    "多家券商上调目标价，认为公司成本控制见效，毛利率持续改善。"
)
TENCENT_BUYBACK = (
    "騰訊控股今日在港交所公告，以每股約380港元回購約100萬股股份，涉資約3.8億港元。"
    "公司今年以來已累計回購股份超過800億港元，為港股回購金額最多的公司。"
    "公司表示，回購反映董事會對公司長遠前景的信心，並將繼續按市況執行回購計劃。"
)

ALCOA_WIRE = (
    "Alcoa Corp reported a fourth-quarter loss on Wednesday as lower aluminum prices and higher "
    "costs at its smelters weighed on results, and the company said it would curtail production "
    "at its Kwinana alumina refinery in Western Australia. The Pittsburgh-based aluminum producer "
    "posted a net loss of $150 million, compared with a loss of $123 million a year earlier. "
    "Revenue fell to $2.6 billion from $2.7 billion. Chief Executive William Oplinger said the "
    "company expected the aluminum market to remain in surplus in 2024, although demand from "
    "packaging and electrical customers was steady. Shares of Alcoa fell 3% in extended trading "
    "after the results were released."
)
ALCOA_EDITED = (
    "Alcoa Corp on Wednesday reported a fourth-quarter loss as lower aluminum prices and higher "
    "costs at its smelters weighed on results, and the company said it will curtail production "
    "at its Kwinana alumina refinery in Western Australia. The Pittsburgh-based aluminium producer "
    "posted a net loss of $150 million, compared with a loss of $123 million a year earlier. "
    "Revenue dropped to $2.6 billion from $2.7 billion. Chief Executive William Oplinger said the "
    "company expected the aluminum market to remain in surplus in 2024, although demand from "
    "packaging and electrical customers was steady. Alcoa shares fell 3% in extended trading "
    "after the results."
)
ALCOA_OTHER = (
    "Alcoa Corp said on Wednesday it had agreed to buy Australian partner Alumina Ltd in an "
    "all-stock deal valuing the company at about $2.2 billion, giving it full control of their "
    "joint venture. Alumina shareholders will receive 0.02854 Alcoa shares for each share they "
    "hold, and will own about 31.6% of the combined company. Alcoa shares fell 2% in early "
    "trading, while Alumina shares rose 9% in Sydney."
)


def _astock_rows(shared_data: Path, count: int) -> list[dict[str, str]]:
    path = shared_data / "astock_news" / "val.csv"
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = []
        for row in csv.DictReader(handle, delimiter="\t"):
            rows.append(row)
            if len(rows) == count:
                break
    return rows


def test_settings_are_consistent() -> None:
    assert BANDS * ROWS == NUM_PERM
    # The LSH S-curve must find pairs at the threshold with high probability.
    assert 1 - (1 - REPEAT_THRESHOLD**ROWS) ** BANDS > 0.98


def test_traditional_and_simplified_copies_are_exact_repeats() -> None:
    traditional = fingerprint("騰訊績後升5%", TENCENT_RESULTS_HK)
    simplified = fingerprint("腾讯绩后升5%", TENCENT_RESULTS_CN)
    assert traditional.content_hash == simplified.content_hash
    assert traditional.signature == simplified.signature
    assert traditional.bands == simplified.bands
    assert is_repeat(traditional.signature, simplified.signature)


def test_normalise_folds_width_case_punctuation_and_urls() -> None:
    text = normalise(
        "Ｔｅｎｃｅｎｔ 績後升５％！", "詳情見 https://example.com/a?b=1 ，或電郵 ir@example.com 。"
    )
    assert text == "tencent绩后升5详情见或电邮"


def test_same_story_with_furniture_byline_and_extra_paragraph_matches() -> None:
    original = fingerprint("騰訊績後升5%", TENCENT_RESULTS_HK)
    reposted = fingerprint(
        "【港股】騰訊控股績後股價升5% 創三個月新高",
        "記者 陳大文 香港報道 2024年11月14日 10:32\n"
        + TENCENT_RESULTS_CN
        + "\n另外，恒生科技指數今早亦上升1.2%，美團及阿里巴巴跟隨上揚。\n"
        + "責任編輯：李小明 免責聲明：本文僅供參考，不構成投資建議。相關新聞 http://news.example.hk/",
    )
    assert original.content_hash != reposted.content_hash
    assert similarity(original.signature, reposted.signature) >= REPEAT_THRESHOLD
    assert is_repeat(original.signature, reposted.signature)
    assert set(original.bands) & set(reposted.bands)


def test_different_stories_about_the_same_company_do_not_match() -> None:
    results = fingerprint("騰訊績後升5%", TENCENT_RESULTS_HK)
    buyback = fingerprint("騰訊回購股份", TENCENT_BUYBACK)
    assert similarity(results.signature, buyback.signature) < 0.2
    assert not is_repeat(results.signature, buyback.signature)


def test_headlines_alone_repeat_only_exactly() -> None:
    results = fingerprint("騰訊績後升5%", "")
    buyback = fingerprint("騰訊回購股份", "")
    assert results.signature == buyback.signature == b""
    assert results.content_hash != buyback.content_hash
    assert results.content_hash == fingerprint("腾讯绩后升 5%", "").content_hash


def test_english_wire_copy_and_lightly_edited_copy_match() -> None:
    wire = fingerprint("Alcoa posts quarterly loss, to curtail Kwinana output", ALCOA_WIRE)
    edited = fingerprint("Alcoa swings to loss, curbs Australian refinery", ALCOA_EDITED)
    other = fingerprint("Alcoa to buy Alumina in $2.2 billion deal", ALCOA_OTHER)
    assert is_repeat(wire.signature, edited.signature)
    assert not is_repeat(wire.signature, other.signature)
    assert similarity(wire.signature, other.signature) < 0.2


def test_bands_are_keyed_by_index_and_fit_a_signed_bigint() -> None:
    first = fingerprint("", TENCENT_BUYBACK)
    again = fingerprint("", TENCENT_BUYBACK)
    assert first.bands == again.bands
    assert len(first.bands) == BANDS
    assert all(0 <= key < 2**63 for key in first.bands)
    assert len(set(first.bands)) == BANDS
    # A signature whose bands all hold the same values still gives one key per band.
    flat = np.full(NUM_PERM, 7, dtype=np.uint32)
    assert len(set(_band_keys(flat))) == BANDS


def test_signature_layout() -> None:
    signed = fingerprint("", TENCENT_RESULTS_CN)
    assert len(signed.signature) == NUM_PERM * 4
    assert similarity(signed.signature, signed.signature) == 1.0


def test_short_and_empty_texts_use_the_exact_hash_only() -> None:
    empty = fingerprint("", "")
    assert empty.signature == b""
    assert empty.bands == ()
    assert len(empty.content_hash) == 64
    headline = fingerprint("Alcoa falls 3%", "")
    assert headline.signature == b""
    assert headline.content_hash == fingerprint("ALCOA falls 3%!", " ").content_hash
    assert similarity(headline.signature, headline.signature) == 0.0
    assert not is_repeat(b"", b"")
    # Signatures of different lengths (other settings) never compare.
    full = fingerprint("", ALCOA_WIRE).signature
    assert similarity(full, full[:-4]) == 0.0
    assert fingerprint("", "…、。 ！").signature == b""


def test_fingerprints_are_stable_across_interpreter_runs() -> None:
    script = (
        "from marketbuzz.novelty import fingerprint\n"
        f"f = fingerprint('', {TENCENT_RESULTS_HK!r} + {ALCOA_WIRE!r})\n"
        "print(f.content_hash, f.signature.hex(), *f.bands)\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    expected = fingerprint("", TENCENT_RESULTS_HK + ALCOA_WIRE)
    assert outputs.pop().split() == [
        expected.content_hash,
        expected.signature.hex(),
        *map(str, expected.bands),
    ]


@pytest.mark.shared
def test_astock_stories_match_their_reposts_and_not_each_other(shared_data: Path) -> None:
    rows = _astock_rows(shared_data, 200)
    stories = list(dict.fromkeys(row["text_a"] for row in rows if len(row["text_a"]) >= 100))
    prints = [fingerprint("", story) for story in stories[:60]]
    for story, original in zip(stories[:60], prints, strict=True):
        # Another site's copy: a by-line and a footer around the same text.
        reposted = fingerprint(
            "",
            "來源：證券時報網 作者：張偉 2020-10-12 18:32\n"
            + story
            + "\n責任編輯：李明 免責聲明：本文僅供參考。",
        )
        assert is_repeat(original.signature, reposted.signature), story
    distinct_pairs = [
        similarity(a.signature, b.signature)
        for index, a in enumerate(prints)
        for b in prints[index + 1 :]
    ]
    assert max(distinct_pairs) < REPEAT_THRESHOLD
