"""Rules of real-world phrasing (issue 15), one table per kind, on sentences written for the test.

Each table lists short sentences of our own (other places, numbers and wordings than any real
report) with what the extractor must read (docs/FIGURES.md and the shared spec: units ``index``,
``USD`` and ``per_person``, rank phrasings and rank moves, scope in comparisons, tables written
as text, page furniture). A case the extractor gets wrong today is marked
``xfail(strict=True, reason="issue 15: <kind>")``: it flips to a failure (an XPASS) as soon as
the rule is implemented, and the mark is then removed. Unmarked cases pass today and guard
against regressions.
"""

from __future__ import annotations

import math
import re

import pytest

from solieu import extract

PROVINCE_TITLE = "Bến Tre: Kết quả chuyển đổi số\n"  # a report about one province


def case(kind: str, text: str, number: str, *, fails: bool = False, nth: int = 0, **expect):
    """One row of a table: ``number`` (its ``nth`` occurrence as a whole token) in ``text``
    must be one figure with the ``expect``ed fields. ``fails``: wrong today (issue 15)."""
    marks = [pytest.mark.xfail(strict=True, reason=f"issue 15: {kind}")] if fails else []
    short = text.replace("\n", " / ")
    return pytest.param(text, number, nth, expect, marks=marks, id=f"{number}@{short[:60]}")


def _start_of(text: str, number: str, nth: int) -> int:
    hits = [
        m.start() for m in re.finditer(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,/]\d)", text)
    ]
    assert len(hits) > nth, f"{number!r} is not in the test sentence"
    return hits[nth]


def check_figure(text: str, number: str, nth: int, expect: dict) -> None:
    figs = extract(text)
    start = _start_of(text, number, nth)
    hit = figs[(figs["start"] == start) & (figs["number"] == number)]
    seen = figs[["number", "start", "unit"]].to_dict("records")
    assert len(hit) == 1, f"{number!r}@{start} is not read as one figure; figures: {seen}"
    row = hit.iloc[0]
    for key, want in expect.items():
        if key == "value":
            assert row["value"] == pytest.approx(want), (key, row["value"])
        elif key == "den":
            got = row["denominator"]
            if want is None:
                assert got is None or math.isnan(got), (key, got)
            else:
                assert got == pytest.approx(want), (key, got)
        elif key in ("is_target", "is_change"):
            assert bool(row[key]) is want, (key, row[key])
        else:
            assert row[key] == want, (key, row[key])


