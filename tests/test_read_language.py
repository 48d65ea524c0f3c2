"""Language and script from character statistics; Hong Kong usage from Cantonese markers."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import opencc
import pytest

from marketbuzz.read.language import detect_language, map_language_tag, simplified_only_chars

TRADITIONAL = "摩根士丹利發表報告，9月境外資金流入中國股市回升至46億美元，為去年11月以來單月最高。"
SIMPLIFIED = "摩根士丹利发表报告，9月境外资金流入中国股市回升至46亿美元，为去年11月以来单月最高。"
ENGLISH = (
    "Oracle shares fell as much as 7% on Tuesday after a report said margins in its cloud "
    "business were thinner than investors had assumed."
)


def test_traditional_and_simplified() -> None:
    assert detect_language(TRADITIONAL).language == "zh-Hant"
    assert detect_language(SIMPLIFIED).language == "zh-Hans"


def test_english() -> None:
    guess = detect_language(ENGLISH)
    assert guess.language == "en"
    assert not guess.hk_usage


def test_english_quoting_a_chinese_name_stays_english() -> None:
    assert detect_language(ENGLISH + " Alibaba (阿里巴巴) rose 3%.").language == "en"


def test_chinese_full_of_tickers_and_model_names_stays_chinese() -> None:
    text = (
        "阿里雲開源Qwen3-VL-30B-A3B-Instruct與Thinking模型，並推出FP8版本，"
        "在STEM、VQA、OCR任務媲美GPT-5-Mini。"
    )
    assert detect_language(text).language == "zh-Hant"


def test_bilingual_text_is_mixed() -> None:
    text = TRADITIONAL + "\n\n" + ENGLISH + " " + ENGLISH
    assert detect_language(text).language == "mixed"


@pytest.mark.parametrize(
    "text", ["", "   ", "12345 67.8%", "!!!", "株価が上昇しました。トヨタ自動車の決算"]
)
def test_unknown(text: str) -> None:
    assert detect_language(text).language == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "人工智能,突發!啱啱,崩跌!",
        "佢哋話今日恒指會升",
        "呢隻股票係咪要沽咗佢",
        "唔好再追高啦",
        "阿里巴巴嘅股價今日升咗3%",
    ],
)
def test_cantonese_markers(text: str) -> None:
    assert detect_language(text).hk_usage


def test_cantonese_markers_are_found_in_simplified_script_too() -> None:
    assert detect_language(opencc.OpenCC("hk2s").convert("佢哋係咪已經沽咗")).hk_usage


def test_standard_written_chinese_has_no_hk_usage() -> None:
    assert not detect_language(TRADITIONAL).hk_usage
    assert not detect_language(SIMPLIFIED).hk_usage


def test_simplified_only_table_holds_simplified_characters() -> None:
    table = simplified_only_chars()
    assert {"发", "国", "资", "这", "们"} <= table
    assert not {"發", "國", "人", "中", "A"} & table


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-TW", "zh-Hant"),
        ("zh_HK", "zh-Hant"),
        ("zh-Hant-HK", "zh-Hant"),
        ("cht", "zh-Hant"),
        ("zh-CN", "zh-Hans"),
        ("zh-Hans", "zh-Hans"),
        ("en-US", "en"),
        ("EN", "en"),
        ("zh", None),
        ("fr", None),
        ("", None),
    ],
)
def test_language_tags(tag: str, expected: str | None) -> None:
    assert map_language_tag(tag) == expected


def test_real_a_share_news_is_simplified(shared_data: Path) -> None:
    path = shared_data / "astock_news" / "val.csv"
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            row for _, row in zip(range(200), csv.DictReader(handle, delimiter="\t"), strict=False)
        ]
    texts = [row["text_a"] for row in rows if len(row.get("text_a") or "") > 40]
    assert len(texts) > 100
    guesses = [detect_language(text).language for text in texts]
    assert guesses.count("zh-Hans") / len(guesses) > 0.97
    to_traditional = opencc.OpenCC("s2hk")
    traditional = [detect_language(to_traditional.convert(t)).language for t in texts[:50]]
    assert traditional.count("zh-Hant") / len(traditional) > 0.97


def test_real_english_news_is_english(shared_data: Path) -> None:
    path = shared_data / "fnspid_sample" / "news_text_AA.csv"
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(100), csv.DictReader(handle), strict=False)]
    texts = [row["New_text"] for row in rows if len(row.get("New_text") or "") > 80]
    assert len(texts) > 50
    assert all(detect_language(text).language == "en" for text in texts)


def test_script_counts_add_up_window_by_window() -> None:
    # Each window's count is the last window's plus the stretch beyond it: the same counts as
    # counting every window from the start.
    from marketbuzz.read import language

    traditional, simplified = language._script_patterns()

    def from_scratch(sample: str) -> tuple[int, int]:
        for size in language.SCRIPT_WINDOWS:
            counts = (
                len(traditional.findall(sample, 0, size)),
                len(simplified.findall(sample, 0, size)),
            )
            if size >= len(sample) or language._decisive(*counts):
                return counts
        return len(traditional.findall(sample)), len(simplified.findall(sample))

    samples = [
        "中國人民銀行今日宣佈下調存款準備金率，市場反應積極。" * 3,  # decided in 30
        "人工智能大模型" * 10 + "这些企业的业绩增长很快。" * 20,  # decided only by 400
        "公司表示" * 150 + "這個數據",  # decided by nothing: the whole sample
        "Apple and Nvidia 上漲",
        "",
    ]
    for sample in samples:
        assert language._script_counts(sample) == from_scratch(sample)


@pytest.mark.parametrize(
    "text",
    [
        "阿里巴巴發佈Qwen3-VL模型，GPU需求大增，Nvidia和AMD股價上漲。",
        "Oracle shares fell 7% after a report on cloud margins; 甲骨文跌超7%。",
        "Tesla's delivery numbers beat estimates and the stock rose in early trade.",
        "人工智能",
    ],
)
def test_latin_words_are_counted_alike_in_chinese_and_english_text(text: str) -> None:
    from marketbuzz.read import language

    _, latin, _ = language._byte_counts(text)
    assert latin == len(re.findall(r"[A-Za-z][A-Za-z0-9'-]*", text.replace("’", "'")))
