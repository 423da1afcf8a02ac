"""A session's check-in activity is edited through its course, not as a plain activity."""

from __future__ import annotations

import pytest

from kesu.activities.services import ActivityError, activity_update
from tests.training.conftest import add_session

pytestmark = pytest.mark.django_db


def test_session_activity_cannot_be_edited_as_an_activity(users, course):
    session = add_session(users.staff_a, course, 3)
    with pytest.raises(ActivityError, match="安全生产知识培训.*请在培训课程中修改"):
        activity_update(actor=users.staff_a, activity=session.activity, data={"place": "别处"})
    session.activity.refresh_from_db()
    assert session.activity.place != "别处"
