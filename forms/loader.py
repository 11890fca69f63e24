"""Load scoring forms from TOML and check them thoroughly before anyone scores with them.

A form is written by a secretary in a text editor, so every mistake must come back
as a sentence that names the file, the line and the fix, in Chinese first with the
English in brackets. All problems are collected in one pass: fixing a file one
error at a time is miserable.

``tomllib`` reports no positions for parsed values, so ``_Locator`` scans the raw
text once and maps each logical place (``("sections", 0, "criteria", 2, "weight")``)
to the line where it was written.

Standard library only: the database, the domain and the UI all build on this.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Iterable

from forms.model import Band, Choice, Criterion, Form, Section, Text, Tier, VetoItem

__all__ = [
    "FormError",
    "FormProblem",
    "builtin_form_ids",
    "load_builtin",
    "load_form_file",
    "load_form_text",
    "resolve_form",
]

#: Keys a criterion may not take: the offline score CSV uses them as special rows.
RESERVED_CRITERION_KEYS = frozenset({"comment", "recommendation"})
#: A form file larger than this is certainly not a form; refuse before parsing it.
MAX_FORM_BYTES = 1_000_000
#: Totals are kept to 0.01, so numbers in a form may carry at most this many decimals.
MAX_DECIMALS = 2
#: Numbers beyond this are typing mistakes (and would strain the step-grid arithmetic).
MAX_MAGNITUDE = Decimal(10) ** 9
#: How many uncovered scores a band-coverage message lists before summarising.
MAX_LISTED_VALUES = 5

_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_KEY_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_TOML_POS_RE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")
_QUOTED_RE = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')
_FULLWIDTH = "“”‘’＝，：；［］｛｝（）　"


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class FormProblem:
    """One mistake in a form file; ``line`` is 1-based, None when it concerns the whole file."""

    line: int | None
    message: str


class FormError(Exception):
    """A form file that cannot be used, with every problem found in it.

    ``str(err)`` is meant to be shown to the secretary as is: one problem per line,
    each naming the file and the line.
    """

    def __init__(self, path: str, problems: Iterable[FormProblem]) -> None:
        self.path = path
        self.problems: list[FormProblem] = list(problems)
        super().__init__(self._render())

    def _render(self) -> str:
        lines = []
        for problem in self.problems:
            where = f"{self.path} 第{problem.line}行" if problem.line is not None else self.path
            lines.append(f"{where}: {problem.message}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[type[FormError], tuple[str, list[FormProblem]]]:
        # The default reduce would call __init__ with the rendered message only.
        return (type(self), (self.path, self.problems))


def _bilingual(zh: str, en: str) -> str:
    return f"{zh} ({en})"


# --------------------------------------------------------------------------- line locator

_Path = tuple[str | int, ...]


class _Locator:
    """Maps logical places in a parsed TOML document back to source lines.

    Only ever run on text that ``tomllib`` accepted, so the scanner can be simple;
    any surprise just leaves positions unknown (a message without a line number is
    still a message).
    """

    def __init__(self, text: str) -> None:
        self._keys: dict[_Path, int] = {}
        self._tables: dict[_Path, int] = {}
        self._aot_counts: dict[_Path, int] = {}
        self._s = text
        self._i = 0
        self._line = 1
        try:
            self._scan()
        except (IndexError, ValueError):
            pass

    def line(self, path: _Path, field_name: str | None = None) -> int | None:
        """The line of ``field_name`` inside the table at ``path``, else of the nearest enclosing table."""
        if field_name is not None:
            hit = self._keys.get(path + (field_name,))
            if hit is not None:
                return hit
            for place in (path + (field_name,), path + (field_name, 0)):
                hit = self._tables.get(place)
                if hit is not None:
                    return hit
        place = path
        while place:
            hit = self._tables.get(place)
            if hit is None:
                hit = self._keys.get(place)
            if hit is not None:
                return hit
            place = place[:-1]
        return None

    def key_line(self, path: _Path) -> int | None:
        """The line where exactly ``path`` was written as a key, or None."""
        return self._keys.get(path)

    # -- scanning -------------------------------------------------------------

    def _peek(self, offset: int = 0) -> str:
        j = self._i + offset
        return self._s[j] if j < len(self._s) else ""

    def _advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self._s[self._i] == "\n":
                self._line += 1
            self._i += 1

    def _skip_blank(self, newlines: bool) -> None:
        while self._i < len(self._s):
            c = self._s[self._i]
            if c in " \t\r" or (newlines and c == "\n"):
                self._advance()
            elif c == "#":
                while self._i < len(self._s) and self._s[self._i] != "\n":
                    self._i += 1
            else:
                return

    def _scan(self) -> None:
        current: _Path = ()
        while True:
            self._skip_blank(newlines=True)
            if self._i >= len(self._s):
                return
            if self._peek() == "[":
                array = self._peek(1) == "["
                line = self._line
                self._advance(2 if array else 1)
                keys = self._read_key()
                self._advance(2 if array else 1)
                current = self._open_table(keys, array, line)
                continue
            line = self._line
            keys = self._read_key()
            self._advance()  # "="
            self._note_key(current, keys, line)
            self._skip_value(current + tuple(keys))

    def _open_table(self, keys: list[str], array: bool, line: int) -> _Path:
        path: _Path = ()
        for key in keys[:-1]:
            path = path + (key,)
            if path in self._aot_counts:
                path = path + (self._aot_counts[path] - 1,)
        path = path + (keys[-1],)
        if array:
            index = self._aot_counts.get(path, 0)
            self._aot_counts[path] = index + 1
            path = path + (index,)
        self._tables.setdefault(path, line)
        return path

    def _note_key(self, base: _Path, keys: list[str], line: int) -> None:
        for j in range(1, len(keys) + 1):
            self._keys.setdefault(base + tuple(keys[:j]), line)

    def _read_key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            c = self._peek()
            if c == '"':
                parts.append(self._read_string('"'))
            elif c == "'":
                parts.append(self._read_string("'"))
            else:
                start = self._i
                while self._peek() in _BARE_KEY_CHARS:
                    self._i += 1
                if self._i == start:
                    raise ValueError("not a key")
                parts.append(self._s[start : self._i])
            self._skip_blank(newlines=False)
            if self._peek() != ".":
                return parts
            self._advance()

    def _read_string(self, quote: str) -> str:
        """Reads a one-line string and returns its raw content (escapes are left as written)."""
        self._advance()
        start = self._i
        while self._peek() != quote:
            if self._peek() == "":
                raise ValueError("unterminated string")
            if quote == '"' and self._peek() == "\\":
                self._advance()
            self._advance()
        content = self._s[start : self._i]
        self._advance()
        return content

    def _skip_multiline_string(self, quote: str) -> None:
        self._advance(3)
        while not self._s.startswith(quote * 3, self._i):
            if self._i >= len(self._s):
                raise ValueError("unterminated string")
            if quote == '"' and self._peek() == "\\":
                self._advance()
            self._advance()
        self._advance(3)
        # Up to two quotes may directly precede the closing delimiter ("""a"""").
        for _ in range(2):
            if self._peek() == quote:
                self._advance()

    def _skip_value(self, path: _Path) -> None:
        self._skip_blank(newlines=False)
        c = self._peek()
        if self._s.startswith('"""', self._i) or self._s.startswith("'''", self._i):
            self._skip_multiline_string(c)
        elif c in "\"'":
            self._read_string(c)
        elif c == "[":
            self._skip_array(path)
        elif c == "{":
            self._skip_inline_table(path)
        else:
            while self._peek() not in ("", ",", "]", "}", "\n", "#"):
                self._advance()

    def _skip_array(self, path: _Path) -> None:
        self._advance()
        index = 0
        while True:
            self._skip_blank(newlines=True)
            c = self._peek()
            if c == "]":
                self._advance()
                return
            if c == ",":
                self._advance()
                continue
            if c == "":
                raise ValueError("unclosed array")
            element = path + (index,)
            self._tables.setdefault(element, self._line)
            self._skip_value(element)
            index += 1

    def _skip_inline_table(self, path: _Path) -> None:
        self._advance()
        while True:
            self._skip_blank(newlines=False)
            c = self._peek()
            if c == "}":
                self._advance()
                return
            if c == ",":
                self._advance()
                continue
            if c in ("", "\n"):
                raise ValueError("unclosed inline table")
            line = self._line
            keys = self._read_key()
            self._advance()  # "="
            self._note_key(path, keys, line)
            self._skip_value(path + tuple(keys))


