"""Science-popularisation activities, the campaigns that group them, and attendance."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kesu.activities.choices import AttendanceSource, Kind, Outreach
from kesu.core.constraints import at_least, newest_by_org, once_per_member, ordered, unique
from kesu.core.fields import AuthoredTimestamped, money, optional_fk, org_fk, parent_fk, user_fk
from kesu.core.labels import Named, Titled
from kesu.core.stored_files import FileKind, StoredFile

# The declared outputs counted in units (份, 人次, 块, 篇, 人), in form order.
COUNT_FIELDS = (
    "materials_distributed",
    "consultations",
    "display_boards",
    "beneficiaries",
    "media_reports",
    "new_followers",
)


class ThemeDay(Named):
    """A recurring theme day or period (世界气象日, 安全生产月, 全国科普日…) with an editable
    date rule; kesu.activities.campaigns.themedays computes its dates for any year.

    Rules: `fixed` = month/day; `nth_weekday` = the `nth` (1–4, or -1 for the last)
    `weekday` (0=Monday … 5=Saturday) of `month`; `month` = the whole month. The period lasts
    `duration_days` from its first day (ignored for `month`).
    """

    class Rule(models.TextChoices):
        FIXED = "fixed", _("固定日期")
        NTH_WEEKDAY = "nth_weekday", _("某月第几个星期几")
        MONTH = "month", _("整月")

    # Configuration seeded by a migration, not demo data: `kesu demo --reset` keeps it.
    kept_by_demo_reset = True

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    rule = models.CharField(_("日期规则"), max_length=16, choices=Rule.choices)
    month = models.PositiveSmallIntegerField(_("月份"))
    day = models.PositiveSmallIntegerField(_("日"), null=True, blank=True)
    nth = models.SmallIntegerField(_("第几个"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("星期"), null=True, blank=True)
    duration_days = models.PositiveSmallIntegerField(_("持续天数"), default=1)
    active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("主题日")
        ordering = ["month", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="themeday_month_valid"
            ),
            models.CheckConstraint(
                condition=Q(duration_days__gte=1, duration_days__lte=31),
                name="themeday_duration_valid",
            ),
        ]


class Campaign(AuthoredTimestamped, Named):
    """A theme day or campaign period for one year (e.g. 2024年全国科普日), created by an
    upper-level organisation; it gathers the activities of every organisation below it."""

    org = org_fk(_("发起组织"), related_name="campaigns")
    name = models.CharField(_("名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    description = models.TextField(_("说明"), blank=True)
    theme_day = optional_fk(ThemeDay, _("主题日"), related_name="campaigns")

    class Meta:
        verbose_name = verbose_name_plural = _("主题活动")
        ordering = ["-start", "-id"]
        constraints = [ordered("start", "end", "campaign_end_after_start")]


class CampaignReminder(models.Model):
    """A reminder (催报) sent by a campaign's launcher to a unit below that has filed no
    activity for the campaign yet; shown in that unit's workbench until it reports."""

    campaign = parent_fk(Campaign, "reminders")
    org = org_fk(_("催报对象"), related_name="campaign_reminders", on_delete=models.CASCADE)
    note = models.CharField(_("附言"), max_length=200, blank=True)
    sent_by = user_fk()
    sent_at = models.DateTimeField(_("催报时间"), auto_now_add=True)

    class Meta(newest_by_org("sent_at", "campaign_reminder_org_idx")):
        verbose_name = verbose_name_plural = _("催报")

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.org_id}"


class Activity(AuthoredTimestamped, Titled):
    """One science-popularisation event and its declared outputs.

    `topics` and `target_groups` hold codes wrapped in commas (",tech,safety,"), so one
    code is one portable LIKE on SQLite and PostgreSQL alike.
    """

    title = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("活动形式"), max_length=16, choices=Kind.choices)
    outreach = models.CharField(
        _("进校园/社区/企业/农村"), max_length=16, choices=Outreach.choices, blank=True
    )
    campaign = optional_fk(Campaign, _("所属主题活动"), related_name="activities")
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    org = org_fk(_("主办组织"), related_name="activities")
    co_orgs = models.ManyToManyField(
        "orgs.Organization", verbose_name=_("协办组织"), blank=True, related_name="co_activities"
    )
    partners = models.CharField(_("合作单位"), max_length=300, blank=True)
    target_groups = models.CharField(_("面向人群"), max_length=200, blank=True)
    topics = models.CharField(_("主题"), max_length=200, blank=True)
    description = models.TextField(_("活动内容"), blank=True)
    responsible = models.CharField(_("负责人"), max_length=60, blank=True)
    # Outputs as declared by the organiser; check-ins are counted from Attendance.
    person_times = models.PositiveIntegerField(_("参与人次（填报）"), null=True, blank=True)
    materials_distributed = models.PositiveIntegerField(_("发放资料（份）"), default=0)
    consultations = models.PositiveIntegerField(_("接受咨询（人次）"), default=0)
    display_boards = models.PositiveIntegerField(_("展板（块）"), default=0)
    beneficiaries = models.PositiveIntegerField(_("受益（人次）"), default=0)
    media_reports = models.PositiveIntegerField(_("媒体报道（篇）"), default=0)
    new_followers = models.PositiveIntegerField(_("新增关注（人）"), default=0)
    spending = money(_("经费（元）"), default=0)
    funding_source = models.CharField(_("经费来源"), max_length=120, blank=True)
    review_note = models.TextField(_("成效/回头看"), blank=True)
    copied_from = optional_fk("self", related_name="copies")

    class Meta(newest_by_org("start", "activity_org_start_idx")):
        verbose_name = verbose_name_plural = _("科普活动")
        constraints = [
            ordered("start", "end", "activity_end_after_start"),
            at_least("spending", name="activity_spending_not_negative"),
        ]


