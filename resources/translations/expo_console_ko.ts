<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name>AccessRecords</name>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="19" />
        <source>file</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="20" />
        <source>rows</source>
        <translation>행</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="21" />
        <source>full phone numbers</source>
        <translation>전화번호 전체</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="22" />
        <source>wrong PINs in a row</source>
        <translation>연속 PIN 오류</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="23" />
        <source>locked until</source>
        <translation>잠김 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="24" />
        <location filename="../../expo_console/gui/access_records/detail.py" line="25" />
        <source>fields</source>
        <translation>항목</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="26" />
        <source>badges cancelled</source>
        <translation>취소된 배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="27" />
        <source>scans</source>
        <translation>스캔</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="28" />
        <source>access records</source>
        <translation>접근 기록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="29" />
        <source>supervisor</source>
        <translation>책임자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="30" />
        <source>at gate</source>
        <translation>게이트</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="31" />
        <source>blocked visitor</source>
        <translation>차단된 방문자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="32" />
        <source>verdict</source>
        <translation>판정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="33" />
        <source>badge</source>
        <translation>배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="34" />
        <source>reissue</source>
        <translation>재발급</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="35" />
        <source>counted</source>
        <translation>실측 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="36" />
        <source>shown before</source>
        <translation>이전 표시</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="37" />
        <source>note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="38" />
        <location filename="../../expo_console/gui/access_records/detail.py" line="40" />
        <source>new</source>
        <translation>신규</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="39" />
        <source>updated</source>
        <translation>수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="41" />
        <source>skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="42" />
        <source>setting</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="43" />
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="44" />
        <source>source</source>
        <translation>출처</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="45" />
        <source>day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="46" />
        <source>filter</source>
        <translation>조건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="47" />
        <source>erased</source>
        <translation>파기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="48" />
        <source>kept until</source>
        <translation>보관 기한</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="49" />
        <source>from desk</source>
        <translation>이전 데스크</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="50" />
        <source>held since</source>
        <translation>보유 시작</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="51" />
        <source>other desk</source>
        <translation>다른 데스크</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/detail.py" line="52" />
        <source>demo account</source>
        <translation>데모 계정</translation>
    </message>
