"""Linking: finding every mention of an instrument and deciding which instrument it is."""
