<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>AcceptOnlineDialog</name>
    <message>
        <source>Tiếp nhận hồ sơ trực tuyến</source>
        <translation>Accept online dossier</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ công dân nộp trực tuyến? Hãy kiểm tra thành phần hồ sơ và các tệp đính kèm trước. Sau bước này hồ sơ được giải quyết như hồ sơ nộp trực tiếp; nếu hồ sơ không hợp lệ, chọn Từ chối.</source>
        <translation>Accept this dossier filed online? Check its documents and attached files first. After this step it is processed like a dossier filed at the desk; if it is not valid, choose Refuse.</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Accept</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Hồ sơ {code} — {name} — {procedure}</source>
        <translation>Dossier {code} — {name} — {procedure}</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Tài khoản quản trị đầu tiên: dùng để tạo tài khoản cho cán bộ. Mật khẩu ít nhất 8 ký tự.</source>
        <translation>The first administrator account: used to create accounts for officers. The password needs at least 8 characters.</translation>
    </message>
    <message>
        <source>{commune} (mã {code}, máy số {device}) đã được thiết lập nhưng chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên; mật khẩu ít nhất 8 ký tự.</source>
        <translation>{commune} (code {code}, computer no. {device}) has been set up but has no accounts yet. Create the first administrator account; the password needs at least 8 characters.</translation>
    </message>
    <message>
        <source>Quản trị viên</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>&amp;Tên đăng nhập:</source>
        <translation>&amp;Username:</translation>
    </message>
    <message>
        <source>&amp;Họ và tên:</source>
        <translation>Full na&amp;me:</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Nhập lại mật khẩu:</source>
        <translation>&amp;Confirm password:</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không khớp.</source>
        <translation>The two passwords do not match.</translation>
    </message>
</context>
<context>
    <name>CatalogueDialog</name>
    <message>
        <source>Danh mục thủ tục hành chính</source>
        <translation>Catalogue of administrative procedures</translation>
    </message>
    <message>
        <source>Gõ một phần tên hoặc mã thủ tục…</source>
        <translation>Type part of a procedure name or code…</translation>
    </message>
    <message>
        <source>&amp;Lọc:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>Đang tải danh mục…</source>
        <translation>Loading the catalogue…</translation>
    </message>
    <message>
        <source>In danh sách &amp;giấy tờ cần mang</source>
        <translation>Print the &amp;list of documents to bring</translation>
    </message>
    <message numerus="yes">
        <source>%n / {total} thủ tục</source>
        <translation>
            <numerusform>%n of {total} procedures</numerusform>
            <numerusform>%n of {total} procedures</numerusform>
        </translation>
    </message>
    <message>
        <source>Không có thủ tục nào khớp với “{text}”.</source>
        <translation>No procedure matches “{text}”.</translation>
    </message>
    <message>
        <source>Mã thủ tục</source>
        <translation>Procedure code</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Danh mục</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>Phí, lệ phí</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Chưa có thông tin phí, lệ phí</source>
        <translation>No fee information yet</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Dossier documents</translation>
    </message>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Tên giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Loại bản</source>
        <translation>Copy type</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Yêu cầu</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>Khoản</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Mức thu</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Bắt buộc</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>Nếu có</source>
        <translation>If applicable</translation>
    </message>
</context>
<context>
    <name>ChecklistDialog</name>
    <message>
        <source>Giấy tờ cần mang — {name}</source>
        <translation>Documents to bring — {name}</translation>
    </message>
    <message>
        <source>&amp;In…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>GIẤY TỜ CẦN MANG</source>
        <translation>DOCUMENTS TO BRING</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Loại bản</source>
        <translation>Copy type</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>nếu có</source>
        <translation>if applicable</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>Phí, lệ phí</source>
        <translation>Fees</translation>
    </message>
</context>
<context>
    <name>ChecklistTable</name>
    <message>
        <source>Nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Tên giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Loại bản</source>
        <translation>Copy type</translation>
    </message>
    <message>
        <source>Số bản</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Đã nhận (phím cách)</source>
        <translation>Received (Space)</translation>
    </message>
    <message>
        <source>{code} — bắt buộc</source>
        <translation>{code} — required</translation>
    </message>
    <message>
        <source>{code} — nếu có</source>
        <translation>{code} — if applicable</translation>
    </message>
    <message>
        <source>Giấy tờ khác ngoài danh mục (Delete để bỏ)</source>
        <translation>Additional document not in the catalogue (Delete to remove)</translation>
    </message>
    <message>
        <source>F2 hoặc gõ chữ cái đầu để đổi loại bản</source>
        <translation>F2 or type the first letter to change the copy type</translation>
    </message>
    <message>
        <source>Gõ số hoặc +/− để đổi số bản</source>
        <translation>Type a number or +/− to change the number of copies</translation>
    </message>
    <message>
        <source>+ Thêm giấy tờ khác… (Ctrl+T)</source>
        <translation>+ Add another document… (Ctrl+T)</translation>
    </message>
    <message>
        <source>Phím cách, Insert hoặc Ctrl+T: thêm giấy tờ ngoài danh mục</source>
        <translation>Space, Insert or Ctrl+T: add a document not in the catalogue</translation>
    </message>
</context>
<context>
    <name>ClockWarning</name>
    <message>
        <source>Tôi đã &amp;hiểu</source>
        <translation>I &amp;understand</translation>
    </message>
    <message>
        <source>Đồng hồ của máy tính này {offset} so với máy chủ. Hãy chỉnh lại ngày giờ của Windows (Cài đặt → Thời gian và ngôn ngữ → Đặt giờ tự động) hoặc báo người quản trị. Công việc vẫn tiếp tục bình thường; giờ trên máy không dùng để quyết định xung đột.</source>
        <translation>This computer&apos;s clock is {offset} compared with the server. Please correct the Windows date and time (Settings → Time &amp; language → Set time automatically) or tell the administrator. Work continues normally; this computer&apos;s time is never used to decide conflicts.</translation>
    </message>
    <message>
        <source>Không ghi nhận được: {error}</source>
        <translation>Could not record it: {error}</translation>
    </message>
</context>
<context>
    <name>CommunePage</name>
    <message>
        <source>Thông tin xã</source>
        <translation>Commune details</translation>
    </message>
    <message>
        <source>Mã định danh cơ quan theo Quyết định 20/2020/QĐ-TTg và tên đơn vị; các ô trống sẽ được điền theo mặc định.</source>
        <translation>The agency identification code under Decision 20/2020/QĐ-TTg and the unit names; empty fields are filled in with the defaults.</translation>
    </message>
    <message>
        <source>&amp;Mã định danh cơ quan:</source>
        <translation>Agency &amp;ID code:</translation>
    </message>
    <message>
        <source>dạng 000.00.00.H00, ví dụ 000.17.22.H56</source>
        <translation>format 000.00.00.H00, e.g. 000.17.22.H56</translation>
    </message>
    <message>
        <source>&amp;Tên xã:</source>
        <translation>&amp;Commune name:</translation>
    </message>
    <message>
        <source>ví dụ: Xã Pà Cò</source>
        <translation>e.g. Xã Pà Cò</translation>
    </message>
    <message>
        <source>Cơ quan &amp;chủ quản:</source>
        <translation>&amp;Governing agency:</translation>
    </message>
    <message>
        <source>để trống: UBND và tên xã</source>
        <translation>leave blank for “UBND” + the commune name</translation>
    </message>
    <message>
        <source>Tên &amp;bộ phận:</source>
        <translation>&amp;Unit name:</translation>
    </message>
    <message>
        <source>để trống: Trung tâm Phục vụ hành chính công</source>
        <translation>leave blank for “Trung tâm Phục vụ hành chính công”</translation>
    </message>
    <message>
        <source>Tỉnh (&amp;V):</source>
        <translation>Pro&amp;vince:</translation>
    </message>
    <message>
        <source>Điện thoại (&amp;P):</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>Đị&amp;a chỉ:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <source>&amp;Giờ làm việc:</source>
        <translation>&amp;Working hours:</translation>
    </message>
</context>
<context>
    <name>ConflictBanner</name>
    <message>
        <source>Đã &amp;xem</source>
        <translation>&amp;Seen</translation>
    </message>
    <message>
        <source>Ghi nhận đã xem và xử lý: các thay đổi sau của hồ sơ được gửi tiếp và hồ sơ được cập nhật theo máy chủ ở lượt đồng bộ sau.</source>
        <translation>Record that it was seen and dealt with: later changes of the dossier are sent again and the dossier is updated from the server at the next sync.</translation>
    </message>
    <message>
        <source>Không đọc được xung đột đồng bộ của hồ sơ</source>
        <translation>Could not read the sync conflicts of this dossier</translation>
    </message>
    <message>
        <source>Máy chủ cấp trên không nhận một thay đổi của hồ sơ này</source>
        <translation>The upstream server refused a change of this dossier</translation>
    </message>
    <message>
        <source>Máy chủ cấp trên không nhận {n} thay đổi của hồ sơ này</source>
        <translation>The upstream server refused {n} changes of this dossier</translation>
    </message>
    <message>
        <source>Trên máy chủ hồ sơ đang ở trạng thái: {state}.</source>
        <translation>On the server the dossier is: {state}.</translation>
    </message>
    <message>
        <source>Trạng thái trên máy chủ là trạng thái đúng. Bấm “Đã xem” để hồ sơ trên máy này được cập nhật theo máy chủ; nếu vẫn cần làm bước này, làm lại sau khi cập nhật.</source>
        <translation>The server&apos;s state is the valid one. Press “Seen” to update this computer&apos;s copy from the server; if the step is still needed, do it again after the update.</translation>
    </message>
    <message>
        <source>Chờ cấp huyện xử lý xong và trả hồ sơ về xã. Bấm “Đã xem” để hồ sơ trên máy này được cập nhật theo máy chủ.</source>
        <translation>Wait until the district has finished and returns the dossier to the commune. Press “Seen” to update this computer&apos;s copy from the server.</translation>
    </message>
    <message>
        <source>Báo quản trị cấp huyện: mã hồ sơ cần được kiểm tra. Bấm “Đã xem” sau khi đã xử lý.</source>
        <translation>Tell the district administrator: the dossier code needs checking. Press “Seen” once it is dealt with.</translation>
    </message>
    <message>
        <source>Kiểm tra lại thông tin của hồ sơ. Bấm “Đã xem” để các thay đổi sau của hồ sơ được gửi tiếp.</source>
        <translation>Check the dossier&apos;s data again. Press “Seen” so that its later changes are sent.</translation>
    </message>
    <message>
        <source>Chờ các tệp số hoá được gửi xong (xem Tình trạng đồng bộ) rồi làm lại bước này.</source>
        <translation>Wait until the scanned files have been sent (see Sync status), then do this step again.</translation>
    </message>
    <message>
        <source>Bấm “Đã xem” sau khi đã xử lý để các thay đổi sau được gửi tiếp.</source>
        <translation>Press “Seen” once it is dealt with, so that later changes are sent.</translation>
    </message>
    <message>
        <source>Bước “{step}” ({at}, {actor}) không được máy chủ ghi nhận.</source>
        <translation>The step “{step}” ({at}, {actor}) was not accepted by the server.</translation>
    </message>
    <message>
        <source>máy này</source>
        <translation>this computer</translation>
    </message>
    <message>
        <source>Chưa ghi nhận được: {error}</source>
        <translation>Not recorded yet: {error}</translation>
    </message>
