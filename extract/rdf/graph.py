"""Document records to RDF triples: the only module that names ontology terms.

Vocabulary reuse: dcterms for documents and parts, skos for labels and the sector scheme, prov for
derivation, Web Annotation (oa:start/oa:end/oa:exact) for the source spans, schema.org for quantities.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from rdflib import Literal, URIRef
from rdflib import namespace as rdflib_ns

from ..parse.rules import Rule, all_rules, default_rules
from ..records import Document, Entry, Item, Mention, RuleHit, Span, Target
from ..resources import ontology_file
from . import iri, vocab
from .io import read_rdf, read_turtle
from .ntriples import line
from .vocab import ACTIVITY, CARBON_CLASS, TECHNOLOGY_SCHEME


class _Terms:
    """A namespace whose terms are made once. rdflib's namespaces make a new URIRef on every attribute
    access, and the builders name ~15,000 terms per plan: a tenth of the time it takes to collect them."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)  # a closed namespace still rejects unknown names
        setattr(self, name, term)
        return term


DCKG, ELI, OA, SCHEMA = _Terms(vocab.DCKG), _Terms(vocab.ELI), _Terms(vocab.OA), _Terms(vocab.SCHEMA)
DCTERMS, PROV, RDF, RDFS, SKOS, XSD = (
    _Terms(n) for n in (rdflib_ns.DCTERMS, rdflib_ns.PROV, rdflib_ns.RDF, rdflib_ns.RDFS, rdflib_ns.SKOS, rdflib_ns.XSD)
)
ZH = "zh"
Triple = tuple[URIRef, URIRef, URIRef | Literal]


class TripleSink(Protocol):
    """Where the builders put triples: an rdflib Graph, or a plain list (see ``document_triples``)."""

    def add(self, triple: Triple, /) -> object: ...


class _TripleList(list):
    """A list that takes ``add`` like a Graph. Collecting a plan's triples this way is 3x faster than
    adding them to a Graph, which indexes each one; a build needs the index only for validation."""

    add = list.append


