"""Fixtures for campaigns, theme days and attachments (on top of tests/conftest.py's tree)."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from PIL import Image

from kesu.accounts.services import token_create
from kesu.activities.models import Activity, Campaign, ThemeDay
from tests.api.conftest import ApiClient

_seq = itertools.count(1)


def make_activity(org, campaign=None, **extra) -> Activity:
    start = dt.datetime(2026, 9, 19, 1, 0, tzinfo=dt.UTC)  # 09:00 in Asia/Shanghai
    return Activity.objects.create(
        title=extra.pop("title", f"科普活动{next(_seq)}"),
        kind="lecture",
        org=org,
        campaign=campaign,
        start=start,
        end=start + dt.timedelta(hours=2),
        **extra,
    )


def make_campaign(org, name="2026年全国科普日", **extra) -> Campaign:
    values = {"year": 2026, "start": dt.date(2026, 9, 19), "end": dt.date(2026, 9, 20)}
    return Campaign.objects.create(org=org, name=name, **(values | extra))


def png_bytes(size=(800, 600), color=(200, 30, 30), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def kepu_day(db) -> ThemeDay:
    return ThemeDay.objects.get(code="kepu-day")


@pytest.fixture
def api_as(users):
    def make(username: str) -> ApiClient:
        _, plain = token_create(user=getattr(users, username), name="test")
        return ApiClient(plain)

    return make
