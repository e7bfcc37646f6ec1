"""Pure functions, tested with tables."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.contents import Article
from pelican.settings import read_settings

from hub_assets.bundle import minify_css
from hub_content.dates import iso, parse_date, zh_date, zh_weekday
from hub_content.errors import ContentError, display_path
from hub_content.frontmatter import parse_document
from hub_content.listings import _generate_tags, freeze_url, term_dates
from hub_content.site_checks import duplicate_urls
from hub_content.taxonomy import pinyin_slug
from hub_html.sanitize import sanitize
from hub_html.transforms import lazy_images, table_scroll


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("锦程花园社区", "jinchenghuayuanshequ"),
        ("广场舞", "guangchangwu"),  # polyphone: 广场 is guang-chang, not yan-chang
        ("银行", "yinhang"),  # 行 read hang in 银行
        ("S228路", "s228-lu"),
        ("李静", "lijing"),
        ("女儿", "nver"),  # ü is written v
    ],
)
def test_pinyin_slug(name, slug):
    assert pinyin_slug(name) == slug


@pytest.mark.parametrize(
    ("value", "text", "weekday"),
    [(date(2025, 8, 20), "2025年8月20日", "周三"), (date(2026, 1, 4), "2026年1月4日", "周日")],
)
def test_chinese_dates(value, text, weekday):
    assert zh_date(value) == text
    assert zh_weekday(value) == weekday


@pytest.mark.parametrize("raw", ["2025-8-20", "2025-13-01", "2025-02-30", "20250820", "2025-08-20 25:00", ""])
def test_parse_date_refuses(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


def test_parse_date_and_iso():
    assert iso(parse_date("2025-08-20 06:15")) == "2025-08-20T06:15:00+08:00"
    assert iso(datetime(2025, 8, 20)) == "2025-08-20T00:00:00+08:00"


def test_front_matter_keeps_strings_and_lines():
    text = "---\ntitle: 标题\nfirst: 6:15\nflag: no\nplace:\n  name: 瑞秀\nstops:\n  - 甲\n  - 乙\n---\n正文\n"
    doc = parse_document(text, "x.md")
    assert doc.meta["first"] == "6:15" and doc.meta["flag"] == "no"  # no YAML 1.1 guessing
    assert doc.line("title") == 2 and doc.line("place.name") == 6 and doc.line("stops.1") == 9
    assert doc.body.strip() == "正文" and doc.body_line == 11


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: x\n", "x.md:1: front matter: the file does not start with '---'"),
        ("---\ntitle: x\n", "x.md:1: front matter: the metadata block is never closed"),
        ("---\ntitle: a\ntitle: b\n---\n", "x.md:3: title: is given twice (first on line 2)"),
        ("---\n- a\n---\n", "x.md:2: front matter: the metadata is not a list of 'key: value' lines"),
    ],
)
def test_front_matter_errors(text, message):
    with pytest.raises(ContentError) as err:
        parse_document(text, "x.md")
    assert str(err.value).startswith(message)


def test_byte_order_mark_and_crlf_are_accepted():
    doc = parse_document("\ufeff---\r\ntitle: 标题\r\n---\r\n正文\r\n", "x.md")
    assert doc.meta == {"title": "标题"}


HTML = st.sampled_from(["<p>文字</p>", '<img src="a.png" alt="图">', "<table><tr><td>1</td></tr></table>",
                        "<div><table><tr><th>站</th></tr></table></div>", '<img src="b.png" alt="" loading="eager">'])


@settings(deadline=None)  # a loaded CI machine is slow on the first example
@given(st.lists(HTML, max_size=5).map("".join))
def test_transforms_are_idempotent(html):
    for transform in (lazy_images, table_scroll):
        once = transform(html)
        assert transform(once) == once


@pytest.mark.parametrize(("html", "expected"), [
    (" </p> ", " "),  # a stray end tag left two space nodes side by side (found by hypothesis)
    (" \n</p> ", "\n"),
    ("<p>a</p> <script>x</script> <p>b</p>", "<p>a</p> <p>b</p>"),
    ("<pre> </b>  </pre>", "<pre>   </pre>"),  # whitespace inside <pre> is the text itself
])
def test_sanitize_output_parses_back_to_itself(html, expected):
    assert sanitize(html) == expected
    assert sanitize(expected) == expected


def test_lazy_images_keeps_explicit_choice():
    assert 'loading="eager"' in lazy_images('<img src="b.png" alt="" loading="eager">')
    assert 'loading="lazy"' in lazy_images('<img src="b.png" alt="">')


@pytest.mark.parametrize(
    ("css", "out"),
    [("a { color: red; }\n/* c */\nb  >  i { x: 1 }", "a{color:red}b>i{x:1}\n"), ("", "\n")],
)
def test_minify_css(css, out):
    assert minify_css(css) == out


def _display_as_before(path: str) -> str:
    """display_path as it was written first (pathlib on the whole path): the reference."""
    p = Path(path)
    try:
        return str((p.parent.resolve() / p.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


@pytest.mark.parametrize(("path", "expected"), [
    ("content/articles/a.md", "content/articles/a.md"),
    ("{root}/site/content/articles/a.md", "content/articles/a.md"),
    ("{root}/site/content//articles/./a.md", "content/articles/a.md"),
    ("{root}/site/a.md", "a.md"),
    ("a.md", "a.md"),
    ("./a.md", "a.md"),
    ("{root}/site/linked/a.md", "content/articles/a.md"),  # a linked folder is shown where it leads
    ("{root}/elsewhere/b.md", "{root}/elsewhere/b.md"),  # outside: as given
    ("{root}/elsewhere//./b.md", "{root}/elsewhere/b.md"),
    ("../elsewhere/b.md", "../elsewhere/b.md"),
    ("/b.md", "/b.md"),
    ("{root}/site", "."),  # the working directory itself
    ("{root}/site/", "."),
    ("{root}/site/content/..", "content/.."),
    ("{root}/sibling.md", "{root}/sibling.md"),
])
def test_display_path_is_relative_to_the_working_directory(tmp_path, monkeypatch, path, expected):
    root = tmp_path.resolve()
    (root / "site" / "content" / "articles").mkdir(parents=True)
    (root / "elsewhere").mkdir()
    (root / "site" / "linked").symlink_to(root / "site" / "content" / "articles", target_is_directory=True)
    monkeypatch.chdir(root / "site")
    path, expected = path.format(root=root), expected.format(root=root)
    assert display_path(path) == expected
    assert display_path(Path(path)) == _display_as_before(path)


@pytest.mark.parametrize(("slug", "day", "status"), [("s228-shuttle-opens", date(2025, 8, 20), "published"),
                                                    ("a", date(2016, 1, 1), "published"),
                                                    ("b", date(2024, 2, 29), "draft")])
def test_frozen_urls_are_the_ones_pelican_makes(slug, day, status):
    settings = read_settings(None, override={"ARTICLE_URL": "articles/{date:%Y}/{slug}/",
                                             "ARTICLE_SAVE_AS": "articles/{date:%Y}/{slug}/index.html",
                                             "DRAFT_URL": "drafts/{slug}/",
                                             "DRAFT_SAVE_AS": "drafts/{slug}/index.html"})
    article = Article("<p>正文</p>", settings=settings, metadata={
        "title": "标题", "slug": slug, "date": datetime(day.year, day.month, day.day), "status": status})
    made = (article.url, article.save_as, article.get_url_setting("url"), article.get_url_setting("save_as"))
    freeze_url(article)
    assert (article.url, article.save_as, article.get_url_setting("url"), article.get_url_setting("save_as")) == made
    if status == "draft":
        assert made[:2] == (f"drafts/{slug}/", f"drafts/{slug}/index.html")
        return
    assert made[1] == f"articles/{day.year}/{slug}/index.html"
    assert not hasattr(article, "override_save_as"), "Pelican would write it as a page that overrides others"
    article.slug = "other"
    assert (article.url, article.save_as) == made[:2], "kept, not made again"


@pytest.mark.parametrize(("items", "expected"), [
    ([("a/index.html", "content/a.md"), ("b/index.html", "content/b.md")], []),
    ([("a/index.html", "content/b.md"), ("a/index.html", "content/a.md")],
     ["content/b.md: slug: gives the address /a/index.html which content/a.md already uses — choose another slug"]),
    ([("x.html", "content/c.md"), ("x.html", "content/a.md"), ("x.html", "content/b.md")],
     ["content/b.md: slug: gives the address /x.html which content/a.md already uses — choose another slug",
      "content/c.md: slug: gives the address /x.html which content/a.md already uses — choose another slug"]),
])
def test_duplicate_urls_name_the_later_file(items, expected):
    assert [str(p) for p in duplicate_urls(items)] == expected


class _Term:  # what generate_tags asks of a Tag (hashable, as Pelican's are)
    def __init__(self, slug: str):
        self.slug, self.save_as, self.url, self.page_name = slug, f"tag/{slug}/", f"/tag/{slug}/", f"tag/{slug}"


@pytest.mark.parametrize(("tagged", "dates"), [
    ({"a": [3, 1, 2], "b": [0]}, [0, 1, 2, 3]),
    ({"a": [2, 2, 0]}, [0, 1, 2]),  # a story listing one tag twice
    ({"a": [4, 1]}, [3, 1, 0]),  # a story not among the dates (hidden), dates newest first
    ({"a": []}, [0, 1]),
])
def test_tag_pages_get_the_dates_pelican_gives(tagged, dates):
    from pelican.generators import ArticlesGenerator
    stories = [SimpleNamespace(n=i) for i in range(5)]
    tags = {_Term(t): [stories[i] for i in items] for t, items in tagged.items()}
    generator = SimpleNamespace(tags=tags, dates=[stories[i] for i in dates], context={}, articles=stories,
                                get_template=lambda name: name)

    def recorded(generate):
        calls = []
        generate(generator, lambda *args, **kwargs: calls.append((args, kwargs)))
        return calls
    assert recorded(_generate_tags) == recorded(ArticlesGenerator.generate_tags)
    position = {id(a): i for i, a in enumerate(generator.dates)}
    for items in tags.values():
        assert term_dates(items, position) == [a for a in generator.dates if a in items]
