"""The page strip: one thumbnail per scanned page, in document order, blank pages flagged.

The strip shows a :class:`~app.scanning.pipeline.PageSet`; it never reorders anything itself.
Each item carries its page's ``id`` (``Qt.UserRole``), so the selection survives a rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QPixmap, QTransform
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from app.scanning.pipeline import Page
from app.scanning.profiles import Profile

THUMB_SIZE = 160
BLANK_BACKGROUND = "#fde7e9"
BLANK_TEXT = "#b00020"


def profile_label(profile: Profile | str) -> str:
    """The officer's name of a page profile."""
    return {
        Profile.TEXT: QCoreApplication.translate("ScanProfiles", "Văn bản"),
        Profile.SEAL: QCoreApplication.translate("ScanProfiles", "Có dấu đỏ, ảnh"),
        Profile.GREY: QCoreApplication.translate("ScanProfiles", "Ảnh xám"),
        Profile.HIGH: QCoreApplication.translate("ScanProfiles", "Chất lượng cao"),
    }[Profile(profile)]


class PageStrip(QListWidget):
    """Thumbnails of the pages, left to right, wrapping. Keys are the dialog's actions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scan.pages")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.setGridSize(QSize(THUMB_SIZE + 40, THUMB_SIZE + 64))
        self.setSpacing(4)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._thumbs: dict[int, QImage] = {}

    # -- thumbnails ----------------------------------------------------------------------------

    def remember_thumbnail(self, page: Page, thumb: QImage) -> None:
        """The upright thumbnail as scanned; rotations are applied when shown."""
        self._thumbs[page.id] = thumb

    def forget(self, pages: Sequence[Page]) -> None:
        for page in pages:
            self._thumbs.pop(page.id, None)

    def _icon(self, page: Page) -> QIcon:
        thumb = self._thumbs.get(page.id)
        if thumb is None:
            return QIcon()
        if page.rotation:
            thumb = thumb.transformed(QTransform().rotate(page.rotation))
        return QIcon(QPixmap.fromImage(thumb))

    # -- items ---------------------------------------------------------------------------------

    def _describe(self, item: QListWidgetItem, page: Page, number: int) -> None:
        lines = [self.tr("Trang {n}").format(n=number)]
        if page.blank:
            lines.append(self.tr("TRANG TRẮNG"))
        lines.append(profile_label(page.profile))
        item.setText("\n".join(lines))
        item.setIcon(self._icon(page))
        item.setData(Qt.ItemDataRole.UserRole, page.id)
        tip = [self.tr("Trang {n}: {profile}").format(n=number, profile=lines[-1])]
        if page.rotation:
            tip.append(self.tr("Đã xoay {deg}°").format(deg=page.rotation))
        if page.blank:
            tip.append(self.tr("Có vẻ là trang trắng: bấm Bỏ trang trắng hoặc Del để bỏ."))
            item.setBackground(QBrush(QColor(BLANK_BACKGROUND)))
            item.setForeground(QBrush(QColor(BLANK_TEXT)))
        else:
            item.setBackground(QBrush())
            item.setForeground(QBrush())
        item.setToolTip("\n".join(tip))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, " ".join(lines))

    def show_pages(self, pages: Sequence[Page], current: int | None = None) -> None:
        """Make the strip show ``pages`` in order (cheap: icons come from cached images) and
        select the page with id ``current``, if given."""
        while self.count() > len(pages):
            self.takeItem(self.count() - 1)
        while self.count() < len(pages):
            self.addItem(QListWidgetItem())
        for row, page in enumerate(pages):
            item = self.item(row)
            if item is not None:
                self._describe(item, page, row + 1)
        if current is not None:
            for row, page in enumerate(pages):
                if page.id == current:
                    self.setCurrentRow(row)
                    break

    def page_ids(self) -> list[int]:
        out = []
        for row in range(self.count()):
            item = self.item(row)
            if item is not None:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def blank_rows(self) -> list[int]:
        """Rows shown with the blank flag (for tests and screen readers)."""
        return [
            r
            for r in range(self.count())
            if (item := self.item(r)) is not None and self.tr("TRANG TRẮNG") in item.text()
        ]
