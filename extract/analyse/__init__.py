"""Analytics over a built graph: a networkx view of technologies, entries, sectors, classes and actions
(`network`), its statistics, and a self-contained HTML report with inline SVG pictures (`report`, `svg`).

Everything here reads the RDF graph only; nothing reaches back into parsing. Every output is
deterministic: the same graph gives the same numbers, bytes and pictures.
"""
