"""A new laptop joins a center that already has a hub: an empty encrypted store, filled by a pull."""
from __future__ import annotations

import uuid
from pathlib import Path

from app.services.context import ServiceContext, actor_for, audit
from app.services.errors import AccessDenied
from models.entities import Meta, Staff
from models.keyslots import KdfParams
from models.store import EncryptedStore

from .engine import PROTOCOL, SyncEngine
from .hub import HubConnection, HubTls


def join_center(path: Path, *, username: str, password: str, dsn: str,
                kdf: KdfParams | None = None, tls: HubTls | None = None) -> ServiceContext:
    """Create this device's store for `username` and pull what that person may see."""
    store = EncryptedStore.create(Path(path), username, password, kdf)
    try:
        device_id = str(uuid.uuid4())
        with store.session() as s:
            s.add(Meta(key="device_id", value=device_id))
        with HubConnection(dsn, tls=tls) as hub:
            staff_id = hub.hello(device_id, PROTOCOL, "")["staff_id"]
            SyncEngine(store.engine, device_id, staff_id, hub).run()
        with store.session() as s:
            staff = s.get(Staff, staff_id)
            if staff is None or staff.username != username or not staff.active:
                raise AccessDenied("서버의 직원 정보와 아이디가 맞지 않습니다. 관리자에게 문의하세요.")
            ctx = ServiceContext(store, actor_for(staff), device_id=device_id)
            audit(s, ctx, "create", "device", None, purpose="기기 연결")
        return ctx
    except BaseException:
        store.close()
        for leftover in (Path(path), Path(str(path) + ".keys"), Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
