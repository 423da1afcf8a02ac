"""Pages: public check-in with CSRF, staff page scoped, QR PNG, A4 sheet, add and import."""

from __future__ import annotations

from django.test import Client

from kesu.activities.models import Attendance
from kesu.checkin import tokens
from tests.checkin.conftest import xlsx
from tests.conftest import login


def test_anonymous_checkin_with_csrf(link, activity, members):
    client = Client(enforce_csrf_checks=True)
    form = client.get(link)
    token = form.cookies["csrftoken"].value
    response = client.post(
        link, {"name": "张三", "phone": "13800001234", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "签到成功" in body and activity.title in body
    again = client.post(
        link, {"name": "张三", "phone": "13800001234", "csrfmiddlewaretoken": token}
    )
    assert again.content.decode().count("签到成功") == body.count("签到成功")
    assert Attendance.objects.get().member == members.in_a


def test_post_without_csrf_is_refused(link):
    client = Client(enforce_csrf_checks=True)
    response = client.post(link, {"name": "张三", "phone": "13800001234"})
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_bad_phone_message_at_the_field(client, link):
    response = client.post(link, {"name": "张三", "phone": "123"})
    assert response.status_code == 200
    assert "11位大陆手机号" in response.content.decode()
    assert not Attendance.objects.exists()


def test_rate_limit_page_is_429(client, link, settings):
    settings.KESU_CHECKIN_RATE_PER_IP = 1
    client.post(link, {"name": "甲", "phone": "13700000001"})
    response = client.post(link, {"name": "乙", "phone": "13700000002"})
    assert response.status_code == 429
    assert "请稍后再试" in response.content.decode()


def test_public_page_has_no_inline_style_or_script(client, link):
    body = client.get(link).content.decode()
    assert "style=" not in body and "<style" not in body
    assert "<script>" not in body


def test_manage_page_scoped(client, users, activity, members):
    login(client, users.staff_a)
    page = client.get(f"/checkin/activity/{activity.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "/checkin/t/" in body and "签到人次" in body and "张三" in body  # roster picker
    client.force_login(users.admin_b)
    assert client.get(f"/checkin/activity/{activity.pk}/").status_code == 404
    assert client.get(f"/checkin/activity/{activity.pk}/qr.png").status_code == 404
    assert client.get(f"/checkin/activity/{activity.pk}/sheet/").status_code == 404
    assert client.get("/checkin/activity/999999/").status_code == 404


def test_viewer_sees_list_but_cannot_write(client, users, activity, members):
    login(client, users.viewer_a)
    page = client.get(f"/checkin/activity/{activity.pk}/")
    assert page.status_code == 200
    assert "/checkin/t/" not in page.content.decode()
    assert client.get(f"/checkin/activity/{activity.pk}/qr.png").status_code == 403
    response = client.post(f"/checkin/activity/{activity.pk}/add/", {"member": members.in_a.pk})
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_anonymous_staff_page_redirects_to_login(client, activity):
    response = client.get(f"/checkin/activity/{activity.pk}/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_qr_is_a_png_of_the_link(client, users, activity):
    login(client, users.staff_a)
    response = client.get(f"/checkin/activity/{activity.pk}/qr.png?session=0&after=48")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_sheet_page_is_printable(client, users, activity):
    login(client, users.staff_a)
    response = client.get(f"/checkin/activity/{activity.pk}/sheet/")
    body = response.content.decode()
    assert response.status_code == 200
    assert activity.title in body and activity.place in body
    assert "checkin/checkin.css" in body and "qr.png" in body
    assert "style=" not in body


def test_link_token_from_the_page_works(client, users, activity):
    login(client, users.staff_a)
    body = client.get(f"/checkin/activity/{activity.pk}/?before=1&after=2").content.decode()
    start = body.index("/checkin/t/")
    token = body[start + len("/checkin/t/") : body.index("/", start + len("/checkin/t/"))]
    info = tokens.read_token(token)
    assert info.activity_id == activity.pk


def test_add_members_page(client, users, activity, members):
    login(client, users.staff_a)
    url = f"/checkin/activity/{activity.pk}/add/"
    response = client.post(url, {"member": [members.in_a.pk, members.in_a2.pk], "session": 0})
    assert response.status_code == 302
    assert Attendance.objects.filter(activity=activity).count() == 2
    assert client.post(url, {"member": [members.in_b.pk]}).status_code == 404


def test_import_page_shows_row_errors(client, users, activity, members):
    login(client, users.staff_a)
    source = xlsx([["姓名", "手机号"], ["张三", "13800001234"], ["李", "999"]])
    response = client.post(
        f"/checkin/activity/{activity.pk}/import/", {"session": 0, "file": source}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "手机号" in body and "<td>3</td>" in body
    assert Attendance.objects.filter(activity=activity).count() == 1


def test_import_page_refuses_non_excel(client, users, activity):
    login(client, users.staff_a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.txt", b"hello")
    response = client.post(
        f"/checkin/activity/{activity.pk}/import/", {"session": 0, "file": upload}
    )
    assert response.status_code == 400
    assert "只支持 Excel" in response.content.decode()
