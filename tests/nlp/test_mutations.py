"""Forms altered on purpose: each alteration is caught; the untouched originals are not."""

from __future__ import annotations

from nlp_helpers import named, nlp_findings, of_form

from auditor.model import Document, Finding


def _rel(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.form_id, f.value or "") for f in findings if f.rule == "NLP005"}


def test_swapped_goals_are_caught(seed_copy: Document, seed_nlp: list[Finding]) -> None:
    study = named(seed_copy, "外出学习考察费用")
    stairs = named(seed_copy, "卫生大楼室外钢梯防腐工程")
    study.goals, stairs.goals = stairs.goals, study.goals
    new = _rel(nlp_findings(seed_copy, "NLP005")) - _rel(seed_nlp)
    assert (study.form_id, "钢梯防腐处理") in new
    assert (stairs.form_id, "结算外出学习考察费用") in new
    assert {form_id for form_id, _ in new} == {study.form_id, stairs.form_id}


def test_pasted_indicator_block_is_caught(seed_copy: Document, seed_nlp: list[Finding]) -> None:
    import copy

    elevator = named(seed_copy, "孝义市机关事务服务中心电梯年检费项目")
    plants = named(seed_copy, "市民服务中心花卉和养护项目")
    plants.indicators = copy.deepcopy(elevator.indicators)
    found = nlp_findings(seed_copy)
    (hit,) = of_form(found, plants, "NLP005")
    assert hit.partners == [elevator.form_id] and "绩效指标" in hit.message
    assert not of_form(found, elevator, "NLP005")  # the source keeps its own indicators
    assert {f.form_id for f in found if f.rule == "NLP005"} - {plants.form_id} == {
        f.form_id for f in seed_nlp if f.rule == "NLP005"
    }
    assert elevator.form_id in of_form(found, plants, "NLP004")[0].partners


def test_cloned_form_with_new_name_is_caught(seed_copy: Document, seed_nlp: list[Finding]) -> None:
    import copy

    original = named(seed_copy, "春节慰问品采购项目")
    clone = copy.deepcopy(original)
    clone.form_id = f"{seed_copy.name}#999"
    clone.project_name = "中秋节慰问品采购项目"
    seed_copy.forms.append(clone)
    found = nlp_findings(seed_copy)
    (texts,) = of_form(found, clone, "NLP001")
    assert original.form_id in texts.partners and "项目概况" in texts.message
    (indicators,) = of_form(found, clone, "NLP004")
    assert indicators.partners == [original.form_id]
    assert not of_form(found, clone, "NLP005")  # same subject: a clone, not foreign content
    before = {(f.rule, f.form_id) for f in seed_nlp}
    after = {(f.rule, f.form_id) for f in found}
    new = after - before
    assert {("NLP001", clone.form_id), ("NLP004", clone.form_id), ("NLP004", original.form_id)} <= new
    assert {form_id for _, form_id in new} == {clone.form_id, original.form_id}
