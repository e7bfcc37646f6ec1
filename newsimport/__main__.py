"""``python -m newsimport PATH [--date YYYY-MM-DD] [--dry-run] [--force] [--content-dir DIR]``."""

from newsimport.cli import main

raise SystemExit(main())
