"""Community pages: read content/communities/*.md, relate them to news, routes and events, link mentions.

Runs after the article, route and event generators have read their content
(PLUGINS order), so one pass can link every article body and learn which news
mentions which place. Each community is registered in
``context["generated_content"]`` under its source path, so the linker's
``{filename}/communities/x.md`` hrefs are resolved by Pelican itself: relative in
pages, absolute in feeds, and a dangling one is a build warning (fatal in CI).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from hub_content.errors import Problem
from hub_content.problems import problem_log, raise_if_problems
from hub_events.generator import calendar_name, write_calendar
from hub_html.fragments import markdown_fragment
from hub_html.mentions import body_text, digest, link_mentions, remembered, table_key

from .aliases import AliasTable, Entity
from .loader import load_communities, route_entities
from .model import Community

logger = logging.getLogger(__name__)

DEFAULTS = {
    "COMMUNITY_PATHS": ["communities"],
    "COMMUNITY_URL": "communities/{slug}/",
    "COMMUNITY_SAVE_AS": "communities/{slug}/index.html",
    "COMMUNITY_FEED_ATOM": "communities/{slug}/feed.atom.xml",
    "COMMUNITY_ICS_URL": "communities/{slug}/events.ics",
    "COMMUNITY_ICS_SAVE_AS": "communities/{slug}/events.ics",
    "COMMUNITIES_URL": "communities/",
    "COMMUNITIES_SAVE_AS": "communities/index.html",
}


def apply_defaults(settings: dict) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


@dataclass(eq=False)
class CommunityPage:
    """A community with what the site knows about it; what templates receive."""

    model: Community
    url: str
    save_as: str
    source_path: str
    news: list[Any] = field(default_factory=list)
    routes: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    members: list[CommunityPage] = field(default_factory=list)  # an office's communities
    office: CommunityPage | None = None
    figures_article: Any = None
    body_html: str = ""

    def __getattr__(self, name: str) -> Any:
        # Templates read community.name, community.kind … straight from the model.
        return getattr(self.model, name)


def entities(pages: list[CommunityPage], routes: list[Any]) -> list[Entity]:
    found = [Entity(f"community:{p.model.slug}", p.model.name, p.source_path, p.model.path, p.model.names)
             for p in pages]
    return found + route_entities(routes)


class CommunitiesGenerator(Generator):
    def generate_context(self) -> None:
        self.communities: list[CommunityPage] = []
        problems = problem_log(self.settings)
        models = self._read(problems)
        for model in models:
            url = self.settings["COMMUNITY_URL"].format(slug=model.slug)
            save_as = self.settings["COMMUNITY_SAVE_AS"].format(slug=model.slug)
            source = Path(model.path)
            rel = self._relative_source(source)
            page = CommunityPage(model, url, save_as, rel, body_html=markdown_fragment(model.body, self.settings))
            self.communities.append(page)
            self.context["generated_content"][rel] = page
        by_name = {p.model.name: p for p in self.communities}
        for page in self.communities:
            if page.model.office:
                page.office = by_name.get(page.model.office)
                if page.office:
                    page.office.members.append(page)
        routes = list(self.context.get("routes", []))
        table, alias_problems = AliasTable.build(entities(self.communities, routes))
        problems += alias_problems
        raise_if_problems(self.settings)
        self._relate(table, routes)
        self.communities.sort(key=lambda p: p.model.slug)
        self.context["communities"] = self.communities
        self.context["communities_by_office"] = self._by_office()
        self.context["COMMUNITIES_URL"] = self.settings["COMMUNITIES_URL"]

    def _relative_source(self, source: Path) -> str:
        content = Path(self.path).resolve()
        return source.resolve().relative_to(content).as_posix()

    def _read(self, problems: list[Problem]) -> list[Community]:
        paths = [Path(self.path) / rel for rel in self.get_files(self.settings["COMMUNITY_PATHS"], extensions=("md",))]
        models, found = load_communities(paths)
        for p in found:
            logger.error("%s", p)
        problems += found
        return models

    def _relate(self, table: AliasTable, routes: list[Any]) -> None:
        by_key = {f"community:{p.model.slug}": p for p in self.communities}
        # Routes are linked by hub_routes with the same mechanism; both skip a target already linked.
        hrefs = table.hrefs("community")
        # Which entities a story names follows from its text and every alias: the memo key holds both.
        aliases = digest(table_key({alias: e.key for alias, e in table.by_alias.items()}, "")
                         + table_key(hrefs, "community-link"))
        for article in [*self.context.get("articles", []), *self.context.get("drafts", [])]:
            html = article._content

            def link(article=article, html=html) -> tuple[list[str], str]:
                keys = [e.key for e in table.entities_in(body_text(article))]
                return keys, link_mentions(html, hrefs, "community-link")

            keys, article._content = remembered(self.settings, html or "", (aliases,), link)
            article.communities = [by_key[k] for k in keys if k in by_key]
            if article.status == "published":
                for page in article.communities:
                    page.news.append(article)
        for page in self.communities:
            source = page.model.figures_source
            if source:
                page.figures_article = self.context["generated_content"].get(source)
        for route in routes:
            for place in getattr(route, "serves", ()):
                entity = table.by_alias.get(place)
                if entity and entity.key in by_key and route not in by_key[entity.key].routes:
                    by_key[entity.key].routes.append(route)
        for event_page in self.context.get("events", []):
            # A community's events: held in it, organised by it, or named for it (an inauguration).
            # Names are matched as mentions: an organiser written 明湖办事处亚太社区 names both.
            event = event_page.event
            text = "\n".join((event.place.community or "", *event.organisers, event.title))
            for entity in table.entities_in(text):
                page = by_key.get(entity.key)
                if page and event_page not in page.events:
                    page.events.append(event_page)

    def _by_office(self) -> list[tuple[CommunityPage | None, list[CommunityPage]]]:
        offices = [p for p in self.communities if p.model.is_office]
        groups: list[tuple[CommunityPage | None, list[CommunityPage]]] = [(o, o.members) for o in offices]
        loose = [p for p in self.communities if not p.model.is_office and p.office is None]
        if loose:
            groups.append((None, loose))
        return groups

    def generate_output(self, writer) -> None:
        template = self.get_template("community")
        for page in self.communities:
            if page.events:
                write_calendar(self.settings,
                               Path(self.output_path) / self.settings["COMMUNITY_ICS_SAVE_AS"].format(slug=page.model.slug),
                               page.events, calendar_name(self.settings, f"·{page.model.name}"))
            writer.write_file(page.save_as, template, self.context, community=page, url=page.url,
                              relative_urls=self.settings["RELATIVE_URLS"])
            if page.news and self.settings.get("COMMUNITY_FEED_ATOM"):
                writer.write_feed(page.news, self.context,
                                  self.settings["COMMUNITY_FEED_ATOM"].format(slug=page.model.slug),
                                  feed_title=f"{page.model.name} - {self.settings['SITENAME']}")
        writer.write_file(self.settings["COMMUNITIES_SAVE_AS"], self.get_template("communities"), self.context,
                          url=self.settings["COMMUNITIES_URL"], relative_urls=self.settings["RELATIVE_URLS"])

