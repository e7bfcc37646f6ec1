"""Our content types for Pelican: YAML front matter, validated models, chosen slugs."""

import gc
from pathlib import Path

from pelican import signals
from pelican.contents import Article

from .errors import display_path
from .filetree import FINISHED_PAGES
from .listings import freeze_url, index_listings, linear_period_archives, linear_tag_pages
from .prepass import preread_articles
from .problems import problem_log, raise_if_problems
from .reader import HubReader
from .site_checks import duplicate_urls, name_collisions
from .taxonomy import load_taxonomy


def _add_reader(readers):
    readers.reader_classes["md"] = HubReader


def _skip_unused_stamps(generator):
    """Pelican stamps every source four times (getmtime, by the generator and by its readers) for
    its content caches even when both are off and the stamps are thrown away: 40,000 stats of a
    10,000-story build. (hub_incremental's memo is the cache here.) Sent once the generator and
    its readers have set their own stamp functions up."""
    settings = generator.settings
    if not (settings["LOAD_CONTENT_CACHE"] or settings["CACHE_CONTENT"]):
        generator._filestamp_func = generator.readers._filestamp_func = _no_stamp


def _no_stamp(filename) -> str:
    return ""


def _start_run(pelican):
    problem_log(pelican.settings).clear()
    # Under --autoreload the previous run's heap was frozen (below) and is garbage now: let the
    # collector have it back. A single build has frozen nothing yet.
    gc.unfreeze()


def _check_site(generators):
    settings = generators[0].settings
    articles, pages = [], []
    for gen in generators:
        articles += getattr(gen, "articles", []) + getattr(gen, "drafts", [])
        pages += getattr(gen, "pages", []) + getattr(gen, "hidden_pages", []) + getattr(gen, "draft_pages", [])
    log = problem_log(settings)
    # Shown as every other problem is (Content.get_relative_source_path's relpath per story was
    # ~0.15 s of a 10,000-story rebuild, for a message that is almost never written).
    log += duplicate_urls([(c.save_as, display_path(c.source_path)) for c in articles + pages])
    log += name_collisions(articles, load_taxonomy(Path(settings["HUB_TAXONOMY"])))
    raise_if_problems(settings)


def _freeze_story_urls(content):
    """content_object_init: a story's URL and file name follow from its front matter, which is
    final once the object exists (hub_content's reader sets slug, date and the taxonomy slugs).
    Frozen here rather than once the generator is done, Pelican's own check of the file name
    (is_valid, right after) does not compute it a second time: ~0.2 s of a 10,000-story rebuild."""
    if isinstance(content, Article) and "meta_model" in content.metadata:
        freeze_url(content)


def _forget_listing(generators):
    """A listing of the finished output (filetree.finished_pages) is good for the run that took it
    only: under --autoreload the settings outlive the run."""
    generators[0].settings.pop(FINISHED_PAGES, None)


def _link_neighbours(generator):
    """prev_article is the next older story, next_article the next newer one (articles are newest first)."""
    items = generator.articles
    for i, art in enumerate(items):
        art.prev_article = items[i + 1] if i + 1 < len(items) else None
        art.next_article = items[i - 1] if i > 0 else None


def _freeze_loaded(generator):
    """Before the stories are read, what is loaded lives until the process ends too: modules
    (pypinyin's dictionaries), settings and hub_incremental's memo of every story. Frozen, the
    cyclic collector stops rescanning them at each of its full passes while stories are read
    (~0.2 s of a 2,000-story one-edit rebuild), and the pre-read pool's forked workers keep sharing
    their memory pages with this process (the collector no longer writes to them). The memo
    loads at first use (after hub_elder's fork): load it here, so it is frozen with the rest."""
    memo = generator.settings.get("HUB_MEMO")
    if memo is not None:
        memo.load()
    gc.freeze()


def _freeze_heap(generators):
    """Every story, listing and context object now lives until the process ends; Python's cyclic
    collector would keep rescanning them (millions of objects at 10,000 stories) while pages are
    written. gc.freeze() moves them out of its reach; new garbage is still collected. (No
    gc.collect() first: at 10,000 stories it found ~300 objects to free and took 0.25 s.)"""
    gc.freeze()


def register():
    signals.initialized.connect(_start_run)
    signals.readers_init.connect(_add_reader)
    signals.article_generator_finalized.connect(_link_neighbours)
    signals.article_generator_init.connect(linear_period_archives)
    signals.article_generator_init.connect(_freeze_loaded)
    signals.article_generator_init.connect(preread_articles)
    signals.article_generator_init.connect(_skip_unused_stamps)
    signals.page_generator_init.connect(_skip_unused_stamps)
    signals.article_generator_finalized.connect(index_listings)
    signals.article_generator_finalized.connect(linear_tag_pages)
    signals.content_object_init.connect(_freeze_story_urls)
    signals.all_generators_finalized.connect(_check_site)
    signals.all_generators_finalized.connect(_freeze_heap)
    signals.all_generators_finalized.connect(_forget_listing)