# --------------------------------------------------------------------------- schema

_STR = "str"
_TEXT = "text"
_INT = "int"
_NUM = "number"
_STRLIST = "strlist"
_TABLES = "tables"

_TOP_FIELDS = {
    "id": _STR,
    "version": _INT,
    "title": _TEXT,
    "programme": _TEXT,
    "description": _TEXT,
    "total": _NUM,
    "tie_break": _STRLIST,
    "criteria": _TABLES,
    "sections": _TABLES,
    "vetoes": _TABLES,
    "recommendations": _TABLES,
    "tiers": _TABLES,
}
_SECTION_FIELDS = {"key": _STR, "title": _TEXT, "criteria": _TABLES}
_CRITERION_FIELDS = {
    "key": _STR,
    "title": _TEXT,
    "guidance": _TEXT,
    "max": _NUM,
    "min": _NUM,
    "step": _NUM,
    "weight": _NUM,
    "comment_required": _STRLIST,
    "spread_limit": _NUM,
    "bands": _TABLES,
}
_BAND_FIELDS = {"low": _NUM, "high": _NUM, "label": _TEXT}
_VETO_FIELDS = {"key": _STR, "question": _TEXT}
_CHOICE_FIELDS = {"key": _STR, "title": _TEXT}
_TIER_FIELDS = {"key": _STR, "title": _TEXT, "amount": _NUM, "quota": _INT, "min_score": _NUM}
_TEXT_FIELDS = ("zh", "en")
_COMMENT_POSITIONS = ("top", "bottom")

#: Chinese names of the fields, shown next to the field name the secretary typed.
_FIELD_ZH = {
    "id": "编号",
    "version": "版本号",
    "title": "标题",
    "programme": "所属专项",
    "description": "说明",
    "total": "总分",
    "tie_break": "同分排序依据",
    "criteria": "评分项",
    "sections": "分组",
    "vetoes": "否决项",
    "recommendations": "推荐意见",
    "tiers": "奖励等级",
    "key": "键名",
    "guidance": "评分指引",
    "max": "最高分",
    "min": "最低分",
    "step": "步长",
    "weight": "权重",
    "comment_required": "必填评语",
    "spread_limit": "分歧上限",
    "bands": "分档",
    "low": "下限",
    "high": "上限",
    "label": "名称",
    "question": "问题",
    "amount": "奖励金额",
    "quota": "名额",
    "min_score": "最低总分",
    "zh": "中文",
    "en": "英文",
}


def _field_zh(name: str) -> str:
    zh = _FIELD_ZH.get(name)
    return f"{zh}（{name}）" if zh else name


@dataclass(frozen=True)
class _Where:
    """Which item a message is about, e.g. 评分项“innovation” / criterion 'innovation'."""

    zh: str = ""
    en: str = ""


_TOP = _Where()


@dataclass
class _Fields:
    """The well-typed fields of one table, and the names of those that were present but bad."""

    values: dict[str, Any] = field(default_factory=dict)
    bad: set[str] = field(default_factory=set)

    def ok(self, *names: str) -> bool:
        return not any(name in self.bad for name in names)


@dataclass
class _CriterionInfo:
    path: _Path
    key: str | None
    has_weight: bool
    effective_weight: Decimal | None
    criterion: Criterion | None


