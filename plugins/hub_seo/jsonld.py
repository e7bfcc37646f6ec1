"""schema.org JSON-LD for news articles: each reporter a separate Person, dates with +08:00."""

from __future__ import annotations

import json

from hub_content.dates import iso


def dumps_for_script(data: dict) -> str:
    """JSON safe inside <script>: '<', '>' and '&' escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def news_article(article, siteurl: str, sitename: str) -> str:
    url = f"{siteurl}/{article.url}"
    people = [{"@type": "Person", "name": a.name, "url": f"{siteurl}/{a.url}"} for a in article.authors]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": iso(article.date),
        "dateModified": iso(getattr(article, "modified", None) or article.date),
        "author": people,
        "publisher": {"@type": "Organization", "name": sitename, "url": f"{siteurl}/"},
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": "zh-CN",
        "articleSection": article.category.name,
    }
    if getattr(article, "kicker", None):
        data["alternativeHeadline"] = article.kicker
    if getattr(article, "summary", None):
        data["description"] = str(article.metadata.get("meta_model").summary or "")
    if getattr(article, "tags", None):
        data["keywords"] = [t.name for t in article.tags]
    return dumps_for_script(data)
