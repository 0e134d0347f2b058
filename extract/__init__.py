"""dualcarbon-kg: Chinese carbon-peaking/neutrality technology plans as a validated RDF graph."""

__version__ = "0.1.0"
