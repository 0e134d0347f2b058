"""Network services: SPARQL endpoints, triple stores, the oxigraph server and Wikidata. Nothing of
``dckg build`` or the offline ``dckg query`` imports this package (tests/test_architecture.py)."""
