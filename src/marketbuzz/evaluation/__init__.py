"""Evaluation on public data sets: scores, error samples and the baseline gate."""
