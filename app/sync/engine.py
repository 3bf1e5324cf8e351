"""One sync round against the hub: hello and version checks, push in batches, pull in pages.

Order matters: the outbox is pushed first, so that by the time pages are pulled nearly every
local change is merged on the hub and its merged state has come back in the push reply.

Interruptions: each step commits on the hub and then locally, and each is safe to repeat:
- a push batch the hub committed but whose reply was lost is sent again; the hub finds the op
  ids it already applied and answers as before (nothing is applied twice);
- a pull page whose local transaction did not commit leaves the local cursor where it was, so
  the same page is fetched again; records are whole states, so applying one twice is harmless.
"""
from __future__ import annotations

import json
import logging
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Callable

from sqlalchemy import Engine

from models.errors import StoreError
from models.keyslots import open_with_password
from models.migrations import head_revision

from . import local
from .errors import (ClockSkewError, DeviceRevokedError, HubTooOldError, SyncCancelled,
                     UpdateRequiredError, WrongCredentialsError)
from .hub import CENTER_KEY_PURPOSE, HubConnection

if TYPE_CHECKING:
    from models.store import EncryptedStore

PROTOCOL = 1          # what this client speaks
# The hub schema this client relies on: unique keys (4), destruction (5), the center's field key
# (6), shared devices and per-person cursors (7); device codes of case numbers (8) are claimed when
# the hub has them. An older hub is told to upgrade (`hub setup`)
# rather than half-served: a destruction sent to it would be refused and lost.
MIN_HUB_SCHEMA = 7

SECRET_KEY = "sync.device_secret"
UNREADABLE_KEY = "sync.field_key_unreadable"   # "<staff id>:<salt>" of a copy that did not open (a reissue has a new salt)
PULLED_KEY = "sync.pulled"                     # + ":<staff id>": records pulled in all (see pulled_key)
GENERATION_KEY = "sync.hub_generation"         # the hub generation this device last synced with (hub 009)
# Operations sent this long before the newest one a restored backup holds go again too: the device's
# clock may be off by up to max_clock_skew_s, and a push that was waiting for the hub's write lock
# while the backup was taken carries an earlier time. Sending one the hub has is harmless (op ids).
RESEND_MARGIN = timedelta(hours=1)

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]


@dataclass
class SyncReport:
    pushed: int = 0               # operations the hub acknowledged in this round
    conflicts: int = 0            # of those, how many became (or touched) a conflict
    destroyed: int = 0            # of those, how many named a case destroyed meanwhile (kept nowhere)
    held: int = 0                 # changes built on a colleague's unsent ones (shared PC): sent after theirs
    pulled: int = 0               # hub records applied locally
    removed: list[str] = field(default_factory=list)  # scopes (cases/households) removed here
    pending: int = 0              # local changes still waiting (made during the sync)
    field_key: str = ""           # "installed" | "unreadable" (the hub's copy did not open) | ""
    hub_restored: bool = False    # the hub was restored from a backup since this device last synced
    resent: int = 0               # operations marked to go out again for that reason (anyone's on a shared PC)
    seconds: float = 0.0
    finished_at: datetime | None = None


