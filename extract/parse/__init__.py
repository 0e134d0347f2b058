"""Parse stages: clean text to records (outline, classification, items, targets)."""
