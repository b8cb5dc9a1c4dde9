"""Every user string is printable and printed literally."""

from __future__ import annotations

import pytest

from desktop.pdf.text import SUBSTITUTE, clean, label_markup, para_markup, plain


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
        ("bell\x07null\x00", f"bell{SUBSTITUTE}null{SUBSTITUTE}"),
        ("smile 😀!", f"smile {SUBSTITUTE}!"),
        ("family 👨‍👩‍👧 end", f"family {SUBSTITUTE} end"),
        ("thumb 👍🏽", f"thumb {SUBSTITUTE}"),
        ("lone \ud800 surrogate", f"lone {SUBSTITUTE} surrogate"),
        ("张三 O'Brien ½ — …", "张三 O'Brien ½ — …"),
    ],
)
def test_clean_replaces_what_the_font_cannot_show(typed: str, printed: str) -> None:
    assert clean(typed) == printed


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