</context>
<context>
    <name>AccessRecordsDialog</name>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="73" />
        <source>Access records</source>
        <translation>접근 기록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="105" />
        <source>&amp;Records</source>
        <translation>기록(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="106" />
        <source>&amp;Unusual</source>
        <translation>이상 접근(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="107" />
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="109" />
        <source>Write the entries listed to an Excel or CSV file (the export is recorded too)</source>
        <translation>목록의 기록을 Excel 또는 CSV 파일로 저장합니다 (내보내기도 기록됩니다)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="112" />
        <source>Re&amp;fresh</source>
        <translation>새로 고침(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="141" />
        <source>Name, phone, e-mail or id (Ctrl+F)</source>
        <translation>이름, 전화번호, 이메일 또는 ID (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="145" />
        <source>&amp;Dates</source>
        <translation>기간(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="159" />
        <source>C&amp;lear filters</source>
        <translation>조건 지우기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="163" />
        <source>&amp;Operator</source>
        <translation>담당자(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="163" />
        <source>&amp;Action</source>
        <translation>작업(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="164" />
        <source>&amp;Person</source>
        <translation>대상자(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="187" />
        <source>All operators</source>
        <translation>모든 담당자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="190" />
        <source>All actions</source>
        <translation>모든 작업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="235" />
        <source>No access records match these filters.</source>
        <translation>조건에 맞는 접근 기록이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="236" />
        <source>%1 entries, newest first.</source>
        <translation>%1건, 최근 순.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="238" />
        <source>This event is open read-only: an export could not be recorded, so it is off.</source>
        <translation>이 행사는 읽기 전용으로 열려 있어 내보내기를 기록할 수 없으므로 내보내기를 끕니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="271" />
        <source>&amp;Unusual today (%1)</source>
        <translation>오늘의 이상 접근 %1건(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="272" />
        <source>&amp;Unusual on %2 (%1)</source>
        <translation>%2 이상 접근 %1건(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="300" />
        <source>Export access records</source>
        <translation>접근 기록 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="301" />
        <source>Excel (*.xlsx);;CSV UTF-8 (*.csv)</source>
        <translation>엑셀 (*.xlsx);;CSV UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="319" />
        <source>%1 access records exported to %2</source>
        <translation>접근 기록 %1건을 %2에 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="322" />
        <source>Exporting…</source>
        <translation>내보내는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/dialog.py" line="324" />
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
</context>
<context>
    <name>AccessRecordsModel</name>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="55" />
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="55" />
        <source>Operator</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="55" />
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="55" />
        <source>Desk</source>
        <translation>데스크</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="55" />
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="56" />
        <source>Person</source>
        <translation>대상자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="56" />
        <source>Reason and detail</source>
        <translation>사유와 상세</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="98" />
        <source>When, on the event's clock</source>
        <translation>언제 (행사 현지 시각)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="98" />
        <source>Who was signed in at the desk</source>
        <translation>데스크에 로그인한 사람</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="99" />
        <source>The role they signed in with</source>
        <translation>로그인한 역할</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="99" />
        <source>The desk (computer) it was done at</source>
        <translation>작업한 데스크 (컴퓨터)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="100" />
        <source>What was done</source>
        <translation>한 일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="101" />
        <source>Whom it concerns: a visitor by name, or by pseudonym once erased; or an operator</source>
        <translation>관련된 사람: 방문자는 이름으로, 삭제된 뒤에는 가명으로; 또는 운영자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="102" />
        <source>Why, as the operator typed it, and what else was recorded</source>
        <translation>운영자가 입력한 사유와 그 밖에 기록된 내용</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="143" />
        <source>Erased: this visitor was deleted, and the records about them keep only this pseudonym.</source>
        <translation>삭제됨: 이 방문자는 삭제되었고, 관련 기록에는 이 가명만 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/model.py" line="151" />
        <source>%1 UTC</source>
        <translation>%1 UTC</translation>
    </message>
</context>
<context>
    <name>AddOperatorDialog</name>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="146" />
        <source>Add operator</source>
        <translation>운영자 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="147" />
        <source>The new operator signs in at any desk of this event with this name and PIN. Tell them the PIN in person.</source>
        <translation>새 운영자는 이 이름과 PIN으로 이 행사의 어느 데스크에서나 로그인합니다. PIN은 본인에게 직접 알려 주세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="148" />
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="157" />
        <source>&amp;Name</source>
        <translation>이름(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="158" />
        <source>&amp;Role</source>
        <translation>역할(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="160" />
        <source>&amp;PIN</source>
        <translation>PIN(&amp;P)</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="60" />
        <source>%1 FULL since %4: %2 / %3 now, %5 at most</source>
        <translation>%1 만원 (%4부터): 현재 %2 / %3명, 최대 %5명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="61" />
        <source>%1 over 80% since %4: %2 / %3 now, %5 at most</source>
        <translation>%1 80% 초과 (%4부터): 현재 %2 / %3명, 최대 %5명</translation>
    </message>
</context>
<context>
    <name>AlertLogModel</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="140" />
        <source>Zone</source>
        <translation>구역</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="140" />
        <source>Alert</source>
        <translation>경보</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="140" />
        <source>Started</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="140" />
        <source>Ended</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="141" />
        <source>Most inside</source>
        <translation>최대 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="146" />
        <source>still on</source>
        <translation>계속 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="152" />
        <source>Full (100%)</source>
        <translation>만원 (100%)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="152" />
        <source>Filling (80%)</source>
        <translation>혼잡 (80%)</translation>
    </message>
</context>
<context>
    <name>BackgroundOp</name>
    <message>
        <location filename="../../expo_console/gui/ops.py" line="124" />
        <source>Not done</source>
        <translation>처리하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/ops.py" line="136" />
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>BadgePanel</name>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="74" />
        <source>Badge</source>
        <translation>배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="97" />
        <source>Romanised line under Korean names</source>
        <translation>한글 이름 아래 영문 표기 줄</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="275" />
        <source>Print badge (Ctrl+P)</source>
        <translation>배지 출력 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="118" />
        <source>Printer…</source>
        <translation>프린터…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="114" />
        <source>It came out — mark printed</source>
        <translation>출력됨 — 출력 완료로 표시</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="120" />
        <source>Batch…</source>
        <translation>일괄 출력…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="160" />
        <source>Select a visitor or save a walk-in to see the badge.</source>
        <translation>방문자를 선택하거나 현장 등록을 저장하면 배지가 보입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="184" />
        <source>Not printed yet: the code is issued when the badge is printed.</source>
        <translation>아직 출력 전: 코드는 배지를 출력할 때 발급됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="191" />
        <source>Sent to %1 · serial %2: once it has come out, mark it printed.</source>
        <translation>%1(으)로 보냄 · 일련번호 %2: 배지가 나오면 출력 완료로 표시하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="194" />
        <source>Sent to %1 — waiting for the printer · serial %2</source>
        <translation>%1(으)로 보냄 — 프린터 완료 대기 중 · 일련번호 %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="197" />
        <source>Not printed: %1 · serial %2</source>
        <translation>출력되지 않음: %1 · 일련번호 %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="201" />
        <source>Printed %1 · serial %2 · out of date (%3 changed since): print it again.</source>
        <translation>출력 %1 · 일련번호 %2 · 출력 후 %3 변경됨: 다시 출력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="204" />
        <source>Printed on %1 · %2 · serial %3</source>
        <translation>%1에서 출력 · %2 · 일련번호 %3</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="207" />
        <source>Printed %1 · serial %2</source>
        <translation>출력 %1 · 일련번호 %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="209" />
        <source>Saved as %1, not printed yet · serial %2</source>
        <translation>%1(으)로 저장함, 아직 출력 전 · 일련번호 %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="211" />
        <source>Code issued, not printed yet · serial %1</source>
        <translation>코드 발급됨, 아직 출력 전 · 일련번호 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="224" />
        <source>Walk-in being typed: save it (Ctrl+S) to print its badge.</source>
        <translation>입력 중인 현장 등록: 저장(Ctrl+S)하면 배지를 출력할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="272" />
        <source>Printer: %1</source>
        <translation>프린터: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="274" />
        <source>No printer chosen for this desk yet: choose one (Printer…).</source>
        <translation>이 데스크의 프린터를 아직 고르지 않았습니다: 프린터…에서 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="276" />
        <source>Save badge as PDF… (Ctrl+P)</source>
        <translation>배지를 PDF 파일로 저장… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="294" />
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="314" />
        <source>Cannot print the badge</source>
        <translation>배지를 출력할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="319" />
        <source>Badge sent to %1 (serial %2): waiting for the printer.</source>
        <translation>배지를 %1(으)로 보냈습니다 (일련번호 %2): 프린터가 끝내기를 기다립니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="320" />
        <source>Badge sent to %1 (serial %2): mark it printed once it has come out.</source>
        <translation>배지를 %1(으)로 보냈습니다 (일련번호 %2): 배지가 나오면 출력 완료로 표시하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="323" />
        <source>Not printed: %1</source>
        <translation>출력하지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="338" />
        <source>Badge not printed on %1 (serial %2): %3</source>
        <translation>%1에서 배지가 출력되지 않았습니다 (일련번호 %2): %3</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="360" />
        <source>Save badge as PDF</source>
        <translation>배지를 PDF 파일로 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="369" />
        <source>Cannot save the badge</source>
        <translation>배지를 저장할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="372" />
        <source>Badge written to %1 (serial %2).</source>
        <translation>배지를 %1에 저장했습니다 (일련번호 %2).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="333" />
        <source>Badge printed on %1 (serial %2).</source>
        <translation>%1에서 배지를 출력했습니다 (일련번호 %2).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="323" />
        <source>Badge not printed</source>
        <translation>배지 미출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="378" />
        <source>Badge already printed</source>
        <translation>이미 출력한 배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="379" />
        <source>This visitor's badge was printed before. Print the same code again, or reissue a new code (the old badge stops working)?</source>
        <translation>이 방문자의 배지는 이미 출력했습니다. 같은 코드로 다시 출력할까요, 새 코드로 재발급할까요? (재발급하면 이전 배지는 쓸 수 없습니다)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="382" />
        <source>Reprint same code</source>
        <translation>같은 코드로 다시 출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="383" />
        <source>Reissue new code</source>
        <translation>새 코드로 재발급</translation>
    </message>
</context>
<context>
    <name>BatchJobsModel</name>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="109" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="109" />
        <source>Serial</source>
        <translation>일련번호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="109" />
        <source>Print job</source>
        <translation>인쇄 작업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="109" />
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="137" />
        <source>Sent — waiting for the printer</source>
        <translation>보냄 — 프린터 완료 대기 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="138" />
        <source>Sent — confirm once it has come out</source>
        <translation>보냄 — 나오면 확인하세요</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="140" />
        <source>Printed</source>
        <translation>출력됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="142" />
        <source>Not printed: %1</source>
        <translation>출력하지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="144" />
        <source>Not sent</source>
        <translation>보내지 않음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_jobs_model.py" line="145" />
        <source>Waiting</source>
        <translation>대기</translation>
    </message>
</context>
<context>
    <name>BatchPrintDialog</name>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="76" />
        <source>Print badges in a batch</source>
        <translation>배지 일괄 출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="84" />
        <source>Selected visitors (%1)</source>
        <translation>선택한 방문자 (%1명)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="85" />
        <source>A class:</source>
        <translation>구분:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="86" />
        <source>Everyone whose badge is not printed yet</source>
        <translation>배지를 아직 출력하지 않은 모든 방문자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="87" />
        <source>Everyone</source>
        <translation>전체 방문자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="105" />
        <source>Printer:</source>
        <translation>프린터:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="112" />
        <source>Save as a PDF file:</source>
        <translation>PDF 파일로 저장:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="114" />
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="134" />
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="138" />
        <source>Cancel batch</source>
        <translation>일괄 출력 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="141" />
        <source>Confirm printed</source>
        <translation>출력 완료 확인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="143" />
        <source>This printer cannot say when a job is done: confirm once every sent badge has come out.</source>
        <translation>이 프린터는 작업이 끝났는지 알려 주지 않습니다: 보낸 배지가 모두 나오면 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="148" />
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="168" />
        <source>Format</source>
        <translation>용지 형식</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="191" />
        <source>Badges PDF</source>
        <translation>배지 PDF</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="215" />
        <source>Nobody to print for this choice.</source>
        <translation>이 조건에 해당하는 방문자가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="219" />
        <source>Choose the printer first.</source>
        <translation>먼저 프린터를 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="222" />
        <source>Large batch</source>
        <translation>대량 출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="223" />
        <source>This batch has %1 badges. Start it?</source>
        <translation>이번 일괄 출력은 배지 %1장입니다. 시작할까요?</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="249" />
        <source>Preparing %1 badges…</source>
        <translation>배지 %1장을 준비하는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="272" />
        <source>Sending %1 badges to %2…</source>
        <translation>배지 %1장을 %2(으)로 보내는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="308" />
        <source>Cancelled: %1 badges went to %2 before the cancel (listed below); the other %3 were not sent and stay unprinted.</source>
        <translation>취소했습니다: 취소 전에 배지 %1장이 %2(으)로 갔습니다 (아래 목록). 나머지 %3장은 보내지 않았고 출력 전으로 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="313" />
        <source>Not printed: %1 %2 badges were not sent.</source>
        <translation>출력되지 않음: %1 배지 %2장은 보내지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="316" />
        <source>%1 badges sent to %2: waiting for the printer to finish them.</source>
        <translation>배지 %1장을 %2(으)로 보냈습니다: 프린터가 끝내기를 기다립니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="319" />
        <source>%1 badges sent to %2. This printer cannot say when they are done: check that they came out, then confirm them as printed.</source>
        <translation>배지 %1장을 %2(으)로 보냈습니다. 이 프린터는 작업이 끝났는지 알려 주지 않습니다: 배지가 나왔는지 확인한 뒤 출력 완료를 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="336" />
        <source>Printed: %1 · not printed: %2 · not sent: %3</source>
        <translation>출력됨: %1 · 출력 안 됨: %2 · 보내지 않음: %3</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="340" />
        <source>Cancelled.</source>
        <translation>취소했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="349" />
        <source>%1 badges confirmed as printed.</source>
        <translation>배지 %1장을 출력 완료로 확인했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="357" />
        <source>%1 badges written to %2.</source>
        <translation>배지 %1장을 %2에 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="376" />
        <source>Cancelled: nothing was written.</source>
        <translation>취소했습니다: 저장한 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="339" />
        <source>Not printed: %1</source>
        <translation>출력하지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="370" />
        <source>Batch not printed</source>
        <translation>일괄 출력 실패</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="49" />
        <source>Table</source>
        <translation>테이블</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="49" />
        <source>Buyer</source>
        <translation>바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="49" />
        <source>Exhibitor · booth</source>
        <translation>참가기업 · 부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="49" />
        <source>Interpreter</source>
        <translation>통역</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="50" />
        <source>Arrival</source>
        <translation>도착</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="50" />
        <source>Outcome</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="90" />
        <source>Free table</source>
        <translation>빈 테이블</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="94" />
        <source>(erased buyer)</source>
        <translation>(삭제된 바이어)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="107" />
        <source>Arrived %1</source>
        <translation>%1 도착</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="109" />
        <source>Not yet</source>
        <translation>아직 안 옴</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="112" />
        <source>In the zone since %1</source>
        <translation>%1부터 상담존에 있음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="113" />
        <source>In the hall since %1</source>
        <translation>%1부터 전시장에 있음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="118" />
        <source>Scheduled</source>
        <translation>예정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="118" />
        <source>Held</source>
        <translation>상담 진행</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="119" />
        <source>No-show</source>
        <translation>노쇼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="119" />
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="124" />
        <source>contract ₩%1</source>
        <translation>계약 추진 ₩%1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="125" />
        <source>contract expected</source>
        <translation>계약 추진</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board_model.py" line="127" />
        <source>walk-in</source>
        <translation>현장 신청</translation>
    </message>
</context>
<context>
    <name>BookingCheck</name>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="121" />
        <source>%1 is taken at this time, by %2.</source>
        <translation>이 시간의 %1은(는) %2이(가) 쓰고 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="123" />
        <source>%1 already has a booking at this time, at %2.</source>
        <translation>%1은(는) 이 시간에 이미 %2에 예약이 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="128" />
        <source>There is no %1: place it on the Setup page first.</source>
        <translation>%1이(가) 없습니다: 먼저 준비 화면에서 배치하세요.</translation>
    </message>
</context>
<context>
    <name>BookingData</name>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="125" />
        <source>Set %1</source>
        <translation>%1번 세트</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="125" />
        <source>Corner %1</source>
        <translation>%1번 촬영 코너</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="133" />
        <source>(removed exhibitor)</source>
        <translation>(삭제된 참가기업)</translation>
    </message>
</context>
<context>
    <name>BookingLook</name>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="39" />
        <source>Booked</source>
        <translation>예약</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="39" />
        <source>Took place</source>
        <translation>진행 완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="40" />
        <source>No-show</source>
        <translation>노쇼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="40" />
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="42" />
        <source>No-show: the slot is free for the waiting list</source>
        <translation>불참: 이 시간은 대기 명단에 줄 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="43" />
        <source>Cancelled: the slot is free for the waiting list</source>
        <translation>취소: 이 시간은 대기 명단에 줄 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="60" />
        <source>This booking took place, was missed or has results: it stays where it happened.</source>
        <translation>이미 진행했거나 불참했거나 성과가 기록된 예약입니다: 그 자리에 그대로 둡니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="75" />
        <source>%1–%2 · %3</source>
        <translation>%1–%2 · %3</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="76" />
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="80" />
        <source>Exhibitor: %1</source>
        <translation>참가기업: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="85" />
        <source>Products: %1</source>
        <translation>제품: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="87" />
        <source>Host: %1</source>
        <translation>진행자: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="89" />
        <source>Channel: %1</source>
        <translation>채널: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_look.py" line="94" />
        <source>Two bookings share this place and time (given away at two desks at once): move or remove one.</source>
        <translation>예약 두 건이 같은 자리, 같은 시간에 있습니다 (두 데스크에서 동시에 배정함): 하나를 옮기거나 삭제하세요.</translation>
    </message>
</context>
<context>
    <name>BookingPrintMenu</name>
    <message>
        <location filename="../../expo_console/gui/bookings/print_menu.py" line="34" />
        <source>Exhibitors' confirmations (PDF)…</source>
        <translation>기업별 예약 확정 안내 (PDF)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/print_menu.py" line="36" />
        <source>Running order for each day (PDF)…</source>
        <translation>일자별 운영표 (PDF)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/print_menu.py" line="38" />
        <source>Bookings and waiting list (Excel)…</source>
        <translation>예약 및 대기 명단 (Excel)…</translation>
    </message>
</context>
<context>
    <name>BookingRequestImportDialog</name>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="47" />
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="93" />
        <source>Import live-commerce studio requests</source>
        <translation>라이브커머스 스튜디오 신청 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="48" />
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="95" />
        <source>Import photo shoot requests</source>
        <translation>제품 사진촬영 신청 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="55" />
        <source>Preferred day and time %1</source>
        <translation>희망 일시 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="57" />
        <source>Preferred day %1</source>
        <translation>희망일 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="58" />
        <source>Exhibitor (company)</source>
        <translation>기업 (회사명)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="58" />
        <source>Booth number</source>
        <translation>부스 번호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="59" />
        <source>Preferred day</source>
        <translation>희망일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="59" />
        <source>Preferred time</source>
        <translation>희망 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="60" />
        <source>Products</source>
        <translation>제품</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="60" />
        <source>Host</source>
        <translation>진행자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="61" />
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="61" />
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="62" />
        <source>Requested at</source>
        <translation>신청 일시</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="62" />
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="65" />
        <source>Exhibitor</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="68" />
        <source>Requests</source>
        <translation>신청</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="72" />
        <source>%1 rows: %2 requests to add, %3 to update, %4 unchanged. Rows with problems: %5 (%6 give nothing).</source>
        <translation>%1행: 추가할 신청 %2건, 갱신 %3건, 변경 없음 %4건. 문제가 있는 행: %5 (%6행은 가져올 것이 없음).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_import_dialog.py" line="96" />
        <source>Request lists (*.xlsx *.xlsm *.csv *.txt *.xls);;All files (*)</source>
        <translation>상담 희망 명단 (*.xlsx *.xlsm *.csv *.txt *.xls);;모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>BookingResultsView</name>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="60" />
        <source>Broadcasts held</source>
        <translation>방송 완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="60" />
        <source>Shoots held</source>
        <translation>촬영 완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="62" />
        <source>No-shows</source>
        <translation>노쇼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="64" />
        <source>Sales</source>
        <translation>판매액</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="65" />
        <source>Viewers</source>
        <translation>시청자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="67" />
        <source>Photos delivered</source>
        <translation>전달 사진</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="68" />
        <source>Exhibitors served</source>
        <translation>참여 기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="76" />
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="78" />
        <source>By day</source>
        <translation>일자별</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="76" />
        <source>By sector</source>
        <translation>분야별</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="76" />
        <source>By channel</source>
        <translation>채널별</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="77" />
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="78" />
        <source>By exhibitor</source>
        <translation>기업별</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="77" />
        <source>Top broadcasts</source>
        <translation>상위 방송</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="101" />
        <source>of %1 booked · %2 to come</source>
        <translation>예약 %1건 중 · 예정 %2건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="104" />
        <source>%1 of outcomes · %2 cancelled</source>
        <translation>노쇼율 %1 · 취소 %2건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="108" />
        <source>%1 won</source>
        <translation>%1원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="109" />
        <source>%1 orders</source>
        <translation>주문 %1건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="110" />
        <source>peak %1</source>
        <translation>최고 동시 %1명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="113" />
        <source>%1 exhibitors</source>
        <translation>기업 %1곳</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="116" />
        <source>%1 asked, given no slot</source>
        <translation>요청했으나 미배정 %1곳</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/booking_results_view.py" line="118" />
        <source>Asked, given no slot (%1): %2</source>
        <translation>요청했으나 미배정 (%1곳): %2</translation>
    </message>
</context>
<context>
    <name>BookingRule</name>
    <message>
        <location filename="../../expo_console/gui/checkin/booking_rule.py" line="24" />
        <source>Exhibitor staff: their company's broadcast only (from %1 min before)</source>
        <translation>출품기업: 자기 회사 방송 시간에만 (%1분 전부터)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/booking_rule.py" line="26" />
        <source>Exhibitor staff: their company's photo shoot only (from %1 min before)</source>
        <translation>출품기업: 자기 회사 제품 촬영 시간에만 (%1분 전부터)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/booking_rule.py" line="28" />
        <source>Exhibitor staff: their company's broadcast or shoot only (from %1 min before)</source>
        <translation>출품기업: 자기 회사 방송·촬영 시간에만 (%1분 전부터)</translation>
    </message>
</context>
<context>
    <name>BookingRuleBox</name>
    <message>
        <location filename="../../expo_console/gui/checkin/booking_rule.py" line="42" />
        <source>Exhibitor staff</source>
        <translation>출품기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/booking_rule.py" line="49" />
        <source>Other classes pass as the rule above says.</source>
        <translation>다른 구분은 위 규칙대로 입장합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/booking_rule.py" line="63" />
        <source>Whenever the rule lets them in</source>
        <translation>규칙이 허용하는 시간이면 언제나</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/booking_rule.py" line="69" />
        <source>Only for their company's studio broadcast (from %1 min before)</source>
        <translation>자기 회사 스튜디오 방송 시간에만 (%1분 전부터)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/booking_rule.py" line="71" />
        <source>Only for their company's photo shoot (from %1 min before)</source>
        <translation>자기 회사 제품 촬영 시간에만 (%1분 전부터)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/booking_rule.py" line="73" />
        <source>Only for their company's broadcast or photo shoot (from %1 min before)</source>
        <translation>자기 회사 방송·촬영 시간에만 (%1분 전부터)</translation>
    </message>
</context>
<context>
    <name>BookingSchedulePage</name>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="221" />
        <source>Looking for the allocation that gives every exhibitor a first slot before anyone a second, then follows the order of the requests…</source>
        <translation>모든 참가기업이 두 번째 전에 첫 예약을 받도록, 그다음 신청 순서를 따르는 배정을 찾는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="102" />
        <source>Drag a booking to another time or place (or Space, the arrows, Enter). L locks, Delete removes, Ctrl+Z undoes. A red cell says why it cannot go there.</source>
        <translation>예약을 다른 시간이나 자리로 끌어 옮기세요 (또는 Space, 화살표, Enter). L 고정, Delete 삭제, Ctrl+Z 실행 취소. 빨간 칸에는 옮길 수 없는 이유가 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="104" />
        <source>Allocate the slots to the requests for every day or one day (Ctrl+R)</source>
        <translation>모든 날 또는 하루의 시간을 신청에 배정합니다 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="105" />
        <source>Lock the booking where it is, so a new solve keeps it there (L)</source>
        <translation>예약을 지금 자리에 고정해 다시 배정해도 그대로 둡니다 (L)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="106" />
        <source>Take the booking out of the schedule (Delete; Ctrl+Z puts it back)</source>
        <translation>예약을 일정에서 뺍니다 (Delete; Ctrl+Z로 되돌림)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="107" />
        <source>Moved to %1, %3, and locked there. Ctrl+Z puts it back.</source>
        <translation>%1, %3(으)로 옮기고 그 자리에 고정했습니다. Ctrl+Z로 되돌립니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="108" />
        <source>The booking of %1 is removed. Ctrl+Z puts it back.</source>
        <translation>%1의 예약을 삭제했습니다. Ctrl+Z로 되돌립니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="109" />
        <source>Move the booking of %1</source>
        <translation>%1 예약 이동</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="110" />
        <source>Lock the booking of %1</source>
        <translation>%1 예약 고정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="111" />
        <source>Unlock the booking of %1</source>
        <translation>%1 예약 고정 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="112" />
        <source>Remove the booking of %1</source>
        <translation>%1 예약 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="113" />
        <source>Book %1 in a free slot</source>
        <translation>빈 시간에 %1 예약</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="123" />
        <source>Each card: the exhibitor (bold), the products, the host and the channel.</source>
        <translation>카드: 참가기업(굵게), 제품, 진행자와 채널.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="124" />
        <source>Each card: the exhibitor (bold) and the products.</source>
        <translation>카드: 참가기업(굵게)과 제품.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="131" />
        <source>padlock: locked, a new solve keeps it</source>
        <translation>자물쇠: 고정, 다시 배정해도 유지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="142" />
        <source>No session is set: set each day's hours on the Setup page, then solve.</source>
        <translation>운영 시간이 없습니다: 준비 화면에서 날마다 시간을 정한 뒤 배정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="144" />
        <source>No studio set is placed: place the sets on the Setup page, then solve.</source>
        <translation>스튜디오 세트가 없습니다: 준비 화면에서 세트를 배치한 뒤 배정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="145" />
        <source>No photo corner is placed: place it on the Setup page, then solve.</source>
        <translation>촬영 코너가 없습니다: 준비 화면에서 배치한 뒤 배정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="147" />
        <source>No bookings on this day yet: Solve… (Ctrl+R) allocates the requests.</source>
        <translation>이 날은 아직 예약이 없습니다: 일정 편성…(Ctrl+R)으로 신청을 배정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="149" />
        <source>%1 places hold two bookings at the same time (given away at two desks at once): move or remove one of each (dashed red outline).</source>
        <translation>%1곳에 같은 시간 예약이 두 건씩 있습니다 (두 데스크에서 동시에 배정함): 각각 하나를 옮기거나 삭제하세요 (빨간 점선).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="152" />
        <source>%1 bookings of this day are at a time or place the session no longer has (it changed after the solve): solve the day again.</source>
        <translation>이 날 예약 %1건이 지금은 없는 시간이나 자리에 있습니다 (배정 후 운영 시간이 바뀜): 이 날을 다시 배정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="154" />
        <source>%1 bookings · %2 locked · %3 waiting</source>
        <translation>예약 %1건 · 고정 %2건 · 대기 %3건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="206" />
        <source>Nobody waiting fits this slot any more: the waiting list changed meanwhile.</source>
        <translation>이제 이 시간에 맞는 대기 신청이 없습니다: 그사이 대기 명단이 바뀌었습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="210" />
        <source>%1 is booked at %2, %3. Ctrl+Z takes it back.</source>
        <translation>%1을(를) %2, %3에 예약했습니다. Ctrl+Z로 되돌립니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="218" />
        <source>Allocate the studio slots</source>
        <translation>라이브커머스 스튜디오 시간 배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="218" />
        <source>Allocate the photo shoots</source>
        <translation>제품 사진촬영 시간 배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="219" />
        <source>Every day with studio hours</source>
        <translation>스튜디오 운영 시간이 있는 모든 날</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="219" />
        <source>Every day with photo corner hours</source>
        <translation>촬영 코너 운영 시간이 있는 모든 날</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="220" />
        <source>Allocating the studio slots</source>
        <translation>스튜디오 시간 배정 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="220" />
        <source>Allocating the photo shoots</source>
        <translation>사진촬영 시간 배정 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="223" />
        <source>Locked bookings, and bookings that took place, were missed or have results, stay where they are. The other bookings of the days solved are replaced by the new allocation.</source>
        <translation>고정한 예약과, 이미 진행했거나 불참했거나 성과가 기록된 예약은 그대로 둡니다. 배정하는 날의 나머지 예약은 새 배정으로 바뀝니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="226" />
        <source>%1 exhibitors served · %2 booked</source>
        <translation>참가기업 %1곳 배정 · 예약 %2건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="231" />
        <source>Solved: %1 bookings, %2 requests waiting.</source>
        <translation>배정했습니다: 예약 %1건, 대기 신청 %2건.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="233" />
        <source>%1 bookings for %2 exhibitors (%3 locked or settled kept); %4 requests on the waiting list.</source>
        <translation>참가기업 %2곳에 예약 %1건 (고정되었거나 끝난 %3건은 그대로 둠); 대기 명단에 신청 %4건.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_page.py" line="236" />
        <source>Allocation</source>
        <translation>배정 결과</translation>
    </message>
</context>
<context>
    <name>BookingScheduleWords</name>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="28" />
        <source>This booking is no longer in the schedule: it was removed, perhaps at another desk.</source>
        <translation>이 예약은 일정에 더 이상 없습니다: 다른 데스크에서 삭제했을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="30" />
        <source>This request is no longer on the list: it was removed, perhaps at another desk.</source>
        <translation>이 신청은 목록에 더 이상 없습니다: 다른 데스크에서 삭제했을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="32" />
        <source>This request already has a slot: move that booking instead.</source>
        <translation>이 신청은 이미 예약이 있습니다: 그 예약을 옮기세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="35" />
        <source>The request offered this slot is no longer waiting: it was booked or withdrawn, perhaps at another desk. Look at the offer again.</source>
        <translation>이 시간을 제안한 신청은 더 이상 대기 중이 아닙니다: 다른 데스크에서 배정되었거나 철회되었을 수 있습니다. 제안을 다시 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="38" />
        <source>This slot is not free: mark the booking a no-show or cancel it first.</source>
        <translation>이 시간은 비어 있지 않습니다: 먼저 예약을 불참이나 취소로 표시하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="40" />
        <source>This booking took place or has results: mark it cancelled instead of removing it.</source>
        <translation>이미 진행했거나 성과가 기록된 예약입니다: 삭제하지 말고 취소로 표시하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="42" />
        <source>No sessions: add the days' hours on the Setup page so that there are slots to book.</source>
        <translation>운영 시간이 없습니다: 예약할 시간이 생기도록 준비 화면에서 날마다 시간을 정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="44" />
        <source>No sets or corners: add at least one on the Setup page.</source>
        <translation>세트나 촬영 코너가 없습니다: 준비 화면에서 하나 이상 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="46" />
        <source>No requests: import the exhibitors' requests or add them on the Requests page.</source>
        <translation>신청이 없습니다: 참가기업의 신청을 가져오거나 신청 화면에서 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="48" />
        <source>The limit per exhibitor is 0: raise it to at least 1 on the Setup page.</source>
        <translation>참가기업당 한도가 0입니다: 준비 화면에서 1 이상으로 올리세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="59" />
        <source>Not done: it would clash with another booking. The schedule changed meanwhile, perhaps at another desk; it is shown again as it is now.</source>
        <translation>하지 않았습니다: 다른 예약과 겹칩니다. 그사이 다른 데스크에서 일정이 바뀌었을 수 있어, 지금 일정을 다시 보여 드립니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="73" />
        <source>No slot of the sessions lies in the preferred times</source>
        <translation>희망 시간 안에 운영 시간이 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="75" />
        <source>The exhibitor has as many slots as one may</source>
        <translation>참가기업이 받을 수 있는 만큼 이미 예약함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="77" />
        <source>Every slot that suits it is taken</source>
        <translation>맞는 시간이 모두 찼음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/schedule_words.py" line="82" />
        <source>Waiting list (%1)</source>
        <translation>대기 명단 (%1)</translation>
    </message>
</context>
<context>
    <name>BookingSetupPage</name>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="278" />
        <source>Hours (%1 days)</source>
        <translation>운영 시간 (%1일)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="279" />
        <source>Rules</source>
        <translation>규칙</translation>
    </message>
</context>
<context>
    <name>BookingText</name>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="19" />
        <source>An exhibitor may have between 1 and 20 slots: type a number in that range.</source>
        <translation>업체당 횟수는 1~20 사이입니다. 그 범위의 숫자를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="20" />
        <source>Place between 1 and %1 sets.</source>
        <translation>세트는 1~%1개 배치할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="21" />
        <source>Place between 1 and %1 corners.</source>
        <translation>촬영 코너는 1~%1개 배치할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="23" />
        <source>The floor plan has no studio zone: draw one (zone kind Studio) in the Floor plan workspace first.</source>
        <translation>배치도에 스튜디오 구역이 없습니다. 먼저 배치도 작업 공간에서 구역(종류: 스튜디오)을 그리세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="25" />
        <source>The zone %1 holds %2 at most, not %3: enlarge it on the floor plan or place fewer.</source>
        <translation>%1 구역에는 최대 %2개까지 들어갑니다(%3개 불가). 배치도에서 구역을 넓히거나 수를 줄이세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="27" />
        <source>Number %1 still has bookings: move them in the schedule first, or keep at least %2.</source>
        <translation>%1번에 아직 예약이 있습니다. 먼저 일정에서 옮기거나 %2개 이상 유지하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="28" />
        <source>%1 is not a day of the event.</source>
        <translation>%1은(는) 행사 기간이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="29" />
        <source>The session must end after it starts.</source>
        <translation>상담 종료 시간은 시작 시간보다 늦어야 합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="31" />
        <source>A slot lasts between 5 and 240 minutes (40 for a broadcast, 20 for a shoot is usual).</source>
        <translation>한 시간대는 5~240분입니다(방송은 보통 40분, 촬영은 20분).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="33" />
        <source>The changeover between slots is between 0 and 120 minutes.</source>
        <translation>시간대 사이 교체 시간은 0~120분입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="34" />
        <source>The break at %1 must end after it starts.</source>
        <translation>%1 휴식의 종료 시간은 시작 시간보다 늦어야 합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="36" />
        <source>Not one slot fits between the start and the end: lengthen the hours or shorten the slot.</source>
        <translation>시작과 종료 사이에 시간대가 하나도 들어가지 않습니다. 운영 시간을 늘리거나 시간대를 줄이세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="38" />
        <source>No such exhibitor in the event: choose one from the list.</source>
        <translation>행사에 없는 참가업체입니다. 목록에서 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="40" />
        <source>A priority is 1 (first) or more; leave it empty for no priority.</source>
        <translation>우선순위는 1(가장 먼저) 이상입니다. 우선순위가 없으면 비워 두세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="42" />
        <source>The preferred time on %1 must end after it starts.</source>
        <translation>%1의 희망 시간은 시작보다 늦게 끝나야 합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="44" />
        <source>The products are longer than %1 characters: shorten them.</source>
        <translation>제품이 %1자를 넘습니다. 줄여 주세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="46" />
        <source>The host is longer than %1 characters: shorten it.</source>
        <translation>진행자가 %1자를 넘습니다. 줄여 주세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="48" />
        <source>The channel is longer than %1 characters: shorten it.</source>
        <translation>채널이 %1자를 넘습니다. 줄여 주세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="50" />
        <source>The note is longer than %1 characters: shorten it.</source>
        <translation>메모가 %1자를 넘습니다. 줄여 주세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="53" />
        <source>%1 booking(s) of %2 would fall outside the new hours (%3): move them to a slot the new hours keep, or cancel them, then change the hours.</source>
        <translation>%2의 예약 %1건이 새 운영 시간 밖에 놓이게 됩니다 (%3): 새 시간에 남는 시간대로 옮기거나 취소한 뒤 운영 시간을 바꾸세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="57" />
        <source>This request has a booking under its exhibitor: another exhibitor cannot take it over. Add a request for the other exhibitor instead (or remove this one's booking first).</source>
        <translation>이 신청은 해당 참가기업으로 예약되어 있어 다른 참가기업으로 바꿀 수 없습니다. 다른 참가기업의 신청을 새로 추가하세요 (또는 먼저 이 예약을 삭제하세요).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/service_text.py" line="62" />
        <source>A request whose slot already took place (or was marked) cannot be withdrawn: cancel its booking instead.</source>
        <translation>이미 진행되었거나 결과가 기록된 신청은 삭제할 수 없습니다. 대신 예약을 취소하세요.</translation>
    </message>
</context>
<context>
    <name>Bookings</name>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="48" />
        <source>Studio broadcasts</source>
        <translation>라이브 방송</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="48" />
        <source>Set</source>
        <translation>세트</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="49" />
        <source>Sets</source>
        <translation>세트</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="50" />
        <source>Broadcast hours, day by day</source>
        <translation>일자별 방송 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="51" />
        <source>no broadcasts</source>
        <translation>방송 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="52" />
        <source>No broadcasts this day</source>
        <translation>이 날 방송 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="53" />
        <source>broadcast</source>
        <translation>방송</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="55" />
        <source>Photo shoots</source>
        <translation>사진촬영</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="55" />
        <source>Corner</source>
        <translation>촬영 코너</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="56" />
        <source>Corners</source>
        <translation>촬영 코너</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="56" />
        <source>Shoot hours, day by day</source>
        <translation>일자별 촬영 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="57" />
        <source>no shoots</source>
        <translation>촬영 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="57" />
        <source>No shoots this day</source>
        <translation>이 날 촬영 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/booking_data.py" line="58" />
        <source>shoot</source>
        <translation>촬영</translation>
    </message>
</context>
<context>
    <name>BoothPanel</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="27" />
        <source>Available</source>
        <translation>판매 가능</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="28" />
        <source>Reserved</source>
        <translation>예약</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="29" />
        <source>Sold</source>
        <translation>판매 완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="30" />
        <source>Blocked (not for sale)</source>
        <translation>판매 불가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="41" />
        <location filename="../../expo_console/gui/floorplan/panels.py" line="111" />
        <source>Select a booth on the plan.</source>
        <translation>배치도에서 부스를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="52" />
        <source>Shell scheme</source>
        <translation>조립 부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="53" />
        <source>Raw space</source>
        <translation>독립 부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="62" />
        <source>Power</source>
        <translation>전기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="62" />
        <source>Water</source>
        <translation>급배수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="62" />
        <source>Fascia sign</source>
        <translation>상호판</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="63" />
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="70" />
        <source>Number</source>
        <translation>번호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="71" />
        <source>Section</source>
        <translation>분야</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="72" />
        <source>Exhibitor</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="73" />
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="74" />
        <source>Build</source>
        <translation>부스 형태</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="79" />
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="83" />
        <source>Services</source>
        <translation>부대 시설</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="94" />
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="98" />
        <source>(no exhibitor)</source>
        <translation>(참가기업 없음)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../expo_console/gui/floorplan/panels.py" line="110" />
        <source>%n booth(s) selected.</source>
        <translation>
            <numerusform>부스 %n개 선택됨.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="113" />
        <source>Booth %1 · %2 · %3 m²</source>
        <translation>부스 %1 · %2 · %3 m²</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="131" />
        <source>Pick the exhibitor from the list.</source>
        <translation>목록에서 참가기업을 고르세요.</translation>
    </message>
</context>
<context>
    <name>BuyerForm</name>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="154" />
        <source>Country</source>
        <translation>국가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="155" />
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="156" />
        <source>Korean and English need no interpreter; other languages do.</source>
        <translation>한국어와 영어는 통역이 필요 없고, 다른 언어는 통역이 필요합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="157" />
        <source>Sources</source>
        <translation>구매 품목</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="158" />
        <source>Attends</source>
        <translation>참석일</translation>
    </message>
</context>
<context>
    <name>CheckinWorkspace</name>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="124" />
        <location filename="../../expo_console/gui/checkin/workspace.py" line="433" />
        <source>Entry</source>
        <translation>입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="124" />
        <location filename="../../expo_console/gui/checkin/workspace.py" line="433" />
        <source>Exit</source>
        <translation>퇴장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="124" />
        <source>Both (F2 switches)</source>
        <translation>입·퇴장 (F2로 전환)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="131" />
        <source>The signed-in operator, recorded with every scan. To switch, use File ▸ Sign out (Ctrl+Shift+L).</source>
        <translation>로그인한 운영자이며 모든 스캔에 기록됩니다. 바꾸려면 파일 ▸ 로그아웃(Ctrl+Shift+L)을 사용하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="135" />
        <source>Again only after an exit</source>
        <translation>퇴장 후에만 재입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="136" />
        <source>Once per day</source>
        <translation>하루 한 번</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="136" />
        <source>Any number of entries</source>
        <translation>재입장 제한 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="149" />
        <source>Station</source>
        <translation>스테이션</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="149" />
        <source>Gate</source>
        <translation>게이트</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="150" />
        <source>Direction</source>
        <translation>방향</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="150" />
        <source>Operator</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="151" />
        <source>Hall entry</source>
        <translation>홀 입장 규칙</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="154" />
        <source>Gate rules…</source>
        <translation>게이트 출입 규칙…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="161" />
        <source>Scan a badge (or type its code and press Enter)</source>
        <translation>배지를 스캔하세요 (또는 코드를 입력하고 Enter)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="193" />
        <source>Admitted today at this gate</source>
        <translation>오늘 이 게이트 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="194" />
        <source>Inside now</source>
        <translation>현재 안에 있는 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="195" />
        <source>Pace</source>
        <translation>처리 속도</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="196" />
        <source>Scanning</source>
        <translation>스캔 방향</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="230" />
        <source>Find visitor without badge… (Ctrl+F)</source>
        <translation>배지 없는 방문자 찾기… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="233" />
        <source>Undo last scan… (Ctrl+Z)</source>
        <translation>마지막 스캔 취소… (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="237" />
        <source>Supervisor override… (Ctrl+Shift+O)</source>
        <translation>책임자 승인 입장… (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="241" />
        <source>Print badge (Ctrl+P)</source>
        <translation>배지 출력 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="251" />
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="257" />
        <source>Camera scanning needs the optional camera extra (pip install expo-console[camera]).</source>
        <translation>카메라 스캔에는 선택 설치 항목이 필요합니다 (pip install expo-console[camera]).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="268" />
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="268" />
        <source>Scan a badge.</source>
        <translation>배지를 스캔하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="328" />
        <source>Cannot check badges</source>
        <translation>배지를 확인할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="354" />
        <source>Admission rule</source>
        <translation>입장 규칙</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="355" />
        <source>Change the hall's admission rule for every desk of this event?</source>
        <translation>이 행사의 모든 데스크에 적용되는 홀 입장 규칙을 바꿀까요?</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="396" />
        <source>(desk %1)</source>
        <translation>(데스크 %1)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="397" />
        <source>First admitted %1 at %2.</source>
        <translation>처음 입장: %1, %2.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="399" />
        <source>Typed by hand, not scanned.</source>
        <translation>스캔이 아닌 직접 입력입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="401" />
        <source>Offline: decided at this desk; the hub hears of it later.</source>
        <translation>오프라인: 이 데스크에서 판정했습니다. 허브에는 나중에 전달됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="456" />
        <source>%1 scans/min · %2 s between scans</source>
        <translation>분당 %1건 · 스캔 간격 %2초</translation>
    </message>
</context>
<context>
    <name>ClassHoursRow</name>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="91" />
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
</context>
<context>
    <name>ClassValuesModel</name>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="78" />
        <source>Value in the file</source>
        <translation>파일의 값</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="78" />
        <source>Rows</source>
        <translation>행 수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="78" />
        <source>Class</source>
        <translation>구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="105" />
        <source>Chosen</source>
        <translation>직접 선택함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="107" />
        <source>The value is a class name</source>
        <translation>값이 구분 이름 그대로입니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="109" />
        <source>No word in the value says a class: visitor unless you choose</source>
        <translation>값에 구분을 알려 주는 말이 없습니다: 직접 고르지 않으면 일반 참관객으로 등록됩니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="110" />
        <source>Proposed from the words in the value</source>
        <translation>값에 든 낱말로 제안한 구분입니다</translation>
    </message>
</context>
<context>
    <name>ClassValuesStep</name>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="151" />
        <source>Each value of the class column becomes the class shown. Check the proposals and change any that are wrong; importing confirms them.</source>
        <translation>구분 열의 각 값은 옆에 보이는 구분으로 등록됩니다. 제안을 확인하고 틀린 것은 바꾸세요. 가져오기를 누르면 이대로 확정됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="164" />
        <source>No column is mapped to the class: everyone is imported as a visitor.</source>
        <translation>구분으로 지정된 열이 없습니다: 모두 일반 참관객으로 가져옵니다.</translation>
    </message>
</context>
<context>
    <name>ConflictList</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/conflicts.py" line="58" />
        <source>No admission conflicts on this day: no badge was admitted at two desks while they were apart.</source>
        <translation>이 날은 입장 충돌이 없습니다: 데스크끼리 연결이 끊긴 동안 두 데스크에서 입장한 배지가 없습니다.</translation>
    </message>
</context>
<context>
    <name>ConflictModel</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="189" />
        <source>Badge</source>
        <translation>배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="189" />
        <source>Visitor</source>
        <translation>참관객</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="189" />
        <location filename="../../expo_console/gui/dashboard/models.py" line="207" />
        <source>First admitted</source>
        <translation>처음 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="189" />
        <location filename="../../expo_console/gui/dashboard/models.py" line="208" />
        <source>Admitted again</source>
        <translation>다시 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="193" />
        <source>The badge's serial number</source>
        <translation>배지 일련번호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="193" />
        <source>Who the badge belongs to</source>
        <translation>배지의 주인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="194" />
        <source>The first admission: when (event time), at which gate, station and desk</source>
        <translation>처음 입장: 시각(행사 현지 시각), 게이트, 스테이션, 데스크</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="195" />
        <source>The admission the first would have refused, made at another desk that could not know of it</source>
        <translation>처음 입장을 알았다면 거부했을 입장: 그 사실을 알 수 없던 다른 데스크에서 이루어졌습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="212" />
        <source>Desk %1 · %2</source>
        <translation>데스크 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="216" />
        <source>%1: %2 at %3, station %4, desk %5</source>
        <translation>%1: %2, %3, 스테이션 %4, 데스크 %5</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="30" />
        <source>Connect to hub</source>
        <translation>허브에 연결</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="31" />
        <source>Every desk of the event shares its work through the event hub. The organizer's 'expo-console hub status' shows the hub's address (its dsn).</source>
        <translation>행사의 모든 데스크는 행사 허브를 통해 작업을 나눕니다. 허브 주소(dsn)는 주최 측 노트북의 'expo-console hub status'에 나옵니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="40" />
        <source>e.g. Registration 2</source>
        <translation>예: 등록 2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="45" />
        <source>It unlocks the event's badge key, so that this desk can print badges. Without it the desk registers and scans.</source>
        <translation>행사의 배지 키를 풀어 이 데스크에서 배지를 출력할 수 있게 합니다. 없어도 등록과 스캔은 됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="50" />
        <source>Hub address</source>
        <translation>허브 주소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="51" />
        <source>This desk's name</source>
        <translation>이 데스크 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="52" />
        <source>Event passphrase</source>
        <translation>행사 암호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="56" />
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="67" />
        <source>Enter the hub's address (the organizer has it).</source>
        <translation>허브 주소를 입력하세요 (주최 측이 알려 줍니다).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connect_dialog.py" line="72" />
        <source>Give this desk a name: the other desks see it in Desks…</source>
        <translation>이 데스크의 이름을 입력하세요: 다른 데스크의 '데스크 목록'에 이 이름이 나옵니다.</translation>
    </message>
</context>
<context>
    <name>ConsoleApp</name>
    <message>
        <location filename="../../expo_console/gui/app.py" line="102" />
        <source>Cannot open event</source>
        <translation>행사 파일을 열 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/app.py" line="110" />
        <source>Cannot create event</source>
        <translation>행사를 만들 수 없습니다</translation>
    </message>
</context>
<context>
    <name>Consultations</name>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="61" />
        <source>every day</source>
        <translation>매일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="67" />
        <location filename="../../expo_console/gui/consultations/names.py" line="74" />
        <source>(removed buyer)</source>
        <translation>(삭제된 바이어)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="81" />
        <location filename="../../expo_console/gui/consultations/names.py" line="87" />
        <source>(removed exhibitor)</source>
        <translation>(삭제된 참가기업)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="93" />
        <source>(removed interpreter)</source>
        <translation>(삭제된 통역사)</translation>
    </message>
</context>
<context>
    <name>ConsultationsWorkspace</name>
    <message>
        <location filename="../../expo_console/gui/consultations/workspace.py" line="56" />
        <source>Setup</source>
        <translation>준비</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/workspace.py" line="57" />
        <source>Schedule</source>
        <translation>일정표</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/workspace.py" line="58" />
        <source>By buyer / exhibitor</source>
        <translation>바이어·기업별</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/workspace.py" line="64" />
        <source>Live board</source>
        <translation>현장 현황</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/workspace.py" line="75" />
        <source>Results</source>
        <translation>성과</translation>
    </message>
</context>
<context>
    <name>DashboardWorkspace</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="117" />
        <source>%1 · day %2</source>
        <translation>%1 · %2일차</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="122" />
        <source>Scrub through the day: ← → a minute, Page Up/Down a quarter hour, End: now</source>
        <translation>하루를 되돌려 보기: ← → 1분, Page Up/Down 15분, End: 현재</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="125" />
        <source>&amp;Now</source>
        <translation>현재(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="126" />
        <source>Back to the latest figures (End)</source>
        <translation>최신 수치로 돌아가기 (End)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="127" />
        <source>&amp;Busiest moment</source>
        <translation>가장 붐빈 때(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="128" />
        <source>Show the minute the hall was fullest</source>
        <translation>홀이 가장 붐볐던 시각 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="129" />
        <source>&amp;Head count…</source>
        <translation>수동 계수(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="130" />
        <source>Enter a zone's count taken by hand; it corrects the figure from now on</source>
        <translation>직접 센 구역 인원을 입력합니다. 지금부터 그 수치로 보정됩니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="131" />
        <source>&amp;Counting…</source>
        <translation>계수 설정(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="132" />
        <source>Hall capacity, dwell timeouts, closing time, lane speed</source>
        <translation>홀 수용 인원, 체류 제한 시간, 마감 시각, 통로 처리량</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="133" />
        <source>Daily &amp;report…</source>
        <translation>일일 보고서(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="134" />
        <source>E&amp;xport series…</source>
        <translation>시계열 내보내기(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="138" />
        <source>Day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="159" />
        <source>Alert log</source>
        <translation>경보 기록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="160" />
        <source>Desks</source>
        <translation>출입 데스크</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="246" />
        <source>Conflicts</source>
        <translation>입장 충돌</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="247" />
        <source>Conflicts (%1)</source>
        <translation>입장 충돌 %1건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="252" />
        <source>Badges admitted at two desks while the desks were apart (the hub out of reach): both admissions stand. Look at each: a badge shared by two people, or one visitor let in twice.</source>
        <translation>데스크끼리 연결이 끊긴 동안(허브에 연결할 수 없던 동안) 두 데스크에서 입장한 배지입니다: 두 입장 기록이 모두 남아 있습니다. 한 배지를 두 사람이 쓴 것인지, 한 방문자가 두 번 입장한 것인지 하나씩 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="324" />
        <source>Dashboard</source>
        <translation>현황판</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="324" />
        <source>The day's scans could not be read: %1</source>
        <translation>그날의 스캔 기록을 읽지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="334" />
        <source>Whole hall</source>
        <translation>홀 전체</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="435" />
        <source>live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="435" />
        <source>replay</source>
        <translation>다시 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="483" />
        <source>Head count</source>
        <translation>수동 계수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/workspace.py" line="485" />
        <source>Head count for %1: %2 (the screen showed %3).</source>
        <translation>%1 수동 계수: %2명 (화면 표시 %3명).</translation>
    </message>
</context>
<context>
    <name>DayFiles</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/day_files.py" line="54" />
        <location filename="../../expo_console/gui/dashboard/day_files.py" line="65" />
        <source>Daily report</source>
        <translation>일일 보고서</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/day_files.py" line="54" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/day_files.py" line="65" />
        <source>Report saved: %1</source>
        <translation>보고서를 저장했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/day_files.py" line="69" />
        <location filename="../../expo_console/gui/dashboard/day_files.py" line="78" />
        <source>Export series</source>
        <translation>시계열 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/day_files.py" line="69" />
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/day_files.py" line="78" />
        <source>Series exported: %1</source>
        <translation>시계열을 내보냈습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/day_files.py" line="97" />
        <source>Not saved</source>
        <translation>저장하지 못했습니다</translation>
    </message>
</context>
<context>
    <name>DeskListModel</name>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="79" />
        <source>Desk</source>
        <translation>데스크</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="79" />
        <source>Serial slot</source>
        <translation>일련번호 슬롯</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="79" />
        <source>Last seen</source>
        <translation>마지막 연결</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="79" />
        <source>Waiting</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="80" />
        <source>Clock offset</source>
        <translation>시계 차이</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="91" />
        <source>This desk's clock is off by a minute or more. Its registrations and scans carry its time: set the computer's clock right.</source>
        <translation>이 데스크의 시계가 1분 이상 틀립니다. 등록과 스캔에 이 시각이 기록되니 컴퓨터 시계를 맞추세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="113" />
        <source>%1 (this desk)</source>
        <translation>%1 (이 데스크)</translation>
    </message>
</context>
<context>
    <name>DeskModel</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="160" />
        <source>Station</source>
        <translation>스테이션</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="160" />
        <source>Scans last minute</source>
        <translation>최근 1분 스캔</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="160" />
        <source>Per minute (5 min)</source>
        <translation>분당 (5분 평균)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="161" />
        <source>Busy</source>
        <translation>가동률</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="161" />
        <source>Queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="168" />
        <source>growing</source>
        <translation>늘어나는 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="170" />
        <source>~%1 people, ~%2 s</source>
        <translation>약 %1명, 약 %2초</translation>
    </message>
</context>
<context>
    <name>DeskPrinter</name>
    <message>
        <location filename="../../expo_console/gui/badges/desk_printer.py" line="48" />
        <source>No printer is set up on this computer. Add one in Windows Settings ▸ Printers &amp; scanners.</source>
        <translation>이 컴퓨터에 설정된 프린터가 없습니다. Windows 설정 ▸ 프린터 및 스캐너에서 프린터를 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/desk_printer.py" line="51" />
        <source>No printer is set up on this computer. Add one in System Settings ▸ Printers &amp; Scanners.</source>
        <translation>이 컴퓨터에 설정된 프린터가 없습니다. 시스템 설정 ▸ 프린터 및 스캐너에서 프린터를 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/desk_printer.py" line="54" />
        <source>No printer is set up on this computer, or its print service is not running. Add a printer in the system's printer settings, or on the print server's page http://localhost:631.</source>
        <translation>이 컴퓨터에 설정된 프린터가 없거나 인쇄 서비스가 실행 중이 아닙니다. 시스템의 프린터 설정이나 인쇄 서버 페이지 http://localhost:631 에서 프린터를 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/desk_printer.py" line="57" />
        <source>Until then, badges can be saved as a PDF and printed elsewhere.</source>
        <translation>그때까지는 배지를 PDF 파일로 저장해 다른 곳에서 출력할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>DeskSync</name>
    <message>
        <location filename="../../expo_console/gui/sync/desk_sync.py" line="42" />
        <source>Connected to the hub: this desk syncs with it from now on.</source>
        <translation>허브에 연결했습니다: 이제부터 이 데스크는 허브와 동기화합니다.</translation>
    </message>
</context>
<context>
    <name>DesksDialog</name>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="51" />
        <source>%1 min %2 s</source>
        <translation>%1분 %2초</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="53" />
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="129" />
        <source>Desks of the event</source>
        <translation>행사 데스크 목록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="144" />
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="160" />
        <source>This event file is not connected to a hub on this desk: connect it with File ▸ Connect to hub…</source>
        <translation>이 데스크에서 이 행사 파일은 허브에 연결되어 있지 않습니다: 파일 ▸ 허브에 연결…로 연결하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="166" />
        <source>Asking the hub…</source>
        <translation>허브에 묻는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="182" />
        <source>%1 desks on the hub, as of %2.</source>
        <translation>허브의 데스크 %1대 (%2 기준).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="188" />
        <source>The hub cannot be reached, so the desks cannot be listed now: %1</source>
        <translation>허브에 연결할 수 없어 지금은 데스크 목록을 볼 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/desks_dialog.py" line="191" />
        <source>The list above is as of %1.</source>
        <translation>위 목록은 %1 기준입니다.</translation>
    </message>
</context>
<context>
    <name>DragCheck</name>
    <message>
        <location filename="../../expo_console/gui/consultations/drag_check.py" line="53" />
        <source>%1 already has a meeting at this time, with %2 at table %3.</source>
        <translation>%1 님은 이 시간에 이미 %3번 테이블에서 %2와(과) 상담이 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/drag_check.py" line="56" />
        <source>Table %1 is taken at this time (%2 meets %3).</source>
        <translation>%1번 테이블은 이 시간에 사용 중입니다 (%2 — %3 상담).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/drag_check.py" line="59" />
        <source>Interpreter %1 is at table %2 at this time.</source>
        <translation>통역사 %1 님은 이 시간에 %2번 테이블에 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/drag_check.py" line="65" />
        <source>Every representative of %1 is in another meeting at this time (table %2).</source>
        <translation>%1의 상담 인원이 이 시간에 모두 다른 상담 중입니다 (테이블 %2).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/drag_check.py" line="69" />
        <source>There is no table %1 in the zone.</source>
        <translation>상담존에 %1번 테이블이 없습니다.</translation>
    </message>
</context>
<context>
    <name>EventMenu</name>
    <message>
        <location filename="../../expo_console/gui/personal_data/event_menu.py" line="26" />
        <source>&amp;Retention period…</source>
        <translation>개인정보 보존 기간(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/event_menu.py" line="29" />
        <source>&amp;Purge personal data…</source>
        <translation>개인정보 파기(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>ExhibitorForm</name>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="180" />
        <source>Seats</source>
        <translation>상담 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="181" />
        <source>Representatives who can sit at separate tables at the same time.</source>
        <translation>같은 시간에 서로 다른 테이블에 앉을 수 있는 상담 담당자 수입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="182" />
        <source>Offers</source>
        <translation>취급 품목</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="183" />
        <source>Attends</source>
        <translation>참석일</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../expo_console/gui/file_dialogs.py" line="42" />
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/file_dialogs.py" line="65" />
        <source>&amp;Look in:</source>
        <translation>찾는 위치(&amp;L):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/file_dialogs.py" line="66" />
        <source>Files of &amp;type:</source>
        <translation>파일 형식(&amp;T):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/file_dialogs.py" line="120" />
        <source>%1 is the open event's own file and cannot be read this way. Choose another file.</source>
        <translation>%1은(는) 열려 있는 행사의 파일이라 이렇게 읽을 수 없습니다. 다른 파일을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/file_dialogs.py" line="141" />
        <source>%1 is the open event's own file. Choose another name.</source>
        <translation>%1은(는) 열려 있는 행사의 파일입니다. 다른 이름을 고르세요.</translation>
    </message>
</context>
<context>
    <name>FileErrors</name>
    <message>
        <location filename="../../expo_console/gui/file_errors.py" line="23" />
        <source>The disk is full: free some space or choose another disk.</source>
        <translation>디스크가 가득 찼습니다: 공간을 비우거나 다른 디스크를 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/file_errors.py" line="25" />
        <source>This account may not write there: choose another folder.</source>
        <translation>이 계정은 그곳에 저장할 권한이 없습니다: 다른 폴더를 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/file_errors.py" line="27" />
        <source>The disk is read-only: choose another folder.</source>
        <translation>읽기 전용 디스크입니다: 다른 폴더를 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/file_errors.py" line="29" />
        <source>The folder does not exist: choose another folder.</source>
        <translation>폴더가 없습니다: 다른 폴더를 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/file_errors.py" line="30" />
        <source>%1 was not saved.</source>
        <translation>%1 파일을 저장하지 못했습니다.</translation>
    </message>
</context>
<context>
    <name>FindVisitorDialog</name>
    <message>
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="28" />
        <source>Find a visitor without a badge</source>
        <translation>배지 없는 방문자 찾기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="32" />
        <source>Name, initials (ㄱㄱㅁ), company, e-mail or last 4 phone digits</source>
        <translation>이름, 초성(ㄱㄱㅁ), 회사, 이메일 또는 전화번호 뒤 4자리</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="45" />
        <source>Reason (recorded), e.g. badge left at home, ID checked</source>
        <translation>사유 (기록됨), 예: 배지를 두고 옴, 신분증 확인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="46" />
        <source>Loading visitors…</source>
        <translation>방문자 목록을 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="68" />
        <source>Select the visitor in the list.</source>
        <translation>목록에서 방문자를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="71" />
        <source>Give the reason: it is recorded with the admission.</source>
        <translation>사유를 입력하세요: 입장 기록과 함께 저장됩니다.</translation>
    </message>
</context>
<context>
    <name>FloorEditor</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="100" />
        <source>The layout is locked. Unlock it (Ctrl+L) to edit.</source>
        <translation>배치가 잠겨 있습니다. 수정하려면 잠금을 푸세요 (Ctrl+L).</translation>
    </message>
    <message numerus="yes">
        <location filename="../../expo_console/gui/floorplan/editor.py" line="115" />
        <source>Move %n booth(s)</source>
        <translation>
            <numerusform>부스 %n개 이동</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="119" />
        <source>Nudge booths</source>
        <translation>부스 조금 이동</translation>
    </message>
    <message numerus="yes">
        <location filename="../../expo_console/gui/floorplan/editor.py" line="123" />
        <source>Rotate %n booth(s)</source>
        <translation>
            <numerusform>부스 %n개 회전</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="128" />
        <source>Resize booths</source>
        <translation>부스 크기 변경</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="136" />
        <source>Align booths</source>
        <translation>부스 정렬</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="141" />
        <source>Distribute booths</source>
        <translation>부스 간격 맞춤</translation>
    </message>
    <message numerus="yes">
        <location filename="../../expo_console/gui/floorplan/editor.py" line="147" />
        <source>Delete %n booth(s)</source>
        <translation>
            <numerusform>부스 %n개 삭제</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../expo_console/gui/floorplan/editor.py" line="160" />
        <source>Paste %n booth(s)</source>
        <translation>
            <numerusform>부스 %n개 붙여넣기</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="170" />
        <source>Add booth</source>
        <translation>부스 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="186" />
        <source>Assign exhibitor to %1</source>
        <translation>%1에 참가기업 배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="186" />
        <source>Free booth %1</source>
        <translation>부스 %1 배정 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="192" />
        <source>Renumber booths</source>
        <translation>부스 번호 다시 매기기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/editor.py" line="203" />
        <source>Delete zone %1</source>
        <translation>구역 %1 삭제</translation>
    </message>
</context>
<context>
    <name>FloorPlan</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/zone_marks.py" line="57" />
        <source>Consultation table %1</source>
        <translation>상담 테이블 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/zone_marks.py" line="65" />
        <source>Live-commerce studio set %1: %2</source>
        <translation>라이브커머스 스튜디오 세트 %1: %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/zone_marks.py" line="66" />
        <source>Photo corner %1: %2</source>
        <translation>사진촬영 코너 %1: %2</translation>
    </message>
</context>
<context>
    <name>FloorPlanWorkspace</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="79" />
        <source>Find booth or exhibitor (Ctrl+F)</source>
        <translation>부스 번호 또는 기업명 찾기 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="108" />
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="109" />
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="122" />
        <source>Add booth</source>
        <translation>부스 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="124" />
        <source>Rotate</source>
        <translation>회전</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="126" />
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="129" />
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="130" />
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="131" />
        <source>Select all</source>
        <translation>모두 선택</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="132" />
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="140" />
        <source>Arrange</source>
        <translation>정렬</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="133" />
        <source>Align left</source>
        <translation>왼쪽 맞춤</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="133" />
        <source>Align right</source>
        <translation>오른쪽 맞춤</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="134" />
        <source>Align top</source>
        <translation>위쪽 맞춤</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="134" />
        <source>Align bottom</source>
        <translation>아래쪽 맞춤</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="135" />
        <source>Centre horizontally</source>
        <translation>가로 가운데 맞춤</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="135" />
        <source>Centre vertically</source>
        <translation>세로 가운데 맞춤</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="138" />
        <source>Distribute horizontally</source>
        <translation>가로 간격 같게</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="139" />
        <source>Distribute vertically</source>
        <translation>세로 간격 같게</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="143" />
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="418" />
        <source>Draw zone</source>
        <translation>구역 그리기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="145" />
        <source>Hall</source>
        <translation>홀</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="146" />
        <source>Renumber</source>
        <translation>번호 다시 매기기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="148" />
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="323" />
        <source>Lock layout</source>
        <translation>배치 잠금</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="154" />
        <source>Fit</source>
        <translation>전체 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="155" />
        <source>Zoom in</source>
        <translation>확대</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="156" />
        <source>Zoom out</source>
        <translation>축소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="157" />
        <source>Find</source>
        <translation>찾기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="158" />
        <source>Select tool</source>
        <translation>선택 도구</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="159" />
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="176" />
        <source>Drag an exhibitor onto a booth to assign it, or onto open floor for a new booth.</source>
        <translation>참가기업을 부스로 끌어 놓으면 배정되고, 빈 바닥에 놓으면 새 부스가 생깁니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="190" />
        <source>Booth</source>
        <translation>부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="191" />
        <source>Zone</source>
        <translation>구역</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="219" />
        <source>Not changed</source>
        <translation>변경되지 않음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="224" />
        <source>Edit booth</source>
        <translation>부스 수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="225" />
        <source>Edit zone</source>
        <translation>구역 수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="290" />
        <source>Unplaced (%1)</source>
        <translation>미배정 (%1)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="296" />
        <source>Violations (%1)</source>
        <translation>규정 위반 (%1)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="303" />
        <source>%1 booths, %2 assigned</source>
        <translation>부스 %1개, 배정 %2개</translation>
    </message>
    <message numerus="yes">
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="305" />
        <source>%n violation(s)</source>
        <translation>
            <numerusform>규정 위반 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="306" />
        <source>no violations</source>
        <translation>규정 위반 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="307" />
        <source>farthest walk to an exit %1 m</source>
        <translation>비상구까지 최장 보행거리 %1 m</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="309" />
        <source>LOCKED</source>
        <translation>잠김</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="311" />
        <source>READ-ONLY</source>
        <translation>읽기 전용</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="323" />
        <source>Unlock layout</source>
        <translation>배치 잠금 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="365" />
        <source>inline</source>
        <translation>일렬형</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="365" />
        <source>corner</source>
        <translation>코너형</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="365" />
        <source>peninsula</source>
        <translation>반도형</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="366" />
        <source>island</source>
        <translation>독립형</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="366" />
        <source>enclosed</source>
        <translation>폐쇄형</translation>
    </message>
    <message numerus="yes">
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="388" />
        <source>%n booth(s) copied</source>
        <translation>
            <numerusform>부스 %n개 복사됨</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="399" />
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="402" />
        <source>Renumber booths</source>
        <translation>부스 번호 다시 매기기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="399" />
        <source>Every booth already has its number.</source>
        <translation>모든 부스가 이미 제 번호를 갖고 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="403" />
        <source>Give %1 booth(s) new numbers by section and position? Numbers already sent to exhibitors will change. (Ctrl+Z undoes it.)</source>
        <translation>부스 %1개의 번호를 분야와 위치에 따라 다시 매길까요? 참가기업에 이미 알린 번호가 바뀝니다. (Ctrl+Z로 되돌릴 수 있습니다.)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="413" />
        <source>Click the zone's corners; double-click or Enter to finish, Esc to cancel.</source>
        <translation>구역의 꼭짓점을 클릭하세요. 더블클릭이나 Enter로 마치고, Esc로 취소합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="417" />
        <source>New zone</source>
        <translation>새 구역</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/workspace.py" line="444" />
        <source>No booth or exhibitor matches '%1'</source>
        <translation>'%1'에 맞는 부스나 참가기업이 없습니다</translation>
    </message>
</context>
<context>
    <name>GateLinkStatus</name>
    <message>
        <location filename="../../expo_console/gui/checkin/hub_gate.py" line="124" />
        <source>Gate offline since %1: deciding at this desk</source>
        <translation>게이트 오프라인(%1부터): 이 데스크에서 판정 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/hub_gate.py" line="125" />
        <source>The hub did not answer in time, so this gate decides on this desk's own file: a badge another desk admitted meanwhile may be admitted here too. The scans go to the hub when it answers again; the gate goes back to deciding there by itself.</source>
        <translation>허브가 제때 응답하지 않아 이 게이트는 이 데스크의 파일로 판정합니다: 그동안 다른 데스크에서 입장한 배지가 여기서도 입장될 수 있습니다. 스캔 기록은 허브가 다시 응답하면 허브로 보내지고, 게이트도 저절로 다시 허브에서 판정합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/hub_gate.py" line="129" />
        <source>Gate back online: deciding on the hub again</source>
        <translation>게이트 다시 연결됨: 다시 허브에서 판정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/hub_gate.py" line="130" />
        <source>The hub answers again: every scan at this gate is decided on the hub, against every desk's scans.</source>
        <translation>허브가 다시 응답합니다: 이 게이트의 모든 스캔을 모든 데스크의 스캔 기록과 대조해 허브에서 판정합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/hub_gate.py" line="132" />
        <source>Gate: deciding on the hub</source>
        <translation>게이트: 허브에서 판정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/hub_gate.py" line="133" />
        <source>Every scan at this gate is decided on the hub, against every desk's scans: a badge admitted at another desk is known here at once.</source>
        <translation>이 게이트의 모든 스캔을 모든 데스크의 스캔 기록과 대조해 허브에서 판정합니다: 다른 데스크에서 입장한 배지도 여기서 바로 알 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>GateRulesDialog</name>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="154" />
        <source>Gate rules</source>
        <translation>게이트 출입 규칙</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="171" />
        <source>Whole hall (every hall gate)</source>
        <translation>홀 전체 (모든 홀 게이트)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="175" />
        <source>%1 (every gate into the zone)</source>
        <translation>%1 (구역의 모든 게이트)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="179" />
        <source>%1 (this gate only)</source>
        <translation>%1 (이 게이트만)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="181" />
        <source>Rule for</source>
        <translation>적용 대상</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="185" />
        <source>Only these classes:</source>
        <translation>다음 참가 구분만:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="197" />
        <source>Who may pass</source>
        <translation>출입 대상</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="205" />
        <source>Opening hours:</source>
        <translation>운영 시간:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="221" />
        <source>Add other hours for a class</source>
        <translation>참가 구분별 운영 시간 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="228" />
        <source>Other hours for some classes (e.g. exhibitors from 08:00):</source>
        <translation>일부 참가 구분의 별도 운영 시간 (예: 출품기업은 08:00부터):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="230" />
        <source>When</source>
        <translation>출입 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="133" />
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="241" />
        <source>Again only after an exit</source>
        <translation>퇴장 후에만 재입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="134" />
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="242" />
        <source>Once per day</source>
        <translation>하루 한 번</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="135" />
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="242" />
        <source>Any number of entries</source>
        <translation>재입장 제한 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="248" />
        <source>How often</source>
        <translation>입장 횟수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="250" />
        <source>Entering again</source>
        <translation>재입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="251" />
        <source>Entries a day, at most</source>
        <translation>하루 최대 입장 횟수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="260" />
        <source>What the gates will apply</source>
        <translation>게이트에 적용될 규칙</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="269" />
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="274" />
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="522" />
        <source>Remove this rule</source>
        <translation>이 규칙 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="272" />
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="354" />
        <source>As for the zone</source>
        <translation>구역 규칙을 따름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="354" />
        <source>As for the hall</source>
        <translation>홀 규칙을 따름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="123" />
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="362" />
        <source>Everyone with a badge</source>
        <translation>배지가 있는 모든 방문자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="125" />
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="363" />
        <source>Any time</source>
        <translation>시간 제한 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="138" />
        <source>at most %n entries a day</source>
        <translation>하루 최대 %n회</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="139" />
        <source>Who: %1</source>
        <translation>대상: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="140" />
        <source>When: %1</source>
        <translation>시간: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="141" />
        <source>How often: %1</source>
        <translation>입장: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="364" />
        <source>The event's admission rule</source>
        <translation>행사 입장 규칙을 따름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="365" />
        <source>No limit</source>
        <translation>제한 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="424" />
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="503" />
        <source>%1 has other hours in two rows: remove one.</source>
        <translation>%1의 별도 운영 시간이 두 줄에 있습니다: 한 줄을 삭제하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="436" />
        <source>Correct the rule to see what the gates will apply.</source>
        <translation>규칙을 고치면 게이트에 적용될 규칙이 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="450" />
        <source>No gate is set up here yet: the rule will hold for the gates added later.</source>
        <translation>아직 설정된 게이트가 없습니다: 나중에 추가하는 게이트에 이 규칙이 적용됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="453" />
        <source>An exit lets every visitor out: gate rules apply to the way in.</source>
        <translation>출구는 모든 방문자를 내보냅니다: 게이트 규칙은 입장에만 적용됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="512" />
        <source>Gate rule saved for %1: every desk applies it from its next scan.</source>
        <translation>%1의 게이트 규칙을 저장했습니다: 모든 데스크가 다음 스캔부터 적용합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="523" />
        <source>Remove the rule for %1? Its gates will then apply:</source>
        <translation>%1의 규칙을 삭제할까요? 삭제하면 게이트에 다음 규칙이 적용됩니다:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/gate_rules_dialog.py" line="533" />
        <source>Gate rule removed for %1.</source>
        <translation>%1의 게이트 규칙을 삭제했습니다.</translation>
    </message>
</context>
<context>
    <name>HallActions</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="109" />
        <source>Load venue drawing (image or PDF)…</source>
        <translation>전시장 도면 불러오기 (이미지 또는 PDF)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="110" />
        <source>Calibrate drawing: click two points, type the distance</source>
        <translation>도면 축척 맞추기: 두 점을 클릭하고 거리를 입력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="111" />
        <source>Place drawing: click a point on it, then where it belongs</source>
        <translation>도면 위치 맞추기: 도면의 한 점을 클릭한 뒤 그 점이 놓일 곳을 클릭</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="112" />
        <source>Remove drawing</source>
        <translation>도면 제거</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="114" />
        <source>Trace hall outline…</source>
        <translation>전시장 외곽선 따라 그리기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="115" />
        <source>Add entrance…</source>
        <translation>출입구 추가…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="116" />
        <source>Add emergency exit…</source>
        <translation>비상구 추가…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="117" />
        <source>Add obstacle (column, pit)…</source>
        <translation>고정 장애물 추가 (기둥, 피트)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="118" />
        <source>Load hall file…</source>
        <translation>전시장 파일 불러오기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="120" />
        <source>Rules…</source>
        <translation>배치 규정…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="121" />
        <source>Gate rules…</source>
        <translation>게이트 출입 규칙…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="123" />
        <source>Who may pass the hall's gates or a zone's, when and how often (the selected zone's, else the hall's)</source>
        <translation>홀 게이트나 구역 게이트의 출입 대상, 시간, 횟수 (선택한 구역의 규칙, 선택한 구역이 없으면 홀의 규칙)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="128" />
        <source>Floor plan</source>
        <translation>배치도</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="144" />
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="153" />
        <source>Venue drawing</source>
        <translation>전시장 도면</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="145" />
        <source>Drawings (*.png *.jpg *.jpeg *.bmp *.pdf);;All files (*)</source>
        <translation>도면 (*.png *.jpg *.jpeg *.bmp *.pdf);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="154" />
        <source>Which page of the PDF?</source>
        <translation>PDF의 몇 쪽인가요?</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="171" />
        <source>Load venue drawing</source>
        <translation>전시장 도면 불러오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="173" />
        <source>Drawing loaded and stretched over the hall. Calibrate it next: Hall ▸ Calibrate drawing.</source>
        <translation>도면을 불러와 전시장 크기에 맞게 늘였습니다. 이어서 축척을 맞추세요: 전시장 ▸ 도면 축척 맞추기.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="178" />
        <source>Remove venue drawing</source>
        <translation>전시장 도면 제거</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="182" />
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="209" />
        <source>Load the venue's drawing first.</source>
        <translation>먼저 전시장 도면을 불러오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="186" />
        <source>Click two points on the drawing whose real distance you know (e.g. the ends of a wall).</source>
        <translation>실제 거리를 아는 두 점을 도면에서 클릭하세요 (예: 벽의 양 끝).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="194" />
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="204" />
        <source>Calibrate drawing</source>
        <translation>도면 축척 맞추기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="195" />
        <source>Real distance between the two points (m):</source>
        <translation>두 점 사이의 실제 거리 (m):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="219" />
        <source>Place drawing</source>
        <translation>도면 위치 맞추기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="241" />
        <source>Click the hall's corners on the drawing; double-click or Enter to finish.</source>
        <translation>도면에서 전시장의 모서리를 클릭하세요. 더블클릭이나 Enter로 마칩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="252" />
        <source>Trace hall outline</source>
        <translation>전시장 외곽선 따라 그리기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="254" />
        <source>Hall outline</source>
        <translation>전시장 외곽선</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="255" />
        <source>%1 door(s) were not on the new outline and were removed; add them again with Hall ▸ Add entrance / exit.</source>
        <translation>출입구 %1개가 새 외곽선 위에 없어 지웠습니다. 전시장 ▸ 출입구 추가 / 비상구 추가로 다시 넣으세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="262" />
        <source>Click both ends of the door on the hall's wall.</source>
        <translation>전시장 벽에서 출입구의 양 끝을 클릭하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="267" />
        <source>Door</source>
        <translation>출입구</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="267" />
        <source>Name (e.g. 서측 비상구):</source>
        <translation>이름 (예: 서측 비상구):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="275" />
        <source>Add door</source>
        <translation>출입구 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="284" />
        <source>Obstacle</source>
        <translation>장애물</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="284" />
        <source>Name (e.g. column C3):</source>
        <translation>이름 (예: 기둥 C3):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="289" />
        <source>Add obstacle</source>
        <translation>장애물 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="292" />
        <source>Hall file</source>
        <translation>전시장 파일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="292" />
        <source>Hall JSON (*.json)</source>
        <translation>전시장 JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="299" />
        <source>Load hall file</source>
        <translation>전시장 파일 불러오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="320" />
        <source>%1 has no gate: showing the hall's rule. Zones with a gate have rules of their own.</source>
        <translation>%1에는 게이트가 없어 홀의 규칙을 보여 줍니다. 게이트가 있는 구역만 자체 규칙을 둘 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>HeadCountDialog</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/head_count.py" line="27" />
        <source>Head count</source>
        <translation>수동 계수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/head_count.py" line="39" />
        <source>Who counted, how (optional)</source>
        <translation>누가 어떻게 셌는지 (선택)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/head_count.py" line="42" />
        <source>Counted by hand at %1. The dashboard carries the number forward from then on.</source>
        <translation>%1에 직접 센 인원입니다. 현황판은 이때부터 이 수치를 이어서 계산합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/head_count.py" line="44" />
        <source>Zone</source>
        <translation>구역</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/head_count.py" line="45" />
        <source>On screen now</source>
        <translation>현재 화면 수치</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/head_count.py" line="46" />
        <source>People counted</source>
        <translation>센 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/head_count.py" line="47" />
        <source>Note</source>
        <translation>메모</translation>
    </message>
</context>
<context>
    <name>HeaderRowPicker</name>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="196" />
        <source>Header row:</source>
        <translation>제목 행:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_steps.py" line="206" />
        <source>Row %1: %2</source>
        <translation>%1행: %2</translation>
    </message>
</context>
<context>
    <name>HeatMap</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/heatmap.py" line="64" />
        <source>%1: %2 inside of %3 (%4). Entries today %5, exits %6 (%7 inferred).</source>
        <translation>%1: 수용 %3명 중 %2명 체류 (%4). 오늘 입장 %5회, 퇴장 %6회 (추정 %7회).</translation>
    </message>
</context>
<context>
    <name>HubConnector</name>
    <message>
        <location filename="../../expo_console/gui/sync/connector.py" line="58" />
        <source>Asking the hub…</source>
        <translation>허브에 묻는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connector.py" line="67" />
        <source>Join the hub's event</source>
        <translation>허브의 행사에 참여</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connector.py" line="70" />
        <source>This event file is not on that hub. The hub holds the event '%1'.

Join it? This desk gets its own copy of the event in a new file, which opens in the window; the file open now stays as it is.</source>
        <translation>이 행사 파일은 그 허브에 없습니다. 허브에는 '%1' 행사가 있습니다.

참여할까요? 이 데스크용 행사 사본을 새 파일로 만들어 창에 엽니다. 지금 열린 파일은 그대로 둡니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connector.py" line="86" />
        <source>Save this desk's copy of the event as</source>
        <translation>이 데스크의 행사 사본 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connector.py" line="96" />
        <source>%1 exists already. The copy is made in a new file: choose another name.</source>
        <translation>%1 파일이 이미 있습니다. 사본은 새 파일로 만들어야 하니 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connector.py" line="112" />
        <source>Joining the hub: copying the event to this desk…</source>
        <translation>허브에 참여하는 중: 행사를 이 데스크로 복사하고 있습니다…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/connector.py" line="120" />
        <source>Not connected to the hub</source>
        <translation>허브에 연결하지 못했습니다</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="115" />
        <source>Import pre-registered visitors</source>
        <translation>사전등록자 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="127" />
        <source>File: %1</source>
        <translation>파일: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="130" />
        <source>Columns (check and correct the mapping)</source>
        <translation>열 대응 (확인하고 필요하면 고치세요)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="155" />
        <source>Check only (dry run)</source>
        <translation>검사만 하기 (저장 안 함)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="156" />
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="158" />
        <source>Cancel import</source>
        <translation>가져오기 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="159" />
        <source>Save report…</source>
        <translation>결과 저장…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="191" />
        <source>Reading the file…</source>
        <translation>파일을 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="230" />
        <source>— ignore —</source>
        <translation>— 가져오지 않음 —</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="238" />
        <source>(column %1)</source>
        <translation>(%1번째 열)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="204" />
        <source>Note: the file is named .xlsx but contains text (CSV); it is read as CSV.</source>
        <translation>참고: 파일 이름은 .xlsx지만 내용은 텍스트(CSV)입니다. CSV로 읽습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="144" />
        <source>Preview</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="145" />
        <source>Class values</source>
        <translation>구분 값</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="205" />
        <source>Note: the file is a web page (HTML table) saved under a spreadsheet name; its table is read.</source>
        <translation>참고: 이 파일은 스프레드시트 이름으로 저장한 웹 페이지(HTML 표)입니다. 그 표를 읽습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="206" />
        <source>%1 data rows found from row %2.</source>
        <translation>%2행부터 데이터 %1행을 찾았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="209" />
        <source>The mapping remembered from an earlier import of this source is used; check it.</source>
        <translation>이 출처를 전에 가져올 때 기억해 둔 열 지정을 사용합니다. 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="213" />
        <source>No header row was recognised. Choose the header row above, then map the columns by hand.</source>
        <translation>제목 행을 찾지 못했습니다. 위에서 제목 행을 고른 다음 각 열을 직접 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="249" />
        <source>Row %1 is the header: %2 data rows.</source>
        <translation>%1행이 제목 행입니다: 데이터 %2행.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="271" />
        <source>Class values (%1)</source>
        <translation>구분 값 (%1)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="277" />
        <source>Choose which column holds the name.</source>
        <translation>이름이 들어 있는 열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="280" />
        <source>Column %1 asks for a consent without saying which. Choose its purpose (collection and use, third parties or marketing), or ignore it.</source>
        <translation>%1번 열은 어떤 동의인지 밝히지 않은 동의 항목입니다. 목적(수집·이용, 제3자 제공, 마케팅)을 고르거나 가져오지 않음으로 두세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="312" />
        <source>Checking…</source>
        <translation>검사하는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="312" />
        <source>Importing…</source>
        <translation>가져오는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="327" />
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="337" />
        <source>New: %1 · Updated: %2 · Unchanged: %3 · Skipped: %4</source>
        <translation>신규: %1 · 갱신: %2 · 변경 없음: %3 · 건너뜀: %4</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="342" />
        <source>Dry run, nothing stored.</source>
        <translation>검사만 했으며 저장하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="344" />
        <source>Cancelled. Rows before the cancel were stored.</source>
        <translation>취소했습니다. 취소 전까지의 행은 저장되었습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="346" />
        <source>This completed the import of this file interrupted at row %1.</source>
        <translation>%1행에서 중단되었던 이 파일의 가져오기를 마저 끝냈습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="349" />
        <source>The file has changed since an import of it was interrupted: that import is still shown as interrupted.</source>
        <translation>이 파일은 가져오기가 중단된 뒤 내용이 바뀌었습니다: 그 가져오기는 계속 중단된 것으로 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="359" />
        <source>Row %1: %2</source>
        <translation>%1행: %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="361" />
        <source>Row %1 (warning): %2</source>
        <translation>%1행 (경고): %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="352" />
        <source>No problems found.</source>
        <translation>문제가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="380" />
        <source>The import failed: %1. Nothing after the last saved batch was stored.</source>
        <translation>가져오기에 실패했습니다: %1. 마지막으로 저장된 묶음 이후는 저장되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="394" />
        <source>Save report</source>
        <translation>결과 저장</translation>
    </message>
</context>
<context>
    <name>InterpreterForm</name>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="114" />
        <source>Interpreter</source>
        <translation>통역사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="114" />
        <source>New interpreter</source>
        <translation>통역사 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="121" />
        <source>language codes, e.g. zh, ja, vi</source>
        <translation>언어 코드, 예: zh, ja, vi</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="123" />
        <source>Name *</source>
        <translation>이름 *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="124" />
        <source>Languages *</source>
        <translation>언어 *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="125" />
        <source>Besides Korean: the buyers' languages they interpret.</source>
        <translation>한국어 외에 통역하는 바이어의 언어입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="126" />
        <source>Days</source>
        <translation>날짜</translation>
    </message>
</context>
<context>
    <name>InterruptedImportNotice</name>
    <message>
        <location filename="../../expo_console/gui/registration/interrupted_notice.py" line="41" />
        <source>Run again</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/interrupted_notice.py" line="43" />
        <source>Dismiss</source>
        <translation>알림 닫기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/interrupted_notice.py" line="68" />
        <source>An import of %1 was interrupted at row %2 (%3, desk %4). Run it again to complete it: rows already imported are matched, not duplicated.</source>
        <translation>%1 가져오기가 %2행에서 중단되었습니다(%3, 데스크 %4). 다시 실행하면 나머지를 마저 가져옵니다: 이미 가져온 행은 기존 방문자와 대조되며 중복되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/interrupted_notice.py" line="72" />
        <source>An import of %1 was interrupted at row %2 of %3 (%4, desk %5). Run it again to complete it: rows already imported are matched, not duplicated.</source>
        <translation>%1 가져오기가 전체 %3행 중 %2행에서 중단되었습니다(%4, 데스크 %5). 다시 실행하면 나머지를 마저 가져옵니다: 이미 가져온 행은 기존 방문자와 대조되며 중복되지 않습니다.</translation>
    </message>
</context>
<context>
    <name>KindPages</name>
    <message>
        <location filename="../../expo_console/gui/bookings/workspace.py" line="71" />
        <source>Setup</source>
        <translation>준비</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/workspace.py" line="72" />
        <source>Requests &amp;&amp; waiting list</source>
        <translation>신청 및 대기자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/workspace.py" line="73" />
        <source>Schedule</source>
        <translation>일정표</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/workspace.py" line="81" />
        <source>Results entry</source>
        <translation>성과 입력</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../expo_console/services/messages.py" line="247" />
        <source>Visitor</source>
        <translation>참관객</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="248" />
        <source>Buyer</source>
        <translation>바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="249" />
        <source>Overseas buyer</source>
        <translation>해외바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="250" />
        <source>Exhibitor staff</source>
        <translation>출품기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="251" />
        <source>Press</source>
        <translation>프레스</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="252" />
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="253" />
        <source>Staff</source>
        <translation>운영요원</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="254" />
        <source>Organizer</source>
        <translation>주최</translation>
    </message>
</context>
<context>
    <name>Languages</name>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="32" />
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="33" />
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="34" />
        <source>Chinese</source>
        <translation>중국어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="35" />
        <source>Japanese</source>
        <translation>일본어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="36" />
        <source>Vietnamese</source>
        <translation>베트남어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="37" />
        <source>Thai</source>
        <translation>태국어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="38" />
        <source>Indonesian</source>
        <translation>인도네시아어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="39" />
        <source>Malay</source>
        <translation>말레이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="40" />
        <source>Russian</source>
        <translation>러시아어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="41" />
        <source>Mongolian</source>
        <translation>몽골어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="42" />
        <source>Arabic</source>
        <translation>아랍어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="43" />
        <source>French</source>
        <translation>프랑스어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="44" />
        <source>German</source>
        <translation>독일어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="45" />
        <source>Spanish</source>
        <translation>스페인어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/names.py" line="46" />
        <source>Portuguese</source>
        <translation>포르투갈어</translation>
    </message>
</context>
<context>
    <name>LeaseBar</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="55" />
        <source>The floor plan is shared through the hub and one desk at a time edits it. Choose 'Edit on this desk' first.</source>
        <translation>배치도는 허브로 공유되며 한 번에 한 데스크만 편집합니다. 먼저 '이 데스크에서 편집'을 누르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="57" />
        <source>Read-only: the floor plan is being edited on desk %1 since %2.</source>
        <translation>읽기 전용: %2부터 데스크 %1에서 배치도를 편집하고 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="70" />
        <source>This desk edits the floor plan for every desk (since %1).</source>
        <translation>이 데스크가 모든 데스크의 배치도를 편집하고 있습니다(%1부터).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="72" />
        <source>Done editing</source>
        <translation>편집 끝내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="74" />
        <source>Shared floor plan: read-only here until this desk takes it.</source>
        <translation>공유 배치도: 이 데스크가 편집권을 가져오기 전까지 읽기 전용입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="75" />
        <source>Edit on this desk</source>
        <translation>이 데스크에서 편집</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="78" />
        <source>Take over…</source>
        <translation>편집권 가져오기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="94" />
        <source>Giving the floor plan back…</source>
        <translation>배치도 편집권을 돌려주는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="96" />
        <source>Taking the floor plan…</source>
        <translation>배치도 편집권을 가져오는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="100" />
        <source>Take over the floor plan</source>
        <translation>배치도 편집권 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="101" />
        <source>Desk %1 has been editing the floor plan since %2. If you take it over, that desk's plan becomes read-only and edits it has not sent yet may be overwritten. The take-over is written to the audit log.

Take over?</source>
        <translation>데스크 %1이(가) %2부터 배치도를 편집하고 있습니다. 편집권을 가져오면 그 데스크의 배치도는 읽기 전용이 되고, 아직 보내지 않은 편집은 덮어쓰일 수 있습니다. 가져온 기록은 감사 로그에 남습니다.

가져올까요?</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="107" />
        <source>Taking the floor plan over…</source>
        <translation>배치도 편집권을 가져오는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="113" />
        <location filename="../../expo_console/gui/floorplan/lease_bar.py" line="123" />
        <source>Hub</source>
        <translation>허브</translation>
    </message>
</context>
<context>
    <name>LiveBoard</name>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="101" />
        <source>Now</source>
        <translation>지금</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="103" />
        <source>Back to the slot under way; the board then follows the clock.</source>
        <translation>진행 중인 시간대로 돌아갑니다. 이후 현황판이 시각에 맞춰 넘어갑니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="110" />
        <source>Day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="110" />
        <location filename="../../expo_console/gui/consultations/board.py" line="224" />
        <source>Slot</source>
        <translation>시간대</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="140" />
        <source>Arrived (A)</source>
        <translation>도착 (A)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="142" />
        <source>No-show (N)</source>
        <translation>노쇼 (N)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="144" />
        <source>Outcome… (Enter)</source>
        <translation>결과 입력… (Enter)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="186" />
        <source>No consultation session is set: set the days' hours in the schedule first.</source>
        <translation>상담 운영 시간이 없습니다. 먼저 일정에서 날짜별 운영 시간을 설정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="206" />
        <source>Day %1 · %2</source>
        <translation>%1일차 · %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="217" />
        <source>%1–%2 · %3 free</source>
        <translation>%1–%2 · 빈 테이블 %3</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="224" />
        <source>Under way</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="225" />
        <source>%1 %2–%3: %4 meetings · %5 arrived · %6 tables free</source>
        <translation>%1 %2–%3: 상담 %4건 · 도착 %5건 · 빈 테이블 %6개</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="230" />
        <source>Free tables later: %1</source>
        <translation>이후 빈 테이블: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="232" />
        <source>No free table later this day.</source>
        <translation>오늘 이후 빈 테이블이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="236" />
        <source>Now %1 (event time)</source>
        <translation>현재 %1 (행사 현지 시각)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/board.py" line="237" />
        <source>looking at another slot</source>
        <translation>다른 시간대를 보는 중</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="55" />
        <source>Expo Console events (*.expo);;SQLite (*.sqlite *.db);;All files (*)</source>
        <translation>Expo Console 행사 (*.expo);;SQLite (*.sqlite *.db);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="158" />
        <source>[DEMO] </source>
        <translation>[데모] </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="160" />
        <source>[READ-ONLY] </source>
        <translation>[읽기 전용] </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="174" />
        <source>Floor plan</source>
        <translation>배치도</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="180" />
        <source>Registration &amp;&amp; badges</source>
        <translation>등록 &amp;&amp; 배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="183" />
        <source>Check-in</source>
        <translation>입장 확인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="187" />
        <source>Consultations</source>
        <translation>상담</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="190" />
        <source>Studio &amp;&amp; photos</source>
        <translation>라이브커머스·촬영</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="192" />
        <source>Dashboard</source>
        <translation>현황판</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="221" />
        <source>Desk %1</source>
        <translation>데스크 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="227" />
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="229" />
        <source>&amp;New event…</source>
        <translation>새 행사(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="230" />
        <source>&amp;Open…</source>
        <translation>열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="231" />
        <source>Open &amp;recent</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="240" />
        <source>Connect to &amp;hub…</source>
        <translation>허브에 연결(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="241" />
        <source>&amp;Desks…</source>
        <translation>데스크 목록(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="243" />
        <source>Import badge &amp;key…</source>
        <translation>배지 키 가져오기(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="244" />
        <source>&amp;Export badge key…</source>
        <translation>배지 키 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="248" />
        <source>Remove &amp;simulated visitors…</source>
        <translation>시뮬레이션 방문자 삭제(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="253" />
        <source>&amp;Access records…</source>
        <translation>접근 기록(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="256" />
        <source>Sign &amp;out / switch operator…</source>
        <translation>로그아웃 / 운영자 바꾸기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="260" />
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="262" />
        <source>&amp;Event</source>
        <translation>행사(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="264" />
        <source>&amp;Operators…</source>
        <translation>운영자(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="272" />
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="273" />
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="280" />
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="281" />
        <source>&amp;About Expo Console</source>
        <translation>Expo Console 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="291" />
        <source>Open event</source>
        <translation>행사 파일 열기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="302" />
        <source>Save new event as</source>
        <translation>새 행사 파일 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="312" />
        <source>Import badge key</source>
        <translation>배지 키 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="313" />
        <source>Badge key files (*.json *.key);;All files (*)</source>
        <translation>배지 키 파일 (*.json *.key);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="319" />
        <source>Badge key not imported</source>
        <translation>배지 키를 가져오지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="321" />
        <source>Badge key imported: this desk can print and check badges.</source>
        <translation>배지 키를 가져왔습니다: 이 데스크에서 배지를 출력하고 확인할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="329" />
        <source>Export badge key</source>
        <translation>배지 키 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="329" />
        <source>Badge key files (*.json)</source>
        <translation>배지 키 파일 (*.json)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="336" />
        <source>Badge key not exported</source>
        <translation>배지 키를 내보내지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="338" />
        <source>Badge key exported. Keep the file safe: it can sign badges.</source>
        <translation>배지 키를 내보냈습니다. 이 파일로 배지를 서명할 수 있으니 안전하게 보관하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="343" />
        <source>Remove simulated visitors</source>
        <translation>시뮬레이션 방문자 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="346" />
        <source>This event has no simulated visitors.</source>
        <translation>이 행사에는 시뮬레이션 방문자가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="350" />
        <source>Delete the %1 visitors that simulated days made up, and their badges? Their scans stay as the days' anonymous traffic, so the dashboard and the reports keep their figures. The deletion is logged.</source>
        <translation>시뮬레이션으로 만들어진 방문자 %1명과 배지를 삭제할까요? 스캔 기록은 그날의 익명 통행 기록으로 남으므로 대시보드와 보고서의 수치는 그대로입니다. 삭제 기록이 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="357" />
        <source>%1 simulated visitors removed.</source>
        <translation>시뮬레이션 방문자 %1명을 삭제했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="371" />
        <source>About Expo Console</source>
        <translation>Expo Console 정보</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="372" />
        <source>Expo Console %1
The on-site console for trade expos.</source>
        <translation>Expo Console %1
전시회 현장 운영 콘솔</translation>
    </message>
</context>
<context>
    <name>MeetingListsPage</name>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="50" />
        <source>Buyers</source>
        <translation>바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="51" />
        <source>Exhibitors</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="56" />
        <source>Search: name, company, country, booth</source>
        <translation>검색: 이름, 회사, 국가, 부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="75" />
        <source>Day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="75" />
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="75" />
        <source>Table</source>
        <translation>테이블</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="75" />
        <source>With</source>
        <translation>상대</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="76" />
        <source>Interpreter</source>
        <translation>통역사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="76" />
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="129" />
        <source>%1 — %2 meetings</source>
        <translation>%1 — 상담 %2건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="166" />
        <source>Choose a buyer or an exhibitor on the left to see their meetings.</source>
        <translation>왼쪽에서 바이어나 참가기업을 고르면 상담 일정이 보입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="180" />
        <source>%1 seat(s)</source>
        <translation>상담 인원 %1명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="182" />
        <source>%1 meetings</source>
        <translation>상담 %1건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/meeting_lists.py" line="193" />
        <source>locked</source>
        <translation>고정</translation>
    </message>
</context>
<context>
    <name>MeetingLook</name>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="82" />
        <source>This meeting has an arrival or an outcome: it stays where it happened.</source>
        <translation>도착이나 결과가 기록된 상담은 옮길 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="98" />
        <source>Table %1</source>
        <translation>%1번 테이블</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="102" />
        <source>%1–%2 · table %3</source>
        <translation>%1–%2 · %3번 테이블</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="103" />
        <source>%1, table %2</source>
        <translation>%1, %2번 테이블</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="108" />
        <source>Buyer: %1</source>
        <translation>바이어: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="111" />
        <source>Exhibitor: %1</source>
        <translation>참가기업: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="113" />
        <source>Interpreter: %1</source>
        <translation>통역사: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="116" />
        <source>No interpreter assigned: the buyer speaks %1.</source>
        <translation>배정된 통역사가 없습니다: 바이어의 언어는 %1입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="122" />
        <source>Two meetings share this table and time: move one.</source>
        <translation>같은 테이블·시간에 상담이 두 건 있습니다: 하나를 옮기세요.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../expo_console/services/messages.py" line="18" />
        <source>Enter a name (Korean or English).</source>
        <translation>이름(한글 또는 영문)을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="19" />
        <source>The e-mail address is not valid: check for a missing @ or domain.</source>
        <translation>이메일 주소가 올바르지 않습니다. @와 도메인을 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="20" />
        <source>The phone number is not valid: a Korean mobile has 10 or 11 digits (010-1234-5678); foreign numbers start with + and the country code.</source>
        <translation>전화번호가 올바르지 않습니다. 휴대폰은 10~11자리(010-1234-5678)이고, 해외 번호는 +와 국가번호로 시작합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="21" />
        <source>Unknown visitor class '{value}'.</source>
        <translation>알 수 없는 참가 구분 '{value}'입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="22" />
        <source>The visitor must agree to the collection and use of personal data before registering.</source>
        <translation>등록하려면 개인정보 수집·이용(필수)에 동의해야 합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="23" />
        <source>{field} was longer than allowed and was shortened to {length} characters.</source>
        <translation>{field}이(가) 너무 길어 {length}자로 줄였습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="24" />
        <source>Invisible control characters were removed from {field}.</source>
        <translation>{field}에서 보이지 않는 제어 문자를 제거했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="25" />
        <source>Unknown class '{value}': registered as a visitor. Correct it if needed.</source>
        <translation>알 수 없는 구분 '{value}': 참관객으로 등록했습니다. 필요하면 고치세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="26" />
        <source>Same {key} as row {other_row} of this file: skipped. Merge the two rows in the file, or register this person separately.</source>
        <translation>이 파일의 {other_row}행과 {key} 값이 같아 건너뛰었습니다. 파일에서 두 행을 합치거나 따로 등록하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="27" />
        <source>{field} starts like a spreadsheet formula; it is stored as text.</source>
        <translation>{field}이(가) 수식처럼 시작합니다. 텍스트로 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="28" />
        <source>The e-mail matches one visitor and the phone another: skipped. Correct one of them.</source>
        <translation>이메일과 전화번호가 서로 다른 방문자와 일치해 건너뛰었습니다. 둘 중 하나를 고치세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="29" />
        <source>The phone number is that of {visitor} ({email}), but the name and e-mail in this row are someone else's: skipped, {visitor} is unchanged. If this is a different person, correct the phone number in the file; if it is {visitor}, correct the name or e-mail in the file, or edit the visitor at the desk.</source>
        <translation>휴대폰 번호가 {visitor}({email}) 님의 번호인데 이 행의 이름과 이메일은 다른 사람의 것입니다: 건너뛰었으며 {visitor} 님의 정보는 바뀌지 않았습니다. 다른 사람이면 파일의 휴대폰 번호를 고치세요. {visitor} 님이 맞으면 파일의 이름이나 이메일을 고치거나 데스크에서 방문자 정보를 수정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="32" />
        <source>A quotation mark (") opened in this row is never closed: the row was skipped and the rows after it were read on their own. Close or remove the quotation mark in the file and import this row again.</source>
        <translation>이 행에서 연 따옴표(")가 닫히지 않아 이 행을 건너뛰고, 뒤의 행들은 각각 따로 읽었습니다. 파일에서 따옴표를 닫거나 지운 뒤 이 행을 다시 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="33" />
        <source>A cell in this row is longer than {limit} characters: the row was skipped. Shorten the cell, or close a quotation mark left open, and import this row again.</source>
        <translation>이 행에 {limit}자보다 긴 셀이 있어 행을 건너뛰었습니다. 셀을 줄이거나 열린 채 남은 따옴표를 닫고 이 행을 다시 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="34" />
        <source>This row could not be read ({reason}): it was skipped. Correct it in the file and import it again.</source>
        <translation>이 행을 읽을 수 없어({reason}) 건너뛰었습니다. 파일에서 고친 뒤 다시 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="35" />
        <source>The cell {cell} lies beyond column XFD, the last column a spreadsheet can have, and was ignored. Open the file in Excel, check this row and save it again.</source>
        <translation>{cell} 셀은 스프레드시트의 마지막 열인 XFD 열보다 오른쪽에 있어 무시했습니다. 파일을 Excel에서 열어 이 행을 확인하고 다시 저장하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="36" />
        <source>Rows after row {last}, the last row a spreadsheet can have, were not read. Open the file in Excel, save it again and import the new copy.</source>
        <translation>스프레드시트의 마지막 행인 {last}행 뒤의 행은 읽지 않았습니다. 파일을 Excel에서 열어 다시 저장한 뒤 새 파일을 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="37" />
        <source>Columns {columns} all look like {field}, but only one column can be imported as {field}: column {chosen} is used and the others are ignored. If another one holds the right data, choose it in the column mapping.</source>
        <translation>열 {columns}이(가) 모두 {field} 열로 보이지만 {field}(으)로는 한 열만 가져올 수 있습니다. {chosen}번째 열을 쓰고 나머지는 가져오지 않습니다. 다른 열이 맞다면 열 대응에서 그 열을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="38" />
        <source>Sign in first: to {action} needs an operator with a role. At the command line, give --operator NAME (the PIN comes from EXPO_CONSOLE_PIN or a prompt).</source>
        <translation>먼저 로그인하세요: '{action}'에는 역할이 있는 운영자가 필요합니다. 명령줄에서는 --operator 이름을 주세요 (PIN은 EXPO_CONSOLE_PIN 또는 입력 창으로).</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="39" />
        <source>{operator} is signed in as {role}, who may not {action}. Ask an organizer, or sign in as an operator who may.</source>
        <translation>{operator} 님은 '{role}' 역할로 로그인해 '{action}' 권한이 없습니다. 주최자에게 요청하거나 권한이 있는 운영자로 로그인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="40" />
        <source>Give the reason to {action}: it is kept in the access records.</source>
        <translation>'{action}'의 사유를 입력하세요: 접근 기록에 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="41" />
        <source>Unknown operator or wrong PIN. Check both; after 5 wrong PINs the operator is locked for 5 minutes.</source>
        <translation>운영자 이름 또는 PIN이 틀렸습니다. 둘 다 확인하세요. PIN을 5번 틀리면 5분 동안 잠깁니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="42" />
        <source>{operator} is locked after too many wrong PINs, until {until}. Wait, or ask an organizer to set a new PIN.</source>
        <translation>{operator} 님은 PIN을 여러 번 틀려 {until}까지 잠겼습니다. 기다리거나 주최자에게 새 PIN 설정을 요청하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="43" />
        <source>A PIN has at least 4 characters (a passphrase may be longer). Choose a longer one.</source>
        <translation>PIN은 4자 이상이어야 합니다 (더 긴 암호문도 됩니다). 더 긴 것을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="44" />
        <source>There is already an operator named {operator}: choose another name.</source>
        <translation>{operator}(이)라는 운영자가 이미 있습니다: 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="45" />
        <source>There is no operator named {operator}. 'expo-console operators --db FILE' lists them.</source>
        <translation>{operator}(이)라는 운영자가 없습니다. 'expo-console operators --db 파일'로 목록을 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="46" />
        <source>Unknown role '{role}': choose organizer, registration, gate or viewer.</source>
        <translation>알 수 없는 역할 '{role}': organizer, registration, gate, viewer 중에서 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="47" />
        <source>The supervisor's name or PIN is wrong, or they are not an organizer: nobody was let in, and the refusal is in the access records. Ask an organizer to enter their own name and PIN.</source>
        <translation>책임자 이름 또는 PIN이 틀렸거나 주최자가 아닙니다: 아무도 입장 처리되지 않았고, 거절은 접근 기록에 남았습니다. 주최자가 직접 이름과 PIN을 입력하게 하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="48" />
        <source>{operator} is the last organizer of this event: make another organizer first.</source>
        <translation>{operator} 님은 이 행사의 마지막 주최자입니다: 먼저 다른 주최자를 만드세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="49" />
        <source>{file} is a web page (HTML) saved under a spreadsheet name, not an Excel workbook, and it holds no table to import. Open it in Excel or LibreOffice, save it as .xlsx (or as CSV) and import that.</source>
        <translation>{file}은(는) Excel 통합 문서가 아니라 스프레드시트 이름으로 저장한 웹 페이지(HTML)이며, 가져올 표가 없습니다. Excel이나 LibreOffice에서 열어 .xlsx(또는 CSV)로 저장한 뒤 그 파일을 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="50" />
        <source>{file} is a web page (HTML table) saved under a spreadsheet name, and no header row with a name column (성명 or Name) was found in it. Open it in Excel or LibreOffice, save it as .xlsx (or as CSV), check the header row and import that.</source>
        <translation>{file}은(는) 스프레드시트 이름으로 저장한 웹 페이지(HTML 표)이며, 이름 열(성명 또는 Name)이 있는 머리글 행을 찾지 못했습니다. Excel이나 LibreOffice에서 열어 .xlsx(또는 CSV)로 저장하고 머리글 행을 확인한 뒤 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="51" />
        <source>{file} spreads its cells over so many columns (as far as column {column}) that it is not a plausible visitor list, so it was refused. Open it in Excel, delete the empty columns on the right, save it and import it again.</source>
        <translation>{file}은(는) 셀이 너무 많은 열({column} 열까지)에 퍼져 있어 참관객 명단으로 볼 수 없으므로 가져오지 않았습니다. Excel에서 열어 오른쪽의 빈 열을 지우고 저장한 뒤 다시 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="53" />
        <source>The consent to the collection and use of personal data was refused ('{value}'): not registered. The law (PIPA) allows no processing of personal data without this consent.</source>
        <translation>개인정보 수집·이용에 동의하지 않았습니다('{value}'): 등록하지 않았습니다. 개인정보 보호법은 이 동의 없이 개인정보를 처리하는 것을 허용하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="54" />
        <source>The consent to the collection and use of personal data was not given (the answer is '{value}'): not registered. The law (PIPA) allows no processing of personal data without this consent.</source>
        <translation>개인정보 수집·이용 동의가 없습니다(응답: '{value}'): 등록하지 않았습니다. 개인정보 보호법은 이 동의 없이 개인정보를 처리하는 것을 허용하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="55" />
        <source>The answer '{value}' to {field} says neither yes nor no: taken as not given.</source>
        <translation>{field} 응답 '{value}'은(는) 동의인지 아닌지 알 수 없어 동의하지 않은 것으로 처리했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="56" />
        <source>The list says this registration is cancelled ('{value}'): it was not imported, and no badge will be issued.</source>
        <translation>명단에 취소된 신청으로 되어 있습니다('{value}'): 가져오지 않았으며 배지도 발급하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="57" />
        <source>The list says this registration was rejected ('{value}'): it was not imported, and no badge will be issued.</source>
        <translation>명단에 거절(반려)된 신청으로 되어 있습니다('{value}'): 가져오지 않았으며 배지도 발급하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="58" />
        <source>The list says this registration is cancelled or rejected ('{value}'), but row {other_row} is an active registration of the same person: this row was not imported, row {other_row} is used.</source>
        <translation>명단에 취소 또는 거절된 신청으로 되어 있지만('{value}') {other_row}행에 같은 사람의 유효한 신청이 있습니다: 이 행은 가져오지 않고 {other_row}행을 사용합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="59" />
        <source>The list says this registration is cancelled ('{value}'): the visitor is marked cancelled; no badge is issued and gates refuse them.</source>
        <translation>명단에 취소된 신청으로 되어 있습니다('{value}'): 방문자를 등록 취소로 표시했습니다. 배지를 발급하지 않으며 게이트에서 입장이 거부됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="60" />
        <source>The list says this registration was rejected ('{value}'): the visitor is marked rejected; no badge is issued and gates refuse them.</source>
        <translation>명단에 거절(반려)된 신청으로 되어 있습니다('{value}'): 방문자를 등록 거절로 표시했습니다. 배지를 발급하지 않으며 게이트에서 입장이 거부됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="61" />
        <source>The list says this registration is waiting for approval ('{value}'): imported without a badge until a list says it is approved.</source>
        <translation>명단에 승인 대기 중인 신청으로 되어 있습니다('{value}'): 가져왔지만 승인되었다는 명단을 가져올 때까지 배지를 발급하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="62" />
        <source>The status '{value}' is not one the desk knows (approved, waiting, cancelled, rejected): the registration is taken as it was (new: registered).</source>
        <translation>신청 상태 '{value}'은(는) 알 수 없는 값입니다(승인, 대기, 취소, 거절 중 하나가 아님): 등록 상태를 그대로 두었습니다(새 방문자는 등록).</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="63" />
        <source>The registration time '{value}' could not be read: it was not stored.</source>
        <translation>신청 일시 '{value}'을(를) 읽을 수 없어 저장하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="65" />
        <source>{visitor}'s registration is still waiting for approval in the organiser's list: no badge can be issued or printed. Import the list again once it says the registration is approved.</source>
        <translation>주최 측 명단에서 {visitor} 님의 신청은 아직 승인 대기 중입니다: 배지를 발급하거나 출력할 수 없습니다. 승인되었다는 명단을 다시 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="66" />
        <source>{visitor}'s registration was cancelled in the organiser's list: no badge can be issued or printed. If they registered again, import the list that says so.</source>
        <translation>주최 측 명단에서 {visitor} 님의 신청은 취소되었습니다: 배지를 발급하거나 출력할 수 없습니다. 다시 신청했다면 그것이 반영된 명단을 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="67" />
        <source>{visitor}'s registration was rejected in the organiser's list: no badge can be issued or printed. If it was approved after all, import the list that says so.</source>
        <translation>주최 측 명단에서 {visitor} 님의 신청은 거절(반려)되었습니다: 배지를 발급하거나 출력할 수 없습니다. 나중에 승인되었다면 그것이 반영된 명단을 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="68" />
        <source>This visitor is no longer in this event (deleted here or at another desk): there is no badge to print. Find them in the list again, or register them anew.</source>
        <translation>이 방문자는 이제 이 행사에 없습니다(이 데스크나 다른 데스크에서 삭제됨). 출력할 배지가 없습니다. 목록에서 다시 찾거나 새로 등록하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="70" />
        <source>Column {columns} of {file} asks for a consent without saying which (collection and use, provision to third parties, or marketing). Choose its purpose in the column mapping (or in a --map file) or ignore the column; nothing was imported.</source>
        <translation>{file}의 {columns}번 열은 어떤 동의인지 밝히지 않은 동의 항목입니다(수집·이용, 제3자 제공, 마케팅). 열 지정에서(또는 --map 파일에서) 목적을 고르거나 그 열을 가져오지 않음으로 두세요. 아무것도 가져오지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="71" />
        <source>{file} has no row {row} with cells in it to use as the header row.</source>
        <translation>{file}에는 제목 행으로 쓸 수 있는 {row}행(값이 있는 행)이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="72" />
        <source>The mapping file {file} cannot be used: {problem}.</source>
        <translation>열 지정 파일 {file}을(를) 사용할 수 없습니다: {problem}.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="74" />
        <source>A scan id cannot be empty: leave it out, or give each scan its own.</source>
        <translation>스캔 ID는 비워 둘 수 없습니다. 빼거나 스캔마다 고유한 ID를 주세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="75" />
        <source>Scan id {id} names another scan ({at}, station '{station}'): give each scan an id of its own, for example the station's name and a number that never starts again.</source>
        <translation>스캔 ID {id}는 다른 스캔({at}, '{station}' 스테이션)의 ID입니다. 스캔마다 고유한 ID를 주세요(예: 스테이션 이름과 다시 시작하지 않는 번호).</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="77" />
        <source>Give the reason for annulling the scan.</source>
        <translation>스캔을 취소하는 사유를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="78" />
        <source>There is no scan {scan} in this event.</source>
        <translation>이 행사에 {scan} 스캔이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="79" />
        <source>That scan was annulled already ({reason}).</source>
        <translation>이미 취소된 스캔입니다 ({reason}).</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="80" />
        <source>That scan was made at station '{station}': annul it there.</source>
        <translation>이 스캔은 '{station}' 스테이션에서 기록되었습니다. 그 스테이션에서 취소하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="81" />
        <source>That scan is older than {minutes} minutes and stays; a supervisor corrects the figures with a head count on the dashboard.</source>
        <translation>{minutes}분이 지난 스캔은 취소할 수 없습니다. 책임자가 대시보드에서 인원 실측으로 수치를 보정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="82" />
        <source>{file} is no longer at {path}, so the interrupted import cannot be run again from there. Find the file and import it with Import… (rows already imported are matched, not duplicated), or dismiss this notice.</source>
        <translation>{file} 파일이 더 이상 {path}에 없어서 중단된 가져오기를 그 위치에서 다시 실행할 수 없습니다. 파일을 찾아 가져오기…로 가져오거나(이미 가져온 행은 대조되며 중복되지 않습니다) 이 알림을 닫으세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="83" />
        <source>{file} ({path}) has changed since its import was interrupted: importing it now imports what it holds today and does not complete that import. Import it with Import… if it is the list you want, or dismiss this notice.</source>
        <translation>{file}({path}) 파일은 가져오기가 중단된 뒤 내용이 바뀌었습니다: 지금 가져오면 현재 내용을 가져오며 중단된 가져오기를 마저 끝내는 것이 아닙니다. 원하는 명단이 맞으면 가져오기…로 가져오고, 아니면 이 알림을 닫으세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="85" />
        <source>There is no gate {gate} in this event.</source>
        <translation>이 행사에는 {gate} 게이트가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="86" />
        <source>There is no gate or gated zone '{target}' in this event.</source>
        <translation>이 행사에는 '{target}' 게이트나 게이트가 있는 구역이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="87" />
        <source>A gate rule has no '{name}'.</source>
        <translation>게이트 규칙에는 '{name}' 항목이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="88" />
        <source>A gate that lets no class through is closed: name at least one class.</source>
        <translation>통과할 수 있는 참가 구분이 없으면 게이트가 닫힙니다: 참가 구분을 하나 이상 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="89" />
        <source>At most N entries a day: N is a whole number of 1 or more.</source>
        <translation>하루 최대 입장 횟수는 1 이상의 정수여야 합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="90" />
        <source>Admission '{value}' is unknown: use {choices}.</source>
        <translation>알 수 없는 입장 규칙 '{value}'입니다: {choices} 중 하나를 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="91" />
        <source>A booking rule holds at the studio's or the photo corner's zone, not at the hall's doors: set it for that zone (or one of its gates).</source>
        <translation>예약 규칙은 홀 출입구가 아니라 스튜디오나 포토존 구역에 적용됩니다: 그 구역(또는 그 구역의 게이트)에 설정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="94" />
        <source>Booking '{value}' is unknown: use {choices}, or leave it out.</source>
        <translation>예약 종류 '{value}'는 알 수 없습니다: {choices} 중 하나를 쓰거나 비워 두세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="95" />
        <source>Unknown class '{value}': use {choices}.</source>
        <translation>알 수 없는 참가 구분 '{value}'입니다: {choices} 중 하나를 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="96" />
        <source>'{value}' is not opening hours: write them like 10:00-17:00.</source>
        <translation>'{value}'은(는) 운영 시간이 아닙니다: 10:00-17:00처럼 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="97" />
        <source>'{value}': the gate must close after it opens (hours end on the same day).</source>
        <translation>'{value}': 닫는 시각이 여는 시각보다 늦어야 합니다 (운영 시간은 같은 날 안에 끝납니다).</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="99" />
        <source>The hub at {where} refused the password: check the connection string the organizer gave you (expo-console hub status on the hub's computer shows it).</source>
        <translation>{where}의 허브가 암호를 거부했습니다: 주최 측이 알려 준 접속 문자열을 확인하세요 (허브 컴퓨터에서 expo-console hub status로 볼 수 있습니다).</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="100" />
        <source>The hub at {where} has no such database or role: check the connection string.</source>
        <translation>{where}의 허브에 그런 데이터베이스나 역할이 없습니다: 접속 문자열을 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="101" />
        <source>The hub at {where} does not answer ({detail}). Is it started, and is this computer on its network? This desk keeps working on its own file.</source>
        <translation>{where}의 허브가 응답하지 않습니다 ({detail}). 허브가 켜져 있는지, 이 컴퓨터가 같은 네트워크에 있는지 확인하세요. 이 데스크는 자기 파일로 계속 작업합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="102" />
        <source>'{dsn}…' is not a connection string: write it like postgresql://expo_desk:PASSWORD@192.168.0.10:5433/expo_hub.</source>
        <translation>'{dsn}…'은(는) 접속 문자열이 아닙니다: postgresql://expo_desk:암호@192.168.0.10:5433/expo_hub 처럼 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="103" />
        <source>The database at {where} is not an Expo Console hub: the organizer makes one with 'expo-console hub start' (or 'hub init --dsn' on an existing server).</source>
        <translation>{where}의 데이터베이스는 Expo Console 허브가 아닙니다: 주최 측이 'expo-console hub start'(기존 서버라면 'hub init --dsn')로 만듭니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="104" />
        <source>The hub was made by a newer Expo Console (hub schema {version}; this one knows {known}). Update Expo Console on this desk; it keeps working on its own file.</source>
        <translation>이 허브는 더 새로운 Expo Console로 만들어졌습니다 (허브 스키마 {version}, 이 버전은 {known}까지). 이 데스크의 Expo Console을 업데이트하세요. 그동안 자기 파일로 계속 작업합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="105" />
        <source>The connection to the hub broke off ({detail}). This desk keeps working on its own file and syncs again when the hub answers.</source>
        <translation>허브와의 연결이 끊겼습니다 ({detail}). 이 데스크는 자기 파일로 계속 작업하고, 허브가 응답하면 다시 동기화합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="106" />
        <source>This hub holds no event yet: the organizer publishes one first (expo-console hub publish).</source>
        <translation>이 허브에는 아직 행사가 없습니다: 먼저 주최 측이 행사를 올려야 합니다 (expo-console hub publish).</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="107" />
        <source>Read-only: the floor plan is being edited on desk {desk} since {since}. Take it over to edit it here.</source>
        <translation>읽기 전용: {since}부터 데스크 {desk}에서 배치도를 편집하고 있습니다. 여기서 편집하려면 편집권을 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="108" />
        <source>The passphrase does not open this event's badge key: ask the organizer for it.</source>
        <translation>이 암호 문구로는 이 행사의 배지 키를 열 수 없습니다. 주최 측에 문의하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="109" />
        <source>This hub holds the event's badge key, locked with the event passphrase: give the passphrase the organizer set.</source>
        <translation>이 허브에는 행사 암호 문구로 잠긴 배지 키가 있습니다. 주최 측이 정한 암호 문구를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="111" />
        <source>More than {limit} people match '{text}': type more of the name, or the phone number or e-mail.</source>
        <translation>'{text}'에 맞는 사람이 {limit}명을 넘습니다: 이름을 더 입력하거나 전화번호나 이메일을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="112" />
        <source>The records are asked for from {since} until {until}, which ends before it starts: choose an end after the start.</source>
        <translation>기간이 {since}부터 {until}까지로, 끝이 시작보다 앞섭니다: 시작보다 뒤의 끝을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="113" />
        <source>{operator} revealed {count} phone numbers on {day}, between {first} and {last}: more than {limit} a day is unusual.</source>
        <translation>{operator} 님이 {day} {first}~{last}에 전화번호 {count}건을 열람했습니다: 하루 {limit}건을 넘으면 이상 접근입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="114" />
        <source>{operator} deleted {count} visitors on {day}, between {first} and {last}: more than {limit} a day is unusual.</source>
        <translation>{operator} 님이 {day} {first}~{last}에 방문자 {count}명을 삭제했습니다: 하루 {limit}명을 넘으면 이상 접근입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="115" />
        <source>{count} wrong PINs were typed for {operator} on {day}, between {first} and {last}, at {desks}: more than {limit} a day is unusual.</source>
        <translation>{day} {first}~{last}에 {desks}에서 {operator} 님의 PIN이 {count}번 틀렸습니다: 하루 {limit}번을 넘으면 이상 접근입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="116" />
        <source>{count} sign-ins with names that are no operator's were refused at {desks} on {day}, between {first} and {last}: more than {limit} a day is unusual.</source>
        <translation>{day} {first}~{last}에 {desks}에서 운영자가 아닌 이름으로 로그인이 {count}번 거부되었습니다: 하루 {limit}번을 넘으면 이상 접근입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="117" />
        <source>{operator} was locked after {count} wrong PINs at {first} on {day}, at {desks}.</source>
        <translation>{operator} 님이 {day} {first}에 {desks}에서 PIN을 {count}번 틀려 잠겼습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="118" />
        <source>{operator} exported the visitor list with phone numbers in full at {first} on {day}, at night ({night}): {count} visitors, to {file}.</source>
        <translation>{operator} 님이 야간({night})인 {day} {first}에 전화번호 전체가 든 방문자 목록을 내보냈습니다: {count}명, 파일 {file}.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="119" />
        <source>{operator} exported the visitor list at {first} on {day}, at night ({night}): {count} visitors, to {file}.</source>
        <translation>{operator} 님이 야간({night})인 {day} {first}에 방문자 목록을 내보냈습니다: {count}명, 파일 {file}.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="120" />
        <source>{operator} exported one person's data at {first} on {day}, at night ({night}), to {file}.</source>
        <translation>{operator} 님이 야간({night})인 {day} {first}에 한 사람의 개인정보를 내보냈습니다: 파일 {file}.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="121" />
        <source>{operator} looked at one person's data at {first} on {day}, at night ({night}).</source>
        <translation>{operator} 님이 야간({night})인 {day} {first}에 한 사람의 개인정보를 열람했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="122" />
        <source>{operator} exported {count} access records at {first} on {day}, at night ({night}), to {file}.</source>
        <translation>{operator} 님이 야간({night})인 {day} {first}에 접근 기록 {count}건을 내보냈습니다: 파일 {file}.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="123" />
        <source>{operator} purged every visitor's personal data ({count} visitors) at {first} on {day}.</source>
        <translation>{operator} 님이 {day} {first}에 모든 방문자의 개인정보를 파기했습니다 ({count}명).</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="125" />
        <source>{column}: no exhibitor of this event is named '{name}'. Closest: {suggestions}. Correct the name in the file and import it again.</source>
        <translation>{column}: '{name}'(이)라는 참가기업이 이 행사에 없습니다. 가장 가까운 이름: {suggestions}. 파일의 이름을 고친 뒤 다시 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="126" />
        <source>{column}: no exhibitor of this event is named '{name}'. Check the spelling against the exhibitor list (Korean or English name, or booth number), or add the exhibitor on the floor plan.</source>
        <translation>{column}: '{name}'(이)라는 참가기업이 이 행사에 없습니다. 참가기업 목록과 철자를 대조하거나(국문·영문 이름 또는 부스 번호), 배치도에 참가기업을 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="127" />
        <source>{column}: '{name}' names several exhibitors ({choices}). Write the full name or the booth number.</source>
        <translation>{column}: '{name}'에 해당하는 참가기업이 여럿입니다({choices}). 전체 이름이나 부스 번호를 적으세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="128" />
        <source>{column}: no buyer of this event is named '{name}'. Closest: {suggestions}. Correct the name in the file, or register the buyer first.</source>
        <translation>{column}: '{name}'(이)라는 바이어가 이 행사에 없습니다. 가장 가까운 이름: {suggestions}. 파일의 이름을 고치거나 바이어를 먼저 등록하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="129" />
        <source>{column}: no buyer of this event is named '{name}'. Register them with a buyer class (domestic or overseas buyer) first, or correct the name in the file.</source>
        <translation>{column}: '{name}'(이)라는 바이어가 이 행사에 없습니다. 먼저 바이어 구분(국내 또는 해외 바이어)으로 등록하거나 파일의 이름을 고치세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="130" />
        <source>{column}: a buyer named '{name}' is registered, but not at '{company}': {suggestions}. If it is the same person, correct the company in the file; otherwise register this buyer first.</source>
        <translation>{column}: '{name}' 바이어는 등록되어 있지만 소속이 '{company}'(이)가 아닙니다: {suggestions}. 같은 사람이면 파일의 회사명을 고치고, 다른 사람이면 이 바이어를 먼저 등록하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="131" />
        <source>{column}: several buyers are named '{name}' ({suggestions}). Add the company or the e-mail to the row to say which.</source>
        <translation>{column}: '{name}'(이)라는 바이어가 여럿입니다({suggestions}). 어느 분인지 알 수 있도록 행에 회사명이나 이메일을 넣으세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="132" />
        <source>{column}: '{name}' is registered, but not as a buyer (class: {visitor_class}). Give them a buyer class at the registration desk, then import this row again.</source>
        <translation>{column}: '{name}' 님은 등록되어 있지만 바이어가 아닙니다(구분: {visitor_class}). 등록 데스크에서 바이어 구분으로 바꾼 뒤 이 행을 다시 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="133" />
        <source>'{contact}' is the e-mail or phone of {other}, but the row names '{name}': the row was skipped. Correct the name or the contact in the file.</source>
        <translation>'{contact}'은(는) {other} 님의 이메일 또는 전화번호인데 이 행의 이름은 '{name}'입니다. 이 행은 건너뛰었습니다. 파일의 이름이나 연락처를 고치세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="134" />
        <source>This row asks for meetings but names no buyer: fill in the buyer's name (or e-mail).</source>
        <translation>이 행에는 상담 희망이 있지만 바이어가 없습니다. 바이어 이름(또는 이메일)을 채우세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="135" />
        <source>This row names no exhibitor: fill in the company the meeting is asked with.</source>
        <translation>이 행에는 참가기업이 없습니다. 상담을 희망하는 기업을 채우세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="136" />
        <source>{column} '{value}' says neither buyer (바이어) nor exhibitor (기업) nor both (상호): the row was skipped. Correct it in the file.</source>
        <translation>{column} '{value}'은(는) 바이어, 기업, 상호 중 어느 것도 아닙니다. 이 행은 건너뛰었습니다. 파일에서 고치세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="137" />
        <source>{column} '{value}' is not a rank: the request is imported ranked after the ranked ones. Write a number (1, 2, 3…).</source>
        <translation>{column} '{value}'은(는) 순위가 아닙니다. 이 희망은 순위가 있는 희망들 다음 순위로 가져옵니다. 숫자(1, 2, 3…)로 적으세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="138" />
        <source>{column} '{value}' is not a language the console knows: the buyer's language is left as it is. Write a language (중국어, Japanese) or its code (zh, ja).</source>
        <translation>{column} '{value}'은(는) 알 수 없는 언어입니다. 바이어의 언어는 그대로 둡니다. 언어 이름(중국어, Japanese)이나 코드(zh, ja)로 적으세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="139" />
        <source>{column} '{value}' names no day of the event: the buyer's days are left as they are. Write dates of the event (10/5, 2022-10-05) or days (1일차, Day 2).</source>
        <translation>{column} '{value}'은(는) 행사 기간의 날짜가 아닙니다. 바이어의 참가일은 그대로 둡니다. 행사 날짜(10/5, 2022-10-05)나 일차(1일차, Day 2)로 적으세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="140" />
        <source>This request is also in row {other_row}: it is imported once, ranked {rank}.</source>
        <translation>이 희망은 {other_row}행에도 있습니다. 한 번만, {rank}순위로 가져옵니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="141" />
        <source>None of the first {rows} rows names a buyer or an exhibitor of this event, so the {left} rows from here on were not read. Check that this is the event's list and that the columns are mapped right.</source>
        <translation>처음 {rows}개 행에 이 행사의 바이어나 참가기업이 하나도 없어, 여기부터 {left}개 행은 읽지 않았습니다. 이 행사의 명단인지, 열 지정이 맞는지 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="142" />
        <source>No header row of a request list was found in the first rows of {file}. It needs wish columns (희망기업1…, 희망바이어1…) or a buyer and an exhibitor column (바이어, 기업); choose the header row and map the columns.</source>
        <translation>{file}의 앞부분에서 상담 희망 명단의 머리글 행을 찾지 못했습니다. 희망 열(희망기업1…, 희망바이어1…)이나 바이어 열과 기업 열(바이어, 기업)이 필요합니다. 머리글 행을 고르고 열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="143" />
        <source>No column of {file} holds wishes: map the wish columns (희망기업1…5 for buyers' wishes, 희망바이어1…5 for exhibitors'), or a buyer column and an exhibitor column for one request per row.</source>
        <translation>{file}에 희망이 담긴 열이 없습니다. 희망 열(바이어의 희망은 희망기업1…5, 기업의 희망은 희망바이어1…5)을 지정하거나, 한 행에 한 건씩이면 바이어 열과 기업 열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="144" />
        <source>The wishes in {file} need the buyer they belong to: map the column with the buyer's name (바이어명), e-mail or phone.</source>
        <translation>{file}의 희망에는 누구의 희망인지가 필요합니다. 바이어 이름(바이어명), 이메일 또는 전화번호 열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="145" />
        <source>The buyers wished for in {file} need the exhibitor who wishes: map the column with the exhibitor's name (기업명).</source>
        <translation>{file}의 희망 바이어에는 희망하는 기업이 필요합니다. 기업 이름(기업명) 열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="147" />
        <source>This row names no exhibitor: fill in the company (기업명) that asks for the slot.</source>
        <translation>이 행에는 기업이 없습니다: 신청한 기업명을 채워 넣으세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="148" />
        <source>{column}: '{value}' could not be read as a time on a day of the event. Write it like 10/5 14:00-16:00, 2022-10-05 오후 or 1일차 오전 (several separated by commas), or 무관 for any time.</source>
        <translation>{column}: '{value}'을(를) 행사 기간의 시간으로 읽을 수 없습니다. 10/5 14:00-16:00, 2022-10-05 오후, 1일차 오전처럼 쓰고(여럿이면 쉼표로 구분), 아무 때나 괜찮으면 무관이라고 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="149" />
        <source>{column}: '{value}' could not be read as a time on a day of the event, so the row was skipped (it would otherwise take any time). Write it like 10/5 14:00-16:00, 2022-10-05 오후 or 1일차 오전, or 무관 for any time.</source>
        <translation>{column}: '{value}'을(를) 행사 기간의 시간으로 읽을 수 없어 이 행을 건너뛰었습니다 (그대로 두면 아무 시간에나 배정됩니다). 10/5 14:00-16:00, 2022-10-05 오후, 1일차 오전처럼 쓰거나, 아무 때나 괜찮으면 무관이라고 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="150" />
        <source>{column} '{value}' names no day of the event, so the row was skipped. Write dates of the event (10/5, 2022-10-05) or days (1일차, Day 2).</source>
        <translation>{column} '{value}'은(는) 행사 날짜가 아니어서 이 행을 건너뛰었습니다. 행사 날짜(10/5, 2022-10-05)나 일차(1일차, Day 2)로 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="151" />
        <source>No slot of the sessions lies in the preferred times ({value}): the request is imported and will wait. Widen the times in the file, or change the sessions' hours.</source>
        <translation>희망 시간({value}) 안에 운영 시간의 슬롯이 없습니다: 신청은 가져오지만 대기하게 됩니다. 파일의 희망 시간을 넓히거나 운영 시간을 바꾸세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="152" />
        <source>{column} '{value}' is not a priority: the request is imported without one. Write 1 (first), 2, 3… or 상/중/하.</source>
        <translation>{column} '{value}'은(는) 우선순위가 아닙니다: 우선순위 없이 가져옵니다. 1(먼저), 2, 3… 또는 상/중/하로 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="153" />
        <source>{column} '{value}' is not a date and time: the request is ordered by its row instead. Write it like 2022-09-20 15:14 or 2022. 9. 20 오후 3:14:07.</source>
        <translation>{column} '{value}'은(는) 날짜와 시간이 아닙니다: 대신 행 순서로 신청 순서를 정합니다. 2022-09-20 15:14 또는 2022. 9. 20 오후 3:14:07처럼 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="154" />
        <source>This request (same exhibitor, products and request time) is also in row {other_row}: this row was skipped. Delete one of the two rows, or tell them apart by their products.</source>
        <translation>같은 신청(같은 기업, 제품, 신청 일시)이 {other_row}행에도 있어 이 행을 건너뛰었습니다. 두 행 중 하나를 지우거나 제품으로 구별하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="155" />
        <source>{column} was longer than {length} characters and was shortened: a confirmation holds no more.</source>
        <translation>{column}이(가) {length}자보다 길어 줄였습니다: 확인서에 더 들어가지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="156" />
        <source>No header row of a booking request list was found in the first rows of {file}. It needs a company column (기업명 or 출품기업), with preferred times (희망일, 희망시간, 희망일시1…) and products (제품) if the list has them; choose the header row and map the columns.</source>
        <translation>{file}의 첫 행들에서 신청 명단의 머리글 행을 찾지 못했습니다. 기업 열(기업명 또는 출품기업)이 있어야 하고, 있다면 희망 시간(희망일, 희망시간, 희망일시1…)과 제품(제품) 열도 필요합니다. 머리글 행을 고르고 열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="157" />
        <source>The requests in {file} need the exhibitor who asks: map the column with the company's name (기업명) or its booth number (부스번호).</source>
        <translation>{file}의 신청에는 신청한 기업이 있어야 합니다: 기업명(기업명)이나 부스 번호(부스번호) 열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="162" />
        <source>Signed in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="163" />
        <source>Wrong PIN</source>
        <translation>PIN 틀림</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="164" />
        <source>Locked after wrong PINs</source>
        <translation>PIN 오류로 잠김</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="165" />
        <source>Operator added</source>
        <translation>운영자 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="166" />
        <source>PIN changed</source>
        <translation>PIN 변경</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="167" />
        <source>Role changed</source>
        <translation>역할 변경</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="168" />
        <source>Operator disabled</source>
        <translation>운영자 사용 중지</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="169" />
        <source>Visitor registered</source>
        <translation>방문자 등록</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="170" />
        <source>Visitor edited</source>
        <translation>방문자 수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="171" />
        <source>Visitor blocked</source>
        <translation>방문자 차단</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="172" />
        <source>Visitor unblocked</source>
        <translation>방문자 차단 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="173" />
        <source>Visitor deleted</source>
        <translation>방문자 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="174" />
        <source>Phone number revealed</source>
        <translation>전화번호 열람</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="175" />
        <source>Exported</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="176" />
        <source>Person's data exported</source>
        <translation>개인정보 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="177" />
        <source>Person's data viewed</source>
        <translation>개인정보 열람</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="178" />
        <source>Access records exported</source>
        <translation>접근 기록 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="179" />
        <source>Personal data purged</source>
        <translation>개인정보 파기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="180" />
        <source>Badge issued</source>
        <translation>배지 발급</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="181" />
        <source>Badge reissued</source>
        <translation>배지 재발급</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="182" />
        <source>Admitted by hand</source>
        <translation>수동 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="183" />
        <source>Admitted by a supervisor</source>
        <translation>책임자 승인 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="184" />
        <source>Let out by a supervisor</source>
        <translation>책임자 승인 퇴장</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="185" />
        <source>Scan annulled</source>
        <translation>스캔 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="186" />
        <source>Head count</source>
        <translation>수동 계수</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="187" />
        <source>List imported</source>
        <translation>명단 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="188" />
        <source>Visitor updated by an import</source>
        <translation>가져오기로 방문자 수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="189" />
        <source>Import started</source>
        <translation>가져오기 시작</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="190" />
        <source>Import finished</source>
        <translation>가져오기 완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="191" />
        <source>Import cancelled</source>
        <translation>가져오기 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="192" />
        <source>Import failed</source>
        <translation>가져오기 실패</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="193" />
        <source>Interrupted import completed</source>
        <translation>중단된 가져오기 완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="194" />
        <source>Interrupted import dismissed</source>
        <translation>중단된 가져오기 닫음</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="195" />
        <source>Event setting changed</source>
        <translation>행사 설정 변경</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="196" />
        <source>Floor plan imported</source>
        <translation>배치도 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="197" />
        <source>Hall changed</source>
        <translation>홀 변경</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="198" />
        <source>Floor plan taken over</source>
        <translation>배치도 편집권 가져옴</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="199" />
        <source>Sync conflict</source>
        <translation>동기화 충돌</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="200" />
        <source>Row dropped by the sync</source>
        <translation>동기화로 버린 행</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="201" />
        <source>Consultation requests imported</source>
        <translation>상담 희망 가져옴</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="202" />
        <source>Studio or photo requests imported</source>
        <translation>스튜디오·촬영 신청 가져옴</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="203" />
        <source>Studio or photo request withdrawn</source>
        <translation>스튜디오·촬영 신청 철회</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="204" />
        <source>Studio sets or photo corners placed</source>
        <translation>스튜디오 세트·포토존 배치</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="205" />
        <source>Studio or photo slots allocated</source>
        <translation>스튜디오·촬영 슬롯 배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="206" />
        <source>Booking added</source>
        <translation>예약 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="207" />
        <source>Booking moved</source>
        <translation>예약 이동</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="208" />
        <source>Booking locked</source>
        <translation>예약 고정</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="209" />
        <source>Booking unlocked</source>
        <translation>예약 고정 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="210" />
        <source>Booking removed</source>
        <translation>예약 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="211" />
        <source>Booking marked held, no-show or cancelled</source>
        <translation>예약 상태 표시 (진행, 불참, 취소)</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="212" />
        <source>Broadcast or shoot results entered</source>
        <translation>방송·촬영 결과 입력</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="213" />
        <source>Consultation tables placed</source>
        <translation>상담 테이블 배치</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="214" />
        <source>Consultation schedule solved</source>
        <translation>상담 일정 자동 편성</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="215" />
        <source>Meeting added</source>
        <translation>상담 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="216" />
        <source>Meeting moved</source>
        <translation>상담 이동</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="217" />
        <source>Meeting locked</source>
        <translation>상담 고정</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="218" />
        <source>Meeting unlocked</source>
        <translation>상담 고정 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="219" />
        <source>Meeting removed</source>
        <translation>상담 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="220" />
        <source>Buyer arrived for a meeting</source>
        <translation>바이어 상담 도착</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="221" />
        <source>Meeting arrival undone</source>
        <translation>상담 도착 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="222" />
        <source>Meeting outcome recorded</source>
        <translation>상담 결과 기록</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="226" />
        <source>Visitor list exported</source>
        <translation>방문자 목록 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="227" />
        <source>Traffic figures exported</source>
        <translation>통행 수치 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="228" />
        <source>Consultation schedule printed or exported</source>
        <translation>상담 일정표 출력·내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="229" />
        <source>Studio bookings printed or exported</source>
        <translation>라이브커머스 예약 출력·내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="230" />
        <source>Photo shoots printed or exported</source>
        <translation>사진촬영 예약 출력·내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="232" />
        <source>not signed in</source>
        <translation>로그인 안 됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="258" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="259" />
        <source>English name</source>
        <translation>영문 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="260" />
        <source>Company</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="261" />
        <source>Title</source>
        <translation>직함</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="262" />
        <source>Class</source>
        <translation>구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="263" />
        <source>Phone</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="264" />
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="265" />
        <source>Country</source>
        <translation>국가</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="266" />
        <source>Notes</source>
        <translation>비고</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="267" />
        <source>Consents</source>
        <translation>동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="268" />
        <source>Consent to share with exhibitors</source>
        <translation>제3자(출품기업) 제공 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="269" />
        <source>Consent to marketing</source>
        <translation>마케팅 정보 수신 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="270" />
        <source>Consent to collection and use</source>
        <translation>개인정보 수집·이용 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="271" />
        <source>Consent: which purpose?</source>
        <translation>동의: 어떤 목적?</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="272" />
        <source>Registration time</source>
        <translation>신청 일시</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="273" />
        <source>Registration status</source>
        <translation>신청 상태</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="275" />
        <source>organizer</source>
        <translation>주최자</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="276" />
        <source>registration</source>
        <translation>등록 담당</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="277" />
        <source>gate</source>
        <translation>게이트 담당</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="278" />
        <source>viewer</source>
        <translation>열람자</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="279" />
        <source>see the visitors</source>
        <translation>방문객 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="280" />
        <source>register visitors</source>
        <translation>방문객 등록</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="281" />
        <source>edit a visitor</source>
        <translation>방문객 수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="282" />
        <source>print badges</source>
        <translation>배지 인쇄</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="283" />
        <source>reveal a phone number</source>
        <translation>전화번호 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="284" />
        <source>export the visitor list</source>
        <translation>방문객 목록 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="285" />
        <source>export the list with phone numbers in full</source>
        <translation>전화번호 전체가 든 목록 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="286" />
        <source>block or unblock a visitor</source>
        <translation>방문객 출입 제한·해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="287" />
        <source>delete a visitor</source>
        <translation>방문객 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="288" />
        <source>check badges in</source>
        <translation>배지 체크인</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="289" />
        <source>override a gate's verdict</source>
        <translation>게이트 판정 무시하고 통과</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="290" />
        <source>record a head count</source>
        <translation>인원 직접 세기 기록</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="291" />
        <source>see the dashboard and reports</source>
        <translation>대시보드와 보고서 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="292" />
        <source>change the event's settings</source>
        <translation>행사 설정 변경</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="293" />
        <source>manage operators</source>
        <translation>운영자 관리</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="294" />
        <source>see the access records</source>
        <translation>접근 기록 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="295" />
        <source>export a person's data</source>
        <translation>개인 정보 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="296" />
        <source>purge personal data</source>
        <translation>개인정보 파기</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="297" />
        <source>manage the event's hub</source>
        <translation>행사 허브 관리</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="298" />
        <source>plan the consultation schedule</source>
        <translation>상담 일정 편성</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="299" />
        <source>record consultation outcomes</source>
        <translation>상담 결과 기록</translation>
    </message>
</context>
<context>
    <name>NewEventDialog</name>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="61" />
        <location filename="../../expo_console/gui/main_window.py" line="106" />
        <location filename="../../expo_console/gui/main_window.py" line="109" />
        <location filename="../../expo_console/gui/main_window.py" line="113" />
        <source>New event</source>
        <translation>새 행사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="74" />
        <source>Event name *</source>
        <translation>행사명 *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="75" />
        <source>English name</source>
        <translation>영문 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="76" />
        <source>First day</source>
        <translation>시작일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="77" />
        <source>Last day</source>
        <translation>종료일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="78" />
        <source>Venue</source>
        <translation>장소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="79" />
        <source>Hall</source>
        <translation>홀</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="89" />
        <source>a person's name, e.g. Kim Minjun</source>
        <translation>사람 이름, 예: 김민준</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="90" />
        <source>The person who runs this event at the console, not the organizing company: the name they type to sign in. They may do everything and add the other operators.</source>
        <translation>주최 회사가 아니라 이 콘솔에서 행사를 운영하는 사람입니다. 로그인할 때 입력하는 이름이며, 모든 작업을 할 수 있고 다른 운영자를 추가합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="95" />
        <source>First organizer (sign-in name) *</source>
        <translation>첫 주최 운영자 (로그인 이름) *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="97" />
        <source>Their PIN *</source>
        <translation>그 운영자의 PIN *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="98" />
        <source>PIN again *</source>
        <translation>PIN 다시 *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="106" />
        <source>Enter the event name.</source>
        <translation>행사명을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="109" />
        <source>The last day is before the first day.</source>
        <translation>종료일이 시작일보다 앞섭니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="119" />
        <source>Enter the name of the event's first organizer: they sign in with it.</source>
        <translation>행사의 첫 주최자 이름을 입력하세요: 이 이름으로 로그인합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="121" />
        <source>The organizer's PIN has at least %1 characters. Choose a longer one.</source>
        <translation>주최자 PIN은 %1자 이상입니다. 더 긴 PIN을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="124" />
        <source>The two PINs differ: type the same PIN twice.</source>
        <translation>두 PIN이 다릅니다: 같은 PIN을 두 번 입력하세요.</translation>
    </message>
</context>
<context>
    <name>OnAirBoard</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="150" />
        <source>Set %1</source>
        <translation>%1번 세트</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="154" />
        <source>host %1</source>
        <translation>진행 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="167" />
        <source>● ON AIR</source>
        <translation>● 방송 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="167" />
        <source>Studio</source>
        <translation>스튜디오</translation>
    </message>
    <message numerus="yes">
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="170" />
        <source> (+%n more on air)</source>
        <translation>
            <numerusform> (외 %n개 방송 중)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="174" />
        <source>Nothing on air</source>
        <translation>지금 방송 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="175" />
        <source>No broadcast booked today</source>
        <translation>오늘 예약된 방송 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="178" />
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="181" />
        <source>No more broadcasts today</source>
        <translation>오늘 남은 방송 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="191" />
        <source>ends in %1</source>
        <translation>종료까지 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="192" />
        <source>in %1</source>
        <translation>시작까지 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="206" />
        <source>Studio %1 inside</source>
        <translation>스튜디오 %1명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/on_air.py" line="208" />
        <source>Studio %1 / %2 (%3 %)</source>
        <translation>스튜디오 %1 / %2명 (%3%)</translation>
    </message>
</context>
<context>
    <name>OperatorsDialog</name>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="59" />
        <source>Everything: settings, operators, the access records, purging</source>
        <translation>모든 일: 설정, 운영자, 접근 기록, 개인정보 파기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="60" />
        <source>Register, edit, print badges; reveal a phone with a reason</source>
        <translation>등록, 수정, 배지 출력; 사유를 남기고 전화번호 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="61" />
        <source>Scan badges, find a visitor without one; an override needs an organizer's PIN</source>
        <translation>배지 스캔, 배지 없는 방문자 찾기; 예외 입장은 주최자 PIN 필요</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="62" />
        <source>The dashboard and reports</source>
        <translation>대시보드와 보고서</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="131" />
        <source>at least %1 characters; a passphrase is welcome</source>
        <translation>%1자 이상; 긴 암호문도 좋습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="134" />
        <source>PIN &amp;again</source>
        <translation>PIN 다시(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="141" />
        <source>The two PINs differ: type the same PIN twice.</source>
        <translation>두 PIN이 다릅니다: 같은 PIN을 두 번 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="222" />
        <source>Operators</source>
        <translation>운영자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="229" />
        <source>Who signs in at this event's desks, and what their role lets them do. Every change here is kept in the access records.</source>
        <translation>이 행사의 데스크에 로그인하는 사람과 그 역할로 할 수 있는 일입니다. 여기서 바꾼 내용은 모두 접근 기록에 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="236" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="236" />
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="236" />
        <source>Demo account</source>
        <translation>데모 계정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="237" />
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="237" />
        <source>Last sign-in</source>
        <translation>마지막 로그인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="273" />
        <source>Disable demo accounts…</source>
        <translation>데모 계정 사용 중지…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="282" />
        <source>Add… (Ins)</source>
        <translation>추가… (Ins)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="283" />
        <source>Change role… (F2)</source>
        <translation>역할 변경… (F2)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="284" />
        <source>New PIN…</source>
        <translation>새 PIN…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="285" />
        <location filename="../../expo_console/gui/operators_dialog.py" line="374" />
        <source>Disable… (Del)</source>
        <translation>사용 중지… (Del)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="289" />
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="294" />
        <source>The event file is open read-only: nothing can be changed in it.</source>
        <translation>행사 파일이 읽기 전용으로 열려 있어 아무것도 바꿀 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="312" />
        <source>Demo · PIN 0000</source>
        <translation>데모 · PIN 0000</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="345" />
        <source>Disabled</source>
        <translation>사용 중지됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="348" />
        <source>Locked until %1 (wrong PINs)</source>
        <translation>%1까지 잠김 (PIN 오류)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="349" />
        <source>Active</source>
        <translation>사용 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="358" />
        <source>never</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="365" />
        <source>Demo accounts use PIN 0000, which anyone who has seen the demo knows: disable them before the event (%1).</source>
        <translation>데모 계정은 데모를 본 사람이면 누구나 아는 PIN 0000을 씁니다: 행사 전에 사용 중지하세요 (%1).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="374" />
        <source>Enable</source>
        <translation>다시 사용</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="387" />
        <source>%1 added as %2.</source>
        <translation>%1 님을 %2(으)로 추가했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="396" />
        <source>%1 is now %2.</source>
        <translation>%1 님의 역할이 %2(으)로 바뀌었습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="405" />
        <source>%1 has a new PIN.</source>
        <translation>%1 님의 PIN을 새로 정했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="419" />
        <source>Disable %1? They can no longer sign in at any desk of this event. Their name stays in the access records, and an organizer can enable them again.</source>
        <translation>%1 님을 사용 중지할까요? 이 행사의 어느 데스크에서도 더는 로그인할 수 없습니다. 이름은 접근 기록에 남고, 주최자가 다시 사용하게 할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="422" />
        <source>You are signed in as %1: this desk stays signed in until you sign out.</source>
        <translation>지금 %1(으)로 로그인해 있습니다: 로그아웃할 때까지 이 데스크는 로그인 상태로 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="424" />
        <source>Disable operator</source>
        <translation>운영자 사용 중지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="427" />
        <source>%1 is disabled.</source>
        <translation>%1 님을 사용 중지했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="434" />
        <source>%1 may sign in again, as %2.</source>
        <translation>%1 님이 다시 %2(으)로 로그인할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="441" />
        <source>Disable the demo accounts %1? They can no longer sign in. The event's last organizer is kept until you add another one.</source>
        <translation>데모 계정 %1을(를) 사용 중지할까요? 더는 로그인할 수 없습니다. 행사의 마지막 주최자는 다른 주최자를 추가할 때까지 남겨 둡니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="443" />
        <source>Disable demo accounts</source>
        <translation>데모 계정 사용 중지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="451" />
        <source>Disabled: %1.</source>
        <translation>사용 중지함: %1.</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="339" />
        <source>Meeting outcome</source>
        <translation>상담 결과</translation>
    </message>
</context>
<context>
    <name>OutcomePanel</name>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="84" />
        <source>&amp;Held</source>
        <translation>상담 진행(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="84" />
        <source>&amp;No-show</source>
        <translation>노쇼(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="85" />
        <source>&amp;Cancelled</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="88" />
        <source>e.g. 15,000,000 or 1500만</source>
        <translation>예: 15,000,000 또는 1500만</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="91" />
        <source>KRW (won)</source>
        <translation>KRW (원)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="92" />
        <source>USD (dollars)</source>
        <translation>USD (달러)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="99" />
        <source>Exchange rate…</source>
        <translation>환율…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="104" />
        <source>Contract e&amp;xpected</source>
        <translation>계약 추진(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="108" />
        <source>expected contract amount, if known</source>
        <translation>계약 추진액 (알면 입력)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="115" />
        <source>Follow-up: samples to send, a visit to the factory, who calls whom …</source>
        <translation>후속 조치: 샘플 발송, 공장 방문, 누가 누구에게 연락할지 …</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="117" />
        <source>Save (Ctrl+Enter)</source>
        <translation>저장 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="121" />
        <source>Close (Esc)</source>
        <translation>닫기 (Esc)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="148" />
        <source>Outcome</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="149" />
        <source>Consultation &amp;amount</source>
        <translation>상담액(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="152" />
        <source>Contract a&amp;mount</source>
        <translation>계약 추진액(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="155" />
        <source>Follow-up n&amp;ote</source>
        <translation>후속 메모(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="189" />
        <source>(erased buyer)</source>
        <translation>(삭제된 바이어)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="190" />
        <source>%1–%2 · table %3 · %4 with %5</source>
        <translation>%1–%2 · %3번 테이블 · %4 ↔ %5</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="254" />
        <source>= ₩%1 at ₩%2 per USD</source>
        <translation>= ₩%1 (1달러당 ₩%2 적용)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="260" />
        <source>Event's rate: ₩%1 per US dollar</source>
        <translation>행사 환율: 1달러당 ₩%1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="270" />
        <source>Exchange rate</source>
        <translation>환율</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="271" />
        <source>Won per US dollar (the results convert the amounts typed in dollars at this rate):</source>
        <translation>1달러당 원화 (상담 실적은 달러로 입력한 금액을 이 환율로 환산합니다):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="282" />
        <source>Consultation amount</source>
        <translation>상담액</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="283" />
        <source>Contract amount</source>
        <translation>계약 추진액</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="287" />
        <source>%1: “%2” is not an amount. Type a number of won (e.g. 15000000, 15,000,000 or 1500만), or of dollars with USD chosen (e.g. 12000).</source>
        <translation>%1: “%2”은(는) 금액이 아닙니다. 원화는 숫자로 입력하세요 (예: 15000000, 15,000,000 또는 1500만). 달러는 USD를 고른 뒤 입력하세요 (예: 12000).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/outcome_panel.py" line="329" />
        <source>Saved.</source>
        <translation>저장했습니다.</translation>
    </message>
</context>
<context>
    <name>PersonData</name>
    <message>
        <location filename="../../expo_console/gui/personal_data/person_export.py" line="39" />
        <source>%1 personal data %2</source>
        <translation>%1 개인정보 %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/person_export.py" line="48" />
        <source>Person's data</source>
        <translation>개인정보 열람</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/person_export.py" line="51" />
        <source>Save the person's data</source>
        <translation>개인정보 열람본 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/person_export.py" line="52" />
        <source>PDF for the person (*.pdf);;JSON (*.json)</source>
        <translation>본인에게 줄 PDF (*.pdf);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/person_export.py" line="59" />
        <source>%1 is neither a PDF nor a JSON file. Choose a name ending in .pdf (to hand to the person) or .json.</source>
        <translation>%1은(는) PDF 파일도 JSON 파일도 아닙니다. .pdf(본인에게 줄 파일) 또는 .json으로 끝나는 이름을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/person_export.py" line="73" />
        <source>%1 scans and %2 access records are in it. The export is recorded in the access records.</source>
        <translation>출입 기록 %1건과 접근 기록 %2건이 들어 있습니다. 이 내보내기는 접근 기록에 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/person_export.py" line="82" />
        <source>Saving the person's data…</source>
        <translation>개인정보 열람본 저장 중…</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="196" />
        <source>New PIN</source>
        <translation>새 PIN</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="197" />
        <source>A new PIN for %1. It also lifts a lock after too many wrong PINs. Tell them the PIN in person.</source>
        <translation>%1 님의 새 PIN입니다. PIN을 여러 번 틀려 잠긴 경우 잠금도 풀립니다. PIN은 본인에게 직접 알려 주세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="198" />
        <source>Set PIN</source>
        <translation>PIN 설정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="200" />
        <source>New &amp;PIN</source>
        <translation>새 PIN(&amp;P)</translation>
    </message>
</context>
<context>
    <name>PlanFiles</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="61" />
        <source>A3 plan PDF for the venue…</source>
        <translation>전시장 제출용 A3 배치도 PDF…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="62" />
        <source>Plan as PNG…</source>
        <translation>배치도 PNG…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="63" />
        <source>Exhibitor directory PDF…</source>
        <translation>참가기업 명단 PDF…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="64" />
        <source>Layout JSON…</source>
        <translation>배치 JSON…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="66" />
        <source>Import layout JSON…</source>
        <translation>배치 JSON 가져오기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="73" />
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="94" />
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="86" />
        <source>Writing %1…</source>
        <translation>%1 파일을 쓰는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="87" />
        <source>Saved %1</source>
        <translation>%1 저장됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="90" />
        <source>Export cancelled: %1 was not written.</source>
        <translation>내보내기를 취소했습니다: %1 파일은 저장하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="98" />
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="102" />
        <source>Import layout</source>
        <translation>배치 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="103" />
        <source>Replace every booth on the plan with the file's layout? This cannot be undone with Ctrl+Z; export the current layout first if you may want it back.</source>
        <translation>배치도의 모든 부스를 파일의 배치로 바꿀까요? Ctrl+Z로 되돌릴 수 없습니다. 지금 배치가 다시 필요할 수 있다면 먼저 내보내세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/plan_files.py" line="111" />
        <source>Floor plan</source>
        <translation>배치도</translation>
    </message>
</context>
<context>
    <name>PrintMenu</name>
    <message>
        <location filename="../../expo_console/gui/consultations/print_menu.py" line="28" />
        <source>Buyers' itineraries (PDF)…</source>
        <translation>바이어별 상담 일정표 (PDF)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/print_menu.py" line="30" />
        <source>Exhibitors' schedules (PDF)…</source>
        <translation>기업별 상담 일정표 (PDF)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/print_menu.py" line="32" />
        <source>Door sheets for the tables (PDF)…</source>
        <translation>테이블 부착용 일정표 (PDF)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/print_menu.py" line="34" />
        <source>Interpreters' schedules (PDF)…</source>
        <translation>통역사 일정표 (PDF)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/print_menu.py" line="36" />
        <source>Whole schedule (Excel)…</source>
        <translation>전체 상담 일정 (Excel)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/print_menu.py" line="34" />
        <source>Print &amp;&amp; export</source>
        <translation>인쇄 및 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/print_menu.py" line="35" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/print_menu.py" line="39" />
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/print_menu.py" line="36" />
        <source>Not saved</source>
        <translation>저장하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/print_menu.py" line="37" />
        <source>Saved %1 (%2 pages)</source>
        <translation>저장했습니다: %1 (%2쪽)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/print_menu.py" line="38" />
        <source>Saved %1</source>
        <translation>저장했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/print_menu.py" line="22" />
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>PrinterChooser</name>
    <message>
        <location filename="../../expo_console/gui/badges/printer_chooser.py" line="22" />
        <source>Choose a printer</source>
        <translation>프린터 선택</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/printer_chooser.py" line="31" />
        <source>Badge printer</source>
        <translation>배지 프린터</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/printer_chooser.py" line="35" />
        <source>Badges from this desk are printed on:</source>
        <translation>이 데스크의 배지를 출력할 프린터:</translation>
    </message>
</context>
<context>
    <name>PurgeDialog</name>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="83" />
        <source>Purge personal data</source>
        <translation>개인정보 파기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="98" />
        <source>&amp;Change…</source>
        <translation>변경(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="99" />
        <source>The retention period: days kept after the last day</source>
        <translation>보존 기간: 종료일 뒤 보관하는 일수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="110" />
        <source>Event</source>
        <translation>행사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="111" />
        <source>Last day</source>
        <translation>종료일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="112" />
        <source>Retention period</source>
        <translation>보존 기간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="113" />
        <source>Retention date</source>
        <translation>보존 기한</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="114" />
        <source>Visitors with personal data</source>
        <translation>개인정보가 있는 방문자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="120" />
        <source>This cannot be undone: nobody, not even an organizer, can bring the data back.</source>
        <translation>되돌릴 수 없습니다: 주최자를 포함해 누구도 데이터를 되살릴 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="125" />
        <source>To confirm, type the event's name: %1</source>
        <translation>확인하려면 행사 이름을 입력하세요: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="134" />
        <source>Erasing… This cannot be stopped.</source>
        <translation>지우는 중… 중간에 멈출 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="138" />
        <source>Purged</source>
        <translation>파기 결과</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="145" />
        <source>&amp;Save certificate…</source>
        <translation>확인서 저장(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="147" />
        <source>Open &amp;folder</source>
        <translation>폴더 열기(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="159" />
        <source>&amp;Purge for good</source>
        <translation>영구 파기(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="191" />
        <source>%1 days after the last day</source>
        <translation>종료일로부터 %1일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="196" />
        <source>This event is open read-only: nothing can be purged here. Open it from a folder this desk may write to.</source>
        <translation>이 행사는 읽기 전용으로 열려 있어 여기서는 파기할 수 없습니다. 이 데스크가 쓸 수 있는 폴더에서 여세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="199" />
        <source>No visitor's personal data is left in this event: there is nothing to purge.</source>
        <translation>이 행사에는 방문자 개인정보가 남아 있지 않습니다: 파기할 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="201" />
        <source>The visitors' personal data is kept until its retention date, %1: the purge becomes possible on that day. If its purpose ended sooner, shorten the retention period (Change…).</source>
        <translation>방문자 개인정보는 보존 기한인 %1까지 보관합니다: 그날부터 파기할 수 있습니다. 목적이 더 일찍 끝났다면 보존 기간을 줄이세요 (변경…).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="205" />
        <source>The retention date, %1, has come. The purge erases the personal data of all %2 visitors: names, phones, e-mails, companies, notes, consents, and their badges. The figures stay: entries, occupancy and classes, under pseudonyms. The purge is recorded and a certificate of destruction is saved.</source>
        <translation>보존 기한(%1)이 되었습니다. 파기하면 방문자 %2명 모두의 개인정보(이름, 전화, 이메일, 회사, 메모, 동의)와 배지가 지워집니다. 입장 수, 점유, 방문자 구분 같은 통계는 가명으로 남습니다. 파기는 기록되며 개인정보 파기 확인서를 저장합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="260" />
        <source>Nothing was purged.</source>
        <translation>아무것도 파기하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="267" />
        <source>The personal data was purged on %1 by %2. The figures stay.</source>
        <translation>%2 님이 %1에 개인정보를 파기했습니다. 통계는 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="273" />
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="281" />
        <source>Visitors' personal data erased</source>
        <translation>지운 방문자 개인정보</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="281" />
        <source>Badges deleted</source>
        <translation>지운 배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="282" />
        <source>Scans kept under a pseudonym</source>
        <translation>가명으로 남은 출입 기록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="283" />
        <source>Badge prints kept under a pseudonym</source>
        <translation>가명으로 남은 배지 출력 기록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="284" />
        <source>Access records pseudonymised</source>
        <translation>가명 처리한 접근 기록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="296" />
        <source>Certificate of destruction %1 %2</source>
        <translation>개인정보 파기 확인서 %1 %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="306" />
        <source>Save the certificate of destruction</source>
        <translation>개인정보 파기 확인서 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="306" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="337" />
        <source>Certificate of destruction saved to %1</source>
        <translation>개인정보 파기 확인서를 저장했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="339" />
        <source>A purge was done on %1 by %2: its certificate of destruction can be saved again.</source>
        <translation>%1에 %2 님이 개인정보를 파기했습니다. 파기 확인서를 다시 저장할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="342" />
        <source>The certificate of destruction is not saved yet.</source>
        <translation>개인정보 파기 확인서를 아직 저장하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/purge_dialog.py" line="362" />
        <source>Close without saving the certificate of destruction? The purge stays recorded in the access records, and its certificate can be saved later here (Event ▸ Purge personal data…).</source>
        <translation>개인정보 파기 확인서를 저장하지 않고 닫을까요? 파기 사실은 접근 기록에 남고, 확인서는 나중에 여기(행사 ▸ 개인정보 파기…)에서 저장할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>PurgeReminder</name>
    <message>
        <location filename="../../expo_console/gui/personal_data/reminder.py" line="31" />
        <source>Personal data to destroy</source>
        <translation>파기할 개인정보</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/reminder.py" line="32" />
        <source>The retention date (%1) has passed: %2 visitors' personal data should be destroyed.</source>
        <translation>보존 기한(%1)이 지났습니다: 방문자 %2명의 개인정보를 파기해야 합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/reminder.py" line="34" />
        <source>The event ended on %1 and its visitors' personal data was to be kept %2 days. Purge it now, or later from Event ▸ Purge personal data…</source>
        <translation>행사는 %1에 끝났고 방문자 개인정보의 보존 기간은 %2일이었습니다. 지금 파기하거나, 나중에 행사 ▸ 개인정보 파기…에서 파기하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/reminder.py" line="38" />
        <source>Purge now…</source>
        <translation>지금 파기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/reminder.py" line="39" />
        <source>Later</source>
        <translation>나중에</translation>
    </message>
</context>
<context>
    <name>ReasonPrompt</name>
    <message>
        <location filename="../../expo_console/gui/reason_prompt.py" line="23" />
        <source>A reason is required: type it, or Cancel.</source>
        <translation>사유는 필수입니다: 입력하거나 취소를 누르세요.</translation>
    </message>
</context>
<context>
    <name>RecentScansModel</name>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="47" />
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="47" />
        <source>Verdict</source>
        <translation>판정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="47" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="47" />
        <source>Company</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="47" />
        <source>Class</source>
        <translation>구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="69" />
        <source>annulled</source>
        <translation>취소됨</translation>
    </message>
</context>
<context>
    <name>RegistrationWorkspace</name>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="99" />
        <source>Search: name, initials (ㄱㄱㅁ), English name, company, e-mail, last 4 phone digits  (Ctrl+F)</source>
        <translation>검색: 이름, 초성(ㄱㄱㅁ), 영문 이름, 회사, 이메일, 전화번호 뒤 4자리  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="144" />
        <source>New walk-in</source>
        <translation>현장 등록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="145" />
        <source>Edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="146" />
        <source>Show phone</source>
        <translation>전화번호 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="147" />
        <source>Block / unblock</source>
        <translation>차단 / 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="148" />
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="149" />
        <source>Person's data…</source>
        <translation>개인정보 열람…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="150" />
        <source>Import…</source>
        <translation>가져오기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="151" />
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="152" />
        <source>Find</source>
        <translation>찾기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="153" />
        <source>Copy rows</source>
        <translation>행 복사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="154" />
        <source>Print badge</source>
        <translation>배지 출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="170" />
        <source>Everything held about the selected visitor, as a PDF for them or as JSON (Ctrl+Shift+D)</source>
        <translation>선택한 방문자에 대해 보관 중인 모든 정보: 본인에게 줄 PDF 파일 또는 JSON 파일 (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="210" />
        <source>Loading visitors…</source>
        <translation>방문자 목록을 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="261" />
        <source>%1 shown of %2 visitors</source>
        <translation>방문자 %2명 중 %1명 표시</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="349" />
        <location filename="../../expo_console/gui/registration/workspace.py" line="423" />
        <source>Select a visitor in the list first.</source>
        <translation>먼저 목록에서 방문자를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="433" />
        <source>Show phone number</source>
        <translation>전화번호 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="434" />
        <source>Why is %1's phone number shown? (required, recorded in the audit log)</source>
        <translation>%1 님의 전화번호를 보는 사유 (필수, 감사 기록에 남습니다)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="461" />
        <source>Block visitor</source>
        <translation>방문자 차단</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="462" />
        <source>Why is %1 blocked?</source>
        <translation>%1 님을 차단하는 사유는?</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="473" />
        <location filename="../../expo_console/gui/registration/workspace.py" line="479" />
        <source>Delete visitor</source>
        <translation>방문자 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="489" />
        <source>Import visitors</source>
        <translation>방문자 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="490" />
        <source>Visitor lists (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>방문자 명단 (*.csv *.xlsx *.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="498" />
        <source>Export visitors</source>
        <translation>방문자 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="498" />
        <source>Excel (*.xlsx);;CSV UTF-8 (*.csv)</source>
        <translation>엑셀 (*.xlsx);;CSV UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="503" />
        <location filename="../../expo_console/gui/registration/workspace.py" line="509" />
        <source>Phone numbers</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="504" />
        <source>Write full phone numbers? Choose No to keep them masked (010-****-5678). Full numbers are logged.</source>
        <translation>전화번호 전체를 내보낼까요? '아니요'를 고르면 가려서(010-****-5678) 내보냅니다. 전체 번호 내보내기는 기록됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="510" />
        <source>Why are full phone numbers exported? (required, recorded in the audit log)</source>
        <translation>전체 전화번호를 내보내는 사유는 무엇입니까? (필수, 감사 기록에 남습니다)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="527" />
        <source>Exporting…</source>
        <translation>내보내는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="524" />
        <source>%1 visitors exported to %2</source>
        <translation>방문자 %1명을 %2에 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="474" />
        <source>Delete %1 (%2)? This cannot be undone; the deletion is logged. Their badge stays known as cancelled and is refused at every gate.</source>
        <translation>%1 (%2) 님을 삭제할까요? 되돌릴 수 없으며 삭제 기록이 남습니다. 배지는 취소된 배지로 남아 모든 게이트에서 입장이 거부됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="480" />
        <source>Why is %1 deleted? (required, kept in the access records after they are erased: say why, not who)</source>
        <translation>%1 님을 삭제하는 사유는 무엇입니까? (필수, 삭제 후에도 접근 기록에 남습니다. 누구인지가 아니라 왜인지 적으세요)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="529" />
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="86" />
        <source>Change request</source>
        <translation>신청 수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="86" />
        <source>New request</source>
        <translation>상담 요청 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="100" />
        <source>Type part of the company name or the booth</source>
        <translation>회사명이나 부스 번호 일부를 입력하세요</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="105" />
        <source>No preferred time: any slot will do.</source>
        <translation>희망 시간 없음: 어느 시간대든 가능합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="107" />
        <source>Add a preferred time</source>
        <translation>희망 시간 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="113" />
        <source>e.g. cosmetics set, kitchen knives</source>
        <translation>예: 화장품 세트, 주방용 칼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="116" />
        <source>Who presents the broadcast</source>
        <translation>방송 진행자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="122" />
        <source>Choose or type a channel</source>
        <translation>채널을 고르거나 입력하세요</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="126" />
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="132" />
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="133" />
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="144" />
        <source>Exhibitor</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="145" />
        <source>Preferred times</source>
        <translation>희망 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="146" />
        <source>Products</source>
        <translation>제품</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="148" />
        <source>Host</source>
        <translation>진행자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="149" />
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="153" />
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="154" />
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="203" />
        <source>Choose the exhibitor from the list: type part of the company name or the booth, then pick it.</source>
        <translation>목록에서 참가업체를 고르세요. 회사명이나 부스 번호 일부를 입력한 뒤 선택하세요.</translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="202" />
        <source>New request</source>
        <translation>상담 요청 추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="219" />
        <source>Buyer *</source>
        <translation>바이어 *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="220" />
        <source>Exhibitor *</source>
        <translation>참가기업 *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="221" />
        <source>Buyer's wish</source>
        <translation>바이어 희망 순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="222" />
        <source>Exhibitor's wish</source>
        <translation>기업 희망 순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="223" />
        <source>1 is the first wish. A request wished by both sides is mutual and placed first.</source>
        <translation>1이 1순위입니다. 양쪽이 모두 희망한 요청은 상호 희망으로, 먼저 배정됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="230" />
        <source>not asked</source>
        <translation>희망 안 함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="236" />
        <source>Choose a buyer and an exhibitor from the lists (type part of the name).</source>
        <translation>목록에서 바이어와 참가기업을 고르세요 (이름 일부를 입력하면 찾습니다).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_dialogs.py" line="238" />
        <source>Give the buyer's wish, the exhibitor's, or both (1 is the first).</source>
        <translation>바이어 희망 순위, 기업 희망 순위 또는 둘 다 입력하세요 (1이 1순위).</translation>
    </message>
</context>
<context>
    <name>RequestImportDialog</name>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="47" />
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="90" />
        <source>Import consultation requests</source>
        <translation>상담 희망 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="54" />
        <source>Exhibitor wished for, rank %1</source>
        <translation>희망기업 %1순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="56" />
        <source>Buyer wished for, rank %1</source>
        <translation>희망바이어 %1순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="57" />
        <source>Buyer (name)</source>
        <translation>바이어 (이름)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="57" />
        <source>Buyer's company</source>
        <translation>바이어 회사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="58" />
        <source>Buyer's e-mail</source>
        <translation>바이어 이메일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="58" />
        <source>Buyer's phone</source>
        <translation>바이어 전화번호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="59" />
        <source>Country</source>
        <translation>국가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="59" />
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="60" />
        <source>Days attending</source>
        <translation>참가일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="60" />
        <source>Exhibitor</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="61" />
        <source>Rank</source>
        <translation>순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="61" />
        <source>Who asked (buyer, exhibitor, both)</source>
        <translation>신청 구분 (바이어, 기업, 상호)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="64" />
        <source>buyers' wishes, a row per buyer</source>
        <translation>바이어별 희망기업 (바이어당 한 행)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="65" />
        <source>exhibitors' wishes, a row per exhibitor</source>
        <translation>기업별 희망바이어 (기업당 한 행)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="66" />
        <source>one request per row</source>
        <translation>한 행에 상담 희망 한 건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="70" />
        <source>%1 rows: %2 requests to add, %3 to update, %4 unchanged; %5 become mutual; %6 buyers' language or days set. Rows with problems: %7 (%8 give nothing).</source>
        <translation>%1개 행: 추가할 희망 %2건, 바꿀 희망 %3건, 변동 없음 %4건, 상호 희망이 되는 것 %5건, 언어·참가일을 정할 바이어 %6명. 문제가 있는 행: %7개 (그중 가져올 것이 없는 행 %8개).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/request_import_dialog.py" line="91" />
        <source>Request lists (*.xlsx *.xlsm *.csv *.txt *.xls);;All files (*)</source>
        <translation>상담 희망 명단 (*.xlsx *.xlsm *.csv *.txt *.xls);;모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>RequestListDialog</name>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="174" />
        <source>No header row of a request list was recognised. Choose the header row above, then map the columns.</source>
        <translation>상담 희망 명단의 머리글 행을 알아보지 못했습니다. 위에서 머리글 행을 고른 뒤 열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="197" />
        <source>File: %1</source>
        <translation>파일: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="201" />
        <source>Columns (check and correct)</source>
        <translation>열 지정 (확인하고 고치세요)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="225" />
        <source>Only rows with problems</source>
        <translation>문제가 있는 행만</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="233" />
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="236" />
        <source>Cancel import</source>
        <translation>가져오기 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="265" />
        <source>Reading the file…</source>
        <translation>파일을 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="290" />
        <source>— ignore —</source>
        <translation>— 가져오지 않음 —</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="324" />
        <source>Read as: %1.</source>
        <translation>읽는 방식: %1.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="336" />
        <source>Checking the rows against the event…</source>
        <translation>행사의 바이어·참가기업과 대조하는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="364" />
        <source>Nothing is stored until you press Import.</source>
        <translation>가져오기를 누르기 전에는 아무것도 저장되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="393" />
        <source>Importing…</source>
        <translation>가져오는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="408" />
        <source>Cancelled: %1 requests stored before the cancel.</source>
        <translation>취소했습니다. 취소 전에 희망 %1건을 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="412" />
        <source>Imported: %1 requests stored.</source>
        <translation>가져왔습니다. 희망 %1건을 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="420" />
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>RequestRowsModel</name>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="106" />
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="83" />
        <source>Buyer or exhibitor</source>
        <translation>바이어 또는 기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="84" />
        <source>Requests</source>
        <translation>희망</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/request_list_dialog.py" line="106" />
        <source>Problems</source>
        <translation>문제</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="74" />
        <source>Exhibitor</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="74" />
        <source>Booth</source>
        <translation>부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="74" />
        <source>Preferred times</source>
        <translation>희망 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="74" />
        <source>Products</source>
        <translation>제품</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="76" />
        <source>Host</source>
        <translation>진행자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="76" />
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="77" />
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="78" />
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="77" />
        <source>Requested at</source>
        <translation>신청 시각</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="77" />
        <source>Slot, or waiting</source>
        <translation>배정 시간 또는 대기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="82" />
        <source>Exhibitors' requests</source>
        <translation>참가업체 신청</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="83" />
        <source>Search: exhibitor, booth, products, host, channel</source>
        <translation>검색: 참가업체, 부스, 제품, 진행자, 채널</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="84" />
        <source>Search: exhibitor, booth, products</source>
        <translation>검색: 참가업체, 부스, 제품</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="85" />
        <source>Add… (Ins)</source>
        <translation>추가… (Ins)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="86" />
        <source>Edit… (F2)</source>
        <translation>수정… (F2)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="88" />
        <source>Remove (Del)</source>
        <translation>삭제 (Del)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="89" />
        <source>Import requests…</source>
        <translation>요청 가져오기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="90" />
        <source>Undo (Ctrl+Z)</source>
        <translation>실행 취소 (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="146" />
        <source>%1 requests · %2 booked · %3 waiting. Who goes first: %4.</source>
        <translation>신청 %1건 · 배정 %2건 · 대기 %3건. 우선순위: %4.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="150" />
        <source>the priority, then request time</source>
        <translation>우선순위, 다음은 신청 순서</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="151" />
        <source>request time</source>
        <translation>신청 순서</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="155" />
        <source>any time</source>
        <translation>아무 때나</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="168" />
        <source>no-show</source>
        <translation>노쇼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="168" />
        <source>cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="171" />
        <source>not scheduled yet</source>
        <translation>아직 배정 전</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="173" />
        <source>waiting #%1 · %2</source>
        <translation>대기 %1번 · %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="204" />
        <source>add</source>
        <translation>추가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="218" />
        <source>edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="225" />
        <source>Remove request</source>
        <translation>신청 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="226" />
        <source>Remove %1's request? Its slot, if it has one, is freed for the waiting list.</source>
        <translation>%1의 신청을 삭제할까요? 배정된 시간이 있으면 대기자에게 넘어갑니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="232" />
        <source>removal</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="238" />
        <source>“%1” is not a priority: type a whole number (1 goes first), or nothing for no priority.</source>
        <translation>“%1”은(는) 우선순위가 아닙니다. 정수(1이 먼저)를 입력하거나 비워 두세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="248" />
        <source>priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/requests_page.py" line="259" />
        <source>Undo the last %1</source>
        <translation>마지막 %1 되돌리기</translation>
    </message>
</context>
<context>
    <name>ResourcesSection</name>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="76" />
        <source>Name (printed on the confirmations)</source>
        <translation>이름 (확인서에 인쇄됨)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="83" />
        <source>Place in the studio zone</source>
        <translation>스튜디오 구역에 배치</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="88" />
        <source>How many %1</source>
        <translation>%1 수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="92" />
        <source>%1 on the floor plan</source>
        <translation>배치도의 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="134" />
        <source>The floor plan has no studio zone. Draw one in the Floor plan workspace (zone kind: Studio), then place them here.</source>
        <translation>배치도에 스튜디오 구역이 없습니다. 배치도 작업 공간에서 구역(종류: 스튜디오)을 그린 뒤 여기서 배치하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="140" />
        <source>%1 placed in %2, numbered 1 to %3 as the schedule shows them.</source>
        <translation>%1을(를) %2에 배치했습니다. 일정표처럼 1번부터 %3번까지 번호가 붙습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="143" />
        <source>None placed yet: choose how many, name them and place them in %1.</source>
        <translation>아직 배치하지 않았습니다. 수와 이름을 정해 %1에 배치하세요.</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="71" />
        <source>Choose a booking in the list.</source>
        <translation>목록에서 예약을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="77" />
        <source>&amp;Held as booked</source>
        <translation>예정대로 진행(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="77" />
        <source>&amp;No-show</source>
        <translation>노쇼(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="78" />
        <source>&amp;Cancelled</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="81" />
        <source>&amp;Viewers</source>
        <translation>시청자(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="81" />
        <source>e.g. 1,200</source>
        <translation>예: 1,200</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="82" />
        <source>&amp;Peak concurrent viewers</source>
        <translation>최대 동시 시청자(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="82" />
        <source>e.g. 150</source>
        <translation>예: 150</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="83" />
        <source>O&amp;rders</source>
        <translation>주문 수(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="83" />
        <source>e.g. 45</source>
        <translation>예: 45</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="84" />
        <source>&amp;Sales (won)</source>
        <translation>매출(원)(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="84" />
        <source>e.g. 3,200,000 or 320만</source>
        <translation>예: 3,200,000 또는 320만</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="85" />
        <source>&amp;Photos delivered</source>
        <translation>전달한 사진(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="85" />
        <source>e.g. 12</source>
        <translation>예: 12</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="87" />
        <source>Outcome</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="114" />
        <source>N&amp;ote</source>
        <translation>메모(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="117" />
        <source>Save (Ctrl+Enter)</source>
        <translation>저장 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="121" />
        <source>Close (Esc)</source>
        <translation>닫기 (Esc)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="132" />
        <source>Offer to waiting list</source>
        <translation>대기자에게 배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="169" />
        <source>%1–%2 · %3 · %4</source>
        <translation>%1–%2 · %3 · %4</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="232" />
        <source>Saved.</source>
        <translation>저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="243" />
        <source>Viewers: “%1” is not a count. Type a whole number (e.g. 1200).</source>
        <translation>시청자: “%1”은(는) 수가 아닙니다. 정수를 입력하세요(예: 1200).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="244" />
        <source>Peak concurrent viewers: “%1” is not a count. Type a whole number (e.g. 150).</source>
        <translation>최대 동시 시청자: “%1”은(는) 수가 아닙니다. 정수를 입력하세요(예: 150).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="246" />
        <source>Orders: “%1” is not a count. Type a whole number (e.g. 45).</source>
        <translation>주문 수: “%1”은(는) 수가 아닙니다. 정수를 입력하세요(예: 45).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="247" />
        <source>Sales: “%1” is not an amount. Type won (e.g. 3200000, 3,200,000 or 320만).</source>
        <translation>매출: “%1”은(는) 금액이 아닙니다. 원 단위로 입력하세요(예: 3200000, 3,200,000 또는 320만).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="248" />
        <source>Photos delivered: “%1” is not a count. Type a whole number (e.g. 12).</source>
        <translation>전달한 사진: “%1”은(는) 수가 아닙니다. 정수를 입력하세요(예: 12).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="252" />
        <source>Peak concurrent viewers cannot exceed the viewers: check both figures in the channel's report.</source>
        <translation>최대 동시 시청자 수는 시청자 수보다 클 수 없습니다. 채널 보고서에서 두 수치를 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="271" />
        <source>The slot went to %1 (%2).</source>
        <translation>이 시간대는 %1에 배정되었습니다(%2).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="272" />
        <source>from the waiting list</source>
        <translation>대기자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="273" />
        <source>booked by hand</source>
        <translation>직접 배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="279" />
        <source>The slot is free. Nobody on the waiting list fits it.</source>
        <translation>빈 시간대입니다. 이 시간에 맞는 대기자가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/result_panel.py" line="283" />
        <source>The slot is free. Next on the waiting list: %1%2.</source>
        <translation>빈 시간대입니다. 다음 대기자: %1%2.</translation>
    </message>
</context>
<context>
    <name>ResultsEntryPage</name>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="50" />
        <source>&amp;Day</source>
        <translation>날짜(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="58" />
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="58" />
        <source>Exhibitor</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="58" />
        <source>Booth</source>
        <translation>부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="58" />
        <source>Outcome</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="59" />
        <source>Results</source>
        <translation>성과</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="144" />
        <source>%1 bookings · %2 recorded</source>
        <translation>예약 %1건 · 기록 %2건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="145" />
        <source>No bookings this day: solve the schedule first.</source>
        <translation>이 날은 예약이 없습니다. 먼저 일정을 배정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="150" />
        <source>to come</source>
        <translation>예정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="150" />
        <source>held</source>
        <translation>진행</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="151" />
        <source>no-show</source>
        <translation>노쇼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="151" />
        <source>cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="155" />
        <source>%1 photos</source>
        <translation>사진 %1장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="157" />
        <source>%1 viewers</source>
        <translation>시청자 %1명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="157" />
        <source>peak %1</source>
        <translation>최고 동시 %1명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/results_entry.py" line="158" />
        <source>%1 orders</source>
        <translation>주문 %1건</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="88" />
        <source>Whole event</source>
        <translation>전체 기간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="96" />
        <source>Export &amp;PDF…</source>
        <translation>PDF 내보내기(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="99" />
        <source>Export &amp;XLSX…</source>
        <translation>XLSX 내보내기(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="103" />
        <source>&amp;Day</source>
        <translation>날짜(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="112" />
        <source>Consultations held</source>
        <translation>상담 완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="113" />
        <source>No-shows</source>
        <translation>노쇼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="114" />
        <source>Consultation amount</source>
        <translation>상담액</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="115" />
        <source>Contracts expected</source>
        <translation>계약추진</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="116" />
        <source>Exhibitors met</source>
        <translation>상담 기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="117" />
        <source>Requested, none held</source>
        <translation>요청 있었으나 상담 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="132" />
        <source>By day</source>
        <translation>일자별</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="132" />
        <source>By sector</source>
        <translation>분야별</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="133" />
        <source>By buyer country</source>
        <translation>바이어 국가별</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="133" />
        <source>By exhibitor</source>
        <translation>기업별</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="134" />
        <source>Without a meeting</source>
        <translation>상담 없는 기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="134" />
        <source>Top pairs</source>
        <translation>상위 상담</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="147" />
        <source>Live commerce</source>
        <translation>라이브커머스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="148" />
        <source>Photo shoots</source>
        <translation>사진촬영</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="195" />
        <source>USD amounts at 1 USD = %1 KRW</source>
        <translation>달러 금액 환율: 1 USD = %1원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="197" />
        <source>of %1 planned · %2 to come</source>
        <translation>배정 %1건 중 · 예정 %2건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="199" />
        <source>%1 of outcomes · %2 cancelled</source>
        <translation>노쇼율 %1 · 취소 %2건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="202" />
        <source>%1 USD typed in dollars</source>
        <translation>달러로 입력 %1 USD 포함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="204" />
        <source>%1 won</source>
        <translation>%1원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="205" />
        <source>%1 won expected</source>
        <translation>계약추진액 %1원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="208" />
        <source>%1 buyers met</source>
        <translation>상담한 바이어 %1명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="210" />
        <source>%1 exhibitors without a meeting held</source>
        <translation>상담 없는 기업 %1곳</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="224" />
        <source>Without a meeting (%1)</source>
        <translation>상담 없는 기업 (%1)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="233" />
        <source>No consultation meetings yet: solve the schedule first, then enter the outcomes as the meetings end.</source>
        <translation>아직 상담이 없습니다: 먼저 상담 일정을 편성하고, 상담이 끝날 때마다 결과를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="254" />
        <location filename="../../expo_console/gui/consultations/results_page.py" line="276" />
        <source>Export results</source>
        <translation>성과 보고서 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="255" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="255" />
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="274" />
        <source>Not saved</source>
        <translation>저장하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_page.py" line="278" />
        <source>Results saved: %1</source>
        <translation>성과 보고서를 저장했습니다: %1</translation>
    </message>
</context>
<context>
    <name>ResultsTables</name>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="32" />
        <source>Planned</source>
        <translation>배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="32" />
        <source>Held</source>
        <translation>상담</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="33" />
        <source>No-shows</source>
        <translation>노쇼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="33" />
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="34" />
        <source>Amount (KRW)</source>
        <translation>상담액(원)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="34" />
        <source>Contracts</source>
        <translation>계약추진 건수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="35" />
        <source>Contract amount (KRW)</source>
        <translation>계약추진액(원)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="35" />
        <source>Booth</source>
        <translation>부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="36" />
        <source>Exhibitor</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="36" />
        <source>Sector</source>
        <translation>분야</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="37" />
        <source>Requests</source>
        <translation>요청</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="37" />
        <source>Why</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="38" />
        <source>Buyer company</source>
        <translation>바이어 회사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="38" />
        <source>Country</source>
        <translation>국가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="39" />
        <source>Day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="39" />
        <source>Total</source>
        <translation>합계</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="41" />
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="41" />
        <source>Viewers</source>
        <translation>시청자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="41" />
        <source>Peak viewers</source>
        <translation>최고 동시 시청</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="42" />
        <source>Orders</source>
        <translation>주문</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="42" />
        <source>Sales (KRW)</source>
        <translation>판매액(원)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="43" />
        <source>Photos delivered</source>
        <translation>전달 사진</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="43" />
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="44" />
        <source>Day and time</source>
        <translation>일시</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="44" />
        <source>Set</source>
        <translation>세트</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="58" />
        <source>Only no-shows or cancelled</source>
        <translation>노쇼·취소만</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="59" />
        <source>Requested, not scheduled</source>
        <translation>요청 있으나 미배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="60" />
        <source>Outcome pending</source>
        <translation>결과 대기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="61" />
        <source>Meetings on other days</source>
        <translation>다른 날 상담</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="62" />
        <source>No request</source>
        <translation>요청 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="149" />
        <source>Erased buyer</source>
        <translation>삭제된 바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/results_tables.py" line="150" />
        <source>No company given</source>
        <translation>회사 미기재</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <location filename="../../expo_console/gui/personal_data/retention_dialog.py" line="39" />
        <source>Retention period</source>
        <translation>보존 기간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/retention_dialog.py" line="43" />
        <source>How long the visitors' personal data is kept after the event. From the retention date it may be purged, and the organizer is reminded to; the figures stay.</source>
        <translation>행사가 끝난 뒤 방문자 개인정보를 보관하는 기간입니다. 보존 기한부터 파기할 수 있고, 주최자에게 파기를 알려 줍니다. 통계는 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/retention_dialog.py" line="49" />
        <source> days</source>
        <translation>일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/retention_dialog.py" line="57" />
        <source>Kept after the last day (%1)</source>
        <translation>종료일(%1) 뒤 보관 기간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/retention_dialog.py" line="58" />
        <source>Retention date</source>
        <translation>보존 기한</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/retention_dialog.py" line="76" />
        <source>This date has passed: the personal data may be purged now (Event ▸ Purge personal data…).</source>
        <translation>이 날짜가 지났습니다: 지금 개인정보를 파기할 수 있습니다 (행사 ▸ 개인정보 파기…).</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="175" />
        <source>Change role</source>
        <translation>역할 변경</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="176" />
        <source>%1's new role. It applies from their next sign-in; a desk where they are signed in now keeps the old role until they sign out.</source>
        <translation>%1 님의 새 역할입니다. 다음 로그인부터 적용되며, 지금 로그인해 있는 데스크는 로그아웃할 때까지 이전 역할을 유지합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="178" />
        <source>Change</source>
        <translation>변경</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/operators_dialog.py" line="185" />
        <source>&amp;Role</source>
        <translation>역할(&amp;R)</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../expo_console/gui/role_view.py" line="16" />
        <source>organizer</source>
        <translation>주최자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/role_view.py" line="17" />
        <source>registration</source>
        <translation>등록 담당</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/role_view.py" line="18" />
        <source>gate</source>
        <translation>게이트 담당</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/role_view.py" line="19" />
        <source>viewer</source>
        <translation>열람자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/role_view.py" line="26" />
        <source>not signed in</source>
        <translation>로그인 안 됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/role_view.py" line="36" />
        <source>Not for the %1 role: sign in as an organizer to do this.</source>
        <translation>%1 역할은 할 수 없습니다: 주최자로 로그인하세요.</translation>
    </message>
</context>
<context>
    <name>RuleText</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="18" />
        <source>Overlapping booths</source>
        <translation>부스 겹침</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="19" />
        <source>Outside the hall</source>
        <translation>전시장 밖</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="20" />
        <source>On a fixed obstacle</source>
        <translation>고정 장애물 위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="21" />
        <source>In a door's clear strip</source>
        <translation>출입구 앞 비움 구역 침범</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="22" />
        <source>Aisle too narrow</source>
        <translation>통로 폭 부족</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="23" />
        <source>Too far from an exit</source>
        <translation>비상구까지 너무 멂</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="24" />
        <source>Dead-end aisle too long</source>
        <translation>막다른 통로가 너무 김</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="25" />
        <source>Zone exits too narrow</source>
        <translation>구역 출구 폭 부족</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="33" />
        <source>Overlaps %1 by %2 m²</source>
        <translation>%1과 %2 m² 겹침</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="35" />
        <source>Outside the hall by %1 m</source>
        <translation>전시장 밖으로 %1 m 나감</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="37" />
        <source>Covers %1 (%2 m²)</source>
        <translation>%1을 덮음 (%2 m²)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="39" />
        <source>%1 m into the %2 m clear strip in front of %3</source>
        <translation>%3 앞 비움 구역(%2 m)을 %1 m 침범</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="42" />
        <source>the wall</source>
        <translation>벽</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="43" />
        <source>Aisle to %1 is %2 m; the rule asks %3 m (%4 m short)</source>
        <translation>%1까지 통로 폭 %2 m, 규정 %3 m (%4 m 부족)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="48" />
        <source>%1 m² of floor is walled in by booths: no way out</source>
        <translation>바닥 %1 m²가 부스에 갇혀 나갈 길이 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="49" />
        <source>Floor %1 m from the nearest exit; the rule allows %2 m (%3 m² too far)</source>
        <translation>가장 가까운 비상구까지 %1 m, 규정 %2 m (%3 m²가 너무 멂)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="52" />
        <source>Dead-end aisle %1 m long; the rule allows %2 m</source>
        <translation>막다른 통로 길이 %1 m, 규정 %2 m</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/rule_text.py" line="55" />
        <source>%1 needs %2 m of exits for its capacity, has %3 m</source>
        <translation>%1은 수용 인원에 맞춰 출구 폭 %2 m가 필요한데 %3 m뿐</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="331" />
        <source>Layout rules</source>
        <translation>배치 규정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="335" />
        <source>Clear strip at doors</source>
        <translation>출입구 앞 비움 깊이</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="336" />
        <source>Narrowest aisle</source>
        <translation>최소 통로 폭</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="337" />
        <source>Longest walk to an exit</source>
        <translation>비상구까지 최대 보행거리</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="338" />
        <source>Longest dead-end aisle</source>
        <translation>막다른 통로 최대 길이</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="339" />
        <source>Exit width per person</source>
        <translation>1인당 출구 폭</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/hall_actions.py" line="340" />
        <source>Floor area per person</source>
        <translation>1인당 바닥 면적</translation>
    </message>
</context>
<context>
    <name>RulesSection</name>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="176" />
        <source>By request time (first come, first served)</source>
        <translation>신청 순서(선착순)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="177" />
        <source>By the priority I set (1 first), then request time</source>
        <translation>지정한 우선순위(1이 먼저), 다음은 신청 순서</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="180" />
        <source>e.g. the products to show, price list, a staff member who presents</source>
        <translation>예: 소개할 제품, 가격표, 발표할 직원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="183" />
        <source>e.g. Hall A, live-commerce studio beside the main stage</source>
        <translation>예: A홀 메인 무대 옆 라이브커머스 스튜디오</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="188" />
        <source>Save the rules</source>
        <translation>규칙 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="195" />
        <source>%1 at most per exhibitor</source>
        <translation>회까지 · 업체당 %1 최대 횟수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="197" />
        <source>Limit</source>
        <translation>횟수 제한</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="198" />
        <source>Who goes first</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="199" />
        <source>What to bring</source>
        <translation>준비물</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="200" />
        <source>Where to come</source>
        <translation>오실 곳</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="204" />
        <source>Rules</source>
        <translation>규칙</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/setup_page.py" line="227" />
        <source>Saved. A new solve follows the rules; the confirmations print them.</source>
        <translation>저장했습니다. 다음 배정부터 이 규칙을 따르고, 확인서에 인쇄됩니다.</translation>
    </message>
</context>
<context>
    <name>SavedNotice</name>
    <message>
        <location filename="../../expo_console/gui/personal_data/saved_notice.py" line="22" />
        <source>Saved to %1</source>
        <translation>저장했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/personal_data/saved_notice.py" line="28" />
        <source>Open folder</source>
        <translation>폴더 열기</translation>
    </message>
</context>
<context>
    <name>ScheduleModel</name>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="49" />
        <source>Held</source>
        <translation>상담 완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="51" />
        <source>No-show</source>
        <translation>노쇼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="53" />
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="55" />
        <source>Buyer arrived</source>
        <translation>바이어 도착</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/grid_model.py" line="56" />
        <source>Scheduled</source>
        <translation>예정</translation>
    </message>
</context>
<context>
    <name>SchedulePage</name>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="82" />
        <source>Solve the schedule for every day or one day (Ctrl+R)</source>
        <translation>전체 일자 또는 하루의 상담 일정을 편성합니다 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="83" />
        <source>Lock the meeting where it is, so a new solve keeps it there (L)</source>
        <translation>상담을 이 자리에 고정합니다. 다시 편성해도 옮겨지지 않습니다 (L)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="84" />
        <source>Take the meeting out of the schedule (Delete; Ctrl+Z puts it back)</source>
        <translation>상담을 일정표에서 뺍니다 (Delete, Ctrl+Z로 되돌림)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="100" />
        <source>Each card: the buyer (bold) above the exhibitor.</source>
        <translation>카드: 위는 바이어(굵게), 아래는 참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="102" />
        <source>Scheduled</source>
        <translation>예정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="102" />
        <source>Buyer arrived</source>
        <translation>바이어 도착</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="103" />
        <source>Held</source>
        <translation>상담 완료</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="103" />
        <source>No-show</source>
        <translation>노쇼</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="104" />
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="112" />
        <source>interpreter (the buyer's language; red outline: none assigned) · padlock: locked, a new solve keeps it</source>
        <translation>통역 (바이어의 언어, 빨간 테두리: 통역사 미배정) · 자물쇠: 고정, 다시 편성해도 유지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="127" />
        <source>No consultation session is set: set each day's hours on the Setup page, then solve.</source>
        <translation>상담 시간이 정해지지 않았습니다: 준비 화면에서 날짜별 상담 시간을 정한 뒤 편성하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="129" />
        <source>The zone has no tables: place them on the Setup page, then solve.</source>
        <translation>상담존에 테이블이 없습니다: 준비 화면에서 테이블을 배치한 뒤 편성하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="131" />
        <source>No meetings on this day yet: Solve… (Ctrl+R) places the requests.</source>
        <translation>이 날은 아직 상담이 없습니다: 일정 편성…(Ctrl+R)이 요청을 배정합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="133" />
        <source>%1 meetings of this day are at a time or table the session no longer has (it changed after the solve): solve the day again, or see them in the lists.</source>
        <translation>이 날 상담 %1건이 지금의 상담 시간에 없는 시간이나 테이블에 있습니다 (편성 후 시간이 바뀜): 이 날을 다시 편성하거나 바이어·기업별 목록에서 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="137" />
        <source>%1 meetings · %2 locked · %3 with an interpreter</source>
        <translation>상담 %1건 · 고정 %2건 · 통역 %3건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="80" />
        <source>Drag a meeting to another time or table (or Space, the arrows, Enter). L locks, Delete removes, Ctrl+Z undoes. A red cell says why it cannot go there.</source>
        <translation>상담을 다른 시간이나 테이블로 끌어 옮기세요 (또는 Space, 화살표, Enter). L 고정, Delete 삭제, Ctrl+Z 실행 취소. 빨간 칸에는 옮길 수 없는 이유가 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="165" />
        <source>Looking for the schedule with the most and best-ranked meetings, and a fair share for every exhibitor…</source>
        <translation>상담을 가장 많이, 희망 순위가 높은 순으로, 모든 참가기업에 고르게 배정하는 일정을 찾고 있습니다…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="85" />
        <source>Moved to %1, table %2, and locked there. Ctrl+Z puts it back.</source>
        <translation>%1, %2번 테이블로 옮기고 고정했습니다. Ctrl+Z로 되돌립니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="86" />
        <source>The meeting of %1 is removed. Ctrl+Z puts it back.</source>
        <translation>%1 님 상담을 뺐습니다. Ctrl+Z로 되돌립니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="87" />
        <source>Move the meeting of %1</source>
        <translation>%1 님 상담 이동</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="88" />
        <source>Lock the meeting of %1</source>
        <translation>%1 님 상담 고정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="89" />
        <source>Unlock the meeting of %1</source>
        <translation>%1 님 상담 고정 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="90" />
        <source>Remove the meeting of %1</source>
        <translation>%1 님 상담 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="143" />
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="145" />
        <source>Meetings of %1</source>
        <translation>%1 상담 일정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="164" />
        <source>Solve the schedule</source>
        <translation>상담 일정 편성</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="164" />
        <source>Every day with a session</source>
        <translation>상담이 있는 모든 날</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="164" />
        <source>Solving the schedule</source>
        <translation>상담 일정 편성 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="167" />
        <source>Locked meetings, and meetings with an arrival or an outcome, stay where they are. The other meetings of the days solved are replaced by the new schedule.</source>
        <translation>고정된 상담과 도착·결과가 기록된 상담은 그대로 남습니다. 편성하는 날의 나머지 상담은 새 일정으로 바뀝니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="169" />
        <source>fair share %1 · weight %2</source>
        <translation>공정 배분 %1건 · 가중치 %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/schedule_page.py" line="175" />
        <source>Solved: %1 meetings in the schedule.</source>
        <translation>편성 완료: 일정표의 상담 %1건.</translation>
    </message>
</context>
<context>
    <name>ServiceText</name>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="25" />
        <source>'%1' is not a language code: use two letters, e.g. ko, en, zh, ja, vi.</source>
        <translation>'%1'은(는) 언어 코드가 아닙니다: ko, en, zh, ja, vi처럼 두 글자로 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="28" />
        <source>An exhibitor needs at least one seat (a representative at a table).</source>
        <translation>참가기업은 상담 인원이 한 명 이상이어야 합니다 (테이블에 앉을 담당자).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="30" />
        <source>An interpreter needs a name.</source>
        <translation>통역사 이름을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="32" />
        <source>Name the languages the interpreter speaks besides Korean (e.g. zh, ja, vi).</source>
        <translation>통역사가 한국어 외에 하는 언어를 입력하세요 (예: zh, ja, vi).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="35" />
        <source>%1 is not a day of the event.</source>
        <translation>%1은(는) 행사 기간이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="37" />
        <source>The session must end after it starts.</source>
        <translation>상담 종료 시간은 시작 시간보다 늦어야 합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="39" />
        <source>A slot lasts between 5 and 240 minutes (30 is usual).</source>
        <translation>상담 단위는 5분에서 240분 사이입니다 (보통 30분).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="41" />
        <source>The break at %1 must end after it starts.</source>
        <translation>%1 휴식의 종료 시간은 시작 시간보다 늦어야 합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="43" />
        <source>The floor plan has no consultation zone: draw one (zone kind Consultation) in the Floor plan workspace first.</source>
        <translation>배치도에 상담존이 없습니다: 먼저 배치도 화면에서 구역(종류: 상담)을 그리세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="47" />
        <source>Tables %1 still have meetings: move them to other tables in the schedule first, or place at least %2 tables.</source>
        <translation>%1번 테이블에 아직 상담이 있습니다: 먼저 일정표에서 다른 테이블로 옮기거나, 테이블을 %2개 이상 배치하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="51" />
        <source>The consultation zone holds %1 tables at most, not %2: enlarge the zone on the floor plan or place fewer tables.</source>
        <translation>상담존에는 테이블을 최대 %1개까지 놓을 수 있습니다 (%2개는 불가): 배치도에서 상담존을 넓히거나 테이블 수를 줄이세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="54" />
        <source>A rank is 1 (the first wish) or more.</source>
        <translation>순위는 1(1순위) 이상입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="56" />
        <source>This meeting is no longer in the schedule: it was removed, perhaps at another desk.</source>
        <translation>이 상담은 일정표에 더 이상 없습니다: 다른 데스크에서 삭제했을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="59" />
        <source>This meeting has an arrival or an outcome: mark it cancelled instead of removing it.</source>
        <translation>도착이나 결과가 기록된 상담입니다: 삭제하지 말고 취소로 표시하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="62" />
        <source>No consultation session is set: set each day's hours (start, end, slot length) on the Setup page first.</source>
        <translation>상담 시간이 정해지지 않았습니다: 먼저 준비 화면에서 날짜별 상담 시간(시작, 종료, 상담 단위)을 정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="65" />
        <source>The zone has no tables: place the consultation tables in the zone on the Setup page first.</source>
        <translation>상담존에 테이블이 없습니다: 먼저 준비 화면에서 상담 테이블을 배치하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="68" />
        <source>There are no requests: import the buyers' and exhibitors' requests (or enter them) on the Setup page first.</source>
        <translation>상담 요청이 없습니다: 먼저 준비 화면에서 바이어와 참가기업의 요청을 가져오거나 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="72" />
        <source>There are %1 requests but only %2 table-slots (%3 tables × %4 slots): add tables or hours, or some requests stay unmet.</source>
        <translation>요청은 %1건인데 상담 자리는 %2개뿐입니다 (테이블 %3개 × 시간 %4개): 테이블이나 상담 시간을 늘리지 않으면 일부 요청은 배정되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="75" />
        <source>No interpreter speaks %1: buyers who speak it cannot be placed. Add an interpreter for it.</source>
        <translation>%1 통역사가 없습니다: 이 언어를 쓰는 바이어는 배정할 수 없습니다. 통역사를 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/service_text.py" line="105" />
        <source>Not done: it would clash with another meeting. The schedule changed meanwhile, perhaps at another desk; it is shown again as it is now.</source>
        <translation>하지 않았습니다: 다른 상담과 겹칩니다. 그사이 일정표가 (다른 데스크에서) 바뀌었을 수 있어, 지금 상태로 다시 보여 드립니다.</translation>
    </message>
</context>
<context>
    <name>SessionForm</name>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="129" />
        <source>Day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="129" />
        <location filename="../../expo_console/gui/consultations/session_section.py" line="171" />
        <source>Opening hours</source>
        <translation>운영 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="129" />
        <location filename="../../expo_console/gui/consultations/session_section.py" line="172" />
        <source>Length of a slot</source>
        <translation>시간대 길이</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="130" />
        <location filename="../../expo_console/gui/consultations/session_section.py" line="177" />
        <source>Breaks</source>
        <translation>휴식</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="130" />
        <source>Slots a day</source>
        <translation>하루 시간대 수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="146" />
        <location filename="../../expo_console/gui/consultations/session_section.py" line="151" />
        <source> min</source>
        <translation> 분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="154" />
        <source>e.g. 12:00-13:00, 15:00-15:15</source>
        <translation>예: 12:00-13:00, 15:00-15:15</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="159" />
        <source>Save for this day</source>
        <translation>이 날에 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="160" />
        <source>Save for every day</source>
        <translation>모든 날에 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="174" />
        <source>Changeover between slots</source>
        <translation>시간대 사이 교체 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="209" />
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="211" />
        <source>%1 min + %2 min changeover</source>
        <translation>%1분 + 교체 %2분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="256" />
        <source>Saved: %1 slots a day. Solve the schedule again for the new hours.</source>
        <translation>저장했습니다: 하루 %1개 시간대. 바뀐 시간에 맞게 일정을 다시 편성하세요.</translation>
    </message>
</context>
<context>
    <name>SessionSection</name>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="72" />
        <source>Write each break as 12:00-13:00, separated by commas (not '%1').</source>
        <translation>휴식 시간은 12:00-13:00처럼 쓰고 쉼표로 구분하세요 ('%1'은(는) 안 됩니다).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="285" />
        <source>No consultations this day</source>
        <translation>이 날은 상담 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="283" />
        <source>Consultation hours, day by day</source>
        <translation>날짜별 상담 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="290" />
        <source>Tables in the consultation zone</source>
        <translation>상담존 테이블</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="295" />
        <source>Place in the zone</source>
        <translation>상담존에 배치</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="300" />
        <source>Tables</source>
        <translation>테이블</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="284" />
        <source>no consultations</source>
        <translation>상담 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="322" />
        <source>The floor plan has no consultation zone. Draw one in the Floor plan workspace (zone kind: Consultation), then place the tables here.</source>
        <translation>배치도에 상담존이 없습니다. 배치도 화면에서 구역(종류: 상담)을 그린 뒤 여기서 테이블을 배치하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="328" />
        <source>%1 tables are placed in %2, numbered 1 to %1 in reading order (the zone holds up to %3).</source>
        <translation>%2에 테이블 %1개가 배치되어 있습니다. 번호는 읽는 순서대로 1번부터 %1번까지입니다 (최대 %3개).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="331" />
        <source>No tables yet: %1 holds up to %2. Choose how many and place them.</source>
        <translation>아직 테이블이 없습니다: %1에는 최대 %2개를 놓을 수 있습니다. 개수를 정해 배치하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/session_section.py" line="345" />
        <source>The consultation zone holds %1 tables at most, not %2: enlarge it on the floor plan or place fewer tables.</source>
        <translation>상담존에는 테이블을 최대 %1개까지 놓을 수 있습니다 (%2개는 불가): 배치도에서 넓히거나 테이블 수를 줄이세요.</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="62" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="144" />
        <source>Interpreters</source>
        <translation>통역사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="63" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="69" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="63" />
        <source>Languages</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="63" />
        <source>Days</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="63" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="70" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="75" />
        <source>Meetings</source>
        <translation>상담</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="64" />
        <source>Search: name, language</source>
        <translation>검색: 이름, 언어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="65" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="82" />
        <source>Add…</source>
        <translation>추가…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="66" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="72" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="77" />
        <source>Edit…</source>
        <translation>수정…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="67" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="83" />
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="68" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="145" />
        <source>Buyers</source>
        <translation>바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="69" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="74" />
        <source>Company</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="69" />
        <source>Country</source>
        <translation>국가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="69" />
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="70" />
        <source>Sources</source>
        <translation>구매 품목</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="70" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="75" />
        <source>Attends</source>
        <translation>참석일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="70" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="75" />
        <source>Requests</source>
        <translation>상담 요청</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="71" />
        <source>Search: name, company, country, language</source>
        <translation>검색: 이름, 회사, 국가, 언어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="73" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="146" />
        <source>Exhibitors</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="74" />
        <source>Booth</source>
        <translation>부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="74" />
        <source>Sector</source>
        <translation>분야</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="74" />
        <source>Seats</source>
        <translation>상담 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="75" />
        <source>Offers</source>
        <translation>취급 품목</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="76" />
        <source>Search: company, booth, sector</source>
        <translation>검색: 회사, 부스, 분야</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="78" />
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="147" />
        <source>Consultation requests</source>
        <translation>상담 요청</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="79" />
        <source>Buyer</source>
        <translation>바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="79" />
        <source>Exhibitor</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="79" />
        <source>Buyer's wish</source>
        <translation>바이어 희망 순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="80" />
        <source>Exhibitor's wish</source>
        <translation>기업 희망 순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="80" />
        <source>Mutual</source>
        <translation>상호 희망</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="80" />
        <source>Scheduled</source>
        <translation>예정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="81" />
        <source>Search: buyer, company, exhibitor</source>
        <translation>검색: 바이어, 회사, 참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="84" />
        <source>Import requests…</source>
        <translation>요청 가져오기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="88" />
        <source>Importing requests from Excel or CSV is not available in this version yet: enter them with Add…</source>
        <translation>이 버전에서는 아직 엑셀이나 CSV 파일로 요청을 가져올 수 없습니다: 추가…로 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="143" />
        <source>Hours and tables</source>
        <translation>상담 시간·테이블</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="155" />
        <source>mutual</source>
        <translation>상호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="155" />
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="176" />
        <source>Remove interpreter</source>
        <translation>통역사 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="177" />
        <source>Remove %1? Their meetings keep their place without an interpreter until the schedule is solved again.</source>
        <translation>%1 님을 삭제할까요? 배정된 상담은 일정을 다시 편성할 때까지 통역 없이 그 자리에 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/setup_page.py" line="208" />
        <source>Not changed</source>
        <translation>변경되지 않음</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../expo_console/gui/sign_in.py" line="68" />
        <source>First organizer</source>
        <translation>첫 주최자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sign_in.py" line="68" />
        <location filename="../../expo_console/gui/sign_in.py" line="90" />
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sign_in.py" line="70" />
        <source>This event has no operators yet. Make its first organizer: they may do everything, and make the other operators (registration, gate, viewer).</source>
        <translation>이 행사에는 아직 운영자가 없습니다. 첫 주최자를 만드세요: 주최자는 모든 일을 할 수 있고, 다른 운영자(등록, 게이트, 열람)를 만듭니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sign_in.py" line="72" />
        <source>Sign in to work on %1.</source>
        <translation>%1 작업을 하려면 로그인하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sign_in.py" line="80" />
        <source>&amp;Name</source>
        <translation>이름(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sign_in.py" line="81" />
        <source>&amp;PIN</source>
        <translation>PIN(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sign_in.py" line="85" />
        <source>PIN &amp;again</source>
        <translation>PIN 다시(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sign_in.py" line="90" />
        <source>Create</source>
        <translation>만들기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sign_in.py" line="101" />
        <source>The two PINs differ: type the same PIN twice.</source>
        <translation>두 PIN이 다릅니다: 같은 PIN을 두 번 입력하세요.</translation>
    </message>
</context>
<context>
    <name>SlotGridModel</name>
    <message>
        <location filename="../../expo_console/gui/slot_grid/model.py" line="152" />
        <source>%1: free</source>
        <translation>%1: 비어 있음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/model.py" line="155" />
        <source>Locked: a new solve keeps it here (L unlocks).</source>
        <translation>고정됨: 일정을 다시 편성해도 이 자리에 남습니다 (L로 해제).</translation>
    </message>
</context>
<context>
    <name>SlotGridPage</name>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="129" />
        <source>Not solved</source>
        <translation>편성하지 못함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="137" />
        <source>Day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="143" />
        <source>Solve…</source>
        <translation>일정 편성…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="146" />
        <source>Lock / unlock</source>
        <translation>고정 / 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="147" />
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="202" />
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="202" />
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="223" />
        <source>Undone: %1</source>
        <translation>실행 취소: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="223" />
        <source>Done again: %1</source>
        <translation>다시 실행: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="289" />
        <source>Unlock</source>
        <translation>고정 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="289" />
        <source>Lock</source>
        <translation>고정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/page.py" line="353" />
        <source>Solving…</source>
        <translation>편성 중…</translation>
    </message>
</context>
<context>
    <name>SlotGridView</name>
    <message>
        <location filename="../../expo_console/gui/slot_grid/view.py" line="177" />
        <source>%1: where it is now.</source>
        <translation>%1: 지금 자리입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/view.py" line="179" />
        <source>Not here (%1): %2</source>
        <translation>여기는 안 됩니다 (%1): %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/view.py" line="180" />
        <source>Drop to move it to %1; it is then locked there.</source>
        <translation>놓으면 %1(으)로 옮기고 그 자리에 고정합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/view.py" line="188" />
        <source>Not moved: %1</source>
        <translation>옮기지 않음: %1</translation>
    </message>
</context>
<context>
    <name>SolveOptionsDialog</name>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="73" />
        <source>One day:</source>
        <translation>하루만:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="91" />
        <source> s</source>
        <translation> 초</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="98" />
        <source>Days</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="100" />
        <source>Time limit</source>
        <translation>제한 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="102" />
        <source>Solve</source>
        <translation>편성</translation>
    </message>
</context>
<context>
    <name>SolveProgressDialog</name>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="152" />
        <source>Schedules found</source>
        <translation>찾은 일정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="153" />
        <source>Best score so far</source>
        <translation>지금까지 최고 점수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="154" />
        <source>Seconds</source>
        <translation>경과 시간(초)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="155" />
        <source>Stop and keep the best found</source>
        <translation>멈추고 지금까지 가장 좋은 일정 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="175" />
        <source>%1 of at most %2</source>
        <translation>%1 / 최대 %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/slot_grid/solve.py" line="180" />
        <source>Stopping: the best schedule found so far is kept…</source>
        <translation>멈추는 중: 지금까지 찾은 가장 좋은 일정을 저장합니다…</translation>
    </message>
</context>
<context>
    <name>SolveSummary</name>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="30" />
        <source>The best schedule possible: the solver proved nothing better exists.</source>
        <translation>가능한 최선의 일정입니다: 더 나은 일정이 없음이 증명되었습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="32" />
        <source>The best schedule found within the time limit.</source>
        <translation>제한 시간 안에 찾은 가장 좋은 일정입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="34" />
        <source>Stopped: the best schedule found so far is saved.</source>
        <translation>중단됨: 지금까지 찾은 가장 좋은 일정을 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="36" />
        <source>The quick by-rank schedule: the solver found nothing better within the time limit.</source>
        <translation>희망 순위 순 기본 일정입니다: 제한 시간 안에 더 나은 일정을 찾지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="38" />
        <source>Not solved: locked meetings clash. Move or unlock them, then solve again.</source>
        <translation>편성하지 못했습니다: 고정된 상담끼리 겹칩니다. 옮기거나 고정을 해제한 뒤 다시 편성하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="46" />
        <source>No day both attend</source>
        <translation>양쪽이 함께 참석하는 날이 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="47" />
        <source>No interpreter for the buyer's language on a day both attend</source>
        <translation>양쪽이 참석하는 날에 바이어 언어의 통역사가 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="49" />
        <source>No room left: the tables, the exhibitor's seats or the buyer's time ran out</source>
        <translation>자리 부족: 테이블, 기업 상담 인원 또는 바이어의 시간이 모자람</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="51" />
        <source>The buyer or the exhibitor is no longer in the event</source>
        <translation>바이어나 참가기업이 행사에서 삭제됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="63" />
        <source>buyer's wish %1</source>
        <translation>바이어 %1순위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="65" />
        <source>exhibitor's wish %1</source>
        <translation>기업 %1순위</translation>
    </message>
</context>
<context>
    <name>SolveSummaryDialog</name>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="75" />
        <source>Schedule solved</source>
        <translation>상담 일정 편성 결과</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="76" />
        <source>Schedule not solved</source>
        <translation>상담 일정 편성 실패</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="87" />
        <source>Days</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="88" />
        <source>Meetings in the schedule</source>
        <translation>일정표의 상담</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="89" />
        <source>%1 (%2 new, %3 kept where they were)</source>
        <translation>%1건 (새로 %2건, 그대로 %3건)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="90" />
        <source>Requests left out</source>
        <translation>배정되지 않은 요청</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="91" />
        <source>Fairness minimum</source>
        <translation>최소 보장 상담</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="92" />
        <source>every exhibitor with a request it could meet has at least %1 meeting(s)</source>
        <translation>배정 가능한 요청이 있는 모든 참가기업이 상담 %1건 이상</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="94" />
        <source>0: some exhibitor with requests has no meeting (see the requests left out)</source>
        <translation>0: 요청이 있는데 상담이 하나도 없는 참가기업이 있습니다 (배정되지 않은 요청 참고)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="95" />
        <source>Table-slots in these days</source>
        <translation>이 기간의 상담 자리</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="96" />
        <source>Solve time</source>
        <translation>편성에 걸린 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="96" />
        <source>%1 s, %2 schedules found</source>
        <translation>%1초, 일정 %2개 찾음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/solve_summary.py" line="115" />
        <source>Requests left out, by reason</source>
        <translation>배정되지 않은 요청 (이유별)</translation>
    </message>
</context>
<context>
    <name>StationActions</name>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="62" />
        <source>This station records exits: admit visitors at an entrance, or switch the station to entry.</source>
        <translation>이 스테이션은 퇴장을 기록합니다. 입장은 입구에서 처리하거나 스테이션을 입장으로 바꾸세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="93" />
        <source>A supervisor lets this visitor out against the gate's refusal, with their own PIN.</source>
        <translation>게이트가 거부한 이 방문객을 책임자가 본인 PIN으로 승인하여 내보냅니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="95" />
        <source>A supervisor admits this visitor against the gate's refusal, with their own PIN.</source>
        <translation>게이트가 거부한 이 방문객을 책임자가 본인 PIN으로 승인하여 입장시킵니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="96" />
        <source>Supervisor override</source>
        <translation>책임자 승인 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="102" />
        <source>Supervisor's approval: %1.</source>
        <translation>책임자 승인: %1.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="115" />
        <source>No scan of this station to undo.</source>
        <translation>이 스테이션에서 취소할 스캔이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="117" />
        <source>Wrong direction</source>
        <translation>방향을 잘못 선택함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="117" />
        <source>Visitor turned back</source>
        <translation>방문자가 되돌아감</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="117" />
        <source>Scanned by mistake</source>
        <translation>잘못 스캔함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="118" />
        <source>Undo last scan</source>
        <translation>마지막 스캔 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="119" />
        <source>Why is this scan taken back? (recorded)</source>
        <translation>이 스캔을 취소하는 사유 (기록됨):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="129" />
        <source>Scan undone</source>
        <translation>스캔 취소됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="130" />
        <source>It no longer counts; it stays in the log with your reason.</source>
        <translation>집계에서 빠지며, 사유와 함께 기록에 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="146" />
        <source>This badge was already printed.</source>
        <translation>이 배지는 이미 출력했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="167" />
        <source>Badge sent to %1 — waiting for the printer.</source>
        <translation>배지를 %1(으)로 보냈습니다 — 프린터 완료 대기 중.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="169" />
        <source>Badge printed on %1.</source>
        <translation>%1에서 배지를 출력했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="171" />
        <source>Badge not printed: %1</source>
        <translation>배지가 출력되지 않았습니다: %1</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <location filename="../../expo_console/gui/checkin/supervisor_dialog.py" line="45" />
        <source>Only an organizer can approve: the organizer types their own name and PIN here, not the gate operator's.</source>
        <translation>주최 운영자만 승인할 수 있습니다. 게이트 담당자가 아니라 주최 운영자가 직접 자기 이름과 PIN을 입력합니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/supervisor_dialog.py" line="56" />
        <source>e.g. ID checked at the desk</source>
        <translation>예: 데스크에서 신분증 확인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/supervisor_dialog.py" line="58" />
        <source>Supervisor's &amp;name</source>
        <translation>책임자 이름(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/supervisor_dialog.py" line="59" />
        <source>Supervisor's &amp;PIN</source>
        <translation>책임자 PIN(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/supervisor_dialog.py" line="60" />
        <source>&amp;Reason (recorded)</source>
        <translation>사유 (기록됨)(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/supervisor_dialog.py" line="65" />
        <source>Override</source>
        <translation>승인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/supervisor_dialog.py" line="75" />
        <source>The supervisor types their own name and PIN.</source>
        <translation>책임자가 직접 본인 이름과 PIN을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/supervisor_dialog.py" line="79" />
        <source>Give the reason: it is kept in the access records.</source>
        <translation>사유를 입력하세요: 접근 기록에 남습니다.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="61" />
        <source>No hub (this file only)</source>
        <translation>허브 없음 (이 파일만)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="62" />
        <source>This event file is on no event hub: other desks do not see its changes. File ▸ Connect to hub… puts this desk on one.</source>
        <translation>이 행사 파일은 행사 허브에 없어 다른 데스크가 변경 내용을 볼 수 없습니다. 파일 ▸ 허브에 연결…로 허브에 연결하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="65" />
        <source>Hub: not syncing (the file is read-only)</source>
        <translation>허브: 동기화 안 함 (읽기 전용 파일)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="66" />
        <source>The event file is open read-only, so nothing from the hub can be written into it.</source>
        <translation>행사 파일이 읽기 전용으로 열려 있어 허브의 변경 내용을 쓸 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="68" />
        <source>Hub: not connected on this desk</source>
        <translation>허브: 이 데스크에서 연결 안 됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="69" />
        <source>This file is a copy of an event on a hub, but this desk does not know the hub's address: File ▸ Connect to hub…</source>
        <translation>이 파일은 허브에 있는 행사의 사본이지만 이 데스크는 허브 주소를 모릅니다: 파일 ▸ 허브에 연결…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="72" />
        <source>Hub: connecting…</source>
        <translation>허브: 연결하는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="74" />
        <source>Hub: syncing %1 of %2 changes…</source>
        <translation>허브: 변경 %2건 중 %1건 동기화 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="76" />
        <source>Catching up with the other desks' changes. Keep working: the window stays usable.</source>
        <translation>다른 데스크의 변경 내용을 받아 오는 중입니다. 작업을 계속하세요: 창은 그대로 쓸 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="79" />
        <source>Hub: connected · synced %1</source>
        <translation>허브: 연결됨 · 마지막 동기화 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="80" />
        <source>This desk and the other desks see each other's changes within seconds.</source>
        <translation>이 데스크와 다른 데스크가 몇 초 안에 서로의 변경 내용을 봅니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="83" />
        <source>Hub: offline since %1 — %2</source>
        <translation>허브: %1부터 오프라인 — %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="85" />
        <source>This desk keeps working on its own file and sends what waits as soon as the hub answers again.</source>
        <translation>이 데스크는 자기 파일로 계속 작업하고, 허브가 다시 응답하면 대기 중인 변경을 보냅니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="87" />
        <source>Hub: sync failed — trying again</source>
        <translation>허브: 동기화 실패 — 다시 시도하는 중</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="91" />
        <source>1 change waiting</source>
        <translation>대기 중인 변경 1건</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/status.py" line="92" />
        <source>%1 changes waiting</source>
        <translation>대기 중인 변경 %1건</translation>
    </message>
</context>
<context>
    <name>SyncedCopyLabel</name>
    <message>
        <location filename="../../expo_console/gui/sync/synced_copy.py" line="36" />
        <source>The figures count every desk's scans as this desk's copy of the event holds them: the other desks' scans as of the last sync with the hub.</source>
        <translation>수치는 이 데스크의 행사 사본에 있는 모든 데스크의 스캔으로 셉니다: 다른 데스크의 스캔은 허브와 마지막으로 동기화한 시점까지입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/synced_copy.py" line="47" />
        <source>Synced copy: not synced yet</source>
        <translation>동기화 사본: 아직 동기화 전</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/sync/synced_copy.py" line="51" />
        <source>Synced copy as of %1</source>
        <translation>동기화 사본 %1 기준</translation>
    </message>
</context>
<context>
    <name>TileRow</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="78" />
        <source>In the hall now</source>
        <translation>현재 홀 내 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="79" />
        <source>Admitted today</source>
        <translation>오늘 입장객</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="80" />
        <source>Unique visitors per zone</source>
        <translation>구역별 순방문자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="81" />
        <source>Buyers on site</source>
        <translation>현장 바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="82" />
        <source>Exits inferred</source>
        <translation>추정 퇴장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="83" />
        <source>Peak hour</source>
        <translation>피크 시간대</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="92" />
        <source>of %1 (%2)</source>
        <translation>수용 %1명 중 (%2)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="94" />
        <source>%1 entries through the gates</source>
        <translation>게이트 입장 %1회</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="100" />
        <source>domestic and overseas buyers</source>
        <translation>국내·해외 바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="104" />
        <source>%1 of %2 exits nobody scanned</source>
        <translation>퇴장 %2건 중 %1건은 스캔 없이 추정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="108" />
        <source>nobody yet</source>
        <translation>아직 입장 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/tiles.py" line="111" />
        <source>%1 came in</source>
        <translation>%1명 입장</translation>
    </message>
</context>
<context>
    <name>TrafficCharts</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="105" />
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="108" />
        <source>Zone</source>
        <translation>구역</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="110" />
        <source>Per</source>
        <translation>단위</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="113" />
        <source>People</source>
        <translation>인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="116" />
        <source>Entries</source>
        <translation>입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="118" />
        <source>Exits (scanned and inferred)</source>
        <translation>퇴장 (스캔 및 추정)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="126" />
        <source>Entries &amp;&amp; exits</source>
        <translation>입장·퇴장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="131" />
        <source>% of capacity</source>
        <translation>수용 인원 대비 %</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="138" />
        <source>Occupancy</source>
        <translation>점유율</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="140" />
        <source>Admitted</source>
        <translation>입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="143" />
        <source>Visitor classes</source>
        <translation>방문객 구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="145" />
        <source>Minutes</source>
        <translation>분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/charts.py" line="148" />
        <source>Median stay</source>
        <translation>체류 시간 중앙값</translation>
    </message>
</context>
<context>
    <name>TrafficSettingsDialog</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="37" />
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="88" />
        <source>Counting settings</source>
        <translation>계수 설정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="42" />
        <source>from the area (%1)</source>
        <translation>면적 기준 (%1명)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="50" />
        <source> a minute</source>
        <translation> 명/분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="53" />
        <source>Hall capacity</source>
        <translation>홀 수용 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="54" />
        <source>Hall closes (everyone still counted inside leaves)</source>
        <translation>홀 마감 (남은 인원은 퇴장 처리)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="55" />
        <source>One scanning lane handles</source>
        <translation>스캔 통로 1개 처리량</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="61" />
        <source> min</source>
        <translation> 분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="65" />
        <source>Dwell timeout: a visit nobody scanned out of ends after</source>
        <translation>체류 제한 시간: 퇴장 스캔이 없으면 이 시간 뒤 퇴장으로 봅니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/settings_dialog.py" line="73" />
        <source>Zone capacities are set on the floor plan (select the zone).</source>
        <translation>구역 수용 인원은 배치도에서 구역을 선택해 정합니다.</translation>
    </message>
</context>
<context>
    <name>UnplacedExhibitorsModel</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/models.py" line="41" />
        <source>Exhibitor</source>
        <translation>참가기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/models.py" line="41" />
        <source>Section</source>
        <translation>분야</translation>
    </message>
</context>
<context>
    <name>UnusualView</name>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="61" />
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="61" />
        <source>Operator</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="61" />
        <source>What</source>
        <translation>내용</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="72" />
        <source>Show these &amp;records</source>
        <translation>이 기록 보기(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="75" />
        <source>List the access records this finding was read from</source>
        <translation>이 항목의 근거가 된 접근 기록을 봅니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="80" />
        <source>&amp;Day</source>
        <translation>날짜(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="121" />
        <source>today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="122" />
        <source>Nothing unusual in the access records of %1.</source>
        <translation>%1의 접근 기록에 이상한 점이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="123" />
        <source>%1 things to look at in the access records of %2.</source>
        <translation>%2의 접근 기록에서 살펴볼 항목 %1건.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/access_records/unusual.py" line="129" />
        <source>Unusual, as this event's settings say: more than %1 phone numbers revealed by one operator in a day; personal data exported at night (%2); more than %3 wrong PINs for one operator, and every lockout; more than %4 visitors deleted by one operator in a day; a purge.</source>
        <translation>이 행사 설정의 이상 접근 기준: 한 운영자가 하루에 전화번호를 %1건 넘게 열람; 야간(%2)의 개인정보 내보내기; 한 운영자의 PIN 오류 %3번 초과와 모든 잠김; 한 운영자가 하루에 방문자를 %4명 넘게 삭제; 개인정보 파기.</translation>
    </message>
</context>
<context>
    <name>ViolationsModel</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/models.py" line="88" />
        <source>Rule</source>
        <translation>규정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/models.py" line="88" />
        <source>Where and by how much</source>
        <translation>위치와 초과 정도</translation>
    </message>
</context>
<context>
    <name>VisitorFilterBar</name>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="21" />
        <source>All classes</source>
        <translation>모든 구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="33" />
        <source>Badge: all</source>
        <translation>배지: 전체</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="33" />
        <source>Badge printed</source>
        <translation>배지 출력됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="33" />
        <source>Badge not printed</source>
        <translation>배지 미출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="34" />
        <source>Check-in: all</source>
        <translation>입장: 전체</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="34" />
        <source>Checked in</source>
        <translation>입장함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="34" />
        <source>Not checked in</source>
        <translation>미입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="39" />
        <source>Simulated: hidden</source>
        <translation>시뮬레이션: 숨김</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="39" />
        <source>Simulated: shown</source>
        <translation>시뮬레이션: 표시</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="40" />
        <source>Simulated only</source>
        <translation>시뮬레이션만</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="42" />
        <source>Visitors a simulated day made up for the demo or training</source>
        <translation>데모나 교육용 시뮬레이션으로 만들어진 방문자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/filter_bar.py" line="76" />
        <source>All companies</source>
        <translation>모든 회사</translation>
    </message>
</context>
<context>
    <name>VisitorForm</name>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="61" />
        <source>Name *</source>
        <translation>이름 *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="61" />
        <source>English name</source>
        <translation>영문 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="61" />
        <source>Company</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="62" />
        <source>Title</source>
        <translation>직함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="62" />
        <source>Mobile</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="62" />
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="63" />
        <source>Country</source>
        <translation>국가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="80" />
        <source>Class</source>
        <translation>구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="82" />
        <source>Consents</source>
        <translation>동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="85" />
        <source>(Required) Collection and use of personal data</source>
        <translation>(필수) 개인정보 수집·이용 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="86" />
        <source>(Optional) Provision to exhibitors</source>
        <translation>(선택) 제3자(출품기업) 제공 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="87" />
        <source>(Optional) Marketing information</source>
        <translation>(선택) 마케팅 정보 수신 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="95" />
        <source>Save (Ctrl+S)</source>
        <translation>저장 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="99" />
        <source>New walk-in (Ctrl+N)</source>
        <translation>새 현장 등록 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="168" />
        <source>Walk-in registration</source>
        <translation>현장 등록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="182" />
        <source>Edit visitor</source>
        <translation>방문자 수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="240" />
        <source>Not saved: correct the marked fields.</source>
        <translation>저장하지 못했습니다: 표시된 항목을 고치세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="246" />
        <source>Not saved: a probable duplicate exists.</source>
        <translation>저장하지 않았습니다: 중복으로 보이는 방문자가 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="250" />
        <source>Saved: %1</source>
        <translation>저장했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="264" />
        <source>same e-mail</source>
        <translation>같은 이메일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="265" />
        <source>same phone</source>
        <translation>같은 전화번호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="266" />
        <source>same name and company</source>
        <translation>같은 이름과 회사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="269" />
        <source>Probable duplicate</source>
        <translation>중복 가능성</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="270" />
        <source>This visitor may already be registered:</source>
        <translation>이미 등록된 방문자일 수 있습니다:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="271" />
        <source>Save as a separate visitor anyway?</source>
        <translation>그래도 별도 방문자로 저장할까요?</translation>
    </message>
</context>
<context>
    <name>VisitorTableModel</name>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="153" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="153" />
        <source>English name</source>
        <translation>영문 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="153" />
        <source>Company</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="153" />
        <source>Title</source>
        <translation>직함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="154" />
        <source>Class</source>
        <translation>구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="154" />
        <source>Phone</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="154" />
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="154" />
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="175" />
        <source>Masked for privacy. Use 'Show phone' to reveal it (logged).</source>
        <translation>개인정보 보호를 위해 가렸습니다. '전화번호 보기'로 확인할 수 있습니다 (기록됨).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="188" />
        <source>Blocked</source>
        <translation>차단됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="190" />
        <source>Checked in</source>
        <translation>입장함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="193" />
        <source>Badge out of date: print again</source>
        <translation>배지 정보 변경됨: 다시 출력하세요</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="195" />
        <source>Badge sent to the printer</source>
        <translation>배지 프린터로 보냄</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_table_model.py" line="197" />
        <source>Badge printed</source>
        <translation>배지 출력됨</translation>
    </message>
</context>
<context>
    <name>WaitingPanel</name>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="63" />
        <source>Free slots offered to the waiting list</source>
        <translation>대기 명단에 줄 수 있는 빈 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="95" />
        <source>Prefers %1</source>
        <translation>희망: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="101" />
        <source>Nobody is waiting: every request has a slot.</source>
        <translation>대기 중인 신청이 없습니다: 모든 신청이 예약되었습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="142" />
        <source>%1 is free: %2 did not come.</source>
        <translation>%1이(가) 비었습니다: %2 불참.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="143" />
        <source>%1 is free: %2 cancelled.</source>
        <translation>%1이(가) 비었습니다: %2 취소.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="146" />
        <source>%1 is free.</source>
        <translation>%1이(가) 비어 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="149" />
        <source>Give it to %1</source>
        <translation>%1에게 배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="151" />
        <source>The first on the waiting list whose preferred times hold %1</source>
        <translation>%1이(가) 희망 시간에 드는 대기 명단의 첫 신청</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="161" />
        <source>No free slot to offer: a no-show or a cancellation frees one; a free cell chosen in the grid is offered here too.</source>
        <translation>줄 수 있는 빈 시간이 없습니다: 불참이나 취소가 생기면 빈 시간이 생깁니다. 표에서 빈 칸을 고르면 여기에도 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/bookings/waiting_panel.py" line="163" />
        <source>Nobody waiting fits the chosen cell (their preferred times, their limit, or another booking at that time).</source>
        <translation>고른 칸에 맞는 대기 신청이 없습니다 (희망 시간, 한도, 또는 같은 시간의 다른 예약 때문).</translation>
    </message>
</context>
<context>
    <name>WalkInBox</name>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="54" />
        <source>Walk-in</source>
        <translation>현장 상담 신청</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="58" />
        <source>Buyer: name, company or country</source>
        <translation>바이어: 이름, 회사 또는 국가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="59" />
        <source>Exhibitor: name or booth</source>
        <translation>참가기업: 이름 또는 부스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="64" />
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="121" />
        <source>Place walk-in</source>
        <translation>현장 상담 배정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="70" />
        <source>This buyer wants to meet that exhibitor now:</source>
        <translation>이 바이어가 지금 이 기업과 상담을 원합니다:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="114" />
        <source>Table %1, now (%2)</source>
        <translation>%1번 테이블, 지금 (%2)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="114" />
        <source>Table %1 at %2</source>
        <translation>%1번 테이블, %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="117" />
        <source>with an interpreter</source>
        <translation>통역 포함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="120" />
        <source>Place walk-in: %1</source>
        <translation>현장 상담 배정: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/consultations/walk_in.py" line="125" />
        <source>No free table left today for both (or no interpreter free): ask them to come back tomorrow, or place the meeting in the schedule.</source>
        <translation>오늘 남은 시간대에 양쪽 모두 가능한 빈 테이블(또는 통역)이 없습니다. 내일 다시 오도록 안내하거나 일정에서 상담을 배정하세요.</translation>
    </message>
</context>
<context>
    <name>WindowRow</name>
    <message>
        <location filename="../../expo_console/gui/bookings/request_dialog.py" line="60" />
        <source>Remove this preferred time</source>
        <translation>이 희망 시간 삭제</translation>
    </message>
</context>
<context>
    <name>ZonePanel</name>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="150" />
        <source>Select a zone, or draw one (Z).</source>
        <translation>구역을 선택하거나 새로 그리세요 (Z).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="155" />
        <source>Theme zone</source>
        <translation>테마 구역</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="155" />
        <source>Consultation</source>
        <translation>상담</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="156" />
        <source>Studio</source>
        <translation>스튜디오</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="156" />
        <source>Organizer</source>
        <translation>주최</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="156" />
        <source>Section</source>
        <translation>분야</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="157" />
        <source>Other</source>
        <translation>기타</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="162" />
        <source>from the area</source>
        <translation>면적으로 계산</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="165" />
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="167" />
        <source>Delete zone</source>
        <translation>구역 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="170" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="171" />
        <source>English name</source>
        <translation>영문 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="172" />
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="173" />
        <source>Capacity</source>
        <translation>수용 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="174" />
        <source>Colour</source>
        <translation>색</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="175" />
        <source>Area</source>
        <translation>면적</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/floorplan/panels.py" line="198" />
        <source>%1 m² · %2 people at 1 per %3 m²</source>
        <translation>%1 m² · 1인당 %3 m² 기준 %2명</translation>
    </message>
</context>
<context>
    <name>ZoneTableModel</name>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="93" />
        <source>Zone</source>
        <translation>구역</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="93" />
        <source>Inside</source>
        <translation>체류</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="93" />
        <source>Full</source>
        <translation>점유율</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="93" />
        <source>Entries</source>
        <translation>입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="94" />
        <source>Exits</source>
        <translation>퇴장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="94" />
        <source>Unique</source>
        <translation>순방문</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="94" />
        <source>Stay</source>
        <translation>체류 시간</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="98" />
        <source>Zone, and the whole hall first</source>
        <translation>구역 (맨 위는 홀 전체)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="98" />
        <source>People inside now / the zone's capacity</source>
        <translation>현재 체류 인원 / 구역 수용 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="99" />
        <source>Share of capacity</source>
        <translation>수용 인원 대비 비율</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="99" />
        <source>Entries today</source>
        <translation>오늘 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="100" />
        <source>Exits today; in brackets those inferred because nobody scanned out</source>
        <translation>오늘 퇴장 (괄호: 퇴장 스캔이 없어 추정한 수)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="101" />
        <source>Different visitors who came in today</source>
        <translation>오늘 들어온 서로 다른 방문객 수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="102" />
        <source>Median stay of the visits whose end was seen</source>
        <translation>퇴장이 확인된 방문의 체류 시간 중앙값</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="115" />
        <source>Whole hall</source>
        <translation>홀 전체</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="117" />
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="123" />
        <source>%1 of %2 exits inferred (nobody scanned out)</source>
        <translation>퇴장 %2건 중 %1건 추정 (퇴장 스캔 없음)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="127" />
        <source>entered another zone</source>
        <translation>다른 구역 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="127" />
        <source>left the hall</source>
        <translation>홀 퇴장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="128" />
        <source>stayed past the dwell timeout</source>
        <translation>체류 제한 시간 초과</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="128" />
        <source>head count</source>
        <translation>수동 계수</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="129" />
        <source>hall closed</source>
        <translation>홀 마감</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/dashboard/models.py" line="131" />
        <source>Now: %1</source>
        <translation>현재: %1</translation>
    </message>
</context>
</TS>