"""Seed the default theme-day calendar (DOMAIN.md). Rows stay editable afterwards; the
reverse step removes only the rows this migration added (by code)."""

from django.db import migrations

FIXED, NTH, MONTH = "fixed", "nth_weekday", "month"
MON, SAT = 0, 5

# code, name, rule, month, day, nth, weekday, duration_days, description
DEFAULTS = [
    ("kepu-month", "科普活动月（科技之春）", MONTH, 3, None, None, None, 1, "部分省份"),
    ("womens-day", "三八国际妇女节", FIXED, 3, 8, None, None, 1, ""),
    ("meteorological-day", "世界气象日", FIXED, 3, 23, None, None, 1, ""),
    ("earth-day", "世界地球日", FIXED, 4, 22, None, None, 1, ""),
    ("disaster-reduction-day", "全国防灾减灾日", FIXED, 5, 12, None, None, 1, ""),
    ("sci-tech-week", "全国科技活动周", NTH, 5, None, 3, SAT, 7, "默认：5月第三个星期六起一周"),
    ("sci-tech-workers-day", "全国科技工作者日", FIXED, 5, 30, None, None, 1, ""),
    ("safety-month", "安全生产月", MONTH, 6, None, None, None, 1, ""),
    ("environment-day", "世界环境日", FIXED, 6, 5, None, None, 1, ""),
    ("anti-drug-day", "国际禁毒日", FIXED, 6, 26, None, None, 1, ""),
    (
        "energy-saving-week",
        "全国节能宣传周",
        NTH,
        7,
        None,
        2,
        MON,
        7,
        "默认：7月第二个星期一起一周，以当年通知为准",
    ),
    ("kepu-day", "全国科普日", NTH, 9, None, 3, SAT, 2, "9月第三个周末（第三个星期六、星期日）"),
    ("aids-day", "世界艾滋病日", FIXED, 12, 1, None, None, 1, ""),
    ("constitution-day", "国家宪法日", FIXED, 12, 4, None, None, 1, ""),
]


def seed(apps, schema_editor):
    ThemeDay = apps.get_model("activities", "ThemeDay")
    for order, (code, name, rule, month, day, nth, weekday, days, note) in enumerate(DEFAULTS):
        ThemeDay.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "rule": rule,
                "month": month,
                "day": day,
                "nth": nth,
                "weekday": weekday,
                "duration_days": days,
                "sort_order": order * 10,
                "description": note,
                "active": True,
            },
        )


def unseed(apps, schema_editor):
    ThemeDay = apps.get_model("activities", "ThemeDay")
    ThemeDay.objects.filter(code__in=[row[0] for row in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_themeday_campaign_theme_day_attachment"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
