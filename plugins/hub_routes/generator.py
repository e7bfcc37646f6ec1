"""The routes generator: reads ``content/routes/*.md``, links articles to routes, writes the pages.

State lives on the generator instance (``self.routes``) and in the run's context,
never in module globals, so an autoreload run starts from nothing.

Route pages are registered in ``context["generated_content"]`` under their source
path (``routes/s228.md``), exactly like Pelican's own content. So an article can
link ``[S228路]({filename}/routes/s228.md)`` by hand, and the auto-link transform
writes the same placeholder: Pelican then resolves it relative in pages and
absolute in feeds, and a renamed route URL setting changes every link.

The auto-link transform is applied here rather than through HUB_HTML_TRANSFORMS:
those run at content_object_init, while articles are read and before this
generator has loaded the routes; generate_context runs after the articles
generator, and content is rendered (pages and feeds alike) only after it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from hub_content.errors import ContentError, Problem
from hub_content.problems import problem_log
from hub_content.taxonomy import pinyin_slug
from hub_html.fragments import markdown_fragment
from hub_html.mentions import body_text, digest, find_mentions, mention_linker, remembered, table_key

from .model import KINDS, Route, load_routes

logger = logging.getLogger(__name__)

DEFAULTS = {
    "ROUTE_PATHS": ["routes"],
    "ROUTE_URL": "routes/{slug}/",
    "ROUTE_SAVE_AS": "routes/{slug}/index.html",
    "ROUTES_URL": "routes/",
    "ROUTES_SAVE_AS": "routes/index.html",
    "ROUTE_NEWS_MAX": 5,
}


def apply_defaults(settings: dict) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


@dataclass(frozen=True)
class LineItem:
    """One mark on the schematic line: a stop, or a road when stops are not known."""

    name: str
    kind: str  # "stop" | "road"
    served: bool = False


@dataclass(frozen=True)
class IndexEntry:
    """A community or road in the reverse index, with its anchor on /routes/."""

    name: str
    anchor: str
    routes: tuple[RoutePage, ...]


@dataclass(eq=False)
class RoutePage:
    """A route as the templates see it: the validated model plus what the site knows about it."""

    route: Route
    source_path: str
    url: str
    save_as: str
    notes_html: str = ""
    sources: list[Any] = field(default_factory=list)  # Pelican articles the facts come from
    articles: list[Any] = field(default_factory=list)  # articles mentioning the route, newest first
    anchors: dict[str, str] = field(default_factory=dict)  # place or road name -> index anchor

    def __getattr__(self, name: str) -> Any:
        # templates read route facts directly: route_page.hours, route_page.roads …
        if name.startswith("__") or name == "route":  # no recursion before __init__ (copy, pickle)
            raise AttributeError(name)
        return getattr(self.route, name)

    @property
    def updated(self) -> date | None:
        """Last change of the route's facts: its own ``updated``, else its newest source story."""
        if self.route.updated:
            return self.route.updated
        dates = [a.date.date() for a in self.sources]
        if self.route.opened:
            dates.append(self.route.opened)
        return max(dates) if dates else None

    @property
    def line(self) -> tuple[LineItem, ...]:
        """Stops of the first direction if known, else the roads in order; served places marked."""
        if self.route.stops:
            return tuple(LineItem(s, "stop", _serves(self.route, s)) for s in self.route.stops)
        return tuple(LineItem(r, "road") for r in self.route.roads)

    @property
    def timetable_groups(self) -> list[tuple[str, list[Any]]]:
        """Timetables per direction, directions in the route's order."""
        groups: dict[str, list[Any]] = {d.name: [] for d in self.route.directions}
        for table in self.route.timetables:
            groups.setdefault(table.direction, []).append(table)
        return [(name, tables) for name, tables in groups.items() if tables]


def _serves(route: Route, stop: str) -> bool:
    return any(stop.startswith(place) or place.startswith(stop.removesuffix("站")) for place in route.serves)


def reverse_index(pages: list[RoutePage], attribute: str, prefix: str) -> tuple[IndexEntry, ...]:
    """Names (communities or roads) → routes, in pinyin order, each with a unique ASCII anchor."""
    by_name: dict[str, list[RoutePage]] = {}
    for page in pages:
        for name in getattr(page.route, attribute):
            by_name.setdefault(name, []).append(page)
    entries, used = [], set()
    for name in sorted(by_name, key=lambda n: (pinyin_slug(n), n)):
        anchor = base = f"{prefix}-{pinyin_slug(name) or 'x'}"
        n = 2
        while anchor in used:  # 李静 and 李晶 share a pinyin slug; their anchors must not
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        entries.append(IndexEntry(name, anchor, tuple(by_name[name])))
    return tuple(entries)


