"""What a signed-in window needs: the service context, the database worker and reference lists."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .changes import ChangeNotices
from .tasks import TaskRunner


@dataclass(frozen=True)
class Reference:
    """Lists that change rarely (동, staff, resources, case types): loaded once after sign-in."""
    center: str = ""
    dongs: tuple = ()
    staff: tuple = ()
    resources: tuple = ()
    case_types: tuple[str, ...] = ()
    reply_days: int = 14
    idle_lock_minutes: int = 10


def load_reference(ctx) -> Reference:
    from app.services.views import reference
    settings = reference.center_settings(ctx)
    return Reference(reference.center_name(ctx), tuple(reference.dongs(ctx)), tuple(reference.staff_list(ctx)),
                     tuple(reference.resource_list(ctx)), tuple(reference.case_types(ctx)),
                     settings.get("referral_reply_days", 14), int(settings.get("idle_lock_minutes", 10)))


def sync_status_text(ctx) -> str:
    """The home page's and status bar's sync line (runs on the database worker)."""
    from .sync import sync_status_text as text
    return text(ctx)


@dataclass
class UiSession:
    ctx: object
    runner: TaskRunner
    reference: Reference = field(default_factory=Reference)
    sync_status: Callable[[object], str] = sync_status_text
    # Sync runs on its own worker (network waits must not hold up the screens' reads); made by MainWindow.
    sync_runner: TaskRunner | None = None
    # What each write changed, for the screens to refresh themselves (ui/changes.py).
    notices: ChangeNotices = field(default_factory=ChangeNotices)

    def __post_init__(self) -> None:
        self.notices.attach(self.ctx.store)

    def use_context(self, ctx) -> None:
        """After an unlock: the new sign-in's context and store."""
        self.ctx = ctx
        self.notices.attach(ctx.store)

    @property
    def db_path(self) -> Path:
        return Path(self.ctx.store.path)
