"""At most one attempt in progress per member and paper, as a partial unique index: starting
becomes one INSERT … ON CONFLICT DO NOTHING (kesu.quiz.attempts.lean) instead of a
transaction that locked the member's row and checked before inserting.

That locked check already kept a member to one attempt in progress per paper, so no database
should hold two; should one all the same (rows written around the service), every such
member's newest attempt stays in progress (latest start, then highest id) and the older ones
are closed as expired at their deadline (now, if that is later or unset), with their saved
answers kept and no score, before the index is built."""

from django.db import migrations, models
from django.db.models import Count
from django.utils import timezone

IN_PROGRESS = "in_progress"


def expire_older_duplicates(apps, schema_editor):
    Attempt = apps.get_model("quiz", "Attempt")
    alias = schema_editor.connection.alias
    in_progress = Attempt.objects.using(alias).filter(status=IN_PROGRESS)
    doubled = (
        in_progress.values("member_id", "paper_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("member_id", "paper_id")
    )
    now = timezone.now()
    for member_id, paper_id in list(doubled):
        mine = in_progress.filter(member_id=member_id, paper_id=paper_id)
        for older in mine.order_by("-started_at", "-id")[1:]:
            at = min(older.deadline or now, now)
            Attempt.objects.using(alias).filter(pk=older.pk).update(
                status="expired",
                submitted_at=at,
                duration_seconds=max(0, int((at - older.started_at).total_seconds())),
            )
    if schema_editor.connection.vendor == "postgresql":  # no deferred checks left pending
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # before the index is built


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0012_member_org_name_index"),
        ("orgs", "0001_initial"),
        ("quiz", "0006_questionbank_updated_at_index"),
    ]

    operations = [
        migrations.RunPython(expire_older_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "in_progress")),
                fields=("member", "paper"),
                name="attempt_one_in_progress",
            ),
        ),
    ]