def _fmt(value: Decimal) -> str:
    """A number as a secretary would write it: 10, 8.5 (never 1E+1 or 8.50)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _describe_value(value: object) -> tuple[str, str]:
    if isinstance(value, bool):
        return "真假值", "a true/false value"
    if isinstance(value, (int, float)):
        return "数字", "a number"
    if isinstance(value, str):
        return "文本", "text"
    if isinstance(value, list):
        return "列表", "a list"
    if isinstance(value, dict):
        return "表", "a table"
    return "日期时间", "a date/time"


def _header_name(path: _Path, name: str) -> str:
    return ".".join([str(part) for part in path if isinstance(part, str)] + [name])


# --------------------------------------------------------------------------- the reader


class _Reader:
    """Checks one parsed document and builds the Form if nothing is wrong."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._locator: _Locator | None = None
        self.problems: list[FormProblem] = []

    @property
    def locator(self) -> _Locator:
        # Positions are only needed to report problems, so a valid form never pays for the scan.
        if self._locator is None:
            self._locator = _Locator(self.text)
        return self._locator

    # -- reporting --------------------------------------------------------------

    def report(self, path: _Path, field_name: str | None, where: _Where, zh: str, en: str) -> None:
        line = self.locator.line(path, field_name) if (path or field_name) else None
        if where.zh:
            message = _bilingual(f"{where.zh}：{zh}", f"{where.en}: {en}")
        else:
            message = _bilingual(zh, en)
        self.problems.append(FormProblem(line, message))

    def sorted_problems(self) -> list[FormProblem]:
        return sorted(self.problems, key=lambda p: (p.line is not None, p.line or 0))

    # -- fields -------------------------------------------------------------------

    def fields(
        self,
        raw: dict[str, Any],
        path: _Path,
        schema: dict[str, str],
        required: Iterable[str],
        where: _Where,
    ) -> _Fields:
        result = _Fields()
        for name in raw:
            if name not in schema:
                self.unknown_field(path, name, list(schema), where)
                result.bad.add(name)
        for name in required:
            if name not in raw:
                self.report(
                    path,
                    None,
                    where,
                    f"缺少{_field_zh(name)}，此项必填",
                    f"the required field '{name}' is missing",
                )
        for name, kind in schema.items():
            if name not in raw:
                continue
            ok, value = self.convert(raw[name], kind, path, name, where)
            if ok:
                result.values[name] = value
            else:
                result.bad.add(name)
        return result

    def unknown_field(self, path: _Path, name: str, allowed: list[str], where: _Where) -> None:
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if close:
            zh = f"无法识别的字段“{name}”，是否应为“{close[0]}”（{_FIELD_ZH.get(close[0], close[0])}）？"
            en = f"unknown field '{name}' — did you mean '{close[0]}'?"
        else:
            zh = f"无法识别的字段“{name}”（可用字段：{'、'.join(allowed)}）"
            en = f"unknown field '{name}' (allowed: {', '.join(allowed)})"
        self.report(path, name, where, zh, en)

    def wrong_type(self, path: _Path, name: str, where: _Where, value: object, want_zh: str, want_en: str) -> None:
        got_zh, got_en = _describe_value(value)
        self.report(
            path,
            name,
            where,
            f"{_field_zh(name)}应为{want_zh}，而不是{got_zh}",
            f"'{name}' must be {want_en}, not {got_en}",
        )

    def convert(self, value: object, kind: str, path: _Path, name: str, where: _Where) -> tuple[bool, Any]:
        if kind == _STR:
            if isinstance(value, str):
                return True, value
            self.wrong_type(path, name, where, value, "加英文双引号的文本", "text in double quotes")
            return False, None
        if kind == _TEXT:
            return self.convert_text(value, path, name, where)
        if kind == _INT:
            if isinstance(value, int) and not isinstance(value, bool):
                return True, value
            if isinstance(value, float):
                self.report(
                    path,
                    name,
                    where,
                    f"{_field_zh(name)}应为整数，而不是 {value}",
                    f"'{name}' must be a whole number, not {value}",
                )
            else:
                self.wrong_type(path, name, where, value, "整数", "a whole number")
            return False, None
        if kind == _NUM:
            return self.convert_number(value, path, name, where)
        if kind == _STRLIST:
            if not isinstance(value, list):
                self.wrong_type(path, name, where, value, '文本列表（如 ["a", "b"]）', 'a list of texts such as ["a", "b"]')
                return False, None
            if not all(isinstance(item, str) for item in value):
                self.report(
                    path,
                    name,
                    where,
                    f"{_field_zh(name)}中的每一项都应是加英文双引号的文本",
                    f"every item of '{name}' must be text in double quotes",
                )
                return False, None
            return True, tuple(value)
        # _TABLES
        header = _header_name(path, name)
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.wrong_type(path, name, where, value, f"以 [[{header}]] 开头的条目", f"entries each starting with [[{header}]]")
            return False, None
        return True, value

    def convert_text(self, value: object, path: _Path, name: str, where: _Where) -> tuple[bool, Text | None]:
        if isinstance(value, str):
            return True, Text(value, value)
        if not isinstance(value, dict):
            self.wrong_type(
                path,
                name,
                where,
                value,
                '文本，或 { zh = "中文", en = "English" } 形式的中英文对照',
                'text, or { zh = "中文", en = "English" }',
            )
            return False, None
        ok = True
        for lang in value:
            if lang not in _TEXT_FIELDS:
                self.unknown_field(path + (name,), lang, list(_TEXT_FIELDS), where)
                ok = False
        for lang in _TEXT_FIELDS:
            if lang in value and not isinstance(value[lang], str):
                self.wrong_type(path + (name,), lang, where, value[lang], "加英文双引号的文本", "text in double quotes")
                ok = False
        if not any(lang in value for lang in _TEXT_FIELDS):
            self.report(
                path,
                name,
                where,
                f"{_field_zh(name)}至少要填写中文（zh）或英文（en）之一",
                f"'{name}' needs at least 'zh' or 'en'",
            )
            ok = False
        if not ok:
            return False, None
        return True, Text(value.get("zh", ""), value.get("en", ""))

    def convert_number(self, value: object, path: _Path, name: str, where: _Where) -> tuple[bool, Decimal | None]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.wrong_type(path, name, where, value, "数字（不加引号）", "a number (without quotes)")
            return False, None
        if isinstance(value, float) and not math.isfinite(value):
            self.report(path, name, where, f"{_field_zh(name)}不是有效的数字", f"'{name}' is not a valid number")
            return False, None
        number = Decimal(value) if isinstance(value, int) else Decimal(str(value))
        if abs(number) > MAX_MAGNITUDE:
            self.report(
                path,
                name,
                where,
                f"{_field_zh(name)}的数值 {value} 过大",
                f"'{name}' is too large: {value}",
            )
            return False, None
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
            self.report(
                path,
                name,
                where,
                f"{_field_zh(name)}最多保留两位小数，当前为 {value}",
                f"'{name}' may have at most two decimal places, not {value}",
            )
            return False, None
        return True, number

    def required_text(self, fields: _Fields, name: str, path: _Path, where: _Where) -> Text | None:
        text = fields.values.get(name)
        if text is None:
            return None
        if not text.zh.strip() and not text.en.strip():
            self.report(path, name, where, f"{_field_zh(name)}不能为空", f"'{name}' must not be empty")
            return None
        return text

    def item_key(self, fields: _Fields, path: _Path, where: _Where) -> str | None:
        key = fields.values.get("key")
        if key is None:
            return None
        if not _KEY_RE.fullmatch(key):
            self.report(
                path,
                "key",
                where,
                f"键名“{key}”只能由英文字母、数字、连字符“-”和下划线“_”组成，须以字母开头，不超过 64 个字符",
                f"the key '{key}' may contain only letters, digits, '-' and '_', must start with a letter "
                "and be at most 64 characters long",
            )
            return None
        return key

    def check_unique(self, items: list[tuple[str | None, _Path]], kind_zh: str, kind_en: str) -> None:
        seen: dict[str, _Path] = {}
        for key, path in items:
            if key is None:
                continue
            if key in seen:
                first = self.locator.line(seen[key], "key")
                already_zh = f"，第 {first} 行已使用" if first is not None else ""
                already_en = f" (already used on line {first})" if first is not None else ""
                self.report(
                    path,
                    "key",
                    _TOP,
                    f"{kind_zh}键名“{key}”重复{already_zh}",
                    f"duplicate {kind_en} key '{key}'{already_en}",
                )
            else:
                seen[key] = path

    # -- the document -------------------------------------------------------------

    def read(self, data: dict[str, Any]) -> Form | None:
        top = self.fields(data, (), _TOP_FIELDS, ("id", "version", "title"), _TOP)

        form_id = top.values.get("id")
        if form_id is not None and not _ID_RE.fullmatch(form_id):
            self.report(
                (),
                "id",
                _TOP,
                f"编号（id）“{form_id}”只能由小写英文字母、数字、连字符“-”和下划线“_”组成，"
                "须以字母或数字开头，不超过 64 个字符",
                f"the id '{form_id}' may contain only lower-case letters, digits, '-' and '_', must start with "
                "a letter or digit and be at most 64 characters long",
            )
            form_id = None
        version = top.values.get("version")
        if version is not None and version < 1:
            self.report((), "version", _TOP, f"版本号（version）应为不小于 1 的整数，当前为 {version}",
                        f"'version' must be a whole number of at least 1, not {version}")
            version = None
        title = self.required_text(top, "title", (), _TOP)

        infos, sections = self.read_all_criteria(data, top)
        criteria_ok = bool(infos) and all(info.criterion is not None for info in infos)
        scale = self.check_weights(infos, top)

        vetoes = self.read_items(top, "vetoes", _VETO_FIELDS, "question", "否决项", "veto item")
        choices = self.read_items(top, "recommendations", _CHOICE_FIELDS, "title", "推荐意见选项", "recommendation choice")
        tiers = self.read_tiers(top, scale)
        tie_break = self.read_tie_break(top, infos)

        if self.problems or not criteria_ok or form_id is None or version is None or title is None:
            return None
        return Form(
            id=form_id,
            version=version,
            title=title,
            programme=top.values.get("programme", Text("", "")),
            description=top.values.get("description", Text("", "")),
            criteria=tuple(info.criterion for info in infos if info.criterion is not None),
            sections=tuple(sections),
            vetoes=tuple(VetoItem(key, text) for key, text in vetoes),
            recommendations=tuple(Choice(key, text) for key, text in choices),
            tiers=tuple(tiers),
            tie_break=tie_break,
            source=self.text,
        )

    def read_all_criteria(self, data: dict[str, Any], top: _Fields) -> tuple[list[_CriterionInfo], list[Section]]:
        infos: list[_CriterionInfo] = []
        sections: list[Section] = []
        has_top = "criteria" in data
        has_sections = "sections" in data
        if has_top and has_sections:
            self.report(
                ("criteria", 0),
                None,
                _TOP,
                "评分项要么全部写在 [[criteria]] 中，要么全部写在各分组的 [[sections.criteria]] 中，不能混用",
                "put every criterion either under [[criteria]] or under [[sections.criteria]], not both",
            )
        for index, raw in enumerate(top.values.get("criteria", [])):
            infos.append(self.read_criterion(raw, ("criteria", index), len(infos) + 1, ""))

        section_keys: list[tuple[str | None, _Path]] = []
        for s_index, raw in enumerate(top.values.get("sections", [])):
            path: _Path = ("sections", s_index)
            key_hint = raw.get("key") if isinstance(raw.get("key"), str) else None
            where = _Where(f"分组“{key_hint}”", f"section '{key_hint}'") if key_hint else _Where(
                f"第 {s_index + 1} 个分组", f"section no. {s_index + 1}"
            )
            fields = self.fields(raw, path, _SECTION_FIELDS, ("key", "title"), where)
            key = self.item_key(fields, path, where)
            title = self.required_text(fields, "title", path, where)
            section_keys.append((key, path))
            members = fields.values.get("criteria")
            if not members and fields.ok("criteria"):
                self.report(
                    path,
                    None,
                    where,
                    "分组中没有评分项，请在其下添加 [[sections.criteria]]",
                    "the section has no criteria: add [[sections.criteria]] under it",
                )
            own: list[str] = []
            for c_index, c_raw in enumerate(members or []):
                info = self.read_criterion(c_raw, path + ("criteria", c_index), len(infos) + 1, key or "")
                infos.append(info)
                if info.key is not None:
                    own.append(info.key)
            if key is not None and title is not None:
                sections.append(Section(key, title, tuple(own)))
        self.check_unique(section_keys, "分组", "section")
        self.check_unique([(info.key, info.path) for info in infos], "评分项", "criterion")

        if not infos and not has_sections and top.ok("criteria"):
            self.report(
                (),
                None,
                _TOP,
                "评分表中没有任何评分项，请至少添加一个 [[criteria]]",
                "the form has no criteria: add at least one [[criteria]]",
            )
        return infos, sections

    def read_criterion(self, raw: dict[str, Any], path: _Path, number: int, section: str) -> _CriterionInfo:
        key_hint = raw.get("key") if isinstance(raw.get("key"), str) else None
        where = _Where(f"评分项“{key_hint}”", f"criterion '{key_hint}'") if key_hint else _Where(
            f"第 {number} 个评分项", f"criterion no. {number}"
        )
        fields = self.fields(raw, path, _CRITERION_FIELDS, ("key", "title", "max"), where)
        v = fields.values
        before = len(self.problems)

        key = self.item_key(fields, path, where)
        if key is not None and key in RESERVED_CRITERION_KEYS:
            self.report(
                path,
                "key",
                where,
                f"键名“{key}”已被系统占用（离线评分表用它表示评语或推荐意见），请换一个",
                f"the key '{key}' is reserved (offline score sheets use it for comments or recommendations); "
                "choose another",
            )
            key = None
        title = self.required_text(fields, "title", path, where)

        low = v.get("min", Decimal(0))
        high = v.get("max")
        step = v.get("step", Decimal(1))
        range_ok = False
        if high is not None and fields.ok("min", "step"):
            range_ok = self.check_range(low, high, step, path, where)

        weight = v.get("weight")
        if weight is not None and weight <= 0:
            self.report(path, "weight", where, f"权重（weight）必须大于 0，当前为 {_fmt(weight)}",
                        f"'weight' must be greater than 0, not {_fmt(weight)}")
            weight = None

        spread = v.get("spread_limit")
        if spread is not None and (spread <= 0 or (range_ok and high is not None and spread > high - low)):
            limit_zh = f"，且不超过分值范围 {_fmt(high - low)}" if range_ok and high is not None else ""
            limit_en = f" and at most the score range {_fmt(high - low)}" if range_ok and high is not None else ""
            self.report(
                path,
                "spread_limit",
                where,
                f"分歧上限（spread_limit）应大于 0{limit_zh}，当前为 {_fmt(spread)}",
                f"'spread_limit' must be greater than 0{limit_en}, not {_fmt(spread)}",
            )

        comment_required = v.get("comment_required", ())
        for position in comment_required:
            if position not in _COMMENT_POSITIONS:
                self.report(
                    path,
                    "comment_required",
                    where,
                    f'必填评语（comment_required）只能填写 "top"（最高档）或 "bottom"（最低档），不能是“{position}”',
                    f"'comment_required' may only list \"top\" and \"bottom\", not \"{position}\"",
                )
        if len(set(comment_required)) != len(comment_required):
            self.report(path, "comment_required", where, "必填评语（comment_required）中有重复项",
                        "'comment_required' lists the same position twice")
        raw_bands = v.get("bands", [])
        if comment_required and not raw_bands and fields.ok("bands"):
            self.report(
                path,
                "comment_required",
                where,
                "设置了必填评语（comment_required），但没有设置分档（bands），无法判断哪一档是最高档或最低档",
                "'comment_required' needs bands to know which scores are in the top or bottom band",
            )

        bands = self.read_bands(raw_bands, path, key_hint or str(number), low, high, step, range_ok)

        if "weight" in raw:
            effective = weight
        else:
            effective = high if range_ok else None
        info = _CriterionInfo(path, key, "weight" in raw, effective, None)
        if len(self.problems) == before and key is not None and title is not None and high is not None:
            info.criterion = Criterion(
                key=key,
                title=title,
                max=high,
                min=low,
                step=step,
                weight=weight,
                guidance=v.get("guidance", Text("", "")),
                bands=tuple(bands),
                comment_required=tuple(comment_required),
                spread_limit=spread,
                section=section,
            )
        return info

    def check_range(self, low: Decimal, high: Decimal, step: Decimal, path: _Path, where: _Where) -> bool:
        ok = True
        if low < 0:
            self.report(path, "min", where, f"最低分（min）不能为负数，当前为 {_fmt(low)}",
                        f"'min' must not be negative, not {_fmt(low)}")
            ok = False
        if high <= low:
            self.report(
                path,
                "max",
                where,
                f"最高分（max）{_fmt(high)} 必须大于最低分（min）{_fmt(low)}",
                f"'max' ({_fmt(high)}) must be greater than 'min' ({_fmt(low)})",
            )
            ok = False
        if step <= 0:
            self.report(path, "step", where, f"步长（step）必须大于 0，当前为 {_fmt(step)}",
                        f"'step' must be greater than 0, not {_fmt(step)}")
            return False
        if not ok:
            return False
        try:
            on_grid = (high - low) % step == 0
        except InvalidOperation:
            on_grid = False
        if not on_grid:
            self.report(
                path,
                "step" if self.locator.key_line(path + ("step",)) is not None else "max",
                where,
                f"分值范围 {_fmt(low)}–{_fmt(high)} 不是步长 {_fmt(step)} 的整数倍，最高分无法打出",
                f"the range {_fmt(low)}–{_fmt(high)} is not a whole number of steps of {_fmt(step)}, "
                "so the maximum cannot be given",
            )
            return False
        return True

    def read_bands(
        self,
        raws: list[dict[str, Any]],
        crit_path: _Path,
        crit_name: str,
        low: Decimal,
        high: Decimal | None,
        step: Decimal,
        range_ok: bool,
    ) -> list[Band]:
        bands: list[tuple[Band, _Path]] = []
        all_ok = True
        for index, raw in enumerate(raws):
            path = crit_path + ("bands", index)
            where = _Where(f"评分项“{crit_name}”的第 {index + 1} 个分档", f"band {index + 1} of criterion '{crit_name}'")
            fields = self.fields(raw, path, _BAND_FIELDS, ("low", "high", "label"), where)
            before = len(self.problems)
            label = self.required_text(fields, "label", path, where)
            b_low, b_high = fields.values.get("low"), fields.values.get("high")
            if b_low is not None and b_high is not None:
                if b_low > b_high:
                    self.report(
                        path,
                        "low",
                        where,
                        f"下限（low）{_fmt(b_low)} 大于上限（high）{_fmt(b_high)}",
                        f"'low' ({_fmt(b_low)}) is greater than 'high' ({_fmt(b_high)})",
                    )
                elif range_ok and high is not None:
                    if b_low < low or b_high > high:
                        self.report(
                            path,
                            "low" if b_low < low else "high",
                            where,
                            f"分档 {_fmt(b_low)}–{_fmt(b_high)} 超出了该评分项的分值范围 {_fmt(low)}–{_fmt(high)}",
                            f"the band {_fmt(b_low)}–{_fmt(b_high)} lies outside the criterion's range "
                            f"{_fmt(low)}–{_fmt(high)}",
                        )
                    elif _grid_values(low, step, high, b_low, True, b_high, True)[0] == 0:
                        self.report(
                            path,
                            "low",
                            where,
                            f"分档 {_fmt(b_low)}–{_fmt(b_high)} 内没有可以打出的分值（步长为 {_fmt(step)}）",
                            f"no allowed score lies in the band {_fmt(b_low)}–{_fmt(b_high)} (step {_fmt(step)})",
                        )
            if len(self.problems) == before and label is not None and b_low is not None and b_high is not None:
                bands.append((Band(b_low, b_high, label), path))
            else:
                all_ok = False
        if all_ok and bands and range_ok and high is not None:
            self.check_band_layout(bands, crit_path, crit_name, low, high, step)
        return [band for band, _ in bands]

    def check_band_layout(
        self,
        bands: list[tuple[Band, _Path]],
        crit_path: _Path,
        crit_name: str,
        low: Decimal,
        high: Decimal,
        step: Decimal,
    ) -> None:
        ordered = sorted(bands, key=lambda item: (item[0].low, item[0].high))
        reach, reach_band = ordered[0][0].high, ordered[0][0]
        for band, path in ordered[1:]:
            if band.low <= reach:
                where = _Where(f"评分项“{crit_name}”", f"criterion '{crit_name}'")
                self.report(
                    path,
                    None,
                    where,
                    f"分档“{band.label.zh or band.label.en}”（{_fmt(band.low)}–{_fmt(band.high)}）与分档"
                    f"“{reach_band.label.zh or reach_band.label.en}”（{_fmt(reach_band.low)}–{_fmt(reach_band.high)}）重叠",
                    f"the band '{band.label.en or band.label.zh}' ({_fmt(band.low)}–{_fmt(band.high)}) overlaps the band "
                    f"'{reach_band.label.en or reach_band.label.zh}' ({_fmt(reach_band.low)}–{_fmt(reach_band.high)})",
                )
            if band.high > reach:
                reach, reach_band = band.high, band

        # Uncovered scores can only lie in the gaps between the merged bands: enumerate
        # the grid there, which is cheap whatever the range and step.
        gaps: list[tuple[Decimal, bool, Decimal, bool]] = []
        cursor, cursor_inclusive = low, True  # scores from here on are not covered yet
        for band, _ in ordered:
            if band.low > cursor:
                gaps.append((cursor, cursor_inclusive, band.low, False))
            if band.high >= cursor:
                cursor, cursor_inclusive = band.high, False
        gaps.append((cursor, cursor_inclusive, high, True))
        count, listed = 0, []
        for g_low, g_low_inc, g_high, g_high_inc in gaps:
            n, first = _grid_values(low, step, high, g_low, g_low_inc, g_high, g_high_inc)
            count += n
            listed.extend(first[: MAX_LISTED_VALUES - len(listed)])
        if count:
            shown = "、".join(_fmt(x) for x in listed)
            shown_en = ", ".join(_fmt(x) for x in listed)
            if count > len(listed):
                zh = f"有 {count} 个可打分值不属于任何分档（如 {shown}），分档应覆盖全部可打分值"
                en = f"{count} allowed scores (such as {shown_en}) fall in no band; the bands must cover every allowed score"
            else:
                zh = f"分值 {shown} 不属于任何分档，分档应覆盖全部可打分值"
                en = f"the scores {shown_en} fall in no band; the bands must cover every allowed score"
            self.report(crit_path, "bands", _Where(f"评分项“{crit_name}”", f"criterion '{crit_name}'"), zh, en)

    def check_weights(self, infos: list[_CriterionInfo], top: _Fields) -> Decimal | None:
        """Checks weights against each other and the declared total; returns the scale when known."""
        weighted = [info for info in infos if info.has_weight]
        mixed = bool(weighted) and len(weighted) != len(infos)
        if mixed:
            for info in infos:
                if not info.has_weight:
                    name = info.key or f"{infos.index(info) + 1}"
                    self.report(
                        info.path,
                        None,
                        _Where(f"评分项“{name}”", f"criterion '{name}'"),
                        "未设置权重（weight），而其他评分项设置了：要么每个评分项都设权重，要么都不设",
                        "it has no 'weight' while other criteria have one: give every criterion a weight, or none",
                    )
        scale: Decimal | None = None
        if infos and not mixed and all(info.effective_weight is not None for info in infos):
            scale = sum((info.effective_weight for info in infos if info.effective_weight is not None), Decimal(0))
        total = top.values.get("total")
        if total is not None:
            if total <= 0:
                self.report((), "total", _TOP, f"总分（total）必须大于 0，当前为 {_fmt(total)}",
                            f"'total' must be greater than 0, not {_fmt(total)}")
            elif scale is not None and scale != total:
                if weighted:
                    zh, en = f"权重之和为 {_fmt(scale)}，应为 {_fmt(total)}", f"weights add up to {_fmt(scale)}, expected {_fmt(total)}"
                else:
                    zh = f"各评分项最高分之和为 {_fmt(scale)}，应为总分 {_fmt(total)}"
                    en = f"the criteria's maximum scores add up to {_fmt(scale)}, expected {_fmt(total)}"
                self.report((), "total", _TOP, zh, en)
        return scale

    def read_items(
        self,
        top: _Fields,
        name: str,
        schema: dict[str, str],
        text_field: str,
        kind_zh: str,
        kind_en: str,
    ) -> list[tuple[str, Text]]:
        items: list[tuple[str, Text]] = []
        keys: list[tuple[str | None, _Path]] = []
        for index, raw in enumerate(top.values.get(name, [])):
            path: _Path = (name, index)
            where = self.item_where(raw, index, kind_zh, kind_en)
            fields = self.fields(raw, path, schema, ("key", text_field), where)
            key = self.item_key(fields, path, where)
            text = self.required_text(fields, text_field, path, where)
            keys.append((key, path))
            if key is not None and text is not None:
                items.append((key, text))
        self.check_unique(keys, kind_zh, kind_en)
        return items

    @staticmethod
    def item_where(raw: dict[str, Any], index: int, kind_zh: str, kind_en: str) -> _Where:
        key = raw.get("key")
        if isinstance(key, str) and key:
            return _Where(f"{kind_zh}“{key}”", f"{kind_en} '{key}'")
        return _Where(f"第 {index + 1} 个{kind_zh}", f"{kind_en} no. {index + 1}")

    def read_tiers(self, top: _Fields, scale: Decimal | None) -> list[Tier]:
        tiers: list[Tier] = []
        keys: list[tuple[str | None, _Path]] = []
        for index, raw in enumerate(top.values.get("tiers", [])):
            path: _Path = ("tiers", index)
            where = self.item_where(raw, index, "奖励等级", "award tier")
            fields = self.fields(raw, path, _TIER_FIELDS, ("key", "title"), where)
            before = len(self.problems)
            key = self.item_key(fields, path, where)
            title = self.required_text(fields, "title", path, where)
            keys.append((key, path))
            amount = fields.values.get("amount")
            if amount is not None and amount < 0:
                self.report(path, "amount", where, f"奖励金额（amount）不能为负数，当前为 {_fmt(amount)}",
                            f"'amount' must not be negative, not {_fmt(amount)}")
            quota = fields.values.get("quota")
            if quota is not None and quota < 1:
                self.report(path, "quota", where, f"名额（quota）应为不小于 1 的整数，当前为 {quota}",
                            f"'quota' must be a whole number of at least 1, not {quota}")
            min_score = fields.values.get("min_score")
            if min_score is not None and (min_score < 0 or (scale is not None and min_score > scale)):
                top_zh = _fmt(scale) if scale is not None else "满分"
                top_en = _fmt(scale) if scale is not None else "the full score"
                self.report(
                    path,
                    "min_score",
                    where,
                    f"最低总分（min_score）{_fmt(min_score)} 超出了总分范围 0–{top_zh}",
                    f"'min_score' ({_fmt(min_score)}) lies outside the total's range 0–{top_en}",
                )
            if len(self.problems) == before and key is not None and title is not None:
                tiers.append(Tier(key, title, amount, quota, min_score))
        self.check_unique(keys, "奖励等级", "award tier")
        return tiers

    def read_tie_break(self, top: _Fields, infos: list[_CriterionInfo]) -> tuple[str, ...]:
        names: tuple[str, ...] = top.values.get("tie_break", ())
        known = [info.key for info in infos if info.key is not None]
        if len(known) < len(infos):
            # Some criterion has no usable key: its own message says so, and any
            # verdict on tie_break names would be guesswork.
            return names
        for name in names:
            if name not in known:
                self.report(
                    (),
                    "tie_break",
                    _TOP,
                    f"同分排序依据（tie_break）中的“{name}”不是本表的评分项（可用：{'、'.join(known)}）",
                    f"'tie_break' names '{name}', which is not a criterion of this form "
                    f"(criteria: {', '.join(known)})",
                )
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            self.report(
                (),
                "tie_break",
                _TOP,
                f"同分排序依据（tie_break）中“{'、'.join(repeated)}”重复出现",
                f"'tie_break' lists '{', '.join(repeated)}' more than once",
            )
        return names


