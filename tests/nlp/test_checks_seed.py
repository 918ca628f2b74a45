"""NLP rules on the bundled sample: the known cases are found, clean forms are left alone."""

from __future__ import annotations

from nlp_helpers import named, of_form

from auditor.model import Document, Finding


def test_goal_of_water_project_in_furniture_form(seed_doc: Document, seed_nlp: list[Finding]) -> None:
    furniture = named(seed_doc, "办公家具及办公用品的配置项目")
    hits = of_form(seed_nlp, furniture, "NLP005")
    assert len(hits) == 1
    hit = hits[0]
    assert hit.category == "irrelevant_content" and hit.value == "确保水的正常保障"
    assert hit.line == 811  # the 总体目标 row, checked in the sample
    water = named(seed_doc, "各大楼水费项目")
    assert hit.partners == [water.form_id] and "各大楼水费项目" in hit.message
    # the water forms own that goal: not irrelevant there
    for name in ("各大楼水费项目", "机关办公大楼水费项目"):
        assert not of_form(seed_nlp, named(seed_doc, name), "NLP005")


def test_copied_goal_of_sibling_building_project(seed_doc: Document, seed_nlp: list[Finding]) -> None:
    # 三农大楼外立面… carries the goal “完成关于修缮三农大楼院墙围栏及新建档案室…”
    target = named(seed_doc, "三农大楼外立面及地下车库棚顶改造项目")
    source = named(seed_doc, "修缮三农大楼院墙围栏及新建档案室项目")
    (hit,) = of_form(seed_nlp, target, "NLP005")
    assert hit.partners == [source.form_id]
    assert not of_form(seed_nlp, source, "NLP005")


def test_office_fund_forms_share_indicator_set(seed_doc: Document, seed_nlp: list[Finding]) -> None:
    first, second = named(seed_doc, "办公经费项目", 0), named(seed_doc, "办公经费项目", 1)
    (a,) = of_form(seed_nlp, first, "NLP004")
    (b,) = of_form(seed_nlp, second, "NLP004")
    assert a.partners == [second.form_id] and b.partners == [first.form_id]
    assert a.category == "duplicate_indicator_set" and "80%" in a.message  # 8 of 10 names shared


def test_cloned_texts_name_the_cluster(seed_doc: Document, seed_nlp: list[Finding]) -> None:
    first = named(seed_doc, "2019年至2021年期间工程、采购货物等相关款项的项目")
    second = named(seed_doc, "2019年至2021年期间工程、采购货物等相关欠款项目")
    (hit,) = of_form(seed_nlp, first, "NLP001")
    assert second.form_id in hit.partners
    assert "项目概况" in hit.message and "项目设立必要性" in hit.message
    assert hit.line == first.field_lines["overview"]


def test_fields_repeated_inside_one_form(seed_doc: Document, seed_nlp: list[Finding]) -> None:
    furniture = named(seed_doc, "办公家具及办公用品的配置项目")
    hits = of_form(seed_nlp, furniture, "NLP002")
    assert any("项目概况、项目设立必要性" in h.message and h.value == "保障日常工作" for h in hits)


def test_generic_shared_goal(seed_doc: Document, seed_nlp: list[Finding]) -> None:
    # “年内完成” is the whole goal of two unrelated projects
    for name in ("办公设备购置项目", "吕梁市乡村旅游重点村建设项目"):
        (hit,) = of_form(seed_nlp, named(seed_doc, name), "NLP003")
        assert hit.category == "generic_goal" and hit.value == "年内完成"
    # a specific goal shared by the two forms of one project is not generic
    assert not of_form(seed_nlp, named(seed_doc, "电梯维修及保养项目"), "NLP003")


def test_misfiled_indicators(seed_doc: Document, seed_nlp: list[Finding]) -> None:
    hits = [f for f in seed_nlp if f.rule == "NLP006"]
    got = {(f.form_id, f.level2, f.level3) for f in hits}
    # 应急大楼改造项目 files satisfaction rows under 社会效益 (line 5222) and 可持续影响 (line 5224):
    # with the NLP rules alone the model reports them; with the lexical rule IND004 on, IND004 reports
    # them and (IND004 supersedes NLP006) the model's finding on the same row is dropped
    emergency = named(seed_doc, "应急大楼改造项目")
    assert {f.line for f in hits if f.form_id == emergency.form_id} >= {5222, 5224}
    from auditor.engine import Options, run

    both = run([seed_doc], Options(select=["IND004", "NLP006"], no_config=True)).by_form[emergency.form_id]
    assert {(f.rule, f.level2, f.level3, f.line) for f in both if f.line in (5222, 5224)} == {
        ("IND004", "社会效益", "满意度", 5222), ("IND004", "可持续影响", "人员满意度", 5224)}
    # rows whose names do not say 满意度 are still the model's: 服务保障 under 时效, etc.
    # a cost filed under 数量指标 (大楼维修及耗材, line 1041) and a rate filed under 成本指标 (line 5117)
    assert (named(seed_doc, "大楼维修及耗材").form_id, "数量指标", "人工费用") in got
    assert (named(seed_doc, "修缮三农大楼院墙围栏及新建档案室项目").form_id, "成本指标", "党务工作完成及时率") in got
    # well-filed rows are never reported
    assert not any(level3 in ("服务对象满意度", "安全事故发生次数") for _, _, level3 in got)
    assert all(f.category == "misfiled_indicator" and f.line for f in hits)


def test_every_finding_is_complete(seed_nlp: list[Finding]) -> None:
    assert seed_nlp
    for f in seed_nlp:
        assert f.form_id and f.line and f.message and f.suggestion
        assert f.severity == "warning"
        assert "{" not in f.message and "{" not in (f.suggestion or "")


def test_clean_form_has_no_relevance_or_classifier_findings(seed_doc: Document, seed_nlp: list[Finding]) -> None:
    for name in ("春节慰问品采购项目", "公务接待费项目", "外出学习考察费用"):
        form = named(seed_doc, name)
        assert not [f for f in of_form(seed_nlp, form) if f.rule in ("NLP004", "NLP005", "NLP006")]
