"""newsimport: one newspaper page as plain text in, publishable Markdown posts out.

The pipeline runs one way, each stage a module with one job and pure functions:

    decode.py    bytes -> text (UTF-8 with or without BOM, else GB18030/GBK), say which
    parse.py     text -> Page of Story objects (headline, lead, body, captions, byline)
      textfix.py   the character-level repairs parse uses (joins, widths, spaces)
      byline.py    reporter / correspondent / photo credit lines
    metadata.py  Story -> Article (title, date, category, tags, slug, summary, source)
      category.py  gazetteer.py  slug.py  routes.py   (one rule each, documented there)
    render.py    Article / RouteDraft -> file text (YAML front matter + Markdown)
    write.py     file texts -> disk: never overwrite without --force, dry run, idempotent
    report.py    the summary table printed at the end
    cli.py       ``python -m newsimport PATH [--date] [--dry-run] [--force] [--content-dir]``

Problems with the input are reported with the project's ``Problem`` type
(``path:line: field: problem — fix``) from ``plugins/hub_content/errors.py``, imported
as ``hub_content`` exactly as Pelican loads our plugins: one copy of each class, so a
``ContentError`` raised by a model is the one the importer catches. Nothing is written
when any problem is found.
"""

import sys
from pathlib import Path

_PLUGINS = str(Path(__file__).resolve().parents[1] / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)
