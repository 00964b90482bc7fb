"""Read IP complaint notices as sellers receive them, field by field, and never guess.

A notice reaches the seller as an e-mail (pasted into a text file, or saved as `.eml`) or as the
Account Health page copied from the browser. Its facts stand on labelled lines (FORMATS.md, "IP
complaint notices"): `ASIN:`, `Infringement type:`, `Complaint ID:`, the rights owner's name and
e-mail address. The labels change with the marketplace's language and with Amazon's wording over
the years (`Complaint reference`, `ASIN(s)`, `Beschwerde-ID`, `ID de la réclamation`, `苦情ID`,
`投诉编号`), so a label is recognised by the words in it rather than by an exact string; the value
beside it (or on the next line, as a copied page lays it out) is then read with a check of its
shape (an ASIN is ten letters and digits, an e-mail address has an `@`).

What is read is only what a label says. A field the notice does not state stays empty and is
reported as missing; a notice without an ASIN is reported and left out, because a complaint that
cannot be tied to a listing is of no use to the sweep and must not be tied to one by a guess. A
date written `04/11/2025` (day or month first?) is kept as written and not converted.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError
from ..exports.decode import decode_bytes
from ..model import Complaint
from ..text.normalise import fold

#: What the reader fills, in the order of the complaints file.
FIELDS: tuple[str, ...] = (
    "asin",
    "complaint_id",
    "date",
    "infringement_type",
    "rights_owner",
    "rights_owner_email",
    "brand_or_work",
    "right_asserted",
    "title",
)
#: How a missing field is named to the seller.
FIELD_NAMES: dict[str, str] = {
    "asin": "ASIN",
    "complaint_id": "complaint ID",
    "date": "date",
    "infringement_type": "infringement type",
    "rights_owner": "rights owner",
    "rights_owner_email": "rights owner e-mail",
    "brand_or_work": "brand or work named",
}
#: Fields a complaint should state; a missing one is reported (the complaint is still kept).
EXPECTED: tuple[str, ...] = (
    "complaint_id",
    "date",
    "infringement_type",
    "rights_owner",
    "rights_owner_email",
    "brand_or_work",
)
#: Notice-wide facts: stated once (one value only) in a notice that lists several ASINs, they
#: apply to each. Complaint IDs, titles and asserted rights are per ASIN and never carried over,
#: and a fact stated with two different values is carried over to none.
NOTICE_WIDE: tuple[str, ...] = (
    "date",
    "infringement_type",
    "rights_owner",
    "rights_owner_email",
    "brand_or_work",
)
TYPES: tuple[str, ...] = ("trademark", "copyright", "patent", "counterfeit")

# --- labels --------------------------------------------------------------------------------


def _words(*words: str) -> re.Pattern[str]:
    """Whole words (Latin scripts) or substrings (CJK, which has no spaces), folded."""
    parts = []
    for word in words:
        folded = fold(word)
        if re.fullmatch(r"[a-z0-9 '\u0153]+", folded):
            # Not \b: a Latin word stands beside CJK letters in `苦情ID`, and both count as
            # word characters to \b.
            parts.append(rf"(?<![a-z0-9]){re.escape(folded)}(?![a-z0-9])")
        else:
            parts.append(re.escape(folded))
    return re.compile("|".join(parts))


_HEADER = _words("from", "to", "cc", "bcc", "reply to", "von", "an", "de", "a", "para", "da",
                 "per", "差出人", "宛先", "发件人", "收件人")
_SUBJECT = _words("subject", "betreff", "objet", "asunto", "oggetto", "件名", "主题", "主旨")
_ASIN = _words("asin", "asins")
_MAIL = re.compile(r"mail|correo|" + "|".join(map(re.escape, map(fold, (
    "メール", "邮件", "邮箱", "電子郵件")))))
_COMPLAINT = _words(
    "complaint", "complaints", "notice", "report", "beschwerde", "meldung", "reclamation",
    "plainte", "reclamacion", "denuncia", "reclamo", "segnalazione", "苦情", "申し立て", "申立",
    "投诉", "投訴",
)
_ID = _words(
    "id", "number", "no", "nr", "nummer", "numero", "reference", "ref", "referenz",
    "referencia", "riferimento", "番号", "编号", "号码", "编码", "beschwerdenummer",
    "referenznummer", "aktenzeichen", "vorgangsnummer",
)
_REFERENCE = _words(
    # Not "case": a Seller Support case ID is not a complaint's.
    "reference", "ref", "referenz", "referencia", "riferimento", "beschwerdenummer",
    "referenznummer", "aktenzeichen", "vorgangsnummer", "参照番号", "案件番号", "编号",
)
_TYPE = _words("type", "types", "typ", "art", "tipo", "kind", "category", "種類", "種別",
               "类型", "タイプ", "种类", "类别")
_INFRINGEMENT = _words(
    "infringement", "violation", "verletzung", "rechtsverletzung", "verstoss", "infraction",
    "violation", "infraccion", "violacion", "violazione", "侵害", "侵权", "违规", "违反", "違反",
    "right", "rights", "recht", "rechts", "droit", "droits", "derecho", "derechos", "diritto",
    "diritti", "権利", "权利", "ip", "intellectual property",
)
_TYPE_ALONE = {fold(w) for w in (
    "type", "typ", "tipo", "infringement", "reason", "violation", "grund", "motif", "motivo",
    "理由", "原因", "侵害", "侵权", "violazione", "infraction", "infraccion", "verletzung",
    "rechtsverletzung",
)}
_ASSERTED = _words(
    "asserted", "registration", "registration number", "reg", "geltend", "gemacht",
    "eintragung", "registernummer", "invoque", "invoquee", "enregistrement", "reivindicado",
    "reivindicada", "registro", "rivendicato", "rivendicata", "registrazione", "登録番号",
    "登録", "注册号", "注册", "註冊", "patent number", "patent no", "patentnummer",
    "trademark number", "numero de brevet", "numero de patente", "numero di brevetto",
    "特許番号", "专利号", "商标号",
)
_RIGHT_ALONE = {fold(w) for w in (
    "copyright", "patent", "urheberrecht", "droit d'auteur", "derechos de autor",
    "diritto d'autore", "brevet", "patente", "brevetto", "著作権", "特許", "版权", "著作权", "专利",
)}
_OWNER = _words(
    "owner", "owners", "holder", "holders", "rechteinhaber", "rechteinhabers", "inhaber",
    "markeninhaber", "titulaire", "titular", "titolare", "proprietaire", "propietario",
    "proprietario", "complainant", "beschwerdefuhrer", "plaignant", "reclamante", "denunciante",
    "権利者", "権利所有者", "申立人", "申し立て者", "申立者", "权利人", "权利所有人", "投诉人",
    "投诉方", "權利人",
)
_BRAND = _words(
    "brand", "brands", "trademark", "trade mark", "mark", "marke", "markenname", "marque",
    "marca", "marchio", "ブランド", "商標", "品牌", "商标", "work", "copyrighted work", "werk",
    "\u0153uvre", "oeuvre", "obra", "opera", "作品", "著作物",
)
_TITLE = _words(
    "title", "product title", "item name", "product name", "titel", "produkttitel",
    "artikelname", "artikelbezeichnung", "produktname", "titre", "nom du produit", "titulo",
    "nombre del producto", "titolo", "nome del prodotto", "商品名", "タイトル", "商品名称",
    "标题", "商品标题", "产品名称", "標題",
)
_DATE = _words(
    "date", "dated", "datum", "fecha", "data", "sent", "received", "gesendet", "eingegangen",
    "envoye", "recu", "enviado", "recibido", "inviato", "ricevuto", "日付", "日時", "送信日時",
    "受信日時", "日期", "时间", "時間", "发送时间",
)
#: Labels longer than this are sentences of the letter, not labels.
_MAX_LABEL = 48


def _clean_label(label: str) -> str:
    text = fold(label).replace("\u2019", "'").replace("(s)", "").replace("（s）", "")
    text = re.sub(r"[-_./*#>•·\u30fb]+", " ", text)
    text = re.sub(r"'s\b", "", text)
    return " ".join(text.split()).strip(" '")


def classify(label: str) -> str | None:
    """The field a label names (`Complaint reference` -> `complaint_id`), or None.

    The order of the checks matters: `Rights owner email` is an e-mail before it is an owner,
    `Complaint type` a type before it is a complaint ID, `Brand owner` an owner before a brand.
    """
    text = _clean_label(label)
    if not text or len(text) > _MAX_LABEL:
        return None
    if _HEADER.fullmatch(text):
        return "header"
    if _SUBJECT.fullmatch(text):
        return "subject"
    if _ASIN.search(text):
        return "asin"
    if _MAIL.search(text):
        return "rights_owner_email"
    if text in _TYPE_ALONE or (_TYPE.search(text) and (
        _INFRINGEMENT.search(text) or _COMPLAINT.search(text)
    )):
        return "infringement_type"
    if _ASSERTED.search(text) or text in _RIGHT_ALONE:
        return "right_asserted"
    if (_COMPLAINT.search(text) or _REFERENCE.search(text)) and _ID.search(text):
        return "complaint_id"
    if _OWNER.search(text):
        return "rights_owner"
    if _BRAND.search(text):
        return "brand_or_work"
    if _TITLE.search(text):
        return "title"
    if _DATE.search(text) or (not text.isascii() and text.endswith("日")):
        return "date"
    return None


# --- values --------------------------------------------------------------------------------

#: ASINs are ten letters and digits: `B` and nine more for products, an ISBN-10 for books.
ASIN_RE = re.compile(r"(?<![A-Z0-9])(B[0-9A-Z]{9}|\d{9}[\dX])(?![A-Z0-9])")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_AMAZON_MAIL = re.compile(r"@(?:[a-z0-9\-]+\.)*amazon\.[a-z.]+$", re.I)
_COMPLAINT_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_/]*[0-9][A-Za-z0-9\-_/]*")


def asins_in(value: str) -> list[str]:
    """Every ASIN-shaped code in `value` (upper-cased), in order, each once."""
    text = fold(value).upper()
    return list(dict.fromkeys(m.group(1) for m in ASIN_RE.finditer(text)))


def infringement_type(value: str) -> str:
    """trademark, copyright, patent or counterfeit from the notice's wording; '' if not known.

    Checked by words in the major marketplace languages. Counterfeit wins over a trademark word
    in English, German, Japanese and Chinese ("Trademark - counterfeit"), but in French, Spanish
    and Italian `contrefaçon`/`falsificación`/`contraffazione` also mean infringement in general,
    so there a named right (`contrefaçon de marque`) wins.
    """
    text = _clean_label(value)
    if re.search(r"\bcounterfeit|gefalscht|falschung|偽造|模倣品|假冒|仿冒|假货|偽物", text):
        return "counterfeit"
    found = ""
    if re.search(r"patent|\bbrevet|\bbrevetto|gebrauchsmuster|特許|意匠|专利|專利", text):
        found = "patent"
    elif re.search(
        r"copyright|urheber|droits? d'auteur|derechos? de autor|diritt[oi] d'autore|著作権|版权"
        r"|著作权|版權",
        text,
    ):
        found = "copyright"
    elif re.search(
        r"trade ?mark|\bmarken?|markenrecht|\bmarque|\bmarca|\bmarchio|商標|商标|logo", text
    ):
        found = "trademark"
    if found:
        return found
    if re.search(r"contrefacon|falsificacion|falsificado|contraffazion|contraffatt", text):
        return "counterfeit"
    return ""


_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january janvier januar janner jaenner enero gennaio gen ene",
        "feb february fevrier fev februar febrero febbraio",
        "mar march mars marz maerz marzo",
        "apr april avril abril aprile avr abr",
        "may mai mayo maggio mag",
        "jun june juin juni junio giugno giu",
        "jul july juillet juil juli julio luglio lug",
        "aug august aout agosto ago",
        "sep sept september septembre septiembre settembre set",
        "oct october octobre oktober okt octubre ottobre ott",
        "nov november novembre noviembre",
        "dec december decembre dezember dez diciembre dicembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))


def _iso(year: int, month: int, day: int) -> str:
    if 1 <= month <= 12 and 1 <= day <= 31 and 1990 <= year <= 2100:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


def parse_date(value: str) -> tuple[str, str]:
    """(ISO date, problem) from a date as a notice writes it; ('', why) when it is not sure.

    Accepted: ISO and year-first dates (`2025-11-04`, `2025/11/04`, `2025年11月4日`), e-mail
    header dates, dates with month names in English, German, French, Spanish and Italian
    (`Nov 4, 2025`, `4. November 2025`, `4 de noviembre de 2025`), and day-first dates with dots
    (`04.11.2025`). `04/11/2025` is refused as ambiguous; `13/11/2025` is not.
    """
    text = fold(value)
    m = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text)
    if m:
        iso = _iso(int(m[1]), int(m[2]), int(m[3]))
        if iso:
            return iso, ""
    m = re.search(
        rf"(\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s*(?:de\s+)?({_MONTH})\b\.?,?\s*(?:de\s+)?(\d{{4}})",
        text,
    )
    if m:
        iso = _iso(int(m[3]), _MONTHS[m[2]], int(m[1]))
        if iso:
            return iso, ""
    m = re.search(rf"\b({_MONTH})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", text)
    if m:
        iso = _iso(int(m[3]), _MONTHS[m[1]], int(m[2]))
        if iso:
            return iso, ""
    m = re.search(r"\b(\d{1,2})([./-])(\d{1,2})\2(\d{4})\b", text)
    if m:
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        if m[2] == ".":  # dots are day-first wherever they are used (de, fr, it, ru...)
            iso = _iso(year, second, first)
        elif first > 12 >= second:
            iso = _iso(year, second, first)
        elif second > 12 >= first:
            iso = _iso(year, first, second)
        elif first == second:
            iso = _iso(year, first, second)
        else:
            return "", f"date {value.strip()!r} could be day/month or month/day; kept as written"
        if iso:
            return iso, ""
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat(), ""
    return "", f"date {value.strip()!r} not understood; kept as written"


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeComplaint:
    """One complained ASIN read from a notice, with what the notice left unsaid."""

    complaint: Complaint
    date_as_written: str = ""
    type_as_written: str = ""
    missing: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class NoticeProblem:
    """Something a notice did not say, or said in a way that could not be read.

    `kept` is False when nothing from that part of the notice went into the complaints file."""

    file: str
    message: str
    line: int | None = None
    kept: bool = True

    def describe(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        return f"{where}: {self.message}"


@dataclass(slots=True)
class NoticeRead:
    complaints: list[NoticeComplaint] = field(default_factory=list)
    problems: list[NoticeProblem] = field(default_factory=list)


@dataclass(slots=True)
class _Record:
    line: int
    values: dict[str, str] = field(default_factory=dict)
    asins: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)  # as written, for dates and types
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Message:
    records: list[_Record] = field(default_factory=list)
    emails_near_owner: list[str] = field(default_factory=list)
    first_line: int = 0

    @property
    def current(self) -> _Record | None:
        return self.records[-1] if self.records else None


class _TextOfHtml(HTMLParser):
    """Visible text of an HTML mail or a saved page: rows and paragraphs become lines, table
    cells tab-separated, so the labelled lines and tables read as they do when copied."""

    _BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "section", "article", "header", "footer", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = ("\t".join(c.strip() for c in line.split("\t")) for line in "".join(
        parser.parts).split("\n"))
    # No blank lines: in a page they are layout, and a table's rows must stay together.
    return "\n".join(kept for line in lines if (kept := line.strip("\t ")))


_EMAIL_HEADERS = re.compile(r"^(?:[A-Za-z-]+: .*\n)*(?:MIME-Version|Content-Type): ", re.I | re.M)


def notice_text(path: Path) -> str:
    """The readable text of a notice file: plain text, an `.eml` e-mail, or a saved page."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "notice file not found", "check the path") from None
    except OSError as exc:
        raise InputError(
            str(path), f"cannot be read ({exc.strerror})", "check permissions"
        ) from None
    suffix = path.suffix.lower()
    if suffix == ".msg" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            str(path),
            "is an Outlook .msg file, which is not read",
            "open the e-mail and save it as text (.txt) or as .eml, or paste its text into a file",
        )
    head = data[:4096].decode("ascii", errors="replace")
    if suffix == ".eml" or _EMAIL_HEADERS.match(head.replace("\r\n", "\n")):
        return _email_text(data)
    text, _ = decode_bytes(data, str(path))
    if suffix in (".html", ".htm") or re.match(r"\s*<(!doctype|html)", text, re.I):
        return html_text(text)
    return text


