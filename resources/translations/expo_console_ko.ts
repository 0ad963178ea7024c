<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name>BadgePanel</name>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="52" />
        <source>Badge</source>
        <translation>배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="67" />
        <source>Romanised line under Korean names</source>
        <translation>한글 이름 아래 영문 표기 줄</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="77" />
        <source>Print badge (Ctrl+P)</source>
        <translation>배지 출력 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="80" />
        <source>Printer…</source>
        <translation>프린터…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="82" />
        <source>Batch…</source>
        <translation>일괄 출력…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="118" />
        <source>Select a visitor or save a walk-in to see the badge.</source>
        <translation>방문자를 선택하거나 현장 등록을 저장하면 배지가 보입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="139" />
        <source>Not printed yet: the code is issued when the badge is printed.</source>
        <translation>아직 출력 전: 코드는 배지를 출력할 때 발급됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="141" />
        <source>Printed %1 · serial %2</source>
        <translation>출력 %1 · 일련번호 %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="144" />
        <source>Code issued, not printed yet · serial %1</source>
        <translation>코드 발급됨, 아직 출력 전 · 일련번호 %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="176" />
        <source>Cannot print the badge</source>
        <translation>배지를 출력할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="185" />
        <source>Badge printed on %1 (serial %2).</source>
        <translation>%1에서 배지를 출력했습니다 (일련번호 %2).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="188" />
        <source>Badge not printed</source>
        <translation>배지 미출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="193" />
        <source>Badge already printed</source>
        <translation>이미 출력한 배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="194" />
        <source>This visitor's badge was printed before. Print the same code again, or reissue a new code (the old badge stops working)?</source>
        <translation>이 방문자의 배지는 이미 출력했습니다. 같은 코드로 다시 출력할까요, 새 코드로 재발급할까요? (재발급하면 이전 배지는 쓸 수 없습니다)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="197" />
        <source>Reprint same code</source>
        <translation>같은 코드로 다시 출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/badge_panel.py" line="198" />
        <source>Reissue new code</source>
        <translation>새 코드로 재발급</translation>
    </message>
</context>
<context>
    <name>BatchPrintDialog</name>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="57" />
        <source>Print badges in a batch</source>
        <translation>배지 일괄 출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="63" />
        <source>Selected visitors (%1)</source>
        <translation>선택한 방문자 (%1명)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="64" />
        <source>A class:</source>
        <translation>구분:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="65" />
        <source>Everyone whose badge is not printed yet</source>
        <translation>배지를 아직 출력하지 않은 모든 방문자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="66" />
        <source>Everyone</source>
        <translation>전체 방문자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="78" />
        <source>Printer: %1</source>
        <translation>프린터: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="79" />
        <source>One PDF file:</source>
        <translation>PDF 파일 하나로:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="82" />
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="87" />
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="90" />
        <source>Cancel batch</source>
        <translation>일괄 출력 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="93" />
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="104" />
        <source>Format</source>
        <translation>용지 형식</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="123" />
        <source>Badges PDF</source>
        <translation>배지 PDF</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="144" />
        <source>Nobody to print for this choice.</source>
        <translation>이 조건에 해당하는 방문자가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="163" />
        <source>Preparing %1 badges…</source>
        <translation>배지 %1장을 준비하는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="176" />
        <source>%1 badges written to %2.</source>
        <translation>배지 %1장을 %2에 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="179" />
        <source>Sending to the printer…</source>
        <translation>프린터로 보내는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="183" />
        <source>%1 badges printed on %2.</source>
        <translation>%2에서 배지 %1장을 출력했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="186" />
        <source>Not printed: %1</source>
        <translation>출력하지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="197" />
        <source>Batch not printed</source>
        <translation>일괄 출력 실패</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/badges/batch_dialog.py" line="204" />
        <source>Cancelled: nothing was printed or written.</source>
        <translation>취소했습니다: 출력하거나 저장한 것이 없습니다.</translation>
    </message>
