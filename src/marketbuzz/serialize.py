"""The JSON contract: `analysis_to_dict` turns an Analysis into plain JSON values.

Keys are documented in the README ("JSON contract"); adding keys is allowed, renaming is not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from marketbuzz.model import (
    Analysis,
    Article,
    Claim,
    Event,
    LinkedInstrument,
    Mention,
    Move,
    PublishedDate,
    Theme,
)

JSON = dict[str, Any]


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _published(published: PublishedDate | None) -> JSON | None:
    if published is None:
        return None
    return {
        "raw": published.raw,
        "value": _date(published.value),
        "month": published.month,
        "day": published.day,
        "year_from_reference": published.year_from_reference,
    }


def _mention(mention: Mention) -> JSON:
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "via": mention.via,
        "role": mention.role,
        "market_hint": mention.market_hint,
    }


def _instrument(item: LinkedInstrument) -> JSON:
    return {
        "id": item.entity_id,
        "name": item.name,
        "name_zh": item.name_zh,
        "symbols": list(item.symbols),
        "kind": item.kind,
        "relevance": item.relevance,
        "sentiment": item.sentiment,
        "roles": list(item.roles),
        "mentions": [_mention(m) for m in item.mentions],
        "sentiment_evidence": [
            {
                "score": e.score,
                "start": e.sentence.start,
                "end": e.sentence.end,
                "text": e.sentence.text,
            }
            for e in item.sentiment_evidence
        ],
    }


def _move(move: Move) -> JSON:
    return {
        "symbol": move.symbol or move.entity_id,
        "entity_id": move.entity_id,
        "direction": move.direction,
        "value": move.value,
        "unit": move.unit,
        "value_currency": move.value_currency,
        "qualifiers": list(move.qualifiers),
        "text": move.text,
        "start": move.start,
        "end": move.end,
        "level": move.level,
        "level_currency": move.level_currency,
        "high_low": move.high_low,
        "horizon": move.horizon,
        "streak": move.streak,
        "cause": move.cause,
    }


def _event(event: Event) -> JSON:
    return {
        "type": event.type,
        "subjects": list(event.subject_ids),
        "actors": list(event.actor_ids),
        "attributes": event.attributes,
        "polarity": event.polarity,
        "text": event.text,
        "start": event.start,
        "end": event.end,
    }


def _claim(claim: Claim) -> JSON:
    return {
        "claimant": claim.claimant,
        "claimant_id": claim.claimant_entity_id,
        "value": claim.value,
        "unit": claim.unit,
        "quantity": claim.quantity,
        "qualifiers": list(claim.qualifiers),
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
    }


def _theme(theme: Theme) -> JSON:
    return {
        "name": theme.name,
        "score": theme.score,
        "evidence": [{"start": s.start, "end": s.end, "text": s.text} for s in theme.evidence],
    }


def article_to_dict(article: Article) -> JSON:
    return {
        "title": article.title,
        "source": article.source,
        "published": _date(article.published.value) if article.published else None,
        "published_raw": article.published.raw if article.published else None,
        "published_detail": _published(article.published),
        "language": article.language,
        "hk_usage": article.hk_usage,
        "url": article.url,
        "encoding": article.encoding,
        "text": article.text,
        "body_offset": article.body_offset,
        "boilerplate": [{"kind": b.kind, "text": b.text} for b in article.boilerplate],
    }


def analysis_to_dict(analysis: Analysis) -> JSON:
    result = article_to_dict(analysis.article)
    result.update(
        {
            "instruments": [_instrument(i) for i in analysis.instruments],
            "organizations": [_instrument(i) for i in analysis.organizations],
            "moves": [_move(m) for m in analysis.moves],
            "events": [_event(e) for e in analysis.events],
            "claims": [_claim(c) for c in analysis.claims],
            "themes": [_theme(t) for t in analysis.themes],
            "master_version": analysis.master_version,
            "warnings": list(analysis.warnings),
        }
    )
    return result


def to_json(value: object, *, pretty: bool = True) -> str:
    option = orjson.OPT_INDENT_2 if pretty else 0
    return orjson.dumps(value, option=option | orjson.OPT_NON_STR_KEYS).decode()