def _email_text(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=email.policy.default)
    lines = []
    for header in ("Date", "Subject"):
        value = message.get(header)
        if value:
            lines.append(f"{header}: {value}")
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        text = str(body.get_content())
        if body.get_content_type() == "text/html":
            text = html_text(text)
        lines.append(text)
    return "\n".join(lines)


def _split_label(line: str) -> tuple[str, str] | None:
    """(label, value) of a `Label: value` line (`:` or the fullwidth `：`, or a tab)."""
    # Not the colon of a URL: `https://...` is no label.
    m = re.match(r"^\s*(?:[-*•·>]\s*)?([^:：\t]{1,60}?)\s*(?:[:：](?!//)|\t)\s*(.*)$", line)
    if not m:
        return None
    return m[1], m[2].strip()


def _cells(line: str) -> list[str] | None:
    """The cells of a copied table row (tab- or `|`-separated), or None."""
    if line.count("\t") >= 2:
        return [c.strip() for c in line.split("\t")]
    if line.count("|") >= 3:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return None


class _Reader:
    """Walks a notice's lines, filling one record per complained ASIN."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.messages: list[_Message] = [_Message()]
        self.problems: list[NoticeProblem] = []

    @property
    def message(self) -> _Message:
        return self.messages[-1]

    def _new_message(self, line: int) -> None:
        if any(r.asins or r.values for r in self.message.records):
            self.messages.append(_Message(first_line=line))

    def _record_for(self, name: str, value: str, line: int) -> _Record:
        """The record a field belongs to: a second ASIN or complaint ID starts the next
        complaint, and so does any field already set once the current record has its ASIN
        (a notice lists complaint after complaint, in the same order of fields)."""
        record = self.message.current
        if record is None:
            record = _Record(line)
            self.message.records.append(record)
            return record
        if name == "asin":
            taken = bool(record.asins)
            same = set(asins_in(value)) <= set(record.asins)
        else:
            taken = name in record.values
            same = record.values.get(name) == value
        if taken and not same and (name in ("asin", "complaint_id") or record.asins):
            record = _Record(line)
            self.message.records.append(record)
        return record

    def set(self, name: str, value: str, line: int, extend: bool = False) -> None:
        if name == "header":
            self._new_message(line)
            return
        value = value.strip()
        if name == "subject" or not value:
            return
        if name == "rights_owner" and EMAIL_RE.search(value):
            address = EMAIL_RE.search(value)
            assert address is not None
            rest = (value[: address.start()] + value[address.end() :]).strip(" <>()[],;:-")
            self.set("rights_owner_email", address.group(), line)
            if rest:
                self.set("rights_owner", rest, line)
            return
        current = self.message.current
        if extend and current is not None:
            record = current
        else:
            record = self._record_for(name, value, line)
        if name == "asin":
            found = asins_in(value)
            if not found:
                record.notes.append(f"the ASIN field {value!r} holds no ASIN")
            record.asins.extend(a for a in found if a not in record.asins)
            return
        if name == "rights_owner_email":
            address = EMAIL_RE.search(value)
            if address is None:
                record.notes.append(f"no e-mail address in {value!r}")
                return
            if _AMAZON_MAIL.search(address.group()):
                return  # Amazon's own address (a reply-to) is never the rights owner's
            value = address.group()
        elif name == "complaint_id":
            m = _COMPLAINT_ID_RE.search(value)
            if m is None:
                record.notes.append(f"complaint ID {value!r} has no number")
                return
            value = m.group().rstrip("-_/")
        elif name == "brand_or_work" and re.fullmatch(r"[\d\s,./-]+", value):
            name = "right_asserted"  # `Trademark: 5,123,456` is a registration, not a name
        if name in ("date", "infringement_type"):
            record.raw.setdefault(name, value)
        record.values.setdefault(name, value)

    def read(self, text: str) -> None:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        header: list[str | None] | None = None  # the columns of a copied table
        pending: str | None = None  # a label whose value is on the next line
        asin_list = False  # after `ASIN(s):`, lines of ASINs alone continue the list
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line:
                header = None
                continue
            if _SEPARATOR.fullmatch(line):
                self._new_message(number)
                pending, asin_list = None, False
                continue
            cells = _cells(raw)
            if cells is not None:
                names = [classify(c) for c in cells]
                if "asin" in names and sum(1 for n in names if n) >= 2:
                    header = [n if n not in ("header", "subject") else None for n in names]
                    pending, asin_list = None, False
                    continue
                if header is not None:
                    self._row(header, cells, number)
                    continue
            header = None
            if asin_list and _only_asins(line):
                self.set("asin", line, number, extend=pending is None)
                pending = None
                continue
            asin_list = False
            pair = _split_label(line)
            name = classify(pair[0]) if pair is not None else None
            alone = None if name is not None else _label_alone(line)
            # A label's value stands on the next line (a copied page): take it, unless it is a
            # `Label: value` line, or the next ASIN or complaint ID starting.
            if pending is not None and name is None and alone not in ("asin", "complaint_id"):
                self.set(pending, line, number)
                asin_list = pending == "asin" and _only_asins(line)
                pending = None
                continue
            pending = None
            if pair is not None and name is not None:
                if pair[1]:
                    self.set(name, pair[1], number)
                    asin_list = name == "asin"
                elif name in ("header", "subject"):
                    self.set(name, "", number)
                else:
                    pending = name
                    asin_list = name == "asin"
                continue
            if alone is not None:
                pending = alone
                asin_list = alone == "asin"
                continue
            self._remember_contact(lines, number, line)

    def _row(self, header: list[str | None], cells: list[str], number: int) -> None:
        record = _Record(number)
        self.message.records.append(record)
        for name, value in zip(header, cells, strict=False):
            if name is not None and value:
                self.set(name, value, number)
        if not record.values and not record.asins:
            self.message.records.remove(record)

    def _remember_contact(self, lines: list[str], number: int, line: str) -> None:
        """An unlabelled address on a line naming the rights owner, or on the line after it
        ("If you have questions, contact the rights owner:\\n legal@acme.example")."""
        previous = lines[number - 2] if number >= 2 else ""
        if not EMAIL_RE.search(line):
            return
        if _OWNER.search(_clean_label(line)) or _OWNER.search(_clean_label(previous)):
            for address in EMAIL_RE.findall(line):
                if not _AMAZON_MAIL.search(address):
                    self.message.emails_near_owner.append(address)

    def result(self) -> NoticeRead:
        out = NoticeRead()
        for message in self.messages:
            self._finish(message, out)
        return out

    def _finish(self, message: _Message, out: NoticeRead) -> None:
        """Apply notice-wide facts, then keep each record with an ASIN; report the rest.

        A record without an ASIN but with a complaint ID is a complaint that cannot be tied
        to a listing: reported, not written. One with neither (a trailing `Rights owner:`
        block, say) only contributes notice-wide facts."""
        records = [r for r in message.records if r.asins or r.values or r.notes]
        if not records:
            return
        for name in NOTICE_WIDE:
            values = {r.values[name] for r in records if name in r.values}
            if len(values) == 1:
                (value,) = values
                raw = next((r.raw[name] for r in records if name in r.raw), value)
                for r in records:
                    if name not in r.values:
                        r.values[name] = value
                        if name in ("date", "infringement_type"):
                            r.raw[name] = raw
        contacts = list(dict.fromkeys(message.emails_near_owner))
        if len(contacts) == 1 and not any("rights_owner_email" in r.values for r in records):
            for r in records:
                r.values["rights_owner_email"] = contacts[0]
        complained = [r for r in records if r.asins]
        for r in records:
            for note in r.notes:
                self.problems.append(NoticeProblem(self.file, note, r.line, kept=bool(r.asins)))
            if r.asins:
                out.complaints.extend(self._complaints(r))
            elif "complaint_id" in r.values or not complained:
                said = ", ".join(
                    f"{FIELD_NAMES.get(k, k.replace('_', ' '))} {v!r}"
                    for k, v in r.values.items()
                    if k in ("complaint_id", "rights_owner", "brand_or_work", "title")
                )
                self.problems.append(
                    NoticeProblem(
                        self.file,
                        "complaint without an ASIN"
                        + (f" ({said})" if said else "")
                        + ": not written. Find the ASIN in Seller Central (Account Health) and "
                        "add a line `ASIN: B0...` to the notice text, then import it again",
                        r.line,
                        kept=False,
                    )
                )

    def _complaints(self, r: _Record) -> list[NoticeComplaint]:
        values = dict(r.values)
        date_raw = r.raw.get("date", values.get("date", ""))
        type_raw = r.raw.get("infringement_type", values.get("infringement_type", ""))
        iso, date_problem = parse_date(date_raw) if date_raw else ("", "")
        kind = infringement_type(type_raw) if type_raw else ""
        missing = [FIELD_NAMES[name] for name in EXPECTED if not values.get(name)]
        label = values.get("complaint_id") or ", ".join(r.asins)
        if date_problem:
            self.problems.append(NoticeProblem(self.file, f"{label}: {date_problem}", r.line))
        if type_raw and not kind:
            self.problems.append(
                NoticeProblem(
                    self.file,
                    f"{label}: infringement type {type_raw!r} not recognised as trademark, "
                    "copyright, patent or counterfeit; kept as written",
                    r.line,
                )
            )
        if missing:
            self.problems.append(
                NoticeProblem(
                    self.file,
                    f"{label}: the notice does not state the {', '.join(missing)}; "
                    "left empty (fill it in the complaints file if you know it)",
                    r.line,
                )
            )
        return [
            NoticeComplaint(
                complaint=Complaint(
                    asin=asin,
                    complaint_id=values.get("complaint_id", ""),
                    date=iso,
                    infringement_type=kind,
                    rights_owner=values.get("rights_owner", ""),
                    rights_owner_email=values.get("rights_owner_email", ""),
                    brand_or_work=values.get("brand_or_work", ""),
                    right_asserted=values.get("right_asserted", ""),
                    title=values.get("title", ""),
                    source=self.file,
                ),
                date_as_written=date_raw,
                type_as_written=type_raw,
                missing=tuple(missing),
                line=r.line,
            )
            for asin in r.asins
        ]


_SEPARATOR = re.compile(
    r"[-=_*~]{5,}.*|-+ ?(?:original message|forwarded message|urspr\u00fcngliche nachricht|"
    r"message d'origine|mensaje original|messaggio originale).*",
    re.I,
)


def _label_alone(line: str) -> str | None:
    """The field named by a short line that is only a label (`Complaint ID` over its value,
    as a copied Account Health page lays it out), else None."""
    text = _clean_label(line)
    if len(text) > 30 or len(text.split()) > 4 or "@" in line or "://" in line:
        return None
    name = classify(line)
    return name if name not in (None, "header", "subject") else None


def _only_asins(line: str) -> bool:
    """A line holding nothing but ASINs and separators (a list under `ASIN(s):`)."""
    rest = ASIN_RE.sub("", fold(line).upper())
    return bool(asins_in(line)) and re.fullmatch(r"[\s,;/|、，・*•\-]*", rest) is not None


def read_notice_text(text: str, file: str) -> NoticeRead:
    """Every complained ASIN in one notice's text, and every problem met reading it."""
    reader = _Reader(file)
    reader.read(text)
    out = reader.result()
    out.problems[:0] = reader.problems
    if not out.complaints and not out.problems:
        out.problems.append(
            NoticeProblem(
                file,
                "no complaint notice found (no line such as `ASIN:`, `Complaint ID:` or "
                "`Infringement type:`): nothing written. Paste the notice's full text, as "
                "Amazon sent it, into the file",
                kept=False,
            )
        )
    return out


def read_notice(path: Path) -> NoticeRead:
    """Read one notice file (see `notice_text` for the kinds of file)."""
    return read_notice_text(notice_text(path), str(path))
