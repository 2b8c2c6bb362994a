"""The certificate as an A4 PDF in English and Traditional Chinese (reportlab).

Latin text is set in Helvetica; everything Helvetica cannot show (Chinese above all) in reportlab's
built-in CID font MSung-Light, which PDF readers supply themselves, so nothing has to be shipped or
downloaded. A reader without Chinese fonts shows boxes there; CERTIFICATE_CJK_FONT (a TrueType font
with Traditional Chinese, e.g. Debian's fonts-arphic-uming) is then embedded instead, as a subset.
Each string is looked up in both languages (translation.override), whatever the language of the
person downloading it.
"""

import functools
import hashlib
import logging
from io import BytesIO
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import labels
from .labels import (
    AS_OF,
    CERTIFIES,
    COMPLETED_AT,
    DATE,
    HOURS,
    NOTHING,
    PROGRAM,
    SIGNED_BY,
    TASK,
    TIME,
    TITLE,
    TOTAL,
    VERIFY,
)
from .selectors import CertificateContent

LATIN = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
CJK = "MSung-Light"
EMBEDDED_CJK = "CertificateCJK"
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")


class TraditionalChineseFont(UnicodeCIDFont):
    """MSung-Light with the CMap of its own character collection.

    reportlab (5.1) names UniGB-UCS2-H for it, the CMap of simplified Chinese's Adobe-GB1 collection,
    while the font declares Adobe-CNS1: readers that follow the CMap pick wrong glyphs or none. The
    text is written as UCS-2 either way, so only the name changes.
    """

    def __init__(self):
        super().__init__(CJK)
        self.encodingName = "UniCNS-UCS2-H"


pdfmetrics.registerFont(TraditionalChineseFont())
logger = logging.getLogger(__name__)


def cjk_font() -> str:
    """The font of what Helvetica cannot show: the configured TrueType font, embedded, else MSung-Light."""
    return _embedded_font(settings.CERTIFICATE_CJK_FONT) if settings.CERTIFICATE_CJK_FONT else CJK


@functools.cache
def _embedded_font(path: str) -> str:
    name = f"{EMBEDDED_CJK}-{hashlib.sha256(path.encode()).hexdigest()[:12]}"
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))  # a collection (.ttc): its first face
    except Exception:  # noqa: BLE001 - any unreadable font: certificates still come out, and the log says why
        logger.exception("CERTIFICATE_CJK_FONT %s cannot be used; falling back to %s", path, CJK)
        return CJK
    return name


def _latin(char: str) -> bool:
    try:
        char.encode("cp1252")  # Helvetica's encoding in reportlab (WinAnsi)
    except UnicodeEncodeError:
        return False
    return True


