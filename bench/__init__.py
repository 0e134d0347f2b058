"""Speed, memory and quality benchmark of dckg (`make bench`); never collected by `make test`.

run.py      the command: options, metadata, the order of the figures, the goals table, results.json
measure.py  Stat (median and range), ratios, repeat, growth exponents, whole processes (wall time, rusage,
            the RSS of the process tree sampled from /proc)
present.py  numbers as text (seconds, sizes, ratios), tables, headings
session.py  what the figures share: options, results, goals, generated plans, seed graph, floor command
cold.py queries.py batch.py formats.py quality.py stages.py   one module per figure, in the order they run
plans.py    the synthetic plans of the batch figure
"""
