"""Pages: roles, scope, masking, audit of views, ledger export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kesu.audit.models import AuditEntry
from kesu.hardship import assistance
from kesu.hardship.models import HardshipCase, Status
from tests.conftest import login
from tests.hardship.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(tree, users, members, hs):
    root = users.root
    a = assistance.assistance_create(
        actor=root,
        org=tree.a,
        data={
            "kind": "living_aid",
            "date": f"{YEAR}-02-01",
            "amount": "2000",
            "recipient_kind": "household",
            "case": hs.a.pk,
            "description": '=HYPERLINK("x")',
        },
    )
    g = assistance.assistance_create(
        actor=root,
        org=tree.a,
        data={
            "kind": "spring_relief",
            "date": f"{YEAR}-01-20",
            "amount": "33000",
            "recipient_kind": "group",
            "recipients": 330,
            "group_name": "困难乡村保洁员",
        },
    )
    b = assistance.assistance_create(
        actor=root,
        org=tree.b,
        data={
            "kind": "living_aid",
            "date": f"{YEAR}-02-01",
            "amount": "999",
            "recipient_kind": "household",
            "case": hs.b.pk,
        },
    )
    return a, g, b


@pytest.mark.parametrize(
    "url",
    [
        "/hardship/",
        "/hardship/cases/",
        "/hardship/assistance/",
        "/hardship/funds/",
        "/hardship/standards/",
        "/hardship/cases/new/",
        "/hardship/assistance/new/",
    ],
)
def test_pages_render_for_staff(client, users, ledger, url):
    login(client, users.staff_a)
    assert client.get(url).status_code == 200


def test_member_role_sees_nothing(client, users, hs, ledger):
    login(client, users.member_a)
    for url in (
        "/hardship/",
        "/hardship/cases/",
        "/hardship/assistance/",
        f"/hardship/cases/{hs.a.pk}/",
        "/hardship/assistance/export/",
    ):
        assert client.get(url).status_code == 403, url


def test_viewer_sees_masked_list_but_no_detail(client, users, hs):
    login(client, users.viewer_a)
    body = client.get("/hardship/cases/").content.decode()
    assert "张*" in body and "张三" not in body and "600.00" not in body
    assert client.get(f"/hardship/cases/{hs.a.pk}/").status_code == 403
    assert client.get("/hardship/cases/new/").status_code == 403
    assert not AuditEntry.objects.filter(action="hardship.view").exists()


def test_staff_detail_is_audited_and_outsider_404(client, users, hs):
    login(client, users.staff_a)
    body = client.get(f"/hardship/cases/{hs.a.pk}/").content.decode()
    assert "张三" in body and "600.00" in body
    assert AuditEntry.objects.filter(action="hardship.view", target_id=str(hs.a.pk)).count() == 1
    assert client.get(f"/hardship/cases/{hs.b.pk}/").status_code == 404
    login(client, users.admin_b)
    assert client.get(f"/hardship/cases/{hs.a.pk}/").status_code == 404


def test_file_through_pages_and_transition(client, users, tree, hs):
    from kesu.core import crypto
    from tests.factories import make_member

    m = make_member(tree.a1g, name="钱七")
    login(client, users.staff_a)
    r = client.post(
        "/hardship/cases/new/",
        {
            "org": tree.a1g.code,
            "applicant_id_number": crypto.decrypt(m.id_number_enc),
            "household_size": "2",
            "income_per_head": "900",
            "cause": "illness",
            "tier": "deep",
            "filed_on": f"{YEAR}-01-05",
        },
    )
    assert r.status_code == 200 and "高于" in r.content.decode()  # 900 > 800: refused in place
    r = client.post(
        "/hardship/cases/new/",
        {
            "org": tree.a1g.code,
            "applicant_id_number": crypto.decrypt(m.id_number_enc),
            "household_size": "2",
            "income_per_head": "700",
            "cause": "illness",
            "tier": "deep",
            "filed_on": f"{YEAR}-01-05",
        },
    )
    case = HardshipCase.objects.get(applicant=m)
    assert r.status_code == 302
    r = client.post(f"/hardship/cases/{case.pk}/transition/", {"status": "filed", "reason": "x"})
    assert r.status_code == 400
    r = client.post(f"/hardship/cases/{case.pk}/transition/", {"status": "out", "reason": "就业"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.OUT


def _sheet(response):
    book = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_ledger_filters_and_export_masked_and_audited(client, users, ledger):
    login(client, users.staff_a)
    body = client.get("/hardship/assistance/?kind=spring_relief").content.decode()
    assert "困难乡村保洁员" in body and "2000.00" not in body
    rows = _sheet(client.get("/hardship/assistance/export/"))
    assert len(rows) == 3  # header + HZ-A's two records, not HZ-B's
    flat = [str(c) for r in rows for c in r]
    assert "张三" in flat and '\'=HYPERLINK("x")' in flat and "999" not in " ".join(flat)
    entry = AuditEntry.objects.get(action="assistance.export")
    assert entry.changes["rows"] == 2 and entry.changes["masked"] is False

    login(client, users.viewer_a)
    rows = _sheet(client.get("/hardship/assistance/export/?kind=living_aid"))
    assert len(rows) == 2
    assert rows[1][5] == "张*" and rows[1][6] in ("", None)
    assert AuditEntry.objects.filter(action="assistance.export").latest("pk").changes["masked"]


def test_viewer_cannot_write(client, users, hs):
    login(client, users.viewer_a)
    assert (
        client.post(
            f"/hardship/cases/{hs.a.pk}/transition/", {"status": "out", "reason": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/hardship/standards/", {"org": "HZ-A", "year": YEAR, "monthly_amount": "1"}
        ).status_code
        == 403
    )
    assert client.post("/hardship/assistance/new/", {}).status_code == 403


def test_document_upload_pdf_only(client, users, hs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, users.staff_a)
    bad = SimpleUploadedFile("a.docx", b"PK\x03\x04xxxx")
    r = client.post(f"/hardship/cases/{hs.a.pk}/documents/", {"file": bad})
    assert r.status_code == 400 and "只支持图片" in r.content.decode()
    pdf = SimpleUploadedFile("收入证明.pdf", b"%PDF-1.4 test")
    r = client.post(f"/hardship/cases/{hs.a.pk}/documents/", {"file": pdf})
    assert r.status_code == 302
    doc = hs.a.documents.get()
    assert client.get(f"/hardship/documents/{doc.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="hardship.document_view").exists()
    login(client, users.viewer_a)
    assert client.get(f"/hardship/documents/{doc.pk}/").status_code == 403
    login(client, users.admin_b)
    assert client.get(f"/hardship/documents/{doc.pk}/").status_code == 404
