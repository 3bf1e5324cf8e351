"""Per-user drafts of long forms, so a refused save or a closed window never costs what was typed."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime


from models.entities import Meta

from ..context import ServiceContext

# --- drafts of long forms ----------------------------------------------------------------------
# Drafts hold personal data, so they live inside the encrypted store (the local `meta` table,
# which is never synced), keyed per staff member and form; never in a plaintext temp file.

DRAFT_PREFIX = "draft:"


def _draft_key(ctx: ServiceContext, form_key: str) -> str:
    digest = hashlib.sha256(f"{ctx.actor.staff_id}|{form_key}".encode("utf-8")).hexdigest()
    return DRAFT_PREFIX + digest[:40]  # meta.key is at most 50 characters


def save_draft(ctx: ServiceContext, form_key: str, fields: dict) -> None:
    text = json.dumps({"form": form_key, "fields": fields, "saved_at": datetime.now().isoformat()},
                      ensure_ascii=False, default=str)
    with ctx.session() as s:
        key = _draft_key(ctx, form_key)
        row = s.get(Meta, key)
        if row is None:
            s.add(Meta(key=key, value=text))
        else:
            row.value = text


def load_draft(ctx: ServiceContext, form_key: str) -> dict | None:
    with ctx.session() as s:
        row = s.get(Meta, _draft_key(ctx, form_key))
        if row is None:
            return None
        data = json.loads(row.value)
        return data.get("fields") if data.get("form") == form_key else None


def discard_draft(ctx: ServiceContext, form_key: str) -> None:
    with ctx.session() as s:
        row = s.get(Meta, _draft_key(ctx, form_key))
        if row is not None:
            s.delete(row)
