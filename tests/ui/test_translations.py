"""Korean is the source language; the English translation loads by locale and covers the main window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir
from ui.main import install_translator

from ..workflow_helpers import in_service_case
from .conftest import settle


@pytest.fixture
def english(qapp, monkeypatch):
    monkeypatch.delenv("SARYE_LANG", raising=False)
    translator = install_translator(qapp, QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert translator is not None, "resources/translations/sarye_en.qm is missing: run pyside6-lrelease"
    yield
    QApplication.removeTranslator(translator)


def test_korean_locale_needs_no_translator(qapp, monkeypatch):
    monkeypatch.delenv("SARYE_LANG", raising=False)
    assert install_translator(qapp, QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)) is None


def test_translation_source_and_compiled_files_are_shipped():
    folder = resources_dir() / "translations"
    assert (folder / "sarye_en.ts").is_file() and (folder / "sarye_en.qm").is_file()


def test_main_window_in_english(english, qtbot, window, ctx):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&View", "&Sync", "&Help"]
    assert window.sync_action.text() == "Sync now"
    assert window.sync_label.text().startswith("Sync not set up · ") and "Never synced" in window.sync_label.text()
    assert window.tabs.tabText(0) == "Home" and window.tabs.tabText(1) == "Case search"
    assert window.home.refresh_button.text() == "Refresh"
    case_id, _, _ = in_service_case(ctx)
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    assert view.actions_by_key["contact"].text() == "Contact log"
    assert view.contacts.table.model().headerData(0, view.contacts.table.horizontalHeader().orientation()) \
        == "Date/time"
    dialog = view.open_form("contact")  # strings of the shared base class translate in every form
    assert dialog.save_button.text() == "Save"
    dialog.reject()
