"""Templates compiled by an earlier build: Jinja's bytecode cache, in the fingerprint's folder.

Every run compiled each template again in each generator's environment (~0.2 s, at any size).
Jinja checks a cached template against its source, but not against the environment's options
or the filters and tests it was compiled with; the cache folder is keyed by the site
fingerprint, which holds them all (JINJA_ENVIRONMENT and JINJA_FILTERS by their code, Pelican's
version, our plugins).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def with_bytecode_cache(environment: dict, folder: Path) -> dict:
    """Pelican's JINJA_ENVIRONMENT setting with a bytecode cache in ``folder`` (a new dict)."""
    folder.mkdir(parents=True, exist_ok=True)
    return {**environment, "bytecode_cache": FileSystemBytecodeCache(str(folder))}
