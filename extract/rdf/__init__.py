"""RDF stages: records to triples, validation, queries and export."""
