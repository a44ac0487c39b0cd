"""Preview of a printed form: the PDF itself, shown with QtPdf, before it goes to a printer.

What is shown is exactly what is printed: the same bytes that ``ui.printing`` rasterises for
the printer (or saves with "Lưu PDF…"). The dialog only shows and asks; printing and saving
are the caller's business, through the ``print_requested`` and ``save_requested`` signals.

Keys: Ctrl+P print, Ctrl+S save as PDF, PgDn/PgUp next/previous page, Home/End first/last
page, Esc close.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

_STATUS_COLOURS = {"info": "#123a63", "ok": "#1b5e20", "warning": "#8a4b00", "error": "#b71c1c"}


class PrintPreviewDialog(QDialog):
    """A PDF fitted to the window's width, all pages in one scrolling column.

    Signals:
        print_requested(): "In (Ctrl+P)".
        save_requested(): "Lưu PDF… (Ctrl+S)".
    """

    print_requested = Signal()
    save_requested = Signal()

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printing.preview")
        self.setWindowTitle(self.tr("Xem trước bản in — {title}").format(title=title))
        self.pdf = pdf
        self.title = title

        # QPdfDocument reads the device while it is open: keep the buffer with the document.
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)

        self.view = QPdfView(self)
        self.view.setObjectName("printing.preview.view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.pageNavigator().currentPageChanged.connect(self._on_navigator_current_page)

        self.page_label = QLabel("", self)
        self.page_label.setObjectName("printing.preview.page")
        self.status = QLabel("", self)
        self.status.setObjectName("printing.preview.status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()

        self.print_button = QPushButton(self.tr("In (Ctrl+P)"), self)
        self.print_button.setObjectName("printing.preview.print")
        self.print_button.setToolTip(self.tr("Chọn máy in, số bản, rồi in (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("Lưu PDF… (Ctrl+S)"), self)
        self.save_button.setObjectName("printing.preview.save")
        self.save_button.setToolTip(self.tr("Lưu biểu mẫu thành tệp PDF (Ctrl+S)"))
        self.close_button = QPushButton(self.tr("Đóng (Esc)"), self)
        self.close_button.setObjectName("printing.preview.close")
        for b in (self.print_button, self.save_button, self.close_button):
            b.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.close_button.clicked.connect(self.reject)

        self._action("printing.preview.action.print", "Ctrl+P", self.print_requested.emit)
        self._action("printing.preview.action.save", "Ctrl+S", self.save_requested.emit)
        self._action("printing.preview.action.next", "PgDown", self.next_page)
        self._action("printing.preview.action.previous", "PgUp", self.previous_page)
        self._action("printing.preview.action.first", "Home", lambda: self.go_to_page(0))
        self._action(
            "printing.preview.action.last", "End", lambda: self.go_to_page(self.page_count() - 1)
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.page_label)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        if self.document.status() != QPdfDocument.Status.Ready or not self.page_count():
            self.print_button.setEnabled(False)
            self.show_status(self.tr("Không mở được bản xem trước: tệp PDF bị hỏng."), "error")
        self._update_page_label()
        self._fit_to_screen()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        pdf: bytes,
        title: str,
        on_print: Callable[[], None],
        on_save: Callable[[], None],
    ) -> PrintPreviewDialog:
        """Open the preview (window-modal, never blocking); deleted when closed. Tests replace
        this to see which document would have been shown."""
        dialog = cls(pdf, title, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.print_requested.connect(on_print)
        dialog.save_requested.connect(on_save)
        dialog.open()
        return dialog

    # -- pages ---------------------------------------------------------------------------------

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def current_page(self) -> int:
        return int(self.view.pageNavigator().currentPage())

    def go_to_page(self, page: int) -> None:
        if not self.page_count():
            return
        page = max(0, min(page, self.page_count() - 1))
        navigator = self.view.pageNavigator()
        navigator.jump(page, QPointF(), navigator.currentZoom())
        self._update_page_label()

    @Slot()
    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    @Slot()
    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    # -- status --------------------------------------------------------------------------------

    def show_status(self, text: str, level: str = "info") -> None:
        """A line above the buttons: printing progress, the result, an error."""
        self.status.setText(text)
        colour = _STATUS_COLOURS.get(level, _STATUS_COLOURS["info"])
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setProperty("level", level)
        self.status.setVisible(bool(text))

    # -- internals -----------------------------------------------------------------------------

    def _action(self, name: str, key: str, slot: Callable[[], object]) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    @Slot(int)
    def _on_navigator_current_page(self, _page: int) -> None:
        self._update_page_label()

    def _update_page_label(self) -> None:
        n = self.page_count()
        self.page_label.setText(
            self.tr("Trang {page}/{pages}").format(page=self.current_page() + 1, pages=n)
            if n
            else ""
        )

    def _fit_to_screen(self) -> None:
        area = self.screen().availableGeometry()  # the primary screen before it is shown
        self.resize(min(860, int(area.width() * 0.9)), int(area.height() * 0.9))
