"""Normalisation, encoding detection and content sniffing on seed text."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.ingest.encoding import decode_bytes
from auditor.ingest.normalize import normalize_cell, normalize_line, normalize_text
from auditor.ingest.sniff import sniff_bytes, sniff_file

DATA = Path(__file__).parent / "data"


def test_full_width_ascii_and_spaces_become_ascii():
    assert normalize_line("项目资金（元）\u3000实施期：２００，０００") == "项目资金(元) 实施期:200,000"
    assert normalize_line("ＡＢＣ\xa0ｘｙｚ") == "ABC xyz"


def test_tabs_and_value_symbols_are_kept():
    row = "\t\t时效指标\t维修改造时间\t≤30天\t时效指标\t\t≥95%、“好”。"
    assert normalize_line(row) == row


def test_invisible_characters_and_newlines():
    assert normalize_text("a\r\nb\rc\ufeffd\u200b") == "a\nb\ncd"


def test_wrapped_cell_text_is_joined():
    assert normalize_cell("保证项目实施的制度\n、措施") == "保证项目实施的制度、措施"
    assert normalize_cell("GB 50016\n2014 标准") == "GB 50016 2014 标准"
    assert normalize_cell("a\tb") == "a b"


def test_seed_text_is_unchanged_by_normalisation_except_width(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    out = normalize_text(text)
    assert out.count("\t") == text.count("\t")
    assert out.count("\n") == text.count("\n")
    assert "（项目绩效目标表公开情况见附件）" in text and "(项目绩效目标表公开情况见附件)" in out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_decode_seed_in_each_encoding(encoding, seed_path):
    text = seed_path.read_text(encoding="utf-8")[:30000]
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text


def test_gbk_form_excerpt_is_detected(seed_doc, seed_path):
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    form = seed_doc.forms[3]
    excerpt = "\n".join(lines[form.source.line_start - 1 : form.source.line_end])
    decoded = decode_bytes(excerpt.encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert "2023年在人才活动费用项目" in decoded.text


def test_random_bytes_are_refused():
    with pytest.raises(InputError, match="二进制"):
        decode_bytes(bytes(range(1, 32)) * 200)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("replicas.pdf", "pdf"), ("replicas.xlsx", "xlsx"), ("replicas.json", "text")],
)
def test_sniff_committed_files(name, kind):
    assert sniff_file(DATA / name) == kind


def test_sniff_ignores_the_suffix(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes((DATA / "replicas.pdf").read_bytes())
    assert sniff_file(path) == "pdf"
    assert sniff_bytes(b"") == "empty"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_mostly_chinese(encoding):
    text = "孝义市机关事务服务中心项目支出绩效目标表，产出指标 数量指标"  # one ASCII space only
    assert decode_bytes(text.encode(encoding)).encoding == encoding


def test_big5_goes_to_charset_normalizer():
    text = "項目支出績效目標表\n項目名稱\t辦公經費項目\n產出指標\t數量指標\t會議次數\t不少於4次\n" * 20
    decoded = decode_bytes(text.encode("big5"))
    assert decoded.encoding == "big5"
    assert decoded.text.startswith("項目支出績效目標表")
