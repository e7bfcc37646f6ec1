"""Make Pelican's per-tag, per-category and per-author listings linear instead of quadratic.

Pelican 4.12 builds each listing's ``dates`` as ``[a for a in self.dates if a in articles]``:
a list scan per article per term, O(articles × tag size × terms) — about half a minute of
a 10,000-story build. The lists it scans are swapped for equal lists whose ``in`` is a set
lookup; order and contents are unchanged, so the output is byte-identical.
"""

from __future__ import annotations

import logging
from functools import partial

from pelican.contents import Article
from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)


def member_list(items) -> list:
    """An equal list whose ``in`` is a set lookup done in C (Pelican's Content compares by identity).

    Each list gets its own tiny subclass whose ``__contains__`` is the bound ``__contains__`` of a
    frozenset: CPython calls a non-function ``__contains__`` without ``self``, so the 2.5 million
    membership tests of a 10,000-story build never run Python code.
    """
    items = list(items)
    try:
        members = frozenset(items)
    except TypeError:  # an unhashable content type: keep Pelican's scan rather than guess
        return items
    return type("MemberList", (list,), {"__slots__": (), "__contains__": members.__contains__})(items)


def index_listings(generator) -> None:
    """article_generator_finalized: the lists are complete and not changed again before writing."""
    for tag, items in generator.tags.items():
        generator.tags[tag] = member_list(items)
    # In place: the context holds these very lists.
    for pairs in (generator.categories, generator.authors):
        pairs[:] = [(term, member_list(items)) for term, items in pairs]


def linear_tag_pages(generator) -> None:
    """article_generator_finalized: tag pages whose ``dates`` are found in linear time."""
    generator.generate_tags = partial(_generate_tags, generator)


def term_dates(articles, position: dict[int, int]) -> list:
    """``[a for a in dates if a in articles]`` given each story's index in ``dates``: a sort of
    the term's own stories (each once) instead of a pass over every story."""
    found = {id(a): a for a in articles if id(a) in position}
    return sorted(found.values(), key=lambda a: position[id(a)])


def _generate_tags(generator, write) -> None:
    """Pelican 4.12's ArticlesGenerator.generate_tags with ``term_dates`` for its ``dates`` line.

    Even with set lookups (``member_list``), Pelican's line is a Python loop over all 10,000
    stories for each of ~200 tags: 2 million steps, ~0.4 s of every build, the one-edit rebuild
    included (it runs before the writer can tell the page is unchanged). Categories and authors
    are a few dozen terms and keep Pelican's code. tests/test_units.py compares the two.
    """
    position = {id(a): i for i, a in enumerate(generator.dates)}
    tag_template = generator.get_template("tag")
    for tag, articles in generator.tags.items():
        try:
            write(tag.save_as, tag_template, generator.context, tag=tag, url=tag.url, articles=articles,
                  dates=term_dates(articles, position), template_name="tag", blog=True,
                  page_name=tag.page_name, all_articles=generator.articles)
        except FileOverwriteFailedError:
            if not tag.slug:
                logger.info('Tag "%s" has an invalid slug; skipping writing tag page...', tag,
                            extra={"limit_msg": "Further tags with invalid slugs."})
                continue
            logger.error('Failed to write Tag page for "%s".', tag)
            raise


def linear_period_archives(generator) -> None:
    """article_generator_init: the same archives, with each period's articles found by set lookup.

    Pelican fills ``archive["articles"]`` with ``[a for a in articles if a in dates]`` per year
    and month (quadratic); it uses ``articles`` for nothing else, so it gets an empty list and
    the field is filled here in the same order. An instance attribute, not a patch of Pelican.
    """
    original = generator._build_period_archives

    def build(sorted_articles, articles, settings):
        archives = original(sorted_articles, [], settings)
        position = {id(a): i for i, a in enumerate(articles)}
        for periods in archives.values():
            for archive in periods:
                # `articles` order, restricted to the period: what Pelican's scan gives.
                found = [a for a in archive["dates"] if id(a) in position]
                archive["articles"] = sorted(found, key=lambda a: position[id(a)])
        return archives

    generator._build_period_archives = build


def freeze_url(article) -> None:
    """Compute the article's URL and file name once, from here on.

    Pelican rebuilds ``url`` and ``save_as`` from the settings on every access (a metadata copy,
    a relpath and a format: ~15% of rendering, since every listing, neighbour link and feed asks
    again for the URL; the URL check and the writer ask for the file name again). Call it once
    the slug, date and category are final. ``override_url`` is Pelican's own hook for a fixed
    URL; its ``override_save_as`` would also make Pelican write the story as a page that
    overrides others, so the file name is kept by the article's own ``get_url_setting`` instead.
    """
    if type(article) is Article and not hasattr(article, "override_url"):
        # Both from one url_format (Pelican builds that dict, with its relpath, once per access).
        fields = article.url_format
        url, save_as = (_expand(article, key, fields) for key in ("url", "save_as"))
    else:
        url, save_as = article.url, article.save_as
    article.override_url = url
    article.get_url_setting = _with_save_as(article.get_url_setting, save_as)


def _expand(article, key: str, fields: dict) -> str:
    """Pelican's Article.get_url_setting(key) for an article without overrides, given its url_format."""
    key = key if article.in_default_lang else f"lang_{key}"
    klass = "draft" if article.status == "draft" else "Article"  # as Article._expand_settings
    return str(article.settings[f"{klass}_{key}".upper()]).format(**fields)


def _with_save_as(get_url_setting, save_as: str):
    def fixed(key: str) -> str:
        return save_as if key == "save_as" else get_url_setting(key)
    return fixed
