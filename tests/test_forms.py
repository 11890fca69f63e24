"""Tests for the scoring-form loader: the format, the checks, the messages and the built-in forms.

Every kind of mistake gets its own test that checks the message names the file and
the line where the secretary has to look; expected lines are found by searching the
test text for the offending snippet, independently of the loader's own locator.
"""

from __future__ import annotations

import dataclasses
import pickle
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forms
from forms import (
    Form,
    FormError,
    FormProblem,
    Text,
    builtin_form_ids,
    load_builtin,
    load_form_file,
    load_form_text,
    resolve_form,
)

FORMS_DIR = Path(forms.__file__).resolve().parent

MINIMAL = """\
id = "minimal"
version = 1
title = { zh = "最简评分表", en = "Minimal form" }

[[criteria]]
key = "overall"
title = { zh = "综合评价", en = "Overall" }
max = 10
"""

VALID = """\
id = "test-form"
version = 1
title = { zh = "测试评分表", en = "Test form" }
total = 100
tie_break = ["quality", "impact"]

[[criteria]]
key = "quality"
title = { zh = "质量", en = "Quality" }
max = 10
step = 0.5
weight = 60
comment_required = ["top", "bottom"]
spread_limit = 3

[[criteria.bands]]
low = 8
high = 10
label = { zh = "优", en = "Excellent" }

[[criteria.bands]]
low = 4
high = 7.5
label = { zh = "中", en = "Fair" }

[[criteria.bands]]
low = 0
high = 3.5
label = { zh = "差", en = "Poor" }

[[criteria]]
key = "impact"
title = { zh = "影响", en = "Impact" }
max = 10
weight = 40

[[vetoes]]
key = "fraud"
question = { zh = "申报材料是否弄虚作假？", en = "Are the materials falsified?" }

[[recommendations]]
key = "yes"
title = "推荐"

[[recommendations]]
key = "no"
title = "不推荐"

[[tiers]]
key = "first"
title = { zh = "一等", en = "First" }
amount = 50
quota = 5
min_score = 80
"""

SECTIONED = """\
id = "sectioned"
version = 2
title = "分组评分表"

[[sections]]
key = "tech"
title = { zh = "技术", en = "Technology" }

[[sections.criteria]]
key = "novelty"
title = "创新性"
max = 10

[[sections.criteria]]
key = "maturity"
title = "成熟度"
max = 5

[[sections]]
key = "market"
title = { zh = "市场", en = "Market" }

[[sections.criteria]]
key = "benefit"
title = "效益"
max = 10

[[sections.criteria.bands]]
low = 6
high = 10
label = "高"

[[sections.criteria.bands]]
low = 0
high = 5
label = "低"
"""

INLINE_BANDS = """\
id = "inline"
version = 1
title = "内联分档"

[[criteria]]
key = "score"
title = "得分"
max = 10
step = 0.5
bands = [
  { low = 9, high = 10, label = "甲" },
  { low = 5, high = 9, label = "乙" },
  { low = 0, high = 4.5, label = "丙" },
]
"""

ORIGIN = "ai-demo.toml"


