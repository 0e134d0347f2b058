// Checks files against the OWL 2 DL profile with the OWL API (Debian: apt-get install libowlapi-java).
// Usage: java -cp "/usr/share/java/*:." OwlDlCheck FILE...   (the files are merged into one ontology)
// Prints one line per violation and exits 1 when there is any besides unknown datatypes (xsd:gYear,
// xsd:gYearMonth and xsd:date are outside OWL 2's datatype map, which the issue allows).
import java.io.File;
import java.util.List;
import java.util.stream.Collectors;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;
import org.semanticweb.owlapi.profiles.violations.*;

public class OwlDlCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology merged = manager.createOntology(IRI.create("urn:dckg:owl-check"));
        for (String path : args) {
            OWLOntologyManager each = OWLManager.createOWLOntologyManager();
            OWLOntology part = each.loadOntologyFromOntologyDocument(new File(path));
            manager.addAxioms(merged, part.axioms());
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(merged);
        List<OWLProfileViolation> all = report.getViolations();
        List<OWLProfileViolation> counted = all.stream()
            .filter(v -> !(v instanceof UseOfUnknownDatatype) && !(v instanceof UseOfUndeclaredDatatype)
                      && !(v instanceof UseOfDefinedDatatypeInLiteral))
            .collect(Collectors.toList());
        for (OWLProfileViolation v : counted) System.out.println(v.getClass().getSimpleName() + ": " + v);
        System.out.println("axioms: " + merged.getAxiomCount() + ", violations: " + all.size()
            + " (" + counted.size() + " besides datatypes OWL 2 does not know)");
        System.exit(counted.isEmpty() ? 0 : 1);
    }
}
