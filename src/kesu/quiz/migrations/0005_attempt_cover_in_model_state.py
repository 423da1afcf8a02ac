"""The covering index of submitted attempts, built by SQL in 0002 and 0004, now declared in
Attempt.Meta.indexes: this migration tells Django's model state about it and changes nothing
in the database (the index is there already, with this very definition)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_member_anonymised_at"),
        ("orgs", "0001_initial"),
        ("quiz", "0004_submitted_cover_latest"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="attempt",
                    index=models.Index(
                        condition=models.Q(("submitted_at__isnull", False)),
                        fields=["paper", "member", "-submitted_at", "-id"],
                        include=(
                            "status",
                            "org",
                            "score",
                            "max_score",
                            "duration_seconds",
                            "dimension_key",
                        ),
                        name="quiz_attempt_submitted_cover",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
