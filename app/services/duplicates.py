"""같은 사람 찾기: before a household or a member is registered, the people already held who may be
the same person, so that nobody is registered twice.

A candidate is someone with the same RRN (compared through its keyed hash in `member_rrn_index`,
migration 0011: no sealed number is opened to compare), the same name and birth date, the same 초성
and birth date (a name typed differently), the same phone number, or living at the same address.
Each is found through its own index, so a check costs a few index reads however many people the
store holds. Another team's client is shown as search shows them: name, 동 and that a case exists,
never their number, phone or address.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidTag
from sqlalchemy import select, text

from models.entities import Household, Member
from models.types import Stage

from . import rrn as rrn_mod
from .context import ServiceContext, audit
from .errors import ServiceError
from .hangul import clean_text, initials, phone_digits
from .queries import _HOUSEHOLD_QUERY, _households_open_to

SAME_RRN, SAME_NAME_BIRTH, SAME_INITIALS_BIRTH, SAME_PHONE, SAME_ADDRESS = (
    "주민등록번호 같음", "이름·생년월일 같음", "초성·생년월일 같음", "전화번호 같음", "주소 같음")
_ORDER = (SAME_RRN, SAME_NAME_BIRTH, SAME_INITIALS_BIRTH, SAME_PHONE, SAME_ADDRESS)
REFRESH_BATCH = 2000


@dataclass(frozen=True)
class Candidate:
    member_id: str
    household_id: str
    name: str
    reasons: tuple[str, ...]      # why this may be the same person, strongest first
    dong: str
    readable: bool                # the actor may open the household (else only name, 동, case)
    rrn_masked: str = ""
    phone: str = ""
    address: str = ""
    case_id: str | None = None
    case_no: str | None = None
    stage: Stage | None = None


def refresh_index(session, cipher) -> int:
    """Hash the RRNs the triggers queued (new, changed, or hashed under this device's own key before
    the center key came). A number no key here opens (sealed on a device of another center key)
    is left out. Returns how many were hashed."""
    if cipher is None or not cipher.index_kind:   # no key here (the data key alone): nothing to hash with
        return 0
    done = 0
    while True:
        ids = list(session.scalars(text("SELECT member_id FROM rrn_index_queue LIMIT :n"), {"n": REFRESH_BATCH}))
        if not ids:
            return done
        rows = []
        for member_id, sealed in session.execute(select(Member.id, Member.rrn_sealed).where(Member.id.in_(ids))):
            if sealed is None:
                continue
            try:
                digits = cipher.open(sealed)
            except InvalidTag:   # sealed under another center's key: not indexable here
                continue
            rows.append({"m": member_id, "d": cipher.index(digits), "k": cipher.index_kind})
        if rows:
            session.execute(text("INSERT OR REPLACE INTO member_rrn_index (member_id, digest, key_kind) "
                                 "VALUES (:m, :d, :k)"), rows)
        session.execute(text("DELETE FROM rrn_index_queue WHERE member_id IN (SELECT value FROM json_each(:ids))"),
                        {"ids": json.dumps(ids)})
        done += len(rows)


def find_duplicates(ctx: ServiceContext, *, name: str = "", rrn: str = "", birth_date: date | None = None,
                    phone: str = "", address: str = "", exclude_household: str | None = None,
                    limit: int = 10) -> list[Candidate]:
    """The people who may be the one about to be registered, strongest reasons first. Bad or
    partial input narrows the check (an RRN that does not parse is not compared), it never fails."""
    name = clean_text(name, field="이름", max_len=50)
    address = clean_text(address, field="주소", max_len=200)
    digits = phone_digits(clean_text(phone, field="전화번호", max_len=20))
    rrn_digits = None
    if rrn.strip():
        try:
            parsed = rrn_mod.parse(rrn)
            rrn_digits, birth_date = parsed.digits, parsed.birth_date or birth_date
        except ServiceError:   # an RRN still being typed: the form says what is wrong with it
            rrn_digits = None
    found: dict[str, set[str]] = {}

    def note(ids, reason):
        for member_id in ids:
            found.setdefault(member_id, set()).add(reason)
    with ctx.session() as s:
        if rrn_digits:
            refresh_index(s, ctx.store.cipher)
            digest = ctx.store.cipher.index(rrn_digits) if ctx.store.cipher else None
            if digest:
                note(s.scalars(text("SELECT member_id FROM member_rrn_index WHERE digest = :d"), {"d": digest}),
                     SAME_RRN)
        if name and birth_date:
            note(s.scalars(select(Member.id).where(Member.name == name, Member.birth_date == birth_date)),
                 SAME_NAME_BIRTH)
            note(s.scalars(select(Member.id).where(Member.name_initials == initials(name),
                                                   Member.birth_date == birth_date, Member.name != name)),
                 SAME_INITIALS_BIRTH)
        if len(digits) >= 9:   # a whole number, not the first digits of one
            note(s.scalars(select(Member.id).where(Member.phone_digits == digits)), SAME_PHONE)
        if len(address) >= 6:
            note(s.scalars(select(Member.id).join(Household, Household.id == Member.household_id)
                           .where(Household.address == address, Member.is_head)), SAME_ADDRESS)
        if not found:
            return []
        people = {m.id: m for m in s.scalars(select(Member).where(Member.id.in_(list(found))))}
        if exclude_household:
            people = {k: m for k, m in people.items() if m.household_id != exclude_household}
        ranked = sorted(people.values(), key=lambda m: (min(_ORDER.index(r) for r in found[m.id]), m.name))[:limit]
        household_ids = list({m.household_id for m in ranked})
        homes = {r[0]: r[1:] for r in s.execute(_HOUSEHOLD_QUERY, {"hids": household_ids})}
        open_to_me = _households_open_to(ctx, s, household_ids)
        audit(s, ctx, "search", "member", None, purpose=f"중복 확인 {len(ranked)}건")
        out = []
        for m in ranked:
            home_address, dong, *case = homes[m.household_id]
            reasons = tuple(r for r in _ORDER if r in found[m.id])
            if m.household_id in open_to_me:
                out.append(Candidate(m.id, m.household_id, m.name, reasons, dong, True, m.rrn_masked, m.phone,
                                     home_address, *case))
            else:   # another team's client: enough to notice the duplicate, nothing to reach them by
                out.append(Candidate(m.id, m.household_id, m.name, reasons, dong, False, case_id=case[0],
                                     case_no=case[1], stage=case[2]))
        return out

