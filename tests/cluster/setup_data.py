"""Migrate the cluster's database (through pgbouncer) and create what the load needs: the
contest paper with members and API tokens (bench/contest_submit.py's own preparation), an
activity open for check-in, and an administrator. Prints them as one JSON line.

    python -m tests.cluster.setup_data MEMBERS
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

PASSWORD = "kesu-cluster-2026"  # noqa: S105


def main(members: int) -> None:
    from bench import contest_submit  # migrates, then the tree, paper, members and tokens

    paper, tokens = contest_submit._prepare(members)
    from django.utils import timezone

    from kesu.accounts.models import User
    from kesu.activities.models import Activity
    from kesu.checkin import tokens as checkin_tokens
    from kesu.orgs.models import Organization

    city = Organization.objects.get(code="BENCH")
    now = timezone.now()
    activity = Activity.objects.create(
        title="集群测试：职工科普讲座",
        kind="lecture",
        org=city,
        place="礼堂",
        start=now - dt.timedelta(minutes=30),
        end=now + dt.timedelta(hours=2),
    )
    token, _ = checkin_tokens.make_token(activity)
    admin = User(username="cluster-admin", org=city, role="admin")
    admin.set_password(PASSWORD)
    admin.save()
    print(
        json.dumps(
            {
                "paper": paper,
                "tokens": tokens,
                "activity": activity.pk,
                "checkin": f"/checkin/t/{token}/",
                "admin": admin.username,
            }
        )
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kesu.settings")
    main(int(sys.argv[1]))