# ---------------------------------------------------------------------------------------------
# Ranks in all their phrasings (unit rank; the denominator where N/M is written)
# ---------------------------------------------------------------------------------------------
K = "rank phrasing"
RANK_PHRASINGS = [
    case(K, "Năm 2023, tỉnh Hà Giang xếp thứ 33/63 về chỉ số DTI.", "33/63", unit="rank", den=63),
    case(K, "Lào Cai xếp hạng 17/63 tỉnh, thành phố.", "17/63", unit="rank", den=63),
    case(K, "Về chỉ số hạ tầng số, Sơn La đứng thứ 21 cả nước.", "21", unit="rank", value=21),
    case(K, "Tuyên Quang giữ vị trí thứ 15 trong bảng xếp hạng.", "15", unit="rank"),
    case(K, "Chỉ số kinh tế số của Hòa Bình ở vị trí thứ 40.", "40", unit="rank"),
    case(K, "Long An xếp hạng thứ 11 về kinh tế số.", "11", unit="rank"),
    case(K, "Đồng Tháp xếp vị trí thứ 12/63 cả nước.", "12/63", unit="rank", den=63),
    case(K, "Kiên Giang vươn lên hạng 8 toàn quốc.", "8", unit="rank"),
    case(K, "Cao Bằng đứng ở vị trí 58 trong bảng xếp hạng.", "58", unit="rank"),
    case(K, "Thứ hạng DTI của Bạc Liêu năm nay là 45.", "45", unit="rank"),
    case(K, "Quảng Bình lọt top 20 địa phương dẫn đầu.", "20", unit="rank"),
    case(K, "Năm nay Vĩnh Long vào Top 10 cả nước về DTI.", "10", unit="rank"),
    case(K, "Hưng Yên và Hải Dương lần lượt xếp thứ 9 và 13.", "9", unit="rank"),
    case(K, "Hưng Yên và Hải Dương lần lượt xếp thứ 9 và 13.", "13", unit="rank"),
    case(K, "Tỉnh đứng thứ 2 về chính quyền số và thứ 7 về xã hội số.", "7", unit="rank"),
    case(K, "Thái Nguyên chiếm vị trí thứ 6 về chỉ số nhân lực số.", "6", unit="rank"),
    case(K, "Quảng Nam giữ nguyên vị trí thứ 31 như năm trước.", "31", unit="rank"),
    case(K, "Bắc Giang là địa phương thứ 3 cả nước hoàn thành số hóa hộ tịch.", "3",
         unit="rank", value=3),
    case(K, "Nghệ An là tỉnh thứ 5 trong cả nước kết nối nền tảng định danh.", "5", unit="rank"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number", "nth", "expect"), RANK_PHRASINGS)
def test_rank_phrasings(text, number, nth, expect):
    check_figure(text, number, nth, expect)


# ---------------------------------------------------------------------------------------------
# Moves within a ranking: rank, is_change 1, +N for a climb and -N for a fall
# ---------------------------------------------------------------------------------------------
K = "rank move"
RANK_MOVES = [
    case(K, "Lai Châu tăng 11 bậc so với năm trước.", "11", unit="rank", value=11,
         is_change=True),
    case(K, "Điện Biên tăng 4 hạng về chỉ số DTI.", "4", unit="rank", value=4, is_change=True),
    case(K, "Chỉ số của Hà Nam giảm 3 bậc.", "3", unit="rank", value=-3, is_change=True),
    case(K, "Bắc Kạn tụt 6 hạng trong bảng xếp hạng.", "6", unit="rank", value=-6,
         is_change=True),
    case(K, "Ninh Thuận thăng 5 bậc so với năm 2022.", "5", unit="rank", value=5,
         is_change=True),
    case(K, "Gia Lai vươn lên 9 bậc trong năm nay.", "9", unit="rank", value=9, is_change=True),
    case(K, "Thứ hạng của Bình Thuận tăng thêm 2 bậc.", "2", unit="rank", value=2,
         is_change=True),
    case(K, "Đắk Nông lùi 7 bậc so với năm 2022.", "7", unit="rank", value=-7, is_change=True),
    # the move and the place in one sentence: the place stays a level
    case(K, "Ninh Thuận thăng 5 bậc, lên vị trí thứ 27.", "27", unit="rank", value=27,
         is_change=False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number", "nth", "expect"), RANK_MOVES)
def test_rank_moves(text, number, nth, expect):
    check_figure(text, number, nth, expect)


# ---------------------------------------------------------------------------------------------
# Scores on a scale (index), their changes, grades a/b; "điểm" as a place stays a count
# ---------------------------------------------------------------------------------------------
K = "index score"
INDEX_SCORES = [
    case(K, "Chỉ số DTI của Lâm Đồng đạt 0,6284 điểm.", "0,6284", unit="index", value=0.6284),
    case(K, "Giá trị DTI của tỉnh năm 2023 là 0,5917.", "0,5917", unit="index"),
    case(K, "Chỉ số EGDI của Việt Nam đạt 0,8012, thuộc nhóm rất cao.", "0,8012",
         unit="index"),
    case(K, "Chỉ số DTI tăng 0,0613 điểm so với năm trước.", "0,0613", unit="index",
         is_change=True),
    case(K, "Kết quả tự chấm điểm của xã đạt 3,8/5.", "3,8/5", unit="index", value=3.8, den=5),
    case(K, "Chỉ số PAPI của tỉnh đạt 43,27/80 điểm.", "43,27/80", unit="index", den=80),
    case(K, "Chỉ số PCI đạt 68,9 điểm, giảm 1,2 điểm.", "68,9", unit="index"),
    case(K, "Chỉ số PCI đạt 68,9 điểm, giảm 1,2 điểm.", "1,2", unit="index", value=-1.2,
         is_change=True),
    case(K, "Chỉ số SIPAS của tỉnh đạt 84,5%.", "84,5", unit="percent"),
    case(K, "Chỉ số PAR INDEX tăng 2,3 điểm phần trăm.", "2,3", unit="percent", is_change=True),
    case(K, "Tỉnh có 230 điểm phát Wi-Fi miễn phí.", "230", unit="count"),
    case(K, "Hội nghị kết nối tới 56 điểm cầu.", "56", unit="count"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number", "nth", "expect"), INDEX_SCORES)
def test_index_scores(text, number, nth, expect):
    check_figure(text, number, nth, expect)


# ---------------------------------------------------------------------------------------------
# Money in US dollars; rates per person
# ---------------------------------------------------------------------------------------------
K = "USD/per_person"
USD_PER_PERSON = [
    case(K, "Doanh thu đạt 1,6 tỷ USD.", "1,6 tỷ", unit="USD", value=1.6e9),
    case(K, "Kim ngạch đạt 420 triệu đô la Mỹ.", "420 triệu", unit="USD", value=420e6),
    case(K, "Tổng giá trị đạt 5,4 tỷ đôla.", "5,4 tỷ", unit="USD"),
    case(K, "Xuất khẩu phần mềm đạt 85 triệu Đô la.", "85 triệu", unit="USD"),
    case(K, "Dự án có tổng vốn 2 tỷ đô cho hạ tầng số.", "2 tỷ", unit="USD", value=2e9),
    case(K, "Bình quân 7,8 giao dịch/người mỗi năm.", "7,8", unit="per_person"),
    case(K, "Mỗi người dân có bình quân 2,1 ứng dụng ngân hàng.", "2,1", unit="per_person"),
    case(K, "Đạt 1,42 thuê bao băng rộng trên mỗi người dân.", "1,42", unit="per_person"),
    case(K, "Có 1,2 triệu người dân sử dụng ví điện tử.", "1,2 triệu", unit="count"),
    case(K, "Có 2,4 doanh nghiệp công nghệ số trên 1.000 dân.", "2,4", unit="per_1000_people"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number", "nth", "expect"), USD_PER_PERSON)
def test_usd_and_per_person(text, number, nth, expect):
    check_figure(text, number, nth, expect)


# ---------------------------------------------------------------------------------------------
# Scope in comparisons: each figure belongs to the place it is paired with
# ---------------------------------------------------------------------------------------------
K = "comparison scope"
T = PROVINCE_TITLE
COMPARISONS = [
    case(K, T + "Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 38,2%, cao hơn bình quân cả nước là 33,5%.",
         "38,2", scope="Bến Tre"),
    case(K, T + "Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 38,2%, cao hơn bình quân cả nước là 33,5%.",
         "33,5", scope="VN"),
    case(K, T + "Trong vùng, tỷ lệ này của Long An là 61,4%, Tiền Giang 55,8%.", "61,4",
         scope="Long An"),
    case(K, T + "Trong vùng, tỷ lệ này của Long An là 61,4%, Tiền Giang 55,8%.", "55,8",
         scope="Tiền Giang"),
    case(K, T + "Đồng Nai và Bình Dương lần lượt xếp thứ 4 và 6.", "4", scope="Đồng Nai"),
    case(K, T + "Đồng Nai và Bình Dương lần lượt xếp thứ 4 và 6.", "6", scope="Bình Dương"),
    case(K, T + "Tỷ lệ người có tài khoản thanh toán: Bến Tre 44,1%, cả nước 48,3%.", "44,1",
         scope="Bến Tre"),
    case(K, T + "Tỷ lệ người có tài khoản thanh toán: Bến Tre 44,1%, cả nước 48,3%.", "48,3",
         scope="VN"),
    case(K, T + "Vĩnh Long đạt 40,2% và Trà Vinh đạt 35,1%. Về thanh toán số, tỉnh đạt 37,5%.",
         "37,5", scope="Bến Tre"),
    case(K, T + "Về thanh toán trực tuyến, tỉnh đạt 29,3%, trong khi cả nước đạt 31,8%.",
         "31,8", scope="VN"),
    case(K, T + "Cả nước có 76,5 triệu tài khoản thanh toán.", "76,5 triệu", scope="VN"),
    case(K, T + "Tỉnh đứng thứ 6 cả nước về chỉ số hạ tầng số.", "6", scope="Bến Tre"),
    case(K, T + "Chỉ số DTI dẫn đầu là Quảng Ninh (0,7012), Bắc Ninh (0,6958) và Huế (0,6801).",
         "0,6958", scope="Bắc Ninh", unit="index"),
    case(K, "Tỷ lệ hồ sơ trực tuyến của Hà Nội đạt 62%, Đà Nẵng 71%.", "71", scope="Đà Nẵng"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number", "nth", "expect"), COMPARISONS)
def test_scope_in_comparisons(text, number, nth, expect):
    check_figure(text, number, nth, expect)


# ---------------------------------------------------------------------------------------------
# Goal or result: results in sentences that also speak of plans; goals in plan lists
# ---------------------------------------------------------------------------------------------
K = "goal-vs-result"
PLAN_LIST = "Mục tiêu năm 2025:\n- 95% hồ sơ được số hóa;\n- 60% người dân dùng chữ ký số.\n"
GOALS = [
    case(K, "Kế hoạch giao 30.000 tài khoản; thực tế cấp được 31.250 tài khoản.", "30.000",
         is_target=True),
    case(K, "Kế hoạch giao 30.000 tài khoản; thực tế cấp được 31.250 tài khoản.", "31.250",
         is_target=False),
    case(K, "Theo kế hoạch, tỷ lệ số hóa phải đạt 70%; kết quả đạt 74,2%.", "70",
         is_target=True),
    case(K, "Theo kế hoạch, tỷ lệ số hóa phải đạt 70%; kết quả đạt 74,2%.", "74,2",
         is_target=False),
    case(K, "Tỷ lệ này mới đạt 31,6% so với yêu cầu 45%.", "31,6", is_target=False),
    case(K, "Tỷ lệ này mới đạt 31,6% so với yêu cầu 45%.", "45", is_target=True),
    case(K, "Một số chỉ tiêu chưa đạt kế hoạch như tỷ lệ thanh toán trực tuyến chỉ đạt 22,5%.",
         "22,5", is_target=False),
    case(K, "So với mục tiêu đề ra, tỷ lệ hộ có cáp quang đạt 81,3%.", "81,3", is_target=False),
    case(K, "Tỷ lệ hồ sơ trực tuyến của Cần Thơ là 52,3%.", "52,3", is_target=False),
    case(K, PLAN_LIST, "95", is_target=True),
    case(K, PLAN_LIST, "60", is_target=True),
    case(K, "Các chỉ tiêu cụ thể:\n+ Tỷ lệ hồ sơ trực tuyến đạt 80%.\n", "80", is_target=True),
    case(K, PLAN_LIST + "Năm 2023, tỉnh đã đạt 72%.", "72", is_target=False),
    case(K, "Năm 2023, tỉnh đạt và vượt 12/15 chỉ tiêu.", "12/15", is_target=False),
    case(K, "Năm 2023, tỉnh đạt và vượt 12/15 chỉ tiêu.", "12/15", qualifier="="),
    case(K, "Tỉnh phấn đấu đến năm 2025 đạt 90% hồ sơ trực tuyến.", "90", is_target=True),
    case(K, "Đến nay, tỉnh đã đạt 88% hồ sơ trực tuyến.", "88", is_target=False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number", "nth", "expect"), GOALS)
def test_goal_or_result(text, number, nth, expect):
    check_figure(text, number, nth, expect)


# ---------------------------------------------------------------------------------------------
# Tables written as text: the column (Kế hoạch / Chỉ tiêu / Mục tiêu / Yêu cầu vs Thực hiện /
# Kết quả / Đạt) decides goal or result; the row's first cell names what is measured, its
# "(%)" gives the unit
# ---------------------------------------------------------------------------------------------
K = "table as text"
PIPES = "Chỉ tiêu | Kế hoạch | Thực hiện\nTỷ lệ hồ sơ trực tuyến (%) | 60 | 63,4\n"
TABS = "Nội dung\tMục tiêu\tKết quả\nSố hộ dùng cáp quang\t120.000\t118.640\n"
REQ = "Chỉ số | Yêu cầu | Đạt\nTỷ lệ văn bản ký số (%) | 100 | 97,1\n"
SWAPPED = "Chỉ tiêu | Thực hiện | Kế hoạch\nTỷ lệ thanh toán số (%) | 52,7 | 50\n"
SIGNED = "Chỉ tiêu | Chỉ tiêu năm 2024 | Kết quả\nTỷ lệ thanh toán trực tuyến | 40% | 43,5%\n"
TABLES = [
    case(K, PIPES, "60", is_target=True, unit="percent"),
    case(K, PIPES, "63,4", is_target=False, unit="percent"),
    case(K, TABS, "120.000", is_target=True, unit="count"),
    case(K, TABS, "118.640", is_target=False, unit="count"),
    case(K, REQ, "100", is_target=True, unit="percent"),
    case(K, REQ, "97,1", is_target=False, unit="percent"),
    case(K, SWAPPED, "52,7", is_target=False, unit="percent"),
    case(K, SWAPPED, "50", is_target=True, unit="percent"),
    case(K, SIGNED, "40", is_target=True, unit="percent"),
    case(K, SIGNED, "43,5", is_target=False, unit="percent"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number", "nth", "expect"), TABLES)
def test_tables_written_as_text(text, number, nth, expect):
    check_figure(text, number, nth, expect)


# ---------------------------------------------------------------------------------------------
# Non-figures: page furniture, article codes, hotlines, numbers inside names, years in odd
# positions (reason None: any skip reason will do)
# ---------------------------------------------------------------------------------------------
K = "non-figure"


def nonfig(text: str, token: str, reason: str | None, *, fails: bool = False):
    marks = [pytest.mark.xfail(strict=True, reason=f"issue 15: {K}")] if fails else []
    short = text.replace("\n", " / ")
    return pytest.param(text, token, reason, marks=marks, id=f"{token}@{short[:60]}")


NON_FIGURES = [
    nonfig("Mã bài viết: 0539176\nTỉnh có 120 xã.", "0539176", "artefact"),
    nonfig("Trang 3/7\nTỷ lệ hồ sơ trực tuyến tăng.", "3/7", "artefact"),
    nonfig("Lượt xem: 1.935\nTỉnh có 120 xã.", "1.935", "artefact"),
    nonfig("Đường dây nóng: 0269 3824 552", "0269 3824 552", "artefact"),
    nonfig("Tổng đài 1900 9068 hỗ trợ người dân.", "1900 9068", "artefact"),
    nonfig("Bình luận (0)\nTỉnh có 120 xã.", "0", "artefact"),
    nonfig("Hệ thống tổng đài hỗ trợ 24/7 cho người dân.", "24/7", None),
    nonfig("Trường THCS số 3 Bảo Lộc thu học phí qua ngân hàng.", "3", "label_or_ordinal"),
    nonfig("Tổ 12 phường Tân Lập có nhiều hộ dùng ví điện tử.", "12", "label_or_ordinal"),
    nonfig("STT | Chỉ tiêu | Kế hoạch | Thực hiện\n1 | Số hồ sơ | 500 | 572\n", "1",
           "label_or_ordinal"),
    nonfig("Bảng xếp hạng 2024 ghi nhận nhiều tiến bộ.", "2024", "year_or_period"),
    nonfig("Kết quả DTI 2023 xếp tỉnh ở vị trí thứ 9.", "2023", "year_or_period"),
    nonfig("Khu phố 5, phường An Lạc triển khai mô hình.", "5", "label_or_ordinal"),
    nonfig("Báo cáo PAPI 2023 cho thấy nhiều cải thiện.", "2023", "year_or_period"),
    nonfig("Theo Chỉ thị 05-CT/TU của Tỉnh ủy.", "05-CT/TU", "document_or_programme"),
    nonfig("Ảnh minh họa -0\nẢnh minh họa -0\nTỉnh có 120 xã.", "-0", "artefact"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "token", "reason"), NON_FIGURES)
def test_non_figures(text, token, reason):
    figs, skipped = extract(text, skipped=True)
    start = text.index(token)
    end = start + len(token)
    over = figs[(figs["start"] < end) & (figs["end"] > start)]
    assert over.empty, f"read as figures: {over[['number', 'unit']].to_dict('records')}"
    hit = skipped[(skipped["start"] < end) & (skipped["end"] > start)]
    assert len(hit), f"{token!r} is in neither table"
    if reason is not None:
        assert set(hit["reason"]) == {reason}, list(hit["reason"])
