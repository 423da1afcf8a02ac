"""axe-core on the key pages at desktop and phone widths (0 serious or critical), and the
workbench of a cadre and of a member in the browser. Tiny demo data."""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from kesu.contests.models import Contest
from kesu.demo import generator
from kesu.demo.services import DEMO_PASSWORD, demo_generate
from kesu.quiz.models import Paper
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TINY = generator.ScaleSpec(1, 0, 1, 2, 1, 0, 1, 1, 1, 240)
WIDTHS = ((1280, 900), (390, 844))
GRAVE = {"serious", "critical"}
# Buttons, question boxes and their text that reach past the right edge of the screen.
OUTSIDE = """[...document.querySelectorAll('.btn, button, fieldset, legend, h1, h2, input, select')]
  .filter(e => e.offsetParent && e.getBoundingClientRect().right > innerWidth + 1)
  .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 12))"""


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setitem(generator.SCALES, "crawl", TINY)
    demo_generate(scale="crawl", seed=7, stdout=io.StringIO())


def _login(browser, live_server, username: str, width: int, height: int):
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": width, "height": height},
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('工作台')")
    return context, page


def _grave(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [
        f"{page.url} {v['id']} ({v['impact']}): "
        + "; ".join(n["target"][0] for n in v["nodes"][:3] if n.get("target"))
        for v in found
        if v["impact"] in GRAVE
    ]


def _audit(browser, live_server, username: str, paths: list[str]) -> list[str]:
    problems: list[str] = []
    for width, height in WIDTHS:
        context, page = _login(browser, live_server, username, width, height)
        try:
            for path in paths:
                page.goto(live_server.url + path)
                page.wait_for_load_state("networkidle")
                problems += [f"{width}px {p}" for p in _grave(page)]
                # Nothing wider than the screen: buttons and question text stay inside.
                outside = page.evaluate(OUTSIDE)
                if outside:
                    problems.append(f"{width}px {path}: 超出屏幕 {outside}")
        finally:
            context.close()
    return problems


def test_cadre_pages_have_no_serious_accessibility_faults(browser, live_server, demo):
    contest = Contest.objects.order_by("pk").first()
    paths = [
        "/",
        "/members/",
        "/activities/",
        "/dashboard/",
        "/reports/",
        "/reports/summary/",
        "/quiz/",
        "/contests/" + (f"{contest.pk}/" if contest else ""),
    ]
    problems = _audit(browser, live_server, "qu_admin", paths)
    assert not problems, "\n".join(problems)


def test_member_pages_have_no_serious_accessibility_faults(browser, live_server, demo):
    now = timezone.now()
    paper = Paper.objects.filter(status=Paper.Status.PUBLISHED).exclude(closes_at__lt=now).first()
    paths = ["/", "/quiz/my/", "/contests/", "/archive/me/"]
    if paper is not None:
        paths.append(f"/quiz/papers/{paper.pk}/take/")
    problems = _audit(browser, live_server, "huiyuan", paths)
    assert not problems, "\n".join(problems)


CHARTS = """[...document.querySelectorAll('[data-chart]')].map(el => {
  const chart = echarts.getInstanceByDom(el); if (!chart) return null;
  const o = chart.getOption();
  return {kind: o.series[0].type, axes: (o.yAxis || []).length,
          label: o.series[0].label && o.series[0].label.show, legend: o.legend[0].show};
}).filter(Boolean)"""


def _dashboard_on_a_phone(page, live_server) -> None:
    page.goto(live_server.url + "/dashboard/")
    page.wait_for_function("document.querySelectorAll('.panel.has-chart').length > 0")
    charts = page.evaluate(CHARTS)
    lines = [c for c in charts if c["kind"] == "line"]
    assert lines and lines[0]["axes"] == 2  # 场 and 人次 each on their own axis
    pies = [c for c in charts if c["kind"] == "pie"]
    assert pies and all(c["label"] is False and c["legend"] is not False for c in pies)
    # The whole date shows in its box.
    for name in ("from", "to"):
        box = page.locator(f"input[name={name}]")
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1 && e.clientWidth >= 130"), name
    shot(page, "dashboard-phone")


def test_workbench_of_a_cadre_and_of_a_member(browser, live_server, demo):
    context, page = _login(browser, live_server, "qu_admin", 390, 844)
    try:
        for title in ("我的待办任务", "下级未报送单位", "年目标完成情况", "最近的导入导出"):
            assert page.locator(".wb-section h2", has_text=title).count() == 1, title
        shot(page, "workbench-cadre-phone")
        link = page.locator("#wb-targets .wb-more a")
        link.click()
        page.wait_for_load_state()
        assert "/plans/" in page.url and page.locator("h1").count() == 1
        _dashboard_on_a_phone(page, live_server)
    finally:
        context.close()
    context, page = _login(browser, live_server, "huiyuan", 390, 844)
    try:
        for title in ("可参加的答题", "知识竞赛", "我的签到", "我的培训", "我的科学素质档案"):
            assert page.locator(".wb-section h2", has_text=title).count() == 1, title
        assert page.locator("#wb-children").count() == 0  # no cadre work for a member
        shot(page, "workbench-member-phone")
        page.locator("#wb-archive .wb-more a").click()
        page.wait_for_url("**/archive/me/")
    finally:
        context.close()
