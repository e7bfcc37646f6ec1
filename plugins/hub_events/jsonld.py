"""schema.org ``Event`` JSON-LD for event pages (Google's required name, startDate, location).

startDate is the next meeting from the build date on (the last one for a past event), with
its +08:00 offset; a day whose hour no source gives is a plain date (``2025-07-23``): schema.org
allows a Date there, and writing T00:00 would invent a time. Events without any date get no
JSON-LD at all — an Event without startDate is invalid for search engines.
"""

from __future__ import annotations

from hub_seo.jsonld import dumps_for_script

from .views import EventPage

STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "rescheduled": "https://schema.org/EventRescheduled",
}
FREQ = {"DAILY": "P1D", "WEEKLY": "P1W", "MONTHLY": "P1M"}
DAY_URL = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
           "SA": "Saturday", "SU": "Sunday"}


def event_jsonld(page: EventPage, siteurl: str, sitename: str, address_defaults: dict[str, str]) -> str:
    shown = page.shown
    if shown is None:
        return ""
    ev = page.event
    address = {"@type": "PostalAddress", **address_defaults}
    if ev.place.address:
        address["streetAddress"] = ev.place.address
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": ev.title,
        "description": ev.summary,
        "startDate": shown.start,
        "eventStatus": STATUS[ev.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": ev.place.name, "address": address},
        "url": f"{siteurl}/{page.url}",
        "inLanguage": "zh-CN",
    }
    if ev.is_free:  # a mixed cost text ("咨询免费；票价未提及") claims nothing either way
        data["isAccessibleForFree"] = True
    if shown.end != shown.start:
        data["endDate"] = shown.end
    if ev.organisers:
        data["organizer"] = [{"@type": "Organization", "name": name} for name in ev.organisers]
    if ev.previous_start is not None:
        data["previousStartDate"] = ev.previous_start.isoformat(timespec="seconds")
    rec = ev.recurrence
    if rec is not None and page.first is not None:
        schedule = {
            "@type": "Schedule",
            "repeatFrequency": FREQ[rec.freq] if rec.interval == 1 else f"P{rec.interval}{FREQ[rec.freq][-1]}",
            "startDate": page.first.day.isoformat(),
            "scheduleTimezone": ev.tz,
        }
        if ev.kind == "timed":
            schedule["startTime"] = f"{ev.start:%H:%M}"
            if ev.end is not None:
                schedule["endTime"] = f"{ev.end:%H:%M}"
        if rec.bymonthday:
            schedule["byMonthDay"] = list(rec.bymonthday)
        if rec.byday:
            # schema.org has no "first Tuesday": ordinals stay in the page text only.
            schedule["byDay"] = [f"https://schema.org/{DAY_URL[d]}" for _n, d in rec.byday]
        if rec.count is not None:
            schedule["repeatCount"] = rec.count
        if rec.until is not None:
            schedule["endDate"] = rec.until.isoformat()
        if ev.exdates:
            schedule["exceptDate"] = [d.isoformat() for d in ev.exdates]
        data["eventSchedule"] = schedule
    if page.articles:
        data["subjectOf"] = [{"@type": "NewsArticle", "headline": a.title, "url": f"{siteurl}/{a.url}"}
                             for a in page.articles]
    data["publisher"] = {"@type": "Organization", "name": sitename, "url": f"{siteurl}/"}
    return dumps_for_script(data)
