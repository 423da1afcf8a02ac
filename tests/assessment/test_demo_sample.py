"""`kesu demo` (small): the district's sampled surveys of two years, with non-response,
replacements and reminders; the sample is reproducible from the stored seed; the simulated
answers discriminate (most items r ≥ 0.2, the deliberately bad ones flagged)."""

from __future__ import annotations

import io

import pytest

from kesu.assessment import sample_selectors as ss
from kesu.assessment.design import draw
from kesu.assessment.items import item_analysis
from kesu.assessment.models import SampleDesign, SampleReminder
from kesu.demo.services import demo_generate

pytestmark = pytest.mark.django_db(transaction=True)


def test_small_demo_has_two_sampled_years_that_reproduce():
    result = demo_generate(scale="small", seed=11, stdout=io.StringIO())
    assert result.counts["literacy_samples"] == 2
    earlier, later = SampleDesign.objects.select_related("assessment").order_by(
        "assessment__period_end"
    )
    assert (earlier.allocation, later.allocation, later.prior_id) == (
        "proportional",
        "neyman",
        earlier.assessment_id,
    )
    for d in (earlier, later):
        r = ss.design_results(d)
        assert 0.55 < r.overall_rate.rate < 0.95  # realistic non-response
        assert len({round(x.rate, 2) for x in r.rates if x.rate is not None}) > 1
        assert r.estimate.weighted_share is not None and r.estimate.n_eff > 100
        # the draw again from the stored seed gives the same members
        strata = ss.Strata(d.assessment.org, d.stratify_by, d.frame_on)
        frame = ss.sampling_frame(d.assessment.org, d.frame_on, strata)
        allocation = {s["key"]: s["allocated"] for s in d.strata}
        again = draw(frame, allocation, reserve=d.reserve_per_stratum, seed=d.seed)
        drawn = set(d.members.filter(drawn_as="sampled").values_list("stratum", "member_id"))
        assert drawn == {(k, m) for k, (sample, _r) in again.items() for m in sample}
    assert (
        later.members.filter(status="replaced").exclude(replaced_reason="").exists()
        or earlier.members.filter(status="replaced").exclude(replaced_reason="").exists()
    )
    assert SampleReminder.objects.filter(sample_member__design=later).exists()
    items = item_analysis(later.assessment, org=later.assessment.org).items
    r = [i.stat.discrimination for i in items if i.stat.discrimination is not None]
    assert sum(1 for x in r if x >= 0.2) >= 0.8 * len(items)
    assert any("negative_discrimination" in i.stat.flags for i in items)
