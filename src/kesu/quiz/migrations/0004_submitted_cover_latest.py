"""The covering index of submitted attempts (0002) also serves "each member's latest
attempt": the submission time and id descend, and the sub-scores key (0003) is carried.

The literacy shares read, per member, the latest evidence attempt of an assessment paper
(DISTINCT ON member, newest first). With this key order PostgreSQL walks the index in that
order and keeps the first row per member: no sort, no read of the wide attempt rows. One
index replaces the other, so a submission still writes one index entry of this kind.
"""

from django.db import migrations

NAME = "quiz_attempt_submitted_cover"
OLD_KEY = "paper_id, member_id, submitted_at"
OLD_CARRIED = "status, org_id, score, max_score, duration_seconds, id"
KEY = "paper_id, member_id, submitted_at DESC, id DESC"
CARRIED = "status, org_id, score, max_score, duration_seconds, dimension_key"


def _build(schema_editor, key: str, carried: str) -> None:
    include = f" INCLUDE ({carried})" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")
    schema_editor.execute(
        f"CREATE INDEX {NAME} ON quiz_attempt ({key}){include} WHERE submitted_at IS NOT NULL"
    )


def forward(apps, schema_editor):
    _build(schema_editor, KEY, CARRIED)


def backward(apps, schema_editor):
    _build(schema_editor, OLD_KEY, OLD_CARRIED)


class Migration(migrations.Migration):
    dependencies = [("quiz", "0003_attempt_dimension_key")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
