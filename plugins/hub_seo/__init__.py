"""Expose JSON-LD builders to templates as filters."""

from pelican import signals

from .jsonld import news_article


def _add_filters(generator):
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    env.filters["news_article_jsonld"] = lambda a: news_article(a, settings["HUB_SITEURL"], settings["SITENAME"])


def register():
    signals.generator_init.connect(_add_filters)