def mixed(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for any text: runs Helvetica can show, the rest in the CID font."""
    runs: list[tuple[bool, str]] = []
    for char in str(text):
        latin = _latin(char)
        if runs and runs[-1][0] == latin:
            runs[-1] = (latin, runs[-1][1] + char)
        else:
            runs.append((latin, char))
    latin_font, other_font = (LATIN_BOLD if bold else LATIN), cjk_font()
    return "".join(
        f'<font name="{latin_font if latin else other_font}">{escape(run)}</font>' for latin, run in runs if run
    )


def both(message, **params) -> list[str]:
    return labels.texts(labels.both(message, **params))


def _in_each_language(function) -> list[str]:
    return labels.texts(labels.in_each_language(function))


def _style(name: str, size: float, *, leading: float | None = None, **extra) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=LATIN,
        fontSize=size,
        leading=leading or size * 1.35,
        textColor=extra.pop("textColor", INK),
        wordWrap="CJK",  # Chinese has no spaces to break at
        **extra,
    )


STYLES = {
    "edition": _style("edition", 11, alignment=TA_CENTER, textColor=MUTED),
    "title": _style("title", 24, leading=30, alignment=TA_CENTER),
    "lead": _style("lead", 11, alignment=TA_CENTER),
    "name": _style("name", 20, leading=28, alignment=TA_CENTER, spaceBefore=4, spaceAfter=4),
    "cell": _style("cell", 9.5),
    "cell_right": _style("cell_right", 9.5, alignment=TA_RIGHT),
    "head": _style("head", 8.5, textColor=MUTED),
    "head_right": _style("head_right", 8.5, alignment=TA_RIGHT, textColor=MUTED),
    "small": _style("small", 8.5, textColor=MUTED),
    "signer": _style("signer", 12, leading=16),
}


def _para(texts: list[str] | str, style: str, *, bold: bool = False) -> Paragraph:
    texts = [texts] if isinstance(texts, str) else texts
    return Paragraph("<br/>".join(mixed(text, bold=bold) for text in texts), STYLES[style])


class QRCode(Flowable):
    """A QR code drawn as vector squares (segno's matrix), so it prints sharp at any size."""

    def __init__(self, payload: str, size: float):
        super().__init__()
        self.code = segno.make(payload, error="m")
        self.size = size
        self.width = self.height = size

    def draw(self):
        rows = list(self.code.matrix_iter(border=4))
        module = self.size / len(rows)
        self.canv.setFillColor(colors.black)
        for y, row in enumerate(rows):
            for x, dark in enumerate(row):
                if dark:
                    self.canv.rect(x * module, self.size - (y + 1) * module, module, module, stroke=0, fill=1)


def _tasks_table(content: CertificateContent, width: float) -> Table:
    rows = [
        [
            _para(both(DATE), "head"),
            _para(both(TASK), "head"),
            _para(both(TIME), "head"),
            _para(both(HOURS), "head_right"),
        ]
    ]
    for task in content.tasks:
        rows.append(
            [
                _para(task.date_text, "cell"),
                _para(task.title, "cell"),
                _para(task.time_text, "cell"),
                _para(task.hours_text, "cell_right"),
            ]
        )
    rows.append(
        ["", _para(both(TOTAL), "cell", bold=True), "", _para(content.total_hours_text, "cell_right", bold=True)]
    )
    table = Table(rows, colWidths=[width * 0.18, width * 0.5, width * 0.2, width * 0.12], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _signature(content: CertificateContent, width: float) -> Table:
    signer = content.signer
    names = _in_each_language(lambda: signer.name)
    titles = _in_each_language(lambda: signer.title)
    block = [
        _para(both(SIGNED_BY), "small"),
        Spacer(1, 10 * mm),
        _para(names, "signer", bold=True),
    ]
    if titles:
        block.append(_para(titles, "small"))
    table = Table([[block]], colWidths=[width * 0.55], hAlign="RIGHT")
    table.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0, colors.white)]))
    return table


def _verification(content: CertificateContent, width: float) -> Table:
    url = content.verify_url
    today = timezone.localdate(timezone=content.edition.tzinfo).isoformat()
    text = [
        _para(both(VERIFY), "small", bold=True),
        _para(url, "small"),
        Spacer(1, 3 * mm),
        _para(both(AS_OF, date=today), "small"),
    ]
    table = Table([[QRCode(url, 30 * mm), text]], colWidths=[34 * mm, width - 34 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    return table


def _footer(url: str):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(LATIN, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(doc.leftMargin, 12 * mm, url)
        canvas.drawRightString(A4[0] - doc.rightMargin, 12 * mm, str(doc.page))
        canvas.restoreState()

    return draw


def certificate_pdf(content: CertificateContent) -> bytes:
    """The certificate as PDF bytes."""
    buffer = BytesIO()
    titles = both(TITLE)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=" · ".join([*titles, content.edition.name]),
        author=_in_each_language(lambda: content.signer.name)[0],
        subject=content.name,
        creator=settings.SITE_NAME,
        lang="en",
    )
    width = doc.width
    story = [
        _para([content.edition.name, *both(PROGRAM, SITE_NAME=settings.SITE_NAME)], "edition"),
        Spacer(1, 4 * mm),
        _para(titles, "title", bold=True),
        Spacer(1, 8 * mm),
        _para(both(CERTIFIES), "lead"),
        _para(content.name, "name", bold=True),
        _para(both(COMPLETED_AT, edition=content.edition.name), "lead"),
        Spacer(1, 8 * mm),
    ]
    story.append(_tasks_table(content, width) if content.tasks else _para(both(NOTHING), "lead"))
    story += [
        Spacer(1, 12 * mm),
        KeepTogether([_signature(content, width), Spacer(1, 10 * mm), _verification(content, width)]),
    ]
    footer = _footer(content.verify_url)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