class SyncEngine:
    def __init__(self, engine: Engine, device_id: str, staff_id: str, hub: HubConnection, *,
                 batch_size: int = 2000, page_size: int = 5000, hook: Callable[[str], None] | None = None,
                 progress: Progress | None = None, cancel: threading.Event | None = None,
                 clock: Callable[[], float] = time.time, store: "EncryptedStore | None" = None,
                 hub_password: str | None = None):
        self.engine = engine
        self.device_id = device_id
        self.staff_id = staff_id
        self.hub = hub
        self.batch_size = batch_size
        self.page_size = page_size
        self.hook = hook or (lambda point: None)
        self.progress = progress or (lambda stage, done, total: None)
        self.cancel = cancel or threading.Event()
        self.clock = clock
        self.store = store                # to receive the center's field key (see fetch_center_key)
        self.hub_password = hub_password  # opens this login's sealed copy of that key
        self.field_key_status = ""
        self.hub_restored = False
        self.resent = 0
        self.last_seq: int | None = None   # hub.hello's highest change number (hub 009): the pull estimate

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise SyncCancelled()

    # --- versions, clock, device ---
    def handshake(self) -> dict:
        info = self.hub.hello(self.device_id, PROTOCOL, head_revision())
        if int(info["min_protocol"]) > PROTOCOL:
            raise UpdateRequiredError()
        if int(info["protocol"]) < PROTOCOL or int(info["schema"]) < MIN_HUB_SCHEMA:
            raise HubTooOldError()
        skew = abs(float(info["now"]) - self.clock())
        if skew > float(info["max_clock_skew_s"]):
            raise ClockSkewError(max(1, round(skew / 60)))
        if info["staff_id"] != self.staff_id:
            raise WrongCredentialsError("동기화 서버 계정이 지금 로그인한 직원의 계정과 다릅니다. 설정을 확인하세요.")
        if info["device"] == "revoked":
            raise DeviceRevokedError()
        if info["device"] in ("unregistered", "new_user") or (info.get("first_user") and not info.get("has_secret")):
            # new_user: another person's office PC, joined with the secret its store keeps.
            secret = self.device_secret() if int(info["schema"]) >= 7 else None   # the upgrade tests' older hubs
            self.hub.register_device(self.device_id, socket.gethostname(), PROTOCOL, secret)
        self.adopt_device_cursor(bool(info.get("first_user")))
        self.hub_restored = self.notice_generation(info)
        if int(info["schema"]) >= 6:    # always, past MIN_HUB_SCHEMA; the upgrade tests run older hubs
            self.fetch_center_key()
        if int(info["schema"]) >= 8:
            self.claim_case_code(again=self.hub_restored)
        return info

    def notice_generation(self, info: dict) -> bool:
        """Whether the hub went back in time since this device last synced (restored from a
        backup, hub schema 9). If so, in one local transaction: every operation pushed since the
        backup is marked unsent again (the push that follows sends them; the hub answers those it
        has as replays and applies the others), every person's pull cursor goes back to the start
        (the hub's change numbers went back too, and records changed after the backup are older
        there now), and the new generation is remembered."""
        token = info.get("generation")
        if not token:
            return False   # a hub before schema 9
        with self.engine.connect() as conn:
            known = local.get_meta(conn, GENERATION_KEY)
            if known == token:
                return False
            cursor = int(local.get_meta(conn, self.cursor_key, "0"))
            last_sync = local.get_meta(conn, local.LAST_SYNC_KEY)
        ahead = cursor > int(info.get("last_seq") or 0)   # seen changes the hub no longer has
        restored_at = info.get("restored_at")
        # No generation known yet (a new device, or a hub just upgraded to 9): gone back only if this
        # device synced before a restore it knows nothing of.
        synced_before_restore = bool(last_sync and restored_at is not None
                                     and datetime.fromisoformat(last_sync).timestamp() < float(restored_at))
        if known is None and not ahead and not synced_before_restore:
            with local.remote_writes(self.engine) as conn:
                local.set_meta(conn, GENERATION_KEY, token)
            return False
        since = info.get("restored_from")
        resend_from = None if since is None else (datetime.fromtimestamp(float(since), timezone.utc) - RESEND_MARGIN
                                                  - timedelta(seconds=float(info.get("max_clock_skew_s") or 0)))
        with local.remote_writes(self.engine) as conn:
            self.resent = local.rewind(conn, resend_from)
            local.set_meta(conn, GENERATION_KEY, token)
        log.warning("the hub was restored from a backup: %d operations to send again", self.resent)
        return True

    def claim_case_code(self, again: bool = False) -> None:
        """Make this device's 사례번호 code its own in the center (hub schema 8): the code drawn
        from its id if no other device has it, else a random free one. Once, then kept in meta;
        `again` (the hub was restored from a backup, which may predate the claim): the same code
        is claimed once more, since this device's case numbers already use it."""
        from app.services.cases import CASE_CODE_META, device_code, random_case_code
        with self.engine.connect() as conn:
            own = local.get_meta(conn, CASE_CODE_META)
        if own and again:
            if self.hub.claim_case_code(self.device_id, PROTOCOL, own) != own:
                log.warning("case number code taken by another device after the hub was restored")
            return
        if own:
            return
        for attempt in range(50):
            wanted = device_code(self.device_id) if attempt == 0 else random_case_code()
            granted = self.hub.claim_case_code(self.device_id, PROTOCOL, wanted)
            if granted:
                with local.remote_writes(self.engine) as conn:
                    local.set_meta(conn, CASE_CODE_META, granted)
                return
        log.warning("no free case number code")   # keeps numbering with its own; the hub refuses clashes

    def device_secret(self) -> str:
        """A random secret kept in this device's encrypted store, made once: the hub lets only
        someone who can open the store join the device (hub 007)."""
        with self.engine.connect() as conn:
            secret = local.get_meta(conn, SECRET_KEY)
        if secret is None:
            secret = secrets.token_hex(32)
            with local.remote_writes(self.engine) as conn:
                local.set_meta(conn, SECRET_KEY, secret)
        return secret

    @property
    def cursor_key(self) -> str:
        """Each person who syncs this device pulls from their own position (what one person may
        see is not what another may)."""
        return f"{local.CURSOR_KEY}:{self.staff_id}"

    def adopt_device_cursor(self, mine: bool) -> None:
        """A store from before per-person cursors kept one cursor: it belongs to the person the
        device was registered to; anyone else starts from the beginning."""
        with self.engine.connect() as conn:
            old = local.get_meta(conn, local.CURSOR_KEY)
            needed = old is not None and mine and local.get_meta(conn, self.cursor_key) is None
        if needed:
            with local.remote_writes(self.engine) as conn:
                local.set_meta(conn, self.cursor_key, old)

    def fetch_center_key(self) -> None:
        """A device without the center's field key takes it from the hub, where the administrator
        left a copy sealed under this person's hub password (resources/hub/migrations/006_key_slots.sql, functions/keys.sql).
        Until then RRNs sealed on other devices cannot be opened here; nothing else depends on it."""
        if self.store is None or self.store.cipher.has_center_key or not self.hub_password:
            return
        slot = self.hub.field_key_slot(self.device_id, PROTOCOL)
        if not slot:
            return
        this_copy = f"{self.staff_id}:{slot.get('salt')}"   # a reissued copy has a new salt
        with self.engine.connect() as conn:
            failed_before = local.get_meta(conn, UNREADABLE_KEY) == this_copy
        if failed_before:   # the same copy did not open last time: no second Argon2 run for it
            self.field_key_status = "unreadable"
            return
        try:
            key = open_with_password(slot, self.hub_password, CENTER_KEY_PURPOSE)
            self.store.install_center_key(key, author=self.staff_id)
        except StoreError:   # WrongPasswordError too: the hub password changed since the copy was made
            log.warning("center field key from the hub did not open")
            self.field_key_status = "unreadable"
            with local.remote_writes(self.engine) as conn:
                local.set_meta(conn, UNREADABLE_KEY, this_copy)
        else:
            self.field_key_status = "installed"

    # --- push ---
    def push(self, report: SyncReport) -> None:
        with self.engine.connect() as conn:
            total = local.pending_count(conn, self.staff_id)
            # Nobody else's unsent changes: none appear while this person pushes, so that is not
            # asked again per batch (when there are some, it is: a reply may move their records).
            held = {} if not local.held_for_others(conn, self.staff_id) else None
        done, from_seq = 0, 0
        while True:
            self._check_cancel()
            with self.engine.connect() as conn:
                # Only this person's changes: on a shared office PC the others push their own.
                ops, from_seq = local.pending_batch(conn, self.batch_size, self.staff_id, from_seq=from_seq,
                                                    held=held)
            if not ops:
                with self.engine.connect() as conn:
                    report.held = local.pending_count(conn, self.staff_id)   # waiting for a colleague
                return
            reply = self.hub.push(self.device_id, PROTOCOL, ops)
            with local.remote_writes(self.engine) as conn:
                local.mark_pushed(conn, (r["op_id"] for r in reply["results"]))
                skip = local.pending_keys(conn, self.staff_id, reply["records"])
                applied = local.apply_records(conn, reply["records"], skip)
                local.mark_refreshed(conn, applied)
                self.hook("push.before_local_commit")
            report.pushed += len(reply["results"])
            report.conflicts += sum(1 for r in reply["results"] if r["status"] not in ("applied", "destroyed"))
            report.destroyed += sum(1 for r in reply["results"] if r["status"] == "destroyed")
            done += len(ops)
            self.progress("push", done, max(total, done))

    # --- pull ---
    @property
    def pulled_key(self) -> str:
        """Records this person has pulled onto this device in all, kept with the cursor (same
        transaction): a resumed first join counts on from there."""
        return f"{PULLED_KEY}:{self.staff_id}"

    def estimate_total(self, start: int, position: int, rows: int, more: bool) -> int | None:
        """Rows this round will bring in all, estimated from hub.hello's last_seq: the hub's change
        numbers run 1..last_seq, and what this person may see is taken to be spread evenly over
        them (rows so far per change number passed). Not a count: counting the visible records
        beyond the cursor would cost the hub a scan of them all on every sync."""
        if not more:
            return rows
        if self.last_seq is None or position <= start or self.last_seq <= start:
            return None
        passed = (position - start) / (self.last_seq - start)
        return max(rows, round(rows / min(passed, 1.0)))

    def pull(self, report: SyncReport) -> None:
        with self.engine.connect() as conn:
            position, acks = int(local.get_meta(conn, self.cursor_key, "0")), local.removal_acks(conn)
            pulled_in_all = int(local.get_meta(conn, self.pulled_key, "0"))
        start = position
        while True:
            self._check_cancel()
            page = self.hub.pull(self.device_id, PROTOCOL, position, self.page_size, acks)
            with local.remote_writes(self.engine) as conn:
                # A scope with anyone's unsent change stays until that goes out (the colleague may not
                # be a user of this device on the hub yet), unless it was destroyed: then nothing of
                # it may stay, and the change would be refused anyway.
                busy = local.pending_scopes(conn) - set(page.get("destroyed", ())) if page["removed"] else set()
                removed = [s for s in page["removed"] if s not in busy]  # unsent changes go out first
                for scope in removed:
                    local.remove_scope(conn, scope)
                skip = local.pending_keys(conn, self.staff_id, page["records"])
                applied = local.apply_records(conn, page["records"], skip, self.hook)
                local.mark_refreshed(conn, local.keys_with_history(conn, applied))
                local.set_meta(conn, self.cursor_key, str(page["cursor"]))
                local.set_meta(conn, self.pulled_key, str(pulled_in_all + len(applied)))
                local.set_meta(conn, local.ACK_KEY, json.dumps(removed))
                self.hook("pull.before_local_commit")
            position, acks = page["cursor"], removed
            pulled_in_all += len(applied)
            report.pulled += len(applied)
            report.removed += [s for s in removed if s not in report.removed]
            # done and (estimated) total of this round; a resumed join adds what it had before
            self.progress("pull", report.pulled, self.estimate_total(start, position, report.pulled, page["more"]))
            if not page["more"]:
                return

    def run(self) -> SyncReport:
        started = time.perf_counter()
        report = SyncReport()
        self.progress("connect", 0, None)
        info = self.handshake()
        self.last_seq = None if info.get("last_seq") is None else int(info["last_seq"])
        report.field_key = self.field_key_status
        report.hub_restored, report.resent = self.hub_restored, self.resent
        self.push(report)
        self.pull(report)
        finished = datetime.now(timezone.utc)
        with local.remote_writes(self.engine) as conn:
            local.set_meta(conn, local.LAST_SYNC_KEY, finished.isoformat())
            report.pending = local.pending_count(conn, self.staff_id)
        report.seconds = time.perf_counter() - started
        report.finished_at = finished
        self.progress("done", 1, 1)
        return report
