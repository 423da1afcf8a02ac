"""Signed links: valid, expired, not yet valid and forged tokens each get their own page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone

from kesu.checkin import tokens
from tests.checkin.conftest import make_activity


def test_valid_token_shows_the_form(client, link, activity):
    response = client.get(link)
    assert response.status_code == 200
    body = response.content.decode()
    assert activity.title in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "csrftoken" in response.cookies


def test_default_window(activity):
    _, info = tokens.make_token(activity)
    assert info.not_before == activity.start - dt.timedelta(hours=2)
    assert info.not_after == activity.end + dt.timedelta(hours=24)


def test_expired_token_gets_410(client, tree):
    past = make_activity(tree.a)
    past.start -= dt.timedelta(days=5)
    past.end -= dt.timedelta(days=5)
    past.save()
    token, _ = tokens.make_token(past)
    response = client.get(f"/checkin/t/{token}/")
    assert response.status_code == 410
    assert "签到已结束" in response.content.decode()


def test_not_yet_valid_token_gets_400(client, tree):
    future = make_activity(tree.a)
    future.start += dt.timedelta(days=3)
    future.end += dt.timedelta(days=3)
    future.save()
    token, _ = tokens.make_token(future)
    response = client.get(f"/checkin/t/{token}/")
    assert response.status_code == 400
    assert "签到尚未开始" in response.content.decode()


@pytest.mark.parametrize("mangle", ["tamper", "garbage", "other-salt"])
def test_forged_token_gets_400(client, activity, mangle):
    token, _ = tokens.make_token(activity)
    if mangle == "tamper":
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    elif mangle == "garbage":
        token = "not-a-token"
    else:
        token = signing.dumps([activity.pk, 0, 0, 2**31], salt="something-else")
    response = client.post(f"/checkin/t/{token}/", {"name": "张三", "phone": "13800001234"})
    assert response.status_code == 400
    assert "签到链接无效" in response.content.decode()


def test_staff_window_is_configurable(activity):
    _, info = tokens.make_token(activity, hours_before=0, hours_after=1)
    assert info.not_after == activity.end + dt.timedelta(hours=1)
    token, _ = tokens.make_token(activity, hours_after=0)
    with pytest.raises(tokens.TokenExpired):
        tokens.read_token(token, now=activity.end + dt.timedelta(minutes=1))
    assert tokens.read_token(token, now=activity.end).activity_id == activity.pk


def test_multi_day_sessions(tree):
    act = make_activity(tree.a, days=2)
    count = tokens.session_count(act)
    assert count in (3, 4)  # depends on the local hour the test runs at
    token, info = tokens.make_token(act, count - 1)
    assert tokens.read_token(token, now=act.end).session == count - 1
    assert info.not_after == act.end + dt.timedelta(hours=24)
    with pytest.raises(ValueError):
        tokens.make_token(act, count)
    assert timezone.is_aware(info.not_before)
