"""Chain the rows written before the hash chain existed, in id order.

A frozen copy of kesu.audit.chain.row_digest as it stood when this was written: migrations
never import app code, so later changes there cannot rewrite history here.
"""

import datetime as dt
import hashlib
import ipaddress
import json

from django.db import migrations

FIELDS = ("actor_name", "action", "target_type", "target_id", "target_repr", "org_path")


def _plain(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _ip(value):
    if not value:
        return ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


def _digest(row, prev_hash):
    created = row.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    values = [prev_hash, created, *(getattr(row, name) for name in FIELDS)]
    values += [_plain(row.changes), _ip(row.ip), row.user_agent]
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def chain_rows(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    prev, batch = "", []
    for row in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        row.prev_hash = prev
        row.row_hash = prev = _digest(row, prev)
        batch.append(row)
        if len(batch) == 1000:
            AuditEntry.objects.bulk_update(batch, ["prev_hash", "row_hash"])
            batch = []
    if batch:
        AuditEntry.objects.bulk_update(batch, ["prev_hash", "row_hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chained_rows")]

    operations = [migrations.RunPython(chain_rows, migrations.RunPython.noop, elidable=False)]