def _grid_values(
    origin: Decimal,
    step: Decimal,
    top: Decimal,
    low: Decimal,
    low_inclusive: bool,
    high: Decimal,
    high_inclusive: bool,
) -> tuple[int, list[Decimal]]:
    """How many scores ``origin + k*step`` (up to ``top``) lie between ``low`` and ``high``, and the first few."""
    last = int((top - origin) / step)
    start_exact = (low - origin) / step
    end_exact = (high - origin) / step
    if low_inclusive:
        k_low = int(start_exact.to_integral_value(rounding=ROUND_CEILING))
    else:
        k_low = int(start_exact.to_integral_value(rounding=ROUND_FLOOR)) + 1
    if high_inclusive:
        k_high = int(end_exact.to_integral_value(rounding=ROUND_FLOOR))
    else:
        k_high = int(end_exact.to_integral_value(rounding=ROUND_CEILING)) - 1
    k_low, k_high = max(k_low, 0), min(k_high, last)
    if k_high < k_low:
        return 0, []
    first = [origin + k * step for k in range(k_low, min(k_high, k_low + MAX_LISTED_VALUES - 1) + 1)]
    return k_high - k_low + 1, first


# --------------------------------------------------------------------------- syntax errors

_SYNTAX_HINTS = [
    ("Invalid value", "取值的写法不对（文本要加英文双引号，数字和 true/false 不加引号）"),
    ("Expected '=' after a key", "字段名后面缺少等号“=”"),
    ("Cannot overwrite a value", "同一个字段填写了两次，或与前面的内容冲突"),
    ("Cannot declare", "同一个表头重复出现了"),
    ("Cannot mutate immutable namespace", "与前面的内容冲突（同一名称既用作字段又用作表头）"),
    ("Cannot redefine namespace", "与前面的内容冲突（同一名称既用作字段又用作表头）"),
    ("Invalid statement", "无法识别这一行（每行应为“字段 = 值”或 [表头]）"),
    ("Unterminated string", "文本缺少结尾的引号"),
    ("Unclosed array", "列表缺少结尾的方括号“]”"),
    ("Unclosed inline table", "花括号“{ }”没有闭合（花括号内的内容必须写在同一行）"),
    ("Expected ']]' at the end", "表头缺少结尾的“]]”"),
    ("Expected ']' at the end", "表头缺少结尾的“]”"),
    ("Illegal character", "含有不允许出现的字符"),
    ("Found invalid character", "含有不允许出现的字符"),
    ("Invalid initial character for a key", "字段名写法不对（字段名只能用英文字母、数字、下划线和连字符）"),
    ("Duplicate inline table key", "花括号内同一个字段填写了两次"),
    ("Invalid date or datetime", "日期时间的写法不对"),
    ("Unescaped '\\' in a string", "文本中的反斜杠“\\”用法不对（可改用单引号括起文本）"),
    ("Escaped character", "文本中的反斜杠“\\”用法不对（可改用单引号括起文本）"),
    ("Invalid hex value", "文本中的反斜杠“\\”用法不对（可改用单引号括起文本）"),
    ("Expected", "缺少必要的符号"),
]


