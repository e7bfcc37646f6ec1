"""The article (news post) and page models: the schema editors write against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .errors import Problem
from .fields import FieldReader
from .frontmatter import Document
from .taxonomy import Taxonomy

# field: (required, what it holds, example) — also the source of the editor guide's table.
ARTICLE_FIELDS: dict[str, tuple[bool, str, str]] = {
    "title": (True, "标题（主题）", "S228路社区接驳巴士开通"),
    "kicker": (False, "引题：标题上方的一行", "“乘”心如意"),
    "subtitle": (False, "副题：标题下方的一行", "社区居民出行更方便"),
    "date": (True, "见报或发生日期（北京时间）", "2025-08-20 或 2025-08-20 09:30"),
    "modified": (False, "更正或更新日期", "2025-08-21"),
    "category": (True, "栏目，须为 taxonomy.yml 中列出的一个", "交通出行"),
    "tags": (False, "标签：社区、道路、线路、单位；须列在 taxonomy.yml 中或由某篇文章的 new_tags 声明",
             "[S228路, 锦程花园社区]"),
    "new_tags": (False, "本篇首次使用的新标签（也要写在 tags 里）；声明一次后，其他文章可直接使用", "[金柳南路]"),
    "authors": (True, "记者，每人单列", "[王赛华, 谢鹏飞]"),
    "correspondents": (False, "通讯员", "[丁晓广]"),
    "photographers": (False, "摄影（“文/图”中的“图”）", "[鲁慧]"),
    "slug": (True, "网址中的英文名：小写字母、数字和连字符", "s228-shuttle-opens"),
    "summary": (False, "摘要，通常取“本报讯”导语", "郑州公交第四运营公司……新开通S228路社区接驳巴士。"),
    "source": (False, "来源：版面文件与行号", "000_1207179334281816.txt:3-15"),
    "status": (False, "published（默认）或 draft（草稿，不发布）", "draft"),
}

PAGE_FIELDS: dict[str, tuple[bool, str, str]] = {
    "title": (True, "页面标题", "关于本站"),
    "slug": (True, "网址中的英文名", "about"),
    "summary": (False, "页面简介（搜索引擎与分享卡片使用）", "社区新闻汇是……"),
    "status": (False, "published（默认）、hidden 或 draft", "hidden"),
}

STATUSES = ("published", "draft")
PAGE_STATUSES = ("published", "hidden", "draft")


@dataclass(frozen=True)
class ArticleMeta:
    path: str
    title: str
    date: datetime
    category: str
    authors: tuple[str, ...]
    slug: str
    kicker: str | None = None
    subtitle: str | None = None
    modified: datetime | None = None
    tags: tuple[str, ...] = ()
    new_tags: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    summary: str | None = None
    source: str | None = None
    status: str = "published"

    @classmethod
    def from_document(cls, doc: Document, taxonomy: Taxonomy) -> ArticleMeta:
        f = FieldReader(doc, frozenset(ARTICLE_FIELDS))
        title = f.text("title", required=True, max_len=80)
        date = f.date("date", required=True)
        modified = f.date("modified")
        category = f.text("category", required=True)
        if category and category not in taxonomy.categories:
            f.add("category", f"{category!r} is not a category of this site",
                  f"use one of {', '.join(taxonomy.categories)} (or add it under 'categories:' in {taxonomy.path})")
        authors = f.text_list("authors", required=True)
        slug = f.slug()
        if date and modified and modified < date:
            f.add("modified", "is earlier than date", "a correction cannot come before the story")
        meta = dict(
            kicker=f.text("kicker", max_len=60),
            subtitle=f.text("subtitle", max_len=80),
            modified=modified,
            tags=f.text_list("tags"),
            new_tags=f.text_list("new_tags"),
            correspondents=f.text_list("correspondents"),
            photographers=f.text_list("photographers"),
            summary=f.text("summary", max_len=300),
            source=f.text("source"),
            status=f.choice("status", STATUSES, default="published"),
        )
        for i, tag in enumerate(meta["new_tags"]):
            if tag not in meta["tags"]:
                f.add(f"new_tags.{i}", f"{tag!r} is not in tags", f"add {tag} to 'tags:' as well, or remove it here")
        if not doc.body.strip():
            f.problems.append(Problem(doc.path, doc.body_line, "body", "the story has no text",
                                      "write the story below the closing '---'"))
        f.raise_if_any()
        assert title and date and category and slug  # guaranteed when no problem was recorded
        return cls(doc.path, title, date, category, authors, slug, **meta)


@dataclass(frozen=True)
class PageMeta:
    path: str
    title: str
    slug: str
    summary: str | None = None
    status: str = "published"

    @classmethod
    def from_document(cls, doc: Document) -> PageMeta:
        f = FieldReader(doc, frozenset(PAGE_FIELDS))
        title = f.text("title", required=True, max_len=80)
        slug = f.slug()
        summary = f.text("summary", max_len=300)
        status = f.choice("status", PAGE_STATUSES, default="published")
        f.raise_if_any()
        assert title and slug
        return cls(doc.path, title, slug, summary, status or "published")