class Attendance(models.Model):
    """One presence at an activity (签到): a member from the roster, or a guest.

    `session` numbers the days of a multi-day activity (0 for a single session); a person
    counts once per session, so person-times and distinct persons stay two figures.
    A member matched by phone whose typed name differs from the roster by one character is
    recorded against the member with `name_unconfirmed` set and the typed name kept in
    `guest_name`, for staff to confirm.
    """

    activity = parent_fk(Activity, "attendances")
    session = models.PositiveSmallIntegerField(default=0)
    member = optional_fk("members.Member", on_delete=models.PROTECT, related_name="attendances")
    guest_name = models.CharField(_("姓名"), max_length=60, blank=True)
    guest_phone_enc = models.TextField(blank=True, editable=False)
    guest_phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    guest_phone_masked = models.CharField(_("手机号"), max_length=11, blank=True, editable=False)
    source = models.CharField(_("方式"), max_length=8, choices=AttendanceSource.choices)
    name_unconfirmed = models.BooleanField(_("姓名待核对"), default=False)
    checked_in_at = models.DateTimeField(_("签到时间"), auto_now_add=True)
    created_by = user_fk()

    class Meta:
        verbose_name = verbose_name_plural = _("签到")
        ordering = ["checked_in_at", "id"]
        constraints = [
            once_per_member(["activity", "session"], "attendance_member_once_per_session"),
            unique(
                ["activity", "session", "guest_phone_hash"],
                "attendance_guest_once_per_session",
                condition=Q(member__isnull=True),
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(guest_name=""),
                name="attendance_member_or_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.session}: {self.member_id or self.guest_name}"


class Attachment(StoredFile):
    """A photo or document attached to an activity. Files live under MEDIA_ROOT but are
    served only through a scoped view, never from MEDIA_URL."""

    Kind = FileKind

    activity = parent_fk(Activity, "attachments")
    file = models.FileField(_("文件"), upload_to="activities/%Y/%m/", max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    thumbnail = models.FileField(
        _("缩略图"), upload_to="activities/%Y/%m/thumbs/", max_length=200, null=True, blank=True
    )

    class Meta(StoredFile.Meta):
        verbose_name = verbose_name_plural = _("附件")


# The figures an activity adds to the roll-up, each the sum of the field of that name (see
# ActivityTotal); person_times is the declared figure, or the check-ins when none is.
ROLLED_SUMS = ("person_times", *COUNT_FIELDS, "spending")


class ActivityTotal(models.Model):
    """The activity roll-up (kesu.activities.tally): per organisation and local day of the
    start, per form and outreach, the activities held by the organisation itself (`own`)
    or by any organisation below it, counted and summed. A subtree's figure is then the
    rows of its top organisation alone, however large the subtree."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    own = models.BooleanField()
    day = models.DateField()
    kind = models.CharField(max_length=16)
    outreach = models.CharField(max_length=16)
    count = models.PositiveIntegerField()
    person_times = models.PositiveBigIntegerField()
    materials_distributed = models.PositiveBigIntegerField()
    consultations = models.PositiveBigIntegerField()
    display_boards = models.PositiveBigIntegerField()
    beneficiaries = models.PositiveBigIntegerField()
    media_reports = models.PositiveBigIntegerField()
    new_followers = models.PositiveBigIntegerField()
    spending = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        indexes = [
            models.Index(fields=["org", "day"], name="activity_total_org_day"),
            models.Index(fields=["day"], name="activity_total_day"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.day}: {self.count}"


class ActivityTopicTotal(models.Model):
    """Beside ActivityTotal, per organisation (own or below) and local day, the activities
    under each topic: an activity with several topics counts once under each."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    own = models.BooleanField()
    day = models.DateField()
    topic = models.CharField(max_length=16)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["org", "day"], name="activity_topic_total_org_day")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.day}/{self.topic}: {self.count}"


class ActivityTallyStale(models.Model):
    """The start of an activity written since it was counted (database triggers on the
    activities, their check-ins and the organisations' paths, migration 0006); the next
    read recounts its day."""

    start = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.start)


class ActivityTallyState(models.Model):
    """One row, locked by whoever recounts; `counted_at` is the last whole count (none yet:
    the first read counts everything)."""

    counted_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return str(self.counted_at)
