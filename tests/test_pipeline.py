"""The public API and CLI end to end: JSON contract, bad input, samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import marketbuzz
from marketbuzz.cli import main
from marketbuzz.errors import MarketbuzzError
from marketbuzz.serialize import analysis_to_dict

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CONTRACT_KEYS = {
    "title",
    "source",
    "published",
    "language",
    "instruments",
    "moves",
    "events",
    "claims",
    "themes",
}


def _check_offsets(result: dict[str, object]) -> None:
    text = str(result["text"])
    for item in result["instruments"]:  # type: ignore[attr-defined]
        assert {"name", "symbols", "kind", "relevance", "sentiment", "mentions"} <= set(item)
        assert 0.0 <= item["relevance"] <= 1.0
        assert -1.0 <= item["sentiment"] <= 1.0
        for mention in item["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    for move in result["moves"]:  # type: ignore[attr-defined]
        assert move["direction"] in {"up", "down", "flat"}
        assert text[move["start"] : move["end"]] == move["text"]


ARTICLE_SAMPLES = sorted(
    p.name for p in SAMPLES.iterdir() if p.is_file() and p.suffix in {".txt", ".html", ".json"}
)


@pytest.mark.parametrize("sample", ARTICLE_SAMPLES)
def test_samples_follow_the_contract(sample: str) -> None:
    analysis = marketbuzz.analyze(SAMPLES / sample)
    result = analysis_to_dict(analysis)
    assert set(result) >= CONTRACT_KEYS
    assert result["instruments"], f"{sample}: nothing linked"
    _check_offsets(result)
    json.dumps(result, ensure_ascii=False)


def test_text_input_in_three_scripts_links_the_same_company() -> None:
    texts = [
        "騰訊控股(00700)今日股價升3%。",
        "腾讯控股今日股价上涨3%。",
        "Tencent (0700.HK) rose 3%.",
    ]
    for text in texts:
        symbols = {s for i in marketbuzz.analyze(text).instruments for s in i.symbols}
        assert "0700.HK" in symbols, text


@pytest.mark.parametrize(
    "bad",
    [b"", b"   \n\t ", b"\x00\x01\x02binary\x00" * 100, b"<html><body><p>unclosed <div"],
)
def test_bad_input_is_a_clear_error_or_an_empty_analysis(bad: bytes) -> None:
    error: MarketbuzzError | None = None
    try:
        analysis = marketbuzz.analyze(bad)
    except MarketbuzzError as exc:
        error = exc
    if error is not None:
        assert error.code.startswith("MB")
        assert error.message
    else:
        assert analysis.instruments == ()


def test_huge_input_is_refused_clearly() -> None:
    with pytest.raises(MarketbuzzError) as info:
        marketbuzz.analyze(b"a" * 50_000_000)
    assert "MB" in info.value.code


def test_cli_json_and_table(tmp_path: Path) -> None:
    runner = CliRunner()
    sample = str(SAMPLES / "hk_tech_rally.txt")
    result = runner.invoke(main, ["analyze", sample, "--as-of", "2025-11-21"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["published"] == "2025-11-20T16:10:00"
    table = runner.invoke(main, ["analyze", sample, "--format", "table"])
    assert table.exit_code == 0
    assert "Instruments" in table.output


def test_cli_reports_bad_files_and_continues(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(main, ["analyze", str(empty), str(SAMPLES / "ashare_close.txt")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output
    assert "Traceback" not in result.output


def test_cli_missing_file_and_bad_date() -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["analyze", "/nonexistent/file.txt"])
    assert missing.exit_code == 1
    assert "no such file" in missing.output
    bad_date = runner.invoke(main, ["analyze", "-", "--as-of", "yesterday"], input="x")
    assert bad_date.exit_code == 2
    assert "not a date" in bad_date.output


def test_cli_reads_stdin() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["analyze", "-"], input="特斯拉股價大跌5%。".encode())
    assert result.exit_code == 0, result.output
    assert "TSLA" in result.output


def test_cli_jsonl_archive_reports_the_bad_line_and_does_the_rest(tmp_path: Path) -> None:
    archive = tmp_path / "news.jsonl"
    archive.write_text(
        '{"title": "特斯拉大跌", "body": "特斯拉股價大跌5%。"}\n'
        "{not json\n"
        '{"title": "Nvidia rallies", "body": "Nvidia shares rose 3% to a record high."}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["analyze", str(archive), "--format", "jsonl"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    symbols = [{s for i in line["instruments"] for s in i["symbols"]} for line in lines]
    assert len(lines) == 2
    assert "TSLA" in symbols[0]
    assert "NVDA" in symbols[1]
    assert "news.jsonl:2" in result.stderr
