"""Every namespace, class, graph and scheme IRI that the code names: one place, so that a term of the
ontology (``ontology/dckg.ttl``) is spelt once. Minting IRIs for things is :mod:`extract.rdf.iri`'s job.
"""

from __future__ import annotations

from rdflib import Namespace

DCKG = Namespace("https://w3id.org/dckg/ontology#")
ID = Namespace("https://w3id.org/dckg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"  # the datatype of a plain literal

PREFIXES = {
    "dckg": str(DCKG),
    "id": str(ID),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": str(OA),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": str(SCHEMA),
    "eli": str(ELI),
}
"""The prefixes every output declares and every query may use undeclared."""

# -- classes ----------------------------------------------------------------------------------------------
CARBON_CLASS = {
    "low": DCKG.LowCarbonTechnology,
    "zero": DCKG.ZeroCarbonTechnology,
    "negative": DCKG.NegativeCarbonTechnology,
    "nonco2": DCKG.NonCO2AbatementTechnology,
}
CARBON_CLASSES = ("low", "zero", "negative")
"""The classes whose union is dckg:ClassifiedTechnology, in the order every table and picture shows them."""
CARBON_SUPERCLASS = {"nonco2": "low"}
"""dckg:NonCO2AbatementTechnology is a subclass of dckg:LowCarbonTechnology: it counts as low where only
the three classes are shown."""
CARBON_CLASS_LABELS = {  # the (zh, en) labels of ontology/dckg.ttl
    "low": ("低碳技术", "low-carbon technology"),
    "zero": ("零碳技术", "zero-carbon technology"),
    "negative": ("负碳技术", "negative-carbon technology"),
}
CARBON_CLASS_SHORT = {  # the same labels cut short, for legends and pills
    "low": ("低碳", "low"),
    "zero": ("零碳", "zero"),
    "negative": ("负碳", "negative"),
}
ACTIVITY = {
    "basic_research": DCKG.BasicResearch,
    "rd": DCKG.ResearchAndDevelopment,
    "demonstration": DCKG.Demonstration,
    "deployment": DCKG.Deployment,
}

# -- schemes ------------------------------------------------------------------------------------------------
SECTOR_SCHEME = ID["sector"]
SECTOR_ORDER = ("energy", "industry", "buildings", "transport", "afolu", "waste", "cross_sector")
"""The order of the sector scheme's top concepts in ontology/sectors.ttl."""
TECHNOLOGY_SCHEME = ID["technology-scheme"]

# -- graphs -------------------------------------------------------------------------------------------------
REFERENCE_GRAPH = ID["graph/reference"]
"""The named graph of graph.trig holding the reference data (sector scheme, rule book, code lists)."""
COLLECTION_GRAPH = str(ID["graph"])
"""The graph ``dckg push`` writes a file holding several documents to."""
