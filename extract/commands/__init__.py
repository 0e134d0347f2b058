"""Click commands kept out of cli.py, each a thin face over a library module; cli.py adds them to `dckg`."""
