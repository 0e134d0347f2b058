"""Speed, memory and quality benchmark of dckg (`make bench`); never collected by `make test`."""
