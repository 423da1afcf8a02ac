from io import StringIO

from django.utils import timezone

from kesu.demo.services import demo_generate
from kesu.evaluations.models import EvaluationScheme
from kesu.evaluations.scoring import evaluation_compute
from kesu.plans.models import Target, Task


def test_demo_sets_and_hands_down_targets_and_runs_an_evaluation(db):
    from kesu.accounts.models import User

    demo_generate(scale="small", seed=4, stdout=StringIO())
    year = timezone.localdate().year
    handed = Target.objects.filter(plan__year=year, handed_down_by__isnull=False)
    assert handed.exists() and {t.plan.org.level for t in handed} == {"district"}
    assert Task.objects.filter(plan__org__level="city").count() == 4
    scheme = EvaluationScheme.objects.get(year=year)
    result = evaluation_compute(user=User.objects.get(username="jn_admin"), scheme=scheme)
    assert len(result["items"]) == 4
    assert result["rows"] and all(row["rank"] >= 1 for row in result["rows"])
