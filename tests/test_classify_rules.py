"""Each skip rule of classify.py, by name: a sentence where that rule decides (my own sentences;
the number in brackets is the token tested)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from solieu.classify import RULES, SKIP_REASONS, deciding_rule
from solieu.tokens import tokens

CASES = [
    # (rule, sentence with the token in [brackets], reason)
    ("furniture", "Lượt đọc: [2.417]\nTỉnh có 85 xã.", "artefact"),
    ("code", "Mã tài liệu [0073512] được lưu trữ.", "artefact"),
    ("percent_after", "Tỷ lệ hồ sơ đạt [45]% trong quý.", None),
    ("row_number", "TT | Nội dung | Kết quả\n[3] | Số xã có wifi | 48\n", "label_or_ordinal"),
    ("institution_number", "Bệnh viện Đa khoa số [4] thu phí không tiền mặt.", "label_or_ordinal"),
    ("document", "Theo Quyết định số [318] của UBND tỉnh.", "document_or_programme"),
    ("ordinal", "Đây là lần thứ [3] hội nghị được tổ chức.", "label_or_ordinal"),
    ("unranked", "Nội dung thứ [2] được thông qua.", "label_or_ordinal"),
    ("month", "Trong tháng [7] vừa qua, tỉnh đã triển khai.", "date"),
    ("day", "Sáng ngày [14], đoàn công tác làm việc.", "date"),
    ("quarter", "Kết quả quý [3] cho thấy nhiều tiến bộ.", "year_or_period"),
    ("law_year", "Luật Dữ liệu cá nhân năm [2025] có hiệu lực.", "document_or_programme"),
    ("year", "Trong năm [2024], tỉnh cấp mới hồ sơ.", "year_or_period"),
    ("age", "Người từ [14] tuổi trở lên được cấp thẻ.", "age"),
    ("clock", "Hội nghị bắt đầu lúc [8] giờ sáng.", "time"),
    ("clock_minutes", "Phiên họp kết thúc lúc 11 giờ [45] phút.", "time"),
    ("period_after", "Sau [5] năm thực hiện, kết quả rõ rệt.", "year_or_period"),
    ("digits_label", "Mỗi hộ có mã định danh [12] số riêng.", "label_or_ordinal"),
    ("label_before", "Dịch vụ công trực tuyến mức độ [4] được mở rộng.", "label_or_ordinal"),
    ("version", "Cuộc cách mạng công nghiệp [4.0] mở ra cơ hội.", "label_or_ordinal"),
    (
        "fraction_document",
        "Thực hiện Nghị quyết số [57/2024] của Bộ Chính trị.",
        "document_or_programme",
    ),
    ("furniture_fraction", "Trang [2/9]\nSố hộ dùng cáp quang tăng.", "artefact"),
    ("fixed", "Hệ thống hỗ trợ trực [24/7] cho doanh nghiệp.", "label_or_ordinal"),
    ("month_year", "Từ tháng [6/2024], hệ thống vận hành.", "date"),
    ("day_month", "Hội nghị diễn ra ngày [20/11] tại Hà Tĩnh.", "date"),
    ("", "Tỉnh có [1.250] doanh nghiệp số.", None),  # no rule: a figure
    ("", "Đã hoàn thành [21/25] chỉ tiêu.", None),
]


def _token(sentence: str):
    s = sentence.index("[")
    text = sentence.replace("[", "").replace("]", "")
    e = sentence.index("]") - 1
    tok = next(m for m in tokens(text) if m.start() <= s < m.end())
    assert (tok.start(), tok.end()) == (s, e), tok.group()
    return text, tok


@pytest.mark.parametrize(
    ("rule", "sentence", "reason"), CASES, ids=[c[0] or "figure" for c in CASES]
)
def test_rule_decides(rule, sentence, reason):
    text, tok = _token(sentence)
    assert tok.lastgroup == "num"
    assert deciding_rule(text, "num", tok.start(), tok.end()) == rule
    got = (
        next(r.reason for r in (*RULES.number, *RULES.fraction) if r.name == rule) if rule else None
    )
    assert got == reason


def test_every_rule_is_tested_and_every_reason_known():
    names = [r.name for r in (*RULES.number, *RULES.fraction)]
    assert len(names) == len(set(names))
    assert set(names) == {c[0] for c in CASES if c[0]}
    assert {r.reason for r in (*RULES.number, *RULES.fraction)} - {None} <= set(SKIP_REASONS)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [("Hạ tầng [5G] phủ sóng.", "alnum"), ("Văn bản [12/QĐ-UBND] ban hành.", "docno")],
)
def test_kind_alone_decides(sentence, kind):
    text, tok = _token(sentence)
    assert tok.lastgroup == kind
    assert deciding_rule(text, kind, tok.start(), tok.end()) == f"kind:{kind}"


def test_rules_tried_by_word_agree_with_the_whole_table(seed_texts):
    # a token is tried only against the rules its word before (Rule.needs) and its shape
    # (Rule.shape) allow: the answer is the one the whole table, tried in order, gives
    from collections import Counter
    from dataclasses import replace

    from solieu.classify import classify
    from solieu.text import normalise_spaces

    whole = replace(
        RULES,
        number=tuple(r._replace(needs=None, shape=0) for r in RULES.number),
        fraction=tuple(r._replace(needs=None, shape=0) for r in RULES.fraction),
    )
    assert whole.by_word == {}
    texts = [normalise_spaces(t) for t in seed_texts.values()]
    cases = [c[1].replace("[", "").replace("]", "") for c in CASES]
    texts += [" ".join(cases), "\n".join(cases)]  # (one line, and a line each: Rule.shape)
    # and every sentence with a digit that the extraction rule tests write
    src = (Path(__file__).parent / "test_extract_rules.py").read_text(encoding="utf-8")
    texts.append("\n".join(re.findall(r'"([^"\n]*\d[^"\n]*)"', src)))
    n = 0
    for text in texts:
        for m in tokens(text):
            args = (text, m.lastgroup, m.start(), m.end(), Counter())
            assert classify(*args) == classify(*args, whole), m.group()
            n += 1
    assert n > 400
