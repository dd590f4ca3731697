"""Rules of the language and the genre, on sentences written for the test (not from the seeds)."""

import pytest

from solieu import extract


def reasons(text):
    _, sk = extract(text, skipped=True)
    return dict(zip(sk["token"], sk["reason"], strict=True))


def figures(text, **kw):
    return extract(text, **kw).set_index("number")


@pytest.mark.parametrize(
    ("text", "token", "reason"),
    [
        ("Hội nghị diễn ra ngày 25/12/2022 tại Hà Nội.", "25/12/2022", "date"),
        ("Sáng 25/2, hội nghị khai mạc.", "25/2", "date"),
        ("Số liệu tính đến tháng 1/2022.", "1/2022", "date"),
        ("Ngày 15-3-2024 đoàn kiểm tra làm việc.", "15-3-2024", "date"),
        ("Báo cáo quý II/2024 của Bộ.", "II/2024", "date"),
        ("Cập nhật lúc 14h30 chiều nay.", "14h30", "time"),
        ("Ngày 27/02/2023 07:49:53", "07:49:53", "time"),
        ("Theo Quyết định số 422/QĐ-TTg của Thủ tướng.", "422/QĐ-TTg", "document_or_programme"),
        ("Theo Nghị định 13/2023/NĐ-CP về dữ liệu.", "13/2023/NĐ-CP", "document_or_programme"),
        ("Bộ đã ban hành hướng dẫn số 1552 về an toàn.", "1552", "document_or_programme"),
        ("Triển khai Đề án 06 tại các địa phương.", "06", "document_or_programme"),
        ("Cung cấp dịch vụ công mức độ 4 cho người dân.", "4", "label_or_ordinal"),
        ("Phủ sóng 4G tới các thôn bản.", "4G", "label_or_ordinal"),
        ("Chuyển đổi sang IPv6 trong năm nay.", "IPv6", "label_or_ordinal"),
        ("Xác nhận CMND 9 số cho người dân.", "9", "label_or_ordinal"),
        ("Phiên họp lần thứ 5 của Ủy ban.", "5", "label_or_ordinal"),
        ("Cấp thẻ cho trẻ dưới 6 tuổi.", "6", "age"),
        ("Người dân từ 15 tuổi trở lên có tài khoản.", "15", "age"),
        ("Giai đoạn 2022-2025, tầm nhìn đến năm 2030.", "2022-2025", "year_or_period"),
        ("Trong 2 tháng đầu năm 2023, kết quả tốt.", "2", "year_or_period"),
        ("Kế hoạch phát triển 5 năm của tỉnh.", "5", "year_or_period"),
        ("Từ 1/1/2023 thực hiện Luật Cư trú năm 2020.", "2020", "document_or_programme"),
        ("Cách mạng công nghiệp 4.0 đang diễn ra.", "4.0", "label_or_ordinal"),
        ("Hội nghị bắt đầu lúc 8 giờ 30 phút.", "8", "time"),
        ("Hội nghị bắt đầu lúc 8 giờ 30 phút.", "30", "time"),
    ],
)
def test_non_figures(text, token, reason):
    figs, sk = extract(text, skipped=True)
    assert figs.empty, figs[["number", "unit"]]
    got = dict(zip(sk["token"], sk["reason"], strict=True))
    if reason is not None:
        assert got.get(token) == reason, got
    else:
        assert any(token in t or t in token for t in got), got


@pytest.mark.parametrize(
    ("text", "number", "value", "den", "unit", "qual"),
    [
        ("Các bộ đã triển khai 21/25 dịch vụ công thiết yếu.", "21/25", 21, 25, "count", "="),
        ("Tỉnh xếp thứ 7/63 tỉnh, thành phố.", "7/63", 7, 63, "rank", "="),
        ("Việt Nam đứng thứ 3 khu vực.", "3", 3, None, "rank", "="),
        ("Doanh thu đạt 1.418 tỷ đồng.", "1.418 tỷ", 1.418e12, None, "VND", "="),
        ("Tốc độ di động đạt 35,29 Mbps.", "35,29", 35.29, None, "Mbps", "="),
        ("Giao dịch tăng gấp 5 lần so với năm trước.", "5", 5, None, "times", "="),
        ("Đạt 0,69 doanh nghiệp trên 1.000 dân.", "0,69", 0.69, None, "per_1000_people", "="),
        ("Đã cấp trên 78 triệu thẻ căn cước.", "78 triệu", 78e6, None, "count", ">"),
        ("Có ít nhất 20 triệu người dùng.", "20 triệu", 20e6, None, "count", ">="),
        ("Tỷ lệ này chưa đến 70% ở nhiều nơi.", "70", 70, None, "percent", "<"),
        ("Số doanh nghiệp ước đạt 67.300 doanh nghiệp.", "67.300", 67300, None, "count", "~"),
        ("Tiết kiệm khoảng 1.600 tỷ đồng mỗi năm.", "1.600 tỷ", 1.6e12, None, "VND", "~"),
        ("Tỷ lệ hồ sơ trực tuyến đạt 2.5% trong quý.", "2.5", 2.5, None, "percent", "="),
        ("Năm nay có 08 nội dung về dữ liệu số.", "08", 8, None, "count", "="),
    ],
)
def test_figure_parsing_and_units(text, number, value, den, unit, qual):
    f = figures(text)
    assert number in f.index, list(f.index)
    row = f.loc[number]
    assert row["value"] == pytest.approx(value)
    assert (den is None and row["denominator"] != row["denominator"]) or row["denominator"] == den
    assert row["unit"] == unit
    assert row["qualifier"] == qual


