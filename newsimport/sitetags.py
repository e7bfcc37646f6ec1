"""Tags that depend on the site the posts go into, not on the page alone.

1. Communities: the alias table of ``content/communities/`` (the same table the
   entity linker uses) turns every mention — 锦程花园, 锦程花园小区 — into the
   community's one name, so a story is tagged 锦程花园社区 however the paper wrote it.
2. ``new_tags``: the site's check accepts a tag only if ``taxonomy.yml`` lists it or
   a story declares it as new; tags the site has never seen are declared here, so an
   imported post passes the check with no hand edit and the new names stay visible.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from pathlib import Path

from hub_communities.aliases import AliasTable
from hub_communities.loader import community_entities, load_communities
from hub_content.errors import ContentError
from hub_content.source import read_source
from hub_content.taxonomy import load_taxonomy

from .metadata import Article


@dataclass(frozen=True)
class SiteTags:
    aliases: AliasTable
    known: frozenset[str]  # tags listed in taxonomy.yml or already declared by a post


def load_site_tags(content_dir: Path, rewriting: frozenset[str] = frozenset()) -> SiteTags:
    """What the site already knows; an empty table for a content folder without those files.

    ``rewriting`` names the posts (paths under content/) this import writes: what they
    declared does not count as known, so importing the same page twice gives the same files.
    """
    models, _problems = load_communities(sorted((content_dir / "communities").glob("*.md")))
    sources = {m.path: f"communities/{Path(m.path).name}" for m in models}
    table, _conflicts = AliasTable.build(community_entities(models, sources))  # conflicts: reported by `check`
    known: set[str] = set()
    with contextlib.suppress(ContentError):  # a broken taxonomy is reported by `check`
        known |= set(load_taxonomy(content_dir / "taxonomy.yml").chosen.get("tags", {}))
    for post in sorted((content_dir / "articles").rglob("*.md")):
        if post.relative_to(content_dir).as_posix() in rewriting:
            continue
        try:
            meta = read_source(post, str(post)).meta
        except ContentError:
            continue
        for key in ("tags", "new_tags"):
            value = meta.get(key) or []
            known |= set([value] if isinstance(value, str) else value)
    return SiteTags(table, frozenset(known))


def with_site_tags(article: Article, site: SiteTags, declared: set[str]) -> Article:
    """Add community tags and declare unknown tags; ``declared`` collects this import's declarations
    so that a tag new to the site is declared by the first story that uses it only."""
    text = "\n".join(p for p in (article.kicker, article.title, article.subtitle) if p)
    text += "\n" + "\n".join(b.text for b in article.blocks)
    communities = [e.name for e in site.aliases.entities_in(text) if e.key.startswith("community:")]
    tags = tuple(dict.fromkeys([*article.tags, *communities]))
    new = tuple(t for t in tags if t not in site.known and t not in declared)
    declared.update(new)
    return replace(article, tags=tags, new_tags=new)
