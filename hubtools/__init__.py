"""Command-line tools behind tasks.py: build, check, serve. Importable and testable without invoke."""
