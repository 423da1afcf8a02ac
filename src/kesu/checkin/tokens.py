"""Signed check-in tokens: one per (activity, session), valid inside a time window.

The token carries the window itself ([activity, session, not_before, not_after] in epoch
seconds), signed with the site secret under a dedicated salt: staff can hand out links with
a window of their choosing, and nothing is stored. A forged or altered token fails the
signature; an expired or early one is told apart so the page can say which.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone

from kesu.activities.models import Activity
from kesu.core.errors import ServiceError

SALT = "kesu.checkin.token"
DEFAULT_BEFORE = dt.timedelta(hours=2)
DEFAULT_AFTER = dt.timedelta(hours=24)
# Bounds for a window chosen by staff (hours).
MAX_HOURS = 24 * 30


class TokenError(ServiceError):
    """A token that cannot be used; `status` is the HTTP status of the page shown."""

    status = 400
    title = "签到链接无效"


class TokenForged(TokenError):
    def __init__(self) -> None:
        super().__init__("该签到链接无效或已被篡改，请向活动工作人员索取正确的二维码。")


class TokenExpired(TokenError):
    status = 410
    title = "签到已结束"

    def __init__(self, until: dt.datetime) -> None:
        local = timezone.localtime(until).strftime("%Y-%m-%d %H:%M")
        super().__init__(f"该签到链接已于 {local} 过期，签到已结束。")


class TokenNotYetValid(TokenError):
    title = "签到尚未开始"

    def __init__(self, since: dt.datetime) -> None:
        local = timezone.localtime(since).strftime("%Y-%m-%d %H:%M")
        super().__init__(f"签到尚未开始，请于 {local} 之后再扫码签到。")


@dataclass(frozen=True)
class CheckinToken:
    activity_id: int
    session: int
    not_before: dt.datetime
    not_after: dt.datetime


def session_count(activity: Activity) -> int:
    """Days a multi-day activity spans (local dates); a one-day activity has one session."""
    first = timezone.localtime(activity.start).date()
    last = timezone.localtime(activity.end).date()
    return max(1, (last - first).days + 1)


def session_span(activity: Activity, session: int) -> tuple[dt.datetime, dt.datetime]:
    """When session `session` (0-based day) of the activity takes place."""
    count = session_count(activity)
    if count == 1:
        return activity.start, activity.end
    day = timezone.localtime(activity.start).date() + dt.timedelta(days=session)
    tz = timezone.get_current_timezone()
    day_start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    day_end = dt.datetime.combine(day, dt.time.max, tzinfo=tz)
    return max(activity.start, day_start), min(activity.end, day_end)


def default_window(activity: Activity, session: int) -> tuple[dt.datetime, dt.datetime]:
    """From 2 hours before the session starts to 24 hours after it ends."""
    start, end = session_span(activity, session)
    return start - DEFAULT_BEFORE, end + DEFAULT_AFTER


def make_token(
    activity: Activity,
    session: int = 0,
    *,
    hours_before: float | None = None,
    hours_after: float | None = None,
) -> tuple[str, CheckinToken]:
    """A token for the session, with the default window or one widened/narrowed by staff."""
    if not 0 <= session < session_count(activity):
        raise ValueError("场次不存在")
    start, end = session_span(activity, session)
    before = DEFAULT_BEFORE if hours_before is None else dt.timedelta(hours=hours_before)
    after = DEFAULT_AFTER if hours_after is None else dt.timedelta(hours=hours_after)
    info = CheckinToken(activity.pk, session, start - before, end + after)
    payload = [
        info.activity_id,
        info.session,
        math.floor(info.not_before.timestamp()),  # whole seconds, never narrower
        math.ceil(info.not_after.timestamp()),
    ]
    return signing.dumps(payload, salt=SALT, compress=True), info


def read_token(token: str, *, now: dt.datetime | None = None) -> CheckinToken:
    """Verify a token; raises TokenForged, TokenExpired or TokenNotYetValid."""
    try:
        payload = signing.loads(token, salt=SALT)
        activity_id, session, not_before, not_after = payload
        info = CheckinToken(
            int(activity_id),
            int(session),
            dt.datetime.fromtimestamp(int(not_before), tz=dt.UTC),
            dt.datetime.fromtimestamp(int(not_after), tz=dt.UTC),
        )
    except (signing.BadSignature, ValueError, TypeError, OverflowError):
        raise TokenForged() from None
    now = now or timezone.now()
    if now < info.not_before:
        raise TokenNotYetValid(info.not_before)
    if now > info.not_after:
        raise TokenExpired(info.not_after)
    return info
