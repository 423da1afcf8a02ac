from django.db import connection
from django.test.utils import CaptureQueriesContext

from kesu.core.paging import KeyedPaginator, page_slice
from kesu.members.models import Member
from tests.factories import make_member


def test_keyed_pages_equal_plain_slices(tree):
    for i in range(11):
        make_member(tree.a if i % 3 else tree.a1g)
    qs = Member.objects.select_related("org").order_by("org_id", "id")
    for start in range(0, 12, 4):
        assert page_slice(qs, start, start + 4) == list(qs[start : start + 4])
    page = KeyedPaginator(qs, 4).get_page(3)
    assert list(page) == list(qs[8:12]) and page.paginator.num_pages == 3
    with CaptureQueriesContext(connection) as ctx:
        rows = page_slice(qs, 4, 8)
        assert all(m.org.code for m in rows)  # select_related survives the keyed load
    assert len(ctx.captured_queries) == 2
    assert page_slice(qs, 100, 104) == [] and page_slice([1, 2, 3], 1, 2) == [2]
