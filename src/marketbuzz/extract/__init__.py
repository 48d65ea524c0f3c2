"""Extractors: price moves, events, claims, themes and sentiment."""
