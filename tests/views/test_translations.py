"""No untranslated English on a Chinese screen, and no Chinese on an English one.

Builds the main window (every page, every menu), the settings dialog, the first-run wizard (every page) and the
About and crash messages in one language, walks every text a person can read — labels, buttons, window
titles, menu and action texts, tab texts, tooltips, status tips, combo items, list items, table headers,
placeholders, group-box titles, wizard titles — and checks the script:

- Chinese: no ASCII letters, except known proper nouns (the brand, the font's name and licence, the
  language names, file paths and the version).
- English: no CJK characters, except the bilingual brand 前台登记簿 and each language's name in itself.

The Chinese half fails until ``resources/translations/zh_CN.po`` carries every string (the catalog pass);
that is the point of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee
import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from desktop import __version__, app, i18n
from desktop.logsetup import log_file_path
from desktop.services import office
from desktop.services.clock import FixedClock
from desktop.views import crash
from desktop.views.first_run import FirstRunWizard
from desktop.views.main_window import MainWindow

BRAND_ZH = "前台登记簿"
#: Proper nouns that stay in Latin letters on a Chinese screen.
LATIN_PROPER_NOUNS = (
    "FrontDesk",
    "WenQuanYi Micro Hei",
    "Apache License",
    "Apache",
    "English",
    "CSV",
    "XLSX",
    "PDF",
    "Excel",  # file formats are named as their programs show them
)
#: Words in Chinese characters allowed on an English screen: the brand and Chinese named in itself.
CJK_PROPER_NOUNS = (BRAND_ZH, i18n.LANGUAGE_NAMES["zh_CN"])

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")
#: Form codes from the seed specification (F01, P10, T01 …) are identifiers printed on the forms themselves.
FORM_CODE = re.compile(r"\b[A-Z][0-9]{2}\b")
#: The crash dialog names the exception class, for the bug report.
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b")
MNEMONIC = re.compile(r"\(&[A-Za-z0-9]\)|&(?=\S)")
#: Qt builds a menu's tooltip from its text without the "&": 帮助(&H) → 帮助(H).
MNEMONIC_TIP = re.compile(r"\([A-Z]\)")
#: Keys are written as the keyboard shows them: Ctrl+S, Ctrl+Shift+V, F5-F8, PgUp.
SHORTCUT = re.compile(r"\b(?:Ctrl|Shift|Alt)\+[\w+\-]+|\bF\d{1,2}(?:-F\d{1,2})?\b|\bPg(?:Up|Dn|Down)\b")
#: Record numbers and number patterns shown as previews: HF20260316-001, {date:%Y%m%d}.
RECORD_NUMBER = re.compile(r"\b[A-Z]{1,4}\d[\d-]*\b")
FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"<[^>]+>")

#: The office each walk shows, written in the walk's language (data is not translated, it is what the desk typed).
DATA = {
    "zh_CN": {
        "office": {"name": "绿园物业服务中心", "address": "绿园路一号", "phone": "0571-8888"},
        "departments": ["客户服务部", "工程部"],
        "staff": [
            {"employee_no": "001", "name": "张三", "role": "administrator", "department": "客户服务部"}
        ],
    },
    "en": {
        "office": {"name": "Green Garden Service Centre", "address": "1 Garden Road", "phone": "0571-8888"},
        "departments": ["Customer service", "Engineering"],
        "staff": [
            {"employee_no": "001", "name": "Zhang San", "role": "administrator", "department": "Engineering"}
        ],
    },
}


def action_texts(action: QAction, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where} action {action.objectName()}", action.text()
    if action.toolTip() != MNEMONIC.sub("", action.text()).rstrip(".…"):  # Qt's own tooltip is the text
        yield f"{where} action tooltip {action.objectName()}", action.toolTip()
    yield f"{where} action status tip {action.objectName()}", action.statusTip()
    menu = action.menu()
    if isinstance(menu, QMenu):
        yield f"{where} menu", menu.title()
        for sub in menu.actions():
            yield from action_texts(sub, f"{where} > {menu.title()}")


def model_texts(view: QAbstractItemView, where: str) -> Iterator[tuple[str, str]]:
    model = view.model()
    if isinstance(view, QTableView) and model is not None:
        for column in range(model.columnCount()):
            yield f"{where} header {column}", str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    if isinstance(view, QListWidget):
        for row in range(view.count()):
            yield f"{where} item {row}", view.item(row).text()
            yield f"{where} item tooltip {row}", view.item(row).toolTip()


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """Every readable text under ``root`` as ``(where, text)``."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        if widget.isWindow():
            yield f"{where} window title", widget.windowTitle()
        yield f"{where} tooltip", widget.toolTip()
        yield f"{where} status tip", widget.statusTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield f"{where} text", widget.text()
        elif isinstance(widget, QLineEdit):
            yield f"{where} placeholder", widget.placeholderText()
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield f"{where} item {index}", widget.itemText(index)
        elif isinstance(widget, QGroupBox):
            yield f"{where} title", widget.title()
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield f"{where} tab {index}", widget.tabText(index)
        elif isinstance(widget, QAbstractItemView):
            yield from model_texts(widget, where)
        elif isinstance(widget, QMenu):
            yield f"{where} title", widget.title()
            for action in widget.actions():
                yield from action_texts(action, where)
        elif isinstance(widget, QWizard):
            for page_id in widget.pageIds():
                page = widget.page(page_id)
                yield f"{where} page {page_id} title", page.title()
                yield f"{where} page {page_id} subtitle", page.subTitle()
        for action in widget.actions():
            yield from action_texts(action, where)


