"""The fixed wording of the forms, in one replaceable dataclass.

The texts follow the TT 01/2018/TT-VPCP forms under their TT 03/2025/TT-VPCP names
(docs/forms/README.md says what is verified). Wording that a province adapts (unit names,
address, telephone, lookup address, place name) is not here: it comes from the commune's
``AgencyInfo``. A caller that needs other wording passes ``dataclasses.replace(LABELS, ...)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    # Header (NĐ 30/2020 thể thức)
    national_name: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"
    number_prefix: str = "Số:"

    # Titles (TT 03/2025 names)
    title_01: str = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    title_02: str = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
    title_03: str = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
    title_04: str = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    title_05: str = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
    title_06: str = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
    title_07: str = "SỔ THEO DÕI HỒ SƠ"
    title_checklist: str = "DANH MỤC GIẤY TỜ CẦN CHUẨN BỊ KHI NỘP HỒ SƠ"

    copy_1: str = "Liên 1: Lưu"
    copy_2: str = "Liên 2: Giao người nộp hồ sơ"

    # Captions
    dossier_code: str = "Mã hồ sơ:"
    desk: str = "Bộ phận tiếp nhận và trả kết quả:"
    received_from: str = "Tiếp nhận hồ sơ của:"
    received_from_02: str = "Tiếp nhận hồ sơ của Ông/Bà:"
    id_number: str = "Số định danh cá nhân:"
    address: str = "Địa chỉ:"
    phone: str = "Số điện thoại:"
    email: str = "Email:"
    request: str = "Nội dung yêu cầu giải quyết:"
    procedure_code: str = "mã thủ tục"
    documents_01: str = "1. Thành phần hồ sơ nộp gồm:"
    sets_01: str = "2. Số lượng hồ sơ: {sets:02d} (bộ)"
    time_01: str = "3. Thời gian giải quyết hồ sơ theo quy định là: {time}"
    received_at_01: str = "4. Thời gian nhận hồ sơ: {at}"
    due_at_01: str = "5. Thời gian trả kết quả giải quyết hồ sơ: {at}"
    delivery_01: str = "6. Đăng ký nhận kết quả tại: {place}"
    fee_01: str = "7. Phí, lệ phí: {fee}"
    delivery_post: str = "nhà (địa chỉ: {address}) qua dịch vụ bưu chính công ích"
    book_entry: str = "Vào Sổ theo dõi hồ sơ, Quyển số: {book} Số thứ tự: {no}"
    book_volume_blank: str = "……"

    # Document table
    col_no: str = "TT"
    col_document: str = "Tên giấy tờ"
    col_copy_type: str = "Hình thức"
    col_copies: str = "Số lượng"
    col_required: str = "Bắt buộc"
    yes: str = "Có"
    no: str = "Không"
    no_documents: str = "(Không có giấy tờ)"

    # Time texts
    hours_minutes_date: str = "{H} giờ {M} phút, ngày {d} tháng {m} năm {y}"
    place_date: str = "{place}, ngày {d} tháng {m} năm {y}"
    time_working_days: str = "{n:02d} ngày làm việc"
    time_working_hours: str = "{n:02d} giờ làm việc"
    time_calendar_days: str = "{n:02d} ngày"
    time_same_day: str = "trong ngày làm việc"
    time_same_day_cutoff: str = (
        "trong ngày làm việc (hồ sơ nhận sau {cutoff} trả kết quả trong ngày làm việc tiếp theo)"
    )

    # Signatures
    sign_note: str = "(Ký và ghi rõ họ tên)"
    sign_note_head: str = "(Ký, ghi rõ họ tên và đóng dấu)"
    signer_applicant: str = "NGƯỜI NỘP HỒ SƠ"
    signer_officer: str = "NGƯỜI TIẾP NHẬN HỒ SƠ"
    signer_guide: str = "NGƯỜI HƯỚNG DẪN"
    signer_head: str = "THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT"

    # Mẫu 01 notes (TT 01/2018 text)
    notes_title: str = "Ghi chú:"
    notes_01: tuple[str, ...] = (
        "- Giấy tiếp nhận và hẹn trả kết quả được lập thành 2 liên; một liên chuyển kèm theo "
        "Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận tiếp nhận và trả kết "
        "quả; một liên giao cho cá nhân, tổ chức nộp hồ sơ;",
        "- Cá nhân, tổ chức có thể đăng ký nhận kết quả tại Bộ phận tiếp nhận và trả kết quả hoặc "
        "tại nhà (trụ sở tổ chức) qua dịch vụ bưu chính.",
    )
    lookup_01: str = "- Tra cứu tình trạng hồ sơ: quét mã QR hoặc truy cập {url}, nhập mã hồ sơ."
    lookup_01_no_url: str = "- Tra cứu tình trạng hồ sơ: quét mã QR (mã hồ sơ)."
    phone_note: str = "- Điện thoại liên hệ: {phone}."

    # Contact sentence (Mẫu 02, 03, 05, checklist), filled from AgencyInfo
    contact_lookup: str = "tra cứu tại {url}"
    contact_unit: str = "liên hệ với {unit}"
    contact_phone: str = "số điện thoại {phone}"

    # Mẫu 02
    supplement_intro: str = "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:"
    supplement_missing: str = "Các thành phần hồ sơ cần bổ sung:"
    reason: str = "Lý do:"
    supplement_contact: str = (
        "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà có thể {how} để được "
        "hướng dẫn./."
    )

    # Mẫu 03
    refuse_text: str = (
        "Qua xem xét, Bộ phận tiếp nhận hồ sơ của {unit} thông báo không tiếp nhận, giải quyết "
        "hồ sơ này với lý do cụ thể như sau:"
    )
    refuse_inform: str = "Xin thông báo cho Ông/Bà được biết và thực hiện./."
    refuse_contact: str = "Mọi vướng mắc, Ông/Bà vui lòng {how}."

    # Mẫu 04
    dear: str = "Kính gửi:"
    dear_person: str = "Ông/Bà {name}"
    apology_received: str = (
        "Ngày {date}, {unit} tiếp nhận hồ sơ đề nghị giải quyết thủ tục {procedure} của Ông/Bà, "
        "mã hồ sơ {code}."
    )
    apology_due: str = "Thời gian hẹn trả kết quả giải quyết hồ sơ: {at}."
    apology_late: str = (
        "Tuy nhiên, đến nay {agency} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời hạn "
        "ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
    )
    apology_sorry: str = (
        "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {agency} xin lỗi Ông/Bà và đề nghị gia hạn "
        "thời gian giải quyết hồ sơ; thời gian hẹn trả kết quả lại: {at}."
    )
    apology_thanks: str = "Rất mong nhận được sự thông cảm của Ông/Bà./."
    recipients: str = "Nơi nhận:"
    recipient_person: str = "- Ông/Bà {name};"
    recipient_file: str = "- Lưu: hồ sơ {code}."

    # Mẫu 05
    stop_received: str = (
        "Ngày {date}, {unit} tiếp nhận hồ sơ đề nghị giải quyết thủ tục {procedure} của Ông/Bà, "
        "mã hồ sơ {code}, hẹn trả kết quả {due}."
    )
    stop_withdrawal: str = "Ngày {date}, Ông/Bà có yêu cầu rút hồ sơ, dừng giải quyết hồ sơ."
    stop_decision: str = "{agency} thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày {date}."
    stop_fees: str = "Phí, lệ phí đã nộp (nếu có) được xử lý theo quy định của pháp luật."
    stop_contact: str = "Mọi vướng mắc, Ông/Bà vui lòng {how}./."

    # Mẫu 06
    handling_unit: str = "Cơ quan (bộ phận) giải quyết hồ sơ:"
    partner_unit: str = "Cơ quan phối hợp giải quyết hồ sơ:"
    col_units: str = "TÊN CƠ QUAN"
    col_handover: str = "THỜI GIAN GIAO, NHẬN HỒ SƠ"
    col_outcome: str = "KẾT QUẢ GIẢI QUYẾT HỒ SƠ"
    col_outcome_note: str = "(Trước hạn/đúng hạn/quá hạn)"
    col_note: str = "GHI CHÚ"
    give: str = "1. Giao: {who}"
    take: str = "2. Nhận: {who}"
    actor: str = "Người thực hiện: {name}"
    citizen: str = "Người nộp hồ sơ"
    specialist: str = "Công chức chuyên môn"
    early: str = "Trước hạn"
    on_time: str = "Đúng hạn"
    late: str = "Quá hạn"
    notes_06: tuple[str, ...] = (
        "- Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính công ích theo Quyết định số "
        "45/2016/QĐ-TTg thì thời gian giao, nhận hồ sơ và việc ký nhận thể hiện trong hóa đơn "
        "của cơ quan Bưu chính;",
        "- Kết quả giải quyết hồ sơ do bên nhận hồ sơ ghi khi nhận bàn giao hồ sơ;",
        "- Trường hợp Hệ thống thông tin một cửa điện tử chưa vận hành, người giao và người nhận "
        "phải ký và ghi rõ họ tên. Khi Hệ thống thông tin một cửa điện tử đã vận hành, việc lưu "
        "vết được thực hiện tự động và thể hiện trên mẫu phiếu điện tử.",
    )
    note_supplement: str = "Yêu cầu bổ sung: {reason}"
    note_refused: str = "Từ chối tiếp nhận: {reason}"
    note_withdrawal: str = "Công dân xin rút hồ sơ: {reason}"
    note_stopped: str = "Dừng giải quyết: {reason}"
    note_extension: str = "Gia hạn đến {due}: {reason}"

    # Mẫu 07
    book_period: str = "Từ ngày {start} đến ngày {end}"
    book_cols: tuple[str, ...] = (
        "TT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        "Nhận kết quả từ cơ quan giải quyết",
        "Trả kết quả cho cá nhân, tổ chức",
        "Ghi chú",
    )
    book_dates_group: str = "Ngày, tháng, năm"
    book_signature: str = "Ký nhận"
    book_empty: str = "Không có hồ sơ tiếp nhận trong kỳ."
    book_count: str = "Tổng số: {n} hồ sơ."
    page: str = "Trang {n}/{total}"

    # Checklist
    checklist_procedure: str = "Thủ tục: {name}"
    checklist_code: str = "Mã thủ tục: {code}; lĩnh vực: {field}"
    checklist_intro: str = "Khi nộp hồ sơ, Ông/Bà cần chuẩn bị các giấy tờ sau:"
    checklist_time: str = "Thời hạn giải quyết: {time}."
    checklist_fees: str = "Phí, lệ phí:"
    checklist_fee_line: str = "- {name}: {amount}"
    checklist_fee_council: str = "theo mức do Hội đồng nhân dân tỉnh quy định"
    checklist_fee_free: str = "không thu"
    checklist_where: str = "Nơi nộp hồ sơ: {unit}{address}."
    checklist_contact: str = "Cần hướng dẫn thêm, Ông/Bà vui lòng {how}."
    checklist_version: str = "Theo danh mục thủ tục hành chính phiên bản {version}."
    currency: str = "{amount} đồng"

    # Copy types (app.catalogue_schema.COPY_TYPES)
    copy_types: tuple[tuple[str, str], ...] = (
        ("original", "Bản chính"),
        ("certified_copy", "Bản sao có chứng thực"),
        ("photocopy", "Bản chụp"),
        ("electronic", "Bản điện tử"),
        ("presented", "Xuất trình để đối chiếu"),
    )

    def copy_type(self, code: str) -> str:
        return dict(self.copy_types).get(code, code)


LABELS = Labels()
