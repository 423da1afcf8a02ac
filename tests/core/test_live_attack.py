"""The attack that once took the server down, replayed against a real `kesu serve` (granian
and its background worker in their own processes, on an embedded database of their own):
hostile spreadsheets and templates are posted over HTTP by a staff user, and after each the
server still answers and the worker still finishes a real import."""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

SETUP = """
from kesu.orgs.models import Organization
from kesu.accounts.models import User
from kesu.quiz.bank.services import bank_create
from kesu.accounts.services import operator
org = Organization.objects.create(code="T", name="测试区总工会", level="district", path="/T/")
user = User(username="staff", org=org, role="admin")
user.set_password("kesu-live-2026")
user.save()
bank = bank_create(actor=operator(), org=org, data={"name": "题库"})
print(org.pk, bank.pk)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]):
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in {**fields, "csrfmiddlewaretoken": self.csrf()}.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, data) in files.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream'
                "\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
        body.write(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            self.base + path,
            data=body.getvalue(),
            method="POST",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + path,
            },
        )
        try:
            with self.opener.open(request, timeout=120) as r:
                return r.status, r.read().decode(), r.url
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace"), path


def _roster() -> bytes:
    import datetime as dt

    from kesu.members.idnumber import make_id_number

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "身份证号", "手机号"])
    for i in range(3):
        number = make_id_number("330106", dt.date(1990, 1, 1 + i), 11 + i * 2)
        sheet.append([f"会员{i}", "男", number, f"1380000000{i}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _template(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("live")
    env = {k: v for k, v in os.environ.items() if k != "KESU_DATABASE_URL"}
    env.update(KESU_DATA_DIR=str(data), KESU_WORKERS="1")
    kesu = [sys.executable, "-m", "kesu.cli"]
    subprocess.run([*kesu, "migrate", "-v0"], env=env, check=True, timeout=300)
    setup = subprocess.run(
        [*kesu, "shell", "-c", SETUP],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    org, bank = map(int, setup.stdout.strip().splitlines()[-1].split())
    port = _free_port()
    log = open(data / "serve.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [*kesu, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    client = Client(base)
    client.get("/accounts/login/")
    status, _, url = client.post(
        "/accounts/login/", {"username": "staff", "password": "kesu-live-2026"}, {}
    )
    assert status == 200 and "login" not in url
    client.org = org
    yield client, bank, proc, data
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def _alive(client: Client, proc: subprocess.Popen) -> None:
    assert proc.poll() is None, "kesu serve exited"
    status, body = client.get("/healthz")
    assert status == 200, body


def _import(client: Client, name: str, data: bytes) -> str:
    """A roster upload queued for the background worker; its job page once it has ended."""
    status, body, url = client.post(
        "/members/import/", {"dry_run": "on", "org": str(client.org)}, {"file": (name, data)}
    )
    assert status == 200
    job = re.search(r"/members/import/jobs/(\d+)/", url)
    assert job, body[:400]
    for _ in range(240):
        status, page = client.get(f"/members/import/jobs/{job.group(1)}/")
        if "处理中" not in page and "排队中" not in page:
            return page
        time.sleep(0.25)
    raise AssertionError(f"the job stayed queued or running: {page[:400]}")


def _book(sheet_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx around one worksheet's <sheetData> content."""
    ns = 'xmlns="http://schemas.openxmlformats.org/'
    parts = {
        "[Content_Types].xml": f'<Types {ns}package/2006/content-types"><Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default'
        ' Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships {ns}package/2006/relationships"><Relationship Id="r1"'
        ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {ns}spreadsheetml/2006/main" xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S"'
        ' sheetId="1" r:id="r1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships {ns}package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet {ns}spreadsheetml/2006/main"><sheetData>'
        f"{sheet_xml}</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


SHEETS = {
    # the 1.9 KB file that once made calamine allocate 512 GiB and killed granian
    "corner": lambda: _book(
        f'<row r="1">{_cell("A1", "题目")}</row><row r="1048576">{_cell("XFD1048576", "x")}</row>'
    ),
    # millions of declared empty cells in a few kilobytes
    "empty_cells": lambda: _book(
        "".join(f'<row r="{r}">' + f'<c r="A{r}"/>' * 2000 + "</row>" for r in range(1, 2000))
    ),
    # one 40 MB shared string compressed to kilobytes
    "shared_string": lambda: _book(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        {"xl/sharedStrings.xml": b"<sst><si><t>" + b"a" * (40 << 20) + b"</t></si></sst>"},
    ),
    # cells without references, far to the right
    "no_refs": lambda: _book("<row>" + "<c/>" * 20000 + "</row>"),
    "not_a_workbook": lambda: b"PK\x03\x04 this is not a zip archive at all",
}


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_hostile_sheet_leaves_server_and_worker_working(server, name):
    client, bank, proc, _data = server
    data = SHEETS[name]()
    status, body, _ = client.post(
        f"/quiz/banks/{bank}/import/", {"dry_run": "on"}, {"file": (f"{name}.xlsx", data)}
    )
    assert status == 200 and "已导入" not in body
    _alive(client, proc)
    page = _import(client, f"{name}.xlsx", data)  # through the background worker
    assert re.search(r'class="msg">[^<]*(上限|无法读取|损坏|压缩比异常)', page), page[-800:]
    _alive(client, proc)


def test_worker_still_imports_after_the_attack(server):
    client, _bank, proc, _data = server
    page = _import(client, "名册.xlsx", _roster())
    assert "已处理 3 / 3 行" in page and "新增3人" in page, page[-800:]
    _alive(client, proc)


def test_template_payload_runs_nothing_on_the_server(server):
    client, _bank, proc, data = server
    marker = data / "pwned"
    payload = "{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}"
    payload = payload.replace("MARK", str(marker))
    status, body, _ = client.post(
        "/reports/templates/", {"name": "恶意模板"}, {"file": ("t.docx", _template(payload))}
    )
    assert status == 200 and "不允许" in body
    assert not Path(marker).exists()
    _alive(client, proc)
