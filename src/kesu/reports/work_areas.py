"""The work areas of the summary, in the customary order (docs/domain.md): each a title and its
points; a point is a list of clauses whose {indicator.code} fields are written as figures.
An area, point or clause whose figures are all zero is left out (see reports.summary); a
clause without figures is a lead, written only when a clause with figures follows.
A point given as a name (LITERACY_POINT) is written from records (reports.summary_records).
Worker services are written per kind, each with its own recipients and amount, as the
reference summaries do; the standing hardship caseload has a sentence of its own."""

from __future__ import annotations

NOTABLE_AREA = "科普活动与宣传"  # the work area closed by its campaigns and largest activities
LITERACY_POINT = "literacy"

# Figures followed by their change on the same range last year ("同比增长12.5%") where that
# range has records.
YEAR_ON_YEAR = frozenset(
    {
        "members.count",
        "activities.count",
        "activities.person_times",
        "activities.materials",
        "training.trainees",
        "training.person_times",
        "contest.participants",
        "assessment.participants",
        "medical_mutual.shares",
        "spring_relief.amount",
        "hardship_aid.amount",
        "golden_autumn.students",
        "summer_cooling.workers",
    }
)

# A work area: (title, points); a point is a list of clauses, each a template whose
# {indicator.code} fields are replaced by the written figures (or a named point).
WORK_AREAS: tuple[tuple[str, tuple[tuple[str, ...] | str, ...]], ...] = (
    (
        "组织建设与会员",
        (
            ("覆盖工会组织{orgs.count}", "其中基层工会{orgs.grassroots}"),
            (
                "现有工会会员{members.count}",
                "新入会会员{members.joined}",
                "女职工会员{members.female}",
                "农民工会员{members.migrant}",
            ),
            ("新建工会{unions.founded}", "25人以上非公企业建会率{unions.coverage_25plus}"),
        ),
    ),
    (
        "科普活动与宣传",
        (
            ("组织开展各类科普活动{activities.count}", "参与职工{activities.person_times}"),
            (
                "发放宣传资料{activities.materials}",
                "接受职工咨询{activities.consultations}",
                "展出科普展板{activities.display_boards}",
            ),
            ("受益职工{activities.beneficiaries}", "新媒体新增关注{activities.new_followers}"),
            ("发布科普信息{publications.count}", "获媒体报道{activities.media_reports}"),
        ),
    ),
    (
        "阵地与专家",
        (
            (
                "建有科普阵地{venues.count}",
                "新建阵地{venues.new}",
                "建有职工书屋{venues.libraries}",
                "阵地接待参观{venues.visits}",
            ),
            ("新建职工书屋{libraries.new}", "职工书屋借阅{libraries.borrowings}"),
            ("专家库入库专家{experts.count}", "开展专家讲座{experts.lectures}"),
        ),
    ),
    (
        "职工培训",
        (
            ("举办培训课程{training.courses}", "开设培训班次{training.sessions}"),
            (
                "培训职工{training.trainees}",
                "参训{training.person_times}",
                "累计培训{training.hours}",
                "结业{training.completions}",
            ),
            ("培训科普教师和宣讲员{training.teachers_trained}",),
        ),
    ),
    (
        "知识竞赛与科学素质测评",
        (
            (
                "组织开展知识竞赛{contest.count}",
                "参赛职工{contest.participants}",
                "参与率{contest.participation_rate}",
                "平均得分率{contest.average_score}",
            ),
            ("职工线上答题{quiz.attempts}",),
            LITERACY_POINT,
        ),
    ),
    (
        "职工服务",
        (
            (
                "签订工资集体协议{wage_agreements.count}",
                "覆盖职工{wage_agreements.workers_covered}",
            ),
            (
                "举办劳动和技能竞赛{competitions.count}",
                "参赛职工{competitions.participants}",
                "安康杯参赛企业{ankang.employers}",
            ),
            ("开展职工文体活动{culture.count}", "参加职工{culture.participants}"),
        ),
    ),
    (
        "困难职工帮扶与送温暖",
        (
            (
                "春节期间开展“送温暖”活动",
                "慰问困难企业{spring_relief.employers}",
                "慰问困难职工{spring_relief.households}",
                "慰问困难劳模{spring_relief.model_workers}",
                "发放慰问金{spring_relief.amount}",
            ),
            ("帮扶困难职工{hardship_aid.people}", "发放帮扶资金{hardship_aid.amount}"),
            (
                "开展“金秋助学”活动",
                "资助困难职工子女{golden_autumn.students}",
                "发放助学金{golden_autumn.amount}",
            ),
            (
                "开展“夏季送清凉”活动",
                "慰问一线职工{summer_cooling.workers}",
                "用去经费{summer_cooling.spent}",
            ),
            ("开展女职工关爱活动", "惠及女职工{women_care.people}"),
            ("发动职工参加职工医疗互助{medical_mutual.shares}",),
            (
                "加强困难职工档案动态管理",
                "现有在档困难职工{hardship.files_open}",
                "本期新建档{hardship.files_new}",
                "解困脱困{hardship.out_of_hardship}",
            ),
        ),
    ),
    (
        "创新成果与先进表彰",
        (("职工取得科技创新成果{achievements.count}", "获得各级先进表彰{honours.count}"),),
    ),
)
