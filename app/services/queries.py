"""Read-only lists for the home screen and search. Rows are plain tuples, cheap to put in Qt models."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, literal_column, or_, select, text
from sqlalchemy import case as sa_case
from sqlalchemy.orm import aliased

from models.entities import Case, Contact, Dong, Household, Meeting, Member, Referral, Staff
from models.types import ReferralStatus, Role, Stage

from . import access
from .case_facts import OPEN_STAGES
from .context import ServiceContext, audit
from .hangul import clean_text, is_initials_query, phone_digits
from .rules import case_type_set
from .settings import monitoring_days


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    case_no: str
    name: str
    dong: str
    stage: Stage
    case_type: str | None
    opened_on: date
    manager: str


def _case_rows(s, where, limit: int | None = None, order=None) -> list[CaseRow]:
    q = (select(Case.id, Case.case_no, Member.name, Dong.name, Case.stage, Case.case_type, Case.opened_on,
                Staff.display_name)
         .join(Member, Member.id == Case.primary_member_id).join(Household, Household.id == Case.household_id)
         .join(Dong, Dong.id == Household.dong_id).join(Staff, Staff.id == Case.manager_id)
         .where(*where).order_by(*(order or (Case.opened_on,))))
    if limit:
        q = q.limit(limit)
    return [CaseRow(*r) for r in s.execute(q)]


def visible_cases(ctx: ServiceContext):
    """SQL condition for the cases the actor may see: ServiceContext.can_read_case as SQL, both
    derived from access.GRANTS."""
    return access.readable(ctx.actor)


def my_cases(ctx: ServiceContext, stage: Stage | None = None) -> list[CaseRow]:
    with ctx.session() as s:
        where = [Case.manager_id == ctx.actor.staff_id]
        if stage:
            where.append(Case.stage == stage)
        return _case_rows(s, where)


def long_open_cases(ctx: ServiceContext, days: int | None = None) -> list[CaseRow]:
    """장기 미종결: open cases opened more than `days` ago (center setting by default)."""
    with ctx.session() as s:
        days = days or ctx.center_settings(s)["long_open_days"]
        cutoff = ctx.today() - timedelta(days=days)
        return _case_rows(s, [Case.stage.in_(OPEN_STAGES), Case.opened_on <= cutoff, visible_cases(ctx)])


@dataclass(frozen=True)
class MonitoringDue:
    row: CaseRow
    last_contact: datetime | None
    due_on: date
    interval_days: int


def _due_on(settings: dict):
    """SQL for each in-service case's next monitoring date: last monitoring contact (or opening)
    plus the interval of its case type (집중 weekly, every case at least monthly)."""
    last_contact = (select(func.max(Contact.occurred_at))
                    .where(Contact.case_id == Case.id, Contact.is_monitoring.is_(True))
                    .correlate(Case).scalar_subquery())
    types = {t["name"]: monitoring_days(settings, t["name"]) for t in case_type_set(settings["case_type_set"])}
    interval = sa_case(types, value=Case.case_type, else_=settings["monthly_review_days"])
    base = func.coalesce(func.date(last_contact), Case.opened_on)
    return last_contact, interval, func.date(base, func.printf("+%d days", interval))


def monitoring_due(ctx: ServiceContext, within_days: int = 0, limit: int | None = 500) -> list[MonitoringDue]:
    """In-service cases whose next monitoring contact is due, most overdue first.

    Worked out in SQL with one index probe per visible case (ix_contact_case_monitoring), so a
    district administrator's home screen does not turn every contact of the district into Python
    objects; `limit` keeps the list to what a person can act on (see `monitoring_due_count`)."""
    with ctx.session() as s:
        settings = ctx.center_settings(s)
        last_contact, interval, due_on = _due_on(settings)
        horizon = (ctx.today() + timedelta(days=within_days)).isoformat()
        # Materialised so that the per-case subquery runs once, not again for WHERE and ORDER BY.
        per_case = (select(Case.id.label("case_id"), last_contact.label("seen"), interval.label("days"),
                           due_on.label("due"))
                    .where(Case.stage == Stage.IN_SERVICE, visible_cases(ctx))
                    .cte("per_case").prefix_with("MATERIALIZED"))
        due = s.execute(select(per_case).where(per_case.c.due <= horizon)
                        .order_by(per_case.c.due, per_case.c.case_id).limit(limit)).all()
        rows = {r.case_id: r for r in _case_rows(s, [Case.id.in_([d[0] for d in due])])}
    return [MonitoringDue(rows[case_id], seen, date.fromisoformat(day), days) for case_id, seen, days, day in due]


def monitoring_due_count(ctx: ServiceContext, within_days: int = 0) -> int:
    with ctx.session() as s:
        *_, due_on = _due_on(ctx.center_settings(s))
        horizon = (ctx.today() + timedelta(days=within_days)).isoformat()
        return s.scalar(select(func.count()).select_from(Case)
                        .where(Case.stage == Stage.IN_SERVICE, visible_cases(ctx), due_on <= horizon))


def referrals_awaiting_reply(ctx: ServiceContext) -> list[tuple[Referral, CaseRow]]:
    with ctx.session() as s:
        refs = s.scalars(select(Referral).join(Case, Case.id == Referral.case_id)
                         .where(Referral.status == ReferralStatus.SENT, visible_cases(ctx))
                         .order_by(Referral.sent_on)).all()
        rows = {r.case_id: r for r in _case_rows(s, [Case.id.in_({ref.case_id for ref in refs})])}
        return [(ref, rows[ref.case_id]) for ref in refs]


def upcoming_meetings(ctx: ServiceContext, days: int = 14) -> list[Meeting]:
    now = ctx.clock()
    with ctx.session() as s:
        return list(s.scalars(select(Meeting).where(Meeting.center_id == ctx.actor.center_id,
                                                    Meeting.held_at >= now - timedelta(days=1),
                                                    Meeting.held_at <= now + timedelta(days=days))
                              .order_by(Meeting.held_at)))


@dataclass(frozen=True)
class PersonHit:
    member_id: str
    household_id: str
    name: str
    rrn_masked: str
    phone: str
    address: str
    dong: str
    case_id: str | None
    case_no: str | None
    stage: Stage | None


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_people(ctx: ServiceContext, text: str, limit: int = 50) -> list[PersonHit]:
    """Name (full or part), 초성 ("ㄱㅁㅅ"), phone digits, RRN front part, address or 동.

    Made to stay fast on a district (100,000 people) inside the encrypted file, where every page a
    query touches beyond SQLite's page cache costs a decryption: candidates are found in small
    indexes (migration 0004), each read in the order the answer needs so that a common query stops
    early, and only the `limit` people found are then read with their household and case.
    - part of a name: one ordered lookup in `member_name_gram` (every piece of one to three
      characters of each name; a longer query looks up its first three and filters on the name);
    - 초성: a prefix range of (name_initials, name); a single consonant reads the names whose first
      syllable it starts ("ㄱ" → 가…깋) in name order instead;
    - digits: phone digits anywhere in the number, and the RRN front part as a prefix;
    - address: part of the address (a scan of the address index) or the start of a 동 name.
    People found by name come first (by name), then people living at a matching address or in a
    matching 동 (by address, household head first).
    """
    q = clean_text(text, field="검색어", max_len=100)
    if not q or limit <= 0:
        return []
    compact = q.replace(" ", "")
    digits = phone_digits(q)
    with ctx.session() as s:
        if is_initials_query(compact):
            by_name, places = _initials_candidates(s, compact, limit), []
        elif digits and len(digits) == len(q.replace("-", "").replace(" ", "")):
            by_name, places = _digit_candidates(s, digits, limit), []
        else:
            by_name = _name_candidates(s, q, limit)
            places = _place_candidates(s, q, "%" + _like(q) + "%", limit)
        if not by_name and not places:
            return []
        params = {}
        if by_name and isinstance(by_name[0], int):
            params["rids"] = by_name
        elif by_name:
            params["mids"] = by_name
        if places:
            params["hids"] = [h for h, _, _ in places]
        people = {r[0]: r for r in s.execute(_member_query("rids" in params, "mids" in params, "hids" in params),
                                             params)}
        rank = {key: i for i, key in enumerate(by_name)}
        address_rank = {hid: i for i, (hid, _, _) in enumerate(places)}

        def order(r):
            named = rank.get(r[0], rank.get(r[1]))
            return (0, named, False, "") if named is not None else (1, address_rank.get(r[2], 0), not r[6], r[3])
        found = sorted(people.values(), key=order)[:limit]
        # Household, 동 and newest case once per household (a child's hit leads to the family's case).
        household_ids = list({r[2] for r in found})
        homes = {r[0]: r[1:] for r in s.execute(_HOUSEHOLD_QUERY, {"hids": household_ids})}
        open_to_me = _households_open_to(ctx, s, household_ids)
        audit(s, ctx, "search", "member", None, purpose=f"사람 검색 {len(found)}건")
    hits = []
    for r in found:
        address, dong, *case = homes[r[2]]
        if r[2] in open_to_me:
            hits.append(PersonHit(r[1], r[2], r[3], r[4], r[5], address, dong, *case))
        else:
            # Someone else's client: enough to notice a duplicate registration (name, 동, that a
            # case exists), never their number, phone or address.
            hits.append(PersonHit(r[1], r[2], r[3], "", "", "", dong, *case))
    return hits


def _households_open_to(ctx: ServiceContext, s, household_ids: list[str]) -> set[str]:
    """Of these households, those whose details this actor may see: one of their cases is visible
    to them, or they have no case yet."""
    if ctx.actor.role == Role.ADMIN or not household_ids:
        return set(household_ids)
    with_cases = set(s.scalars(select(Case.household_id).where(Case.household_id.in_(household_ids))))
    visible = set(s.scalars(select(Case.household_id).where(Case.household_id.in_(household_ids), visible_cases(ctx))))
    return visible | (set(household_ids) - with_cases)


_MAX = "\U0010ffff"  # sorts after every other character: prefix < _MAX bounds a prefix range
_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_GRAM = 3  # member_name_gram holds pieces of up to three characters

# INDEXED BY pins each candidate query to the small covering index it was written for (left to
# itself, the planner may scan the whole table, which means decrypting every page of it).
_GRAM_SQL = text("SELECT member_id FROM member_name_gram WHERE gram = lower(:g) "
                 "ORDER BY name, member_id LIMIT :n")
_GRAM_LIKE_SQL = text("SELECT member_id FROM member_name_gram WHERE gram = lower(:g) AND name LIKE :p ESCAPE '\\' "
                      "ORDER BY name, member_id LIMIT :n")
_FIRST_SYLLABLE_SQL = text("SELECT rowid FROM member INDEXED BY ix_member_name "
                           "WHERE name >= :lo AND name < :hi ORDER BY name, rowid LIMIT :n")
_INITIALS_SQL = text("SELECT rowid FROM member INDEXED BY ix_member_initials_name "
                     "WHERE name_initials >= :q AND name_initials < :qhi ORDER BY name, rowid LIMIT :n")
_PHONE_SQL = text("SELECT rowid, name FROM member INDEXED BY ix_member_phone_digits_name "
                  "WHERE phone_digits LIKE :p ESCAPE '\\' ORDER BY name, rowid LIMIT :n")
_RRN_SQL = text("SELECT rowid, name FROM member INDEXED BY ix_member_rrn_front_name "
                "WHERE rrn_front >= :lo AND rrn_front < :hi ORDER BY name, rowid LIMIT :n")
_MEMBERS = "(SELECT count(*) FROM member WHERE member.household_id = household.id)"
_ADDRESS_SQL = text(f"SELECT id, address, {_MEMBERS} FROM household INDEXED BY ix_household_address "
                    "WHERE address LIKE :p ESCAPE '\\' ORDER BY address LIMIT :n")
_DONGS_SQL = text("SELECT id FROM dong WHERE name >= :lo AND name < :hi")
_DONG_SQL = text(f"SELECT id, address, {_MEMBERS} FROM household INDEXED BY ix_household_dong_address "
                 "WHERE dong_id = :dong ORDER BY address LIMIT :n")


def _name_candidates(s, q: str, limit: int) -> list[str]:
    if len(q) <= _GRAM:
        return [m for m, in s.execute(_GRAM_SQL, {"g": q, "n": limit})]
    return [m for m, in s.execute(_GRAM_LIKE_SQL, {"g": q[:_GRAM], "p": "%" + _like(q) + "%", "n": limit})]


def _initials_candidates(s, q: str, limit: int) -> list[int]:
    if len(q) == 1:
        # One consonant fixes the range of the first syllable ("ㄱ" → 가…깋): the first names of that
        # range in name order, with no sort (a third of the district starts with ㄱ).
        first = _CHOSEONG.find(q)
        if first < 0:
            return []  # not a consonant that starts a syllable (ㄳ, ㄵ …): no name matches
        return [r for r, in s.execute(_FIRST_SYLLABLE_SQL, {"lo": chr(0xAC00 + first * 588),
                                                             "hi": chr(0xAC00 + (first + 1) * 588), "n": limit})]
    # Two or more: the initials prefix range is narrow (a few percent at most), sorted by name.
    return [r for r, in s.execute(_INITIALS_SQL, {"q": q, "qhi": q + _MAX, "n": limit})]


def _digit_candidates(s, digits: str, limit: int) -> list[int]:
    found: dict[int, str] = {}
    if len(digits) >= 3:
        found.update(s.execute(_PHONE_SQL, {"p": "%" + digits + "%", "n": limit}).all())
    if len(digits) <= 6:
        found.update(s.execute(_RRN_SQL, {"lo": digits, "hi": digits + _MAX, "n": limit}).all())
    return [rid for rid, _ in sorted(found.items(), key=lambda kv: (kv[1], kv[0]))][:limit]


def _place_candidates(s, q: str, pattern: str, limit: int) -> list[tuple[str, str, int]]:
    """Households whose address contains the text or whose 동 name starts with it, by address, with
    their number of members: only as many households as hold `limit` people."""
    found = {h: (a, n) for h, a, n in s.execute(_ADDRESS_SQL, {"p": pattern, "n": limit})}
    for dong, in s.execute(_DONGS_SQL, {"lo": q, "hi": q + _MAX}).all():  # one 동 at a time: no sort
        found.update({h: (a, n) for h, a, n in s.execute(_DONG_SQL, {"dong": dong, "n": limit})})
    chosen, people = [], 0
    for hid, (address, members) in sorted(found.items(), key=lambda kv: (kv[1][0], kv[0])):
        if people >= limit:
            break
        chosen.append((hid, address, members))
        people += members
    return chosen


_MEMBER_QUERIES: dict[tuple[bool, bool, bool], Any] = {}


def _member_query(by_rowid: bool, by_id: bool, by_household: bool):
    """The people found (one statement per shape, cached)."""
    key = (by_rowid, by_id, by_household)
    if key not in _MEMBER_QUERIES:
        rowid = literal_column("member.rowid")
        conds = []
        if by_rowid:
            conds.append(rowid.in_(bindparam("rids", expanding=True)))
        if by_id:
            conds.append(Member.id.in_(bindparam("mids", expanding=True)))
        if by_household:
            conds.append(Member.household_id.in_(bindparam("hids", expanding=True)))
        _MEMBER_QUERIES[key] = select(rowid, Member.id, Member.household_id, Member.name, Member.rrn_masked,
                                      Member.phone, Member.is_head).where(or_(*conds))
    return _MEMBER_QUERIES[key]


def _household_query():
    newer = aliased(Case)
    latest_case = (select(newer.id).where(newer.household_id == Household.id)
                   .order_by(newer.opened_on.desc()).limit(1).correlate(Household).scalar_subquery())
    return (select(Household.id, Household.address, Dong.name, Case.id, Case.case_no, Case.stage)
            .join(Dong, Dong.id == Household.dong_id).outerjoin(Case, Case.id == latest_case)
            .where(Household.id.in_(bindparam("hids", expanding=True))))


_HOUSEHOLD_QUERY = _household_query()