def test_changes_and_decreases():
    f = figures("Doanh thu đạt 2.500 tỷ đồng, giảm 3,1% so với cùng kỳ; lượt truy cập tăng 12%.")
    assert not f.loc["2.500 tỷ", "is_change"]
    assert f.loc["3,1", "is_change"] and f.loc["3,1", "value"] == pytest.approx(-3.1)
    assert f.loc["12", "is_change"] and f.loc["12", "value"] == pytest.approx(12)


def test_percentage_points_are_percent():
    f = figures("Tỷ lệ hồ sơ trực tuyến đạt 45,23%, tăng 12,5 điểm phần trăm so với năm 2022.")
    assert f.loc["12,5", "unit"] == "percent" and f.loc["12,5", "is_change"]


def test_national_clause_in_a_provincial_report():
    text = (
        "Lâm Đồng: Chuyển đổi số năm 2023\n"
        "Thu ngân sách đạt 70 nghìn tỷ đồng, giảm 2,3%; cả nước có 3,5 triệu lượt truy cập; "
        "phủ sóng 99,8% thôn."
    )
    f = figures(text)
    assert f.loc["70 nghìn tỷ", "scope"] == "Lâm Đồng"
    assert f.loc["3,5 triệu", "scope"] == "VN"
    assert f.loc["99,8", "scope"] == "Lâm Đồng"


def test_targets_versus_results_in_one_sentence():
    f = figures(
        "Năm 2024, tỷ lệ hồ sơ trực tuyến đã đạt 45%; tỉnh phấn đấu đến năm 2025 đạt 80%.",
    )
    assert not f.loc["45", "is_target"]
    assert f.loc["80", "is_target"]


def test_results_against_plan_are_results():
    f = figures("Một số chỉ tiêu đạt và vượt kế hoạch như: tỷ lệ thanh toán số đạt 60%.")
    assert not f.loc["60", "is_target"]


def test_goal_list_runs_on_to_the_next_sentence():
    text = (
        "Tỉnh phấn đấu 90% hồ sơ được xử lý trực tuyến; 70% người dân có định danh. "
        "Đối với xã hội số, 100% trường học dùng học bạ số."
    )
    f = figures(text)
    assert f["is_target"].all()


def test_scope_of_a_provincial_report_from_its_title():
    text = (
        "Cần Thơ: Đẩy mạnh chuyển đổi số\n"
        "Năm 2023, thành phố đã cấp 1,2 triệu thẻ căn cước. Cả nước có 58/63 địa phương kết nối."
    )
    f = figures(text)
    assert f.loc["1,2 triệu", "scope"] == "Cần Thơ"
    assert f.loc["58/63", "scope"] == "VN"


def test_bridge_point_province_is_not_the_subject():
    text = (
        "Dự tại điểm cầu tỉnh Gia Lai có Chủ tịch UBND tỉnh. "
        "Tỷ lệ hồ sơ xử lý trực tuyến đạt 36,9%."
    )
    assert figures(text).loc["36,9", "scope"] == "VN"


def test_province_named_at_start_of_paragraph_carries_on():
    text = (
        "Tại Lâm Đồng, năm 2022, tỉnh hoàn thành 13 chỉ tiêu. Tỷ lệ hồ sơ trực tuyến đạt 45%.\n"
        "Theo Bộ Công an, cả nước đã cấp 80 triệu thẻ căn cước."
    )
    f = figures(text)
    assert f.loc["13", "scope"] == "Lâm Đồng"
    assert f.loc["45", "scope"] == "Lâm Đồng"
    assert f.loc["80 triệu", "scope"] == "VN"


@pytest.mark.parametrize("spelling", ["TP HCM", "TP. Hồ Chí Minh", "TPHCM"])
def test_province_spellings(spelling):
    f = figures(f"{spelling} đã đưa 100% dịch vụ công lên môi trường số.")
    assert f.loc["100", "scope"] == "Thành phố Hồ Chí Minh"


def test_rank_among_the_country_stays_provincial():
    text = "Bình Định: Kết quả chuyển đổi số\nTỉnh đứng thứ 5 cả nước về chỉ số PAPI."
    f = figures(text)
    assert f.loc["5", "scope"] == "Bình Định" and f.loc["5", "unit"] == "rank"


def test_several_provinces_listed_stay_national():
    text = "Có 8 địa phương làm điểm (Hà Nội, Đà Nẵng, Cần Thơ)."
    assert figures(text).loc["8", "scope"] == "VN"


def test_empty_and_blank_text():
    assert extract("").empty
    assert extract("   \n\n").empty
    f, s = extract("", skipped=True)
    assert f.empty and s.empty


def test_figure_id_is_stable():
    a = extract("Đạt 21/25 dịch vụ và 58/63 địa phương.", doc="x.txt")
    b = extract("Đạt 21/25 dịch vụ và 58/63 địa phương.", doc="x.txt")
    assert list(a["figure_id"]) == list(b["figure_id"]) == ["x.txt:4", "x.txt:21"]


def test_numbers_too_long_for_int_are_handled():
    # Python refuses int() of more than 4,300 digits; such a run is still one figure
    text = "Tổng số có " + "9" * 5000 + " doanh nghiệp và " + "1." * 3000 + "5 hồ sơ."
    figs, skipped = extract(text, skipped=True)
    assert len(figs) + len(skipped) == 2
    assert figs["number"].str.len().max() == 5000
