"""auditor.values.people: the shared test of IND002 and NLP006 for a name that says whose
satisfaction (the sample's line 853: 工作人员 under 满意度指标 / 服务对象满意度)."""

from __future__ import annotations

from auditor.engine.checks.common import norm
from auditor.engine.loader import load_specs
from auditor.values.people import ends_with_people, names_people_under_satisfaction


def _row(seed_doc, line: int):
    return next(i for f in seed_doc.forms for i in f.indicators if i.line == line)


def test_people_name_under_satisfaction_on_the_sample(seed_doc):
    words = load_specs()["NLP006"].params["people_words"]
    headings = load_specs()["NLP006"].params["people_headings"]
    people = _row(seed_doc, 853)
    assert (people.level1, people.level2, people.level3) == ("满意度指标", "服务对象满意度", "工作人员")
    assert names_people_under_satisfaction(norm(people.level3), people.level1 + people.level2, words, headings)
    # the same name under an output heading is a bare name, not a group whose satisfaction is meant
    assert not names_people_under_satisfaction("工作人员", "产出指标数量指标", words, headings)
    # a name that says 满意 measures satisfaction itself
    assert not names_people_under_satisfaction("大楼工作人员满意度", "满意度指标服务对象满意度", words, headings)
    assert ends_with_people("大楼工作人员", words) and not ends_with_people("物业管理面积", words)


def test_ind002_and_nlp006_read_the_same_word_list():
    specs = load_specs()
    assert specs["NLP006"].params["people_words"] == specs["IND002"].params["people_words"]
    assert "vague_rule" not in specs["NLP006"].params  # NLP006 no longer reads IND002's parameters
