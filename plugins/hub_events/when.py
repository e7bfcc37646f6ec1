"""Event dates and rules in Chinese, for pages (``2025年8月20日（周三）06:15``). No locale.

Pure functions: the same words on the event page, in lists, on the home page and in tests.
"""

from __future__ import annotations

from datetime import date, datetime

from hub_content.dates import zh_date, zh_weekday

from .model import Event, Recurrence
from .recurrence import Occurrence

RRULE_DAY_ZH = {"MO": "周一", "TU": "周二", "WE": "周三", "TH": "周四", "FR": "周五", "SA": "周六", "SU": "周日"}
ORDINAL_ZH = {
    1: "第一个",
    2: "第二个",
    3: "第三个",
    4: "第四个",
    5: "第五个",
    -1: "最后一个",
    -2: "倒数第二个",
    -3: "倒数第三个",
    -4: "倒数第四个",
    -5: "倒数第五个",
}
TIME_UNKNOWN = "具体时间未公布"
DATE_UNKNOWN = "时间未公布"


def zh_day(day: date) -> str:
    """2025年8月20日（周三）"""
    return f"{zh_date(day)}（{zh_weekday(day)}）"


def hhmm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def zh_occurrence(event: Event, occ: Occurrence) -> str:
    """One meeting: ``2025年8月20日（周三）06:15—20:30``; a day without a published time says so."""
    if isinstance(occ.start, datetime):
        text = f"{zh_day(occ.start.date())}{hhmm(occ.start)}"
        if occ.end != occ.start:
            same_day = occ.end.date() == occ.start.date()
            text += "—" + (hhmm(occ.end) if same_day else f"{zh_day(occ.end.date())}{hhmm(occ.end)}")
        return text
    text = zh_day(occ.start)
    if occ.end != occ.start:
        text += f"至{zh_day(occ.end)}"
    if event.kind == "all_day":
        return text + " 全天"
    return text + f"（{TIME_UNKNOWN}）"


def zh_rule(rec: Recurrence) -> str:
    """每月18日 / 每2周的周六 / 每月第一个周二，共6次 / 每天，至2025年12月31日"""
    unit = {"DAILY": "天", "WEEKLY": "周", "MONTHLY": "月"}[rec.freq]
    every = f"每{rec.interval}{'个月' if unit == '月' else unit}" if rec.interval > 1 else f"每{unit}"
    days = []
    if rec.bymonthday:
        days.append(
            "、".join(f"{d}日" if d > 0 else ("最后一天" if d == -1 else f"倒数第{-d}天") for d in rec.bymonthday)
        )
    if rec.byday:
        days.append("、".join(f"{ORDINAL_ZH[n] if n else ''}{RRULE_DAY_ZH[d]}" for n, d in rec.byday))
    text = every + ("的" if rec.interval > 1 and days else "") + "".join(days)
    if rec.count is not None:
        text += f"，共{rec.count}次"
    elif rec.until is not None:
        text += f"，至{zh_date(rec.until)}"
    return text


def zh_when(event: Event, first: Occurrence | None) -> str:
    """The headline date line of an event page or list entry."""
    if event.kind == "date_unknown" or first is None:
        return DATE_UNKNOWN
    text = zh_occurrence(event, first)
    if event.recurrence is not None:
        text = f"{zh_rule(event.recurrence)}，首次{text}"
    return text
