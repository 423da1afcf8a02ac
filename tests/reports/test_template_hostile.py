"""Word templates (.docx uploads) against hostile files: archive bombs, parts lying about
their size, entity bombs, external entities, non-Word files. Each is refused with a Chinese
message and nothing is stored; the page keeps answering."""

from __future__ import annotations

import io
import zipfile
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from kesu.reports import drafts
from kesu.reports.models import SummaryTemplate
from kesu.reports.summary_docx import TemplateInvalid, render_docx
from tests import hostile_media as hostile

pytestmark = pytest.mark.django_db


@cache
def payload(name: str) -> bytes:
    return hostile.HOSTILE_DOCX[name].build()


def test_every_hostile_template_is_refused(tree, users):
    for name, case in hostile.HOSTILE_DOCX.items():
        with override_settings(**case.settings), pytest.raises(drafts.DraftError) as refused:
            drafts.template_upload(
                actor=users.admin_a,
                org=tree.a,
                name=name,
                filename=f"{name}.docx",
                data=payload(name),
            )
        assert case.refusal in refused.value.message, (name, refused.value.message)
        assert refused.value.field == "file"
    assert not SummaryTemplate.objects.exists()


def test_external_entities_are_never_read(tree, users, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("KESU-SECRET-不应出现")
    data = hostile.docx_external_entity(str(secret))
    try:
        drafts.template_upload(
            actor=users.admin_a, org=tree.a, name="外部实体", filename="x.docx", data=data
        )
    except drafts.DraftError as exc:
        assert "模板" in exc.message  # refused: as good as harmless
    try:
        out = render_docx(drafts._sample(tree.a), data)
    except TemplateInvalid:
        return
    document = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml").decode()
    assert "KESU-SECRET" not in document


def test_template_page_survives_every_hostile_file(client, users):
    client.force_login(users.admin_a)
    for name, case in hostile.HOSTILE_DOCX.items():
        upload = SimpleUploadedFile(f"{name}.docx", payload(name))
        with override_settings(**case.settings):
            response = client.post("/reports/templates/", {"name": name, "file": upload})
        assert response.status_code == 200, name
        assert case.refusal in response.content.decode(), name
    assert client.get("/reports/templates/").status_code == 200
    assert not SummaryTemplate.objects.exists()
