"""The Pelican generator for events: read and validate in generate_context, write in generate_output.

State lives on the instance (autoreload builds a new generator each run). Problems are logged
and added to the run's problem list, which hub_content turns into one ContentError — and a
non-zero exit — once every generator has read its content, as for articles.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import Generator

from hub_content.problems import problem_log
from hub_content.taxonomy import load_taxonomy
from hub_html.fragments import markdown_fragment

from . import ics
from .jsonld import event_jsonld
from .loader import community_collisions, dangling_articles, load_events
from .model import Event
from .views import (
    WEEKDAY_HEADERS,
    Community,
    EventPage,
    Link,
    build_page,
    calendar_months,
    group_by_month,
    link_months,
    month_view,
    past_pages,
    undated_pages,
    upcoming_pages,
)

logger = logging.getLogger(__name__)

DEFAULTS = {
    "EVENT_PATHS": ["events"],
    "EVENT_URL": "events/{slug}/",
    "EVENT_SAVE_AS": "events/{slug}/index.html",
    "EVENT_ICS_URL": "events/{slug}/{slug}.ics",
    "EVENT_ICS_SAVE_AS": "events/{slug}/{slug}.ics",
    "EVENTS_URL": "events/",
    "EVENTS_SAVE_AS": "events/index.html",
    "EVENTS_ICS_URL": "events.ics",
    "EVENTS_ICS_SAVE_AS": "events.ics",
    "EVENTS_COMMUNITY_URL": "events/community/{slug}/",
    "EVENTS_COMMUNITY_SAVE_AS": "events/community/{slug}/index.html",
    "EVENTS_COMMUNITY_ICS_URL": "events/community/{slug}/{slug}.ics",
    "EVENTS_COMMUNITY_ICS_SAVE_AS": "events/community/{slug}/{slug}.ics",
    "EVENTS_MONTH_URL": "events/{date:%Y}/{date:%m}/",
    "EVENTS_MONTH_SAVE_AS": "events/{date:%Y}/{date:%m}/index.html",
    "EVENTS_NEXT_OCCURRENCES": 5,  # listed on a series' page
    "EVENTS_HOME_COUNT": 3,  # the home page's upcoming block
    "EVENTS_CALENDAR_MONTHS_AHEAD": 6,  # month pages past this month for series without end
    "EVENTS_UID_DOMAIN": None,  # default: from HUB_SITEURL (host, sub-path folded in)
    "EVENTS_ADDRESS_DEFAULTS": {"addressLocality": "郑州市经济技术开发区", "addressRegion": "河南省",
                                "addressCountry": "CN"},
    "EVENTS_CALENDAR_NAME": "{sitename}·社区活动",
}


def apply_defaults(pelican) -> None:
    """Plugin defaults for this run's settings only (never pelican's DEFAULT_CONFIG)."""
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def uid_domain(siteurl: str) -> str:
    """``https://example.github.io/news-hub`` → ``news-hub.example.github.io``: sites sharing a
    host under different paths must not share UIDs."""
    parts = urlsplit(siteurl)
    host = parts.hostname or "localhost"
    path = [p for p in parts.path.split("/") if p]
    return ".".join([*reversed(path), host])


def webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[-1]


def calendar_name(settings: dict, suffix: str = "") -> str:
    return settings["EVENTS_CALENDAR_NAME"].format(sitename=settings["SITENAME"]) + suffix


def write_calendar(settings: dict, target: Path, pages: list[EventPage], name: str) -> None:
    """Write an .ics of these event pages; also used by hub_communities for each community's calendar."""
    siteurl = settings["HUB_SITEURL"]
    events = [p.event for p in pages]
    urls = {p.event.slug: f"{siteurl}/{p.url}" for p in pages}
    inputs = {"domain": settings["EVENTS_UID_DOMAIN"] or uid_domain(siteurl), "name": name,
              "url_for": lambda e: urls[e.slug], "description_text": f"{siteurl}/{settings['EVENTS_URL']}"}
    # HUB_MEMO (hub_incremental): every build writes each calendar (~180 at 10,000 stories), and
    # icalendar's serialiser is slow; the bytes are kept by a digest of all they are made from.
    memo = settings.get("HUB_MEMO")
    key = memo.key(ics.calendar_source(events, **inputs), "ics") if memo is not None else None
    data = memo.get(key) if memo is not None else None
    if data is None:
        data = ics.calendar(events, **inputs)
        if memo is not None:
            memo.put(key, data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class EventsGenerator(Generator):
    """Event pages, the events index, community pages, month calendars and .ics files."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event_pages: list[EventPage] = []
        self.communities: list[Community] = []
        self.community_pages: dict[str, list[EventPage]] = {}
        self.months = []

    def _url(self, key: str, **fields) -> str:
        return self.settings[key].format(**fields)

    def generate_context(self):
        s = self.settings
        today = date.fromisoformat(s["HUB_BUILD_DATE"])
        events: list[Event] = []
        problems = []
        for folder in s["EVENT_PATHS"]:
            found, errs = load_events(Path(self.path) / folder)
            events += found
            problems += errs
        articles = {a.get_relative_source_path(): a for a in self.context.get("articles", [])}
        problems += dangling_articles(events, articles)
        taxonomy = load_taxonomy(Path(s["HUB_TAXONOMY"]))
        problems += community_collisions(events, taxonomy)
        for problem in problems:
            logger.error("%s", problem)
        problem_log(s).extend(problems)

        communities = {}
        for name in sorted({e.place.community for e in events if e.place.community}):
            slug = taxonomy.slug("tags", name)
            communities[name] = Community(
                name, slug,
                self._url("EVENTS_COMMUNITY_URL", slug=slug), self._url("EVENTS_COMMUNITY_SAVE_AS", slug=slug),
                self._url("EVENTS_COMMUNITY_ICS_URL", slug=slug), self._url("EVENTS_COMMUNITY_ICS_SAVE_AS", slug=slug),
            )
        siteurl, sitename = s["HUB_SITEURL"], s["SITENAME"]

        def jsonld(page: EventPage) -> str:
            return event_jsonld(page, siteurl, sitename, s["EVENTS_ADDRESS_DEFAULTS"])

        for ev in events:
            links = tuple(Link(articles[a].title, articles[a].url) for a in ev.articles if a in articles)
            self.event_pages.append(build_page(
                ev, today=today, limit=s["EVENTS_NEXT_OCCURRENCES"],
                url=self._url("EVENT_URL", slug=ev.slug), save_as=self._url("EVENT_SAVE_AS", slug=ev.slug),
                ics_url=self._url("EVENT_ICS_URL", slug=ev.slug), ics_save_as=self._url("EVENT_ICS_SAVE_AS", slug=ev.slug),
                community=communities.get(ev.place.community), articles=links, body_html=self._markdown(ev.body),
                jsonld=jsonld,
            ))
        # Stories list the events they report on ("相关活动"), as events list their stories.
        for page in self.event_pages:
            for ref in page.event.articles:
                if ref in articles:
                    related = getattr(articles[ref], "related_events", [])
                    articles[ref].related_events = [*related, page]
        self.communities = list(communities.values())
        self.community_pages = {c.slug: [p for p in self.event_pages if p.community == c] for c in self.communities}
        months = calendar_months(self.event_pages, today, s["EVENTS_CALENDAR_MONTHS_AHEAD"])
        self.months = link_months([
            month_view(ym, self.event_pages, today,
                       self._url("EVENTS_MONTH_URL", date=date(*ym, 1)), self._url("EVENTS_MONTH_SAVE_AS", date=date(*ym, 1)))
            for ym in months
        ])
        upcoming = upcoming_pages(self.event_pages)
        self.context["events"] = self.event_pages
        self.context["upcoming_events"] = upcoming[: s["EVENTS_HOME_COUNT"]]
        self.context["events_index_url"] = s["EVENTS_URL"]

    def _markdown(self, body: str) -> str:
        return markdown_fragment(body, self.settings)

    # --- output ------------------------------------------------------------------------------
    def _calendar_name(self, suffix: str = "") -> str:
        return calendar_name(self.settings, suffix)

    def _write_ics(self, save_as: str, pages: list[EventPage], name: str) -> None:
        write_calendar(self.settings, Path(self.output_path) / save_as, pages, name)

    def _common(self) -> dict:
        s = self.settings
        siteurl = s["HUB_SITEURL"]
        return {
            "event_communities": self.communities,
            "event_months": self.months,
            "events_ics_url": s["EVENTS_ICS_URL"],
            "events_webcal_url": webcal(f"{siteurl}/{s['EVENTS_ICS_URL']}"),
            "build_date": date.fromisoformat(s["HUB_BUILD_DATE"]),
            "weekday_headers": WEEKDAY_HEADERS,
        }

    def _listing(self, pages: list[EventPage], prefix: str) -> dict:
        return {
            "upcoming_groups": group_by_month(upcoming_pages(pages), f"{prefix}upcoming"),
            "past_groups": group_by_month(past_pages(pages), f"{prefix}past"),
            "undated": undated_pages(pages),
        }

    def generate_output(self, writer):
        s = self.settings
        rel = s["RELATIVE_URLS"]
        common = self._common()
        page_tpl = self.get_template("event")
        for page in self.event_pages:
            writer.write_file(page.save_as, page_tpl, self.context, rel, url=page.url,
                              event_page=page, **common)
            if page.ics_save_as:
                self._write_ics(page.ics_save_as, [page], f"{page.event.title}（{self._calendar_name()}）")
        writer.write_file(s["EVENTS_SAVE_AS"], self.get_template("events"), self.context, rel, url=s["EVENTS_URL"],
                          community=None, **self._listing(self.event_pages, ""), **common)
        self._write_ics(s["EVENTS_ICS_SAVE_AS"], self.event_pages, self._calendar_name())
        for community in self.communities:
            members = self.community_pages[community.slug]
            writer.write_file(community.save_as, self.get_template("events"), self.context, rel, url=community.url,
                              community=community, **self._listing(members, ""), **common)
            self._write_ics(community.ics_save_as, members, self._calendar_name(f"·{community.name}"))
        month_tpl = self.get_template("events_month")
        for view in self.months:
            writer.write_file(view.save_as, month_tpl, self.context, rel, url=view.url, month=view, **common)
