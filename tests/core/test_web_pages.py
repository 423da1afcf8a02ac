"""kesu.web.pages shows a service's refusal in one way; kesu.web.routes names record routes."""

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from kesu.core.errors import ServiceError
from kesu.web.pages import outcome, post_action, save_or_show, show_refusal, submit_form
from kesu.web.routes import record_actions, record_routes


class NameForm(forms.Form):
    name = forms.CharField(required=False)
    fields_ = forms.CharField(required=False)


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _refuse(exc):
    def call():
        raise exc

    return call


def test_show_refusal_renames_fields_and_keeps_the_refusal_on_the_form():
    form = NameForm({})
    form.is_valid()
    refusal = ServiceError({"fields": "请选择领域"})
    show_refusal(form, refusal, {"fields": "fields_"})
    assert dict(form.errors) == {"fields_": ["请选择领域"]}
    assert form.refusal is refusal


def test_a_refusal_naming_no_field_can_go_on_a_named_field():
    form = NameForm({})
    form.is_valid()
    show_refusal(form, ServiceError("文件无法读取"), {None: "name"})
    assert dict(form.errors) == {"name": ["文件无法读取"]}


def test_save_or_show_and_outcome():
    form = NameForm({})
    form.is_valid()
    assert save_or_show(form, lambda: 7) == 7
    assert save_or_show(form, _refuse(ServiceError({"name": "重复"}))) is None
    assert dict(form.errors) == {"name": ["重复"]}
    assert outcome(lambda: 7) == (7, "")
    assert outcome(_refuse(ServiceError("已结束"))) == (None, "已结束")


def test_outcome_lets_other_errors_through():
    with pytest.raises(KeyError):
        outcome(_refuse(KeyError("x")))


def test_post_action_says_what_happened_and_goes_on():
    request = _request()
    answer = post_action(request, lambda: 3, success=lambda n: f"已处理 {n} 项", to="/done/")
    assert answer.status_code == 302 and answer.url == "/done/"
    assert _said(request) == [("success", "已处理 3 项")]


def test_post_action_shows_a_refusal_as_an_error_message():
    request = _request()
    answer = post_action(
        request,
        _refuse(ServiceError("该单位已报送")),
        success="已报送",
        to=lambda _done: "/next/",
        refused_to="/back/",
    )
    assert answer.url == "/back/"
    assert _said(request) == [("error", "该单位已报送")]


def test_post_action_without_a_success_message():
    request = _request()
    assert post_action(request, lambda: None, success=None, to="/r/").url == "/r/"
    assert _said(request) == []


def test_submit_form_goes_to_an_address_or_stays_on_the_form():
    request = _request(data={"name": "x"})
    form = NameForm(request.POST)
    answer = submit_form(request, form, lambda: None, success="已保存。", to="/records/3/")
    assert answer.url == "/records/3/"
    form = NameForm(request.POST)
    refused = _refuse(ServiceError({"name": "重复"}))
    assert submit_form(request, form, refused, success="已保存。", to="/x/") is None
    assert dict(form.errors) == {"name": ["重复"]}


def test_record_routes_follow_the_views_names():
    def view(request):
        return None

    views = SimpleNamespace(venue_list=view, venue_create=view, venue_detail=view)
    routes = record_routes("venues/", views, "venue")
    assert [(str(r.pattern), r.name) for r in routes] == [
        ("venues/", "venues"),
        ("venues/new/", "venue_create"),
        ("venues/<int:pk>/", "venue_detail"),
    ]
    own = SimpleNamespace(index=view, create=view, detail=view, edit=view)
    assert [r.name for r in record_routes("", own)] == ["index", "create", "detail", "edit"]
    form = SimpleNamespace(record_list=view, record_form=view)
    routes = record_routes("<slug:kind>/", form, "record", name="", list_name="list")
    assert [(str(r.pattern), r.name) for r in routes] == [
        ("<slug:kind>/", "list"),
        ("<slug:kind>/new/", "create"),
        ("<slug:kind>/<int:pk>/edit/", "edit"),
    ]


def test_record_actions_are_named_after_the_action():
    def view(request, pk):
        return None

    routes = record_actions("papers/", {"items": view, "status": view}, name="paper_")
    assert [(str(r.pattern), r.name) for r in routes] == [
        ("papers/<int:pk>/items/", "paper_items"),
        ("papers/<int:pk>/status/", "paper_status"),
    ]


def test_submit_service_names_the_saved_record_in_its_message_and_goes_back():
    from django.urls import reverse

    from kesu.web.records import submit_service

    request = _request(data={"name": "甲"})
    request.user = SimpleNamespace(pk=1)
    course, added = SimpleNamespace(pk=5), SimpleNamespace(number=3)
    calls = []

    def add(**kwargs):
        calls.append(kwargs)
        return added

    form = NameForm({"name": "甲"})
    message = "已添加第%(number)s讲。"
    answer = submit_service(request, form, "training:detail", add, course=course, success=message)
    assert answer.status_code == 302 and answer.url == reverse("training:detail", args=[5])
    assert _said(request) == [("success", "已添加第3讲。")]
    assert calls[0]["course"] is course and calls[0]["data"]["name"] == "甲"
    refused = NameForm({"name": "乙"})

    def refuse(**kwargs):
        raise ServiceError({"name": "重复"})

    assert submit_service(request, refused, "training:detail", refuse, pk=5) is None
    assert dict(refused.errors) == {"name": ["重复"]}
