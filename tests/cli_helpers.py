"""Running `dckg` in process, and the one-line-error contract every command keeps (exit 2, no traceback)."""

from __future__ import annotations

from click.testing import CliRunner

from extract.cli import main


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_error(code: int, stderr: str, *fragments: str) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dckg: error: "), stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
