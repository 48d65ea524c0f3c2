"""Text utilities shared by every stage: script folding, sentences, numbers."""
