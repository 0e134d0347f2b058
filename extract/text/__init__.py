"""Text stages: bytes to clean text, with an offset map back to the source."""
