"""Fixtures for the reports tests: sample data objects and the poppler-utils helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import report_samples as samples
from report_samples import Poppler


@pytest.fixture
def poppler(tmp_path: Path) -> Poppler:
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdftotext, pdffonts) is not installed")
    return Poppler(tmp_path)


@pytest.fixture
def consent_data():
    return samples.consent_data()


@pytest.fixture
def closure_data():
    return samples.closure_data()


@pytest.fixture
def minutes_data():
    return samples.minutes_data()


@pytest.fixture
def plan_data():
    return samples.plan_data()


@pytest.fixture
def stats_data():
    return samples.stats_data()
