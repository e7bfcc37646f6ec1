"""Our content types for Pelican: YAML front matter, validated models, chosen slugs."""

import gc
from pathlib import Path

from pelican import signals

from .listings import freeze_urls, index_listings, linear_period_archives
from .prepass import preread_articles
from .problems import problem_log, raise_if_problems
from .reader import HubReader
from .site_checks import duplicate_urls, name_collisions
from .taxonomy import load_taxonomy


def _add_reader(readers):
    readers.reader_classes["md"] = HubReader


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
    log += duplicate_urls([(c.save_as, c.get_relative_source_path()) for c in articles + pages])
    log += name_collisions(articles, load_taxonomy(Path(settings["HUB_TAXONOMY"])))
    raise_if_problems(settings)


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
    signals.article_generator_finalized.connect(index_listings)
    signals.article_generator_finalized.connect(freeze_urls)
    signals.all_generators_finalized.connect(_check_site)
    signals.all_generators_finalized.connect(_freeze_heap)
