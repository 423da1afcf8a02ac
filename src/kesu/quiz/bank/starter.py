"""The starter bank (入门题库): a curated set of items shipped with kesu in
data/starter_bank.json, loaded into an organisation's bank from its page or by the demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.orgs.models import Organization
from kesu.quiz.bank import services as svc
from kesu.quiz.models import Question, QuestionBank
from kesu.quiz.papers import prepared

STARTER_FILE = Path(__file__).parent.parent / "data" / "starter_bank.json"


def starter_items() -> dict[str, Any]:
    return json.loads(STARTER_FILE.read_text(encoding="utf-8"))


def load_starter_bank(org: Organization, *, actor: Actor | None = None) -> QuestionBank:
    """Create (or complete) `org`'s starter bank from data/starter_bank.json. Idempotent:
    items whose stem is already in that bank are left alone."""
    data = starter_items()
    bank = QuestionBank.objects.filter(org=org, name=data["name"]).first()
    with transaction.atomic():
        if bank is None:
            bank = QuestionBank.objects.create(
                org=org, name=data["name"], description=data["description"]
            )
        have = set(bank.questions.values_list("stem_hash", flat=True))
        fresh = []
        for item in data["items"]:
            clean = svc.clean_question(item)
            digest = svc.stem_hash(clean["stem"])
            if digest not in have:
                have.add(digest)
                fresh.append(clean | {"stem_hash": digest})
        if fresh:
            families = svc.next_families(len(fresh))
            Question.objects.bulk_create(
                [
                    Question(bank=bank, family=fam, **clean)
                    for fam, clean in zip(families, fresh, strict=True)
                ]
            )
            prepared.touch_bank(bank.pk)
            audit_object(
                actor,
                "question.starter_bank",
                bank,
                {"created": [None, len(fresh)]},
                target_type="question_bank",
                org=org,
            )
    return bank
