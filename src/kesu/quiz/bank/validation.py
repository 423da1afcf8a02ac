"""Validation of questions: parsing of the spellings people use (Excel, forms, API) and
the rules of each type; normalised stems for duplicate detection. No database access."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from kesu.core.errors import ServiceError
from kesu.core.parsing import parse_choice, parse_field
from kesu.quiz.models import Dimension, Question, QuestionType

JUDGE_OPTIONS = ["正确", "错误"]
LETTERS = "ABCDEF"
MAX_OPTIONS = len(LETTERS)
DIFFICULTY = {1: "易", 2: "中", 3: "难"}
# Fields whose change on a used question makes a new version (status changes stay in place).
CONTENT_FIELDS = (
    "type",
    "stem",
    "options",
    "answer",
    "explanation",
    "topic",
    "difficulty",
    "dimension",
    "benchmark_code",
    "source",
    "intl_code",
    "intl_rates",
)
LABELS = {
    "name": "题库名称",
    "description": "说明",
    "type": "题型",
    "stem": "题干",
    "options": "选项",
    "answer": "正确答案",
    "explanation": "解析",
    "topic": "主题",
    "difficulty": "难度",
    "dimension": "维度",
    "benchmark_code": "基准点",
    "source": "来源",
    "status": "状态",
    "intl_code": "国际比较题号",
    "intl_rates": "国际正确率",
    "bank": "题库",
}


class QuestionError(ServiceError):
    """Field errors in Chinese: {field: message}."""


_STRIP = {"P", "S", "Z", "C"}  # punctuation, symbols, separators, control characters


def normalise_stem(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, no spaces, punctuation or symbols."""
    folded = unicodedata.normalize("NFKC", str(text or "")).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in _STRIP)


def stem_hash(text: str) -> str:
    return hashlib.sha256(normalise_stem(text).encode()).hexdigest()


def _choice(value: Any, choices: Any, field_name: str, errors: dict[str, str]) -> str:
    return (
        parse_field(errors, field_name, parse_choice, value, required=True, choices=choices) or ""
    )


def parse_type(value: Any, errors: dict[str, str]) -> str:
    aliases = {
        "单选题": "single",
        "多选题": "multiple",
        "判断题": "judge",
        "是非": "judge",
        "对错": "judge",
    }
    text = str(value or "").strip()
    return aliases.get(text) or _choice(text, QuestionType.choices, "type", errors)


