from solieu.context import load_gazetteer, match_provinces


def test_63_before_and_34_after_the_2025_merger():
    g = load_gazetteer()
    before = [p for p in g if p.valid_to == "2025-06-30"]
    after = [p for p in g if p.valid_from == "2025-07-01"]
    assert len(before) == 63 and len(after) == 34
    names_after = {p.name for p in after}
    assert all(p.successor in names_after for p in before)


def test_spellings_reports_use():
    text = "TP HCM, TP. Hồ Chí Minh, Bà Rịa - Vũng Tàu, Bà Rịa- Vũng Tàu, Thừa Thiên Huế, Huế"
    names = [n for _, _, n in match_provinces(text)]
    assert names == [
        "Thành phố Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
        "Bà Rịa-Vũng Tàu",
        "Bà Rịa-Vũng Tàu",
        "Thừa Thiên Huế",
        "Thừa Thiên Huế",
    ]


def test_no_match_inside_words_or_lower_case():
    assert match_provinces("hòa bình và ổn định") == []
