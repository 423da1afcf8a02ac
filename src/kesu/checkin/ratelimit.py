"""Rate limits of public check-ins (kesu.core.ratelimit): per network and per activity.

Limits per minute come from settings (KESU_CHECKIN_RATE_PER_IP, …_PER_ACTIVITY) or the
environment variables of the same name.
"""

from __future__ import annotations

from kesu.core import ratelimit

DEFAULT_PER_IP = 20
DEFAULT_PER_ACTIVITY = 600


class RateLimited(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_rate(*, ip: str | None, activity_id: int) -> None:
    """Raise RateLimited when this IP or this activity has checked in too often this minute."""
    per_ip = ratelimit.limit("KESU_CHECKIN_RATE_PER_IP", DEFAULT_PER_IP)
    if ip and not ratelimit.hit(f"checkin:ip:{ratelimit.address_key(ip)}", per_ip):
        raise RateLimited("操作过于频繁：同一网络每分钟签到次数已达上限，请稍后再试。")
    per_activity = ratelimit.limit("KESU_CHECKIN_RATE_PER_ACTIVITY", DEFAULT_PER_ACTIVITY)
    if not ratelimit.hit(f"checkin:activity:{activity_id}", per_activity):
        raise RateLimited("当前签到人数过多，请稍候一分钟再试。")
