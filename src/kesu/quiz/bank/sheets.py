"""Question banks in and out of Excel (the starter bank is kesu.quiz.bank.starter).

Import rule (documented for users on the page and in the template's 说明 sheet): every row
is checked first; by default the valid rows are applied and the others reported with their
row and column; with `all_or_nothing` ("全部正确才导入") nothing is written unless every row
is valid. Duplicates — the same normalised stem twice in the file, or a stem already in a bank
usable by the target bank's organisation — are skipped and reported, so importing the same
file twice adds nothing the second time. A dry run reports without writing.
"""

from __future__ import annotations

import io
from typing import IO, Any

from django.http import HttpRequest
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kesu.audit.services import audit_record
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.core.importing import ImportResult, Row, RowProblems, SheetImport
from kesu.orgs import access
from kesu.quiz.bank import services as svc
from kesu.quiz.bank.selectors import usable_banks
from kesu.quiz.models import Dimension, Question, QuestionBank, QuestionType
from kesu.quiz.papers import prepared

DATA_SHEET = "试题"
OPTION_FIELDS = [f"option_{ch}" for ch in svc.LETTERS]
COLUMNS: dict[str, list[str]] = {
    "type": ["题型", "试题类型", "类型"],
    "stem": ["题干", "题目", "试题", "题目内容", "问题"],
    **{f"option_{ch}": [f"选项{ch}", ch, f"{ch}选项", f"选项{ch.lower()}"] for ch in svc.LETTERS},
    "answer": ["正确答案", "答案", "标准答案", "参考答案"],
    "explanation": ["解析", "答案解析", "试题解析", "说明"],
    "topic": ["主题", "题目主题", "分类", "专题"],
    "difficulty": ["难度", "难易程度"],
    "dimension": ["维度", "素质维度", "科学素质维度"],
    "benchmark_code": ["基准点", "基准", "基准编号"],
    "source": ["来源", "出处"],
    "status": ["状态"],
}
REQUIRED = ["type", "stem", "answer"]
_FORMULA_START = ("=", "+", "-", "@")
_WIDTHS = {"stem": 48, "explanation": 40, "source": 24}


def header(name: str) -> str:
    return COLUMNS[name][0]


def _labels(choices: Any) -> list[str]:
    with translation.override(None):
        return [str(label) for _, label in choices]


# ---------------------------------------------------------------- export / template


def _row(q: Question) -> list[Any]:
    options = list(q.options) + [""] * (svc.MAX_OPTIONS - len(q.options))
    if q.type == "judge":
        answer = "对" if q.answer == [0] else "错"
        options = [""] * svc.MAX_OPTIONS  # 判断题 needs no options in the sheet
    else:
        answer = "".join(svc.LETTERS[i] for i in q.answer if 0 <= i < svc.MAX_OPTIONS)
    return [
        q.get_type_display(),
        q.stem,
        *options,
        answer,
        q.explanation,
        q.topic,
        svc.DIFFICULTY.get(q.difficulty, ""),
        q.get_dimension_display(),
        q.benchmark_code,
        q.source,
        q.get_status_display(),
    ]


