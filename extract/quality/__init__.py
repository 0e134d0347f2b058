"""Quality tools for developers: annotations, agreement with hand-made gold sets, corpus checks."""
