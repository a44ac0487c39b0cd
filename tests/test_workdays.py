"""Working-day calendar: hand-worked due dates and properties (app/workdays.py).

Calendar of the hand-worked cases = seed_overrides(2024, 2027), i.e. holidays.VN 0.109 (vi)
plus resources/calendar/makeup_days.json. Days off used below, as printed by the library:
  2024: 01/01; 08–14/02 (Tết); 18/04 (Giỗ Tổ); 29/04 (thay cho Sat 04/05, a working day);
        30/04; 01/05; 02–03/09.
  2025: 01/01; Mon 27/01 – Sat 01/02 (29 Tết … mùng 4); Mon 07/04 (Giỗ Tổ); Wed 30/04;
        Thu 01/05; Fri 02/05 (thay cho Sat 26/04, a working day); 01–02/09.
  2026: Thu 01/01; Mon 16/02 – Fri 20/02 (Giao thừa … mùng 4); Sun 26/04 (Giỗ Tổ) + Mon 27/04
        (nghỉ bù); Thu 30/04; Fri 01/05; Mon 31/08 (thay cho Sat 22/08, a working day);
        01–02/09; Tue 24/11 (Ngày Văn hóa Việt Nam).
  2027: Fri 01/01; …
Default office hours 07:00–11:30 (270 min) and 13:30–17:00 (210 min): 480 min a day.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import cast

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.calendar_seed import load_makeup_days, seed_overrides
from app.errors import InvalidInput
from app.resources import resource_path
from app.workdays import VN_TZ, DayOverride, OfficeHours, TimeUnit, WorkCalendar

WD = TimeUnit.WORKING_DAYS
WH = TimeUnit.WORKING_HOURS
CD = TimeUnit.CALENDAR_DAYS
SD = TimeUnit.SAME_DAY
C15 = time(15, 0)

CAL = WorkCalendar(seed_overrides(2024, 2027), version="test")


def vn(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


# (received, amount, unit, cutoff, expected due) — how each was worked out is in the comment.
CASES = [
    # --- Tết 2025: off Mon 27/01 – Sat 01/02 --------------------------------------------------
    # Fri 24/01 10:00; Mon 27 – Fri 31 off, weekend 1–2/02; 1st working day Mon 03/02, same time.
    pytest.param(vn(2025, 1, 24, 10), 1, WD, None, vn(2025, 2, 3, 10), id="tet2025-fri-1wd"),
    # Received on mùng 1 (Wed 29/01, off) -> normalised Mon 03/02 07:00 (offset 0); +5 days ends
    # at offset 0 of Mon 10/02, expressed as the close of the previous working day Fri 07/02.
    pytest.param(vn(2025, 1, 29, 9), 5, WD, None, vn(2025, 2, 7, 17), id="tet2025-mung1-5wd"),
    # Same day, Fri 24/01 15:30 >= 15:00 cut-off -> next working day after Tết = Mon 03/02 17:00.
    pytest.param(vn(2025, 1, 24, 15, 30), 0, SD, C15, vn(2025, 2, 3, 17), id="tet2025-sameday"),
    # --- Tết 2026: off Mon 16/02 – Fri 20/02 --------------------------------------------------
    # Fri 13/02 16:00 + 1 day: the whole week 16–20 is off -> Mon 23/02 16:00.
    pytest.param(vn(2026, 2, 13, 16), 1, WD, None, vn(2026, 2, 23, 16), id="tet2026-fri-1wd"),
    # Thu 12/02 14:00 + 3 days: Fri 13 (1), Mon 23 (2), Tue 24 (3) -> Tue 24/02 14:00.
    pytest.param(vn(2026, 2, 12, 14), 3, WD, None, vn(2026, 2, 24, 14), id="tet2026-thu-3wd"),
    # Same day received Sat 14/02 (non-working) -> close of next working day Mon 23/02.
    pytest.param(vn(2026, 2, 14, 9), 0, SD, C15, vn(2026, 2, 23, 17), id="tet2026-sameday-sat"),
    # --- 30/4–1/5 2025 with the swap: Fri 02/05 off, Sat 26/04 worked --------------------------
    # Fri 25/04 10:00 + 1 day -> Sat 26/04 is a make-up working day -> Sat 26/04 10:00.
    pytest.param(vn(2025, 4, 25, 10), 1, WD, None, vn(2025, 4, 26, 10), id="swap2025-makeup-sat"),
    # Tue 29/04 10:00 + 2 days: Wed 30/04, Thu 01/05, Fri 02/05 off, weekend; Mon 05/05 (1),
    # Tue 06/05 (2) -> Tue 06/05 10:00.
    pytest.param(vn(2025, 4, 29, 10), 2, WD, None, vn(2025, 5, 6, 10), id="3004-2025-2wd"),
    # Same day on the make-up Saturday 26/04 09:00, before the cut-off -> Sat 26/04 17:00.
    pytest.param(vn(2025, 4, 26, 9), 0, SD, C15, vn(2025, 4, 26, 17), id="swap2025-sameday-sat"),
    # Fri 25/04 17:30 (after close) -> Sat 26/04 07:00, offset 0; +1 day = offset 0 of Mon 28/04
    # -> close of the previous working day, Sat 26/04 17:00.
    pytest.param(vn(2025, 4, 25, 17, 30), 1, WD, None, vn(2025, 4, 26, 17), id="swap2025-late"),
    # Tue 29/04 16:00 + 3 h: 60 min to 17:00, then 120 min on the next working day Mon 05/05.
    pytest.param(vn(2025, 4, 29, 16), 3, WH, None, vn(2025, 5, 5, 9), id="3004-2025-3wh"),
    # --- 2026: Giỗ Tổ Sun 26/04 + nghỉ bù Mon 27/04; 30/04 Thu; 01/05 Fri ---------------------
    # Fri 24/04 09:00 + 3 days: Tue 28 (1), Wed 29 (2), [Thu 30, Fri 1, weekend], Mon 04/05 (3).
    pytest.param(vn(2026, 4, 24, 9), 3, WD, None, vn(2026, 5, 4, 9), id="giohto2026-3wd"),
    # Wed 29/04 08:00 + 1 day: Thu 30/04 and Fri 01/05 off, weekend -> Mon 04/05 08:00.
    pytest.param(vn(2026, 4, 29, 8), 1, WD, None, vn(2026, 5, 4, 8), id="3004-2026-1wd"),
    # Same day Friday 24/04/2026 before 15:00 -> Friday 17:00.
    pytest.param(vn(2026, 4, 24, 14, 59), 0, SD, C15, vn(2026, 4, 24, 17), id="fri-before-cutoff"),
    # Same day Friday 24/04/2026 at 15:00 (at the cut-off counts as after) -> next working day;
    # Mon 27/04 is the Giỗ Tổ nghỉ bù -> Tue 28/04 17:00.
    pytest.param(vn(2026, 4, 24, 15), 0, SD, C15, vn(2026, 4, 28, 17), id="fri-after-cutoff-hol"),
    # --- Giỗ Tổ 2025 Mon 07/04: Fri 04/04 10:00 + 1 day -> Tue 08/04 10:00. -------------------
    pytest.param(vn(2025, 4, 4, 10), 1, WD, None, vn(2025, 4, 8, 10), id="giohto2025-1wd"),
    # --- Other swaps ---------------------------------------------------------------------------
    # 2024: Sat 04/05 worked. Fri 03/05 15:00 + 1 day -> Sat 04/05 15:00.
    pytest.param(vn(2024, 5, 3, 15), 1, WD, None, vn(2024, 5, 4, 15), id="swap2024-makeup"),
    # 2024: Fri 26/04 10:00 + 1: Mon 29/04 (swapped), Tue 30/04, Wed 01/05 off -> Thu 02/05.
    pytest.param(vn(2024, 4, 26, 10), 1, WD, None, vn(2024, 5, 2, 10), id="swap2024-dayoff"),
    # 2026: Sat 22/08 worked. Fri 21/08 09:00 + 1 day -> Sat 22/08 09:00.
    pytest.param(vn(2026, 8, 21, 9), 1, WD, None, vn(2026, 8, 22, 9), id="swap2026-makeup"),
    # 2026: Fri 28/08 09:00 + 1: Mon 31/08 (swapped), Tue 01/09, Wed 02/09 off -> Thu 03/09.
    pytest.param(vn(2026, 8, 28, 9), 1, WD, None, vn(2026, 9, 3, 9), id="swap2026-quockhanh"),
    # --- 1/1 ----------------------------------------------------------------------------------
    # Wed 31/12/2025 16:00 + 1: Thu 01/01/2026 off -> Fri 02/01/2026 16:00.
    pytest.param(vn(2025, 12, 31, 16), 1, WD, None, vn(2026, 1, 2, 16), id="newyear2026"),
    # Thu 31/12/2026 10:00 + 1: Fri 01/01/2027 off, weekend -> Mon 04/01/2027 10:00.
    pytest.param(vn(2026, 12, 31, 10), 1, WD, None, vn(2027, 1, 4, 10), id="newyear2027"),
    # Same day received on 01/01/2026 (off) -> Fri 02/01/2026 17:00.
    pytest.param(vn(2026, 1, 1, 10), 0, SD, C15, vn(2026, 1, 2, 17), id="newyear-sameday"),
    # --- Ordinary Friday 14/03/2025 and same-day cut-off ---------------------------------------
    # 14:30 < 15:00 -> same day 17:00.
    pytest.param(vn(2025, 3, 14, 14, 30), 0, SD, C15, vn(2025, 3, 14, 17), id="sameday-before"),
    # 15:30 >= 15:00 -> next working day Mon 17/03 17:00.
    pytest.param(vn(2025, 3, 14, 15, 30), 0, SD, C15, vn(2025, 3, 17, 17), id="sameday-after"),
    # No cut-off: 16:30 is before close -> Friday 17:00; 17:30 is after close -> Monday 17:00.
    pytest.param(vn(2025, 3, 14, 16, 30), 0, SD, None, vn(2025, 3, 14, 17), id="sameday-nocut"),
    pytest.param(vn(2025, 3, 14, 17, 30), 0, SD, None, vn(2025, 3, 17, 17), id="sameday-closed"),
    # Before opening (06:00) on a working day -> same day 17:00.
    pytest.param(vn(2025, 3, 14, 6), 0, SD, C15, vn(2025, 3, 14, 17), id="sameday-early"),
    # --- Weekend receipt -------------------------------------------------------------------------
    # Sat 15/03/2025 -> Mon 17/03 07:00 (offset 0); +1 day = offset 0 Tue -> Mon 17/03 17:00.
    pytest.param(vn(2025, 3, 15, 9), 1, WD, None, vn(2025, 3, 17, 17), id="weekend-1wd"),
    # Sun 16/03 20:00 + 2 h -> Mon 17/03 07:00 + 120 min = 09:00.
    pytest.param(vn(2025, 3, 16, 20), 2, WH, None, vn(2025, 3, 17, 9), id="weekend-2wh"),
    # Zero duration: the normalised receipt, Mon 17/03 07:00.
    pytest.param(vn(2025, 3, 15, 9), 0, WD, None, vn(2025, 3, 17, 7), id="weekend-0wd"),
    # --- Lunch break (Mon 10/03/2025) ----------------------------------------------------------
    # 12:15 -> 13:30 = offset 270 (= end of morning); +1 day = offset 270 of Tue, which is
    # exactly the end of the morning session -> Tue 11/03 11:30.
    pytest.param(vn(2025, 3, 10, 12, 15), 1, WD, None, vn(2025, 3, 11, 11, 30), id="lunch-1wd"),
    # 12:15 -> 13:30 + 120 min = 15:30.
    pytest.param(vn(2025, 3, 10, 12, 15), 2, WH, None, vn(2025, 3, 10, 15, 30), id="lunch-2wh"),
    # Zero duration during lunch, and at 11:30 exactly (sessions are half-open) -> 13:30.
    pytest.param(vn(2025, 3, 10, 12, 15), 0, WH, None, vn(2025, 3, 10, 13, 30), id="lunch-0wh"),
    pytest.param(vn(2025, 3, 10, 11, 30), 0, WH, None, vn(2025, 3, 10, 13, 30), id="1130-0wh"),
    # --- Working hours across lunch and overnight (Mon 10/03/2025) -----------------------------
    # 10:00 + 2 h: 90 min to 11:30, 30 min from 13:30 -> 14:00.
    pytest.param(vn(2025, 3, 10, 10), 2, WH, None, vn(2025, 3, 10, 14), id="wh-across-lunch"),
    # 16:00 + 3 h: 60 min to 17:00, 120 min from Tue 07:00 -> Tue 09:00.
    pytest.param(vn(2025, 3, 10, 16), 3, WH, None, vn(2025, 3, 11, 9), id="wh-overnight"),
    # 10:00 + 16 h = 2 full days -> Wed 12/03 10:00.
    pytest.param(vn(2025, 3, 10, 10), 16, WH, None, vn(2025, 3, 12, 10), id="wh-16h"),
    # 14:00 + 3 h ends exactly at close -> Mon 17:00 (not Tue 07:00).
    pytest.param(vn(2025, 3, 10, 14), 3, WH, None, vn(2025, 3, 10, 17), id="wh-to-close"),
    # 08:30 + 3 h ends exactly at the end of the morning -> 11:30 (not 13:30).
    pytest.param(vn(2025, 3, 10, 8, 30), 3, WH, None, vn(2025, 3, 10, 11, 30), id="wh-to-1130"),
    # 06:30 (before opening) -> 07:00; + 5 h: 270 min to 11:30, 30 min -> 14:00.
    pytest.param(vn(2025, 3, 10, 6, 30), 5, WH, None, vn(2025, 3, 10, 14), id="wh-early"),
    # Seconds are dropped: 10:00:59 counts as 10:00.
    pytest.param(
        datetime(2025, 3, 10, 10, 0, 59, 999, tzinfo=VN_TZ),
        1,
        WH,
        None,
        vn(2025, 3, 10, 11),
        id="wh-seconds-dropped",
    ),
    # Input in UTC: 03:00Z = 10:00 in Hà Nội; + 2 h -> 14:00 +07.
    pytest.param(datetime(2025, 3, 10, 3, tzinfo=UTC), 2, WH, None, vn(2025, 3, 10, 14), id="utc"),
    # --- Calendar days --------------------------------------------------------------------------
    # Mon 20/04/2026 + 10 days = Thu 30/04 (holiday); Fri 01/05 holiday, weekend -> Mon 04/05.
    pytest.param(vn(2026, 4, 20, 10), 10, CD, None, vn(2026, 5, 4, 17), id="cd-ends-on-holiday"),
    # Mon 03/03/2025 + 5 days = Sat 08/03 -> Mon 10/03 17:00.
    pytest.param(vn(2025, 3, 3, 10), 5, CD, None, vn(2025, 3, 10, 17), id="cd-ends-on-weekend"),
    # Wed 05/03/2025 + 1 day = Thu 06/03 17:00 (period starts the day after receipt).
    pytest.param(vn(2025, 3, 5, 16, 45), 1, CD, None, vn(2025, 3, 6, 17), id="cd-1"),
    # Fri 21/08/2026 + 1 day = Sat 22/08 (make-up working day) -> Sat 22/08 17:00.
    pytest.param(vn(2026, 8, 21, 10), 1, CD, None, vn(2026, 8, 22, 17), id="cd-makeup-sat"),
    # 0 calendar days behaves as same day without cut-off: 10:00 -> 17:00; 18:00 -> next day.
    pytest.param(vn(2025, 3, 10, 10), 0, CD, None, vn(2025, 3, 10, 17), id="cd-0-open"),
    pytest.param(vn(2025, 3, 10, 18), 0, CD, None, vn(2025, 3, 11, 17), id="cd-0-closed"),
    # --- Ngày Văn hóa Việt Nam Tue 24/11/2026 -------------------------------------------------
    # Mon 23/11 10:00 + 1 day -> Tue 24/11 off -> Wed 25/11 10:00.
    pytest.param(vn(2026, 11, 23, 10), 1, WD, None, vn(2026, 11, 25, 10), id="vanhoa2026-1wd"),
    # Same day received on 24/11/2026 -> Wed 25/11 17:00.
    pytest.param(vn(2026, 11, 24, 9), 0, SD, C15, vn(2026, 11, 25, 17), id="vanhoa2026-sameday"),
    # 24/11/2025 is a Monday before the new holiday exists: + 1 day -> Tue 25/11/2025.
    pytest.param(vn(2025, 11, 24, 9), 1, WD, None, vn(2025, 11, 25, 9), id="2411-2025-working"),
]


@pytest.mark.parametrize(("received", "amount", "unit", "cutoff", "expected"), CASES)
def test_due_hand_worked(
    received: datetime, amount: int, unit: TimeUnit, cutoff: time | None, expected: datetime
) -> None:
    result = CAL.due(received, amount, unit, cutoff)
    assert result == expected
    assert result.tzinfo is VN_TZ
    assert (result.hour, result.minute) == (expected.hour, expected.minute)


def test_seed_days_off_match_the_library() -> None:
    off = {o.day for o in CAL.overrides_in(2025) if not o.working}
    assert {date(2025, 1, d) for d in range(27, 32)} | {date(2025, 2, 1)} <= off
    off26 = {o.day for o in CAL.overrides_in(2026) if not o.working}
    assert {date(2026, 2, d) for d in range(16, 21)} <= off26
    assert {date(2026, 4, 26), date(2026, 4, 27), date(2026, 11, 24), date(2026, 8, 31)} <= off26
    assert all(o.source == "holidays-0.109" for o in CAL.overrides_in(2026) if not o.working)


def test_working_day_flags() -> None:
    assert not CAL.is_working_day(date(2026, 11, 24))  # Ngày Văn hóa Việt Nam
    assert not CAL.is_working_day(date(2026, 4, 27))  # Giỗ Tổ nghỉ bù
    assert not CAL.is_working_day(date(2025, 5, 2))  # swapped day off
    assert CAL.is_working_day(date(2025, 4, 26))  # make-up Saturday
    assert CAL.is_working_day(date(2024, 5, 4))
    assert CAL.is_working_day(date(2026, 8, 22))
    assert not CAL.is_working_day(date(2025, 4, 19))  # ordinary Saturday
    assert CAL.is_working_day(date(2025, 11, 24))  # Monday, before the 24/11 holiday existed
    assert CAL.next_working_day(date(2025, 4, 25)) == date(2025, 4, 26)
    assert CAL.next_working_day(date(2025, 4, 29)) == date(2025, 5, 5)
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert CAL.next_working_day(date(2025, 3, 10)) == date(2025, 3, 11)  # strictly after


def test_overrides_in_is_sorted_and_last_override_wins() -> None:
    days = [o.day for o in CAL.overrides_in(2026)]
    assert days == sorted(days)
    assert all(d.year == 2026 for d in days)
    makeup = [o for o in CAL.overrides_in(2026) if o.working]
    assert [o.day for o in makeup] == [date(2026, 8, 22)]
    d = date(2025, 3, 10)
    cal = WorkCalendar(
        [DayOverride(d, False, "Bão"), DayOverride(d, True, "Đi làm lại", source="hq")],
        version="v7",
    )
    assert cal.version == "v7"
    assert cal.is_working_day(d)
    assert cal.overrides_in(2025) == [DayOverride(d, True, "Đi làm lại", source="hq")]


def test_seed_years_and_makeup_file() -> None:
    seed_2018 = seed_overrides(2018, 2018)
    assert date(2018, 12, 31) in {o.day for o in seed_2018 if not o.working}
    assert date(2019, 1, 5) not in {o.day for o in seed_2018}  # make-up day is in 2019
    assert date(2019, 1, 5) in {o.day for o in seed_overrides(2018, 2019) if o.working}
    path = resource_path("calendar", "makeup_days.json")
    assert path.is_file()
    entries = json.loads(path.read_text(encoding="utf-8"))["days"]
    makeup = load_makeup_days()
    assert [o.day.isoformat() for o in makeup] == sorted(e["date"] for e in entries)
    assert all(o.working and o.day.weekday() == 5 for o in makeup)  # all Saturdays
    verified = {e["date"] for e in entries if e["verified"]}
    assert verified == {"2024-05-04", "2025-04-26", "2026-08-22"}
    # Every swapped day off is a day off of the library, named after its make-up day.
    for e in entries:
        off = date.fromisoformat(e["swapped_day_off"])
        made_up = date.fromisoformat(e["date"])
        days_off = {o.day: o.name for o in seed_overrides(off.year, off.year) if not o.working}
        assert made_up.strftime("%d/%m/%Y") in days_off[off]


# --- Supplement pause ---------------------------------------------------------------------------


def test_resume_after_supplement() -> None:
    # Mon 10/03/2025 08:00 + 3 days -> Thu 13/03 08:00.
    due = CAL.due(vn(2025, 3, 10, 8), 3, WD)
    assert due == vn(2025, 3, 13, 8)
    # Paused Tue 11/03 10:00: remaining = Tue 10:00–17:00 (90 + 210 = 300) + Wed 480 +
    # Thu 07:00–08:00 (60) = 840 min.
    assert CAL.working_minutes_between(vn(2025, 3, 11, 10), due) == 840
    # Resumed Mon 17/03 09:00: Mon 09:00–17:00 is 150 + 210 = 360, 480 left = all of Tue
    # -> ends exactly at Tue 18/03 17:00.
    assert CAL.resume(due, vn(2025, 3, 11, 10), vn(2025, 3, 17, 9)) == vn(2025, 3, 18, 17)


def test_resume_across_holidays() -> None:
    # Fri 24/04/2026 09:00 + 3 days = Mon 04/05 09:00 (see the table). Paused Fri 10:00,
    # resumed Tue 28/04 10:00: the pause covered Fri 10–17 (300) + Tue 07–10 (180) = 480 min,
    # one working day (Mon 27/04 is off) -> due moves one working day, to Tue 05/05 09:00.
    due = CAL.due(vn(2026, 4, 24, 9), 3, WD)
    assert CAL.working_minutes_between(vn(2026, 4, 24, 10), due) == 1380
    assert CAL.resume(due, vn(2026, 4, 24, 10), vn(2026, 4, 28, 10)) == vn(2026, 5, 5, 9)


def test_resume_paused_after_due() -> None:
    due = vn(2025, 3, 13, 8)
    # Paused Fri 14/03 (after due): remaining 0 -> resumed Sat 15/03 normalised = Mon 07:00.
    assert CAL.resume(due, vn(2025, 3, 14, 10), vn(2025, 3, 15, 10)) == vn(2025, 3, 17, 7)


def test_working_minutes_between() -> None:
    assert CAL.working_minutes_between(vn(2025, 3, 10, 10), vn(2025, 3, 10, 14)) == 120
    # Fri 16:00 -> Mon 08:00: 60 + 60.
    assert CAL.working_minutes_between(vn(2025, 3, 14, 16), vn(2025, 3, 17, 8)) == 120
    assert CAL.working_minutes_between(vn(2025, 3, 17, 8), vn(2025, 3, 14, 16)) == 0
    assert CAL.working_minutes_between(vn(2025, 3, 15, 8), vn(2025, 3, 16, 20)) == 0  # weekend


# --- Office hours ----------------------------------------------------------------------------


def test_office_hours_parse_and_format() -> None:
    assert OfficeHours.parse("07:00-11:30,13:30-17:00") == OfficeHours()
    assert OfficeHours().format() == "07:00-11:30,13:30-17:00"
    hours = OfficeHours.parse(" 7:30 - 11:30 , 13:00-16:30 ")
    assert hours.format() == "07:30-11:30,13:00-16:30"
    assert OfficeHours.parse(hours.format()) == hours


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "required"),
        ("   ", "required"),
        ("07:00", "format"),
        ("abc", "format"),
        ("25:00-26:00", "format"),
        ("07:60-08:00", "format"),
        ("07:00-11:30,", "format"),
        ("07.00-11.30", "format"),
        ("11:30-07:00", "range"),
        ("07:00-07:00", "range"),
        ("13:30-17:00,07:00-11:30", "order"),
        ("07:00-11:30,11:00-17:00", "overlap"),
    ],
)
def test_office_hours_parse_errors(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as info:
        OfficeHours.parse(text)
    assert info.value.field == "office_hours"
    assert info.value.reason == reason
    assert info.value.detail


def test_office_hours_constructor_validation() -> None:
    with pytest.raises(InvalidInput, match="office_hours"):
        OfficeHours(())
    with pytest.raises(InvalidInput, match="office_hours"):
        OfficeHours(((time(7, 0, 30), time(8, 0)),))


def test_custom_hours_working_days_mean_days() -> None:
    # 07:30–11:30 (240) + 13:00–16:30 (210) = 450 min a day.
    cal = WorkCalendar(seed_overrides(2025, 2025), OfficeHours.parse("07:30-11:30,13:00-16:30"))
    # Mon 12:00 (lunch) -> 13:00, offset 240 = end of morning; +1 day -> Tue 11:30.
    assert cal.due(vn(2025, 3, 10, 12), 1, WD) == vn(2025, 3, 11, 11, 30)
    # Mon 14:00 + 2 days -> Wed 14:00 (same position in the day).
    assert cal.due(vn(2025, 3, 10, 14), 2, WD) == vn(2025, 3, 12, 14)
    # Same day without cut-off closes at 16:30.
    assert cal.due(vn(2025, 3, 10, 16), 0, SD) == vn(2025, 3, 10, 16, 30)
    assert cal.due(vn(2025, 3, 10, 16, 30), 0, SD) == vn(2025, 3, 11, 16, 30)
    # One session 08:00–16:00: Mon 15:00 + 10 h = 60 Mon + 480 Tue + 60 Wed -> Wed 09:00.
    one = WorkCalendar([], OfficeHours.parse("08:00-16:00"))
    assert one.due(vn(2025, 3, 10, 15), 10, WH) == vn(2025, 3, 12, 9)


# --- Errors ------------------------------------------------------------------------------------


def test_naive_and_negative_inputs() -> None:
    with pytest.raises(InvalidInput) as info:
        CAL.due(datetime(2025, 3, 10, 10), 1, WD)  # noqa: DTZ001 - naive on purpose
    assert info.value.field == "received_at"
    with pytest.raises(InvalidInput) as info:
        CAL.due(vn(2025, 3, 10, 10), -1, WD)
    assert info.value.field == "amount"
    with pytest.raises(InvalidInput) as info:
        CAL.resume(vn(2025, 3, 13, 8), vn(2025, 3, 12, 8), vn(2025, 3, 11, 8))
    assert info.value.field == "resumed_at"


def test_coverage_grows_both_ways() -> None:
    # A fresh calendar first used far ahead, then far back, gives the same answers.
    fresh = WorkCalendar(seed_overrides(2024, 2027))
    fresh.due(vn(2031, 6, 2, 9), 3, WD)
    fresh.due(vn(2019, 6, 3, 9), 3, WD)
    for case in CASES[:10]:
        received, amount, unit, cutoff, expected = cast(
            "tuple[datetime, int, TimeUnit, time | None, datetime]", case.values
        )
        assert fresh.due(received, amount, unit, cutoff) == expected
    # Long durations run past the pre-computed years.
    assert fresh.due(vn(2025, 3, 10, 10), 2000, WD) == CAL.due(vn(2025, 3, 10, 10), 2000, WD)
    assert fresh.resume(vn(2019, 1, 2, 8), vn(2035, 1, 2, 8), vn(2035, 1, 3, 8)) == vn(
        2035, 1, 3, 8
    )


# --- Properties ----------------------------------------------------------------------------------

PROPS = settings(max_examples=300, deadline=None)

receipts = st.datetimes(
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=datetime(2027, 12, 31, 23, 59, 59),  # noqa: DTZ001
    timezones=st.sampled_from([VN_TZ, UTC]),
)
units = st.sampled_from(list(TimeUnit))
amounts = st.integers(min_value=0, max_value=30)
cutoffs = st.sampled_from([None, time(15, 0), time(11, 0), time(18, 0)])
SESSIONS = [(time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))]


def _minute_floor(value: datetime) -> datetime:
    return value.astimezone(VN_TZ).replace(second=0, microsecond=0)


def _reference_add(received: datetime, minutes: int) -> datetime:
    """Independent slow version: walk day by day, session by session."""
    local = _minute_floor(received)
    day, now = local.date(), local.hour * 60 + local.minute
    while True:
        if CAL.is_working_day(day):
            for s, e in SESSIONS:
                s_min, e_min = s.hour * 60 + s.minute, e.hour * 60 + e.minute
                if now >= e_min:
                    continue
                start = max(now, s_min)
                if minutes == 0 or minutes <= e_min - start:
                    at = start + minutes
                    return datetime.combine(day, time(at // 60, at % 60), VN_TZ)
                minutes -= e_min - start
                now = e_min
        day += timedelta(days=1)
        now = 0


@PROPS
@given(received=receipts, unit=units, amount=amounts, cutoff=cutoffs)
def test_due_lies_in_working_time(
    received: datetime, unit: TimeUnit, amount: int, cutoff: time | None
) -> None:
    due = CAL.due(received, amount, unit, cutoff)
    assert due.tzinfo is VN_TZ
    assert CAL.is_working_day(due.date())
    at = due.time()
    zero = amount == 0 and unit in (WD, WH)
    if zero:  # the normalised receipt: opening <= t < close
        assert any(s <= at < e for s, e in SESSIONS)
        assert due >= _minute_floor(received)
    else:
        assert any(s < at <= e for s, e in SESSIONS)
        assert due > received


@PROPS
@given(r1=receipts, r2=receipts, unit=units, amount=amounts, cutoff=cutoffs)
def test_due_is_monotonic(
    r1: datetime, r2: datetime, unit: TimeUnit, amount: int, cutoff: time | None
) -> None:
    r1, r2 = sorted((r1, r2))
    assert CAL.due(r1, amount, unit, cutoff) <= CAL.due(r2, amount, unit, cutoff)


@PROPS
@given(
    received=receipts,
    unit=units,
    amount=amounts,
    cutoff=cutoffs,
    fraction=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_zero_length_pause_does_not_delay(
    received: datetime, unit: TimeUnit, amount: int, cutoff: time | None, fraction: float
) -> None:
    due = CAL.due(received, amount, unit, cutoff)
    assume(due > received)
    paused = received + (due - received) * fraction
    assume(paused < due)
    assert CAL.resume(due, paused, paused) <= due


@PROPS
@given(received=receipts, unit=st.sampled_from([WD, WH]), amount=amounts)
def test_working_units_match_reference_walk(
    received: datetime, unit: TimeUnit, amount: int
) -> None:
    minutes = amount * (480 if unit == WD else 60)
    due = CAL.due(received, amount, unit)
    assert due == _reference_add(received, minutes)
    assert CAL.working_minutes_between(_minute_floor(received), due) == minutes
