"""A covering index of submitted attempts for the figures read over many of them.

Key (paper, member, submitted_at), with status, organisation, scores and duration carried
along, only for rows with a submission time (in-progress attempts are never counted, and
starting one writes nothing here). It serves, as index-only scans of a few MB instead of a
full read of the wide attempt table (answers, layout and results are JSON):
- the contest figures and boards: a contest paper's counted attempts (paper, period), and
  the per-member "no better attempt" probe (paper, member);
- quiz.attempts / quiz.participants: every submitted attempt in a date range.

Declared here by SQL rather than in Attempt.Meta (the quiz models belong to another
engineer): Django's model state does not know it, so `makemigrations` stays clean. The
INCLUDE part is PostgreSQL's; SQLite gets the same key without it.
"""

from django.db import migrations

NAME = "quiz_attempt_submitted_cover"
KEY = "paper_id, member_id, submitted_at"
CARRIED = "status, org_id, score, max_score, duration_seconds, id"


def create(apps, schema_editor):
    include = f" INCLUDE ({CARRIED})" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON quiz_attempt ({KEY}){include} "
        "WHERE submitted_at IS NOT NULL"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("quiz", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