def line_of(text: str, snippet: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line containing ``snippet``."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if snippet in line]
    assert len(hits) >= nth, f"{snippet!r} occurs {len(hits)} times"
    return hits[nth - 1]


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, f"{old!r} not in the base text"
    return text.replace(old, new, count)


def failure(text: str, origin: str = ORIGIN) -> FormError:
    with pytest.raises(FormError) as info:
        load_form_text(text, origin)
    return info.value


def assert_problem(err: FormError, line: int | None, *fragments: str) -> FormProblem:
    """There is a problem on ``line`` containing every fragment, shown as "<file> 第N行: <message>"."""
    matches = [p for p in err.problems if p.line == line and all(f in p.message for f in fragments)]
    assert matches, f"no problem on line {line} with {fragments}; got:\n{err}"
    prefix = f"{err.path} 第{line}行: " if line is not None else f"{err.path}: "
    assert prefix + matches[0].message in str(err).splitlines()
    return matches[0]


# --------------------------------------------------------------------------- loading


def test_minimal_form_loads_and_totals_raw_points() -> None:
    form = load_form_text(MINIMAL)
    assert form.id == "minimal"
    assert form.version == 1
    assert form.title == Text("最简评分表", "Minimal form")
    (criterion,) = form.criteria
    assert criterion.key == "overall"
    assert criterion.max == Decimal(10)
    assert criterion.min == Decimal(0)
    assert criterion.step == Decimal(1)
    assert criterion.weight is None
    assert form.scale == Decimal(10)
    assert form.total({"overall": Decimal(7)}) == Decimal("7.00")
    assert form.source == MINIMAL


def test_full_form_loads_every_part() -> None:
    form = load_form_text(VALID)
    quality = form.criterion("quality")
    assert quality.step == Decimal("0.5")
    assert quality.weight == Decimal(60)
    assert quality.spread_limit == Decimal(3)
    assert quality.comment_required == ("top", "bottom")
    assert [(b.low, b.high, b.label.zh) for b in quality.bands] == [
        (Decimal(8), Decimal(10), "优"),
        (Decimal(4), Decimal("7.5"), "中"),
        (Decimal(0), Decimal("3.5"), "差"),
    ]
    assert quality.needs_comment(Decimal("9.5"))
    assert not quality.needs_comment(Decimal(5))
    assert form.scale == Decimal(100)
    assert form.total({"quality": Decimal("7.5"), "impact": Decimal(5)}) == Decimal("65.00")
    assert form.tie_break == ("quality", "impact")
    assert [v.key for v in form.vetoes] == ["fraud"]
    assert [c.title for c in form.recommendations] == [Text("推荐", "推荐"), Text("不推荐", "不推荐")]
    (tier,) = form.tiers
    assert (tier.amount, tier.quota, tier.min_score) == (Decimal(50), 5, Decimal(80))


def test_sections_keep_their_criteria_in_order() -> None:
    form = load_form_text(SECTIONED)
    assert [c.key for c in form.criteria] == ["novelty", "maturity", "benefit"]
    assert [(s.key, s.criteria) for s in form.sections] == [
        ("tech", ("novelty", "maturity")),
        ("market", ("benefit",)),
    ]
    assert form.criterion("benefit").section == "market"
    assert form.scale == Decimal(25)


def test_floats_become_exact_decimals() -> None:
    form = load_form_text(edit(MINIMAL, "max = 10", "max = 0.3\nstep = 0.1"))
    criterion = form.criteria[0]
    assert criterion.max == Decimal("0.3")
    assert criterion.step == Decimal("0.1")
    assert criterion.allows(Decimal("0.3"))


def test_byte_order_mark_is_accepted() -> None:
    form = load_form_text("\ufeff" + MINIMAL)
    assert form.source == MINIMAL


def test_format_documentation_examples_load() -> None:
    doc = (FORMS_DIR / "FORMAT.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", doc, flags=re.S)
    assert len(blocks) == 3
    assert load_form_text(blocks[0]).id == "minimal"
    header = 'id = "doc"\nversion = 1\ntitle = "文档示例"\n\n'
    rest = '\n[[criteria]]\nkey = "rest"\ntitle = "其余"\nmax = 10\nweight = 80\n\n'
    form = load_form_text(header + blocks[1] + rest + blocks[2])
    assert form.criterion("innovation").bands[0].label.zh == "国际领先"
    assert form.tiers[0].amount == Decimal(100)


# --------------------------------------------------------------------------- content hash


def test_content_hash_is_stable_across_loads() -> None:
    first = load_form_text(VALID)
    second = load_form_text(VALID)
    assert first.content_hash == second.content_hash
    assert load_form_text(first.source).content_hash == first.content_hash
    for form_id in builtin_form_ids():
        assert load_builtin(form_id).content_hash == load_builtin(form_id).content_hash


def test_content_hash_ignores_comments_and_layout() -> None:
    reformatted = "# 注释 / a comment\n" + VALID.replace("max = 10\nstep = 0.5", "max = 10.0   # 满分\nstep = 0.50")
    assert load_form_text(reformatted).content_hash == load_form_text(VALID).content_hash


def test_content_hash_changes_when_a_weight_changes() -> None:
    changed = edit(edit(VALID, "weight = 60", "weight = 70"), "weight = 40", "weight = 30")
    assert load_form_text(changed).content_hash != load_form_text(VALID).content_hash


# --------------------------------------------------------------------------- built-in forms

EXPECTED_TIERS = {
    "ai-integration": [Decimal(100), Decimal(50), Decimal(30)],
    "ai-demo": [Decimal(50)],
    "ai-leader": [Decimal(300), Decimal(100), Decimal(50)],
    "ai-product": [Decimal(100), Decimal(50), Decimal(30)],
}
EXPECTED_BANDS = [
    (Decimal(9), Decimal(10), "国际领先"),
    (Decimal(7), Decimal("8.5"), "国内领先"),
    (Decimal(5), Decimal("6.5"), "省内先进"),
    (Decimal(3), Decimal("4.5"), "一般"),
    (Decimal(0), Decimal("2.5"), "较差"),
]


def _texts(obj: object) -> list[Text]:
    if isinstance(obj, Text):
        return [obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [t for f in dataclasses.fields(obj) for t in _texts(getattr(obj, f.name))]
    if isinstance(obj, tuple):
        return [t for item in obj for t in _texts(item)]
    return []


def test_builtin_ids() -> None:
    assert builtin_form_ids() == sorted(EXPECTED_TIERS)


@pytest.mark.parametrize("form_id", sorted(EXPECTED_TIERS))
def test_builtin_form_is_complete(form_id: str) -> None:
    form = load_builtin(form_id)
    assert form.id == form_id
    assert form.source == (FORMS_DIR / "builtin" / f"{form_id}.toml").read_text(encoding="utf-8")
    weights = [c.weight for c in form.criteria]
    assert None not in weights
    assert sum(w for w in weights if w is not None) == Decimal(100)
    assert form.scale == Decimal(100)
    assert len(form.criteria) >= 5
    for criterion in form.criteria:
        assert (criterion.min, criterion.max, criterion.step) == (Decimal(0), Decimal(10), Decimal("0.5"))
        assert [(b.low, b.high, b.label.zh) for b in criterion.bands] == EXPECTED_BANDS
        assert criterion.comment_required == ("top", "bottom")
        assert criterion.spread_limit is not None and Decimal(0) < criterion.spread_limit <= Decimal(10)
        assert criterion.guidance.zh and criterion.guidance.en
        assert criterion.section in {s.key for s in form.sections}
    assert {"falsification", "ip_dispute", "data_compliance", "major_accident"} <= {v.key for v in form.vetoes}
    assert [c.title.zh for c in form.recommendations] == ["推荐", "有条件推荐", "不推荐"]
    assert [t.amount for t in form.tiers] == EXPECTED_TIERS[form_id]
    for tier in form.tiers:
        assert tier.quota is not None and tier.quota >= 1
        assert tier.min_score is not None and Decimal(0) < tier.min_score <= form.scale
    assert form.tie_break and set(form.tie_break) <= {c.key for c in form.criteria}
    for text in _texts(form):
        assert text.zh.strip() and text.en.strip(), text
        assert text.zh != text.en, text


def test_demo_tier_and_product_amounts_follow_the_plan() -> None:
    demo = load_builtin("ai-demo")
    (tier,) = demo.tiers
    assert (tier.title.zh, tier.quota) == ("示范项目", 40)
    product = load_builtin("ai-product")
    assert "奖励金额取自该项规定" in product.description.zh
    assert "taken from that item of the plan" in product.description.en


def test_load_builtin_unknown_id_lists_the_builtins() -> None:
    with pytest.raises(FormError) as info:
        load_builtin("ai-unknown")
    message = str(info.value)
    assert message.startswith("ai-unknown: ")
    for form_id in builtin_form_ids():
        assert form_id in message


# --------------------------------------------------------------------------- resolve_form and files


def test_resolve_form_by_builtin_id() -> None:
    assert resolve_form("ai-leader") == load_builtin("ai-leader")


def test_resolve_form_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert resolve_form(str(path)).id == "minimal"
    plain = tmp_path / "form-without-extension"
    plain.write_text(MINIMAL, encoding="utf-8")
    assert resolve_form(str(plain)).id == "minimal"


def test_resolve_form_missing_toml_path(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.toml"
    with pytest.raises(FormError) as info:
        resolve_form(str(missing))
    assert str(info.value) == f"{missing}: 找不到该文件 (file not found)"


def test_resolve_form_unknown_id_names_the_builtins() -> None:
    with pytest.raises(FormError) as info:
        resolve_form("ai-demos")
    assert info.value.path == "ai-demos"
    (problem,) = info.value.problems
    assert problem.line is None
    assert "既不是内置评分表，也不是存在的文件" in problem.message
    assert "ai-demo、ai-integration、ai-leader、ai-product" in problem.message


def test_load_form_file_reports_problems_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(edit(MINIMAL, "max = 10", 'max = "10"'), encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_form_file(path)
    assert info.value.path == str(path)
    assert_problem(info.value, 8, "最高分（max）应为数字")


def test_load_form_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(edit(MINIMAL, "Overall", "总体").encode("gbk"))
    with pytest.raises(FormError) as info:
        load_form_file(path)
    assert_problem(info.value, 3, "不是 UTF-8 编码", "save it as UTF-8")


def test_load_form_file_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    form = load_form_file(path)
    assert form.content_hash == load_form_text(MINIMAL).content_hash


def test_load_form_file_folder_and_oversized(tmp_path: Path) -> None:
    with pytest.raises(FormError) as info:
        load_form_file(tmp_path)
    assert "不是评分表文件" in str(info.value)
    big = tmp_path / "big.toml"
    big.write_text(MINIMAL + "#" * 1_100_000, encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_form_file(big)
    assert "文件过大" in str(info.value)


def test_form_error_survives_pickling() -> None:
    err = failure(edit(MINIMAL, "max = 10", "max = 0"))
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.path, copy.problems, str(copy)) == (err.path, err.problems, str(err))


# --------------------------------------------------------------------------- one test per kind of mistake


def test_error_syntax() -> None:
    text = edit(VALID, "max = 10\nweight = 40", "max 10\nweight = 40")
    err = failure(text)
    assert len(err.problems) == 1
    assert_problem(err, line_of(text, "max 10"), "TOML 语法错误", "缺少等号")


def test_error_syntax_fullwidth_punctuation() -> None:
    text = edit(VALID, 'key = "impact"', "key ＝ “impact”")
    err = failure(text)
    assert_problem(err, line_of(text, "key ＝"), "中文标点")


def test_error_syntax_trailing_comma_in_braces() -> None:
    text = edit(MINIMAL, 'en = "Overall" }', 'en = "Overall", }')
    err = failure(text)
    assert_problem(err, line_of(text, '"Overall", }'), "最后一项的后面不能加逗号")


def test_error_syntax_at_end_of_document() -> None:
    text = MINIMAL + 'tie_break = ["overall"\n'
    err = failure(text)
    assert_problem(err, line_of(text, "tie_break"), "列表缺少结尾的方括号")


def test_error_duplicate_field() -> None:
    text = edit(VALID, "weight = 40", "weight = 40\nweight = 45")
    err = failure(text)
    assert_problem(err, line_of(text, "weight = 45"), "同一个字段填写了两次")


def test_error_missing_required_criterion_field() -> None:
    text = edit(VALID, "max = 10\nweight = 40", "weight = 40")
    err = failure(text)
    assert_problem(err, line_of(text, "[[criteria]]", 2), "评分项“impact”", "缺少最高分（max），此项必填", "'max'")


def test_error_missing_required_top_field() -> None:
    err = failure(edit(MINIMAL, 'title = { zh = "最简评分表", en = "Minimal form" }\n', ""))
    assert_problem(err, None, "缺少标题（title），此项必填", "the required field 'title' is missing")
    assert str(err).startswith(f"{ORIGIN}: ")


def test_error_wrong_type_number_as_text() -> None:
    text = edit(VALID, "max = 10\nweight = 40", 'max = "10"\nweight = 40')
    err = failure(text)
    assert_problem(err, line_of(text, 'max = "10"'), "最高分（max）应为数字（不加引号），而不是文本", "must be a number")


def test_error_wrong_type_text_and_bool_and_whole_number() -> None:
    text = edit(edit(edit(VALID, 'title = "推荐"', "title = 5"), "weight = 40", "weight = true"), "quota = 5", "quota = 5.0")
    err = failure(text)
    assert_problem(err, line_of(text, "title = 5"), "标题（title）应为文本", "not a number")
    assert_problem(err, line_of(text, "weight = true"), "权重（weight）应为数字", "not a true/false value")
    assert_problem(err, line_of(text, "quota = 5.0"), "名额（quota）应为整数", "whole number")


def test_error_wrong_type_list_of_tables() -> None:
    text = 'id = "x"\nversion = 1\ntitle = "x"\ncriteria = 5\n'
    err = failure(text)
    assert_problem(err, 4, "以 [[criteria]] 开头的条目")


def test_error_unknown_field_with_suggestion() -> None:
    text = edit(VALID, "weight = 40", "wieght = 40")
    err = failure(text)
    problem = assert_problem(err, line_of(text, "wieght"), "无法识别的字段“wieght”", "是否应为“weight”（权重）")
    assert "did you mean 'weight'?" in problem.message


def test_error_unknown_field_in_text_and_at_top() -> None:
    text = edit(edit(VALID, 'en = "Impact"', 'fr = "Impact"'), "total = 100", "total = 100\nsponsor = 1")
    err = failure(text)
    assert_problem(err, line_of(text, 'fr = "Impact"'), "无法识别的字段“fr”", "zh、en")
    assert_problem(err, line_of(text, "sponsor"), "无法识别的字段“sponsor”", "unknown field 'sponsor'")


def test_error_id_format() -> None:
    text = edit(VALID, 'id = "test-form"', 'id = "Test Form"')
    err = failure(text)
    assert_problem(err, 1, "编号（id）“Test Form”只能由小写英文字母", "the id 'Test Form'")


def test_error_version_below_one() -> None:
    err = failure(edit(VALID, "version = 1", "version = 0"))
    assert_problem(err, 2, "版本号（version）应为不小于 1 的整数")


def test_error_key_format_and_reserved_key() -> None:
    text = edit(edit(VALID, 'key = "impact"', 'key = "影响 力"'), 'key = "fraud"', 'key = "1fraud"')
    err = failure(text)
    assert_problem(err, line_of(text, "影响 力"), "键名“影响 力”只能由英文字母")
    assert_problem(err, line_of(text, "1fraud"), "键名“1fraud”")
    text = edit(VALID, 'key = "impact"', 'key = "comment"')
    err = failure(text)
    assert_problem(err, line_of(text, 'key = "comment"'), "已被系统占用", "reserved")


@pytest.mark.parametrize(
    ("base", "old", "new", "kind"),
    [
        (VALID, 'key = "impact"', 'key = "quality"', "评分项键名“quality”重复"),
        (SECTIONED, 'key = "benefit"', 'key = "novelty"', "评分项键名“novelty”重复"),
        (SECTIONED, 'key = "market"', 'key = "tech"', "分组键名“tech”重复"),
        (VALID, 'key = "no"', 'key = "yes"', "推荐意见选项键名“yes”重复"),
        (VALID + '\n[[vetoes]]\nkey = "fraud"\nquestion = "又一项"\n', "", "", "否决项键名“fraud”重复"),
        (VALID + '\n[[tiers]]\nkey = "first"\ntitle = "二等"\n', "", "", "奖励等级键名“first”重复"),
    ],
)
def test_error_duplicate_keys(base: str, old: str, new: str, kind: str) -> None:
    text = edit(base, old, new) if old else base
    err = failure(text)
    key = re.search(r"“(.+?)”", kind)
    assert key is not None
    snippet = f'key = "{key.group(1)}"'
    problem = assert_problem(err, line_of(text, snippet, 2), kind)
    assert f"第 {line_of(text, snippet, 1)} 行已使用" in problem.message


def test_error_max_not_above_min() -> None:
    text = edit(VALID, "max = 10\nweight = 40", "min = 10\nmax = 10\nweight = 40")
    err = failure(text)
    assert_problem(err, line_of(text, "max = 10", 2), "最高分（max）10 必须大于最低分（min）10")


def test_error_negative_min() -> None:
    text = edit(VALID, "max = 10\nweight = 40", "min = -2\nmax = 10\nweight = 40")
    err = failure(text)
    assert_problem(err, line_of(text, "min = -2"), "最低分（min）不能为负数")


def test_error_step_not_positive() -> None:
    text = edit(VALID, "step = 0.5", "step = 0")
    err = failure(text)
    assert_problem(err, line_of(text, "step = 0"), "步长（step）必须大于 0")


def test_error_range_not_multiple_of_step() -> None:
    text = edit(VALID, "step = 0.5", "step = 3")
    err = failure(text)
    assert_problem(err, line_of(text, "step = 3"), "分值范围 0–10 不是步长 3 的整数倍")
    text = edit(VALID, "max = 10\nweight = 40", "max = 9.5\nweight = 40")
    err = failure(text)
    assert_problem(err, line_of(text, "max = 9.5"), "不是步长 1 的整数倍")


def test_error_too_many_decimals() -> None:
    text = edit(VALID, "step = 0.5", "step = 0.125")
    err = failure(text)
    assert_problem(err, line_of(text, "step = 0.125"), "最多保留两位小数")


def test_error_weight_not_positive() -> None:
    text = edit(VALID, "weight = 40", "weight = 0")
    err = failure(text)
    assert_problem(err, line_of(text, "weight = 0"), "权重（weight）必须大于 0")


def test_error_mixed_weighted_and_unweighted() -> None:
    text = edit(VALID, "max = 10\nweight = 40", "max = 10")
    err = failure(text)
    assert_problem(err, line_of(text, "[[criteria]]", 2), "评分项“impact”", "未设置权重", "give every criterion a weight, or none")


def test_error_weights_do_not_add_up() -> None:
    text = edit(VALID, "weight = 40", "weight = 35")
    err = failure(text)
    problem = assert_problem(err, line_of(text, "total = 100"), "权重之和为 95，应为 100")
    assert problem.message == "权重之和为 95，应为 100 (weights add up to 95, expected 100)"
    assert f"{ORIGIN} 第4行: 权重之和为 95，应为 100 (weights add up to 95, expected 100)" in str(err).splitlines()


def test_error_maximum_scores_do_not_add_up_to_declared_total() -> None:
    text = edit(MINIMAL, "version = 1", "version = 1\ntotal = 20")
    err = failure(text)
    assert_problem(err, line_of(text, "total = 20"), "各评分项最高分之和为 10，应为总分 20")


def test_error_band_outside_range() -> None:
    text = edit(VALID, "high = 10", "high = 11")
    err = failure(text)
    assert_problem(err, line_of(text, "high = 11"), "评分项“quality”的第 1 个分档", "超出了该评分项的分值范围 0–10")


def test_error_band_low_above_high() -> None:
    text = edit(VALID, "low = 4\nhigh = 7.5", "low = 7.5\nhigh = 4")
    err = failure(text)
    assert_problem(err, line_of(text, "low = 7.5"), "下限（low）7.5 大于上限（high）4")


def test_error_band_without_allowed_score() -> None:
    text = VALID.replace(
        "[[criteria]]\nkey = \"impact\"",
        '[[criteria.bands]]\nlow = 3.6\nhigh = 3.9\nlabel = "空"\n\n[[criteria]]\nkey = "impact"',
    )
    err = failure(text)
    assert_problem(err, line_of(text, "low = 3.6"), "内没有可以打出的分值")


def test_error_overlapping_bands() -> None:
    text = edit(VALID, "high = 3.5", "high = 4")
    err = failure(text)
    assert_problem(err, line_of(text, "[[criteria.bands]]", 2), "分档“中”（4–7.5）与分档“差”（0–4）重叠", "overlaps")


def test_error_bands_leave_scores_uncovered() -> None:
    text = edit(VALID, "low = 4\n", "low = 5\n")
    err = failure(text)
    assert_problem(err, line_of(text, "[[criteria.bands]]", 1), "分值 4、4.5 不属于任何分档", "the scores 4, 4.5")
    many = edit(INLINE_BANDS, '  { low = 0, high = 4.5, label = "丙" },\n', "")
    many = edit(many, "low = 5", "low = 6")
    err = failure(many)
    problem = assert_problem(err, line_of(many, "bands = ["), "有 12 个可打分值不属于任何分档", "0、0.5、1、1.5、2")
    assert "12 allowed scores" in problem.message


def test_error_comment_required_without_bands() -> None:
    text = edit(VALID, "weight = 40", 'weight = 40\ncomment_required = ["top"]')
    err = failure(text)
    assert_problem(err, line_of(text, 'comment_required = ["top"]'), "没有设置分档（bands）")


def test_error_comment_required_bad_value() -> None:
    text = edit(VALID, '["top", "bottom"]', '["top", "middle"]')
    err = failure(text)
    assert_problem(err, line_of(text, "middle"), '只能填写 "top"（最高档）或 "bottom"（最低档），不能是“middle”')


def test_error_spread_limit_out_of_range() -> None:
    text = edit(VALID, "spread_limit = 3", "spread_limit = 11")
    err = failure(text)
    assert_problem(err, line_of(text, "spread_limit = 11"), "分歧上限（spread_limit）应大于 0，且不超过分值范围 10，当前为 11")
    text = edit(VALID, "spread_limit = 3", "spread_limit = 0")
    err = failure(text)
    assert_problem(err, line_of(text, "spread_limit = 0"), "分歧上限（spread_limit）应大于 0，且不超过分值范围 10，当前为 0")


def test_error_tie_break_unknown_criterion() -> None:
    text = edit(VALID, '["quality", "impact"]', '["quality", "impakt"]')
    err = failure(text)
    assert_problem(err, line_of(text, "tie_break"), "“impakt”不是本表的评分项", "quality、impact")


def test_error_tier_amount_negative() -> None:
    text = edit(VALID, "amount = 50", "amount = -5")
    err = failure(text)
    assert_problem(err, line_of(text, "amount = -5"), "奖励等级“first”", "奖励金额（amount）不能为负数")


def test_error_tier_quota_below_one() -> None:
    text = edit(VALID, "quota = 5", "quota = 0")
    err = failure(text)
    assert_problem(err, line_of(text, "quota = 0"), "名额（quota）应为不小于 1 的整数")


def test_error_tier_min_score_outside_scale() -> None:
    text = edit(VALID, "min_score = 80", "min_score = 100.5")
    err = failure(text)
    assert_problem(err, line_of(text, "min_score"), "最低总分（min_score）100.5 超出了总分范围 0–100")
    text = edit(VALID, "min_score = 80", "min_score = -1")
    err = failure(text)
    assert_problem(err, line_of(text, "min_score"), "超出了总分范围 0–100")


def test_error_no_criteria() -> None:
    err = failure('id = "empty"\nversion = 1\ntitle = "空表"\n')
    assert_problem(err, None, "评分表中没有任何评分项", "the form has no criteria")
    err = failure('id = "empty"\nversion = 1\ntitle = "空表"\ncriteria = []\n')
    assert_problem(err, None, "评分表中没有任何评分项")


def test_error_empty_section_and_mixed_layout() -> None:
    text = SECTIONED + '\n[[sections]]\nkey = "spare"\ntitle = "备用"\n'
    err = failure(text)
    assert_problem(err, line_of(text, "[[sections]]", 3), "分组“spare”", "分组中没有评分项")
    text = 'id = "mixed"\nversion = 1\ntitle = "混用"\n\n[[criteria]]\nkey = "a"\ntitle = "A"\nmax = 5\n\n' + SECTIONED.split(
        'title = "分组评分表"\n', 1
    )[1]
    err = failure(text)
    assert_problem(err, line_of(text, "[[criteria]]"), "不能混用")


def test_error_lines_in_second_section_band() -> None:
    text = edit(SECTIONED, "low = 0\nhigh = 5", "low = 0\nhigh = 12")
    err = failure(text)
    assert_problem(err, line_of(text, "high = 12"), "评分项“benefit”的第 2 个分档", "超出了该评分项的分值范围 0–10")


def test_error_lines_in_inline_bands() -> None:
    err = failure(INLINE_BANDS)
    assert_problem(err, line_of(INLINE_BANDS, "甲"), "分档“甲”（9–10）与分档“乙”（5–9）重叠")


def test_every_problem_is_collected_and_sorted() -> None:
    text = edit(edit(edit(VALID, "version = 1", "version = 0"), "quota = 5", "quota = 0"), "weight = 40", "wieght = 40")
    err = failure(text)
    lines = [p.line for p in err.problems]
    assert line_of(text, "version = 0") in lines
    assert line_of(text, "quota = 0") in lines
    assert line_of(text, "wieght") in lines
    assert lines == sorted(lines, key=lambda n: n or 0)
    rendered = str(err).splitlines()
    assert len(rendered) == len(err.problems)
    assert all(line.startswith(f"{ORIGIN} 第") for line in rendered)


# --------------------------------------------------------------------------- totals stay within the scale


@st.composite
def generated_form(draw: st.DrawFn) -> tuple[Form, dict[str, Decimal]]:
    """A random valid form written as TOML, and a random valid score for each criterion."""
    weighted = draw(st.booleans())
    lines = ['id = "generated"', "version = 1", 'title = "生成的评分表"']
    values: dict[str, Decimal] = {}
    for index in range(draw(st.integers(1, 6))):
        step = Decimal(draw(st.sampled_from(["0.1", "0.25", "0.5", "1", "2", "5"])))
        low = Decimal(draw(st.sampled_from(["0", "0.5", "1", "3"])))
        steps = draw(st.integers(1, 40))
        high = low + steps * step
        key = f"c{index}"
        lines += ["", "[[criteria]]", f'key = "{key}"', f'title = "项目{index}"']
        lines += [f"min = {low}", f"max = {high}", f"step = {step}"]
        if weighted:
            weight = draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(60), places=2))
            lines.append(f"weight = {weight:f}")
        values[key] = low + draw(st.integers(0, steps)) * step
    return load_form_text("\n".join(lines) + "\n"), values


@settings(database=None, deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(generated_form())
def test_total_of_valid_values_lies_within_scale(case: tuple[Form, dict[str, Decimal]]) -> None:
    form, values = case
    for key, value in values.items():
        assert form.criterion(key).allows(value)
    total = form.total(values)
    assert Decimal(0) <= total <= form.scale
    assert form.total({c.key: c.max for c in form.criteria}) == form.scale


@st.composite
def builtin_scores(draw: st.DrawFn) -> tuple[Form, dict[str, Decimal]]:
    form = load_builtin(draw(st.sampled_from(builtin_form_ids())))
    values = {c.key: c.min + draw(st.integers(0, int((c.max - c.min) / c.step))) * c.step for c in form.criteria}
    return form, values


@settings(database=None, deadline=None, max_examples=80)
@given(builtin_scores())
def test_builtin_totals_lie_within_scale(case: tuple[Form, dict[str, Decimal]]) -> None:
    form, values = case
    assert Decimal(0) <= form.total(values) <= form.scale == Decimal(100)
