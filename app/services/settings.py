"""Center settings: rule-file defaults overlaid with what the center chose."""
from __future__ import annotations

from typing import Any

from models.entities import Center

from . import rules


def effective_settings(center: Center | None) -> dict[str, Any]:
    merged = {k: v for k, v in rules.load("center_defaults").items() if k != "comment"}
    if center is not None:
        merged.update(center.settings or {})
    return merged


def monitoring_days(settings: dict[str, Any], case_type: str | None) -> int:
    """Days between monitoring contacts for a case type (집중 weekly; every open case monthly)."""
    for t in rules.case_type_set(settings["case_type_set"]):
        if t["name"] == case_type:
            return min(t["monitoring_days"], settings["monthly_review_days"])
    return settings["monthly_review_days"]