class RoutesGenerator(Generator):
    """Reads route files in generate_context, writes route pages and /routes/ in generate_output."""

    def generate_context(self) -> None:
        apply_defaults(self.settings)
        problems = problem_log(self.settings)
        content = Path(self.path)
        files = [p for sub in self.settings["ROUTE_PATHS"] for p in sorted((content / sub).glob("*.md"))]
        try:
            routes = load_routes(files)
        except ContentError as exc:
            problems.extend(exc.problems)
            routes = ()
        self.routes: list[RoutePage] = []
        for route in routes:
            if route.draft:
                continue
            source_path = Path(route.path).resolve().relative_to(content.resolve()).as_posix()
            page = RoutePage(
                route=route,
                source_path=source_path,
                url=self.settings["ROUTE_URL"].format(slug=route.slug),
                save_as=self.settings["ROUTE_SAVE_AS"].format(slug=route.slug),
                notes_html=markdown_fragment(route.notes, self.settings),
            )
            self.context["generated_content"][source_path] = page
            self.routes.append(page)
        problems.extend(self._link_sources())
        self._link_articles()
        places = reverse_index(self.routes, "serves", "place")
        roads = reverse_index(self.routes, "roads", "road")
        for page in self.routes:
            page.anchors = {e.name: e.anchor for e in (*places, *roads) if page in e.routes}
        self.context["routes"] = self.routes
        self.context["routes_by_kind"] = [
            (kind, [p for p in self.routes if p.kind == kind]) for kind in KINDS if any(p.kind == kind for p in self.routes)
        ]
        self.context["route_places"] = places
        self.context["route_roads"] = roads
        self.context["ROUTES_URL"] = self.settings["ROUTES_URL"]

    def _link_sources(self) -> list[Problem]:
        problems = []
        content = self.context["generated_content"]
        for page in self.routes:
            for i, source in enumerate(page.route.sources):
                article = content.get(source)
                if article is None or isinstance(article, RoutePage):
                    problems.append(Problem(page.route.path, page.route.lines.get(f"sources.{i}"), f"sources.{i}",
                                            f'"{source}" is not an article of this site',
                                            "give the path of a story under content/, e.g. articles/2025/2025-08-20_x.md"))
                else:
                    page.sources.append(article)
        return problems

    def _link_articles(self) -> None:
        """Link route mentions in every article body and note which routes each article mentions."""
        if not self.routes:
            return
        hrefs = {m: f"{{filename}}/{p.source_path}" for p in self.routes for m in p.route.mentions}
        by_href = {f"{{filename}}/{p.source_path}": p for p in self.routes}
        linker = mention_linker(hrefs, "route-link")
        table = digest(table_key(hrefs, "route-link"))  # once, not once per story
        sourced: dict[int, list[RoutePage]] = {}  # id(article) -> routes whose facts come from it, in order
        for page in self.routes:
            for source in page.sources:
                sourced.setdefault(id(source), []).append(page)
        for article in [*self.context.get("articles", []), *self.context.get("drafts", [])]:
            html = getattr(article, "_content", "") or ""
            tags = " ".join(t.name for t in getattr(article, "tags", None) or [])

            def link(article=article, html=html, tags=tags) -> tuple[list[str], str]:
                return find_mentions(f"{article.title} {tags} {body_text(article)}", hrefs), linker(html)

            found, linked = remembered(self.settings, html, (digest(f"{article.title}\0{tags}"), table), link)
            mentioned = [by_href[h] for h in found]
            for page in sourced.get(id(article), ()):
                if page not in mentioned:
                    mentioned.append(page)
            article._content = linked
            article.hub_routes = mentioned
            if article.status == "published":
                for page in mentioned:
                    page.articles.append(article)

    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        template = self.get_template("route")
        for page in self.routes:
            writer.write_file(page.save_as, template, self.context, route=page, url=page.url,
                              news=page.articles[: self.settings["ROUTE_NEWS_MAX"]], relative_urls=relative)
        writer.write_file(self.settings["ROUTES_SAVE_AS"], self.get_template("routes"), self.context,
                          url=self.settings["ROUTES_URL"], relative_urls=relative)
