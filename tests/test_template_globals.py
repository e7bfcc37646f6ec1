"""The template helpers in Python give the very bytes the Jinja macros they replaced gave."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from jinja2 import Environment

from hub_content.dates import SHANGHAI, iso, zh_date
from hub_content.template_globals import GLOBALS

# The macros as they were in theme/templates/macros/links.html and dates.html.
MACROS = """\
{% macro url(path) %}{{ SITEURL }}/{{ path }}{% endmacro %}
{% macro abs(path) %}{{ HUB_SITEURL }}/{{ path }}{% endmacro %}
{% macro people(items, sep="、") %}{% for a in items %}<a href="{{ url(a.url) }}" rel="author">{{ a.name }}</a>\
{{ sep if not loop.last }}{% endfor %}{% endmacro %}
{% macro date(value) %}<time datetime="{{ value|iso }}">{{ value|zh_date }}</time>{% endmacro %}
"""
CALLS = {
    "url": ("{{ m.url(x) }}", "{{ links.url(x) }}"),
    "abs": ("{{ m.abs(x) }}", "{{ links.abs(x) }}"),
    "people": ("{{ m.people(x) }}", "{{ links.people(x) }}"),
    "people, sep": ('{{ m.people(x, " ") }}', '{{ links.people(x, " ") }}'),
    "date": ("{{ m.date(x) }}", "{{ dt.date(x) }}"),
}
Person = SimpleNamespace
CASES = [
    ("url", "articles/2025/s228/"), ("url", "tag/a&b/?q=<x>"), ("url", "社区/锦程花园/"), ("url", ""),
    ("abs", "articles/2025/s228/"), ("abs", 'x"y'),
    ("people", []), ("people", [Person(url="author/lu-hui/", name="鲁慧")]),
    ("people", [Person(url="author/a/", name="甲"), Person(url="author/b&c/", name="乙<丙>")]),
    ("people, sep", [Person(url="author/a/", name="甲"), Person(url="author/b/", name="乙")]),
    ("date", datetime(2025, 8, 20, tzinfo=SHANGHAI)), ("date", datetime(2025, 12, 31, 9, 5, tzinfo=SHANGHAI)),
]


def _env() -> Environment:
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(iso=iso, zh_date=zh_date)
    env.globals.update(GLOBALS)
    return env


@pytest.mark.parametrize(("call", "value"), CASES)
@pytest.mark.parametrize("siteurl", ["..", "../..", "", "https://example.org/news&hub"])
def test_helpers_equal_the_macros(call, value, siteurl):
    env = _env()
    env.globals["m"] = env.from_string(MACROS).make_module({"SITEURL": siteurl, "HUB_SITEURL": siteurl + "/abs"})
    macro, helper = CALLS[call]
    context = {"x": value, "SITEURL": siteurl, "HUB_SITEURL": siteurl + "/abs"}
    assert env.from_string(helper).render(context) == env.from_string(macro).render(context)


def test_url_follows_the_page_it_is_rendered_for():
    # Relative URLs: the same helper gives each page its own way back to the site's root.
    template = _env().from_string('<a href="{{ links.url("tag/s228/") }}">')
    assert [template.render(SITEURL=s) for s in ("..", "../../..")] == ['<a href="../tag/s228/">',
                                                                        '<a href="../../../tag/s228/">']
