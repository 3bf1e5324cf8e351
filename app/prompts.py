"""Passwords for the command line: read from a named environment variable (scripts, CI) or typed
at a terminal without echo; never taken as an argument, where `ps` and shell history would keep it."""
from __future__ import annotations

import getpass
import os
import sys

from app.services.errors import ValidationError


def secret(env_name: str | None, prompt: str, *, confirm: bool) -> str:
    if env_name:
        value = os.environ.get(env_name)
        if not value:
            raise ValidationError(f"환경변수 {env_name}에 비밀번호가 없습니다.")
        return value
    if not sys.stdin.isatty():
        raise ValidationError("비밀번호를 입력받을 터미널이 없습니다. --password-env 같은 환경변수 옵션을 쓰세요.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("한 번 더 입력: ") != first:
        raise ValidationError("두 비밀번호가 다릅니다.")
    return first