def _year(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def _offset(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


def _add_span(g: TripleSink, doc: Document, span: Span) -> URIRef:
    node = iri.span(doc.doc_id, span.start, span.end)
    g.add((node, RDF.type, DCKG.SourceSpan))
    # a Web Annotation selector of both kinds: the offsets select the text, the quote checks it
    g.add((node, RDF.type, OA.TextPositionSelector))
    g.add((node, RDF.type, OA.TextQuoteSelector))
    g.add((node, DCTERMS.source, iri.document(doc.doc_id)))
    g.add((node, OA.start, _offset(span.start)))
    g.add((node, OA.end, _offset(span.end)))
    g.add((node, OA.exact, Literal(span.of(doc.text))))
    if doc.original is not None:
        g.add((node, DCKG.originalText, Literal(span.of(doc.original))))
    g.add((node, DCKG.sourceStart, _offset(doc.source_offset(span.start))))
    g.add((node, DCKG.sourceEnd, _offset(doc.source_offset(span.end))))
    page = doc.page_of(span.start)
    if page is not None:
        g.add((node, DCKG.page, Literal(page)))
    return node


def _derive(g: TripleSink, doc: Document, subject: URIRef, span: Span) -> URIRef:
    node = _add_span(g, doc, span)
    g.add((subject, PROV.wasDerivedFrom, node))
    return node


def _add_evidence(g: TripleSink, subject: URIRef, hits: Iterable[RuleHit]) -> None:
    for hit in hits:
        rule = iri.rule(hit.rule_id)
        g.add((subject, DCKG.firedRule, rule))
        if hit.matched:
            node = iri.evidence(subject, hit.rule_id)
            g.add((subject, DCKG.evidence, node))
            g.add((node, RDF.type, DCKG.RuleFiring))
            g.add((node, DCKG.rule, rule))
            g.add((node, DCKG.matchedText, Literal(hit.matched, lang=ZH)))


def _add_document(g: TripleSink, doc: Document) -> URIRef:
    node = iri.document(doc.doc_id)
    meta = doc.metadata
    g.add((node, RDF.type, DCKG.PolicyDocument))
    g.add((node, RDF.type, ELI.LegalResource))  # so legislation graphs that use ELI can join on it
    g.add((node, DCTERMS.identifier, Literal(doc.doc_id)))
    g.add((node, DCTERMS.title, Literal(meta.title or doc.title, lang=ZH)))
    if meta.title_en:
        g.add((node, DCTERMS.title, Literal(meta.title_en, lang="en")))
    g.add((node, DCTERMS.language, Literal(meta.language)))
    g.add((node, DCKG.sourceFile, Literal(doc.source_name)))
    g.add((node, DCKG.sourceEncoding, Literal(doc.encoding)))
    if meta.date_signed:
        g.add((node, DCKG.dateSigned, Literal(meta.date_signed, datatype=XSD.date)))
        g.add((node, ELI.date_document, Literal(meta.date_signed, datatype=XSD.date)))
    if meta.published:
        datatype = XSD.gYearMonth if len(meta.published) == 7 else XSD.date
        g.add((node, DCTERMS.issued, Literal(meta.published, datatype=datatype)))
    if meta.period:
        g.add((node, DCKG.periodStart, _year(meta.period[0])))
        g.add((node, DCKG.periodEnd, _year(meta.period[1])))
    for i, name in enumerate(meta.issuers):
        org = iri.organisation(name)
        g.add((node, DCTERMS.creator, org))
        g.add((org, RDF.type, PROV.Organization))
        g.add((org, SKOS.prefLabel, Literal(name, lang=ZH)))
        if i < len(meta.issuers_en):
            g.add((org, SKOS.prefLabel, Literal(meta.issuers_en[i], lang="en")))
    for year in doc.horizon_years:
        g.add((node, DCKG.horizonYear, _year(year)))
    if meta.document_number:
        g.add((node, DCKG.documentNumber, Literal(meta.document_number)))
    if meta.notice_title:
        g.add((node, DCKG.noticeTitle, Literal(meta.notice_title, lang=ZH)))
    if meta.document_type:
        g.add((node, DCKG.documentType, Literal(meta.document_type, lang=ZH)))
    for code, name, level in meta.regions:
        region = iri.region(code)
        g.add((node, DCKG.region, region))
        g.add((region, RDF.type, DCTERMS.Location))
        g.add((region, SKOS.prefLabel, Literal(name, lang=ZH)))
        g.add((region, SKOS.notation, Literal(code)))
        g.add((region, DCKG.regionLevel, Literal(level)))
    _derive(g, doc, node, doc.title_span)
    return node


def _labels(g: TripleSink, node: URIRef, zh: str, en: str | None) -> None:
    g.add((node, SKOS.prefLabel, Literal(zh, lang=ZH)))
    if en:
        g.add((node, SKOS.prefLabel, Literal(en, lang="en")))


def _add_technology(g: TripleSink, thing: Item | Mention, holder: URIRef) -> URIRef:
    """The technology an item or mention names (one IRI per normalised label), with its classes, sectors,
    labels and concept, mentioned in ``holder``."""
    tech = iri.technology(thing.label)
    g.add((tech, DCKG.mentionedIn, holder))
    g.add((tech, RDF.type, DCKG.Technology))
    for cls in thing.carbon_classes:
        g.add((tech, RDF.type, CARBON_CLASS[cls]))
    for notation in thing.sectors:
        g.add((tech, DCKG.sector, iri.sector(notation)))
    _labels(g, tech, thing.label, thing.label_en)
    g.add((tech, DCKG.normalisedLabel, Literal(iri.normalise_label(thing.label))))
    _add_concept(g, tech, thing.label)
    return tech


def _add_item(g: TripleSink, doc: Document, entry_node: URIRef, item: Item, row_activity: str | None = None) -> None:
    tech = _add_technology(g, item, entry_node)
    g.add((entry_node, DCKG.namesTechnology, tech))
    span = _derive(g, doc, tech, item.span)
    g.add((span, DCKG.mentionOf, tech))
    g.add((span, DCKG.inEntry, entry_node))
    activity = row_activity or item.activity  # a box row's stage tag ([集中攻关]) governs its items
    if activity:
        g.add((span, DCKG.activity, ACTIVITY[activity]))
    if item.split_from:
        g.add((span, DCKG.splitFrom, Literal(item.split_from, lang=ZH)))
    _add_evidence(g, tech, item.hits)


def _add_concept(g: TripleSink, tech: URIRef, label: str) -> None:
    """The technology's concept in the technology scheme, so that every wording of one technology meets in
    one node. The concepts themselves are reference data (``concept_triples``), written once per graph."""
    from ..parse.concepts import nearest_concept

    concept = nearest_concept(label)
    if concept is not None:
        g.add((tech, DCKG.concept, iri.concept(concept.concept_id)))


def concept_triples(concept_iris: Iterable[str]) -> list[Triple]:
    """The scheme's concepts that ``concept_iris`` name, with the concepts above them."""
    from ..parse.concepts import scheme

    concepts, _ = scheme()
    prefix = str(iri.concept(""))
    out: list[Triple] = []
    seen: set[str] = set()
    for node_iri in sorted(concept_iris):
        concept = concepts.get(node_iri[len(prefix):]) if node_iri.startswith(prefix) else None
        while concept is not None and concept.concept_id not in seen:
            seen.add(concept.concept_id)
            node = iri.concept(concept.concept_id)
            out.append((node, RDF.type, SKOS.Concept))
            out.append((node, SKOS.inScheme, TECHNOLOGY_SCHEME))
            out.append((node, SKOS.prefLabel, Literal(concept.pref, lang=ZH)))
            out.extend((node, SKOS.altLabel, Literal(alt, lang=ZH)) for alt in concept.alts)
            parent = concepts.get(concept.broader)
            if parent is not None:
                out.append((node, SKOS.broader, iri.concept(parent.concept_id)))
            concept = parent
    return out


def _add_mention(g: TripleSink, doc: Document, m: Mention, holder: URIRef, action: URIRef | None) -> None:
    """A technology named in the body: its span says where, in which part, doing what, by when."""
    tech = _add_technology(g, m, holder)
    span = _derive(g, doc, tech, m.span)
    g.add((span, DCKG.mentionOf, tech))
    g.add((span, DCKG.within, holder))
    g.add((span, DCKG.documentPart, Literal(m.part)))
    if action is not None:
        g.add((span, DCKG.inAction, action))
    if m.path:
        g.add((span, DCKG.path, Literal(m.path)))
    if m.activity:
        g.add((span, DCKG.activity, ACTIVITY[m.activity]))
    for year in m.target_years:
        g.add((span, DCKG.targetYear, _year(year)))
    for year in m.inherited_years:
        g.add((span, DCKG.inheritedTargetYear, _year(year)))
    if m.confidence is not None:
        g.add((span, DCKG.confidence, Literal(Decimal(f"{m.confidence:.2f}"))))
    _add_evidence(g, tech, m.hits)


def _add_mentions(g: TripleSink, doc: Document, doc_node: URIRef, sections: dict[str, URIRef]) -> None:
    for m in doc.mentions:
        action = iri.action(doc.doc_id, m.action_key) if m.action_key else None
        if m.column_key and m.entry_position:
            holder = iri.entry(doc.doc_id, m.column_key, m.entry_position)
        elif m.entry_key:
            holder = iri.section_entry(doc.doc_id, m.entry_key)
        elif m.column_key:
            holder = iri.column(doc.doc_id, m.column_key)
        else:
            holder = sections.get(m.path) or action or doc_node
        _add_mention(g, doc, m, holder, action)


def _add_citations(g: TripleSink, doc: Document, doc_node: URIRef) -> None:
    """dckg:cites to one resource per cited policy (shared by every document that cites it); the document's
    own citation key, so a citation resolves to it when both are in one graph (queries/citations.rq)."""
    from ..parse.citations import citation_key

    own = doc.metadata.title or doc.title
    if own:
        g.add((doc_node, DCKG.citationKey, Literal(citation_key(own))))
    for c in doc.citations:
        key = citation_key(c.title)
        policy = iri.policy(key)
        g.add((doc_node, DCKG.cites, policy))
        g.add((policy, RDF.type, ELI.LegalResource))
        g.add((policy, DCTERMS.title, Literal(c.title, lang=ZH)))
        g.add((policy, DCKG.citationKey, Literal(key)))
        if c.number:
            g.add((policy, DCKG.documentNumber, Literal(c.number)))
        span = _add_span(g, doc, c.span)
        g.add((span, DCKG.citationOf, policy))


def _add_entry(g: TripleSink, doc: Document, entry: Entry, node: URIRef, container: URIRef, action: URIRef,
               years: tuple[int, ...], *, in_column: bool) -> None:
    """An entry with its own target years (stated in it) apart from those of its action (``years``)."""
    g.add((node, RDF.type, DCKG.Entry))
    _labels(g, node, entry.title, entry.title_en)
    g.add((node, DCKG.body, Literal(entry.body, lang=ZH)))
    g.add((node, DCKG.position, Literal(entry.position)))
    g.add((node, DCKG.inColumn if in_column else DCKG.inSection, container))
    g.add((node, DCKG.inAction, action))
    g.add((node, DCTERMS.isPartOf, container))
    g.add((container, DCTERMS.hasPart, node))
    if entry.path:
        g.add((node, DCKG.path, Literal(entry.path)))
    if entry.group:
        g.add((node, DCKG.group, Literal(entry.group, lang=ZH)))
    for year in entry.target_years:
        g.add((node, DCKG.targetYear, _year(year)))
    for year in years:
        if year not in entry.target_years:
            g.add((node, DCKG.inheritedTargetYear, _year(year)))
    if entry.kind == "technology":
        g.add((node, RDF.type, DCKG.Technology))
        for cls in entry.carbon_classes:
            g.add((node, RDF.type, CARBON_CLASS[cls]))
        for notation in entry.sectors:
            g.add((node, DCKG.sector, iri.sector(notation)))
    else:
        g.add((node, RDF.type, DCKG.Measure))
    _add_evidence(g, node, entry.hits)
    _derive(g, doc, node, entry.span)
    for item in entry.items:
        _add_item(g, doc, node, item, entry.activity)


def _number(value: float) -> Literal:
    """Integers as xsd:integer (rdflib would write an integral decimal as -18.0), others as xsd:decimal."""
    if float(value).is_integer():
        return Literal(int(value))
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def _add_target(g: TripleSink, doc: Document, target: Target, seen: dict[URIRef, int]) -> None:
    owner = str(target.action) if target.action else "doc"
    node = iri.target(doc.doc_id, owner, target.indicator, target.target_year, target.value)
    seen[node] = seen.get(node, 0) + 1
    if seen[node] > 1:
        node = iri.target(doc.doc_id, owner, target.indicator, target.target_year, target.value, seen[node])
    g.add((node, RDF.type, DCKG.Target))
    g.add((node, RDF.type, SCHEMA.QuantitativeValue))
    g.add((node, DCKG.indicator, Literal(target.indicator, lang=ZH)))
    g.add((node, SCHEMA.value, _number(target.value)))
    g.add((node, DCKG.unit, Literal(target.unit)))
    if target.count_unit:
        g.add((node, SCHEMA.unitText, Literal(target.count_unit, lang=ZH)))
    elif target.unit != "count":
        g.add((node, SCHEMA.unitText, Literal("%")))
    if target.qualifier:
        g.add((node, DCKG.qualifier, Literal(target.qualifier)))
    if target.baseline_year:
        g.add((node, DCKG.baselineYear, _year(target.baseline_year)))
    if target.target_year:
        g.add((node, DCKG.targetYear, _year(target.target_year)))
    owner = iri.action(doc.doc_id, target.action) if target.action else iri.document(doc.doc_id)
    g.add((node, DCKG.targetOf, owner))
    _derive(g, doc, node, target.span)


def _section_nodes(g: TripleSink, doc: Document, doc_node: URIRef) -> dict[str, URIRef]:
    """Every heading of the outline as a dckg:Section; an action's section is the action itself."""
    action_by_path = {a.path: iri.action(doc.doc_id, a.key or a.number) for a in doc.actions if a.path}
    nodes: dict[str, URIRef] = {}
    for sec in doc.sections:
        node = action_by_path.get(sec.path, iri.section(doc.doc_id, sec.key))
        nodes[sec.path] = node
        g.add((node, RDF.type, DCKG.Section))
        g.add((node, DCKG.level, Literal(sec.level)))
        g.add((node, DCKG.number, Literal(sec.number)))
        g.add((node, DCKG.path, Literal(sec.path)))
        g.add((node, SKOS.prefLabel, Literal(sec.title, lang=ZH)))
        parent = nodes.get(sec.path.rsplit("/", 1)[0]) if "/" in sec.path else doc_node
        parent = parent or doc_node
        g.add((node, DCTERMS.isPartOf, parent))
        g.add((parent, DCTERMS.hasPart, node))
        _derive(g, doc, node, sec.span)
    return nodes


def add_document(g: TripleSink, doc: Document) -> None:
    """Add one document's triples to ``g``."""
    doc_node = _add_document(g, doc)
    seen_targets: dict[URIRef, int] = {}
    for target in doc.targets:
        _add_target(g, doc, target, seen_targets)
    sections = _section_nodes(g, doc, doc_node)
    keys = {s.path: s.key for s in doc.sections}
    for action in doc.actions:
        a_node = iri.action(doc.doc_id, action.key or action.number)
        g.add((a_node, RDF.type, DCKG.Action))
        g.add((a_node, DCKG.number, Literal(action.number)))
        _labels(g, a_node, action.title, action.title_en)
        g.add((a_node, DCTERMS.isPartOf, doc_node))
        g.add((doc_node, DCTERMS.hasPart, a_node))
        g.add((a_node, RDF.type, ELI.LegalResourceSubdivision))
        g.add((a_node, ELI.is_part_of, doc_node))
        g.add((doc_node, ELI.has_part, a_node))
        if action.path:
            g.add((a_node, DCKG.path, Literal(action.path)))
        for year in action.target_years:
            g.add((a_node, DCKG.targetYear, _year(year)))
        _derive(g, doc, a_node, action.span)
        for col in action.columns:
            c_node = iri.column(doc.doc_id, col.key or col.number)
            g.add((c_node, RDF.type, DCKG.Column))
            g.add((c_node, DCKG.number, Literal(col.number)))
            _labels(g, c_node, col.title, col.title_en)
            g.add((c_node, DCKG.inAction, a_node))
            g.add((c_node, RDF.type, ELI.LegalResourceSubdivision))
            g.add((c_node, ELI.is_part_of, a_node))
            g.add((a_node, ELI.has_part, c_node))
            holder = sections.get(col.path, a_node)
            g.add((c_node, DCTERMS.isPartOf, holder))
            g.add((holder, DCTERMS.hasPart, c_node))
            if col.path:
                g.add((c_node, DCKG.path, Literal(col.path)))
            _derive(g, doc, c_node, col.span)
            for entry in col.entries:
                node = iri.entry(doc.doc_id, col.key or col.number, entry.position)
                _add_entry(g, doc, entry, node, c_node, a_node, action.target_years, in_column=True)
        for entry in action.entries:
            parent_path = entry.path.rsplit("/", 1)[0] if "/" in entry.path else entry.path
            node = iri.section_entry(doc.doc_id, entry.key or keys.get(entry.path, f"{action.key}-{entry.position}"))
            container = sections.get(parent_path, a_node)
            _add_entry(g, doc, entry, node, container, a_node, action.target_years, in_column=False)
    _add_mentions(g, doc, doc_node, sections)
    _add_citations(g, doc, doc_node)


def _add_rule(g: TripleSink, facet: str, rule: Rule) -> None:
    node = iri.rule(rule.rule_id)
    g.add((node, RDF.type, DCKG.ClassificationRule))
    g.add((node, RDFS.label, Literal(rule.rule_id)))
    g.add((node, DCKG.facet, Literal(facet)))
    g.add((node, DCKG.pattern, Literal(rule.pattern.pattern)))
    g.add((node, DCKG.strength, Literal(rule.strength)))
    g.add((node, SKOS.note, Literal(rule.source)))  # the rule's rationale
    if facet == "carbon":
        g.add((node, DCKG.assignsClass, CARBON_CLASS[rule.value]))
    elif facet == "sector":
        g.add((node, DCKG.assignsSector, iri.sector(rule.value)))
    else:
        g.add((node, DCKG.assignsClass, DCKG.Measure if rule.value == "measure" else DCKG.Technology))


@cache
def class_hierarchy() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
    """The ontology's ``rdfs:subClassOf`` axioms between named classes. SHACL's ``sh:class`` follows
    subclasses in the data graph only, so the outputs carry these (and validation mixes them in)."""
    found = {
        (s, p, o)
        for s, p, o in read_rdf(ontology_file())  # pyoxigraph: ~10x rdflib's parse, on every cold build
        if p == RDFS.subClassOf and type(s) is URIRef and type(o) is URIRef
    }
    return tuple(sorted(found))  # type: ignore[arg-type]


def add_reference_data(g: TripleSink) -> None:
    """The sector scheme, the rule book and the class hierarchy, so that queries can explain and group,
    and SHACL can check classes, without the ontology."""
    for triple in read_turtle(ontology_file("sectors.ttl")):
        g.add(triple)  # type: ignore[arg-type]
    for triple in class_hierarchy():
        g.add(triple)
    g.add((TECHNOLOGY_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((TECHNOLOGY_SCHEME, SKOS.prefLabel, Literal("低碳技术概念体系", lang=ZH)))
    g.add((TECHNOLOGY_SCHEME, SKOS.prefLabel, Literal("dckg technology scheme", lang="en")))
    g.add((TECHNOLOGY_SCHEME, SKOS.note, Literal(
        "extract/lexicons/technology_scheme.tsv: every technology label of the annotated corpus plans, their "
        "wordings folded into one concept, broader concepts by word containment and technology_variants.tsv")))
    for facet, rules in all_rules().items():
        for rule in rules:
            _add_rule(g, facet, rule)
    for default in default_rules().values():
        node = iri.rule(default.rule_id)
        g.add((node, RDF.type, DCKG.ClassificationRule))
        g.add((node, RDFS.label, Literal(default.rule_id)))
        g.add((node, DCKG.facet, Literal(default.facet)))
        g.add((node, SKOS.note, Literal(default.note)))


@cache
def reference_triples() -> tuple[Triple, ...]:
    """The reference data (sector scheme, rule book, class hierarchy), once per process."""
    triples = _TripleList()
    add_reference_data(triples)
    return tuple(dict.fromkeys(triples))


@cache
def reference_ntriples() -> frozenset[str]:
    return frozenset(line(t) for t in reference_triples())


def document_triples(doc: Document) -> list[Triple]:
    """One document's own triples (with repeats), without the reference data."""
    triples = _TripleList()
    add_document(triples, doc)
    return triples