def readable(text: str, *, paths: tuple[str, ...]) -> str:
    """The text as a person reads it: no markup, no mnemonics, no file paths or version."""
    text = TAG.sub(" ", text)
    text = MNEMONIC.sub("", text)
    text = MNEMONIC_TIP.sub(" ", text)
    text = SHORTCUT.sub(" ", text)
    text = RECORD_NUMBER.sub(" ", text)
    text = FORMAT_FIELD.sub(" ", text)
    text = FORM_CODE.sub(" ", text)
    text = EXCEPTION_NAME.sub(" ", text)
    for path in paths:
        text = text.replace(path, " ")
    return text.replace(__version__, " ")


def problems(texts: list[tuple[str, str]], lang: str, *, paths: tuple[str, ...]) -> list[str]:
    found = []
    for where, raw in texts:
        text = readable(raw, paths=paths)
        if lang == "zh_CN":
            for noun in LATIN_PROPER_NOUNS:
                text = text.replace(noun, " ")
            if LATIN.search(text):
                found.append(f"{where}: {raw!r}")
        else:
            for noun in CJK_PROPER_NOUNS:
                text = text.replace(noun, " ")
            if CJK.search(text):
                found.append(f"{where}: {raw!r}")
    return sorted(set(found))


@pytest.fixture
def in_language(
    request: pytest.FixtureRequest, qapp: QApplication, db: peewee.SqliteDatabase, clock: FixedClock
) -> Iterator[str]:
    """The UI (and Qt's own strings) in the requested language, over an office typed in that language."""
    lang = request.param
    locale = QLocale()
    app.install_language(qapp, lang)
    data = DATA[lang]
    office.complete_first_run(
        office={**data["office"], "office_type": "property"},
        departments=data["departments"],
        staff=data["staff"],
        now=clock.now(),
    )
    yield lang
    app.install_language(qapp, "en")
    QLocale.setDefault(locale)