</context>
<context>
    <name>CheckinWorkspace</name>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="104" />
        <location filename="../../expo_console/gui/checkin/workspace.py" line="353" />
        <source>Entry</source>
        <translation>입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="104" />
        <location filename="../../expo_console/gui/checkin/workspace.py" line="353" />
        <source>Exit</source>
        <translation>퇴장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="104" />
        <source>Both (F2 switches)</source>
        <translation>입·퇴장 (F2로 전환)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="109" />
        <source>Again only after an exit</source>
        <translation>퇴장 후에만 재입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="110" />
        <source>Once per day</source>
        <translation>하루 한 번</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="110" />
        <source>Any number of entries</source>
        <translation>재입장 제한 없음</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="123" />
        <source>Station</source>
        <translation>스테이션</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="123" />
        <source>Gate</source>
        <translation>게이트</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="124" />
        <source>Direction</source>
        <translation>방향</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="124" />
        <source>Operator</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="125" />
        <source>Hall entry</source>
        <translation>홀 입장 규칙</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="130" />
        <source>Scan a badge (or type its code and press Enter)</source>
        <translation>배지를 스캔하세요 (또는 코드를 입력하고 Enter)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="161" />
        <source>Admitted today at this gate</source>
        <translation>오늘 이 게이트 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="162" />
        <source>Inside now</source>
        <translation>현재 안에 있는 인원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="163" />
        <source>Pace</source>
        <translation>처리 속도</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="164" />
        <source>Scanning</source>
        <translation>스캔 방향</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="197" />
        <source>Find visitor without badge… (Ctrl+F)</source>
        <translation>배지 없는 방문자 찾기… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="200" />
        <source>Supervisor override… (Ctrl+O)</source>
        <translation>책임자 승인 입장… (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="204" />
        <source>Print badge (Ctrl+P)</source>
        <translation>배지 출력 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="212" />
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="218" />
        <source>Camera scanning needs the optional camera extra (pip install expo-console[camera]).</source>
        <translation>카메라 스캔에는 선택 설치 항목이 필요합니다 (pip install expo-console[camera]).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="227" />
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="227" />
        <source>Scan a badge.</source>
        <translation>배지를 스캔하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="262" />
        <source>Cannot check badges</source>
        <translation>배지를 확인할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="270" />
        <source>Admission rule</source>
        <translation>입장 규칙</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="271" />
        <source>Change the hall's admission rule for every desk of this event?</source>
        <translation>이 행사의 모든 데스크에 적용되는 홀 입장 규칙을 바꿀까요?</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="323" />
        <source>First admitted %1 at %2.</source>
        <translation>처음 입장: %1, %2.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="326" />
        <source>Typed by hand, not scanned.</source>
        <translation>스캔이 아닌 직접 입력입니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/workspace.py" line="380" />
        <source>%1 scans/min · %2 s between scans</source>
        <translation>분당 %1건 · 스캔 간격 %2초</translation>
    </message>
</context>
<context>
    <name>ConsoleApp</name>
    <message>
        <location filename="../../expo_console/gui/app.py" line="69" />
        <source>Cannot open event</source>
        <translation>행사 파일을 열 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/app.py" line="75" />
        <source>Cannot create event</source>
        <translation>행사를 만들 수 없습니다</translation>
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
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="40" />
        <source>Reason (recorded), e.g. badge left at home, ID checked</source>
        <translation>사유 (기록됨), 예: 배지를 두고 옴, 신분증 확인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="41" />
        <source>Loading visitors…</source>
        <translation>방문자 목록을 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="64" />
        <source>Select the visitor in the list.</source>
        <translation>목록에서 방문자를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/find_dialog.py" line="67" />
        <source>Give the reason: it is recorded with the admission.</source>
        <translation>사유를 입력하세요: 입장 기록과 함께 저장됩니다.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="94" />
        <source>Import pre-registered visitors</source>
        <translation>사전등록자 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="106" />
        <source>File: %1</source>
        <translation>파일: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="107" />
        <source>Columns (check and correct the mapping)</source>
        <translation>열 대응 (확인하고 필요하면 고치세요)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="126" />
        <source>Check only (dry run)</source>
        <translation>검사만 하기 (저장 안 함)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="127" />
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="129" />
        <source>Cancel import</source>
        <translation>가져오기 취소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="130" />
        <source>Save report…</source>
        <translation>결과 저장…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="161" />
        <source>Reading the file…</source>
        <translation>파일을 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="174" />
        <source>— ignore —</source>
        <translation>— 가져오지 않음 —</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="180" />
        <source>(column %1)</source>
        <translation>(%1번째 열)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="181" />
        <source>Note: the file is named .xlsx but contains text (CSV); it is read as CSV.</source>
        <translation>참고: 파일 이름은 .xlsx지만 내용은 텍스트(CSV)입니다. CSV로 읽습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="182" />
        <source>%1 data rows found from row %2.</source>
        <translation>%2행부터 데이터 %1행을 찾았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="201" />
        <source>Choose which column holds the name.</source>
        <translation>이름이 들어 있는 열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="218" />
        <source>Checking…</source>
        <translation>검사하는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="218" />
        <source>Importing…</source>
        <translation>가져오는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="231" />
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="241" />
        <source>New: %1 · Updated: %2 · Unchanged: %3 · Skipped: %4</source>
        <translation>신규: %1 · 갱신: %2 · 변경 없음: %3 · 건너뜀: %4</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="246" />
        <source>Dry run, nothing stored.</source>
        <translation>검사만 했으며 저장하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="248" />
        <source>Cancelled. Rows before the cancel were stored.</source>
        <translation>취소했습니다. 취소 전까지의 행은 저장되었습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="250" />
        <source>Row %1: %2</source>
        <translation>%1행: %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="252" />
        <source>Row %1 (warning): %2</source>
        <translation>%1행 (경고): %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="254" />
        <source>No problems found.</source>
        <translation>문제가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="266" />
        <source>The import failed: %1. Nothing after the last saved batch was stored.</source>
        <translation>가져오기에 실패했습니다: %1. 마지막으로 저장된 묶음 이후는 저장되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/import_dialog.py" line="279" />
        <source>Save report</source>
        <translation>결과 저장</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../expo_console/gui/labels.py" line="15" />
        <source>Visitor</source>
        <translation>참관객</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/labels.py" line="16" />
        <source>Buyer</source>
        <translation>바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/labels.py" line="17" />
        <source>Overseas buyer</source>
        <translation>해외바이어</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/labels.py" line="18" />
        <source>Exhibitor staff</source>
        <translation>출품기업</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/labels.py" line="19" />
        <source>Press</source>
        <translation>프레스</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/labels.py" line="20" />
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/labels.py" line="21" />
        <source>Staff</source>
        <translation>운영요원</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/labels.py" line="22" />
        <source>Organizer</source>
        <translation>주최</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="90" />
        <source>[DEMO] </source>
        <translation>[데모] </translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="96" />
        <source>Registration &amp;&amp; badges</source>
        <translation>등록 &amp;&amp; 배지</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="98" />
        <source>Check-in</source>
        <translation>입장 확인</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="104" />
        <source>Desk %1 · %2</source>
        <translation>데스크 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="114" />
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="115" />
        <source>&amp;New event…</source>
        <translation>새 행사(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="116" />
        <source>&amp;Open…</source>
        <translation>열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="117" />
        <source>Open &amp;recent</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="123" />
        <source>Import badge &amp;key…</source>
        <translation>배지 키 가져오기(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="124" />
        <source>&amp;Export badge key…</source>
        <translation>배지 키 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="126" />
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="128" />
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="129" />
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="136" />
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="137" />
        <source>&amp;About Expo Console</source>
        <translation>Expo Console 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="147" />
        <source>Open event</source>
        <translation>행사 파일 열기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="157" />
        <source>Save new event as</source>
        <translation>새 행사 파일 저장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="166" />
        <source>Import badge key</source>
        <translation>배지 키 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="167" />
        <source>Badge key files (*.json *.key);;All files (*)</source>
        <translation>배지 키 파일 (*.json *.key);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="174" />
        <source>Badge key not imported</source>
        <translation>배지 키를 가져오지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="176" />
        <source>Badge key imported: this desk can print and check badges.</source>
        <translation>배지 키를 가져왔습니다: 이 데스크에서 배지를 출력하고 확인할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="183" />
        <source>Export badge key</source>
        <translation>배지 키 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="184" />
        <source>Badge key files (*.json)</source>
        <translation>배지 키 파일 (*.json)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="191" />
        <source>Badge key not exported</source>
        <translation>배지 키를 내보내지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="193" />
        <source>Badge key exported. Keep the file safe: it can sign badges.</source>
        <translation>배지 키를 내보냈습니다. 이 파일로 배지를 서명할 수 있으니 안전하게 보관하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="197" />
        <source>About Expo Console</source>
        <translation>Expo Console 정보</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="198" />
        <source>Expo Console %1
The on-site console for trade expos.</source>
        <translation>Expo Console %1
전시회 현장 운영 콘솔</translation>
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
        <location filename="../../expo_console/services/messages.py" line="32" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="33" />
        <source>English name</source>
        <translation>영문 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="34" />
        <source>Company</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="35" />
        <source>Title</source>
        <translation>직함</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="36" />
        <source>Class</source>
        <translation>구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="37" />
        <source>Phone</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="38" />
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="39" />
        <source>Country</source>
        <translation>국가</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="40" />
        <source>Notes</source>
        <translation>비고</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="41" />
        <source>Consents</source>
        <translation>동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="42" />
        <source>Consent to share with exhibitors</source>
        <translation>제3자(출품기업) 제공 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/services/messages.py" line="43" />
        <source>Consent to marketing</source>
        <translation>마케팅 정보 수신 동의</translation>
    </message>
</context>
<context>
    <name>NewEventDialog</name>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="38" />
        <location filename="../../expo_console/gui/main_window.py" line="63" />
        <location filename="../../expo_console/gui/main_window.py" line="66" />
        <source>New event</source>
        <translation>새 행사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="50" />
        <source>Event name *</source>
        <translation>행사명 *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="51" />
        <source>English name</source>
        <translation>영문 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="52" />
        <source>First day</source>
        <translation>시작일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="53" />
        <source>Last day</source>
        <translation>종료일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="54" />
        <source>Venue</source>
        <translation>장소</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="55" />
        <source>Hall</source>
        <translation>홀</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="63" />
        <source>Enter the event name.</source>
        <translation>행사명을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/main_window.py" line="66" />
        <source>The last day is before the first day.</source>
        <translation>종료일이 시작일보다 앞섭니다.</translation>
    </message>
</context>
<context>
    <name>RecentScansModel</name>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="46" />
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="46" />
        <source>Verdict</source>
        <translation>판정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="46" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="46" />
        <source>Company</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/recent_scans_model.py" line="46" />
        <source>Class</source>
        <translation>구분</translation>
    </message>
</context>
<context>
    <name>RegistrationWorkspace</name>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="86" />
        <source>Search: name, initials (ㄱㄱㅁ), English name, company, e-mail, last 4 phone digits  (Ctrl+F)</source>
        <translation>검색: 이름, 초성(ㄱㄱㅁ), 영문 이름, 회사, 이메일, 전화번호 뒤 4자리  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="92" />
        <source>All classes</source>
        <translation>모든 구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="104" />
        <source>Badge: all</source>
        <translation>배지: 전체</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="104" />
        <source>Badge printed</source>
        <translation>배지 출력됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="104" />
        <source>Badge not printed</source>
        <translation>배지 미출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="105" />
        <source>Check-in: all</source>
        <translation>입장: 전체</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="105" />
        <source>Checked in</source>
        <translation>입장함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="105" />
        <source>Not checked in</source>
        <translation>미입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="146" />
        <source>New walk-in</source>
        <translation>현장 등록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="147" />
        <source>Edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="148" />
        <source>Show phone</source>
        <translation>전화번호 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="149" />
        <source>Block / unblock</source>
        <translation>차단 / 해제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="150" />
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="151" />
        <source>Import…</source>
        <translation>가져오기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="152" />
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="153" />
        <source>Find</source>
        <translation>찾기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="154" />
        <source>Copy rows</source>
        <translation>행 복사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="155" />
        <source>Print badge</source>
        <translation>배지 출력</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="208" />
        <source>Loading visitors…</source>
        <translation>방문자 목록을 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="225" />
        <source>All companies</source>
        <translation>모든 회사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="246" />
        <source>%1 shown of %2 visitors</source>
        <translation>방문자 %2명 중 %1명 표시</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="309" />
        <location filename="../../expo_console/gui/registration/workspace.py" line="352" />
        <source>Select a visitor in the list first.</source>
        <translation>먼저 목록에서 방문자를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="361" />
        <source>Show phone number</source>
        <translation>전화번호 보기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="362" />
        <source>Reason (recorded in the audit log):</source>
        <translation>사유 (감사 기록에 남습니다):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="374" />
        <source>Block visitor</source>
        <translation>방문자 차단</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="375" />
        <source>Why is %1 blocked?</source>
        <translation>%1 님을 차단하는 사유는?</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="387" />
        <source>Delete visitor</source>
        <translation>방문자 삭제</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="388" />
        <source>Delete %1 (%2) and their badges? This cannot be undone; the deletion is logged.</source>
        <translation>%1 (%2) 님과 배지를 삭제할까요? 되돌릴 수 없으며 삭제 기록이 남습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="398" />
        <source>Import visitors</source>
        <translation>방문자 가져오기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="399" />
        <source>Visitor lists (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>방문자 명단 (*.csv *.xlsx *.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="408" />
        <source>Export visitors</source>
        <translation>방문자 내보내기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="409" />
        <source>Excel (*.xlsx);;CSV UTF-8 (*.csv)</source>
        <translation>엑셀 (*.xlsx);;CSV UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="413" />
        <source>Phone numbers</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="414" />
        <source>Write full phone numbers? Choose No to keep them masked (010-****-5678). Full numbers are logged.</source>
        <translation>전화번호 전체를 내보낼까요? '아니요'를 고르면 가려서(010-****-5678) 내보냅니다. 전체 번호 내보내기는 기록됩니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="417" />
        <source>Exporting…</source>
        <translation>내보내는 중…</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="417" />
        <source>Hide</source>
        <translation>숨기기</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="430" />
        <source>%1 visitors exported to %2</source>
        <translation>방문자 %1명을 %2에 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/workspace.py" line="434" />
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
</context>
<context>
    <name>StationActions</name>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="64" />
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="67" />
        <source>Supervisor override</source>
        <translation>책임자 승인 입장</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="64" />
        <source>Supervisor's name:</source>
        <translation>책임자 이름:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="67" />
        <source>Reason (recorded):</source>
        <translation>사유 (기록됨):</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="81" />
        <source>This badge was already printed.</source>
        <translation>이 배지는 이미 출력했습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/checkin/station_actions.py" line="93" />
        <source>Badge: %1</source>
        <translation>배지: %1</translation>
    </message>
</context>
<context>
    <name>VisitorForm</name>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="56" />
        <source>Name *</source>
        <translation>이름 *</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="56" />
        <source>English name</source>
        <translation>영문 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="56" />
        <source>Company</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="57" />
        <source>Title</source>
        <translation>직함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="57" />
        <source>Mobile</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="57" />
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="58" />
        <source>Country</source>
        <translation>국가</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="73" />
        <source>Class</source>
        <translation>구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="75" />
        <source>Consents</source>
        <translation>동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="78" />
        <source>(Required) Collection and use of personal data</source>
        <translation>(필수) 개인정보 수집·이용 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="79" />
        <source>(Optional) Provision to exhibitors</source>
        <translation>(선택) 제3자(출품기업) 제공 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="80" />
        <source>(Optional) Marketing information</source>
        <translation>(선택) 마케팅 정보 수신 동의</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="87" />
        <source>Save (Ctrl+S)</source>
        <translation>저장 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="91" />
        <source>New walk-in (Ctrl+N)</source>
        <translation>새 현장 등록 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="133" />
        <source>Walk-in registration</source>
        <translation>현장 등록</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="147" />
        <source>Edit visitor</source>
        <translation>방문자 수정</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="190" />
        <source>Not saved: correct the marked fields.</source>
        <translation>저장하지 못했습니다: 표시된 항목을 고치세요.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="198" />
        <source>Not saved: a probable duplicate exists.</source>
        <translation>저장하지 않았습니다: 중복으로 보이는 방문자가 있습니다.</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="203" />
        <source>Saved: %1</source>
        <translation>저장했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="217" />
        <source>same e-mail</source>
        <translation>같은 이메일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="218" />
        <source>same phone</source>
        <translation>같은 전화번호</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="219" />
        <source>same name and company</source>
        <translation>같은 이름과 회사</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="222" />
        <source>Probable duplicate</source>
        <translation>중복 가능성</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="223" />
        <source>This visitor may already be registered:</source>
        <translation>이미 등록된 방문자일 수 있습니다:</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/registration/visitor_form.py" line="224" />
        <source>Save as a separate visitor anyway?</source>
        <translation>그래도 별도 방문자로 저장할까요?</translation>
    </message>
</context>
<context>
    <name>VisitorTableModel</name>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="142" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="142" />
        <source>English name</source>
        <translation>영문 이름</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="142" />
        <source>Company</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="142" />
        <source>Title</source>
        <translation>직함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="143" />
        <source>Class</source>
        <translation>구분</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="143" />
        <source>Phone</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="143" />
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="143" />
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="164" />
        <source>Masked for privacy. Use 'Show phone' to reveal it (logged).</source>
        <translation>개인정보 보호를 위해 가렸습니다. '전화번호 보기'로 확인할 수 있습니다 (기록됨).</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="177" />
        <source>Blocked</source>
        <translation>차단됨</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="179" />
        <source>Checked in</source>
        <translation>입장함</translation>
    </message>
    <message>
        <location filename="../../expo_console/gui/models/visitor_table_model.py" line="181" />
        <source>Badge printed</source>
        <translation>배지 출력됨</translation>
    </message>
</context>
</TS>