"""Errors the services raise. `str(error)` is a Korean sentence fit to show to a case manager."""
from __future__ import annotations

from .particles import particle


class ServiceError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(ServiceError):
    """Bad input: nothing was saved."""


class WorkflowError(ServiceError):
    """The step is not allowed at this stage of the case (DOMAIN.md stage order)."""


class AccessDenied(ServiceError):
    """The signed-in staff member may not see or change this record. When `subject` is given,
    ServiceContext.session() writes the refusal to the access log after rolling back."""

    def __init__(self, message: str = "이 사례에 접근할 권한이 없습니다.", *, subject: str | None = None,
                 entity: str = "case_file", action: str = "view"):
        super().__init__(message)
        self.subject, self.entity, self.action = subject, entity, action


class NotFound(ServiceError):
    def __init__(self, what: str = "기록"):
        super().__init__(f"{particle(what, '을/를')} 찾을 수 없습니다.")
