"""Errors of the store, each with a message a person can act on (Korean)."""
from __future__ import annotations


class StoreError(Exception):
    """A problem opening or using the encrypted store. `str(e)` is shown to the user."""

    default = "데이터베이스를 열 수 없습니다."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default)


class WrongPasswordError(StoreError):
    default = "아이디 또는 비밀번호가 올바르지 않습니다."


class CorruptStoreError(StoreError):
    default = ("데이터베이스 파일이 손상되었거나 이 키 파일과 맞지 않습니다. "
               "파일은 그대로 두었습니다. 백업에서 복원하거나 관리자에게 문의하세요.")


class MissingStoreError(StoreError):
    default = "데이터베이스 파일이 없습니다. 새로 만들려면 '새 데이터베이스 만들기'를 사용하세요."


class NewerStoreError(StoreError):
    default = ("이 데이터베이스는 더 새로운 버전의 프로그램에서 사용되었습니다. "
               "프로그램을 업데이트한 뒤 여십시오. 파일은 그대로 두었습니다.")