def parse_options(value: Any) -> list[str]:
    """A list, or text with one option per line; blanks dropped, "A." prefixes removed."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).splitlines()
    out = []
    for item in items:
        text = str(item if item is not None else "").strip()
        text = re.sub(r"^[A-Fa-f][.．、:：)）]\s*", "", text)
        if text:
            out.append(text)
    return out


_TRUE = {"对", "正确", "√", "✓", "是", "t", "true", "y", "yes"}
_FALSE = {"错", "错误", "×", "✗", "x", "否", "f", "false", "n", "no"}


def parse_answer(value: Any, qtype: str) -> list[int] | str:
    """Indexes into the options, or a Chinese message. Accepts [0, 2], "A", "ABD", "A,B",
    and for 判断 "对"/"错"/"正确"/"错误"/"√"/"×" (or "A"/"B")."""
    if isinstance(value, list | tuple):
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            return "应为选项序号列表"
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        return "未填写正确答案"
    if qtype == "judge":
        if text.lower() in _TRUE:
            return [0]
        if text.lower() in _FALSE:
            return [1]
    letters = re.sub(r"[\s,，、;；]", "", text).upper()
    if not letters or any(ch not in LETTERS for ch in letters):
        hint = "对/错" if qtype == "judge" else "选项字母，如 A 或 ABD"
        return f"“{text}”无法识别，应填写{hint}"
    return sorted({LETTERS.index(ch) for ch in letters})


def _is_true_false(options: list[str]) -> bool:
    if len(options) != 2:
        return False
    first, second = (unicodedata.normalize("NFKC", o).strip().lower() for o in options)
    return first in _TRUE and second in _FALSE


def _difficulty(value: Any, errors: dict[str, str]) -> int:
    text = str(value if value is not None else "").strip()
    lookup = {
        "易": 1,
        "容易": 1,
        "简单": 1,
        "中": 2,
        "中等": 2,
        "一般": 2,
        "难": 3,
        "困难": 3,
        "较难": 3,
    }
    if text in lookup:
        return lookup[text]
    try:
        number = int(float(text))
    except ValueError:
        errors["difficulty"] = f"取值“{text}”无效，应为 易/中/难 或 1–3"
        return 2
    if number not in DIFFICULTY:
        errors["difficulty"] = "应为 易/中/难 或 1–3"
    return number


def text_value(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value).strip()
    return text[:limit] if limit else text


def clean_question(data: dict[str, Any], *, base: Question | None = None) -> dict[str, Any]:
    """Validate a whole question (`data` over the values of `base`); raise QuestionError."""
    errors: dict[str, str] = {}
    merged: dict[str, Any] = {}
    if base is not None:
        merged = {f: getattr(base, f) for f in (*CONTENT_FIELDS, "status")}
    merged.update(data)
    clean: dict[str, Any] = {}
    qtype = parse_type(merged.get("type"), errors)
    clean["type"] = qtype
    clean["stem"] = text_value(merged.get("stem"))
    if not clean["stem"]:
        errors["stem"] = "题干不能为空"
    elif len(clean["stem"]) > 2000:
        errors["stem"] = "题干过长（最多2000字）"
    options = parse_options(merged.get("options"))
    if qtype == "judge" and (not options or _is_true_false(options)):
        options = list(JUDGE_OPTIONS)  # "对/错", "√/×", "是/否" are written as 正确/错误
    clean["options"] = options
    if qtype == "judge" and options != JUDGE_OPTIONS:
        errors["options"] = "判断题的选项应为“正确”“错误”两项"
    elif len(options) < 2:
        errors["options"] = "至少需要2个选项"
    elif len(options) > MAX_OPTIONS:
        errors["options"] = f"最多{MAX_OPTIONS}个选项（A–F）"
    elif len({normalise_stem(o) for o in options}) < len(options):
        errors["options"] = "选项有重复"
    answer = parse_answer(merged.get("answer"), qtype)
    if isinstance(answer, str):
        errors["answer"] = answer
    elif not answer:
        errors["answer"] = "未填写正确答案"
    elif any(i < 0 or i >= len(options) for i in answer) and "options" not in errors:
        shown = "、".join(LETTERS[i] if 0 <= i < MAX_OPTIONS else str(i) for i in answer)
        errors["answer"] = f"正确答案 {shown} 不在选项范围内（共{len(options)}个选项）"
    elif qtype in ("single", "judge") and len(answer) != 1:
        errors["answer"] = f"{'单选题' if qtype == 'single' else '判断题'}只能有一个正确答案"
    elif qtype == "multiple" and len(answer) < 2:
        errors["answer"] = "多选题至少需要2个正确答案"
    clean["answer"] = answer if isinstance(answer, list) else []
    clean["explanation"] = text_value(merged.get("explanation"))
    clean["topic"] = text_value(merged.get("topic"), 60)
    clean["difficulty"] = _difficulty(merged.get("difficulty", 2), errors)
    clean["dimension"] = _choice(merged.get("dimension"), Dimension.choices, "dimension", errors)
    clean["benchmark_code"] = text_value(merged.get("benchmark_code"), 20)
    clean["source"] = text_value(merged.get("source"), 200)
    status = merged.get("status") or Question.Status.ACTIVE
    clean["status"] = _choice(status, Question.Status.choices, "status", errors)
    clean["intl_code"] = text_value(merged.get("intl_code"), 20)
    rates = merged.get("intl_rates") or {}
    if not isinstance(rates, dict) or not all(
        isinstance(v, int | float) and 0 <= v <= 100 for v in rates.values()
    ):
        errors["intl_rates"] = '应为 {"CN2015": 47} 形式的百分数'
    clean["intl_rates"] = rates if isinstance(rates, dict) else {}
    if errors:
        raise QuestionError(errors)
    return clean
