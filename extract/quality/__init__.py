"""Quality: what became of every paragraph (coverage, the outline view), and the developer tools that
measure the extraction: annotations, agreement with hand-made gold sets, corpus checks."""
