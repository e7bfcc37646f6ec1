"""Dates for Chinese readers and for machines, without locales.

Locale-dependent ``strftime`` (``%-m``, ``%A``) differs between machines; these
pure functions give the same bytes everywhere.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

WEEKDAYS = "一二三四五六日"
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")


def parse_date(value: str) -> datetime:
    """``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM`` in Asia/Shanghai; ValueError if not a real date."""
    m = DATE_RE.match(value.strip())
    if not m:
        raise ValueError(value)
    y, mo, d, h, mi = (int(g) if g else 0 for g in m.groups())
    return datetime(y, mo, d, h, mi, tzinfo=SHANGHAI)


def zh_date(value: date) -> str:
    """2025年8月20日"""
    return f"{value.year}年{value.month}月{value.day}日"


def zh_weekday(value: date) -> str:
    """周三"""
    return f"周{WEEKDAYS[value.weekday()]}"


def zh_month(value: date) -> str:
    """2025年8月"""
    return f"{value.year}年{value.month}月"


def iso(value: datetime) -> str:
    """2025-08-20T00:00:00+08:00: an offset is always present for machines (JSON-LD, feeds)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.isoformat(timespec="seconds")
