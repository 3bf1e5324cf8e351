"""개인정보 수집·이용 및 제3자 제공 동의서: seed 003 wording, case data, blank version."""

from __future__ import annotations

import dataclasses

import pytest
from report_samples import CLIENT, MOTHER, SON, has_page_number, squash

from reports import LegalRepresentative, render_consent

# Seed 003, "9. 개인정보 보호" (lines ~811-850), word for word.
SEED_SENTENCES = [
    "개인정보 제3자 제공 내역",
    "제공받는 기관",
    "제공목적",
    "제공하는 항목",
    "보유기간",
    "- 사례관리 담당자",
    "- 사례회의 참석자(기관)",
    "- 『사회보장급여의 이용·제공 및 수급권자 발굴에 관한 법률』 제2조에 따른 보장기관 및 "
    "제5조 제항에 따라 보장기관의 장으로부터 권한 또는 업무의 일부를 위임받은 공공기관",
    "- 동법 제16조제2항에 따른 관계 기관·법인·단체·시설",
    "- 7대 공공부문 사례관리 사업(통합사례관리, 노인돌봄 기본서비스, 드림스타트, 방문건강관리, "
    "의료급여사례 관리, 자활사례관리, 중독 및 정신건강사례관리) 수행 기관 및 시설",
    "통합사례관리 서비스 제공",
    "- 대상자 정보 (성명, 주민등록번호*, 연락처, 주소)",
    "- 가족구성원 정보 (성명, 연령, 동거여부, 연락처)",
    "- 사례관리 정보 (가족력, 개인력, 서비스 제공이력 등)",
    "통합사례관리 서비스 종결 후 5년",
    "* 주민등록번호는 『사회보장급여의 이용·제공 및 수급권자 발굴에 관한 법률』 시행령 제27조에 "
    "따라 수집·이용",
    "※ 위의 개인정보를 제 3자에게 제공하는데 동의를 거부할 권리가 있습니다. 그러나 동의를 "
    "거부할 경우 원활한 서비스 제공에 일부 제한을 받을 수 있습니다.",
    "☞ 위와 같이 개인정보를 제3자에게 제공하는데 동의하십니까?",
    "동의함",
    "동의하지 않음",
]
# The collection part must explain purpose, legal basis, use, handling after the purpose is met
# and how to object (seed 003: "대상자 동의를 통한 개인정보 수집").
COLLECTION_TOPICS = ["수집·이용 목적", "법적 근거", "정보의 활용", "목적달성 후 처리방법", "이의제기 절차"]


def test_filled_form_has_seed_wording_and_case_data(consent_data, poppler) -> None:
    text = squash(poppler.text(render_consent(consent_data)))
    for sentence in SEED_SENTENCES + COLLECTION_TOPICS:
        assert squash(sentence) in text, sentence
    assert squash("서비스 제공기관(기관명 : 홍은종합사회복지관, 서대문구정신건강복지센터)") in text
    assert "개인정보수집·이용및제3자제공동의서" in text
    for value in (CLIENT.name, CLIENT.phone, CLIENT.address, SON.name, SON.phone, MOTHER.name):
        assert squash(value) in text, value
    assert "900101-1******" in text
    assert "1234567" not in text  # the RRN's back digits stay masked
    # Recorded answers: collection agreed, third-party provision refused.
    assert "☞위와같이개인정보를수집·이용하는데동의하십니까?■동의함□동의하지않음" in text
    assert "제공하는데동의하십니까?□동의함■동의하지않음" in text
    assert "2024년3월5일" in text
    assert "대상자성명:김철수(서명또는인)" in text
    assert "담당자:박지현(서명또는인)" in text
    assert "연희동주민센터귀하" in text
    assert "법정대리인" not in text  # none recorded


def test_full_rrn_only_when_the_data_asks(consent_data, poppler) -> None:
    full = dataclasses.replace(consent_data, show_full_rrn=True)
    assert "900101-1234567" in poppler.text(render_consent(full))


def test_legal_representative_line(consent_data, poppler) -> None:
    data = dataclasses.replace(consent_data, legal_representative=LegalRepresentative("김영수", "부"))
    text = squash(poppler.text(render_consent(data)))
    assert "법정대리인성명(관계:부):김영수(서명또는인)" in text


@pytest.mark.parametrize("how", ["blank flag", "no client"])
def test_blank_form_for_handwriting(consent_data, poppler, how) -> None:
    if how == "blank flag":
        pdf = render_consent(consent_data, blank=True)
    else:
        pdf = render_consent(dataclasses.replace(consent_data, client=None))
    raw = poppler.text(pdf)
    text = squash(raw)
    for sentence in SEED_SENTENCES:
        assert squash(sentence) in text, sentence
    for value in ("김철수", "900101", "010-", "연희로", "김민준", "홍은종합사회복지관", "박지현", "2024"):
        assert value not in text, value
    assert "■" not in text
    assert text.count("□동의함□동의하지않음") == 2
    assert "서비스제공기관(기관명:)" in text
    assert "년월일" in text
    assert "법정대리인성명(관계:)" in text
    pages = poppler.pages(pdf)
    assert len(pages) == 2
    assert has_page_number(pages[0], 1) and has_page_number(pages[1], 2)
