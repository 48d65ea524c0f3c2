"""Readers for the public data sets the security master is built from, one module per source.

Each reader returns `Draft` entities (see `.draft`); `marketbuzz.master.build` merges them.
"""
