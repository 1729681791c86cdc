"""Working days (工作日) by the official holiday calendar: weekends and 法定节假日 off, 调休 weekends on.

The calendar is reference data (schemas/reference/workdays-cn-2023.json, named by the profile's
``reference.workdays``): the holiday ranges and the adjusted workdays of the State Council's notice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Calendar:
    start: dt.date  # the dates the calendar covers
    end: dt.date
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]  # weekend days that are worked (调休上班)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def covers(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= first and last <= self.end

    def working_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The working days from ``first`` to ``last``, both included (none when last is before first)."""
        days = (first + dt.timedelta(i) for i in range((last - first).days + 1))
        return [d for d in days if self.is_workday(d)]


def _days(start: str, end: str) -> set[dt.date]:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return {first + dt.timedelta(i) for i in range((last - first).days + 1)}


def load_calendar(profile) -> Calendar:
    data = profile.load_ref("workdays")
    holidays = set().union(*(_days(h["from"], h["to"]) for h in data["holidays"].values()))
    workdays = {dt.date.fromisoformat(d) for days in data["workdays"].values() for d in days}
    return Calendar(dt.date.fromisoformat(data["covers"]["start"]), dt.date.fromisoformat(data["covers"]["end"]),
                    frozenset(holidays), frozenset(workdays))
