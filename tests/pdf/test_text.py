"""Every user string is printable and printed literally."""

from __future__ import annotations

import pytest

from desktop.pdf import rtl
from desktop.pdf.fonts import fallback_for
from desktop.pdf.rtl import shape
from desktop.pdf.text import char_label, clean, label_markup, para_markup, plain, unprintable


@pytest.mark.parametrize(
    ("typed", "markup"),
    [
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("&amp;", "&amp;amp;"),
        ('<img src="http://x/a.png">', '&lt;img src="http://x/a.png"&gt;'),
        ("第一行\n第二行", "第一行<br/>第二行"),
        ("a\r\nb\rc", "a<br/>b<br/>c"),
        ("tab\there", "tab here"),
    ],
)
def test_markup_prints_text_literally(typed: str, markup: str) -> None:
    assert para_markup(typed) == markup


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("bell\x07null\x00", "bellnull"),
        ("smile 😀!", "smile 😀!"),
        ("family 👨\u200d👩\u200d👧 end", "family 👨👩👧 end"),
        ("thumb 👍🏽", "thumb 👍"),
        ("heart ❤\ufe0f", "heart ❤"),
        ("lone \ud800 surrogate", "lone [U+D800] surrogate"),
        ("private \ue000 use", "private [U+E000] use"),
        ("melting \U0001fae0 face", "melting [melting face] face"),
        ("e\u0301", "é"),
        ("张三 O'Brien ½ — …", "张三 O'Brien ½ — …"),
    ],
)
def test_clean_keeps_what_a_font_prints_and_names_the_rest(typed: str, printed: str) -> None:
    assert clean(typed) == printed


def test_the_main_font_alone_prints_the_rest_by_name() -> None:
    assert clean("钥匙🔑", fallbacks=False) == "钥匙[key]"
    assert plain("חדר 5") == "[hebrew letter het][hebrew letter dalet][hebrew letter resh] 5"


def test_unprintable_lists_only_what_prints_by_name() -> None:
    assert unprintable("王芳 😀 ئابدۇ דוד") == []
    assert unprintable("\U0001fae0 x \U0001fae0 \ue000\u200d\x07") == ["\U0001fae0", "\ue000"]
    assert char_label("\U0001fae0") == "[melting face]"


def test_none_prints_nothing_and_plain_is_one_line() -> None:
    assert clean(None) == ""
    assert plain("a\nb") == "a b"


def test_label_markup_breaks_between_english_words_only() -> None:
    from desktop.pdf.fonts import register_fonts

    font = register_fonts()
    # "Person visited" in a column about 12 mm wide: reportlab alone prints "Person visi|ted".
    assert label_markup("Person visited", font, 9, 44.8) == "Person<br/>visited"
    assert label_markup("Received by", font, 9, 200) == "Received by"
    assert label_markup("来访日期", font, 9, 10) == "来访日期"  # no spaces: left to the CJK wrap
    assert label_markup("<b> &", font, 9, 5) == "&lt;b&gt;<br/>&amp;"


ARABIC = "FrontDesk-NotoSansArabic-FrontDesk"
HEBREW = "FrontDesk-NotoSansHebrew-FrontDesk"


def test_the_fallback_fonts_cover_their_scripts() -> None:
    assert fallback_for(ord("ې")) == ARABIC  # Uyghur e
    assert fallback_for(ord("ש")) == HEBREW
    assert fallback_for(ord("🔑")) == "FrontDesk-Symbola-FrontDesk"


def test_a_character_outside_the_main_font_is_set_in_its_fallback() -> None:
    assert para_markup("王芳😀") == '王芳<font face="FrontDesk-Symbola-FrontDesk">😀</font>'


def test_right_to_left_words_print_right_to_left_and_joined() -> None:
    """مرحبا عالم: the second word prints left of the first, each in its joining forms."""
    markup = para_markup("说 محمد علي 说")
    first, second = shape("محمد", ARABIC), shape("علي", ARABIC)
    assert markup.index(second) < markup.index(first)
    assert first[0] == "\ufeaa" and first[-1] == "\ufee3"  # final dal on the left, initial meem on the right
    assert markup.startswith("说 ") and markup.endswith(" 说")


def test_uyghur_letters_join_through_the_fonts_own_tables() -> None:
    """ە has no presentation form for its final shape: only OpenType shaping can join it (مەن)."""
    shaped = shape("مەن", ARABIC)
    assert len(shaped) == 3
    assert "\u06d5" not in shaped  # not the isolated letter
    assert shaped[-1] == "\ufee3"  # meem, initial, on the right


def test_numbers_inside_a_right_to_left_run_keep_their_order() -> None:
    assert [text for text, _kind in rtl.pieces("علي 12")] == ["12", " ", "علي"]
    assert [text for text, _kind in rtl.pieces("علي (2")] == ["2", ") ", "علي"]


def test_a_long_right_to_left_name_breaks_between_words_in_reading_order() -> None:
    """In a narrow register cell the first name stays on the first line."""
    name = "ئابدۇرېھىم مۇھەممەت"
    lines = para_markup(name, width=50, size=8.5).split("<br/>")
    assert len(lines) == 2
    assert shape("ئابدۇرېھىم", ARABIC) in lines[0] and shape("مۇھەممەت", ARABIC) in lines[1]
    assert "<br/>" not in para_markup(name, width=500, size=8.5)


def test_hebrew_prints_right_to_left_in_its_font() -> None:
    markup = para_markup("דוד כהן")
    assert markup.index(shape("כהן", HEBREW)) < markup.index(shape("דוד", HEBREW))
    assert shape("דוד", HEBREW) == "דוד"[::-1]


def test_every_fallback_font_is_shipped_with_its_licence() -> None:
    from desktop import paths

    licences = " ".join(
        path.read_text(encoding="utf-8") for path in paths.resources_dir().glob("fonts/*LICENSE*")
    )
    for font in paths.fallback_font_paths():
        assert font.is_file()
        assert font.name in licences