def walk_everything(qtbot: QtBot, db_path: Path, shown_messages: list[Any]) -> list[tuple[str, str]]:
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    window.ensure_forms_menu()
    texts = list(widget_texts(window))
    for menu in window.menuBar().findChildren(QMenu):
        texts += list(widget_texts(menu))
    window.open_settings()
    texts += list(widget_texts(window.settings_dialog))
    window.settings_dialog.reject()
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.office_page.form.name_edit.setText("x")
    for _step in range(2):  # visit every page so each one's buttons and contents are built
        wizard.next()
        texts += list(widget_texts(wizard))
    texts += list(widget_texts(wizard))
    window.about_action.trigger()
    try:
        raise RuntimeError("walk")
    except RuntimeError as exc:
        crash.handle_exception(type(exc), exc, exc.__traceback__)
    for message in shown_messages:
        texts += [("message title", message.title or ""), ("message", message.text)]
        texts += [("message informative", message.informative)]
    return [(where, text) for where, text in texts if text]


@pytest.mark.parametrize("in_language", ["zh_CN"], indirect=True)
def test_no_english_on_a_chinese_screen(
    qtbot: QtBot, in_language: str, db_path: Path, shown_messages: list[Any]
) -> None:
    texts = walk_everything(qtbot, db_path, shown_messages)
    paths = (str(db_path), str(log_file_path()))
    untranslated = problems(texts, "zh_CN", paths=paths)
    assert untranslated == [], f"{len(untranslated)} untranslated texts:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("in_language", ["en"], indirect=True)
def test_no_chinese_on_an_english_screen(
    qtbot: QtBot, in_language: str, db_path: Path, shown_messages: list[Any]
) -> None:
    texts = walk_everything(qtbot, db_path, shown_messages)
    assert len(texts) > 100  # the walk really saw the window, its menus, the dialog and the wizard
    paths = (str(db_path), str(log_file_path()))
    assert problems(texts, "en", paths=paths) == []


def test_the_walk_catches_an_untranslated_label(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    QLabel("Office name:", root)
    QLabel("办公室名称：", root)
    texts = list(widget_texts(root))
    assert problems(texts, "zh_CN", paths=()) == ["QLabel text: 'Office name:'"]
    assert problems(texts, "en", paths=()) == ["QLabel text: '办公室名称：'"]
    assert problems([("x", "文件(&F)"), ("y", "FrontDesk 前台登记簿 — 绿园")], "zh_CN", paths=()) == []


class PseudoCatalog(dict[str, str]):
    """Every message "translated" into ⟦message~~~⟧: marks what went through ``_()`` and stretches it by a third."""

    def get(self, message: str, default: str | None = None) -> str:  # type: ignore[override]
        return f"⟦{message}{'~' * (len(message) // 3)}⟧"


PSEUDO = re.compile(r"⟦[^⟦⟧]*⟧")


def untranslated_remainder(text: str, *, paths: tuple[str, ...]) -> str:
    """What is left of ``text`` outside pseudo-translated segments (innermost first, for nested formats)."""
    text = readable(text, paths=paths)
    while PSEUDO.search(text):
        text = PSEUDO.sub(" ", text)
    for noun in LATIN_PROPER_NOUNS:
        text = text.replace(noun, " ")
    return text


@pytest.mark.parametrize("in_language", ["zh_CN"], indirect=True)
def test_every_string_goes_through_gettext(
    qtbot: QtBot,
    in_language: str,
    db_path: Path,
    shown_messages: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pseudo-translation (Vorta's TRANS_SCALE): passes before the catalog pass, and stretches every layout."""
    monkeypatch.setattr(i18n, "_catalog", lambda lang: PseudoCatalog())
    texts = walk_everything(qtbot, db_path, shown_messages)
    assert sum("⟦" in raw for _where, raw in texts) > 100  # the pseudo catalog really was in use
    paths = (str(db_path), str(log_file_path()))
    bare = sorted(
        {
            f"{where}: {raw!r}"
            for where, raw in texts
            if LATIN.search(untranslated_remainder(raw, paths=paths))
        }
    )
    assert bare == [], "strings not wrapped in _():\n" + "\n".join(bare)