</context>
<context>
    <name>DevicePage</name>
    <message>
        <source>Máy này</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>Mỗi máy tiếp nhận của xã có một số riêng từ 1 đến 9; số máy nằm trong mã hồ sơ, nên hai máy không được trùng số.</source>
        <translation>Each intake computer of the commune has its own number from 1 to 9; the number is part of the dossier code, so no two computers may share a number.</translation>
    </message>
    <message>
        <source>&amp;Số máy:</source>
        <translation>&amp;Computer number:</translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message>
        <source>Hồ sơ {code}</source>
        <translation>Dossier {code}</translation>
    </message>
    <message>
        <source>Tải lại (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Tải lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Mã hồ sơ:</source>
        <translation>Dossier code:</translation>
    </message>
    <message>
        <source>Trạng thái:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Thủ tục:</source>
        <translation>Procedure:</translation>
    </message>
    <message>
        <source>Kênh nộp:</source>
        <translation>Submitted via:</translation>
    </message>
    <message>
        <source>Nhận lúc:</source>
        <translation>Received at:</translation>
    </message>
    <message>
        <source>Hẹn trả:</source>
        <translation>Due:</translation>
    </message>
    <message>
        <source>Kết thúc xử lý:</source>
        <translation>Closed at:</translation>
    </message>
    <message>
        <source>Số bộ hồ sơ:</source>
        <translation>Number of sets:</translation>
    </message>
    <message>
        <source>Phí, lệ phí:</source>
        <translation>Fees:</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Họ tên:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Số CCCD:</source>
        <translation>Citizen ID:</translation>
    </message>
    <message>
        <source>Ngày sinh:</source>
        <translation>Date of birth:</translation>
    </message>
    <message>
        <source>Điện thoại:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Thư điện tử:</source>
        <translation>Email:</translation>
    </message>
    <message>
        <source>Trả kết quả:</source>
        <translation>Result delivery:</translation>
    </message>
    <message>
        <source>Kỹ thuật:</source>
        <translation>Technical:</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Loại bản</source>
        <translation>Copy type</translation>
    </message>
    <message>
        <source>SL</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Đã nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Đã số hóa</source>
        <translation>Digitised</translation>
    </message>
    <message>
        <source>Tái sử dụng</source>
        <translation>Reused</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Việc</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Chưa có tệp số hóa</source>
        <translation>No digitised files yet</translation>
    </message>
    <message>
        <source>&amp;Thành phần hồ sơ</source>
        <translation>&amp;Documents</translation>
    </message>
    <message>
        <source>&amp;Lịch sử xử lý</source>
        <translation>&amp;History</translation>
    </message>
    <message>
        <source>Tệp &amp;số hóa</source>
        <translation>Digitised &amp;files</translation>
    </message>
    <message>
        <source>&amp;Quét… (Ctrl+Shift+S)</source>
        <translation>&amp;Scan… (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Quét giấy tờ của thành phần đang chọn và lưu vào hồ sơ</source>
        <translation>Scan the papers of the selected item and save them to the dossier</translation>
    </message>
    <message>
        <source>Quét thành phần đang chọn</source>
        <translation>Scan the selected item</translation>
    </message>
    <message>
        <source>&amp;Mở (Enter)</source>
        <translation>&amp;Open (Enter)</translation>
    </message>
    <message>
        <source>Để quét: chọn thành phần ở thẻ Thành phần hồ sơ rồi nhấn Ctrl+Shift+S.</source>
        <translation>To scan: select an item on the Dossier documents tab, then press Ctrl+Shift+S.</translation>
    </message>
    <message numerus="yes">
        <source>%n trang</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message>
        <source>{kb} KB</source>
        <translation>{kb} KB</translation>
    </message>
    <message>
        <source>Nhiều kiểu trang</source>
        <translation>Mixed page types</translation>
    </message>
    <message>
        <source>Dùng lại bản số hóa cũ</source>
        <translation>Reused earlier digitised copy</translation>
    </message>
    <message>
        <source>Đang chờ nhận dạng chữ</source>
        <translation>Waiting for text recognition</translation>
    </message>
    <message>
        <source>Đã nhận dạng chữ</source>
        <translation>Text recognised</translation>
    </message>
    <message>
        <source>Nhận dạng chữ lỗi</source>
        <translation>Text recognition failed</translation>
    </message>
    <message>
        <source>Lưu lúc {at}, bởi {by}</source>
        <translation>Saved at {at} by {by}</translation>
    </message>
    <message>
        <source>Tệp &amp;số hóa ({n})</source>
        <translation>&amp;Digitised files ({n})</translation>
    </message>
    <message>
        <source>Không mở được tệp {name}: {error}</source>
        <translation>Cannot open file {name}: {error}</translation>
    </message>
    <message>
        <source>Chọn một thành phần hồ sơ trong danh sách rồi nhấn Ctrl+Shift+S.</source>
        <translation>Select a dossier item in the list, then press Ctrl+Shift+S.</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>{action}  ({shortcut})</source>
        <translation>{action}  ({shortcut})</translation>
    </message>
    <message>
        <source>Hồ sơ đã kết thúc ({state}): không còn bước nào để làm.</source>
        <translation>The dossier is closed ({state}): no steps remain.</translation>
    </message>
    <message>
        <source>Thao tác bị mờ là chưa được phép ở trạng thái này: nhấn phím tắt của nó để xem lý do.</source>
        <translation>Greyed-out actions are not allowed in this status: press an action’s shortcut to see why.</translation>
    </message>
    <message>
        <source>Bắt đầu giải quyết</source>
        <translation>Start processing</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung</source>
        <translation>Request supplement</translation>
    </message>
    <message>
        <source>Nhận bổ sung</source>
        <translation>Receive supplement</translation>
    </message>
    <message>
        <source>Chuyển cơ quan giải quyết</source>
        <translation>Forward to handling agency</translation>
    </message>
    <message>
        <source>Ghi nhận có kết quả</source>
        <translation>Record result ready</translation>
    </message>
    <message>
        <source>Trả kết quả</source>
        <translation>Hand back result</translation>
    </message>
    <message>
        <source>Gia hạn</source>
        <translation>Extend</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>Công dân xin rút</source>
        <translation>Citizen withdraws</translation>
    </message>
    <message>
        <source>Dừng giải quyết</source>
        <translation>Stop processing</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ trực tuyến</source>
        <translation>Accept online dossier</translation>
    </message>
    <message>
        <source>{action}: chưa đọc được hồ sơ.</source>
        <translation>{action}: the dossier could not be read.</translation>
    </message>
    <message>
        <source>{action}: hồ sơ đang được tải, xin chờ.</source>
        <translation>{action}: the dossier is loading, please wait.</translation>
    </message>
    <message>
        <source>{action}: đang lưu thao tác trước, xin chờ.</source>
        <translation>{action}: the previous action is being saved, please wait.</translation>
    </message>
    <message>
        <source>Trạng thái hiện tại: {state}.</source>
        <translation>Current status: {state}.</translation>
    </message>
    <message>
        <source>Bước này chỉ làm được khi hồ sơ ở trạng thái: {states}.</source>
        <translation>This step is only possible when the dossier’s status is: {states}.</translation>
    </message>
    <message>
        <source>Hồ sơ này đã được yêu cầu bổ sung; chỉ được yêu cầu một lần.</source>
        <translation>A supplement has already been requested for this dossier; it can be requested only once.</translation>
    </message>
    <message>
        <source>Hẹn ban đầu {original}, hẹn hiện tại {due}.</source>
        <translation>Originally due {original}, now due {due}.</translation>
    </message>
    <message>
        <source>{action}: {why}</source>
        <translation>{action}: {why}</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ {code}.</source>
        <translation>Dossier {code} not found.</translation>
    </message>
    <message>
        <source>Không đọc được hồ sơ: {error}</source>
        <translation>Could not read the dossier: {error}</translation>
    </message>
    <message>
        <source>Hồ sơ {code} — {name}</source>
        <translation>Dossier {code} — {name}</translation>
    </message>
    <message>
        <source>{state} — mã trạng thái quốc gia {national} ({national_name})</source>
        <translation>{state} — national status code {national} ({national_name})</translation>
    </message>
    <message>
        <source>{code} — {name}</source>
        <translation>{code} — {name}</translation>
    </message>
    <message>
        <source>{at}, bởi {officer}</source>
        <translation>{at}, by {officer}</translation>
    </message>
    <message>
        <source>Chưa kết thúc</source>
        <translation>Still open</translation>
    </message>
    <message>
        <source>Theo biểu phí của thủ tục (nhiều mức)</source>
        <translation>Per the procedure&apos;s fee schedule (several rates)</translation>
    </message>
    <message>
        <source>Không thu</source>
        <translation>No charge</translation>
    </message>
    <message>
        <source>{delivery}: {address}</source>
        <translation>{delivery}: {address}</translation>
    </message>
    <message>
        <source>Số thứ tự {no} · danh mục {catalog} · lịch {calendar}</source>
        <translation>Sequence no. {no} · catalogue {catalog} · calendar {calendar}</translation>
    </message>
    <message>
        <source>&amp;Thành phần hồ sơ ({n})</source>
        <translation>&amp;Documents ({n})</translation>
    </message>
    <message>
        <source>&amp;Lịch sử xử lý ({n})</source>
        <translation>&amp;History ({n})</translation>
    </message>
    <message>
        <source>{due} — ĐÃ QUÁ HẠN</source>
        <translation>{due} — OVERDUE</translation>
    </message>
    <message>
        <source>{due} — sắp đến hạn</source>
        <translation>{due} — due soon</translation>
    </message>
    <message>
        <source>Hẹn ban đầu: {due}</source>
        <translation>Originally due: {due}</translation>
    </message>
    <message>
        <source>Đã gia hạn một lần. Lý do: {reason}</source>
        <translation>Extended once. Reason: {reason}</translation>
    </message>
    <message>
        <source>Tạm dừng từ {at} — chờ công dân bổ sung</source>
        <translation>Paused since {at} — waiting for the citizen’s supplement</translation>
    </message>
    <message>
        <source>Hồ sơ đã quá hạn (hẹn trả {due}) — gửi văn bản xin lỗi và gia hạn (Ctrl+E).</source>
        <translation>The dossier is overdue (due {due}) — send a letter of apology and extend (Ctrl+E).</translation>
    </message>
    <message>
        <source>Hồ sơ đã quá hạn (hẹn trả {due}). Đã gia hạn một lần, không gia hạn thêm được: cần giải quyết ngay.</source>
        <translation>The dossier is overdue (due {due}). It has already been extended once and cannot be extended again: it must be resolved now.</translation>
    </message>
    <message>
        <source>Hồ sơ sắp đến hạn trả ({due}). Nếu không kịp, gửi văn bản xin lỗi và gia hạn trước hạn (Ctrl+E).</source>
        <translation>The dossier is due soon ({due}). If it cannot be finished in time, send a letter of apology and extend before the due date (Ctrl+E).</translation>
    </message>
    <message>
        <source>Hồ sơ sắp đến hạn trả ({due}).</source>
        <translation>The dossier is due soon ({due}).</translation>
    </message>
    <message>
        <source>Xin lỗi và gia hạn (Ctrl+E)</source>
        <translation>Apologise and extend (Ctrl+E)</translation>
    </message>
    <message>
        <source>{name} (không bắt buộc)</source>
        <translation>{name} (optional)</translation>
    </message>
    <message>
        <source>chưa nhận</source>
        <translation>not received</translation>
    </message>
    <message>
        <source>{state} (không đổi)</source>
        <translation>{state} (unchanged)</translation>
    </message>
    <message>
        <source>{before} → {after}</source>
        <translation>{before} → {after}</translation>
    </message>
    <message>
        <source>{action} ({shortcut})</source>
        <translation>{action} ({shortcut})</translation>
    </message>
    <message>
        <source>{action}: hồ sơ đang được tải lại, xin chờ.</source>
        <translation>{action}: the dossier is reloading, please wait.</translation>
    </message>
    <message>
        <source>{action}: đang lưu…</source>
        <translation>{action}: saving…</translation>
    </message>
    <message>
        <source>Đã ghi: {action}.</source>
        <translation>Saved: {action}.</translation>
    </message>
    <message>
        <source>Hẹn trả mới phải sau hẹn trả hiện tại.</source>
        <translation>The new due date must be later than the current one.</translation>
    </message>
    <message>
        <source>{action} chưa được ghi: {error}</source>
        <translation>{action} was not saved: {error}</translation>
    </message>
</context>
<context>
    <name>DossierLabels</name>
    <message>
        <source>Mới đăng ký</source>
        <translation>Newly registered</translation>
    </message>
    <message>
        <source>Được tiếp nhận</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Không được tiếp nhận</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>Processing</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung giấy tờ</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <source>Yêu cầu thực hiện nghĩa vụ tài chính</source>
        <translation>Payment of financial obligations requested</translation>
    </message>
    <message>
        <source>Công dân yêu cầu rút hồ sơ</source>
        <translation>Withdrawal requested by the citizen</translation>
    </message>
    <message>
        <source>Dừng xử lý</source>
        <translation>Processing stopped</translation>
    </message>
    <message>
        <source>Đã xử lý xong</source>
        <translation>Processed</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Result handed back</translation>
    </message>
    <message>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Qua bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <source>Nhận tại Bộ phận một cửa</source>
        <translation>Collect at the one-stop desk</translation>
    </message>
    <message>
        <source>Nhận qua bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Dossier received</translation>
    </message>
    <message>
        <source>Gia hạn thời gian giải quyết</source>
        <translation>Processing time extended</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ trực tuyến</source>
        <translation>Accept online dossier</translation>
    </message>
    <message>
        <source>Bắt đầu giải quyết</source>
        <translation>Processing started</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <source>Nhận bổ sung</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <source>Chuyển cơ quan giải quyết</source>
        <translation>Forwarded to handling agency</translation>
    </message>
    <message>
        <source>Ghi nhận có kết quả</source>
        <translation>Result ready recorded</translation>
    </message>
    <message>
        <source>Trả kết quả</source>
        <translation>Result handed back</translation>
    </message>
    <message>
        <source>Từ chối tiếp nhận</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Công dân xin rút hồ sơ</source>
        <translation>Withdrawal requested by the citizen</translation>
    </message>
    <message>
        <source>Dừng giải quyết</source>
        <translation>Processing stopped</translation>
    </message>
    <message>
        <source>Chuyển bước</source>
        <translation>Status changed</translation>
    </message>
    <message>
        <source>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <translation>Dossier receipt and result appointment</translation>
    </message>
    <message>
        <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Request to supplement and complete the dossier</translation>
    </message>
    <message>
        <source>Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
        <translation>Refusal to receive and process the dossier</translation>
    </message>
    <message>
        <source>Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết</source>
        <translation>Letter of apology and request to extend the processing time</translation>
    </message>
    <message>
        <source>Thông báo dừng giải quyết hồ sơ</source>
        <translation>Notice of stopping the processing of the dossier</translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Nhận lúc</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>(hồ sơ không còn)</source>
        <translation>(dossier no longer exists)</translation>
    </message>
    <message>
        <source>{due} · QUÁ HẠN</source>
        <translation>{due} · OVERDUE</translation>
    </message>
    <message>
        <source>{due} · sắp đến hạn</source>
        <translation>{due} · due soon</translation>
    </message>
    <message>
        <source>Hồ sơ đã quá hạn trả kết quả</source>
        <translation>The result of this dossier is overdue</translation>
    </message>
    <message>
        <source>Hồ sơ sắp đến hạn trả kết quả</source>
        <translation>The result of this dossier is due soon</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Đăng ký máy với máy chủ cấp trên</source>
        <translation>Enrol this computer with the upstream server</translation>
    </message>
    <message>
        <source>Nhập địa chỉ máy chủ cấp huyện và mã đăng ký dùng một lần do quản trị cấp huyện cấp cho máy này (hiệu lực 24 giờ). Dữ liệu trên máy được giữ nguyên.</source>
        <translation>Enter the district server&apos;s address and the one-time enrolment code the district administrator issued for this computer (valid for 24 hours). The data on this computer is kept.</translation>
    </message>
    <message>
        <source>Ví dụ: https://motcua.huyen.gov.vn</source>
        <translation>For example: https://motcua.huyen.gov.vn</translation>
    </message>
    <message>
        <source>Ví dụ: Máy bộ phận một cửa số 1</source>
        <translation>For example: One-stop desk PC 1</translation>
    </message>
    <message>
        <source>Địa chỉ &amp;máy chủ:</source>
        <translation>Server &amp;address:</translation>
    </message>
    <message>
        <source>Mã đăng &amp;ký:</source>
        <translation>Enrolment &amp;code:</translation>
    </message>
    <message>
        <source>&amp;Tên máy:</source>
        <translation>Computer &amp;name:</translation>
    </message>
    <message>
        <source>Đăng ký</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <source>Cần nhập địa chỉ máy chủ cấp trên.</source>
        <translation>Enter the upstream server&apos;s address.</translation>
    </message>
    <message>
        <source>Cần nhập mã đăng ký.</source>
        <translation>Enter the enrolment code.</translation>
    </message>
    <message>
        <source>Đang kết nối {url}…</source>
        <translation>Connecting to {url}…</translation>
    </message>
    <message>
        <source>Đã đăng ký: máy số {no} của {agency}. Đồng bộ bắt đầu ngay.</source>
        <translation>Enrolled: computer no. {no} of {agency}. Sync starts now.</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ cần có dạng https://tên-máy-chủ (hoặc http://).</source>
        <translation>The server address must look like https://server-name (or http://).</translation>
    </message>
    <message>
        <source>Mã đăng ký không đúng, đã dùng hoặc đã hết hạn. Xin quản trị cấp huyện cấp mã mới cho máy này.</source>
        <translation>The enrolment code is wrong, already used or expired. Ask the district administrator for a new code for this computer.</translation>
    </message>
    <message>
        <source>Mã đăng ký này dành cho xã khác: {detail}</source>
        <translation>This enrolment code is for another commune: {detail}</translation>
    </message>
    <message>
        <source>Không kết nối được máy chủ {url}. Kiểm tra địa chỉ, dây mạng hoặc Wi-Fi rồi thử lại.</source>
        <translation>Could not connect to the server {url}. Check the address, the network cable or Wi-Fi, then try again.</translation>
    </message>
    <message>
        <source>Địa chỉ {url} trả lời nhưng không phải máy chủ đồng bộ: có thể sai địa chỉ, hoặc mạng đang đòi đăng nhập (cổng đăng nhập Wi-Fi). Kiểm tra địa chỉ, mở trình duyệt để đăng nhập mạng rồi thử lại.</source>
        <translation>{url} answered, but it is not a sync server: the address may be wrong, or the network wants a login (a Wi-Fi login page). Check the address, open a browser to log in to the network, then try again.</translation>
    </message>
    <message>
        <source>Máy chủ không nhận phiên bản phần mềm này: cần cập nhật trước.</source>
        <translation>The server does not accept this version of the software: update it first.</translation>
    </message>
    <message>
        <source>Máy chủ đang bận hoặc lỗi tạm thời; thử lại sau ít phút.</source>
        <translation>The server is busy or has a temporary error; try again in a few minutes.</translation>
    </message>
    <message>
        <source>Không đăng ký được: {error}</source>
        <translation>Enrolment failed: {error}</translation>
    </message>
    <message>
        <source>Đang đăng ký, xin chờ…</source>
        <translation>Enrolling, please wait…</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <source>Xin lỗi và gia hạn thời gian giải quyết</source>
        <translation>Apologise and extend the processing time</translation>
    </message>
    <message>
        <source>Chỉ được gia hạn MỘT lần. Hẹn trả hiện tại: {due}. Lý do và ngày hẹn mới được in trên Văn bản xin lỗi và đề nghị gia hạn (Mẫu 04).</source>
        <translation>Only ONE extension is allowed. Current due date: {due}. The reason and the new date are printed on the Letter of apology and request for extension (Form 04).</translation>
    </message>
    <message>
        <source>Ví dụ: Cần xác minh thêm thông tin với nơi cư trú</source>
        <translation>E.g. Information must be checked further with the place of residence</translation>
    </message>
    <message>
        <source>&amp;Hẹn trả mới:</source>
        <translation>&amp;New due date:</translation>
    </message>
    <message>
        <source>&amp;Lý do chậm:</source>
        <translation>&amp;Reason for the delay:</translation>
    </message>
    <message>
        <source>Gia hạn</source>
        <translation>Extend</translation>
    </message>
    <message>
        <source>Hẹn trả mới phải sau {earliest}.</source>
        <translation>The new due date must be after {earliest}.</translation>
    </message>
    <message>
        <source>Cần ghi rõ lý do.</source>
        <translation>Please state the reason.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Thiết lập lần đầu — Một cửa</source>
        <translation>First-time setup — One-stop desk</translation>
    </message>
    <message>
        <source>&lt; &amp;Quay lại</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Tiếp &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&amp;Hoàn tất</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang lưu thiết lập…</source>
        <translation>Saving the settings…</translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>Chuyển cơ quan giải quyết</source>
        <translation>Forward to handling agency</translation>
    </message>
    <message>
        <source>Hồ sơ được chuyển đến cơ quan (bộ phận) giải quyết nào?</source>
        <translation>Which agency (or department) is the dossier forwarded to for handling?</translation>
    </message>
    <message>
        <source>Ví dụ: Công chức Tư pháp - Hộ tịch</source>
        <translation>E.g. Justice and civil status officer</translation>
    </message>
    <message>
        <source>&amp;Cơ quan giải quyết:</source>
        <translation>&amp;Handling agency:</translation>
    </message>
    <message>
        <source>Chuyển</source>
        <translation>Forward</translation>
    </message>
    <message>
        <source>Cần ghi tên cơ quan giải quyết.</source>
        <translation>Please enter the name of the handling agency.</translation>
    </message>
</context>
<context>
    <name>HandOverDialog</name>
    <message>
        <source>Trả kết quả</source>
        <translation>Hand back result</translation>
    </message>
    <message>
        <source>Kết quả gửi qua bưu chính tới: {address}. Ai đã nhận kết quả?</source>
        <translation>Result sent by post to: {address}. Who received it?</translation>
    </message>
    <message>
        <source>Ai nhận kết quả? Người nhận ký vào sổ theo dõi.</source>
        <translation>Who is collecting the result? The recipient signs the register.</translation>
    </message>
    <message>
        <source>Số CCCD, hoặc ví dụ: con trai người nộp</source>
        <translation>Citizen ID number, or e.g.: the applicant’s son</translation>
    </message>
    <message>
        <source>&amp;Người nhận:</source>
        <translation>&amp;Recipient:</translation>
    </message>
    <message>
        <source>&amp;CCCD / quan hệ:</source>
        <translation>&amp;ID / relationship:</translation>
    </message>
    <message>
        <source>Cần ghi họ tên người nhận kết quả.</source>
        <translation>Please enter the full name of the person receiving the result.</translation>
    </message>
    <message>
        <source>Cần ghi số giấy tờ của người nhận hoặc quan hệ với người nộp.</source>
        <translation>Please enter the recipient’s ID number or their relationship to the applicant.</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Receive dossier</translation>
    </message>
    <message>
        <source>Gõ tên hoặc mã thủ tục, ví dụ: khai sinh, 1.001193, chung thuc</source>
        <translation>Type a procedure name or code, e.g.: khai sinh, 1.001193, chung thuc</translation>
    </message>
    <message>
        <source>Gõ một phần tên (có dấu hay không dấu) hoặc mã; ↑/↓ để chọn, Enter để nhận.
Để trống và Enter: chọn thủ tục đầu danh sách (hay dùng nhất).</source>
        <translation>Type part of the name (with or without diacritics) or the code; ↑/↓ to choose, Enter to accept.
Leave it empty and press Enter: the first procedure in the list (the most used).</translation>
    </message>
    <message>
        <source>&amp;Thủ tục:</source>
        <translation>&amp;Procedure:</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục</source>
        <translation>No procedure selected</translation>
    </message>
    <message>
        <source>Thành &amp;phần hồ sơ</source>
        <translation>&amp;Documents</translation>
    </message>
    <message>
        <source>Phím cách: đánh dấu đã nhận · F2 hoặc gõ: đổi loại bản, số bản · +/−: số bản
Ctrl+T hoặc Insert: thêm giấy tờ khác · Delete: bỏ giấy tờ khác · Enter: sang ô kế</source>
        <translation>Space: mark as received · F2 or type: change copy type, copies · +/−: copies
Ctrl+T or Insert: add another document · Delete: remove it · Enter: next field</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>12 số (CMND cũ: 9 số)</source>
        <translation>12 digits (old ID card: 9 digits)</translation>
    </message>
    <message>
        <source>&amp;Số CCCD/CMND:</source>
        <translation>Citizen &amp;ID no.:</translation>
    </message>
    <message>
        <source>&amp;Họ và tên:</source>
        <translation>Full &amp;name:</translation>
    </message>
    <message>
        <source>dd/mm/yyyy (không bắt buộc)</source>
        <translation>dd/mm/yyyy (optional)</translation>
    </message>
    <message>
        <source>&amp;Ngày sinh:</source>
        <translation>Date of &amp;birth:</translation>
    </message>
    <message>
        <source>ví dụ 0912345678</source>
        <translation>e.g. 0912345678</translation>
    </message>
    <message>
        <source>Điện th&amp;oại:</source>
        <translation>P&amp;hone:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>Đị&amp;a chỉ:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <source>Hình thức nộp và nhận kết quả</source>
        <translation>Submission and result delivery</translation>
    </message>
    <message>
        <source>&amp;Kênh nộp:</source>
        <translation>Submission &amp;channel:</translation>
    </message>
    <message>
        <source>Nhận kết &amp;quả:</source>
        <translation>Result deli&amp;very:</translation>
    </message>
    <message>
        <source>Để trống: gửi về địa chỉ người nộp</source>
        <translation>Leave blank to send it to the applicant’s address</translation>
    </message>
    <message>
        <source>Địa chỉ &amp;bưu chính:</source>
        <translation>P&amp;ostal address:</translation>
    </message>
    <message>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Bỏ hồ sơ đang nhập, không lưu gì (Esc)</source>
        <translation>Discard the dossier being entered without saving anything (Esc)</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ (Ctrl+S)</source>
        <translation>Receive dossier (Ctrl+S)</translation>
    </message>
    <message>
        <source>Cấp mã hồ sơ, lưu và xem giấy tiếp nhận (Ctrl+S, hoặc Enter ở ô cuối)</source>
        <translation>Assign a dossier code, save and show the receipt (Ctrl+S, or Enter in the last field)</translation>
    </message>
    <message>
        <source>Dùng lại (Ctrl+R)</source>
        <translation>Reuse (Ctrl+R)</translation>
    </message>
    <message>
        <source>Bỏ qua</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Không dùng lại; cứ tiếp tục nhập là được</source>
        <translation>Don’t reuse; just keep typing</translation>
    </message>
    <message>
        <source>Dùng lại thông tin người nộp</source>
        <translation>Reuse the applicant’s details</translation>
    </message>
    <message>
        <source>Thêm giấy tờ khác</source>
        <translation>Add another document</translation>
    </message>
    <message>
        <source>In giấy tiếp nhận</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ mới</source>
        <translation>Receive a new dossier</translation>
    </message>
    <message>
        <source>In phiếu hẹn khổ 80 mm</source>
        <translation>Print 80 mm appointment slip</translation>
    </message>
    <message>
        <source>In phiếu hẹn khổ 80 mm (Ctrl+Shift+P)</source>
        <translation>Print 80 mm appointment slip (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>In giấy hẹn trên máy in hóa đơn khổ 80 mm (Ctrl+Shift+P)</source>
        <translation>Print the appointment slip on an 80 mm receipt printer (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Đang lưu hồ sơ, xin chờ…</source>
        <translation>Saving the dossier, please wait…</translation>
    </message>
    <message>
        <source>Bỏ hồ sơ đang nhập?</source>
        <translation>Discard this dossier?</translation>
    </message>
    <message>
        <source>Những gì đã nhập sẽ bị bỏ, không có gì được lưu.</source>
        <translation>Everything entered will be discarded; nothing will be saved.</translation>
    </message>
    <message>
        <source>&amp;Bỏ hồ sơ</source>
        <translation>&amp;Discard dossier</translation>
    </message>
    <message>
        <source>&amp;Tiếp tục nhập</source>
        <translation>&amp;Keep editing</translation>
    </message>
    <message>
        <source>Không đọc được danh mục thủ tục: {error}</source>
        <translation>Could not read the procedure catalogue: {error}</translation>
    </message>
    <message>
        <source>Không có thủ tục nào khớp với “{text}”</source>
        <translation>No procedure matches “{text}”</translation>
    </message>
    <message>
        <source>Phí, lệ phí: {fees}</source>
        <translation>Fees: {fees}</translation>
    </message>
    <message>
        <source>Không tính được ngày hẹn trả</source>
        <translation>Could not calculate the due date</translation>
    </message>
    <message>
        <source>Hẹn trả: {when}</source>
        <translation>Due: {when}</translation>
    </message>
    <message>
        <source>Tính theo lịch làm việc nếu nhận hồ sơ ngay bây giờ</source>
        <translation>Calculated on the working calendar if the dossier is received now</translation>
    </message>
    <message>
        <source>Đã nhận đủ {n} giấy tờ bắt buộc</source>
        <translation>All {n} required documents received</translation>
    </message>
    <message>
        <source>Đã nhận {got}/{n} giấy tờ bắt buộc (phím cách để đánh dấu)</source>
        <translation>{got}/{n} required documents received (Space to mark)</translation>
    </message>
    <message>
        <source>Đã nhập {n}/12 chữ số</source>
        <translation>{n}/12 digits entered</translation>
    </message>
    <message>
        <source>Số CMND 9 số là giấy tờ cũ; đề nghị công dân dùng số định danh 12 số</source>
        <translation>A 9-digit ID card (CMND) number is outdated; ask the citizen for the 12-digit personal ID number</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Hợp lệ: {gender}, sinh năm {year}, nơi đăng ký khai sinh {province}</source>
        <translation>Valid: {gender}, born in {year}, birth registered in {province}</translation>
    </message>
    <message>
        <source>Mã tỉnh {code} không tồn tại (3 số đầu của số định danh)</source>
        <translation>Province code {code} does not exist (the first 3 digits of the ID number)</translation>
    </message>
    <message>
        <source>Năm sinh theo số định danh là {year}, sau năm hiện tại</source>
        <translation>The ID number gives {year} as the year of birth, which is after the current year</translation>
    </message>
    <message>
        <source>Số định danh cá nhân gồm đúng 12 chữ số (CMND cũ: 9 số); đã nhập {n} chữ số</source>
        <translation>A personal ID number has exactly 12 digits (old ID card: 9); {n} digits entered</translation>
    </message>
    <message>
        <source>Ngày sinh không có thật</source>
        <translation>This date of birth does not exist</translation>
    </message>
    <message>
        <source>Ngày sinh cần dạng dd/mm/yyyy</source>
        <translation>Date of birth must be in the form dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Ngày sinh ở tương lai</source>
        <translation>The date of birth is in the future</translation>
    </message>
    <message>
        <source>Không khớp số định danh (năm sinh theo số định danh: {year})</source>
        <translation>Does not match the ID number (year of birth from the ID number: {year})</translation>
    </message>
    <message numerus="yes">
        <source>Đã có người nộp {name} (%n hồ sơ). Dùng lại thông tin? [Ctrl+R]</source>
        <translation>
            <numerusform>Applicant {name} is already on file (%n dossier). Reuse their details? [Ctrl+R]</numerusform>
            <numerusform>Applicant {name} is already on file (%n dossiers). Reuse their details? [Ctrl+R]</numerusform>
        </translation>
    </message>
    <message>
        <source>Ngày sinh: {d}</source>
        <translation>Date of birth: {d}</translation>
    </message>
    <message>
        <source>Điện thoại: {p}</source>
        <translation>Phone: {p}</translation>
    </message>
    <message>
        <source>Địa chỉ: {a}</source>
        <translation>Address: {a}</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục: gõ tên hoặc mã rồi Enter</source>
        <translation>No procedure selected: type a name or code, then press Enter</translation>
    </message>
    <message>
        <source>Ngày sinh cần dạng dd/mm/yyyy, có thật</source>
        <translation>Date of birth must be a real date in the form dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Hồ sơ chưa đủ giấy tờ bắt buộc</source>
        <translation>Required documents missing</translation>
    </message>
    <message numerus="yes">
        <source>Còn %n giấy tờ bắt buộc chưa đánh dấu đã nhận. Vẫn tiếp nhận hồ sơ?</source>
        <translation>
            <numerusform>%n required document is not marked as received. Receive the dossier anyway?</numerusform>
            <numerusform>%n required documents are not marked as received. Receive the dossier anyway?</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Vẫn tiếp nhận</source>
        <translation>&amp;Receive anyway</translation>
    </message>
    <message>
        <source>&amp;Quay lại đánh dấu</source>
        <translation>&amp;Go back and mark</translation>
    </message>
    <message>
        <source>Đang lưu hồ sơ…</source>
        <translation>Saving the dossier…</translation>
    </message>
    <message>
        <source>Đang dùng lại bản số hóa…</source>
        <translation>Reusing digitised copies…</translation>
    </message>
    <message>
        <source>Thủ tục {code} không còn trong danh mục hiện hành</source>
        <translation>Procedure {code} is no longer in the current catalogue</translation>
    </message>
    <message>
        <source>Cần nhập họ và tên người nộp</source>
        <translation>Please enter the applicant’s full name</translation>
    </message>
    <message>
        <source>Số điện thoại không hợp lệ: 10 số, ví dụ 0912345678</source>
        <translation>Invalid phone number: 10 digits, e.g. 0912345678</translation>
    </message>
    <message>
        <source>Địa chỉ email không hợp lệ</source>
        <translation>Invalid email address</translation>
    </message>
    <message>
        <source>Cần địa chỉ nhận kết quả qua bưu chính (hoặc địa chỉ người nộp)</source>
        <translation>A postal address for the result is required (or the applicant’s address)</translation>
    </message>
    <message>
        <source>Giờ của máy tính đang sai (thời điểm nhận ở tương lai); hãy kiểm tra đồng hồ</source>
        <translation>The computer’s clock is wrong (the receipt time is in the future); please check the clock</translation>
    </message>
    <message>
        <source>Số định danh không khớp với năm sinh đã nhập</source>
        <translation>The ID number does not match the year of birth entered</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Đăng nhập — Một cửa</source>
        <translation>Log in — One-stop desk</translation>
    </message>
    <message>
        <source>Đăng nhập để làm việc.</source>
        <translation>Log in to start work.</translation>
    </message>
    <message>
        <source>Mở khóa — Một cửa</source>
        <translation>Unlock — One-stop desk</translation>
    </message>
    <message>
        <source>Bàn làm việc đã khóa sau {minutes} phút không dùng.
Nhập mật khẩu của {name} để mở, hoặc đăng nhập bằng tài khoản khác.</source>
        <translation>The desk was locked after {minutes} minutes of inactivity.
Enter the password for {name} to unlock it, or log in with another account.</translation>
    </message>
    <message>
        <source>Bàn làm việc đã khóa.
Nhập mật khẩu của {name} để mở, hoặc đăng nhập bằng tài khoản khác.</source>
        <translation>The desk is locked.
Enter the password for {name} to unlock it, or log in with another account.</translation>
    </message>
    <message>
        <source>&amp;Tên đăng nhập:</source>
        <translation>&amp;Username:</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Nhập tên đăng nhập.</source>
        <translation>Enter your username.</translation>
    </message>
    <message>
        <source>Nhập mật khẩu.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Một cửa — {commune}</source>
        <translation>One-stop desk — {commune}</translation>
    </message>
    <message>
        <source>Tìm &amp;kiếm:</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <source>Danh &amp;sách</source>
        <translation>&amp;Lists</translation>
    </message>
    <message>
        <source>Hôm nay: {date}</source>
        <translation>Today: {date}</translation>
    </message>
    <message>
        <source>&amp;Thoát</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Chưa đăng nhập.</source>
        <translation>Not logged in.</translation>
    </message>
    <message>
        <source>&amp;Tiếp nhận hồ sơ</source>
        <translation>&amp;Receive dossier</translation>
    </message>
    <message>
        <source>Tiếp nhận một hồ sơ mới</source>
        <translation>Receive a new dossier</translation>
    </message>
    <message>
        <source>&amp;Mở hồ sơ</source>
        <translation>&amp;Open dossier</translation>
    </message>
    <message>
        <source>Mở hồ sơ đang chọn (Enter trên dòng)</source>
        <translation>Open the selected dossier (Enter on a row)</translation>
    </message>
    <message>
        <source>&amp;Tìm</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>Tìm theo mã hồ sơ, họ tên, CCCD hoặc số điện thoại</source>
        <translation>Search by dossier code, name, citizen ID or phone number</translation>
    </message>
    <message>
        <source>&amp;Làm mới</source>
        <translation>Refres&amp;h</translation>
    </message>
    <message>
        <source>Đọc lại các danh sách</source>
        <translation>Reload the lists</translation>
    </message>
    <message>
        <source>&amp;Danh mục thủ tục</source>
        <translation>&amp;Procedure catalogue</translation>
    </message>
    <message>
        <source>Thủ tục, giấy tờ cần mang, thời hạn và lệ phí</source>
        <translation>Procedures, documents to bring, time limits and fees</translation>
    </message>
    <message>
        <source>&amp;Khóa</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <source>Khóa bàn làm việc khi rời chỗ</source>
        <translation>Lock the desk when you step away</translation>
    </message>
    <message>
        <source>Đăng &amp;xuất</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <source>Đăng xuất để cán bộ khác đăng nhập</source>
        <translation>Log out so that another officer can log in</translation>
    </message>
    <message>
        <source>Đóng chương trình</source>
        <translation>Close the application</translation>
    </message>
    <message>
        <source>&amp;Hồ sơ</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <source>&amp;Danh mục</source>
        <translation>&amp;Catalogue</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>&amp;Xem hồ sơ quá hạn</source>
        <translation>&amp;View overdue dossiers</translation>
    </message>
    <message>
        <source>Ẩ&amp;n</source>
        <translation>&amp;Hide</translation>
    </message>
    <message>
        <source>Mã hồ sơ, họ tên, số CCCD hoặc số điện thoại — gõ để tìm (Ctrl+F)</source>
        <translation>Dossier code, name, citizen ID or phone number — type to search (Ctrl+F)</translation>
    </message>
    <message>
        <source>Đăng &amp;nhập…</source>
        <translation>&amp;Log in…</translation>
    </message>
    <message>
        <source>Đang đếm thay đổi chưa đồng bộ…</source>
        <translation>Counting unsynchronised changes…</translation>
    </message>
    <message>
        <source>Đồng bộ &amp;ngay</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <source>Gửi thay đổi và nhận hồ sơ từ máy chủ cấp trên ngay bây giờ</source>
        <translation>Send changes to and receive dossiers from the upstream server now</translation>
    </message>
    <message>
        <source>&amp;Tình trạng đồng bộ…</source>
        <translation>Sync &amp;status…</translation>
    </message>
    <message>
        <source>Kết nối, thay đổi chờ gửi, xung đột và nhật ký đồng bộ</source>
        <translation>Connection, changes waiting to be sent, conflicts and the sync log</translation>
    </message>
    <message>
        <source>Đăng &amp;ký máy với máy chủ cấp trên…</source>
        <translation>&amp;Enrol this computer with the upstream server…</translation>
    </message>
    <message>
        <source>Nhập địa chỉ máy chủ cấp huyện và mã đăng ký của máy này</source>
        <translation>Enter the district server&apos;s address and this computer&apos;s enrolment code</translation>
    </message>
    <message>
        <source>Đồng &amp;bộ</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <source>Đang đồng bộ với máy chủ cấp trên…</source>
        <translation>Syncing with the upstream server…</translation>
    </message>
    <message>
        <source>Máy này chưa đăng ký với máy chủ cấp trên: chọn Đồng bộ → Đăng ký máy với máy chủ cấp trên.</source>
        <translation>This computer is not enrolled with the upstream server: choose Sync → Enrol this computer with the upstream server.</translation>
    </message>
    <message>
        <source>Đã đăng ký máy số {no} với máy chủ cấp trên; bắt đầu đồng bộ.</source>
        <translation>Computer no. {no} enrolled with the upstream server; sync starts.</translation>
    </message>
    <message>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>Chờ bổ sung</source>
        <translation>Awaiting supplement</translation>
    </message>
    <message>
        <source>Có kết quả chờ trả</source>
        <translation>Results to hand back</translation>
    </message>
    <message>
        <source>Tiếp nhận hôm nay</source>
        <translation>Received today</translation>
    </message>
    <message>
        <source>Hồ sơ nộp trực tuyến</source>
        <translation>Filed online</translation>
    </message>
    <message>
        <source>Chưa đồng bộ</source>
        <translation>Not synced</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Chưa đăng nhập</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>Cán bộ: {name} ({username})</source>
        <translation>Officer: {name} ({username})</translation>
    </message>
    <message>
        <source>Kết quả tìm “{query}”: </source>
        <translation>Results for “{query}”: </translation>
    </message>
    <message numerus="yes">
        <source>%n hồ sơ</source>
        <translation>
            <numerusform>%n dossier</numerusform>
            <numerusform>%n dossiers</numerusform>
        </translation>
    </message>
    <message>
        <source>(chỉ hiện {limit} hồ sơ mới nhất)</source>
        <translation>(only the {limit} newest dossiers are shown)</translation>
    </message>
    <message numerus="yes">
        <source>%n hồ sơ quá hạn</source>
        <translation>
            <numerusform>%n overdue dossier</numerusform>
            <numerusform>%n overdue dossiers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hồ sơ sắp đến hạn</source>
        <translation>
            <numerusform>%n dossier due soon</numerusform>
            <numerusform>%n dossiers due soon</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Xem hồ sơ sắp đến hạn</source>
        <translation>&amp;View dossiers due soon</translation>
    </message>
    <message numerus="yes">
        <source>%n thay đổi chưa đồng bộ</source>
        <translation>
            <numerusform>%n unsynchronised change</numerusform>
            <numerusform>%n unsynchronised changes</numerusform>
        </translation>
    </message>
    <message>
        <source>Không đọc được số thay đổi chưa đồng bộ</source>
        <translation>Could not read the number of unsynchronised changes</translation>
    </message>
    <message>
        <source>Không đọc được dữ liệu: {error}</source>
        <translation>Could not read the data: {error}</translation>
    </message>
    <message>
        <source>Chọn một hồ sơ trong bảng trước.</source>
        <translation>Select a dossier in the table first.</translation>
    </message>
    <message>
        <source>Chưa có chức năng</source>
        <translation>Not available yet</translation>
    </message>
    <message>
        <source>Chức năng “{what}” chưa có trong bản này.</source>
        <translation>“{what}” is not available in this version.</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Receive dossier</translation>
    </message>
    <message>
        <source>Đã tiếp nhận hồ sơ {code}.</source>
        <translation>Dossier {code} received.</translation>
    </message>
    <message>
        <source>Xem hồ sơ</source>
        <translation>View dossier</translation>
    </message>
    <message>
        <source>Bàn làm việc đã khóa. Dữ liệu được ẩn cho đến khi đăng nhập lại.</source>
        <translation>The desk is locked. Data stays hidden until someone logs in again.</translation>
    </message>
    <message>
        <source>Đã đăng xuất.</source>
        <translation>Logged out.</translation>
    </message>
</context>
<context>
    <name>OnlineStrip</name>
    <message>
        <source>Hồ sơ nộp trực tuyến, chờ tiếp nhận: kiểm tra thành phần hồ sơ rồi tiếp nhận hoặc từ chối (ghi rõ lý do).</source>
        <translation>Filed online, waiting to be accepted: check the documents, then accept it or refuse it (with the reason).</translation>
    </message>
</context>
<context>
    <name>PageStrip</name>
    <message>
        <source>Trang {n}</source>
        <translation>Page {n}</translation>
    </message>
    <message>
        <source>TRANG TRẮNG</source>
        <translation>BLANK PAGE</translation>
    </message>
    <message>
        <source>Trang {n}: {profile}</source>
        <translation>Page {n}: {profile}</translation>
    </message>
    <message>
        <source>Đã xoay {deg}°</source>
        <translation>Rotated {deg}°</translation>
    </message>
    <message>
        <source>Có vẻ là trang trắng: bấm Bỏ trang trắng hoặc Del để bỏ.</source>
        <translation>Looks blank: press Drop blank pages or Del to remove it.</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>In</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>&amp;In</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tùy &amp;chọn &gt;&gt;</source>
        <translation>&amp;Options &gt;&gt;</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>Xem trước bản in — {title}</source>
        <translation>Print preview — {title}</translation>
    </message>
    <message>
        <source>In (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <source>Chọn máy in, số bản, rồi in (Ctrl+P)</source>
        <translation>Choose the printer and number of copies, then print (Ctrl+P)</translation>
    </message>
    <message>
        <source>Lưu PDF… (Ctrl+S)</source>
        <translation>Save PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>Lưu biểu mẫu thành tệp PDF (Ctrl+S)</source>
        <translation>Save the form as a PDF file (Ctrl+S)</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Không mở được bản xem trước: tệp PDF bị hỏng.</source>
        <translation>Could not open the preview: the PDF file is damaged.</translation>
    </message>
    <message>
        <source>Trang {page}/{pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
</context>
<context>
    <name>PrintService</name>
    <message>
        <source>{title} ({name})</source>
        <translation>{title} ({name})</translation>
    </message>
    <message>
        <source>Không tìm thấy máy in {name}; hãy chọn máy in.</source>
        <translation>Printer {name} not found; please choose a printer.</translation>
    </message>
    <message>
        <source>Đang in, xin chờ xong rồi in {title}.</source>
        <translation>Printing is in progress; please wait for it to finish, then print {title}.</translation>
    </message>
    <message>
        <source>{title}: đã hủy in.</source>
        <translation>{title}: printing cancelled.</translation>
    </message>
    <message>
        <source>{title}: đang chuẩn bị bản in…</source>
        <translation>{title}: preparing the printout…</translation>
    </message>
    <message>
        <source>{title}: đã mở bản xem trước.</source>
        <translation>{title}: preview opened.</translation>
    </message>
    <message>
        <source>{title}: đang gửi tới {target}…</source>
        <translation>{title}: sending to {target}…</translation>
    </message>
    <message>
        <source>{title}: đang in trang {done}/{total}…</source>
        <translation>{title}: printing page {done} of {total}…</translation>
    </message>
    <message>
        <source>{title}: đã gửi {sheets} trang tới {target}.</source>
        <translation>{title}: sent {sheets} page(s) to {target}.</translation>
    </message>
    <message>
        <source>{title}: đã lưu {path}.</source>
        <translation>{title}: saved to {path}.</translation>
    </message>
    <message>
        <source>Không in được {title}: {why}</source>
        <translation>Could not print {title}: {why}</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Giấy hẹn 80 mm - {code}</source>
        <translation>80 mm appointment slip - {code}</translation>
    </message>
    <message>
        <source>Giấy tờ cần mang - {code}</source>
        <translation>What to bring - {code}</translation>
    </message>
    <message>
        <source>Mẫu {form} - {code}</source>
        <translation>Form {form} - {code}</translation>
    </message>
    <message>
        <source>tệp {path}</source>
        <translation>file {path}</translation>
    </message>
    <message>
        <source>máy in {name}</source>
        <translation>printer {name}</translation>
    </message>
    <message>
        <source>Tệp PDF của biểu mẫu bị hỏng, không in được.</source>
        <translation>The form’s PDF file is damaged and cannot be printed.</translation>
    </message>
    <message>
        <source>Phiếu hẹn 80 mm</source>
        <translation>80 mm appointment slip</translation>
    </message>
    <message>
        <source>Chưa chọn máy in hoặc tệp để in ra.</source>
        <translation>No printer or output file has been chosen.</translation>
    </message>
    <message>
        <source>Khoảng trang đã chọn không có trang nào để in.</source>
        <translation>The selected page range contains no pages to print.</translation>
    </message>
    <message>
        <source>Không mở được {target}.</source>
        <translation>Could not open {target}.</translation>
    </message>
    <message>
        <source>{target} không nhận trang tiếp theo.</source>
        <translation>{target} did not accept the next page.</translation>
    </message>
    <message>
        <source>{target} không nhận lệnh in.</source>
        <translation>{target} did not accept the print job.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Cần ghi rõ lý do.</source>
        <translation>Please state the reason.</translation>
    </message>
</context>
<context>
    <name>ReceiptPage</name>
    <message>
        <source>GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ</source>
        <translation>DOSSIER RECEIPT AND RESULT APPOINTMENT</translation>
    </message>
    <message>
        <source>Các nội dung của Mẫu 01. In giấy tiếp nhận: Ctrl+P.</source>
        <translation>The contents of Form 01. Print the receipt: Ctrl+P.</translation>
    </message>
    <message>
        <source>Bộ phận tiếp nhận và trả kết quả:</source>
        <translation>Intake and results unit:</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ của:</source>
        <translation>Dossier received from:</translation>
    </message>
    <message>
        <source>Số định danh cá nhân:</source>
        <translation>Personal ID number:</translation>
    </message>
    <message>
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Số điện thoại / Email:</source>
        <translation>Phone / Email:</translation>
    </message>
    <message>
        <source>Nội dung yêu cầu giải quyết:</source>
        <translation>Request:</translation>
    </message>
    <message>
        <source>1. Thành phần hồ sơ nộp gồm:</source>
        <translation>1. Documents submitted:</translation>
    </message>
    <message>
        <source>2. Số lượng hồ sơ:</source>
        <translation>2. Number of sets:</translation>
    </message>
    <message>
        <source>3. Thời gian giải quyết theo quy định:</source>
        <translation>3. Statutory processing time:</translation>
    </message>
    <message>
        <source>4. Thời gian nhận hồ sơ:</source>
        <translation>4. Received at:</translation>
    </message>
    <message>
        <source>5. Thời gian trả kết quả:</source>
        <translation>5. Result due:</translation>
    </message>
    <message>
        <source>6. Đăng ký nhận kết quả tại:</source>
        <translation>6. Result to be received:</translation>
    </message>
    <message>
        <source>Phí, lệ phí:</source>
        <translation>Fees:</translation>
    </message>
    <message>
        <source>Người tiếp nhận hồ sơ:</source>
        <translation>Receiving officer:</translation>
    </message>
    <message>
        <source>In giấy tiếp nhận (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>In Mẫu 01 hai liên (Ctrl+P)</source>
        <translation>Print Form 01 in two copies (Ctrl+P)</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ mới (F2)</source>
        <translation>Receive a new dossier (F2)</translation>
    </message>
    <message>
        <source>Mở phiếu trống cho người nộp tiếp theo (F2)</source>
        <translation>Open a blank form for the next applicant (F2)</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Đóng cửa sổ tiếp nhận (Esc)</source>
        <translation>Close the intake window (Esc)</translation>
    </message>
    <message>
        <source>Số CMND 9 số là giấy tờ cũ; đề nghị công dân dùng số định danh 12 số</source>
        <translation>A 9-digit ID card (CMND) number is outdated; ask the citizen for the 12-digit personal ID number</translation>
    </message>
    <message>
        <source>Mã hồ sơ: {code}</source>
        <translation>Dossier code: {code}</translation>
    </message>
    <message>
        <source>({i}) {name} — {kind}: {n}</source>
        <translation>({i}) {name} — {kind}: {n}</translation>
    </message>
    <message>
        <source>(không có giấy tờ nào được đánh dấu đã nhận)</source>
        <translation>(no document was marked as received)</translation>
    </message>
    <message>
        <source>{n} (bộ)</source>
        <translation>{n} set(s)</translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <source>Từ chối tiếp nhận hồ sơ</source>
        <translation>Refuse the dossier</translation>
    </message>
    <message>
        <source>Lý do được in trên Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03).</source>
        <translation>The reason is printed on the Refusal to receive and process the dossier (Form 03).</translation>
    </message>
    <message>
        <source>Ví dụ: Hồ sơ không thuộc thẩm quyền của xã</source>
        <translation>E.g. The dossier is outside the commune’s competence</translation>
    </message>
    <message>
        <source>&amp;Lý do từ chối:</source>
        <translation>&amp;Reason for refusal:</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Refuse</translation>
    </message>
</context>
<context>
    <name>ResultReadyDialog</name>
    <message>
        <source>Ghi nhận có kết quả</source>
        <translation>Record result ready</translation>
    </message>
    <message>
        <source>Ghi nhận hồ sơ đã có kết quả giải quyết, chờ trả cho công dân?</source>
        <translation>Record that the dossier has a result, ready to hand back to the citizen?</translation>
    </message>
</context>
<context>
    <name>SavePdfDialog</name>
    <message>
        <source>Lưu PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Thư mục:</source>
        <translation>Look in:</translation>
    </message>
    <message>
        <source>Tên tệp:</source>
        <translation>File name:</translation>
    </message>
    <message>
        <source>Kiểu tệp:</source>
        <translation>File type:</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ScanDialog</name>
    <message>
        <source>Quét giấy tờ — {label} — hồ sơ {code}</source>
        <translation>Scan papers — {label} — dossier {code}</translation>
    </message>
    <message>
        <source>{label} — {name}</source>
        <translation>{label} — {name}</translation>
    </message>
    <message>
        <source>Tìm lạ&amp;i (F5)</source>
        <translation>Search aga&amp;in (F5)</translation>
    </message>
    <message>
        <source>Thêm đị&amp;a chỉ máy quét…</source>
        <translation>&amp;Add scanner address…</translation>
    </message>
    <message>
        <source>Máy quét mạng (eSCL/AirScan): nhập địa chỉ, ví dụ http://192.168.1.20/eSCL</source>
        <translation>Network scanner (eSCL/AirScan): enter its address, e.g. http://192.168.1.20/eSCL</translation>
    </message>
    <message>
        <source>&amp;Máy quét:</source>
        <translation>&amp;Scanner:</translation>
    </message>
    <message>
        <source>&amp;Nguồn giấy:</source>
        <translation>Paper &amp;source:</translation>
    </message>
    <message>
        <source>Văn bản: đen trắng 200 dpi, tệp nhỏ. Có dấu đỏ, ảnh: màu 150 dpi, giữ màu con dấu. Mặc định theo danh mục thủ tục.</source>
        <translation>Text: black and white 200 dpi, small files. With red seal, photo: colour 150 dpi, keeps the seal red. The default comes from the procedure catalogue.</translation>
    </message>
    <message>
        <source>&amp;Kiểu quét:</source>
        <translation>Scan &amp;type:</translation>
    </message>
    <message>
        <source>&amp;Quét</source>
        <translation>S&amp;can</translation>
    </message>
    <message>
        <source>Quét &amp;chèn vào đây</source>
        <translation>Scan and insert &amp;here</translation>
    </message>
    <message>
        <source>Quét thêm trang, đặt sau trang đang chọn</source>
        <translation>Scan more pages and put them after the selected page</translation>
    </message>
    <message>
        <source>&amp;Hủy quét (Esc)</source>
        <translation>Ca&amp;ncel scan (Esc)</translation>
    </message>
    <message>
        <source>&amp;Tiếp tục</source>
        <translation>C&amp;ontinue</translation>
    </message>
    <message>
        <source>◀ Sang trái (Ctrl+←)</source>
        <translation>◀ Move left (Ctrl+←)</translation>
    </message>
    <message>
        <source>Sang phải ▶ (Ctrl+→)</source>
        <translation>Move right ▶ (Ctrl+→)</translation>
    </message>
    <message>
        <source>Xoay phải (R)</source>
        <translation>Rotate right (R)</translation>
    </message>
    <message>
        <source>Xoay trái (Shift+R)</source>
        <translation>Rotate left (Shift+R)</translation>
    </message>
    <message>
        <source>Xóa trang (Del)</source>
        <translation>Delete page (Del)</translation>
    </message>
    <message>
        <source>&amp;Bỏ trang trắng</source>
        <translation>Drop &amp;blank pages</translation>
    </message>
    <message>
        <source>Kiểu của tran&amp;g này:</source>
        <translation>Type of this pa&amp;ge:</translation>
    </message>
    <message>
        <source>&amp;Lưu vào hồ sơ (Ctrl+S)</source>
        <translation>Save to the &amp;dossier (Ctrl+S)</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Nhập từ tệp (ảnh, PDF, ảnh chụp)…</source>
        <translation>Import from files (images, PDF, photos)…</translation>
    </message>
    <message>
        <source>Mặt kính</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <source>Khay nạp giấy</source>
        <translation>Document feeder</translation>
    </message>
    <message>
        <source>Hai mặt (khay nạp giấy)</source>
        <translation>Both sides (document feeder)</translation>
    </message>
    <message>
        <source>&amp;Quét tiếp</source>
        <translation>S&amp;can more</translation>
    </message>
    <message>
        <source>Chưa có trang nào. Đặt giấy vào máy rồi bấm Quét.</source>
        <translation>No pages yet. Put the paper in the scanner and press Scan.</translation>
    </message>
    <message numerus="yes">
        <source>%n trang sẽ được lưu.</source>
        <translation>
            <numerusform>%n page will be saved.</numerusform>
            <numerusform>%n pages will be saved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Có %n trang có vẻ trắng (tô đỏ): bấm Bỏ trang trắng nếu muốn bỏ.</source>
        <translation>
            <numerusform>%n page looks blank (in red): press Drop blank pages to remove it.</numerusform>
            <numerusform>%n pages look blank (in red): press Drop blank pages to remove them.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang tìm máy quét…</source>
        <translation>Looking for scanners…</translation>
    </message>
    <message numerus="yes">
        <source>Tìm thấy %n máy quét.</source>
        <translation>
            <numerusform>Found %n scanner.</numerusform>
            <numerusform>Found %n scanners.</numerusform>
        </translation>
    </message>
    <message>
        <source>Không tìm thấy máy quét — cắm máy quét, bật nguồn rồi bấm Tìm lại; hoặc nhập từ tệp.</source>
        <translation>No scanner found — plug the scanner in, switch it on and press Search again; or import from files.</translation>
    </message>
    <message>
        <source>Thêm máy quét mạng</source>
        <translation>Add a network scanner</translation>
    </message>
    <message>
        <source>Địa chỉ eSCL của máy quét (ví dụ http://192.168.1.20/eSCL):</source>
        <translation>The scanner&apos;s eSCL address (e.g. http://192.168.1.20/eSCL):</translation>
    </message>
    <message>
        <source>Đang kết nối {url}…</source>
        <translation>Connecting to {url}…</translation>
    </message>
    <message>
        <source>Đã thêm máy quét {label}.</source>
        <translation>Scanner {label} added.</translation>
    </message>
    <message>
        <source>Chọn ảnh hoặc tệp PDF</source>
        <translation>Choose images or PDF files</translation>
    </message>
    <message>
        <source>Ảnh, PDF ({patterns})</source>
        <translation>Images, PDF ({patterns})</translation>
    </message>
    <message>
        <source>Đang quét…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <source>Đang quét — Esc để hủy.</source>
        <translation>Scanning — Esc to cancel.</translation>
    </message>
    <message>
        <source>Đang dừng quét…</source>
        <translation>Stopping the scan…</translation>
    </message>
    <message numerus="yes">
        <source>Đã quét %n trang…</source>
        <translation>
            <numerusform>Scanned %n page…</numerusform>
            <numerusform>Scanned %n pages…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã quét xong %n trang.</source>
        <translation>
            <numerusform>Finished: %n page scanned.</numerusform>
            <numerusform>Finished: %n pages scanned.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã hủy quét; giữ %n trang đã quét.</source>
        <translation>
            <numerusform>Scan cancelled; %n scanned page kept.</numerusform>
            <numerusform>Scan cancelled; %n scanned pages kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã giữ %n trang quét được trước khi lỗi.</source>
        <translation>
            <numerusform>The %n page scanned before the error is kept.</numerusform>
            <numerusform>The %n pages scanned before the error are kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã bỏ %n trang trắng.</source>
        <translation>
            <numerusform>Dropped %n blank page.</numerusform>
            <numerusform>Dropped %n blank pages.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang tạo tệp PDF…</source>
        <translation>Making the PDF…</translation>
    </message>
    <message>
        <source>Đang lưu vào hồ sơ…</source>
        <translation>Saving to the dossier…</translation>
    </message>
    <message>
        <source>Chưa lưu được: {error}. Các trang vẫn còn, bấm Lưu để thử lại.</source>
        <translation>Not saved: {error}. The pages are kept; press Save to try again.</translation>
    </message>
    <message>
        <source>Bỏ các trang đã quét?</source>
        <translation>Discard the scanned pages?</translation>
    </message>
    <message numerus="yes">
        <source>%n trang đã quét chưa được lưu vào hồ sơ và sẽ bị bỏ.</source>
        <translation>
            <numerusform>%n scanned page is not saved to the dossier and will be discarded.</numerusform>
            <numerusform>%n scanned pages are not saved to the dossier and will be discarded.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Bỏ các trang</source>
        <translation>&amp;Discard the pages</translation>
    </message>
    <message>
        <source>&amp;Quay lại</source>
        <translation>&amp;Go back</translation>
    </message>
</context>
<context>
    <name>ScanErrors</name>
    <message>
        <source>Khay nạp giấy đã hết giấy — đặt thêm giấy rồi bấm Tiếp tục.</source>
        <translation>The document feeder is empty — add paper, then press Continue.</translation>
    </message>
    <message>
        <source>Giấy bị kẹt trong máy quét — gỡ tờ giấy bị kẹt rồi bấm Tiếp tục.</source>
        <translation>Paper is jammed in the scanner — remove the jammed sheet, then press Continue.</translation>
    </message>
    <message>
        <source>Nắp máy quét đang mở — đóng nắp rồi bấm Tiếp tục.</source>
        <translation>The scanner cover is open — close it, then press Continue.</translation>
    </message>
    <message>
        <source>Máy quét đang bận với việc khác — chờ một lát rồi bấm Tiếp tục.</source>
        <translation>The scanner is busy with another job — wait a moment, then press Continue.</translation>
    </message>
    <message>
        <source>Không kết nối được máy quét — kiểm tra cáp, nguồn điện hoặc mạng rồi bấm Tiếp tục.</source>
        <translation>Cannot reach the scanner — check the cable, power or network, then press Continue.</translation>
    </message>
    <message>
        <source>Đã hủy quét. Các trang đã quét vẫn được giữ lại.</source>
        <translation>Scan cancelled. The pages already scanned are kept.</translation>
    </message>
    <message>
        <source>Không tìm thấy máy quét — cắm máy quét, bật nguồn rồi bấm Tìm lại.</source>
        <translation>No scanner found — plug the scanner in, switch it on and press Search again.</translation>
    </message>
    <message>
        <source>Không đọc được tệp này — chọn tệp ảnh (PNG, JPEG, TIFF) hoặc PDF khác.</source>
        <translation>Cannot read this file — choose another image (PNG, JPEG, TIFF) or PDF file.</translation>
    </message>
    <message>
        <source>Máy này chưa đọc được tệp PDF (thiếu công cụ pdftoppm của Poppler) — nhập ảnh chụp thay thế hoặc nhờ cán bộ kỹ thuật cài đặt.</source>
        <translation>This computer cannot read PDF files yet (Poppler&apos;s pdftoppm is missing) — import photos instead or ask technical staff to install it.</translation>
    </message>
    <message>
        <source>Máy quét báo lỗi. Kiểm tra máy quét rồi bấm Tiếp tục để thử lại.</source>
        <translation>The scanner reported an error. Check the scanner, then press Continue to try again.</translation>
    </message>
</context>
<context>
    <name>ScanProfiles</name>
    <message>
        <source>Văn bản</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Có dấu đỏ, ảnh</source>
        <translation>Red seal, photo</translation>
    </message>
    <message>
        <source>Ảnh xám</source>
        <translation>Greyscale</translation>
    </message>
    <message>
        <source>Chất lượng cao</source>
        <translation>High quality</translation>
    </message>
</context>
<context>
    <name>ScanReusePanel</name>
    <message>
        <source>&amp;Dùng lại bản số hóa đã có (phím cách để chọn):</source>
        <translation>Re&amp;use existing digitised copies (Space to choose):</translation>
    </message>
    <message numerus="yes">
        <source>{doc}: dùng lại bản số hóa ngày {day} của hồ sơ {code} (%n trang)</source>
        <translation>
            <numerusform>{doc}: reuse the copy digitised on {day} for dossier {code} (%n page)</numerusform>
            <numerusform>{doc}: reuse the copy digitised on {day} for dossier {code} (%n pages)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã dùng lại %n bản số hóa.</source>
        <translation>
            <numerusform>Reused %n digitised copy.</numerusform>
            <numerusform>Reused %n digitised copies.</numerusform>
        </translation>
    </message>
    <message>
        <source>Chưa dùng lại được: {errors}</source>
        <translation>Could not reuse: {errors}</translation>
    </message>
</context>
<context>
    <name>StandardButtons</name>
    <message>
        <source>Đồng ý</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Không lưu</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Đặt lại</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>Thử lại</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Bỏ qua</source>
        <translation>Ignore</translation>
    </message>
    <message>
        <source>Dừng</source>
        <translation>Abort</translation>
    </message>
    <message>
        <source>Trợ giúp</source>
        <translation>Help</translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <source>Bắt đầu giải quyết</source>
        <translation>Start processing</translation>
    </message>
    <message>
        <source>Chuyển hồ sơ sang giải quyết? Sau bước này không còn từ chối tiếp nhận được.</source>
        <translation>Start processing the dossier? After this step it can no longer be refused.</translation>
    </message>
</context>
<context>
    <name>StopDialog</name>
    <message>
        <source>Dừng giải quyết hồ sơ</source>
        <translation>Stop processing the dossier</translation>
    </message>
    <message>
        <source>Hồ sơ sẽ kết thúc. Lý do được in trên Thông báo dừng giải quyết hồ sơ (Mẫu 05).</source>
        <translation>The dossier will be closed. The reason is printed on the Notice of stopping the processing of the dossier (Form 05).</translation>
    </message>
    <message>
        <source>Ví dụ: Theo đề nghị rút hồ sơ của công dân</source>
        <translation>E.g. At the citizen’s request to withdraw the dossier</translation>
    </message>
    <message>
        <source>&amp;Lý do dừng:</source>
        <translation>&amp;Reason for stopping:</translation>
    </message>
    <message>
        <source>Dừng giải quyết</source>
        <translation>Stop processing</translation>
    </message>
</context>
<context>
    <name>SupplementReceivedDialog</name>
    <message>
        <source>Nhận bổ sung</source>
        <translation>Receive supplement</translation>
    </message>
    <message>
        <source>Ghi nhận công dân đã nộp đủ giấy tờ bổ sung? Thời hạn giải quyết được tính tiếp từ lúc này.</source>
        <translation>Record that the citizen has handed in all the supplementary documents? The processing time resumes from now.</translation>
    </message>
</context>
<context>
    <name>SupplementRequestDialog</name>
    <message>
        <source>Yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Request to supplement and complete the dossier</translation>
    </message>
    <message>
        <source>Chỉ được yêu cầu bổ sung MỘT lần: đánh dấu (phím cách) mọi giấy tờ còn thiếu hoặc cần hoàn thiện, ghi thêm giấy tờ khác nếu có, và lý do.</source>
        <translation>A supplement can be requested only ONCE: mark (Space) every document that is missing or needs completing, add any other documents, and give the reason.</translation>
    </message>
    <message>
        <source>{code} — {name} ({copy_type} × {copies})</source>
        <translation>{code} — {name} ({copy_type} × {copies})</translation>
    </message>
    <message>
        <source> — chưa nhận</source>
        <translation> — not received</translation>
    </message>
    <message>
        <source>Mỗi dòng một giấy tờ</source>
        <translation>One document per line</translation>
    </message>
    <message>
        <source>Ví dụ: Giấy chứng sinh bị tẩy xóa</source>
        <translation>E.g. The birth certificate has erasures</translation>
    </message>
    <message>
        <source>&amp;Giấy tờ cần bổ sung:</source>
        <translation>&amp;Documents to supplement:</translation>
    </message>
    <message>
        <source>Giấy tờ &amp;khác:</source>
        <translation>&amp;Other documents:</translation>
    </message>
    <message>
        <source>&amp;Lý do:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung</source>
        <translation>Request supplement</translation>
    </message>
    <message>
        <source>Cần chọn hoặc ghi ít nhất một giấy tờ phải bổ sung.</source>
        <translation>Select or enter at least one document to be supplemented.</translation>
    </message>
    <message>
        <source>Cần ghi rõ lý do.</source>
        <translation>Please state the reason.</translation>
    </message>
</context>
<context>
    <name>SyncDetailsDialog</name>
    <message>
        <source>Tình trạng đồng bộ</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Máy chủ cấp trên:</source>
        <translation>Upstream server:</translation>
    </message>
    <message>
        <source>Thiết bị:</source>
        <translation>Device:</translation>
    </message>
    <message>
        <source>Kết nối:</source>
        <translation>Connection:</translation>
    </message>
    <message>
        <source>Chờ gửi:</source>
        <translation>Waiting to be sent:</translation>
    </message>
    <message>
        <source>Thay đổi cũ nhất:</source>
        <translation>Oldest change:</translation>
    </message>
    <message>
        <source>Đồng bộ thành công lần cuối:</source>
        <translation>Last successful sync:</translation>
    </message>
    <message>
        <source>Lỗi gần nhất:</source>
        <translation>Last error:</translation>
    </message>
    <message>
        <source>Đồng hồ máy:</source>
        <translation>Computer clock:</translation>
    </message>
    <message>
        <source>Lượt đồng bộ:</source>
        <translation>Sync cycles:</translation>
    </message>
    <message>
        <source>Thay đổi bị máy chủ từ chối</source>
        <translation>Changes refused by the server</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Lúc</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Giải thích</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>Enter hoặc nhấp đúp để mở hồ sơ và xem cách xử lý.</source>
        <translation>Enter or double-click to open the dossier and see what to do.</translation>
    </message>
    <message>
        <source>Nhật ký đồng bộ gần đây</source>
        <translation>Recent sync log</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Việc</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Gửi / nhận</source>
        <translation>Sent / received</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Đồng bộ &amp;ngay</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <source>Đọc &amp;lại</source>
        <translation>&amp;Reload</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Đã yêu cầu đồng bộ ngay; kết quả hiện ở đây khi xong.</source>
        <translation>A sync was requested; the result shows here when it is done.</translation>
    </message>
    <message>
        <source>Máy này chưa đăng ký với máy chủ cấp trên: chọn Đồng bộ → Đăng ký máy với máy chủ cấp trên.</source>
        <translation>This computer is not enrolled with the upstream server: choose Sync → Enrol this computer with the upstream server.</translation>
    </message>
    <message>
        <source>Không đọc được: {error}</source>
        <translation>Could not read: {error}</translation>
    </message>
    <message>
        <source>chưa đăng ký</source>
        <translation>not enrolled</translation>
    </message>
    <message>
        <source>máy số {no}</source>
        <translation>computer no. {no}</translation>
    </message>
    <message>
        <source>Chưa kết nối máy chủ cấp trên</source>
        <translation>Not connected to an upstream server</translation>
    </message>
    <message>
        <source>Chưa kiểm tra</source>
        <translation>Not checked yet</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Mất kết nối</source>
        <translation>Connection lost</translation>
    </message>
    <message>
        <source>{n} thay đổi ({held} bị giữ lại), {mb} MB tệp</source>
        <translation>{n} change(s) ({held} held back), {mb} MB of files</translation>
    </message>
    <message>
        <source>{age} ({at})</source>
        <translation>{age} ({at})</translation>
    </message>
    <message>
        <source>không có</source>
        <translation>none</translation>
    </message>
    <message>
        <source>chưa có</source>
        <translation>not yet</translation>
    </message>
    <message>
        <source>{at}: {error}</source>
        <translation>{at}: {error}</translation>
    </message>
    <message>
        <source>chưa đo</source>
        <translation>not measured yet</translation>
    </message>
    <message>
        <source>{offset} so với máy chủ</source>
        <translation>{offset} compared with the server</translation>
    </message>
    <message>
        <source>CẦN CHỈNH ĐỒNG HỒ MÁY TÍNH</source>
        <translation>THE COMPUTER CLOCK NEEDS FIXING</translation>
    </message>
    <message>
        <source>không chạy</source>
        <translation>not running</translation>
    </message>
    <message>
        <source>{n} lượt từ khi mở</source>
        <translation>{n} cycle(s) since start</translation>
    </message>
    <message>
        <source>đang đồng bộ</source>
        <translation>syncing</translation>
    </message>
    <message>
        <source>lượt sau sau {age}</source>
        <translation>next cycle in {age}</translation>
    </message>
    <message>
        <source>{n} lần lỗi liên tiếp</source>
        <translation>{n} failure(s) in a row</translation>
    </message>
    <message>
        <source>hàng đợi không tiến triển (đã kết nối lại)</source>
        <translation>the queue is not moving (reconnected)</translation>
    </message>
    <message>
        <source>thiết bị đã bị thu hồi</source>
        <translation>device revoked</translation>
    </message>
    <message>
        <source>cần cập nhật phần mềm</source>
        <translation>software update required</translation>
    </message>
    <message>
        <source>Thay đổi bị máy chủ từ chối ({n})</source>
        <translation>Changes refused by the server ({n})</translation>
    </message>
    <message>
        <source>{up} / {down} KB</source>
        <translation>{up} / {down} KB</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Đang đọc trạng thái đồng bộ…</source>
        <translation>Reading the sync status…</translation>
    </message>
    <message>
        <source>Bấm để xem tình trạng đồng bộ</source>
        <translation>Click to see the sync status</translation>
    </message>
    <message>
        <source>Không đọc được trạng thái đồng bộ</source>
        <translation>Could not read the sync status</translation>
    </message>
    <message>
        <source>Chưa kết nối máy chủ cấp trên</source>
        <translation>Not connected to an upstream server</translation>
    </message>
    <message>
        <source>Máy này chưa đăng ký với máy chủ cấp huyện: mọi thay đổi được giữ lại trên máy. Đăng ký trong trình đơn Đồng bộ.</source>
        <translation>This computer is not enrolled with the district server: every change is kept on this computer. Enrol it from the Sync menu.</translation>
    </message>
    <message>
        <source>Thiết bị đã bị thu hồi</source>
        <translation>Device revoked</translation>
    </message>
    <message>
        <source>Máy chủ đã thu hồi quyền đồng bộ của máy này. Dữ liệu trên máy vẫn được giữ; liên hệ quản trị cấp huyện để được cấp mã đăng ký mới.</source>
        <translation>The server revoked this computer&apos;s right to sync. The data on this computer is kept; ask the district administrator for a new enrolment code.</translation>
    </message>
    <message>
        <source>Cần cập nhật phần mềm</source>
        <translation>Software update required</translation>
    </message>
    <message>
        <source>Máy chủ không còn nhận phiên bản này. Vẫn làm việc bình thường trên máy; cài bản mới để đồng bộ tiếp.</source>
        <translation>The server no longer accepts this version. Work continues normally on this computer; install the new version to sync again.</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Đã kết nối máy chủ {url}</source>
        <translation>Connected to the server {url}</translation>
    </message>
    <message>
        <source>Đang kết nối máy chủ…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>Mất kết nối</source>
        <translation>Connection lost</translation>
    </message>
    <message>
        <source>Không kết nối được máy chủ {url}. Vẫn làm việc bình thường; thay đổi sẽ được gửi khi có mạng.</source>
        <translation>Could not connect to the server {url}. Work continues normally; changes are sent when the network is back.</translation>
    </message>
    <message>
        <source>Đã gửi hết thay đổi</source>
        <translation>All changes sent</translation>
    </message>
    <message>
        <source>{n} thay đổi, {mb} MB chờ gửi</source>
        <translation>{n} change(s), {mb} MB waiting to be sent</translation>
    </message>
    <message>
        <source>{n} thay đổi bị giữ lại chờ xử lý xung đột.</source>
        <translation>{n} change(s) held back until a conflict is dealt with.</translation>
    </message>
    <message>
        <source>cũ nhất {age}</source>
        <translation>oldest {age}</translation>
    </message>
    <message>
        <source>đồng bộ lúc {time}</source>
        <translation>synced at {time}</translation>
    </message>
    <message>
        <source>chưa đồng bộ lần nào</source>
        <translation>never synced</translation>
    </message>
    <message>
        <source>lỗi: {error}</source>
        <translation>error: {error}</translation>
    </message>
    <message>
        <source>Lỗi gần nhất ({time}): {error}</source>
        <translation>Last error ({time}): {error}</translation>
    </message>
    <message>
        <source>{n} xung đột</source>
        <translation>{n} conflict(s)</translation>
    </message>
    <message>
        <source>Có thay đổi bị máy chủ từ chối: mở hồ sơ để xem giải thích.</source>
        <translation>The server refused some changes: open the dossier to see the explanation.</translation>
    </message>
    <message>
        <source>đồng bộ bị treo</source>
        <translation>sync stalled</translation>
    </message>
    <message>
        <source>Còn thay đổi chờ gửi nhưng không tiến triển; phần mềm đã thử kết nối lại.</source>
        <translation>Changes are waiting but nothing moves; the software has reconnected.</translation>
    </message>
    <message>
        <source>đồng hồ {offset}</source>
        <translation>clock {offset}</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <source>Công dân xin rút hồ sơ</source>
        <translation>Citizen withdraws the dossier</translation>
    </message>
    <message>
        <source>Ghi lại yêu cầu rút hồ sơ của công dân và lý do.</source>
        <translation>Record the citizen’s request to withdraw the dossier, and the reason.</translation>
    </message>
    <message>
        <source>Ví dụ: Công dân không còn nhu cầu</source>
        <translation>E.g. The citizen no longer needs it</translation>
    </message>
    <message>
        <source>&amp;Lý do xin rút:</source>
        <translation>&amp;Reason for withdrawal:</translation>
    </message>
    <message>
        <source>Ghi nhận xin rút</source>
        <translation>Record withdrawal</translation>
    </message>
</context>
<context>
    <name>_FeeTexts</name>
    <message>
        <source>Theo quy định của tỉnh</source>
        <translation>As set by the province</translation>
    </message>
    <message>
        <source>Không thu</source>
        <translation>No charge</translation>
    </message>
</context>
<context>
    <name>copy_types</name>
    <message>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Bản sao có chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <source>Bản chụp</source>
        <translation>Photocopy</translation>
    </message>
    <message>
        <source>Bản điện tử</source>
        <translation>Electronic copy</translation>
    </message>
    <message>
        <source>Xuất trình để đối chiếu</source>
        <translation>Shown for verification</translation>
    </message>
</context>
<context>
    <name>intake</name>
    <message>
        <source>{amount} đ</source>
        <translation>{amount} đ</translation>
    </message>
    <message>
        <source>thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Chủ nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>{h} giờ {m} phút, ngày {d} tháng {mo} năm {y}</source>
        <translation>{h}:{m} on {d}/{mo}/{y}</translation>
    </message>
    <message>
        <source>Trong ngày (nhận sau {cutoff} trả ngày làm việc tiếp theo)</source>
        <translation>Same day (if received after {cutoff}: the next working day)</translation>
    </message>
    <message>
        <source>Trong ngày</source>
        <translation>Same day</translation>
    </message>
    <message>
        <source>{n} ngày làm việc</source>
        <translation>{n} working day(s)</translation>
    </message>
    <message>
        <source>{n} giờ làm việc</source>
        <translation>{n} working hour(s)</translation>
    </message>
    <message>
        <source>{n} ngày</source>
        <translation>{n} day(s)</translation>
    </message>
    <message>
        <source>chưa có mức thu</source>
        <translation>amount not set yet</translation>
    </message>
    <message>
        <source>{amount}/{per}</source>
        <translation>{amount}/{per}</translation>
    </message>
    <message>
        <source>Không thu</source>
        <translation>No charge</translation>
    </message>
    <message>
        <source>nhiều mức: {amounts}</source>
        <translation>several rates: {amounts}</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Bản sao có chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <source>Bản chụp</source>
        <translation>Photocopy</translation>
    </message>
    <message>
        <source>Bản điện tử</source>
        <translation>Electronic copy</translation>
    </message>
    <message>
        <source>Xuất trình</source>
        <translation>Shown for checking</translation>
    </message>
    <message>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>Bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Tại Bộ phận Một cửa</source>
        <translation>At the one-stop desk</translation>
    </message>
    <message>
        <source>Qua dịch vụ bưu chính</source>
        <translation>By postal service</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Một cửa — lỗi khởi động</source>
        <translation>One-stop desk — start-up error</translation>
    </message>
    <message>
        <source>Bản trình diễn: cán bộ {officer} / {officer_pw}, quản trị {admin} / {admin_pw}</source>
        <translation>Demo: officer {officer} / {officer_pw}, administrator {admin} / {admin_pw}</translation>
    </message>
    <message>
        <source>Không mở được kho dữ liệu tại {path}.</source>
        <translation>Could not open the data store at {path}.</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Hồ sơ đã kết thúc, không thể thực hiện thêm bước nào.</source>
        <translation>The dossier is closed; no further steps are possible.</translation>
    </message>
    <message>
        <source>Bước này không thực hiện được ở trạng thái hiện tại của hồ sơ.</source>
        <translation>This step is not possible in the dossier’s current status.</translation>
    </message>
    <message>
        <source>Chỉ được yêu cầu bổ sung hồ sơ một lần.</source>
        <translation>A supplement can be requested only once.</translation>
    </message>
    <message>
        <source>Cần ghi rõ lý do.</source>
        <translation>Please state the reason.</translation>
    </message>
    <message>
        <source>Chỉ được gia hạn một lần.</source>
        <translation>A dossier can be extended only once.</translation>
    </message>
    <message>
        <source>Hồ sơ không còn trong thời gian giải quyết.</source>
        <translation>The dossier is no longer being processed.</translation>
    </message>
    <message>
        <source>Trạng thái không tồn tại.</source>
        <translation>Unknown status.</translation>
    </message>
    <message>
        <source>Bước này không được phép.</source>
        <translation>This step is not allowed.</translation>
    </message>
    <message>
        <source>Giá trị không hợp lệ: {field}</source>
        <translation>Invalid value: {field}</translation>
    </message>
    <message>
        <source>Không tìm thấy {key}.</source>
        <translation>{key} not found.</translation>
    </message>
    <message>
        <source>Kho dữ liệu chưa được khởi tạo.</source>
        <translation>The data store has not been initialised.</translation>
    </message>
    <message>
        <source>Máy này đã cấp hết 999 mã hồ sơ trong ngày {day}.</source>
        <translation>This computer has used up all 999 dossier codes for {day}.</translation>
    </message>
    <message>
        <source>Sai tên đăng nhập hoặc mật khẩu.</source>
        <translation>Wrong username or password.</translation>
    </message>
    <message>
        <source>Lỗi không mong đợi: {error}</source>
        <translation>Unexpected error: {error}</translation>
    </message>
</context>
<context>
    <name>processing_time</name>
    <message>
        <source>Trong ngày (nhận trước {cutoff})</source>
        <translation>Same day (if received before {cutoff})</translation>
    </message>
    <message>
        <source>Trong ngày</source>
        <translation>Same day</translation>
    </message>
    <message numerus="yes">
        <source>%n ngày làm việc</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ngày</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n giờ làm việc</source>
        <translation>
            <numerusform>%n working hour</numerusform>
            <numerusform>%n working hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>states</name>
    <message>
        <source>Đã tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Đang giải quyết</source>
        <translation>Processing</translation>
    </message>
    <message>
        <source>Chờ bổ sung hồ sơ</source>
        <translation>Awaiting supplement</translation>
    </message>
    <message>
        <source>Đã nhận bổ sung</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <source>Đã chuyển cơ quan giải quyết</source>
        <translation>Forwarded to handling agency</translation>
    </message>
    <message>
        <source>Có kết quả, chờ trả</source>
        <translation>Result ready to hand back</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Result handed back</translation>
    </message>
    <message>
        <source>Từ chối tiếp nhận</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Công dân xin rút hồ sơ</source>
        <translation>Withdrawal requested</translation>
    </message>
    <message>
        <source>Nộp trực tuyến, chờ tiếp nhận</source>
        <translation>Filed online, awaiting reception</translation>
    </message>
    <message>
        <source>Dừng giải quyết</source>
        <translation>Processing stopped</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>đồng bộ xong</source>
        <translation>sync done</translation>
    </message>
    <message>
        <source>không kết nối được máy chủ</source>
        <translation>could not connect to the server</translation>
    </message>
    <message>
        <source>mạng trả về trang không phải máy chủ đồng bộ (cần đăng nhập mạng?)</source>
        <translation>the network returned a page that is not the sync server (network login needed?)</translation>
    </message>
    <message>
        <source>máy chủ tạm thời lỗi, sẽ thử lại</source>
        <translation>temporary server error, will retry</translation>
    </message>
    <message>
        <source>thiết bị đã bị thu hồi, liên hệ quản trị cấp huyện</source>
        <translation>device revoked, contact the district administrator</translation>
    </message>
    <message>
        <source>cần cập nhật phần mềm để đồng bộ</source>
        <translation>software update required to sync</translation>
    </message>
    <message>
        <source>máy chưa đăng ký với máy chủ</source>
        <translation>computer not enrolled with the server</translation>
    </message>
    <message>
        <source>máy chủ trả lời không đúng giao thức</source>
        <translation>the server&apos;s answer breaks the protocol</translation>
    </message>
    <message>
        <source>lỗi phần mềm khi đồng bộ</source>
        <translation>software error while syncing</translation>
    </message>
    <message>
        <source>{n} giây</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} phút</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} giờ</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n} ngày</source>
        <translation>{n} day(s)</translation>
    </message>
    <message>
        <source>{h} giờ {m} phút</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <source>chậm {amount}</source>
        <translation>{amount} slow</translation>
    </message>
    <message>
        <source>nhanh {amount}</source>
        <translation>{amount} fast</translation>
    </message>
</context>
</TS>
