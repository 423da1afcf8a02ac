from io import StringIO

from django.utils import timezone

from kesu.activities.models import Activity, Campaign, ThemeDay
from kesu.demo.services import demo_generate, demo_reset


def test_demo_files_theme_day_activities_under_city_campaigns_and_reset_keeps_the_calendar(db):
    demo_generate(scale="small", seed=2, stdout=StringIO())
    campaigns = Campaign.objects.all()
    assert campaigns.count() == 2 * ThemeDay.objects.filter(active=True).count()
    assert {c.org.level for c in campaigns} == {"city"}
    filed = Activity.objects.filter(campaign__isnull=False)
    assert filed.exists()
    assert all(
        a.campaign.start <= timezone.localtime(a.start).date() <= a.campaign.end
        for a in filed.select_related("campaign")
    )
    themes = ThemeDay.objects.count()
    demo_reset(stdout=StringIO())
    assert ThemeDay.objects.count() == themes and not Campaign.objects.exists()
