"""text.py: spaces that group digits are rewritten only inside the runs that hold them, with the
same result as one rewrite over the whole text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from solieu.text import _GROUP_SPACE, _ODD_SPACES, _SPACE_GROUPED, normalise_spaces

ALPHABET = "0123456789.,  \u00a0\u2007\u2009\u202fab٣"


def _reference(text: str) -> str:
    if _ODD_SPACES.search(text) is None:
        return text
    text = _SPACE_GROUPED.sub(lambda m: _GROUP_SPACE.sub(".", m.group()), text)
    return _ODD_SPACES.sub(" ", text)


@settings(deadline=None)  # a loaded machine must not fail it
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_same_as_one_rewrite_over_the_whole_text(text):
    out = normalise_spaces(text)
    assert out == _reference(text)
    assert len(out) == len(text)


def test_examples():
    assert normalise_spaces("Có 1\u00a0025\u00a0067 người") == "Có 1.025.067 người"
    assert normalise_spaces("năm 2023\u00a0150 hồ sơ") == "năm 2023 150 hồ sơ"
    assert normalise_spaces("a\u00a0b") == "a b"
