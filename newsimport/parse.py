"""Page text -> stories. Pure: text and a file name in, a ``Page`` out (or ContentError).

How a page is read (every rule here is tested in tests/test_newsimport_parse.py):

Lines. Blank lines mean nothing (extraction leaves one after every line, and three in the
middle of a sentence), so the page is a list of non-blank lines, each keeping its 1-based
line number in the file. Each line is one of:

* **lead**: starts with ``本报讯``, ``本报8月20日讯``, ``本报消息`` or an outlet's ``…报讯``;
  an optional byline in parentheses right after the marker is the *leading byline*
  (``本报讯(记者 王赛华 谢鹏飞 通讯员 丁晓广 文/图)``).
* **byline**: a whole line that byline.py reads as a byline (``记者 鲁慧 文/图``), standing
  after a finished sentence (or spaced like a byline), so prose such as ``记者了解到`` is
  never taken for one, and not right above a lead (that is a headline).
* **caption**: a photo caption: starts with ``图为``, ``▲``, ``△``, ``上图``/``下图``, ``图1``,
  ``图：``, or ends with a photo credit (``（记者 鲁慧 摄）``, ``王赛华 摄``). The credit adds
  the photographer and leaves the caption.
* **furniture**: page header lines before the first story (a date ``2025年8月20日``,
  ``星期三``, ``第3版``) and editor credits anywhere (``责任编辑：…``). The header's date
  is the page's date; furniture is not part of any story.
* **text**: everything else.

Stories. A story is a *headline block* (1–3 lines), then the body, and ends with a
trailing byline, or where the next story's headline starts:

1. At the top of the page and after a trailing byline a new story starts. If a lead line
   follows within four lines, the text lines before it are the headline block, whatever
   their punctuation. Otherwise (a story without ``本报讯``) the headline block is the run
   of up to three *strict* headline lines at the start: at most 40 characters, no ``。``
   and no ``，``, not ending with sentence-final or continuation punctuation.
2. A lead line met inside a story starts the next story. Its headline block is the run
   (at most three) of strict headline lines right above it, commas allowed; the line
   above that ends the previous story's last sentence. (Pages with leading bylines have
   no trailing byline between stories, so this is the only boundary they give.)
3. A story needs a headline and a body paragraph; a story without ``本报讯`` also needs a
   trailing byline (otherwise it is text that belongs to no story, and that is an error:
   the importer does not guess).

Headline block -> kicker, title, subtitle. Each headline line is split into *parts* at
whitespace (not between two Latin letters or digits: ``iPhone 16`` stays whole). A part
starting with a dash (``——记…``) is a subtitle. Of the other parts, in page order: one
is the title; two are kicker (引题) and title — the paper prints the kicker above, or
before, the headline in smaller type, so ``党建引领网格化治理`` / ``明湖办事处打造…`` and
``社校育才“双向奔赴” “红衣”青年实践…`` both give kicker + title; three are kicker, title,
subtitle; more are an error.

Body -> paragraphs. A paragraph runs until a line ends with sentence-final punctuation
(textfix.ends_paragraph), joining lines across blank lines and mid-word; a line that
starts with a U+3000 indent starts a new paragraph even so (the paper's own paragraph
mark). A caption met inside an open paragraph (the photo sat in the middle of the column)
is placed after that paragraph. A short line like ``一、…`` or ``【…】`` is a crosshead. Then
textfix.repair: full-width punctuation in Chinese text, whitespace squeezed. The lead
keeps its ``本报讯`` marker followed by one space; the leading byline leaves it.

Nothing is dropped: for every story the visible characters of its source lines, less the
byline and furniture, equal those of its headline and paragraphs (modulo the width
changes); parse checks this and refuses the page if it ever fails.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from hub_content.errors import ContentError, Problem

from . import byline as bylines
from .textfix import (
    CLOSERS,
    ends_paragraph,
    ends_with_continuation,
    fold,
    join_lines,
    repair,
    visible,
    width_key,
)

LEAD, BYLINE, CAPTION, FURNITURE, TEXT = "lead", "byline", "caption", "furniture", "text"

LEAD_RE = re.compile(
    r"^(?P<marker>(?:本报|本刊|[\u4e00-\u9fff·]{2,12}?(?:报|网|台|新闻))(?:\d{1,2}月\d{1,2}日)?讯|本报消息)"
)
_LEADING_BYLINE = re.compile(r"^[\s\u3000]*[（(](?P<inner>[^（）()]{2,80})[）)]")
_TRAILING_PAREN = re.compile(r"[\s\u3000]*[（(](?P<inner>[^（）()]{2,80})[）)][\s\u3000]*$")
_CAPTION_START = re.compile(r"^(图为|图[①-⑩\d一二三四五六七八九十]|图[：:]|上图|下图|左图|右图|[▲△■□◆])")
_CAPTION_CREDIT = re.compile(
    r"[\s\u3000]*(?P<credit>[（(][^（）()]{2,30}摄(?:影)?[）)]|"
    r"(?:(?:记者|通讯员)[\s\u3000]*)?[\u4e00-\u9fff]{2,4}(?:[\s\u3000]+[\u4e00-\u9fff]{2,4}){0,3}[\s\u3000]+摄)$"
)
_HEADER_DATE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日|(?P<y2>\d{4})[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2})"
)
# Only unmistakable page-header words: "周一" or "版面" may start a headline too.
_HEADER = re.compile(r"星期[一二三四五六日天]|第\s*\d+\s*版|\b[A-Z]\d{1,2}版")
_EDITOR = re.compile(r"^(责任编辑|编辑|校对|美编|审核|审校|值班编辑|版式)[\s\u3000]*[:：]")
_CROSSHEAD = re.compile(r"^([一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|【[^】]{1,20}】$)")
_DASH = re.compile(r"^(——|—|－－|--)")

MAX_HEADLINE = 40
HEADLINE_FIX = "a headline is 1–3 short lines (引题, 主题, 副题) above the story's first paragraph"


@dataclass(frozen=True)
class Line:
    no: int
    raw: str
    kind: str

    @property
    def text(self) -> str:
        return self.raw.strip()


@dataclass(frozen=True)
class Block:
    """One paragraph of a story body, as it will be published."""

    kind: str  # "lead" | "text" | "caption" | "crosshead"
    text: str
    first_line: int
    last_line: int
    marker: str = ""  # the lead's "本报讯" marker (text starts with it)


@dataclass(frozen=True)
class Story:
    title: str
    kicker: str | None
    subtitle: str | None
    blocks: tuple[Block, ...]
    byline: bylines.Byline
    first_line: int
    last_line: int
    headline_line: int
    source_chars: int  # visible characters of the story's source lines, bylines excluded
    warnings: tuple[str, ...] = ()

    @property
    def lead(self) -> Block | None:
        return next((b for b in self.blocks if b.kind == "lead"), None)

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind in ("lead", "text"))

    @property
    def text(self) -> str:
        """Every published character: headline parts, then the blocks, one per line."""
        heads = [p for p in (self.kicker, self.title, self.subtitle) if p]
        return "\n".join(heads + [b.text for b in self.blocks])

    @property
    def kept_chars(self) -> int:
        return len(visible(self.text))


@dataclass(frozen=True)
class Page:
    stories: tuple[Story, ...]
    date: str | None  # ISO date from the page header, if it has one
    date_line: int | None = None
    furniture: tuple[Line, ...] = ()


@dataclass
class _Draft:
    """A story being assembled: line indices into the page's line list."""

    heads: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    trailing: int | None = None


