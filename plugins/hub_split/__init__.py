"""Write the listings on a second core while the stories are written (see fork.py).

At 10,000 stories the listings are ~8,000 of the ~18,000 pages Pelican renders on one core.
Settings: HUB_SPLIT_MIN (from how many stories on; below ~500 a fork costs more than it saves;
0: never).
"""

from functools import partial

from pelican import signals
from pelican.generators import ArticlesGenerator

from .fork import run_split

MIN_STORIES = 500


def _generate_pages(generator, writer):
    """ArticlesGenerator.generate_pages, in two processes: the same pages, the same bytes."""
    write = partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"])

    def listings():
        generator.generate_period_archives(write)
        generator.generate_direct_templates(write)
        generator.generate_tags(write)
        generator.generate_categories(write)
        generator.generate_authors(write)

    def stories():
        generator.generate_articles(write)
        generator.generate_drafts(write)

    run_split(listings, stories, writer, generator.context, generator.settings.get("HUB_FORK_STATE", []))


def _install(generators):
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            minimum = int(generator.settings.get("HUB_SPLIT_MIN", MIN_STORIES))
            if minimum and len(generator.articles) >= minimum:
                generator.generate_pages = partial(_generate_pages, generator)


def register():
    signals.all_generators_finalized.connect(_install)
