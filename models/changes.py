"""What a unit of work changed, told to whoever listens once it has committed, so that every screen
showing a changed record can refresh itself (as Anki's operations report their changes).

The write hook (`models.tracking`) notes each record it sees written; `EncryptedStore.session()`
publishes the notes after the commit and drops them on a rollback. A notice holds table names and
ids only, never a value.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

_NOTES_KEY = "change_notes"
# A record names the case, household and meeting it belongs to by these columns; the tables below
# are those records themselves.
_OWNER_COLUMNS = {"case_id": "case_ids", "household_id": "household_ids", "meeting_id": "meeting_ids"}
_SELF = {"case_file": "case_ids", "household": "household_ids", "meeting": "meeting_ids"}


@dataclass(frozen=True)
class Changes:
    entities: frozenset[str] = frozenset()      # table names written
    case_ids: frozenset[str] = frozenset()
    household_ids: frozenset[str] = frozenset()
    meeting_ids: frozenset[str] = frozenset()
    everything: bool = False   # written around the ORM (a sync pull, a sync file): any screen may be stale

    @classmethod
    def of_everything(cls) -> "Changes":
        return cls(everything=True)

    def __bool__(self) -> bool:
        return self.everything or bool(self.entities)

    def touches(self, *, entities: Iterable[str] = (), case_id: str | None = None,
                household_id: str | None = None, meeting_ids: Iterable[str] = ()) -> bool:
        """Whether a screen showing these entities, this case, household or meetings may be stale."""
        return (self.everything or not self.entities.isdisjoint(entities)
                or (case_id is not None and case_id in self.case_ids)
                or (household_id is not None and household_id in self.household_ids)
                or not self.meeting_ids.isdisjoint(meeting_ids))


def note_change(info: dict, obj) -> None:
    """Remember that `obj` (a record being inserted, updated or deleted) is part of this unit of work."""
    notes = info.setdefault(_NOTES_KEY, {"entities": set(), "case_ids": set(), "household_ids": set(),
                                         "meeting_ids": set()})
    table = obj.__tablename__
    notes["entities"].add(table)
    if table in _SELF and obj.id:
        notes[_SELF[table]].add(obj.id)
    for column, kind in _OWNER_COLUMNS.items():
        value = getattr(obj, column, None)
        if isinstance(value, str):
            notes[kind].add(value)


def take_changes(info: dict) -> Changes:
    """The notes of the unit of work, emptied (a committed session's; a rolled-back one just drops them)."""
    notes = info.pop(_NOTES_KEY, None)
    if not notes:
        return Changes()
    return Changes(**{kind: frozenset(ids) for kind, ids in notes.items()})
