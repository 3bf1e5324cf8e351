"""Sync errors. `str(error)` is a Korean sentence a case manager can act on; no personal data."""
from __future__ import annotations


class SyncError(Exception):
    default = "동기화하지 못했습니다. 잠시 후 다시 시도하세요. 입력한 내용은 이 컴퓨터에 안전하게 남아 있습니다."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default)
        self.message = message or self.default


class NoNetworkError(SyncError):
    default = ("동기화 서버에 연결할 수 없습니다. 네트워크 연결을 확인하세요. "
               "입력한 내용은 이 컴퓨터에 남아 있고, 연결되면 보내집니다.")


class WrongCredentialsError(SyncError):
    default = "동기화 서버 계정(아이디 또는 비밀번호)이 올바르지 않습니다. 관리자에게 확인하세요."


class ClockSkewError(SyncError):
    def __init__(self, minutes: int):
        super().__init__(f"이 컴퓨터의 시계가 서버와 약 {minutes}분 차이 납니다. "
                         "날짜와 시간을 맞춘 뒤 다시 동기화하세요.")
        self.minutes = minutes


class UpdateRequiredError(SyncError):
    default = ("이 프로그램은 동기화 서버보다 오래된 버전입니다. 프로그램을 업데이트한 뒤 동기화하세요. "
               "업데이트 전에도 이 컴퓨터에서 계속 작업할 수 있고, 입력한 내용은 보관됩니다.")


class HubTooOldError(SyncError):
    default = "동기화 서버가 이 프로그램보다 오래된 버전입니다. 관리자에게 서버 업데이트를 요청하세요."


class DeviceRevokedError(SyncError):
    default = ("이 기기는 동기화가 중지되었습니다(분실 신고 또는 관리자 조치). "
               "관리자에게 문의하세요. 이 기기의 변경 내용은 서버로 보내지지 않습니다.")


class DeviceOwnerError(SyncError):
    default = "이 기기는 다른 직원 계정으로 등록되어 있습니다. 관리자에게 문의하세요."


class InsecureConnectionError(SyncError):
    default = ("동기화 서버 연결 설정이 암호화를 보장하지 않습니다(sslmode disable/allow/prefer). "
               "관리자에게 서버 인증서(CA) 파일을 받아 설정하세요. 입력한 내용은 이 컴퓨터에 남아 있습니다.")


class HubCertificateError(SyncError):
    default = ("동기화 서버의 인증서를 확인할 수 없습니다. 설정한 인증서(CA) 파일이 이 서버의 것인지 "
               "관리자에게 확인하세요. 다른 서버에 연결되었을 수 있어 아무것도 보내지 않았습니다.")


class SyncCancelled(SyncError):
    default = "동기화를 취소했습니다. 이미 보낸 내용과 받은 내용은 그대로 유지됩니다."


class SyncFileError(SyncError):
    default = "동기화 파일을 가져올 수 없습니다. 아무것도 바뀌지 않았습니다."


class SyncFileDamaged(SyncFileError):
    default = ("동기화 파일이 손상되었거나 잘렸거나, 다른 기관 또는 다른 암호로 만든 파일입니다. "
               "아무것도 바뀌지 않았습니다.")


class SyncFileReplayed(SyncFileError):
    default = "이미 가져온 동기화 파일이거나 더 오래된 파일입니다. 아무것도 바뀌지 않았습니다."
