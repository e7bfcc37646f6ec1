"""Bylines: who reported, who corresponded, who took the photos.

A byline is a short run of *role words*, *credit marks* and *names*:

* roles: ``记者`` (with any prefix: ``首席记者``, ``实习记者``, ``本报记者``, and an outlet
  prefix such as ``大象新闻·东方今报首席记者``) -> ``authors``; ``通讯员`` ->
  ``correspondents``; ``实习生`` and ``特约撰稿`` -> ``authors`` (they wrote the story);
  ``摄影记者`` / ``摄影`` -> ``photographers`` only.
* credit marks: ``文/图``, ``图/文``, ``文图``, ``图文`` credit the photos to every name since
  the previous credit mark (``记者 鲁慧 文/图`` -> photographers [鲁慧]; ``记者 王赛华 文 通讯员
  丁晓广 图`` -> photographers [丁晓广]); ``摄`` after names does the same; ``文`` and ``报道``
  credit nothing extra. A mark before any name (``文/图 记者 鲁慧``) applies to the names
  after it.
* names: 2–4 Chinese characters (minority names with ``·`` up to 12). Typesetting pads
  two-character names to the width of three (``记者 鲁 慧``), so single characters next to
  each other are joined pairwise into one name. Role words spread out the same way
  (``记　者``) are closed up first. A role glued to a name (``记者王赛华``) is split.
* an outlet token standing alone before a role (``大象新闻·东方今报 首席记者 王赛华``) is
  recognised by its ending (报, 新闻, 网, 台, 客户端, 融媒) and kept out of the names.

Where bylines stand (decided in parse.py): a whole line at the end of a story (trailing),
the parentheses right after ``本报讯`` (leading), or parentheses closing the last paragraph.
``parse_byline`` returns None for anything that is not entirely a byline, so body text is
never mistaken for one; ``looks_like_byline`` catches lines that start like one but do not
parse, so the editor gets a clear error instead of a reporter's name in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ROLE = re.compile(
    r"^(?P<prefix>.{0,24}?)(?P<role>摄影记者|特约记者|记者|通讯员|实习生|特约撰稿人?|撰稿人?|摄影)(?P<rest>.*)$"
)
_NAME = re.compile(
    r"^[\u3400-\u4dbf\u4e00-\u9fff]{2,4}$|^[\u3400-\u4dbf\u4e00-\u9fff]{1,6}·[\u3400-\u4dbf\u4e00-\u9fff·]{1,8}$"
)
_SINGLE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]$")
_RANK = re.compile(r"(首席|本报|实习|见习|驻站|融媒体?|全媒体|资深|特派)$")
_OUTLET = re.compile(r"(报|新闻|网|台|客户端|融媒|融媒体|中心)$")
_CREDITS_PHOTO = {"文/图", "图/文", "文／图", "图／文", "文图", "图文", "摄", "图"}
_CREDITS_NONE = {"文", "报道", "采写"}
_SPREAD_ROLES = [
    (re.compile(r"记[\s\u3000]+者"), "记者"),
    (re.compile(r"通[\s\u3000]*讯[\s\u3000]*员"), "通讯员"),
    (re.compile(r"实[\s\u3000]*习[\s\u3000]*生"), "实习生"),
    (re.compile(r"摄[\s\u3000]+影"), "摄影"),
    (re.compile(r"文[\s\u3000]*[/／][\s\u3000]*图"), "文/图"),
    (re.compile(r"图[\s\u3000]*[/／][\s\u3000]*文"), "图/文"),
]
_ROLE_FIELD = {
    "记者": "authors",
    "特约记者": "authors",
    "实习生": "authors",
    "特约撰稿": "authors",
    "特约撰稿人": "authors",
    "撰稿": "authors",
    "撰稿人": "authors",
    "通讯员": "correspondents",
    "摄影记者": "photographers",
    "摄影": "photographers",
}
MAX_BYLINE = 80


@dataclass(frozen=True)
class Byline:
    """The people of one byline, each list in the order the paper prints them."""

    authors: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()

    def merged(self, other: Byline) -> Byline:
        def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(a + b))

        return Byline(
            union(self.authors, other.authors),
            union(self.correspondents, other.correspondents),
            union(self.photographers, other.photographers),
            union(self.outlets, other.outlets),
        )

    @property
    def empty(self) -> bool:
        return not (self.authors or self.correspondents or self.photographers)


@dataclass
class _State:
    fields: dict[str, list[str]] = field(
        default_factory=lambda: {"authors": [], "correspondents": [], "photographers": []}
    )
    outlets: list[str] = field(default_factory=list)
    role: str | None = None
    since_mark: list[str] = field(default_factory=list)
    pending_mark: bool = False
    saw_role_or_mark: bool = False

    def add(self, name: str) -> None:
        target = _ROLE_FIELD[self.role] if self.role else "authors"
        _append(self.fields[target], name)
        self.since_mark.append(name)
        if self.pending_mark:
            _append(self.fields["photographers"], name)

    def mark(self, photo: bool) -> None:
        self.saw_role_or_mark = True
        if not self.since_mark:
            self.pending_mark = photo  # "文/图 记者 鲁慧": the mark comes first
            return
        if photo:
            for name in self.since_mark:
                _append(self.fields["photographers"], name)
        self.since_mark = []
        self.pending_mark = False


def _append(names: list[str], name: str) -> None:
    if name not in names:
        names.append(name)


def close_up(text: str) -> str:
    """Close up role words and marks that typesetting spread out (``记　者`` -> ``记者``)."""
    for pattern, word in _SPREAD_ROLES:
        text = pattern.sub(word, text)
    return text


def _tokens(text: str) -> list[str]:
    tokens = close_up(text).split()
    # Pairs of single characters are one padded name: "鲁 慧" -> "鲁慧".
    merged: list[str] = []
    i = 0
    while i < len(tokens):
        if (
            _SINGLE.match(tokens[i])
            and tokens[i] not in _CREDITS_PHOTO | _CREDITS_NONE
            and i + 1 < len(tokens)
            and _SINGLE.match(tokens[i + 1])
        ):
            merged.append(tokens[i] + tokens[i + 1])
            i += 2
        else:
            merged.append(tokens[i])
            i += 1
    return merged


def parse_byline(text: str) -> Byline | None:
    """The people named by ``text`` if the whole of it is a byline, else None."""
    text = text.strip()
    if len(text) >= 2 and text[0] in "（(" and text[-1] in "）)":
        text = text[1:-1].strip()
    if not text or len(text) > MAX_BYLINE:
        return None
    state = _State()
    tokens = _tokens(text)
    for index, token in enumerate(tokens):
        if not _take(token, state, tokens[index + 1 :]):
            return None
    names = state.fields["authors"] + state.fields["correspondents"] + state.fields["photographers"]
    if not names or not state.saw_role_or_mark:
        return None
    return Byline(
        tuple(state.fields["authors"]),
        tuple(state.fields["correspondents"]),
        tuple(state.fields["photographers"]),
        tuple(state.outlets),
    )


def _take(token: str, state: _State, following: list[str]) -> bool:
    token = token.strip("（）()")
    if not token:
        return True
    if token in _CREDITS_PHOTO or token in _CREDITS_NONE:
        state.mark(token in _CREDITS_PHOTO)
        return True
    role = _ROLE.match(token)
    if role:
        prefix, word, rest = role.group("prefix"), role.group("role"), role.group("rest")
        if prefix and not _outlet_like(prefix):
            return False
        outlet = _RANK.sub("", prefix)
        if outlet:
            state.outlets.append(outlet)
        if word == "摄影" and not rest and (not following or not _NAME.match(following[0])):
            state.mark(True)  # "记者 张三 摄影": a credit after the names, not a role before them
            return True
        state.role = word
        state.saw_role_or_mark = True
        return _take(rest, state, following) if rest else True
    if following and _OUTLET.search(token) and _ROLE.match(following[0]) and (not _NAME.match(token) or "·" in token):
        state.outlets.append(token)
        return True
    for mark in sorted(_CREDITS_PHOTO | _CREDITS_NONE, key=len, reverse=True):
        # A credit glued to the last name: "鲁慧文/图", "王赛华摄".
        if (
            ("/" in mark or "／" in mark or mark == "摄")
            and token.endswith(mark)
            and len(token) - len(mark) >= 2
            and _NAME.match(token[: -len(mark)])
        ):
            state.add(token[: -len(mark)])
            state.mark(mark in _CREDITS_PHOTO)
            return True
    if _NAME.match(token):
        state.add(token)
        return True
    return False


def _outlet_like(prefix: str) -> bool:
    # "首席", "本报", "见习", "融媒体" and outlet names ending in 报/新闻/网/台 may precede a role.
    return bool(
        re.fullmatch(
            r"(.{0,20}?(报|新闻|网|台|客户端|融媒体?|·[^\s]{1,10}))?(首席|本报|实习|见习|驻站|融媒体?|全媒体|资深|特派)?",
            prefix,
        )
    )


def looks_like_byline(text: str) -> bool:
    """A short line that starts with a role word: a byline the parser should understand."""
    s = close_up(text.strip()).lstrip("（(").rstrip("）)")
    m = re.match(r"^(本报)?(首席|实习|见习)?(记者|通讯员|摄影)", s)
    # Only names, spaces and credit marks may follow, else it is prose ("记者了解到，…").
    return bool(m) and len(s) <= 40 and not re.search(r"[，,。：:；;！!？?、“”]", s)
