<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ko_KR">
<context>
    <name />
    <message>
        <location filename="../../ui/home.py" line="64" />
        <source>사례번호</source>
        <translation type="unfinished">Case no.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="64" />
        <source>동의한 사람</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/home.py" line="65" />
        <source>동의 종류</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/home.py" line="66" />
        <source>기간 만료일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/home.py" line="67" />
        <source>남은 날</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/home.py" line="67" />
        <source>만료됨</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/home.py" line="67" />
        <source>{0}일</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AccessReviewPage</name>
    <message>
        <location filename="../../ui/admin.py" line="62" />
        <source>점검</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="66" />
        <source>점검 월</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="68" />
        <source>년</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="70" />
        <source>월</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="74" />
        <source>점검할 달을 고르고 [점검]을 누르세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="81" />
        <source>직원별 활동</source>
        <translation>Activity by staff member</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="82" />
        <source>이 달의 접속기록이 없습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="83" />
        <source>거부: 권한 없는 사례에 접근하려다 거부된 횟수 · 민감 작업: 출력, 내보내기, 주민등록번호 열람, 공유, 파기 · 업무시간 외: 21시~7시. 빨간 숫자는 사유를 확인하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="108" />
        <source>끝부분 삭제</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="109" />
        <source>⚠ 접속기록 위·변조 의심: 기록의 연결(해시 체인)이 끊어진 곳이 있습니다 (순번 {0}). 관리자와 함께 원인을 확인하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="114" />
        <source>✓ 접속기록 무결성 확인: 처음부터 지금까지 고쳐지거나 지워진 기록이 없습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="118" />
        <source>{0}년 {1}월: 기록 {2}건, 직원 {3}명, 거부 {4}건</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AddStaffDialog</name>
    <message>
        <location filename="../../ui/admin.py" line="254" />
        <source>직원 추가</source>
        <translation>Add staff member</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="256" />
        <source>아이디</source>
        <translation type="unfinished">User name</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="257" />
        <source>영문, 숫자, '.', '_', '-'</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="258" />
        <source>이름</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="259" />
        <source>역할</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="260" />
        <source>팀</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="261" />
        <source>소속 기관</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="262" />
        <source>담당 동</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="262" />
        <source>(없음)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="264" />
        <source>처음 비밀번호</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="265" />
        <source>비밀번호 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="266" />
        <source>처음 비밀번호는 직원에게 직접 알려 주고, 첫 로그인 뒤 [비밀번호 변경]으로 바꾸게 하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="271" />
        <source>추가</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AssessmentDialog</name>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="22" />
        <source>욕구 및 위기도 조사 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="29" />
        <source>조사일</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="30" />
        <source>조사 대상</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="34" />
        <source>예상 위기도</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="45" />
        <source>대상자가 말한 욕구</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="46" />
        <location filename="../../ui/dialogs/assessment.py" line="53" />
        <source>사례관리자 의견</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="47" />
        <location filename="../../ui/dialogs/assessment.py" line="54" />
        <source>강점·자원</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="50" />
        <source>긴급도</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="52" />
        <source>대상자 욕구(대상자의 말)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="64" />
        <source>선별도구</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="66" />
        <source>도구</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="67" />
        <source>점수</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="67" />
        <source>선별검사 추가</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="71" />
        <source>종합 의견</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="84" />
        <source>계획 목표 대비 변화</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="90" />
        <source>장기: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="91" />
        <source>단기: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="108" />
        <source>이번 긴급도 {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="110" />
        <source>나아짐</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="110" />
        <source>그대로</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="110" />
        <source>나빠짐</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="111" />
        <source>긴급도 {0} → {1} ({2})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="167" />
        <source>없음</source>
        <translation type="unfinished">none</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="168" />
        <source>조사 결과</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/assessment.py" line="169" />
        <source>위기도: {0} — {1}
제안 사례유형: {2}
의뢰 가능 사업: {3}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>BackupController</name>
    <message>
        <location filename="../../ui/backup.py" line="71" />
        <source>백업을 취소했습니다. 이전 백업은 그대로 있습니다.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>BackupListDialog</name>
    <message>
        <location filename="../../ui/backup.py" line="101" />
        <source>백업 목록</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="103" />
        <source>닫기</source>
        <translation type="unfinished">Close</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="106" />
        <source>백업한 때</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="106" />
        <source>위치</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="106" />
        <source>크기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="107" />
        <source>검증 결과</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="107" />
        <source>보관 기한</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="115" />
        <source>지금 백업</source>
        <translation type="unfinished">Back up now</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="117" />
        <source>두 번째 백업 폴더…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="120" />
        <source>복원…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="127" />
        <source>백업은 암호화되어 있으며 매일 한 번과 종료할 때 자동으로 만들어집니다. 최근 7일·4주·12개월의 백업을 남기고, 370일이 지난 백업은 지웁니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="155" />
        <source>기본(데이터 폴더)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="155" />
        <source>두 번째 폴더</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="163" />
        <source>두 번째 백업 폴더: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="164" />
        <source>두 번째 백업 폴더: 지정하지 않음 (USB 드라이브나 사무실 NAS를 지정할 수 있습니다)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="166" />
        <source>아직 백업이 없습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="169" />
        <source>백업 중…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="173" />
        <source>{0} {1}%</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="176" />
        <source>백업했고 검증도 마쳤습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="180" />
        <source>두 번째 백업 폴더</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../ui/case_view.py" line="78" />
        <source>불러오는 중…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>동의 기록</source>
        <translation>Record consent</translation>
    </message>
    <message>
        <source>초기상담 결정</source>
        <translation>Intake decision</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="137" />
        <source>욕구·위기도 조사</source>
        <translation>Needs &amp;&amp; crisis assessment</translation>
    </message>
    <message>
        <source>사례회의</source>
        <translation>Case meeting</translation>
    </message>
    <message>
        <source>서비스 계획</source>
        <translation>Service plan</translation>
    </message>
    <message>
        <source>계획 동의</source>
        <translation>Plan agreement</translation>
    </message>
    <message>
        <source>상담 기록</source>
        <translation>Contact log</translation>
    </message>
    <message>
        <source>타 사업 의뢰</source>
        <translation>Refer to program</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="147" />
        <source>사례사업비</source>
        <translation>Case expenses</translation>
    </message>
    <message>
        <source>종결</source>
        <translation>Close case</translation>
    </message>
    <message>
        <source>사후관리 계획</source>
        <translation>Follow-up plan</translation>
    </message>
    <message>
        <source>사후관리 결과</source>
        <translation>Follow-up result</translation>
    </message>
    <message>
        <source>사후관리 종료</source>
        <translation>End follow-up</translation>
    </message>
    <message>
        <source>공유…</source>
        <translation>Share…</translation>
    </message>
    <message>
        <source>담당자 변경…</source>
        <translation>Reassign…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="125" />
        <location filename="../../ui/case_view.py" line="149" />
        <source>가구원</source>
        <translation>Household members</translation>
    </message>
    <message>
        <source>가구원 추가</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>선택한 가구원 수정</source>
        <translation>Edit selected member</translation>
    </message>
    <message>
        <source>가구 정보 수정</source>
        <translation>Edit household</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="128" />
        <location filename="../../ui/case_view.py" line="130" />
        <location filename="../../ui/case_view.py" line="362" />
        <source>전화번호 복사</source>
        <translation>Copy phone number</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="131" />
        <source>주민등록번호 복사 (뒷자리 가림)</source>
        <translation>Copy registration number (masked)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="133" />
        <source>주민등록번호 전체 복사…</source>
        <translation>Copy full registration number…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="135" />
        <location filename="../../ui/case_view.py" line="150" />
        <source>동의</source>
        <translation>Consents</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="135" />
        <source>기록된 동의가 없습니다.</source>
        <translation>No consent recorded.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="138" />
        <source>아직 조사하지 않았습니다.</source>
        <translation>Not assessed yet.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="139" />
        <source>사례회의 결정</source>
        <translation>Meeting decisions</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="140" />
        <source>선택한 회의의 회의록 인쇄…</source>
        <translation>Print the chosen meeting's minutes…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="142" />
        <source>서비스 계획 항목</source>
        <translation>Service plan items</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="143" />
        <source>상담·점검 기록</source>
        <translation>Contacts and monitoring</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="145" />
        <location filename="../../ui/case_view.py" line="152" />
        <source>의뢰</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="105" />
        <source>사례 경과</source>
        <translation>Case timeline</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="106" />
        <source>기록된 경과가 없습니다.</source>
        <translation>Nothing recorded yet.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="108" />
        <source>전체</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="148" />
        <location filename="../../ui/case_view.py" line="153" />
        <source>사후관리</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="149" />
        <source>개요</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="150" />
        <source>조사</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="151" />
        <source>회의</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="151" />
        <source>계획</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="152" />
        <source>상담</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="153" />
        <source>사업비</source>
        <translation>Expenses</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="190" />
        <source>사례를 열 수 없습니다</source>
        <translation>Cannot open the case</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="198" />
        <source>담당 {0} · {1} {2} · 개시 {3}{4}</source>
        <translation>Manager {0} · {1} {2} · opened {3}{4}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="200" />
        <source> · 주사례기관 {0}</source>
        <translation> · lead agency {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="211" />
        <source>대상자 동의 {0}</source>
        <translation>client agreed {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="211" />
        <source>대상자 동의 전</source>
        <translation>not yet agreed by client</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="212" />
        <source>서비스 계획 {0} · 목표: {1} · {2}</source>
        <translation>Service plan {0} · goals: {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="230" />
        <source> · 열람 전용 계정: 기록할 수 없습니다</source>
        <translation> · read-only account: cannot record</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="240" />
        <source>가구: {0} · {1} · {2}</source>
        <translation>Household: {0} · {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="242" />
        <source>가구원: {0}</source>
        <translation>Members: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="243" />
        <source>동의: {0}</source>
        <translation>Consent: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="245" />
        <source>서비스 계획: {0}</source>
        <translation>Service plan: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="248" />
        <source>다음 점검: {0}</source>
        <translation>Next monitoring: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="249" />
        <source> (⚠ {0}일 지남)</source>
        <translation> (⚠ {0} days overdue)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="252" />
        <source>회신 대기: {0}</source>
        <translation>Awaiting reply: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="254" />
        <source>⚠ 연령 도달: {0}</source>
        <translation>⚠ Age limit: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="257" />
        <source>사례사업비(올해): 가구 사용 {0:,}원 · 남은 한도 {1:,}원</source>
        <translation>Case expenses (this year): household used {0:,} won · {1:,} won left</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="260" />
        <source>초기상담 {0}{4} · 의뢰 경로 {1}{2} · 결정 {3}</source>
        <translation>Intake {0}{4} · referred by {1}{2} · decision {3}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="263" />
        <source>미정</source>
        <translation>undecided</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="265" />
        <source>주호소 문제: {0}</source>
        <translation>Presenting problems: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="268" />
        <source>가구 경제 상황(초기상담): {0}</source>
        <translation>Household economy (intake): {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="271" />
        <source>최근 조사 {0}: 위기도 {1}, 제안 유형 {2}</source>
        <translation>Latest assessment {0}: crisis level {1}, suggested type {2}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="275" />
        <source>종결 {0} ({1}{2}) — 평가: {3}</source>
        <translation>Closed {0} ({1}{2}) — evaluation: {3}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="278" />
        <source>사후관리 계획: {0}</source>
        <translation>Follow-up plan: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="285" />
        <source>동의서 (기록 내용으로 / 빈 양식)…</source>
        <translation>Consent form (as recorded / blank)…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="286" />
        <source>초기상담 기록지…</source>
        <translation>Intake record…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="287" />
        <source>욕구 및 위기도 조사표 (최근 조사)…</source>
        <translation>Needs and crisis assessment (latest)…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="288" />
        <source>서비스 제공계획서…</source>
        <translation>Service plan…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="289" />
        <source>종결 보고서…</source>
        <translation>Closure report…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="290" />
        <source>사례회의록 (선택한 회의)…</source>
        <translation>Meeting minutes (chosen meeting)…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="295" />
        <source>인쇄 / 내보내기</source>
        <translation>Print / export</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="298" />
        <source>인쇄, PDF·HWPX(한글)로 내보내기 (Ctrl+P)</source>
        <translation>Print, export as PDF or HWPX (Hangul) (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="417" />
        <source>이 사례의 지금 단계에서는 '{0}' 양식을 열 수 없습니다.</source>
        <translation>The '{0}' form cannot be opened at this stage of the case.</translation>
    </message>
    <message>
        <source>인쇄</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="342" />
        <source>종결 보고서</source>
        <translation>Closure report</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="342" />
        <source>종결된 사례만 종결 보고서를 출력할 수 있습니다.</source>
        <translation>Only a closed case has a closure report.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="362" />
        <source>전화번호가 있는 가구원을 목록에서 고르세요.</source>
        <translation>Choose a member with a phone number.</translation>
    </message>
    <message>
        <source>가구원 수정</source>
        <translation>Edit member</translation>
    </message>
    <message>
        <source>수정할 가구원을 목록에서 고르세요.</source>
        <translation>Choose the member to edit in the list.</translation>
    </message>
    <message>
        <source>이 사례의 사후관리를 끝내고 사례를 완료할까요?</source>
        <translation>End the follow-up and complete this case?</translation>
    </message>
    <message>
        <source>종결 안내 기록</source>
        <translation>Record closure notice</translation>
    </message>
<message>
        <source>선택한 동의의 철회 기록</source>
        <translation>Record withdrawal of the chosen consent</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/admin.py" line="300" />
        <location filename="../../ui/admin.py" line="327" />
        <source>비밀번호 변경</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="302" />
        <source>{0} ({1})</source>
        <translation type="unfinished">{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="303" />
        <source>지금 비밀번호</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="304" />
        <source>새 비밀번호</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="305" />
        <source>새 비밀번호 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="310" />
        <source>변경</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="327" />
        <source>비밀번호를 바꿨습니다. 다음 로그인부터 새 비밀번호를 쓰세요.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ClosureDialog</name>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="20" />
        <source>종결 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="23" />
        <source>종결 사유</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="24" />
        <source>사유 상세</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="25" />
        <source>종결일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="26" />
        <source>종결 평가</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="27" />
        <source>개입 전 과정에 걸친 목표 달성 평가</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="28" />
        <source>사후관리 계획</source>
        <translation type="unfinished">Follow-up plan</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="30" />
        <source>안내함</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="38" />
        <source>종결 안내</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="43" />
        <source>항목별 목표 달성도</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ClosureNoticeDialog</name>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="100" />
        <source>종결 안내 기록 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="103" />
        <source>안내일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="104" />
        <source>안내 방법</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../ui/models.py" line="142" />
        <location filename="../../ui/models.py" line="149" />
        <location filename="../../ui/models.py" line="157" />
        <location filename="../../ui/models.py" line="169" />
        <location filename="../../ui/models.py" line="178" />
        <location filename="../../ui/models.py" line="325" />
        <source>사례번호</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="142" />
        <location filename="../../ui/models.py" line="149" />
        <location filename="../../ui/models.py" line="157" />
        <location filename="../../ui/models.py" line="169" />
        <location filename="../../ui/models.py" line="197" />
        <location filename="../../ui/models.py" line="208" />
        <location filename="../../ui/models.py" line="244" />
        <source>대상자</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="143" />
        <location filename="../../ui/models.py" line="177" />
        <source>행정동</source>
        <translation>Dong</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="143" />
        <location filename="../../ui/models.py" line="158" />
        <location filename="../../ui/models.py" line="179" />
        <location filename="../../ui/models.py" line="325" />
        <source>단계</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="144" />
        <location filename="../../ui/models.py" line="150" />
        <location filename="../../ui/models.py" line="217" />
        <source>사례유형</source>
        <translation>Case type</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="144" />
        <location filename="../../ui/models.py" line="158" />
        <source>개시일</source>
        <translation>Opened</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="145" />
        <location filename="../../ui/models.py" line="160" />
        <source>담당자</source>
        <translation>Manager</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="151" />
        <source>주기(일)</source>
        <translation>Interval (days)</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="152" />
        <source>최근 점검</source>
        <translation>Last check</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="152" />
        <source>없음</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="153" />
        <source>점검 예정일</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="159" />
        <source>경과(일)</source>
        <translation>Open (days)</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="164" />
        <location filename="../../ui/models.py" line="183" />
        <location filename="../../ui/models.py" line="216" />
        <location filename="../../ui/models.py" line="233" />
        <source>일시</source>
        <translation>Date/time</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="164" />
        <location filename="../../ui/models.py" line="216" />
        <source>회의</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="165" />
        <source>장소</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="165" />
        <source>사회자</source>
        <translation>Chair</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="170" />
        <source>대기(일)</source>
        <translation>Waiting (days)</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="172" />
        <source>의뢰 사업</source>
        <translation>Program</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="172" />
        <location filename="../../ui/models.py" line="243" />
        <source>의뢰일</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="176" />
        <location filename="../../ui/models.py" line="190" />
        <location filename="../../ui/models.py" line="330" />
        <location filename="../../ui/models.py" line="337" />
        <source>이름</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="176" />
        <location filename="../../ui/models.py" line="191" />
        <source>주민등록번호</source>
        <translation>RRN</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="177" />
        <location filename="../../ui/models.py" line="192" />
        <source>전화번호</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="178" />
        <source>주소</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="178" />
        <source>사례 없음</source>
        <translation>no case</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="191" />
        <source>관계</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="192" />
        <source>생년월일</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="193" />
        <source>동거</source>
        <translation>Lives together</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="193" />
        <source>특성</source>
        <translation>Flags</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="197" />
        <source>동의일</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="198" />
        <source>종류</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="199" />
        <source>동의 여부</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="199" />
        <source>동의함</source>
        <translation>agreed</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="199" />
        <source>동의하지 않음</source>
        <translation>refused</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="201" />
        <source>제공받는 기관</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="202" />
        <source>기간</source>
        <translation type="unfinished">Period</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="203" />
        <source>철회일</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="204" />
        <source>철회 방법</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="208" />
        <source>조사일</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="209" />
        <source>위기도</source>
        <translation>Crisis level</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="210" />
        <source>제안 유형</source>
        <translation>Suggested type</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="211" />
        <source>재사정</source>
        <translation>Reassessment</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="212" />
        <source>긴급 영역</source>
        <translation>Urgent domains</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="217" />
        <source>결정</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="218" />
        <source>주사례기관</source>
        <translation>Lead agency</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="218" />
        <source>역할분담</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="219" />
        <location filename="../../ui/models.py" line="238" />
        <source>경고</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="224" />
        <source>영역</source>
        <translation>Domain</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="225" />
        <source>서비스</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="225" />
        <source>단기목표</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="226" />
        <source>제공기관</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="226" />
        <source>횟수</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="227" />
        <source>시작</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="227" />
        <source>종료</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="228" />
        <source>비용(원)</source>
        <translation>Cost (KRW)</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="229" />
        <source>달성도(%)</source>
        <translation>Attainment (%)</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="233" />
        <source>방법</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="234" />
        <source>담당</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="234" />
        <source>동행</source>
        <translation>Companions</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="186" />
        <location filename="../../ui/models.py" line="235" />
        <location filename="../../ui/models.py" line="251" />
        <location filename="../../ui/models.py" line="256" />
        <source>내용</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="235" />
        <source>[{0}개 버전] </source>
        <translation>[{0} versions] </translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="243" />
        <source>사업</source>
        <translation>Program</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="244" />
        <source>상태</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="245" />
        <source>회신일</source>
        <translation>Replied</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="245" />
        <source>회신 내용</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="249" />
        <source>지출일</source>
        <translation>Spent on</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="249" />
        <location filename="../../ui/models.py" line="345" />
        <source>항목</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="250" />
        <source>금액(원)</source>
        <translation>Amount (KRW)</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="255" />
        <source>예정일</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="255" />
        <source>연계 서비스</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="256" />
        <source>완료일</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="267" />
        <source>기준</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="268" />
        <source>결과</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="268" />
        <source>충족</source>
        <translation>met</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="268" />
        <source>미충족</source>
        <translation>not met</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="185" />
        <location filename="../../ui/models.py" line="277" />
        <location filename="../../ui/models.py" line="287" />
        <source>구분</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="262" />
        <source>입력 필요: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="269" />
        <source>근거</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="278" />
        <source>의뢰</source>
        <translation type="unfinished">Referrals</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="279" />
        <source>선정 계</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="280" />
        <source>선정-진행</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="281" />
        <source>선정-종결</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="282" />
        <location filename="../../ui/models.py" line="296" />
        <source>미선정</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="283" />
        <location filename="../../ui/models.py" line="295" />
        <source>서비스연계</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="287" />
        <source>유형</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="288" />
        <source>가구 수</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="293" />
        <source>동</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="293" />
        <source>선정</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="294" />
        <source>선정 중 미종결</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="297" />
        <source>소계</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="301" />
        <source>개시 연도</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="302" />
        <source>미종결 건수</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="308" />
        <source>직원</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="309" />
        <source>전체</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="310" />
        <source>거부</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="311" />
        <source>민감 작업</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="312" />
        <source>업무시간 외</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="313" />
        <source>작업별</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="326" />
        <source>종결일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="330" />
        <source>아이디</source>
        <translation type="unfinished">User name</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="331" />
        <location filename="../../ui/models.py" line="337" />
        <source>역할</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="331" />
        <location filename="../../ui/models.py" line="338" />
        <source>팀</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="332" />
        <source>소속</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="332" />
        <source>담당 동</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="333" />
        <source>사용</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/models.py" line="343" />
        <source>기록</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="344" />
        <source>사례</source>
        <translation type="unfinished">Case</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="344" />
        <source>(사례 없음)</source>
        <translation>(no case)</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="345" />
        <source>기록 전체</source>
        <translation>Whole record</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="346" />
        <source>충돌 내용</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="347" />
        <source>입력한 사람</source>
        <translation>Entered by</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="348" />
        <source>발생</source>
        <translation>When</translation>
    </message>
</context>
<context>
    <name>ConflictPage</name>
    <message>
        <location filename="../../ui/conflicts.py" line="47" />
        <source>동기화 중 같은 내용을 사무실과 노트북에서 서로 다르게 고친 경우입니다. 아무 값도 저절로 덮어쓰지 않았습니다. 목록에서 고른 뒤 남길 값을 정하세요. 고른 내용은 다음 동기화 때 모든 기기에 반영됩니다.</source>
        <translation>The same item was changed differently in the office and on a laptop. Nothing was overwritten. Pick a conflict and choose the value to keep; the choice reaches every device with the next sync.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="51" />
        <source>확인할 충돌</source>
        <translation>Conflicts to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="51" />
        <source>확인할 충돌이 없습니다.</source>
        <translation>No conflicts to resolve.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="52" />
        <source>새로 고침</source>
        <translation type="unfinished">Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="53" />
        <source>사례 열기</source>
        <translation>Open case</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="60" />
        <source>원래 값</source>
        <translation>Original value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="61" />
        <source>사무실 값 (서버)</source>
        <translation>Office value (server)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="62" />
        <source>노트북 값 (기기)</source>
        <translation>Laptop value (device)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="63" />
        <source>양쪽이 고치기 전의 값</source>
        <translation>Before either change</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="64" />
        <source>사무실 서버에 먼저 반영된 값</source>
        <translation>Reached the office server first</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="68" />
        <location filename="../../ui/conflicts.py" line="143" />
        <source>이 기기 값 사용</source>
        <translation>Use this device's value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="69" />
        <source>사무실 값 사용</source>
        <translation>Use office value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="74" />
        <source>열람 전용 계정은 충돌을 해결할 수 없습니다.</source>
        <translation>Read-only accounts cannot resolve conflicts.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="130" />
        <source>목록에서 충돌을 고르세요.</source>
        <translation>Pick a conflict from the list.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="136" />
        <source>{0} — {1}{2}</source>
        <translation>{0} — {1}{2}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="141" />
        <source>노트북 값 (이 기기)</source>
        <translation>Laptop value (this device)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="142" />
        <source>이 기기에서 입력한 값 ({0})</source>
        <translation>Entered on this device ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="142" />
        <location filename="../../ui/conflicts.py" line="146" />
        <source>직원</source>
        <translation type="unfinished">Staff</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="145" />
        <source>노트북 값 (다른 기기)</source>
        <translation>Laptop value (another device)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="146" />
        <source>다른 기기에서 입력한 값 ({0})</source>
        <translation>Entered on another device ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="147" />
        <source>노트북 값 사용</source>
        <translation>Use laptop value</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="151" />
        <source>동의 기록 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="155" />
        <source>동의한 사람</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="157" />
        <source>동의 종류</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="161" />
        <source>동의함</source>
        <translation type="unfinished">agreed</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="162" />
        <source>동의하지 않음</source>
        <translation type="unfinished">refused</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="171" />
        <source>답변</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="172" />
        <source>동의일</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="176" />
        <source>기간을 날짜로 정함 (아니면 종결 후 5년)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="183" />
        <source>보유·이용 기간</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="184" />
        <source>목적
(한 줄에 하나)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="185" />
        <source>예: 사례관리 서비스 제공</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="186" />
        <source>항목
(한 줄에 하나)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="187" />
        <source>예: 성명, 연락처, 건강 상태</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="188" />
        <source>제공받는 기관
(한 줄에 하나)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="189" />
        <source>예: 서대문구 보건소</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="190" />
        <source>법정대리인</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ConsentWithdrawDialog</name>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="238" />
        <source>동의 철회 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="241" />
        <source>동의일</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="242" />
        <source>철회일</source>
        <translation type="unfinished">Withdrawn</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="243" />
        <source>철회 방법</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="244" />
        <source>(선택)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="245" />
        <source>철회일부터 이 동의가 필요한 일(제3자 제공, 의뢰, 외부 기관 회의)은 할 수 없습니다. 이미 기록된 내용은 지워지지 않습니다.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="16" />
        <source>상담 기록 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="19" />
        <source>일시</source>
        <translation type="unfinished">Date/time</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="21" />
        <source>방법</source>
        <translation type="unfinished">Kind</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="22" />
        <source>점검(모니터링) 기록</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="24" />
        <source>상담 내용</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="26" />
        <source>이름</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="27" />
        <source>역할</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="28" />
        <source>동행자 추가</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="29" />
        <source>동행자</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="49" />
        <source>방문 동행 기준</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/contact.py" line="50" />
        <source>상담 기록은 저장했습니다. 다음 동행 기준을 확인하세요:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DecisionFields</name>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="38" />
        <source>사례 결정 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="42" />
        <source>(변경 없음)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="45" />
        <source>일반</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="51" />
        <source>예: 주민센터—생계지원 신청, 복지관—정서지원</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="53" />
        <source>이 사례 빼기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="56" />
        <source>결정</source>
        <translation type="unfinished">Decision</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="57" />
        <source>사례유형</source>
        <translation type="unfinished">Case type</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="58" />
        <source>가구 요약</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="59" />
        <source>주요 문제</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="60" />
        <source>진행 방향</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="61" />
        <source>주사례관리기관</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="62" />
        <source>역할분담</source>
        <translation type="unfinished">Roles</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="63" />
        <source>논의 주제</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DestroyDialog</name>
    <message>
        <location filename="../../ui/admin.py" line="148" />
        <source>개인정보 파기 승인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="150" />
        <source>파기할 사례 {0}건: {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="153" />
        <source>사례와 가구, 가구원, 상담·계획·동의 기록이 모두 지워지며 되돌릴 수 없습니다. 접속기록에는 무엇을 지웠는지가 아니라 사례 식별번호와 승인 사유만 남습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="159" />
        <source>이 사례가 들어 있는 백업을 확인하는 중…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="164" />
        <source>승인 사유</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="165" />
        <source>예: 2026년 상반기 보존기간 경과분 정기 파기 (팀장 결재)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="166" />
        <source>파기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="171" />
        <source>백업을 확인하지 못했습니다: {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DestructionPage</name>
    <message>
        <location filename="../../ui/admin.py" line="197" />
        <source>종결 후 보존기간이 지난 사례입니다. 같은 가구에 보존 중인 다른 사례가 있으면 목록에 나오지 않습니다. 파기할 사례를 고르세요 (Ctrl·Shift로 여러 건).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="200" />
        <source>파기 대상</source>
        <translation>Due for destruction</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="201" />
        <source>보존기간이 지난 사례가 없습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="203" />
        <source>새로 고침</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="204" />
        <source>선택한 사례 파기…</source>
        <translation>Destroy selected cases…</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="228" />
        <source>개인정보 파기</source>
        <translation>Data destruction</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="228" />
        <source>파기할 사례를 목록에서 고르세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="238" />
        <source>파기했습니다 (지운 기록 {0}건).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/admin.py" line="241" />
        <source>이 사례가 든 백업 {0}개는 늦어도 {1:%Y-%m-%d}까지 자동으로 삭제됩니다.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DuplicatePanel</name>
    <message>
        <location filename="../../ui/dialogs/household.py" line="96" />
        <source>같은 사람일 수 있습니다 — 이미 등록된 사람인지 확인하세요</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="103" />
        <source>선택한 사례 열기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="105" />
        <source>다른 사람입니다 — 계속 등록</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="139" />
        <source>{0} (다른 팀의 대상자)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="140" />
        <source>사례 없음</source>
        <translation type="unfinished">no case</translation>
    </message>
</context>
<context>
    <name>ExpenseDialog</name>
    <message>
        <location filename="../../ui/dialogs/expense.py" line="14" />
        <source>사례사업비 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/expense.py" line="18" />
        <source>남은 한도를 불러오는 중…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/expense.py" line="20" />
        <source>올해 한도</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/expense.py" line="21" />
        <source>항목</source>
        <translation type="unfinished">Category</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/expense.py" line="22" />
        <source>금액</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/expense.py" line="23" />
        <source>지출일</source>
        <translation type="unfinished">Spent on</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/expense.py" line="24" />
        <source>내용</source>
        <translation type="unfinished">Note</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/expense.py" line="36" />
        <source>가구 사용 {0:,}원 · 남은 한도 {1:,}원</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/expense.py" line="39" />
        <source> · 동 예산 남은 금액 {0:,}원</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ExportSyncFileDialog</name>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="208" />
        <location filename="../../ui/dialogs/sync.py" line="248" />
        <source>동기화 파일 내보내기</source>
        <translation>Export sync file</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="211" />
        <source>내보내기</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="212" />
        <source>서버가 없는 기관에서, 이 기기에서 입력한 변경을 암호화된 파일로 만들어 다른 기기로 옮깁니다. 파일은 기관 동기화 암호로 잠기며, 암호는 파일과 따로 전달하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="217" />
        <source>저장할 파일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="218" />
        <source>기관 동기화 암호</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="219" />
        <source>{0}자 이상</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="220" />
        <source>암호 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="220" />
        <source>한 번 더 입력</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="223" />
        <source>동기화 파일 저장 위치</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="228" />
        <source>저장할 파일을 고르세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="230" />
        <source>저장할 폴더가 없습니다. 다른 위치를 고르세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="232" />
        <source>기관 동기화 암호는 {0}자 이상이어야 합니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="234" />
        <source>두 번 입력한 암호가 서로 다릅니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="249" />
        <source>변경 {0}건을 담은 파일을 만들었습니다:
{1}

다른 기기에서 '동기화 파일 가져오기'로 여세요.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="120" />
        <source>사후관리 계획 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="124" />
        <source>예정일</source>
        <translation type="unfinished">Due</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="125" />
        <source>연계 서비스</source>
        <translation type="unfinished">Service</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="126" />
        <source>일정 추가</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>FollowUpDoneDialog</name>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="159" />
        <source>사후관리 결과 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="161" />
        <source>일정</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="163" />
        <source>완료일</source>
        <translation type="unfinished">Done</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/closure.py" line="164" />
        <source>내용</source>
        <translation type="unfinished">Note</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../ui/forms.py" line="416" />
        <source>이 양식에 임시 저장된 내용이 있습니다.</source>
        <translation>This form has a saved draft.</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="417" />
        <source>불러오기</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="418" />
        <source>버리기</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="435" />
        <source>저장</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="437" />
        <source>취소</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="569" />
        <source>처리 중…</source>
        <translation type="unfinished">Working…</translation>
    </message>
    <message>
        <source>저장 중…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../ui/home.py" line="83" />
        <source>{0}님의 사례 현황</source>
        <translation>Caseload of {0}</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="88" />
        <source>취소</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="90" />
        <source>새로 고침</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="92" />
        <source>동기화 상태 확인 중…</source>
        <translation>Checking sync status…</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="113" />
        <source>내 사례 — 단계·유형별</source>
        <translation>My cases by stage and type</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="116" />
        <source>내 사례</source>
        <translation>My cases</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="116" />
        <source>맡은 사례가 없습니다.</source>
        <translation>No cases assigned.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="118" />
        <source>모든 단계</source>
        <translation>All stages</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="122" />
        <location filename="../../ui/home.py" line="237" />
        <source>단계</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="125" />
        <source>점검 예정 (7일 이내)</source>
        <translation>Monitoring due (7 days)</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="126" />
        <source>점검할 사례가 없습니다.</source>
        <translation>Nothing due.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="127" />
        <source>장기 미종결</source>
        <translation>Long-open cases</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="128" />
        <source>장기 미종결 사례가 없습니다.</source>
        <translation>No long-open cases.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="129" />
        <source>다가오는 사례회의 (14일)</source>
        <translation>Upcoming meetings (14 days)</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="130" />
        <source>예정된 회의가 없습니다.</source>
        <translation>No meetings planned.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="131" />
        <source>회신 대기 의뢰</source>
        <translation>Referrals awaiting reply</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="132" />
        <source>회신을 기다리는 의뢰가 없습니다.</source>
        <translation>No referrals awaiting reply.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="133" />
        <source>동의 갱신 예정 (30일 이내·만료)</source>
        <translation>Consents to renew (within 30 days or expired)</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="134" />
        <source>갱신할 동의가 없습니다.</source>
        <translation>No consent to renew.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="209" />
        <source>⚠ {0}</source>
        <translation>⚠ {0}</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="230" />
        <source>미정</source>
        <translation>undecided</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="231" />
        <source>계</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="239" />
        <source>합계</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <location filename="../../ui/dialogs/household.py" line="208" />
        <source>새 가구 등록</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>행정동</source>
        <translation>Dong</translation>
    </message>
    <message>
        <source>주소</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="213" />
        <source>첫 가구원 (주 대상자)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="233" />
        <source>주민등록번호 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="234" />
        <source>가구를 등록했습니다.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>HouseholdEditDialog</name>
    <message>
        <location filename="../../ui/dialogs/household.py" line="241" />
        <source>가구 정보 수정</source>
        <translation>Edit household</translation>
    </message>
</context>
<context>
    <name>HubFields</name>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="48" />
        <source>서버 주소</source>
        <translation type="unfinished">Server address</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="49" />
        <source>예: 192.168.0.10 또는 hub.center.local</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="54" />
        <source>포트</source>
        <translation type="unfinished">Port</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="55" />
        <source>데이터베이스</source>
        <translation type="unfinished">Database</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="56" />
        <source>관리자가 알려 준 이름</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="57" />
        <location filename="../../ui/dialogs/sync.py" line="67" />
        <source>기관 인증서(CA) 파일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="59" />
        <source>있으면 서버 인증서를 확인합니다 (없어도 항상 암호화)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="68" />
        <source>인증서 (*.pem *.crt *.cer)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ImportSyncFileDialog</name>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="257" />
        <location filename="../../ui/dialogs/sync.py" line="293" />
        <source>동기화 파일 가져오기</source>
        <translation>Import sync file</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="259" />
        <source>가져오기</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="260" />
        <source>다른 기기에서 만든 동기화 파일의 변경을 이 기기에 반영합니다. 파일이 손상되었거나, 이미 가져온 파일이거나, 다른 기관의 파일이면 아무것도 바꾸지 않고 거절합니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="263" />
        <source>가져올 파일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="264" />
        <source>기관 동기화 암호</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="268" />
        <source>동기화 파일 고르기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="269" />
        <source>모든 파일 (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="275" />
        <source>가져올 파일을 고르세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="277" />
        <source>고른 파일이 없습니다. 파일 위치를 확인하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="279" />
        <source>기관 동기화 암호를 입력하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="289" />
        <source>반영한 변경: {0}건</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="290" />
        <source>이미 있던 변경(건너뜀): {0}건</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="292" />
        <source>사람이 정해야 할 충돌: {0}건 — '충돌 확인'에서 고르세요.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>IntakeDecisionDialog</name>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="126" />
        <source>초기상담 결정 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="128" />
        <source>결정</source>
        <translation type="unfinished">Decision</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="129" />
        <source>사례관리 접수 외의 결정은 이 초기상담을 끝냅니다.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="23" />
        <source>초기상담 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="26" />
        <source>주 대상자</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="29" />
        <source>가구원 추가…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="36" />
        <source>가구원</source>
        <translation type="unfinished">Household members</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="38" />
        <source>상담일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="39" />
        <source>상담 방법</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="40" />
        <source>의뢰 경로</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="41" />
        <source>의뢰자</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="42" />
        <source>예: 통장 홍길동, 010-…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="43" />
        <source>주호소 문제</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="44" />
        <source>대상자가 말한 어려움과 상담 내용을 적으세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="45" />
        <source>긴급지원이 필요함</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="47" />
        <source>가구 경제 상황</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="52" />
        <source>(선택)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="54" />
        <source>월 소득</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="54" />
        <source>재산</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="55" />
        <source>부채</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="55" />
        <source>주거 형태</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="56" />
        <source>월 주거비</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="60" />
        <source>질병, 장애, 복용 약, 병원 이용</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="61" />
        <source>사례관리 필요성과 먼저 할 일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="62" />
        <source>건강·장애</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="63" />
        <source>상담자 의견</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/intake.py" line="70" />
        <source>등록된 가구원이 없습니다.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Join</name>
    <message>
        <location filename="../../ui/join.py" line="66" />
        <source>받아 둔 자료는 이 컴퓨터에 남아 있어 '이어서 받기'로 이어서 받을 수 있습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="67" />
        <source>이 컴퓨터에는 아무 파일도 남기지 않았습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="71" />
        <source>연결을 취소했습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="73" />
        <source>아이디 또는 서버 비밀번호가 올바르지 않습니다. 관리자에게 받은 서버 계정과 비밀번호를 확인하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="80" />
        <source>센터 서버에 연결할 수 없습니다. 서버 주소, 포트, 데이터베이스 이름과 네트워크 연결을 확인하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="83" />
        <source>이 컴퓨터의 시계가 서버와 약 {0}분 차이 납니다. 날짜와 시간을 맞춘 뒤 다시 연결하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="86" />
        <source>이 프로그램은 센터 서버보다 오래된 버전입니다. 프로그램을 업데이트한 뒤 다시 연결하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="89" />
        <source>센터 서버가 이 연결을 막았습니다(기기 사용 중지). 관리자에게 문의하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="111" />
        <source>이 컴퓨터에 암호화 저장소 만들기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="112" />
        <source>센터 서버 연결·계정 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="113" />
        <source>내가 볼 수 있는 사례 받기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="114" />
        <source>마무리 (서버 설정 저장)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <location filename="../../ui/join.py" line="166" />
        <location filename="../../ui/join.py" line="348" />
        <source>기존 센터 서버에 연결</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="177" />
        <source>센터에 이미 있는 사례관리 서버에 이 컴퓨터를 연결합니다. 관리자에게 받은 서버 주소와 내 계정으로 접속해, 내가 볼 수 있는 사례만 이 컴퓨터의 암호화된 저장소로 받아 옵니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="181" />
        <source>센터 서버</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="184" />
        <source>내 계정</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="185" />
        <source>아이디</source>
        <translation type="unfinished">User name</translation>
    </message>
    <message>
        <location filename="../../ui/join.py" line="186" />
        <source>센터에서 쓰는 내 아이디 (서버 계정)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="187" />
        <source>서버 비밀번호</source>
        <translation type="unfinished">Server password</translation>
    </message>
    <message>
        <location filename="../../ui/join.py" line="189" />
        <source>서버 비밀번호는 이 컴퓨터의 키링(Windows 자격 증명 관리자, macOS 키체인 등)에 암호화되어 저장되고, 동기화할 때 쓰입니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="191" />
        <source>이 컴퓨터에는 안전한 키 저장소(키링)가 없어 서버 비밀번호를 저장하지 않습니다. 동기화할 때마다 입력해야 합니다.</source>
        <translation type="unfinished">This computer has no secure keyring, so the server password is not stored. Enter it at every sync.</translation>
    </message>
    <message>
        <location filename="../../ui/join.py" line="194" />
        <source>이 컴퓨터</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="195" />
        <source>새 비밀번호</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="196" />
        <source>새 비밀번호 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="198" />
        <source>이 컴퓨터에서 로그인할 때 쓸 비밀번호입니다. 이 컴퓨터에 받는 자료는 이 비밀번호로 암호화됩니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="207" />
        <source>처음부터 다시 받기…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="219" />
        <location filename="../../ui/join.py" line="237" />
        <source>연결</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="240" />
        <source>지난번 연결이 중간에 끊겨, 받다 만 자료가 이 컴퓨터에 암호화되어 있습니다. 같은 서버와 아이디, 그때 정한 이 컴퓨터의 새 비밀번호를 입력하고 '이어서 받기'를 누르면 끊긴 곳부터 받습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="248" />
        <source>이어서 받기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="255" />
        <source>처음부터 다시 받기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="256" />
        <source>받다 만 자료를 이 컴퓨터에서 지우고 처음부터 다시 받을까요? 자료는 센터 서버에 그대로 있습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="276" />
        <source>서버 비밀번호를 입력하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="282" />
        <source>새 비밀번호 확인이 맞지 않습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="308" />
        <source>취소하는 중…</source>
        <translation type="unfinished">Cancelling…</translation>
    </message>
    <message>
        <location filename="../../ui/join.py" line="310" />
        <source>지금 단계를 마치고 멈춥니다. 받아 둔 자료는 남겨 둡니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="311" />
        <source>지금 단계를 마치고 멈춥니다. 이 컴퓨터에 만든 파일은 지웁니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="325" />
        <source>연결하는 중…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="325" />
        <source>받는 중…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="326" />
        <source>연결 취소</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="329" />
        <source>취소</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/join.py" line="349" />
        <source>연결했습니다. 키링에 서버 비밀번호를 저장하지 못해, 동기화할 때마다 비밀번호를 묻습니다.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>JoinProgress</name>
    <message>
        <location filename="../../ui/join.py" line="131" />
        <source>이 컴퓨터에 암호화된 저장소를 만드는 중…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="145" />
        <source>센터 서버에 연결하는 중…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="151" />
        <source>서버에서 받는 중: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/join.py" line="153" />
        <source>서버 설정을 저장하는 중…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/lock.py" line="25" />
        <source>화면이 잠겼습니다</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="28" />
        <source>{0} ({1}) 님이 사용 중입니다.
잠금을 풀려면 비밀번호를 입력하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/lock.py" line="33" />
        <source>비밀번호</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="34" />
        <source>잠금 해제</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="40" />
        <source>다른 직원은 이 화면을 풀 수 없습니다.
로그아웃하면 잠긴 사람의 저장하지 않은 입력은 사라집니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/lock.py" line="43" />
        <source>로그아웃 (다른 사용자)</source>
        <translation>Sign out (another user)</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="67" />
        <source>비밀번호를 입력하세요.</source>
        <translation>Enter the password.</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="70" />
        <source>확인 중…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="46" />
        <source>통합사례관리</source>
        <translation>Integrated Case Management</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="55" />
        <location filename="../../ui/mainwindow.py" line="211" />
        <source>홈</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="56" />
        <location filename="../../ui/mainwindow.py" line="212" />
        <source>사례 검색</source>
        <translation>Case search</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="67" />
        <source>⚠ {0}</source>
        <translation>⚠ {0}</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="100" />
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="109" />
        <source>백업 취소</source>
        <translation>Cancel backup</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="121" />
        <source>처리 중…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="148" />
        <source>백업 중</source>
        <translation>Backing up</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="162" />
        <source>백업을 마쳤습니다(검증 완료).</source>
        <translation>Backup finished (verified).</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="179" />
        <source>복원했습니다</source>
        <translation>Restored</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="198" />
        <source>파일(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="199" />
        <source>새 가구 등록…</source>
        <translation>New household…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="200" />
        <source>사례회의록(사례 없이)…</source>
        <translation>Meeting minutes (no case)…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="201" />
        <source>빈 동의서 인쇄…</source>
        <translation>Print blank consent form…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="203" />
        <source>지금 백업</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="204" />
        <source>백업 목록·복원…</source>
        <translation>Backups and restore…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="206" />
        <source>화면 잠금</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="207" />
        <source>비밀번호 변경…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="208" />
        <location filename="../../ui/mainwindow.py" line="502" />
        <source>로그아웃</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="209" />
        <source>끝내기</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="210" />
        <source>보기(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="213" />
        <location filename="../../ui/mainwindow.py" line="304" />
        <source>사례회의 목록</source>
        <translation>Case meetings</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="214" />
        <source>새로 고침</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="215" />
        <source>현재 탭 닫기</source>
        <translation>Close current tab</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="217" />
        <source>관리(&amp;A)</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="218" />
        <source>통계…</source>
        <translation>Statistics…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="219" />
        <source>접속기록 점검…</source>
        <translation>Access log review…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="220" />
        <source>개인정보 파기…</source>
        <translation>Data destruction…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="222" />
        <source>직원 관리…</source>
        <translation>Staff…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="223" />
        <source>동기화(&amp;S)</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="224" />
        <source>지금 동기화</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="225" />
        <location filename="../../ui/mainwindow.py" line="343" />
        <source>충돌 확인</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="227" />
        <source>동기화 설정…</source>
        <translation>Sync settings…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="229" />
        <source>동기화 파일 내보내기…</source>
        <translation>Export sync file…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="230" />
        <source>동기화 파일 가져오기…</source>
        <translation>Import sync file…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="231" />
        <source>지금 동기화 (Ctrl+Shift+S)</source>
        <translation>Sync now (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>현재 사례 탭 닫기</source>
        <translation>Close case tab</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="234" />
        <source>도움말(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="235" />
        <source>단축키</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="236" />
        <location filename="../../ui/mainwindow.py" line="237" />
        <source>정보</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="237" />
        <source>통합사례관리 데스크톱 클라이언트
자료는 이 컴퓨터에 암호화되어 저장됩니다.</source>
        <translation>Integrated case management desktop client
Data is stored encrypted on this computer.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="248" />
        <source>양식에서</source>
        <translation>In a form</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="248" />
        <source>Ctrl+S 또는 Ctrl+Enter	저장하고 닫기</source>
        <translation>Ctrl+S or Ctrl+Enter	Save and close</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="249" />
        <source>Esc	취소 (저장하지 않은 내용이 있으면 물어봄)</source>
        <translation>Esc	Cancel (asks if something is unsaved)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="249" />
        <source>사례 화면에서</source>
        <translation>On a case</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="250" />
        <source>Ctrl+P	인쇄</source>
        <translation>Ctrl+P	Print</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="258" />
        <source>통합사례관리 — {0}</source>
        <translation>Integrated Case Management — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="277" />
        <source>사례</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="308" />
        <source>통계</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="312" />
        <source>접속기록 점검</source>
        <translation>Access log review</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="316" />
        <source>개인정보 파기</source>
        <translation>Data destruction</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="320" />
        <source>직원 관리</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="502" />
        <source>잠긴 화면 뒤에 저장하지 않은 양식이 있습니다. 로그아웃하면 그 내용은 사라집니다. 로그아웃할까요?</source>
        <translation>A form behind the locked screen is not saved. Signing out loses it. Sign out?</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="539" />
        <source>종료하기 전에 백업하고 있습니다. 잠시만 기다려 주세요.</source>
        <translation>Backing up before closing. Please wait a moment.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="540" />
        <source>백업 건너뛰기</source>
        <translation>Skip backup</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="541" />
        <source>종료 시 백업</source>
        <translation>Backup on exit</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="572" />
        <source>저장하지 않은 내용</source>
        <translation>Unsaved input</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="573" />
        <source>저장하지 않은 양식이 열려 있습니다. 그래도 닫을까요?</source>
        <translation>A form with unsaved input is open. Close anyway?</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="101" />
        <source>사례회의록</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="111" />
        <source>회의 종류</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="112" />
        <source>일시</source>
        <translation type="unfinished">Date/time</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="114" />
        <source>장소</source>
        <translation type="unfinished">Place</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="115" />
        <source>사회자</source>
        <translation type="unfinished">Chair</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="116" />
        <source>서면 회의</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="119" />
        <source>이름</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="119" />
        <source>소속 기관</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="120" />
        <source>역할</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="121" />
        <source>전문 분야</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="121" />
        <source>(해당 없음)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="123" />
        <source>참석자 추가</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="125" />
        <source>참석자</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="137" />
        <source>사례 추가</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="139" />
        <source>논의할 사례</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="147" />
        <location filename="../../ui/dialogs/meeting.py" line="151" />
        <source>회의 내용</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="152" />
        <source>슈퍼바이저 조언</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="154" />
        <source>정함</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="162" />
        <source>차기 회의 일정</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="240" />
        <source>참석 기준 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/meeting.py" line="241" />
        <source>회의록은 저장했습니다. 다만 참석 기준에 맞지 않는 점이 있습니다:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MeetingListPage</name>
    <message>
        <location filename="../../ui/meeting_list.py" line="21" />
        <source>사례회의 (최근 1년)</source>
        <translation>Case meetings (last year)</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_list.py" line="22" />
        <source>기록된 사례회의가 없습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/meeting_list.py" line="23" />
        <source>회의록 인쇄…</source>
        <translation>Print minutes…</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_list.py" line="24" />
        <source>새로 고침</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_list.py" line="39" />
        <source>회의록 인쇄</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/meeting_list.py" line="39" />
        <source>인쇄할 회의를 목록에서 고르세요.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <location filename="../../ui/dialogs/household.py" line="259" />
        <source>가구원 수정</source>
        <translation type="unfinished">Edit member</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="259" />
        <source>가구원 추가</source>
        <translation type="unfinished">Add member</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="287" />
        <source>주민등록번호 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="288" />
        <source>가구원을 저장했습니다.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MemberFields</name>
    <message>
        <location filename="../../ui/dialogs/household.py" line="36" />
        <source>예: 900101-1234567</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="37" />
        <source>{0} (바꿀 때만 입력)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="41" />
        <source>함께 삶</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="43" />
        <source>세대주</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="45" />
        <source>이름</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="46" />
        <source>주민등록번호</source>
        <translation type="unfinished">RRN</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="47" />
        <source>관계</source>
        <translation type="unfinished">Relation</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="48" />
        <source>전화번호</source>
        <translation type="unfinished">Phone</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="51" />
        <source>특성</source>
        <translation type="unfinished">Flags</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="22" />
        <source>오류</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="47" />
        <source>저장하지 않은 내용</source>
        <translation>Unsaved input</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="48" />
        <source>저장하지 않은 내용이 있습니다. 어떻게 할까요?</source>
        <translation>This form has unsaved input. What should happen to it?</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="49" />
        <source>임시 저장하고 닫기</source>
        <translation>Keep a draft and close</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="49" />
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="51" />
        <source>버리고 닫기</source>
        <translation>Discard and close</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="52" />
        <source>계속 작성</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/sync.py" line="161" />
        <source>동기화 서버 비밀번호</source>
        <translation>Sync server password</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="163" />
        <source>{0} 서버에 '{1}' 계정으로 접속합니다.</source>
        <translation>Connecting to {0} as '{1}'.</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="167" />
        <source>서버 비밀번호</source>
        <translation>Server password</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="168" />
        <source>이 컴퓨터의 키링에 저장 (다음부터 묻지 않음)</source>
        <translation>Keep in this computer's keyring (don't ask again)</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="171" />
        <source>이 컴퓨터에는 안전한 키 저장소(키링)가 없어 서버 비밀번호를 저장하지 않습니다. 동기화할 때마다 입력해야 합니다.</source>
        <translation>This computer has no secure keyring, so the server password is not stored. Enter it at every sync.</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="177" />
        <source>동기화</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="178" />
        <source>취소</source>
        <translation type="unfinished">Cancel</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../ui/preview.py" line="128" />
        <source>미리 보기 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/preview.py" line="136" />
        <source>인쇄…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="138" />
        <source>PDF로 저장…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="141" />
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="145" />
        <source>{0}쪽</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/preview.py" line="147" />
        <source>배율</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="204" />
        <source>프린터를 열 수 없습니다. 프린터 연결과 설정을 확인하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/preview.py" line="206" />
        <source>{0}쪽을 인쇄했습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/preview.py" line="211" />
        <source>PDF로 저장</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/preview.py" line="221" />
        <source>저장했습니다: {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PlanAgreementDialog</name>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="121" />
        <source>계획 동의</source>
        <translation type="unfinished">Plan agreement</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="123" />
        <source>{0} 수립 계획: {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="129" />
        <source>장기: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="130" />
        <source>단기: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="136" />
        <source>대상자 동의일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="137" />
        <source>동의 기록</source>
        <translation type="unfinished">Record consent</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="31" />
        <source>서비스 제공계획 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="34" />
        <source>수립일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="35" />
        <source>사례 전체의 목표</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="40" />
        <source>(직접 입력)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="38" />
        <location filename="../../ui/dialogs/plan.py" line="41" />
        <source>욕구 영역</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="35" />
        <source>종합 목표</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="38" />
        <source>욕구</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="39" />
        <source>장기목표</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="39" />
        <source>단기목표</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="39" />
        <source>욕구 추가</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="41" />
        <source>서비스</source>
        <translation type="unfinished">Service</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="41" />
        <source>자원목록</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="42" />
        <source>제공기관</source>
        <translation type="unfinished">Provider</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="42" />
        <source>횟수</source>
        <translation type="unfinished">Frequency</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="43" />
        <source>시작일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="43" />
        <source>종료일</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="43" />
        <source>비용(원)</source>
        <translation type="unfinished">Cost (KRW)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="44" />
        <source>항목 추가</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="55" />
        <source>욕구별 목표</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="58" />
        <source>서비스 항목 (욕구 영역별로 그 목표를 위한 서비스)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="61" />
        <source>날짜는 2026-11-23 형식, 비용은 숫자만 입력합니다.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../ui/printing.py" line="126" />
        <source>인쇄 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="129" />
        <source>출력하는 목적을 적으세요. 출력과 PDF 저장은 목적과 함께 접속기록에 남습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="132" />
        <source>출력 목적</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="133" />
        <source>예: 대상자 서명 받기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="140" />
        <source>빈 양식 (수기 작성용)</source>
        <translation>Blank form (to fill in by hand)</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="141" />
        <source>주민등록번호 전체 표시</source>
        <translation>Show the full resident registration number</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="142" />
        <source>전체 표시 사유</source>
        <translation>Reason for the full number</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="143" />
        <source>예: 보장기관 제출용 원본 (시행령 제27조)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="147" />
        <source>회의록 형태</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="148" />
        <source>비식별 — 이름은 김 * *, 주소·연락처 없음 (외부 공유용)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="149" />
        <source>식별 — 이름과 연락처 포함 (사례 담당자 내부용)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="150" />
        <source>형식</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="151" />
        <source>PDF — 미리 보고 인쇄하거나 저장</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="152" />
        <source>HWPX — 한글에서 고칠 수 있는 파일로 저장</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="166" />
        <source>미리 보기</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="166" />
        <source>HWPX로 저장…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="210" />
        <location filename="../../ui/printing.py" line="234" />
        <source>한글 문서로 저장</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/printing.py" line="217" />
        <source>처리 중…</source>
        <translation type="unfinished">Working…</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="234" />
        <source>저장했습니다: {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="68" />
        <source>담당자 변경 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="70" />
        <source>지금 담당: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="72" />
        <source>새 담당자</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="74" />
        <source>사례는 새 담당자의 팀으로 옮겨집니다. 변경은 접속기록에 남습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="78" />
        <source>변경</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="28" />
        <source>타 사업 의뢰 — {0} {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="32" />
        <source>의뢰 대상</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="34" />
        <source>의뢰할 사업</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="37" />
        <source>의뢰 방법</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="44" />
        <source>의뢰 기준</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="65" />
        <source>제3자 제공 동의</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="67" />
        <source>사례 구분</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="82" />
        <source>의뢰일</source>
        <translation type="unfinished">Sent</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="83" />
        <source>의뢰</source>
        <translation type="unfinished">Referrals</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="107" />
        <source>먼저 입력할 내용: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="113" />
        <source>있음</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="113" />
        <source>없음 — 먼저 동의를 기록하세요</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="122" />
        <source>(고르세요)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="140" />
        <source>절차: {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="171" />
        <source>의뢰 회신 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="173" />
        <source>회신 결과</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="175" />
        <source>회신일</source>
        <translation type="unfinished">Replied</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/referral.py" line="176" />
        <source>회신 내용</source>
        <translation type="unfinished">Reply</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../ui/backup.py" line="208" />
        <source>백업에서 복원</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="212" />
        <location filename="../../ui/backup.py" line="276" />
        <source>백업 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="213" />
        <location filename="../../ui/backup.py" line="275" />
        <source>1단계: 복원할 백업을 고르고, 그 백업을 여는 비밀번호를 입력하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="216" />
        <source>백업한 때</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="216" />
        <source>위치</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="216" />
        <source>크기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="223" />
        <source>기본(데이터 폴더)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="223" />
        <source>두 번째 폴더</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="233" />
        <source>다른 곳에서 가져온 백업 폴더</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="234" />
        <source>폴더 고르기…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="248" />
        <source>비밀번호 ({0} 계정, 백업한 날에 쓰던 비밀번호)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="266" />
        <source>백업 폴더 고르기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="288" />
        <source>복원할 백업을 고르세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="290" />
        <source>비밀번호를 입력하세요.</source>
        <translation type="unfinished">Enter the password.</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="308" />
        <source>알 수 없음</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="309" />
        <source>2단계: 아래 내용을 확인하고 '복원 실행'을 누르세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="311" />
        <source>백업한 때: {0}
기관: {1}
크기: {2}

지금 쓰는 데이터베이스 파일은 지우지 않고 같은 폴더에 '…before-restore-날짜' 이름으로 보관합니다. {0} 이후 이 PC에서만 입력하고 동기화하지 않은 기록은 복원되지 않습니다. 동기화 서버에 보낸 기록은 다음 동기화 때 되돌아옵니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/backup.py" line="316" />
        <source>복원 실행</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RevealRrnDialog</name>
    <message>
        <location filename="../../ui/dialogs/household.py" line="296" />
        <source>주민등록번호 전체 복사 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="298" />
        <source>전체 번호를 클립보드에 복사합니다. 열람 목적은 접속기록에 남고, 복사한 번호는 30초 뒤 클립보드에서 지워집니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="302" />
        <source>열람 목적</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="303" />
        <source>예: 사회보장급여 신청서 작성</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="304" />
        <source>복사</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RowModels</name>
    <message>
        <location filename="../../ui/models.py" line="34" />
        <source>예</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="35" />
        <source>아니오</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>RowsEditor</name>
    <message>
        <location filename="../../ui/forms.py" line="310" />
        <source>선택 행 삭제</source>
        <translation>Remove selected rows</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../ui/search.py" line="36" />
        <source>이름, 초성(ㄱㅁㅅ), 전화번호, 주소, 동, 주민등록번호 앞자리</source>
        <translation>Name, initials (ㄱㅁㅅ), phone, address, dong, RRN front</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="43" />
        <source>새 가구 등록…</source>
        <translation>New household…</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="45" />
        <source>선택한 사람 초기상담…</source>
        <translation>Intake for selected person…</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="48" />
        <source>검색</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="78" />
        <source>찾는 중…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="87" />
        <source>{0}명 찾음</source>
        <translation>{0} found</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="87" />
        <source>찾는 사람이 없습니다.</source>
        <translation>Nobody found.</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="159" />
        <source>새 데이터베이스 만들기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="164" />
        <source>새 센터 만들기 (센터에 처음 설치하는 관리자)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="167" />
        <source>이 컴퓨터에 새 사례관리 데이터베이스를 만듭니다. 자료는 암호화되어 저장됩니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="170" />
        <source>기관명</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="171" />
        <source>시·군·구</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="172" />
        <source>행정동 (한 줄에 하나)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="172" />
        <source>천연동
연희동</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="174" />
        <source>사례 유형 체계</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="176" />
        <source>관리자 아이디</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="177" />
        <source>관리자 이름</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="178" />
        <source>비밀번호</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="179" />
        <source>비밀번호 확인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="182" />
        <source>만들기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="191" />
        <source>센터에 이미 사례관리 서버가 있나요? 직원 노트북은 새 센터를 만들지 말고 센터 서버에 연결하세요. 여기서 새로 만들면 서버와 이어지지 않는 별도의 센터가 됩니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="194" />
        <source>기존 센터 서버에 연결…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="21" />
        <source>사례 공유 — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="23" />
        <source>공유 중인 직원</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="23" />
        <source>공유한 직원이 없습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="24" />
        <source>선택한 직원 공유 해제</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="28" />
        <source>공유할 직원</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="30" />
        <source>공유받은 직원은 이 사례를 열람하고 기록할 수 있습니다. 공유와 해제는 접속기록에 남습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="34" />
        <source>공유</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="47" />
        <source>공유 해제</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sharing.py" line="47" />
        <source>공유를 해제할 직원을 목록에서 고르세요.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SignInWindow</name>
    <message>
        <location filename="../../ui/signin.py" line="67" />
        <source>통합사례관리 — 로그인</source>
        <translation>Integrated Case Management — Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="68" />
        <source>통합사례관리</source>
        <translation>Integrated Case Management</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="74" />
        <source>로그인</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="80" />
        <source>오래된 사본 사용 승인 (관리자)…</source>
        <translation>Approve using the older copy (administrator)…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="87" />
        <source>데이터베이스: {0}</source>
        <translation>Database: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="91" />
        <source>아이디</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="92" />
        <source>비밀번호</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="112" />
        <source>⚠ {0}</source>
        <translation type="unfinished">⚠ {0}</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="117" />
        <source>아이디와 비밀번호를 입력하세요.</source>
        <translation>Enter user name and password.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="122" />
        <source>확인 중…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="129" />
        <source>오래된 사본 사용 승인</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/signin.py" line="130" />
        <source>이 파일은 이 컴퓨터에서 마지막으로 쓴 것보다 오래된 사본입니다. 그 뒤에 기록한 내용은 이 파일에 없습니다.

백업에서 되살린 파일처럼 이 사본을 쓰기로 확인했다면 승인하세요. 승인은 관리자만 할 수 있고 접속기록에 남습니다. 승인할까요?</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../../ui/admin.py" line="341" />
        <source>직원</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="342" />
        <source>직원 추가…</source>
        <translation>Add staff member…</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <location filename="../../ui/statistics.py" line="29" />
        <location filename="../../ui/statistics.py" line="100" />
        <source>전체</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="32" />
        <source>조회</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="34" />
        <source>PDF로 내보내기…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="35" />
        <source>한글(HWPX)로 내보내기…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="36" />
        <source>Excel로 내보내기…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="47" />
        <source>기간</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="47" />
        <source>행정동</source>
        <translation>Dong</translation>
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="58" />
        <source>선정 및 진행 현황</source>
        <translation>Selection and progress</translation>
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="59" />
        <source>기간 안에 개시한 사례가 없습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="60" />
        <source>사례관리대상자 유형 구분</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="61" />
        <source>동별 현황</source>
        <translation>By dong</translation>
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="62" />
        <source>장기 미종결 (개시 연도별)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="63" />
        <source>장기 미종결 사례가 없습니다.</source>
        <translation type="unfinished">No long-open cases.</translation>
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="77" />
        <source>기간의 끝이 시작보다 앞섭니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="92" />
        <source>집계 중…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="99" />
        <source>{0} ~ {1} · {2}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="119" />
        <source>통계 내보내기</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/statistics.py" line="140" />
        <source>저장했습니다: {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <location filename="../../ui/sync.py" line="47" />
        <source>동기화 설정 안 됨</source>
        <translation>Sync not set up</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="48" />
        <source>보낼 변경 {0}건</source>
        <translation>{0} changes to send</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="49" />
        <source>보낼 변경 없음</source>
        <translation>Nothing to send</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="50" />
        <source>마지막 동기화 {0}</source>
        <translation>Last sync {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="51" />
        <source>아직 동기화하지 않음</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="53" />
        <source>확인할 충돌 {0}건</source>
        <translation>{0} conflicts to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="78" />
        <source>서버에 연결할 수 없음</source>
        <translation>Cannot reach the server</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="80" />
        <source>서버 계정 또는 비밀번호 오류</source>
        <translation>Wrong server account or password</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="81" />
        <source>'동기화 설정'에서 서버 계정과 비밀번호를 확인하세요.</source>
        <translation>Check the server account and password in Sync settings.</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="83" />
        <source>컴퓨터 시계가 맞지 않음</source>
        <translation>Computer clock is wrong</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="85" />
        <source>프로그램 업데이트 필요</source>
        <translation>Update this program</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="87" />
        <source>서버 업데이트 필요</source>
        <translation>Server needs an update</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="89" />
        <source>이 기기의 동기화가 중지됨</source>
        <translation>Sync stopped for this device</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="91" />
        <source>다른 직원의 기기로 등록됨</source>
        <translation>Registered to another staff member</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="93" />
        <source>동기화 취소됨</source>
        <translation>Sync cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="95" />
        <source>이미 가져온 파일</source>
        <translation>File already imported</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="97" />
        <source>가져올 수 없는 파일</source>
        <translation>File cannot be imported</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="99" />
        <location filename="../../ui/sync.py" line="101" />
        <location filename="../../ui/sync.py" line="473" />
        <source>동기화하지 못함</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="193" />
        <source>서버 연결·버전 확인</source>
        <translation>Connect and check versions</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="193" />
        <source>이 기기의 변경 보내기</source>
        <translation>Send this device's changes</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="194" />
        <source>서버의 변경 받기</source>
        <translation>Receive the server's changes</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="194" />
        <source>마무리</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="376" />
        <source>동기화 설정 필요</source>
        <translation>Sync not set up</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="377" />
        <source>동기화 서버가 아직 설정되지 않았습니다. 서버 주소와 계정을 먼저 입력하세요.</source>
        <translation>No sync server is set up yet. Enter the server address and account first.</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="409" />
        <source>동기화 중…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="430" />
        <source>동기화 중: {0}</source>
        <translation>Syncing: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="443" />
        <source>보낸 변경 {0}건, 받은 변경 {1}건</source>
        <translation>Sent {0} changes, received {1}</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="445" />
        <source>사람이 정해야 할 충돌 {0}건이 생겼습니다. '충돌 확인'에서 어느 값을 쓸지 고르세요.</source>
        <translation>{0} conflicts need a decision: choose the value to keep under Conflicts.</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="448" />
        <source>보존기간이 지나 파기된 사례에 대한 변경 {0}건은 서버에 반영되지 않았습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/sync.py" line="451" />
        <source>더 이상 볼 수 없게 된 사례·가구 {0}건을 이 기기에서 지웠습니다.</source>
        <translation>Removed {0} cases/households you may no longer see from this device.</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="454" />
        <source>서버에 있는 기관 암호화 키(주민등록번호용)를 열지 못했습니다. 서버 비밀번호가 바뀌었을 수 있습니다. 관리자에게 서버 계정 재발급(hub add-staff)을 요청하세요. 다른 기기에서 입력한 주민등록번호는 그때까지 볼 수 없습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/sync.py" line="458" />
        <source>같은 컴퓨터의 다른 직원이 아직 보내지 않은 기록에 이어진 변경 {0}건은 그 직원이 동기화한 뒤에 보냅니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/sync.py" line="461" />
        <source>동기화 중에 입력한 변경 {0}건은 다음 동기화 때 보냅니다.</source>
        <translation>{0} changes made during the sync go out with the next sync.</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="463" />
        <source>동기화를 마쳤습니다</source>
        <translation>Sync finished</translation>
    </message>
</context>
<context>
    <name>SyncProgressDialog</name>
    <message>
        <location filename="../../ui/sync.py" line="254" />
        <source>동기화</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="259" />
        <location filename="../../ui/sync.py" line="304" />
        <source>서버에 연결하는 중…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="269" />
        <source>동기화 취소</source>
        <translation>Cancel sync</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="270" />
        <source>충돌 확인…</source>
        <translation>Conflicts…</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="271" />
        <source>동기화 설정…</source>
        <translation>Sync settings…</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="272" />
        <location filename="../../ui/sync.py" line="333" />
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="279" />
        <source>창 닫기 (계속 진행)</source>
        <translation>Close (keeps running)</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="292" />
        <source>취소하는 중…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="293" />
        <source>지금 단계를 마치고 멈춥니다. 이미 보내거나 받은 내용은 그대로 남습니다.</source>
        <translation>Stops after the current step. What was already sent or received stays.</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="309" />
        <source>이 기기의 변경을 보내는 중: {0}/{1}건</source>
        <translation>Sending this device's changes: {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="312" />
        <source>서버의 변경을 받는 중: {0}건 받음</source>
        <translation>Receiving the server's changes: {0} so far</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="323" />
        <source>완료</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="323" />
        <source>멈춤</source>
        <translation>Stopped</translation>
    </message>
</context>
<context>
    <name>SyncSettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="81" />
        <location filename="../../ui/dialogs/sync.py" line="123" />
        <source>동기화 설정</source>
        <translation>Sync settings</translation>
    </message>
    <message>
        <source>서버 주소</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>포트</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>데이터베이스</source>
        <translation>Database</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="86" />
        <source>서버 계정(아이디)</source>
        <translation>Server account</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="87" />
        <location filename="../../ui/dialogs/sync.py" line="88" />
        <source>서버 비밀번호</source>
        <translation>Server password</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="88" />
        <source>저장된 비밀번호 사용 (바꿀 때만 입력)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="90" />
        <source>서버 주소와 데이터베이스는 이 컴퓨터의 모든 직원이 함께 씁니다. 계정은 로그인한 직원마다 따로입니다. 설정에는 개인정보가 들어가지 않습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="93" />
        <source>비밀번호는 이 컴퓨터의 키링(Windows 자격 증명 관리자, macOS 키체인 등)에 암호화되어 저장됩니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="94" />
        <source>이 컴퓨터에는 안전한 키 저장소(키링)가 없어 서버 비밀번호를 저장하지 않습니다. 동기화할 때마다 비밀번호를 입력해야 합니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="98" />
        <location filename="../../ui/dialogs/sync.py" line="143" />
        <source>연결 시험</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="124" />
        <source>설정을 저장했습니다. 이 컴퓨터에는 키링이 없어 비밀번호는 저장하지 않았습니다. 동기화할 때마다 비밀번호를 묻습니다.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="133" />
        <source>연결을 시험하려면 서버 비밀번호를 입력하세요.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="136" />
        <source>연결하는 중…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="137" />
        <source>서버에 연결하는 중…</source>
        <translation type="unfinished">Connecting to the server…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="146" />
        <source>등록됨</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="146" />
        <source>처음 연결 (이 기기를 등록했습니다)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="147" />
        <source>연결되었습니다. 서버 스키마 {0}, 이 기기: {1}.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>_FileRow</name>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="184" />
        <source>찾아보기…</source>
        <translation>Browse…</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../ui/dialogs/household.py" line="174" />
        <source>행정동</source>
        <translation>Dong</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="175" />
        <source>주소</source>
        <translation type="unfinished">Address</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="176" />
        <source>가구 전화</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="177" />
        <source>소득 구분</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="179" />
        <source>가구 유형</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../ui/dialogs/household.py" line="180" />
        <source>문제 유형</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
