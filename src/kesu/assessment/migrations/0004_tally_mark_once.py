# A submission rewrites its attempt in place (same paper, same member): the trigger of 0003
# marked the member twice, old row and new, with two lookups of the paper. Now an update
# that keeps paper and member marks once; one that moves the attempt still marks both.

from importlib import import_module

from django.db import migrations

before = import_module("kesu.assessment.migrations.0003_literacy_tally")
attempt = before._attempt
KEPT = (
    "OLD.paper_id IS NOT DISTINCT FROM NEW.paper_id "
    "AND OLD.member_id IS NOT DISTINCT FROM NEW.member_id"
)
MOVED_SQLITE = "(OLD.paper_id IS NOT NEW.paper_id OR OLD.member_id IS NOT NEW.member_id)"

POSTGRES = f"""CREATE OR REPLACE FUNCTION assessment_tally_attempt() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND {KEPT} THEN
            {attempt("NEW")}
        ELSE
            IF TG_OP <> 'INSERT' THEN {attempt("OLD")} END IF;
            IF TG_OP <> 'DELETE' THEN {attempt("NEW")} END IF;
        END IF;
        RETURN NULL;
    END $$"""
SQLITE = [
    "DROP TRIGGER IF EXISTS assessment_tally_upd",
    f"""CREATE TRIGGER assessment_tally_upd AFTER UPDATE ON quiz_attempt
        WHEN {before._changed(before.ATTEMPT, "IS NOT")}
        BEGIN {attempt("OLD").replace("WHERE EXISTS", f"WHERE {MOVED_SQLITE} AND EXISTS")}
        {attempt("NEW")} END""",
]


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    else:
        for sql in SQLITE:
            schema_editor.execute(sql)


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            before.POSTGRES_CREATE[0].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
        )
    else:
        schema_editor.execute(SQLITE[0])
        schema_editor.execute(before.SQLITE_CREATE[1])


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_literacy_tally")]
    operations = [migrations.RunPython(forward, backward)]
