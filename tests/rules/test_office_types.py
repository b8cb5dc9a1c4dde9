"""Office-type presets (spec §5): which books each kind of office shows."""

from __future__ import annotations

from desktop.rules.office_types import BOOKS, OFFICE_TYPES, office_type, shows_book
from desktop.rules.roles import ROLES, is_role


def test_property_shows_every_book_and_clinic_and_hotline_hide_keys() -> None:
    assert office_type("property").books == BOOKS
    for key in ("clinic", "hotline"):
        assert not shows_book(key, "keys")
        assert shows_book(key, "tickets") and shows_book(key, "settings")


def test_every_preset_shows_known_books_including_settings() -> None:
    for preset in OFFICE_TYPES.values():
        assert set(preset.books) <= set(BOOKS)
        assert "settings" in preset.books and "today" in preset.books
        assert preset.label


def test_unknown_type_falls_back_to_property() -> None:
    assert office_type(None).key == "property"
    assert office_type("shop").key == "property"


def test_roles() -> None:
    assert list(ROLES) == ["receptionist", "engineer", "department_head", "manager", "administrator"]
    assert is_role("manager") and not is_role("boss")
