"""The Forms menu: one blank-print action per definition, in the print language, previewed with a switch."""

from __future__ import annotations

import io

import peewee
import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop import i18n, paths
from desktop.errors import UserError
from desktop.formspec.loader import load_all
from desktop.services import printing
from desktop.services.clock import FixedClock
from desktop.services.settings import set_setting
from desktop.views import forms_menu, messages
from desktop.views.forms_menu import file_name, open_blank_form, populate_forms_menu
from desktop.views.preview import PreviewWindow


@pytest.fixture(autouse=True)
def _bundled_font(qapp: QApplication) -> None:
    QFontDatabase.addApplicationFont(str(paths.font_path()))


def tiny_pdf(pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for _ in range(pages):
        canvas.drawString(72, 720, "blank")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Replace the printing service: record (slug, lang) and return a small PDF (2 pages in English)."""
    calls: list[tuple[str, str]] = []

    def fake_print_blank(slug: str, *, lang: str) -> bytes:
        calls.append((slug, lang))
        return tiny_pdf(2 if lang == "en" else 1)

    monkeypatch.setattr(printing, "print_blank", fake_print_blank)
    return calls


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    main = QMainWindow()
    qtbot.addWidget(main)
    return main


def test_one_action_per_form_sorted_by_code_in_the_ui_language(window: QMainWindow) -> None:
    forms = sorted(load_all().values(), key=lambda form: form.code)
    i18n.set_ui_language("zh_CN")
    menu = QMenu(window)
    actions = populate_forms_menu(menu, window)
    assert menu.actions() == actions
    assert [action.text() for action in actions] == [f"{form.code}  {form.title.zh}" for form in forms]
    i18n.set_ui_language("en")
    english = populate_forms_menu(QMenu(window), window)
    assert [action.text() for action in english] == [f"{form.code}  {form.title.en}" for form in forms]


def test_action_prints_the_blank_in_chinese_by_default_and_offers_english(
    db: peewee.Database, window: QMainWindow, printed: list[tuple[str, str]]
) -> None:
    menu = QMenu(window)
    populate_forms_menu(menu, window)
    action = next(a for a in menu.actions() if a.objectName() == "print_blank_problem_sheet")
    action.trigger()
    assert printed == [("problem_sheet", "zh_CN")]
    previews = window.findChildren(PreviewWindow)
    assert len(previews) == 1
    preview = previews[0]
    assert preview.isVisible()
    assert preview.lang == "zh_CN"
    assert preview.language_action.text() == "Print in English"
    assert preview.suggested_name == "F01 800客户问题处理表.pdf"
    preview.language_action.trigger()
    assert printed == [("problem_sheet", "zh_CN"), ("problem_sheet", "en")]
    assert (preview.lang, preview.page_count()) == ("en", 2)


def test_office_print_language_is_used(
    db: peewee.Database, window: QMainWindow, printed: list[tuple[str, str]], clock: FixedClock
) -> None:
    set_setting("print.language", "en", by=None, now=clock.now())
    preview = open_blank_form("complaint_report", window)
    assert printed == [("complaint_report", "en")]
    assert preview is not None and preview.lang == "en"
    assert preview.language_action.text() == "用中文打印"


def test_a_refused_print_is_told_and_opens_nothing(
    db: peewee.Database, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show", lambda parent, text, **kwargs: shown.append(text))

    def refuse(slug: str, *, lang: str) -> bytes:
        raise UserError("The office name is not set yet.")

    monkeypatch.setattr(printing, "print_blank", refuse)
    assert open_blank_form("problem_sheet", window) is None
    assert shown == ["The office name is not set yet."]
    assert window.findChildren(PreviewWindow) == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("F01 800客户问题处理表", "F01 800客户问题处理表.pdf"),
        ('P03 Keys: in/out "log"?', "P03 Keys_ in_out _log_.pdf"),
        ("...", "form.pdf"),
    ],
)
def test_file_names_are_safe_everywhere(title: str, expected: str) -> None:
    assert file_name(title) == expected


def test_menu_module_reads_the_print_language_setting(db: peewee.Database) -> None:
    assert forms_menu.print_language() == "zh_CN"


def test_real_blank_prints_and_previews(db: peewee.Database, window: QMainWindow) -> None:
    preview = open_blank_form("problem_sheet", window)
    assert preview is not None
    assert preview.page_count() >= 1
    assert preview.pdf_bytes().startswith(b"%PDF")
