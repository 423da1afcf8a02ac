"""样本量估算 on hand-worked numbers.

z = 1.96, p = .5, e = .03: n₀ = 1.96² · .25 / .0009 = .9604 / .0009 = 1067.11 → 1,068.
With a roster of N = 23,000: n = 1067.11 / (1 + 1066.11/23000) = 1067.11 / 1.046353 = 1019.84
→ 1,020. With deff 1.5 and e = .05: n₀ = 1.5 · .9604 / .0025 = 576.24 → 577.
"""

from __future__ import annotations

import pytest

from kesu.assessment.sampling import sample_advice, sample_size


def test_sample_size_by_hand():
    assert sample_size(margin=0.03, z=1.96) == 1068
    assert sample_size(margin=0.03, z=1.96, population=23000) == 1020
    assert sample_size(margin=0.05, z=1.96, deff=1.5) == 577
    assert sample_size(margin=0.05, z=1.96, p=0.1) == 139  # 3.8416·.09/.0025 = 138.30
    with pytest.raises(ValueError):
        sample_size(margin=0)


def test_sample_advice_text():
    advice = sample_advice(population=23000)
    assert advice[0].text == "为使误差不超过±3个百分点，需抽取约 1,020 人"
    assert advice[1].margin_points == 5
    assert sample_advice(population=50)[0].n <= 50  # never more than the roster
