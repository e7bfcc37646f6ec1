"""A deterministic synthetic corpus at newsroom scale: same seed and size, same bytes.

``generate(root, n)`` writes two copies of one corpus:

- ``root/hub``: our format (YAML front matter, content/taxonomy.yml) — articles over ten years,
  one route per 200 articles in the COMMON.md route format, one community file per office and
  community the stories mention (so story text gets its mention links, a real cost), one event
  per 100 articles (at least 2) spread over the same years, the about page;
- ``root/plain``: the same articles for Pelican's own Markdown reader (``Key: value`` metadata),
  built with its default theme as the yardstick.

Content types besides the articles plug in through ``EXTRA_KINDS`` (a writer per kind, called
with the generator state). Communities and events draw from their own random streams, so adding
them left the articles' and routes' bytes as they were.
"""

from __future__ import annotations

import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from . import vocab as V

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))

from hub_content.taxonomy import Taxonomy, load_taxonomy, slug_collisions  # noqa: E402

FIRST_DAY = date(2016, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days + 1  # ten years of news
ARTICLES_PER_ROUTE = 200
ARTICLES_PER_EVENT, MIN_EVENTS = 100, 2
# How events are dated, in turn: a day and a time, a whole day, a weekly series, a day whose time
# the story does not give, a few days. Per ten events: 4 timed, 2 all-day, 2 multi-day, 1 series.
EVENT_KINDS = ("timed", "all_day", "series", "time_unknown", "timed", "multi_day", "timed", "all_day", "timed",
               "multi_day")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = "一二三四五六日"
REPORTERS = 30
IMAGE_SHARE, TABLE_SHARE = 0.05, 0.05
BENCH_IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3" fill="#a5231b"/></svg>\n'


@dataclass(frozen=True)
class Article:
    path: str  # relative to the content folder
    title: str
    kicker: str | None
    day: date
    time: str | None
    category: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    photographers: tuple[str, ...]
    slug: str
    summary: str
    body: str


@dataclass(frozen=True)
class Doc:
    """A generated content file: its path under the content folder, front matter in file order, body."""

    path: str
    meta: dict
    body: str = ""


@dataclass
class Corpus:
    seed: int
    articles: list[Article] = field(default_factory=list)
    routes: list[dict] = field(default_factory=list)
    communities: list[Doc] = field(default_factory=list)
    events: list[Doc] = field(default_factory=list)


def reporters(rng: random.Random, count: int) -> list[str]:
    """Distinct names whose pinyin slugs differ too (homophones would stop the build)."""
    names = ["王赛华", "谢鹏飞", "鲁慧"]
    while len(names) < count:
        name = rng.choice(V.SURNAMES) + rng.choice(V.GIVEN)
        if name not in names:
            names.append(name)
    return names


def _fill(template: str, rng: random.Random, words: dict[str, str]) -> str:
    slots = {
        "o": words["o"], "c": words["c"], "t": words["t"], "g": rng.choice(V.ORGS), "p": rng.choice(V.PLACES),
        "r": words["r"], "r2": rng.choice([r for r in V.ROADS if r != words["r"]]), "c2": rng.choice(V.COMMUNITIES),
        "q": rng.choice(V.QUOTES), "n": str(rng.randint(12, 3500)), "n2": str(rng.randint(3, 90)), "m": words["m"],
        "d": words["d"], "h": str(rng.randint(5, 7)), "hh": str(rng.randint(0, 2)),
        "who": rng.choice(V.SURNAMES) + rng.choice(["大爷", "阿姨", "女士", "先生", "奶奶"]),
    }
    return template.format(**slots)


def _body(rng: random.Random, words: dict[str, str], target: int, extras: list[str]) -> str:
    paragraphs = [_fill(rng.choice(V.LEADS), rng, words)]
    size = len(paragraphs[0])
    while size < target:
        para = "".join(_fill(rng.choice(V.SENTENCES), rng, words) for _ in range(rng.randint(2, 4)))
        paragraphs.append(para)
        size += len(para)
    for i, extra in enumerate(extras):
        paragraphs.insert(min(2 + i, len(paragraphs)), extra)
    return "\n\n".join(paragraphs) + "\n"


def _table(rng: random.Random, words: dict[str, str]) -> str:
    rows = "\n".join(f"| {rng.choice(V.PLACES)} | {rng.randint(5, 7)}:{rng.choice(['00', '15', '30'])} | "
                     f"{rng.randint(20, 22)}:{rng.choice(['00', '30'])} |" for _ in range(rng.randint(3, 6)))
    return f"| 站点 | 首班 | 末班 |\n| --- | --- | --- |\n{rows}"


def build_corpus(n: int, seed: int = 2025) -> Corpus:
    rng = random.Random(seed)  # noqa: S311 (reproducible text, not secrets)
    taxonomy = site_taxonomy()
    categories = list(taxonomy.categories)
    people = reporters(rng, REPORTERS)
    route_numbers = [f"S{201 + i}" for i in range(max(3, n // ARTICLES_PER_ROUTE))]
    route_tags = [f"{num}路" for num in route_numbers]
    corpus = Corpus(seed)
    days = sorted(rng.randrange(DAYS) for _ in range(n))
    route_sources: dict[str, list[str]] = {num: [] for num in route_numbers}
    for i, offset in enumerate(days):
        day = FIRST_DAY + timedelta(days=offset)
        category = rng.choice(categories)
        words = {"o": rng.choice(V.OFFICES), "c": rng.choice(V.COMMUNITIES), "t": rng.choice(V.TOPICS),
                 "r": rng.choice(V.ROADS), "m": str(day.month), "d": str(day.day)}
        route = rng.choice(route_numbers) if category == "交通出行" else None
        tags = [words["c"], words["o"], words["t"], *rng.sample(V.ORGS + V.ROADS, rng.randint(0, 2))]
        if route:
            tags.insert(0, f"{route}路")
        extras = []
        if rng.random() < TABLE_SHARE:
            extras.append(_table(rng, words))
        if rng.random() < IMAGE_SHARE:
            extras.append(f"![{words['c']}活动现场]({{static}}/images/bench.svg)")
        body = _body(rng, words, rng.randint(1200, 2500), extras)
        title = _fill(rng.choice(V.TITLES), rng, words)[:80]
        slug = f"{taxonomy.categories[category]}-{i + 1:05d}"
        path = f"articles/{day:%Y}/{day:%Y-%m-%d}_{slug}.md"
        if route:
            route_sources[route].append(path)
        corpus.articles.append(Article(
            path=path, title=title, kicker=rng.choice(V.KICKERS) if rng.random() < 0.3 else None, day=day,
            time=f"{rng.randint(7, 20):02d}:{rng.choice(['00', '30'])}" if rng.random() < 0.3 else None,
            category=category, tags=tuple(dict.fromkeys(tags)), authors=tuple(rng.sample(people, rng.randint(1, 2))),
            photographers=(rng.choice(people),) if rng.random() < 0.2 else (), slug=slug,
            summary=body.split("\n", 1)[0][:300], body=body,
        ))
    for num in route_numbers:
        corpus.routes.append(_route(rng, num, route_sources[num]))
    corpus.communities = communities(corpus.articles, random.Random(f"{seed}:communities"))  # noqa: S311
    corpus.events = events(corpus.articles, corpus.communities, taxonomy, random.Random(f"{seed}:events"))  # noqa: S311
    _check_slugs(corpus, taxonomy, route_tags)
    return corpus


def site_taxonomy() -> Taxonomy:
    """content/taxonomy.yml with the slugs chosen for the offices and communities added to its tags."""
    taxonomy = load_taxonomy(ROOT / "content" / "taxonomy.yml")
    tags = {**V.SLUGS, **taxonomy.chosen.get("tags", {})}  # the site's own choice wins
    return Taxonomy(taxonomy.path, {**taxonomy.chosen, "tags": tags}, taxonomy.lines)


def mentioning(articles: list[Article], name: str) -> list[str]:
    """Paths of the stories whose text names ``name``, in date order."""
    return [a.path for a in articles if name in a.body]


def spread(items: list[str], k: int = 3) -> list[str]:
    """Up to ``k`` items evenly spaced from first to last (a few sources across the years)."""
    if len(items) <= k:
        return list(items)
    return [items[i * (len(items) - 1) // (k - 1)] for i in range(k)]


def communities(articles: list[Article], rng: random.Random) -> list[Doc]:
    """One file per office, then per community, that some story names; each community in an office."""
    offices = {name: mentioning(articles, name) for name in V.OFFICES}
    offices = {name: paths for name, paths in offices.items() if paths}
    places = {name: mentioning(articles, name) for name in V.COMMUNITIES}
    places = {name: paths for name, paths in places.items() if paths}
    office_of = {name: rng.choice(list(offices)) for name in places} if offices else {}
    docs = [_office(name, paths, [c for c in places if office_of.get(c) == name]) for name, paths in offices.items()]
    return docs + [_community(rng, name, paths, office_of.get(name)) for name, paths in places.items()]


def _office(name: str, sources: list[str], members: list[str]) -> Doc:
    served = "、".join(members[:3]) + (f"等{len(members)}个社区" if len(members) > 3 else "")
    meta = {"name": name, "slug": V.SLUGS[name], "kind": "办事处",
            "description": f"经开区{name}" + (f"，辖{served}" if members else "") + "。", "sources": spread(sources)}
    return Doc(f"communities/{V.SLUGS[name]}.md", meta)


def _community(rng: random.Random, name: str, sources: list[str], office: str | None) -> Doc:
    # "X小区" is how stories also name the estate of X社区: an alias no other community can claim.
    meta: dict = {"name": name, "slug": V.SLUGS[name], "aliases": [name.removesuffix("社区") + "小区"], "kind": "社区"}
    if office:
        meta["office"] = office
    body = ""
    if rng.random() < 0.5:
        households = rng.randint(800, 6000)
        meta |= {"households": str(households), "residents": str(households * rng.randint(25, 38) // 10),
                 "figures_source": sources[0]}
        body = f"{name}的户数和人口数据来自社区公开报道。\n"
    meta |= {"description": f"{office or '经开区'}辖区的社区。", "sources": spread(sources)}
    return Doc(f"communities/{V.SLUGS[name]}.md", meta, body)


def events(articles: list[Article], places: list[Doc], taxonomy: Taxonomy, rng: random.Random) -> list[Doc]:
    """One event per ARTICLES_PER_EVENT stories (at least MIN_EVENTS), each reported by a story at the
    middle of its share of the archive, so their dates spread over the corpus years like the stories'."""
    count = max(MIN_EVENTS, len(articles) // ARTICLES_PER_EVENT)
    by_name = {d.meta["name"]: d for d in places if d.meta["kind"] == "社区"}
    docs = []
    for i in range(count):
        at = (2 * i + 1) * len(articles) // (2 * count)
        story = articles[at]
        community = next(t for t in story.tags if t in by_name)
        follow_up = mentioning(articles[at + 1:], community)[:1]  # the next story naming the community
        slug = f"{taxonomy.categories[story.category]}-event-{i + 1:03d}"
        docs.append(_event(rng, EVENT_KINDS[i % len(EVENT_KINDS)], slug, story, by_name[community].meta, follow_up))
    return docs


def _event(rng: random.Random, kind: str, slug: str, story: Article, place: dict, more: list[str]) -> Doc:
    name, office = place["name"], place.get("office")
    topic = next(t for t in story.tags if t in V.TOPICS)  # every story has one
    day = story.day
    title = f"{name}{topic}" + (f"（每周{WEEKDAY_NAMES[day.weekday()]}）" if kind == "series" else "活动")
    meta: dict = {"title": title, "summary": f"{office or ''}{name}开展{topic}活动，欢迎辖区居民参加。",
                  "category": story.category}
    meta |= _when(rng, kind, day, rng.randint(8, 19))
    meta["place"] = {"name": f"{name}党群服务中心", "address": f"经开区{office or ''}{name}", "community": name}
    meta |= {"organisers": [o for o in (office, name) if o], "articles": [story.path, *more]}
    return Doc(f"events/{day:%Y-%m-%d}_{slug}.md", meta, f"活动由{'、'.join(meta['organisers'])}主办，{topic}志愿者到场服务。\n")


def _when(rng: random.Random, kind: str, day: date, hour: int) -> dict:
    """The 'when' fields of one event (docs/events.md): one of the three forms, and a series."""
    start = f"{day.isoformat()} {hour:02d}:{rng.choice(['00', '30'])}"
    if kind == "timed":
        return {"start": start, "end": f"{hour + rng.randint(1, 3):02d}:00"} if rng.random() < 0.7 else {"start": start}
    if kind == "series":
        meetings = rng.randint(4, 8)
        return {"start": start, "end": f"{hour + 1:02d}:30",
                "rrule": f"FREQ=WEEKLY;BYDAY={WEEKDAYS[day.weekday()]};COUNT={meetings}",
                "exdates": [(day + timedelta(weeks=rng.randint(1, meetings - 1))).isoformat()]}
    if kind == "time_unknown":
        return {"date": day.isoformat(), "time_known": "no", "when_note": "报道未写明具体时间。"}
    if kind == "multi_day":
        return {"date": day.isoformat(), "end_date": (day + timedelta(days=rng.randint(1, 3))).isoformat()}
    return {"date": day.isoformat()}


def _route(rng: random.Random, number: str, sources: list[str]) -> dict:
    return {
        "number": number, "name": f"{number}路社区接驳巴士", "kind": rng.choice(V.ROUTE_KINDS),
        "operator": "郑州公交第四运营公司", "partners": rng.sample(V.OFFICES + V.COMMUNITIES, 2),
        "opened": f"{rng.randint(2016, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "status": "运营",
        "first": f"{rng.randint(5, 7)}:{rng.choice(['00', '15', '30'])}", "last": f"{rng.randint(20, 22)}:30",
        "roads": rng.sample(V.ROADS, rng.randint(3, 7)), "serves": rng.sample(V.PLACES, rng.randint(2, 5)),
        "sources": sources[:5],
    }


def _check_slugs(corpus: Corpus, taxonomy, route_tags: list[str]) -> None:
    """The generated names must not collide the way two real homophones would."""
    tags = {t: a.path for a in corpus.articles for t in a.tags}
    tags |= {d.meta["name"]: d.path for d in corpus.communities if d.meta["name"] not in tags}
    authors = {p: a.path for a in corpus.articles for p in a.authors}
    problems = slug_collisions("tags", tags, taxonomy) + slug_collisions("authors", authors, taxonomy)
    if problems:
        raise ValueError("\n".join(map(str, problems)))


def _flow(items) -> str:
    return "[" + ", ".join(items) + "]"


def doc_text(doc: Doc) -> str:
    """Front matter in the house style (flow lists, one nested level for ``place``), then the body."""
    lines = ["---"]
    for key, value in doc.meta.items():
        if isinstance(value, dict):
            lines += [f"{key}:", *(f"  {k}: {v}" for k, v in value.items())]
        else:
            lines.append(f"{key}: {_flow(value) if isinstance(value, list) else value}")
    return "\n".join([*lines, "---", ""]) + doc.body


def hub_text(a: Article) -> str:
    lines = ["---", f"title: {a.title}"]
    if a.kicker:
        lines.append(f"kicker: {a.kicker}")
    lines += [f"date: {a.day.isoformat()}{' ' + a.time if a.time else ''}", f"category: {a.category}",
              f"tags: {_flow(a.tags)}", f"authors: {_flow(a.authors)}"]
    if a.photographers:
        lines.append(f"photographers: {_flow(a.photographers)}")
    lines += [f"slug: {a.slug}", f"summary: {a.summary}", "---", a.body]
    return "\n".join(lines)


def plain_text(a: Article) -> str:
    lines = [f"Title: {a.title}", f"Date: {a.day.isoformat()} {a.time or '00:00'}", f"Category: {a.category}",
             f"Tags: {', '.join(a.tags)}", f"Authors: {', '.join(a.authors)}", f"Slug: {a.slug}",
             f"Summary: {a.summary}", "", a.body]
    return "\n".join(lines)


def route_text(r: dict) -> str:
    return "\n".join([
        "---", f"number: {r['number']}", f"name: {r['name']}", f"kind: {r['kind']}", f"operator: {r['operator']}",
        f"partners: {_flow(r['partners'])}", f"opened: {r['opened']}", f"status: {r['status']}", "hours:",
        "  - direction: 全程", f'    first: "{r["first"]}"', f'    last: "{r["last"]}"',
        f"roads: {_flow(r['roads'])}", f"serves: {_flow(r['serves'])}", f"sources: {_flow(r['sources'])}",
        "---", f"{r['name']}由{r['operator']}运营。", "",
    ])


# kind -> writer(corpus, hub content folder).
EXTRA_KINDS = {
    "routes": lambda corpus, hub: [_write(hub / "routes" / f"{r['number'].lower()}.md", route_text(r))
                                   for r in corpus.routes],
    "communities": lambda corpus, hub: [_write(hub / d.path, doc_text(d)) for d in corpus.communities],
    "events": lambda corpus, hub: [_write(hub / d.path, doc_text(d)) for d in corpus.events],
}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def corpus_taxonomy(corpus: Corpus) -> str:
    """The site's taxonomy plus every tag the corpus uses, as a newsroom's taxonomy.yml lists its tags."""
    taxonomy = site_taxonomy()
    tables = {kind: dict(table) for kind, table in taxonomy.chosen.items()}
    for tag in sorted({t for a in corpus.articles for t in a.tags}):
        tables.setdefault("tags", {}).setdefault(tag, taxonomy.slug("tags", tag))
    return yaml.safe_dump(tables, allow_unicode=True, sort_keys=False)


def generate(root: Path, n: int, seed: int = 2025) -> Corpus:
    """Write the corpus to root/hub and root/plain (replacing what was there)."""
    corpus = build_corpus(n, seed)
    hub, plain = root / "hub", root / "plain"
    for folder in (hub, plain):
        shutil.rmtree(folder, ignore_errors=True)
        _write(folder / "images" / "bench.svg", BENCH_IMAGE)
    _write(hub / "taxonomy.yml", corpus_taxonomy(corpus))
    about = (ROOT / "content" / "pages" / "about.md").read_text(encoding="utf-8")
    _write(hub / "pages" / "about.md", about)
    _write(plain / "pages" / "about.md", "Title: 关于本站\nSlug: about\n\n" + about.split("---\n", 2)[2])
    for a in corpus.articles:
        _write(hub / a.path, hub_text(a))
        _write(plain / a.path, plain_text(a))
    for writer in EXTRA_KINDS.values():
        writer(corpus, hub)
    return corpus


def edit_one(hub: Path, corpus: Corpus, round_no: int) -> Path:
    """A body-only correction to one story in the middle of the archive (what editors do most)."""
    a = corpus.articles[len(corpus.articles) // 2]
    path = hub / a.path
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n\n（编者注：本文于第{round_no}次核对后更正。）\n", encoding="utf-8")
    return path
