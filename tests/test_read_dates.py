"""Publication dates: formats, the year rule, time zones and relative dates."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from marketbuzz.read.dates import parse_date, search_date

REFERENCE = dt.date(2025, 10, 9)
HKT = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-10-08", dt.date(2025, 10, 8)),
        ("2025/10/08", dt.date(2025, 10, 8)),
        ("2025.10.08", dt.date(2025, 10, 8)),
        ("2025年10月8日", dt.date(2025, 10, 8)),
        ("2025 年 10 月 8 日 09:30", dt.datetime(2025, 10, 8, 9, 30)),
        ("２０２５年１０月８日", dt.date(2025, 10, 8)),  # full-width digits
        ("Oct 8, 2025", dt.date(2025, 10, 8)),
        ("October 8th, 2025", dt.date(2025, 10, 8)),
        ("8 Oct 2025", dt.date(2025, 10, 8)),
        ("Sept. 30, 2025", dt.date(2025, 9, 30)),
        ("JAN 25, 2024", dt.date(2024, 1, 25)),
        ("2025-10-08 09:30:15", dt.datetime(2025, 10, 8, 9, 30, 15)),
        ("10/08/2025", dt.date(2025, 10, 8)),
        ("25/12/2024", dt.date(2024, 12, 25)),  # 25 cannot be a month: day first
    ],
)
def test_full_dates(raw: str, expected: dt.date) -> None:
    parsed = parse_date(raw)
    assert parsed is not None
    assert parsed.value == expected
    assert parsed.raw == raw
    assert not parsed.year_from_reference


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-10-08T09:30:00+08:00", dt.datetime(2025, 10, 8, 9, 30, tzinfo=HKT)),
        ("2025-10-08T01:30:00Z", dt.datetime(2025, 10, 8, 1, 30, tzinfo=dt.UTC)),
        ("2025/10/08 09:30 HKT", dt.datetime(2025, 10, 8, 9, 30, tzinfo=HKT)),
        ("2025年10月8日 09:30 北京時間", dt.datetime(2025, 10, 8, 9, 30, tzinfo=HKT)),
        (
            "Wednesday, October 8, 2025 10:32 AM ET",
            dt.datetime(2025, 10, 8, 10, 32, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
        ),
        (
            "Jan 8, 2025 4:05 pm ET",
            dt.datetime(2025, 1, 8, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        ),
    ],
)
def test_time_zones_are_kept(raw: str, expected: dt.datetime) -> None:
    parsed = parse_date(raw)
    assert parsed is not None
    assert parsed.value == expected
    assert isinstance(parsed.value, dt.datetime)
    assert parsed.value.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("raw", "month", "day"),
    [
        ("10/08", 10, 8),
        ("10月8日", 10, 8),
        ("10月8日 09:30", 10, 8),
        ("Oct 8", 10, 8),
        ("8 Oct", 10, 8),
    ],
)
def test_dates_without_a_year_are_never_guessed(raw: str, month: int, day: int) -> None:
    parsed = parse_date(raw)
    assert parsed is not None
    assert parsed.value is None
    assert (parsed.month, parsed.day) == (month, day)
    resolved = parse_date(raw, REFERENCE)
    assert resolved is not None
    assert resolved.value is not None
    assert (resolved.value.year, resolved.value.month, resolved.value.day) == (2025, month, day)
    assert resolved.year_from_reference


def test_year_rolls_back_when_the_date_would_be_in_the_future() -> None:
    parsed = parse_date("12/30", dt.date(2026, 1, 3))
    assert parsed is not None
    assert parsed.value == dt.date(2025, 12, 30)
    # Within the two days of tolerance the reference year stands (time zones, next-day dating).
    tomorrow = parse_date("10/10", REFERENCE)
    assert tomorrow is not None
    assert tomorrow.value == dt.date(2025, 10, 10)
    later = parse_date("10/20", REFERENCE)
    assert later is not None
    assert later.value == dt.date(2024, 10, 20)


def test_leap_day_without_a_year_finds_a_leap_year_or_stays_open() -> None:
    parsed = parse_date("2月29日", dt.date(2025, 3, 1))
    assert parsed is not None
    assert parsed.value == dt.date(2024, 2, 29)
    unresolved = parse_date("2月29日", dt.date(2027, 3, 1))
    assert unresolved is not None
    assert unresolved.value is None
    assert (unresolved.month, unresolved.day) == (2, 29)


def test_datetime_reference_gives_a_datetime() -> None:
    reference = dt.datetime(2025, 10, 9, 8, 0, tzinfo=HKT)
    parsed = parse_date("10月8日 21:30", reference)
    assert parsed is not None
    assert parsed.value == dt.datetime(2025, 10, 8, 21, 30)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3 hours ago", dt.datetime(2025, 10, 9, 9, 0)),
        ("14 HOURS AGO", dt.datetime(2025, 10, 8, 22, 0)),
        ("an hour ago", dt.datetime(2025, 10, 9, 11, 0)),
        ("5分鐘前", dt.datetime(2025, 10, 9, 11, 55)),
        ("2天前", dt.datetime(2025, 10, 7, 12, 0)),
        ("昨天", dt.date(2025, 10, 8)),
        ("前天", dt.date(2025, 10, 7)),
        ("昨天 21:30", dt.datetime(2025, 10, 8, 21, 30)),
        ("yesterday", dt.date(2025, 10, 8)),
    ],
)
def test_relative_dates_resolve_against_the_reference(raw: str, expected: dt.date) -> None:
    parsed = parse_date(raw, dt.datetime(2025, 10, 9, 12, 0))
    assert parsed is not None
    assert parsed.value == expected
    assert parse_date(raw) is not None
    unresolved = parse_date(raw)
    assert unresolved is not None
    assert unresolved.value is None


@pytest.mark.parametrize(
    "not_a_date", ["", "hello", "12:30", "13/45", "2025-13-01", "3.5/10", "券商中國", "1/2 of the"]
)
def test_non_dates(not_a_date: str) -> None:
    assert parse_date(not_a_date) is None


def test_search_date_finds_a_date_inside_a_line() -> None:
    found = search_date("NEW YORK, Oct 8 (Reuters) - Stocks fell", REFERENCE)
    assert found is not None
    parsed, start, end = found
    assert parsed.raw == "Oct 8"
    assert (start, end) == (10, 15)
    found = search_date("財聯社 2025-10-08 09:30")
    assert found is not None
    assert found[0].value == dt.datetime(2025, 10, 8, 9, 30)
    assert search_date("股價升3.5%，市盈率12倍") is None


def test_every_date_in_a_real_headline_feed_parses(shared_data: Path) -> None:
    """nasdaq.com headline dates: absolute ("JAN 25, 2024") and relative ("14 HOURS AGO")."""
    path = shared_data / "fnspid_sample" / "headlines_aapl.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        dates = [row["Date"] for row in csv.DictReader(handle) if row.get("Date")]
    assert len(dates) > 100
    reference = dt.datetime(2024, 2, 4, 12, 0)
    parsed = [parse_date(raw, reference) for raw in dates]
    failures = [raw for raw, p in zip(dates, parsed, strict=True) if p is None or p.value is None]
    assert failures == []