def _syntax_problem(text: str, exc: tomllib.TOMLDecodeError) -> FormProblem:
    raw = str(exc)
    match = _TOML_POS_RE.search(raw)
    detail = raw[: match.start()] if match else raw
    if match is None:
        line = None
    elif match.group(1) is not None:
        line = int(match.group(1))
    else:
        line = max(1, len(text.splitlines()))
    hint = next((zh for prefix, zh in _SYNTAX_HINTS if detail.startswith(prefix)), "格式不符合 TOML 规范")
    if line is not None:
        lines = text.splitlines()
        source_line = lines[line - 1] if line - 1 < len(lines) else ""
        unquoted = _QUOTED_RE.sub("", source_line)
        if re.search(r",\s*}", unquoted):
            hint = "花括号“{ }”内最后一项的后面不能加逗号"
            detail += "; remove the comma before '}'"
        if any(ch in _FULLWIDTH for ch in unquoted):
            hint += "；这一行在引号之外用了中文标点（如 “ ” ＝ ， ［ ］），请改用英文标点"
            detail += "; this line uses full-width punctuation outside quotes"
    return FormProblem(line, _bilingual(f"TOML 语法错误：{hint}", f"TOML syntax error: {detail}"))


# --------------------------------------------------------------------------- public API


def load_form_text(text: str, origin: str = "<text>") -> Form:
    """Parses and checks a form; raises FormError listing every problem, with file and line.

    ``origin`` names the text in messages (usually the file name). The returned form
    carries ``text`` as its ``source``.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(origin, [_syntax_problem(text, exc)]) from exc
    reader = _Reader(text)
    form = reader.read(data)
    if form is None:
        raise FormError(origin, reader.sorted_problems())
    return form


def load_form_file(path: str | Path) -> Form:
    """Loads a form file; unreadable, oversized or non-UTF-8 files raise FormError too."""
    origin = str(path)
    file_path = Path(path)

    def fail(message_zh: str, message_en: str, line: int | None = None) -> FormError:
        return FormError(origin, [FormProblem(line, _bilingual(message_zh, message_en))])

    try:
        with file_path.open("rb") as handle:
            data = handle.read(MAX_FORM_BYTES + 1)
    except FileNotFoundError:
        raise fail("找不到该文件", "file not found") from None
    except IsADirectoryError:
        raise fail("这是一个文件夹，不是评分表文件", "this is a folder, not a form file") from None
    except PermissionError:
        raise fail("没有读取该文件的权限", "permission denied") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise fail(f"无法读取该文件：{reason}", f"cannot read the file: {reason}") from exc
    if len(data) > MAX_FORM_BYTES:
        raise fail("文件过大（超过 1 MB），不是评分表文件", "the file is larger than 1 MB; it is not a form file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail(
            "文件不是 UTF-8 编码，请在文本编辑器中“另存为”UTF-8 编码后重试",
            "the file is not UTF-8 encoded; save it as UTF-8 and try again",
            line,
        ) from exc
    return load_form_text(text, origin)


def _builtin_dir() -> Traversable:
    return resources.files("forms").joinpath("builtin")


def builtin_form_ids() -> list[str]:
    """The ids of the forms shipped with the application, sorted."""
    return sorted(
        entry.name[: -len(".toml")]
        for entry in _builtin_dir().iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    )


def load_builtin(form_id: str) -> Form:
    """Loads a built-in form by id; an unknown id raises FormError listing the built-in ids."""
    ids = builtin_form_ids()
    if form_id not in ids:
        raise FormError(
            form_id,
            [
                FormProblem(
                    None,
                    _bilingual(
                        f"没有名为“{form_id}”的内置评分表。内置评分表有：{'、'.join(ids)}",
                        f"there is no built-in form '{form_id}'; the built-in forms are: {', '.join(ids)}",
                    ),
                )
            ],
        )
    origin = f"{form_id}.toml"
    text = _builtin_dir().joinpath(origin).read_text(encoding="utf-8")
    form = load_form_text(text, origin)
    if form.id != form_id:
        raise FormError(
            origin,
            [
                FormProblem(
                    None,
                    _bilingual(
                        f"文件名与编号（id）“{form.id}”不一致",
                        f"the file name does not match the id '{form.id}'",
                    ),
                )
            ],
        )
    return form


def resolve_form(id_or_path: str) -> Form:
    """What the command line's ``--form`` means: a TOML file if one is named, else a built-in id."""
    candidate = Path(id_or_path)
    if id_or_path.lower().endswith(".toml") or candidate.is_file():
        return load_form_file(candidate)
    ids = builtin_form_ids()
    if id_or_path in ids:
        return load_builtin(id_or_path)
    raise FormError(
        id_or_path,
        [
            FormProblem(
                None,
                _bilingual(
                    f"“{id_or_path}”既不是内置评分表，也不是存在的文件。内置评分表有：{'、'.join(ids)}",
                    f"'{id_or_path}' is neither a built-in form nor an existing file; "
                    f"the built-in forms are: {', '.join(ids)}",
                ),
            )
        ],
    )
