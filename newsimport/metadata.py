"""Story -> Article: every metadata field of the article format in COMMON.md.

* ``title``, ``kicker``, ``subtitle``: from parse.py's headline rule.
* ``date``: ``--date`` when given (the editor knows the issue's date); else the date in the
  page header (``2025年8月20日 星期三``); else the first full date ``YYYY年M月D日`` in the
  story's lead; else an error naming the story's headline line. Month-and-day dates
  (``7月23日``) are never completed with a guessed year. When ``--date`` and the page
  disagree, ``--date`` wins and the story gets a warning.
* ``category``: category.py. ``tags``: gazetteer.py, plus the roads of announced routes.
* ``authors`` / ``correspondents`` / ``photographers``: the byline (byline.py).
* ``slug``: slug.py; unique among the page's stories and the posts already in the same
  year (the URL holds only the year), except the post this story was imported to before.
* ``summary``: the lead without its ``本报讯`` marker, whole sentences (textfix.sentences)
  until at least ``SUMMARY_MIN`` characters; a story without a lead uses its first paragraph.
* ``source``: ``FILE:FIRST-LAST``, the file name and the story's line range, byline included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from hub_content.errors import ContentError, Problem

from . import category, gazetteer, slug
from .parse import Block, Page, Story, strip_marker
from .routes import RouteDraft, find_routes
from .textfix import fold, sentences

SUMMARY_MIN = 50
_FULL_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


@dataclass(frozen=True)
class Article:
    title: str
    kicker: str | None
    subtitle: str | None
    date: str
    category: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    correspondents: tuple[str, ...]
    photographers: tuple[str, ...]
    slug: str
    summary: str
    source: str
    blocks: tuple[Block, ...]
    routes: tuple[RouteDraft, ...]
    kept_chars: int
    source_chars: int
    warnings: tuple[str, ...]
    new_tags: tuple[str, ...] = ()  # set by sitetags.py: tags the site has not seen yet

    @property
    def path(self) -> str:
        """Path under the content directory."""
        return f"articles/{self.date[:4]}/{self.date}_{self.slug}.md"


def build_articles(
    page: Page, source_name: str, path: str, date: str | None = None, existing: Mapping[str, str] | None = None
) -> list[Article]:
    """Articles for every story of the page; ContentError lists every story without a date.

    ``existing`` maps ``YYYY/slug`` of posts already in the content directory to their
    date, so a new story does not take the URL of an older post.
    """
    existing = existing or {}
    problems: list[Problem] = []
    articles: list[Article] = []
    taken: set[str] = set()
    for story in page.stories:
        warnings = list(story.warnings)
        when = date or page.date or lead_date(story)
        if when is None:
            problems.append(
                Problem(
                    path,
                    story.headline_line,
                    "date",
                    f"the page gives no date for “{story.title}” (no page header date, no full date in its lead)",
                    "pass the issue's date: --date YYYY-MM-DD",
                )
            )
            continue
        if date and page.date and page.date != date:
            warnings.append(f"--date {date} used; the page header says {page.date}")
        articles.append(
            _article(story, when, source_name=source_name, warnings=warnings, existing=existing, taken=taken)
        )
    if problems:
        raise ContentError(problems)
    return articles


def lead_date(story: Story) -> str | None:
    lead = story.lead or (story.paragraphs[0] if story.paragraphs else None)
    if lead is None:
        return None
    for m in _FULL_DATE.finditer(fold(lead.text)):
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            continue
    return None


def summary(story: Story) -> str:
    first = story.lead or (story.paragraphs[0] if story.paragraphs else None)
    if first is None:
        return ""
    text = strip_marker(first)
    result = ""
    for sentence in sentences(text):
        result += sentence
        if len(result) >= SUMMARY_MIN:
            break
    return result.strip()


def _article(
    story: Story, when: str, *, source_name: str, warnings: list[str], existing: Mapping[str, str], taken: set[str]
) -> Article:
    headline = "\n".join(p for p in (story.kicker, story.title, story.subtitle) if p)
    # Stories without 本报讯 have no lead: their first paragraph plays its part.
    lead_block = story.lead or (story.paragraphs[0] if story.paragraphs else None)
    lead = strip_marker(lead_block) if lead_block else ""
    body = "\n".join(b.text for b in story.blocks if b is not lead_block)
    text = headline + "\n" + "\n".join(b.text for b in story.blocks)

    source = f"{source_name}:{story.first_line}-{story.last_line}"
    routes = find_routes(text, when, "")
    base_slug = slug.make_slug(story.title, headline, lead, text, [r.number for r in routes])
    year = when[:4]
    blocked = taken | {s.split("/", 1)[1] for s, d in existing.items() if s.startswith(year + "/") and d != when}
    chosen = slug.unique(base_slug, blocked)
    if chosen != base_slug:
        warnings.append(f"slug {base_slug} is taken in {year}: using {chosen}")
    taken.add(chosen)

    article_path = f"articles/{year}/{when}_{chosen}.md"
    routes = [replace(route, sources=(article_path,)) for route in routes]
    for route in routes:
        warnings.extend(route.warnings)
        if route.draft:
            warnings.append(f"route {route.number} is a draft: missing {', '.join(route.missing)}")

    cat, guessed = category.choose(headline, lead, body)
    if guessed:
        warnings.append(f"category: no keyword found, {cat} chosen; check it")
    tags = gazetteer.tags(text, extra_roads=[r for route in routes for r in route.roads])
    return Article(
        title=story.title,
        kicker=story.kicker,
        subtitle=story.subtitle,
        date=when,
        category=cat,
        tags=tuple(tags),
        authors=story.byline.authors,
        correspondents=story.byline.correspondents,
        photographers=story.byline.photographers,
        slug=chosen,
        summary=summary(story),
        source=source,
        blocks=story.blocks,
        routes=tuple(routes),
        kept_chars=story.kept_chars,
        source_chars=story.source_chars,
        warnings=tuple(warnings),
    )