def _book(rows: list[list[Any]], *, validations: bool) -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    fields = list(COLUMNS)
    ws.append([header(f) for f in fields])
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, name in enumerate(fields, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = Font(bold=True, color="C00000" if name in REQUIRED else "000000")
        cell.fill = fill
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(name, 12)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    ws.freeze_panes = "A2"
    if validations:
        letter = {name: get_column_letter(i) for i, name in enumerate(fields, start=1)}
        lists = {
            "type": _labels(QuestionType.choices),
            "dimension": _labels(Dimension.choices),
            "difficulty": list(svc.DIFFICULTY.values()),
            "status": _labels(Question.Status.choices),
        }
        for name, values in lists.items():
            rule = DataValidation(type="list", formula1=f'"{",".join(values)}"', allow_blank=True)
            rule.error, rule.errorTitle = "请从下拉列表中选择", "输入无效"
            rule.showErrorMessage = True
            ws.add_data_validation(rule)
            rule.add(f"{letter[name]}2:{letter[name]}5001")
    return book


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HELP_LINES = [
    "试题导入说明",
    "1. 每行一道题。带红色表头的列必须填写：题型、题干、正确答案。",
    "2. 题型：单选、多选、判断。单选、多选题至少填2个选项（选项A起连续填写，最多到选项F）。",
    "3. 正确答案：单选填一个字母（如 A），多选填两个及以上字母（如 ABD），判断题填“对”或“错”，判断题不用填选项。",
    "4. 维度：科学知识、科学方法、科学精神与思想、应用科学的能力；难度：易、中、难（不填为“中”）。",
    "5. 列的顺序可以调整，表头上方可以有标题行；“答案”“题目”“A”等常见写法也能识别。",
    "6. 与本题库或上级共享题库中题干相同的题（忽略空格、标点和全半角差异）会被跳过并提示，重复导入同一文件不会产生重复试题。",
    "7. 建议先勾选“仅校验”检查错误。默认导入全部正确的行并列出有错误的行；勾选“全部正确才导入”则有任何错误时一行也不导入。",
    "8. 示例行仅供参考，导入前请删除。",
]


def build_template() -> bytes:
    examples = [
        [
            "单选",
            "我国的火警报警电话是多少？",
            "110",
            "119",
            "120",
            "122",
            "",
            "",
            "B",
            "119是火警电话。",
            "应急避险",
            "易",
            "科学知识",
            "基准24",
            "自编",
            "启用",
        ],
        [
            "多选",
            "下列属于可再生能源的有哪些？",
            "太阳能",
            "风能",
            "煤炭",
            "水能",
            "",
            "",
            "ABD",
            "煤炭属于化石能源，不可再生。",
            "环境保护",
            "易",
            "科学知识",
            "基准7",
            "自编",
            "启用",
        ],
        [
            "判断",
            "声音不能在真空中传播。",
            "",
            "",
            "",
            "",
            "",
            "",
            "对",
            "声音的传播需要介质。",
            "科技知识",
            "易",
            "科学知识",
            "基准11",
            "自编",
            "启用",
        ],
    ]
    book = _book(examples, validations=True)
    help_ws = book.create_sheet("说明")
    help_ws.column_dimensions["A"].width = 110
    for line in HELP_LINES:
        help_ws.append([line])
    help_ws["A1"].font = Font(bold=True, size=14)
    return _bytes(book)


def export_questions(
    *, actor: Actor, rows: Any, label: str, org_path: str = "", request: HttpRequest | None = None
) -> bytes:
    """An .xlsx of `rows` (questions) in the import layout, so it can be imported back."""
    data = [_row(q) for q in rows]
    audit_record(
        actor=actor,
        action="question.export",
        target_type="question_bank",
        target_repr=label,
        org_path=org_path,
        changes={"rows": [None, len(data)]},
        request=request,
    )
    return _bytes(_book(data, validations=False))


# ---------------------------------------------------------------- import


def _cell(value: Any) -> Any:
    """Whole numbers as text ("119"); the apostrophe our exports put before a formula-like
    text ("'=2", see kesu.core.excel.safe_cell) is removed so an export imports back as is."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value.startswith("'") and value[1:2] in _FORMULA_START:
        return value[1:]
    return value


def _row_data(record: dict[str, Any]) -> dict[str, Any]:
    data = {k: _cell(v) for k, v in record.items() if not k.startswith("option_")}
    options = [_cell(record.get(name)) for name in OPTION_FIELDS]
    while options and (options[-1] is None or str(options[-1]).strip() == ""):
        options.pop()
    data["options"] = ["" if o is None else str(o).strip() for o in options]
    if not str(data.get("difficulty") or "").strip():
        data["difficulty"] = 2
    return data


def _option_gap(options: list[str]) -> str:
    gaps = [svc.LETTERS[i] for i, text in enumerate(options) if not text]
    return f"选项{'、'.join(gaps)}为空：选项应从A起连续填写" if gaps else ""


class _QuestionImport(SheetImport[dict[str, Any]]):
    """Valid, new questions are created; rows in error are reported, duplicates skipped."""

    aliases = COLUMNS
    required = REQUIRED
    labels = {**{name: header(name) for name in COLUMNS}, "options": "选项"}
    error = None  # an unusable file is reported on the result
    batch_size = 500

    def __init__(
        self, *, actor: Actor, bank: QuestionBank, request: HttpRequest | None, **options: Any
    ) -> None:
        super().__init__(**options)
        self.actor, self.bank, self.request = actor, bank, request

    def clean(self, row: Row[dict[str, Any]]) -> dict[str, Any]:
        data = _row_data(row.record)
        problems: dict[str, str] = {}
        if gap := _option_gap(data["options"]):
            problems["options"] = gap
        try:
            clean = svc.clean_question(data)
        except svc.QuestionError as exc:
            problems = {**exc.errors, **problems}
        if problems:
            raise RowProblems(problems)
        digest = svc.stem_hash(clean["stem"])
        if (first := self.first_row(digest, row.number)) is not None:
            self.skip(row.number, "stem", f"与第{first}行题干重复，已跳过")
        return clean | {"stem_hash": digest}

    def resolve(self, rows: list[Row[dict[str, Any]]]) -> None:
        digests = [r.value["stem_hash"] for r in rows if r.value]
        existing = svc.duplicates_in_banks(usable_banks(self.bank.org), digests)
        for row in rows:
            if row.value and (other := existing.get(row.value["stem_hash"])):
                message = (
                    f"题库“{other.bank.name}”中已有相同题干的试题（编号{other.family}），已跳过"
                )
                self.skip(row.number, "stem", message)

    def write(self, values: list[dict[str, Any]]) -> None:
        creator = self.actor if getattr(self.actor, "pk", None) else None
        families = svc.next_families(len(values))
        Question.objects.bulk_create(
            [
                Question(bank=self.bank, family=fam, created_by=creator, **clean)
                for fam, clean in zip(families, values, strict=True)
            ]
        )
        self.result.created += len(values)

    def finish(self) -> None:
        bank, result = self.bank, self.result
        prepared.touch_bank(bank.pk)
        audit_record(
            actor=self.actor,
            action="question.import",
            target_type="question_bank",
            target_id=bank.pk,
            target_repr=bank.name,
            org_path=bank.org.path,
            changes={
                "created": [None, result.created],
                "error_rows": [None, result.error_rows],
                "duplicates": [None, len(result.skipped)],
            },
            request=self.request,
        )


def import_questions(
    *,
    actor: Actor,
    bank: QuestionBank,
    source: str | IO[bytes],
    dry_run: bool = False,
    all_or_nothing: bool = False,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Check every row, then (unless dry run) create the valid, non-duplicate questions
    (skipped: the duplicates); with `all_or_nothing`, none while any row has an error."""
    access.ensure_org_in_scope(actor, bank.org, access.CHANGE)
    job = _QuestionImport(actor=actor, bank=bank, request=request, dry_run=dry_run)
    job.all_or_nothing = all_or_nothing
    return job.run(source)
