<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
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
        <source>{unit} — {parent} — mã cơ quan {code}</source>
        <translation>{unit} — {parent} — agency code {code}</translation>
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
        <source>Đóng chương trình</source>
        <translation>Close the application</translation>
    </message>
    <message>
        <source>Đang đếm thay đổi chưa đồng bộ…</source>
        <translation>Counting unsynchronised changes…</translation>
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
    <name>main</name>
    <message>
        <source>Một cửa — lỗi khởi động</source>
        <translation>One-stop desk — start-up error</translation>
    </message>
    <message>
        <source>Kho dữ liệu tại {path} chưa được khởi tạo.
Cán bộ tin học chạy: motcua init --data-dir … --agency-code … --commune-name …</source>
        <translation>The data store at {path} has not been initialised.
IT staff: run motcua init --data-dir … --agency-code … --commune-name …</translation>
    </message>
    <message>
        <source>Không mở được kho dữ liệu tại {path}.</source>
        <translation>Could not open the data store at {path}.</translation>
    </message>
</context>
</TS>
