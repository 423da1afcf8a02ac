from django.db import connection
from django.test.utils import CaptureQueriesContext

from kesu.core.paging import KeyedPaginator, UncountedPaginator, page_slice
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


def test_uncounted_pages_know_only_whether_another_follows(tree):
    for _ in range(5):
        make_member(tree.a)
    qs = Member.objects.order_by("org_id", "id")
    paginator = UncountedPaginator(qs, 2, at_least=3)
    pages = [paginator.get_page(n) for n in (1, 2, 3)]
    assert [list(p) for p in pages] == [list(qs[0:2]), list(qs[2:4]), list(qs[4:5])]
    assert [p.has_next() for p in pages] == [True, True, False]
    assert [p.has_previous() for p in pages] == [False, True, True]
    assert pages[1].next_page_number() == 3 and pages[1].previous_page_number() == 1
    assert (pages[2].start_index(), pages[2].end_index()) == (5, 5)
    assert paginator.num_pages is None and paginator.count == 3
    assert list(paginator.get_page("x")) == list(qs[0:2])  # as Django: a bad number is page 1
    assert list(paginator.get_page(9)) == [] and not paginator.get_page(9).has_next()
