"""The OWL 2 DL profile check of the ontology with a graph (``make owl``), by the OWL API's OWL2DLProfile.

Python has no OWL 2 profile checker, so this compiles ``OwlDlCheck.java`` against the OWL API that Debian
packages (``apt-get install libowlapi-java``) and runs it on one N-Triples file of the ontology's files and
the graph merged (the OWL API reads undeclared terms of a separate data file as annotations). Datatypes
outside OWL 2's datatype map (xsd:gYear, xsd:gYearMonth, xsd:date) are reported but not counted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from ..resources import ontology_file

JARS = Path("/usr/share/java")
SOURCE = Path(__file__).with_name("OwlDlCheck.java")
ONTOLOGY_FILES = ("dckg.ttl", "sectors.ttl", "gbt4754-2017.ttl", "ipcc2006.ttl")


def available() -> str | None:
    """None when the check can run, else what is missing."""
    if shutil.which("javac") is None or shutil.which("java") is None:
        return "no Java compiler (javac) on PATH"
    if not (JARS / "owlapi-distribution.jar").exists() and not any(JARS.glob("owlapi-api*.jar")):
        return f"no OWL API in {JARS} (apt-get install libowlapi-java)"
    return None


def check(graph: Path, workdir: Path) -> tuple[int, str]:
    """Exit status (0: OWL 2 DL apart from unknown datatypes) and the checker's report lines."""
    triples = [t for name in ONTOLOGY_FILES for t in ox.parse(path=str(ontology_file(name)))]
    triples += list(ox.parse(path=str(graph)))
    merged = workdir / "merged.nt"
    merged.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    classpath = f"{JARS}/*"
    subprocess.run(["javac", "-nowarn", "-cp", classpath, "-d", str(workdir), str(SOURCE)], check=True,
                   capture_output=True)
    done = subprocess.run(["java", "-cp", f"{classpath}:{workdir}", "OwlDlCheck", str(merged)],
                          capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return done.returncode, "\n".join(lines)


def main() -> None:  # pragma: no cover - a developer's check (make owl)
    missing = available()
    if missing:
        sys.exit(f"owl: cannot check: {missing}")
    graph = Path(sys.argv[1] if len(sys.argv) > 1 else "out/graph.ttl")
    with tempfile.TemporaryDirectory() as tmp:
        status, report = check(graph, Path(tmp))
    print(report)
    sys.exit(status)


if __name__ == "__main__":  # pragma: no cover
    main()