def parse_page(text: str, path: str) -> Page:
    """Split a decoded page into stories; raise ContentError with every problem found."""
    lines = classify(text)
    problems: list[Problem] = []
    header_date, date_line = _page_date(lines)
    drafts = _segment(lines, path, problems)
    stories: list[Story] = []
    for draft in drafts:
        story = _build(draft, lines, path, problems)
        if story:
            stories.append(story)
    if not stories:
        # Said first, above the details, so an editor who passed the wrong file sees it at once.
        first = next((ln.no for ln in lines if ln.kind != FURNITURE), lines[0].no if lines else 1)
        problems.insert(
            0,
            Problem(
                path,
                first,
                "stories",
                "no story found on the page",
                "a story is a headline line, then a 本报讯 lead or body paragraphs, and a byline such as "
                "'记者 鲁慧'; check that this is a page of the paper's text",
            ),
        )
    if problems:
        raise ContentError(problems)
    return Page(tuple(stories), header_date, date_line, tuple(ln for ln in lines if ln.kind == FURNITURE))


# --- lines -----------------------------------------------------------------------------


def classify(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers and kinds."""
    raw = [(i + 1, s) for i, s in enumerate(text.split("\n")) if s.strip()]
    result: list[Line] = []
    in_header = True
    for index, (no, s) in enumerate(raw):
        t = fold(s).strip()
        if in_header and (_HEADER_DATE.search(t) or _HEADER.search(t)) and len(visible(t)) <= 40 and "。" not in s:
            result.append(Line(no, s, FURNITURE))
            continue
        in_header = False
        if _EDITOR.match(t):
            kind = FURNITURE
        elif LEAD_RE.match(t):
            kind = LEAD
        elif _is_trailing_byline(s, raw[index - 1][1] if index else ""):
            kind = BYLINE
        elif _CAPTION_START.match(s.strip()) or _caption_credit(s)[1]:
            kind = CAPTION
        else:
            kind = TEXT
        result.append(Line(no, s, kind))
    # A byline ends a story and a lead follows a headline, so a "byline" right above a
    # lead is a headline that happens to look like one ("王某 文").
    for k in range(len(result) - 1):
        if result[k].kind == BYLINE and result[k + 1].kind == LEAD:
            result[k] = Line(result[k].no, result[k].raw, TEXT)
    return result


def _is_trailing_byline(line: str, previous: str) -> bool:
    if bylines.parse_byline(line) is None:
        return False
    # Prose can look like a byline ("记者了解到"): require a finished sentence before it,
    # or byline spacing ("记者 鲁慧").
    return ends_paragraph(previous) or len(line.split()) >= 2 or line.strip()[0] in "（("


def _caption_credit(text: str) -> tuple[str, bylines.Byline | None, str]:
    """Split a photo credit off the end of a caption: (caption, byline, credit text)."""
    m = _CAPTION_CREDIT.search(text.rstrip())
    if not m or m.start() == 0:
        return text, None, ""
    found = bylines.parse_byline(m.group("credit"))
    if not found or not found.photographers:
        return text, None, ""
    # A caption credit names who took the photo; it does not make them a reporter.
    return text.rstrip()[: m.start()], bylines.Byline(photographers=found.photographers), m.group(0)


def _page_date(lines: list[Line]) -> tuple[str | None, int | None]:
    for line in lines:
        if line.kind != FURNITURE:
            continue
        m = _HEADER_DATE.search(fold(line.raw))
        if m:
            y, mo, d = (
                (m.group("y"), m.group("m"), m.group("d"))
                if m.group("y")
                else (m.group("y2"), m.group("m2"), m.group("d2"))
            )
            try:
                return dt.date(int(y), int(mo), int(d)).isoformat(), line.no
            except ValueError:
                continue  # a misprinted header date is no date; --date then decides
    return None, None


# --- stories ---------------------------------------------------------------------------


def _strict_headline(text: str, *, commas: bool) -> bool:
    s = text.strip()
    v = visible(s)
    if not v or len(v) > MAX_HEADLINE or "。" in s or LEAD_RE.match(fold(s)):
        return False
    if not commas and ("，" in s or "," in s):
        return False
    if s[0] in CLOSERS:
        return False  # a closing quote continues the sentence above it
    trailing = _TRAILING_PAREN.search(s)
    if trailing and bylines.parse_byline(trailing.group("inner")):
        return False  # "…说。（记者 鲁慧）" ends a story; no headline carries a byline
    return not ends_paragraph(s) and not ends_with_continuation(s)


def _segment(lines: list[Line], path: str, problems: list[Problem]) -> list[_Draft]:
    drafts: list[_Draft] = []
    n = len(lines)
    pos = 0
    while pos < n:
        if lines[pos].kind == FURNITURE:
            pos += 1
            continue
        if lines[pos].kind == BYLINE:
            problems.append(
                Problem(
                    path,
                    lines[pos].no,
                    "byline",
                    f"byline “{lines[pos].text}” follows no story",
                    "put the byline after the story's last paragraph",
                )
            )
            pos += 1
            continue
        draft = _Draft()
        pos = _headline_block(lines, pos, draft)
        pos = _body(lines, pos, draft, path, problems)
        drafts.append(draft)
    return drafts


def _headline_block(lines: list[Line], pos: int, draft: _Draft) -> int:
    n = len(lines)
    # Rule 1a: a lead within four lines -> the text lines before it are the headline.
    j = pos
    while j < n and j - pos <= 4 and lines[j].kind in (TEXT, CAPTION, FURNITURE):
        j += 1
    texts = [i for i in range(pos, j) if lines[i].kind == TEXT]
    if (
        j < n
        and lines[j].kind == LEAD
        and 1 <= len(texts) <= 3
        and all(len(visible(lines[i].raw)) <= 60 for i in texts)
    ):
        draft.heads = texts
        draft.body = [i for i in range(pos, j) if lines[i].kind == CAPTION]
        return j
    # Rule 1b: a story without 本报讯 -> strict headline lines (no commas).
    j = pos
    while j < n and len(draft.heads) < 3:
        kind = lines[j].kind
        if kind == CAPTION:
            draft.body.append(j)
        elif kind == TEXT and _strict_headline(lines[j].raw, commas=False):
            draft.heads.append(j)
        elif kind != FURNITURE:
            break
        j += 1
    return j


def _body(lines: list[Line], pos: int, draft: _Draft, path: str, problems: list[Problem]) -> int:
    n = len(lines)
    first_body = pos
    j = pos
    while j < n:
        kind = lines[j].kind
        if kind == BYLINE:
            draft.trailing = j
            return j + 1
        if kind == LEAD and j != first_body:
            start = _walk_back(lines, j, lower=first_body + 1)
            if start is None:
                problems.append(
                    Problem(
                        path,
                        lines[j].no,
                        "headline",
                        f"the story starting “{lines[j].text[:12]}…” has no headline above it",
                        f"put the story's headline on its own line above {lines[j].text[:3]}; {HEADLINE_FIX}",
                    )
                )
                draft.body.append(j)
                j += 1
                continue
            # The next story's headline lines were taken as this story's body: give them back.
            draft.body = [i for i in draft.body if i < start]
            return start
        draft.body.append(j)
        j += 1
    return j


def _walk_back(lines: list[Line], lead: int, lower: int) -> int | None:
    heads: list[int] = []
    i = lead - 1
    while i >= lower and len(heads) < 3:
        kind = lines[i].kind
        if kind == TEXT and _strict_headline(lines[i].raw, commas=True):
            heads.append(i)
        elif kind not in (CAPTION, FURNITURE):
            break
        i -= 1
    return min(heads) if heads else None


def _headline_parts(text: str) -> list[str]:
    # Split at whitespace runs, except between two Latin letters/digits ("iPhone 16").
    parts: list[str] = []
    current = ""
    chunks = re.split(r"([\s\u3000]+)", text.strip())
    for k, chunk in enumerate(chunks):
        if k % 2 == 0:
            current += chunk
            continue
        before, after = current[-1:] if current else "", chunks[k + 1][:1] if k + 1 < len(chunks) else ""
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            current += " "
        else:
            if current:
                parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts


def _build(draft: _Draft, lines: list[Line], path: str, problems: list[Problem]) -> Story | None:
    if not draft.heads:
        first = lines[draft.body[0]] if draft.body else lines[draft.trailing] if draft.trailing is not None else None
        if first is not None:
            problems.append(
                Problem(
                    path,
                    first.no,
                    "headline",
                    f"text “{first.text[:16]}…” belongs to no story: it has no headline",
                    f"{HEADLINE_FIX}; delete the line if it is not part of the paper's text",
                )
            )
        return None
    head_lines = [lines[i] for i in draft.heads]
    warnings: list[str] = []
    found = bylines.Byline()

    parts = [p for line in head_lines for p in _headline_parts(line.raw)]
    subtitles = [repair(p) for p in parts if _DASH.match(p)]
    mains = [repair(p) for p in parts if not _DASH.match(p)]
    if not mains or len(mains) > 3:
        problems.append(
            Problem(
                path,
                head_lines[0].no,
                "headline",
                f"the headline has {len(mains)} parts besides dashes ({' / '.join(mains) or 'none'})",
                f"{HEADLINE_FIX}; put each on its own line",
            )
        )
        return None
    kicker = mains[0] if len(mains) >= 2 else None
    title = mains[1] if len(mains) >= 2 else mains[0]
    if len(mains) == 3:
        subtitles.insert(0, mains[2])
    subtitle = " ".join(subtitles) or None

    body_lines = [lines[i] for i in draft.body if lines[i].kind != FURNITURE]
    if draft.trailing is not None:
        trailing = lines[draft.trailing]
        found = found.merged(bylines.parse_byline(trailing.raw) or bylines.Byline())

    blocks, text_found, kept = _paragraphs(body_lines, warnings)
    found = found.merged(text_found)
    last_line = (
        lines[draft.trailing].no
        if draft.trailing is not None
        else (body_lines[-1].no if body_lines else head_lines[-1].no)
    )
    if not any(b.kind in ("lead", "text") and visible(b.text[len(b.marker) :]) for b in blocks):
        problems.append(
            Problem(
                path,
                head_lines[0].no,
                "body",
                f"the story “{title}” has a headline but no body",
                "add the story's paragraphs below its headline, or delete the headline",
            )
        )
        return None
    lead = next((b for b in blocks if b.kind == "lead"), None)
    if lead is None and draft.trailing is None:
        problems.append(
            Problem(
                path,
                head_lines[0].no,
                "story",
                f"“{title}” has neither a 本报讯 lead nor a byline, so it is not recognisable as a story",
                "end the story with its byline (记者 …), or delete these lines",
            )
        )
        return None
    if found.empty:
        warnings.append("no byline: authors left empty")

    # What the source says, byline cut out, line by line: captions apart, since a caption
    # met mid-sentence is moved after its paragraph.
    main_source = "".join(line.raw for line in head_lines) + "".join(raw for is_caption, raw in kept if not is_caption)
    caption_source = "".join(raw for is_caption, raw in kept if is_caption)
    story = Story(
        title,
        kicker,
        subtitle,
        tuple(blocks),
        found,
        head_lines[0].no,
        last_line,
        head_lines[-1].no,
        len(visible(main_source + caption_source)),
        tuple(warnings),
    )
    _check_nothing_dropped(story, main_source, caption_source, path, problems)
    return story


def _paragraphs(body: list[Line], warnings: list[str]) -> tuple[list[Block], bylines.Byline, list[tuple[bool, str]]]:
    """Blocks, the people named in the body, and each line's source text less its byline."""
    blocks: list[Block] = []
    found = bylines.Byline()
    kept: list[tuple[bool, str]] = []
    open_lines: list[Line] = []
    marker = ""
    waiting_captions: list[Block] = []

    def close() -> None:
        nonlocal open_lines, marker
        if not open_lines:
            return
        joined = join_lines(line.raw for line in open_lines)
        if not ends_paragraph(joined):
            warnings.append(f"line {open_lines[-1].no}: paragraph ends without 。！？ (kept as it is)")
        if marker:
            rest = repair(joined[len(marker) :])
            blocks.append(
                Block("lead", f"{marker} {rest}" if rest else marker, open_lines[0].no, open_lines[-1].no, marker)
            )
        else:
            blocks.append(Block("text", repair(joined), open_lines[0].no, open_lines[-1].no))
        open_lines, marker = [], ""
        blocks.extend(waiting_captions)
        waiting_captions.clear()

    last_text = max((k for k, line in enumerate(body) if line.kind in (TEXT, LEAD)), default=-1)
    for k, line in enumerate(body):
        raw = line.raw
        if k == last_text:
            raw, by, _ = _closing_byline(raw, before="".join(x.raw for x in open_lines))
            if by:
                found = found.merged(by)
        if line.kind == CAPTION:
            caption, by, _ = _caption_credit(raw)
            if by:
                found = found.merged(by)
            kept.append((True, caption))
            block = Block("caption", repair(caption), line.no, line.no)
            (waiting_captions if open_lines else blocks).append(block)
            continue
        if line.kind == LEAD:
            close()
            stripped = raw.strip()
            m = LEAD_RE.match(fold(stripped))
            assert m  # classify() only marks lines that match
            marker, rest = stripped[: m.end()], stripped[m.end() :]
            lb = _LEADING_BYLINE.match(rest)
            if lb and (by := bylines.parse_byline(lb.group("inner"))):
                found = found.merged(by)
                rest = rest[lb.end() :]
            raw = marker + rest
        elif not open_lines and _CROSSHEAD.match(raw.strip()) and len(visible(raw)) <= 30 and not ends_paragraph(raw):
            blocks.append(Block("crosshead", repair(raw.strip()), line.no, line.no))
            kept.append((False, raw))
            continue
        elif open_lines and raw.startswith("\u3000"):
            close()  # the paper's own paragraph indent
        open_lines.append(Line(line.no, raw, line.kind))
        kept.append((False, raw))
        following = next((x for x in body[k + 1 :] if x.kind == TEXT), None)
        # A closing quote cannot start a paragraph: "…。" / "”范晓静说。" is one.
        if ends_paragraph(raw) and not (following and following.raw.strip()[:1] in CLOSERS):
            close()
    close()
    blocks.extend(waiting_captions)
    return blocks, found, kept


def _closing_byline(raw: str, before: str = "") -> tuple[str, bylines.Byline | None, str]:
    """A byline in parentheses closing the last paragraph: ``…效能。（记者 鲁慧）``.

    ``before`` is the paragraph's text on earlier lines, for a line that starts with the
    end of the sentence the byline follows (``”（记者 鲁慧）``).
    """
    m = _TRAILING_PAREN.search(raw)
    if not m or not ends_paragraph(before + raw[: m.start()]):
        return raw, None, ""
    found = bylines.parse_byline(m.group("inner"))
    if not found:
        return raw, None, ""
    return raw[: m.start()], found, m.group(0)


def _check_nothing_dropped(
    story: Story, main_source: str, caption_source: str, path: str, problems: list[Problem]
) -> None:
    heads = "".join(p for p in (story.kicker, story.title, story.subtitle) if p)
    main = heads + "".join(b.text for b in story.blocks if b.kind != "caption")
    captions = "".join(b.text for b in story.blocks if b.kind == "caption")
    if width_key(main) != width_key(main_source) or width_key(captions) != width_key(caption_source):
        problems.append(
            Problem(
                path,
                story.first_line,
                "text",
                f"importing “{story.title}” would change its characters",
                "this is a bug in newsimport: report it with the page attached",
            )
        )


def strip_marker(block: Block) -> str:
    """A lead's text without its 本报讯 marker (for the summary)."""
    return block.text[len(block.marker) :].strip() if block.marker else block.text


__all__ = [
    "BYLINE",
    "CAPTION",
    "FURNITURE",
    "LEAD",
    "TEXT",
    "Block",
    "Line",
    "Page",
    "Story",
    "classify",
    "parse_page",
    "strip_marker",
]
