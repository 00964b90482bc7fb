"""Complaint notices as sellers receive them, in several wordings and languages, read by field.

Every notice here is written by the test as the text a seller would paste or save: an English
policy-warning e-mail, the Account Health page copied (as a table and as label/value lines),
German, French, Spanish, Italian, Japanese and Chinese notices, an .eml file and a saved HTML
page. Each row of the table says what must be read; the tests after it say what must NOT be
(guessed ASINs, ambiguous dates).
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listing_audit.appeal.notices import (
    classify,
    infringement_type,
    parse_date,
    read_notice,
    read_notice_text,
)

EN_EMAIL = """\
From: Amazon.com <notice-dispute@amazon.com>
Date: Tue, 4 Nov 2025 10:23:11 +0000
Subject: Notice: Policy Warning

Hello,

We removed some of your listings because we received a report from a rights owner that they
infringe the rights owner's intellectual property.

ASIN: B0CABC1234
Title: Men's Running Shoes Nike Style
Infringement type: Trademark
Trademark asserted: 5,123,456
Complaint ID: 1234567890

ASIN: B0CABC5678
Title: Air Cushion Sneakers
Infringement type: Trademark
Complaint ID: 1234567891

If you believe this was in error, contact the rights owner:
Rights owner name: Nike, Inc.
Rights owner email: ip@nike.example
Brand: Nike
"""

ACCOUNT_HEALTH_TABLE = (
    "Received Intellectual Property Complaints\n"
    "Date\tASIN\tComplaint ID\tReason\tRights owner\tStatus\n"
    "Nov 3, 2025\tB0AHAH0001\t111222333\tTrademark Logo Infringement\tAcme Corp\tRemoved\n"
    "Nov 3, 2025\tB0AHAH0002\t111222334\tCounterfeit\tAcme Corp\tRemoved\n"
)

ACCOUNT_HEALTH_CARD = """\
Intellectual Property Complaints
Complaint ID
3344556677
ASIN
B0CARD0001
Infringement type
Patent
Rights owner
Gadget Patents Inc.
Date
2025-10-30
"""

GERMAN = """\
Datum: 04.11.2025
Betreff: Hinweis: Richtlinienwarnung

Hallo,
wir haben Ihre Angebote entfernt, weil ein Rechteinhaber eine Verletzung gemeldet hat.

ASIN: B0DEDE0001
Titel: Sonnenbrille im Stil
Art der Rechtsverletzung: Marke
Beschwerde-ID: 9876543210
Name des Rechteinhabers: Luxottica Group S.p.A.
E-Mail-Adresse des Rechteinhabers: legal@luxottica.example
Marke: Ray-Ban
"""

FRENCH = """\
Bonjour,
ASIN : B0FRFR0001
Type d'infraction : Droit d'auteur
ID de la réclamation : 123123123
Titulaire des droits : Maison X
Adresse e-mail : juridique@maisonx.example
Œuvre : Motif floral
Date : 13/11/2025
"""

SPANISH = """\
Hola:
ASIN: B0ESES0001
Título: Funda para móvil
Tipo de infracción: Marca registrada
ID de la reclamación: 5556667778
Titular de los derechos: Apple Inc.
Correo electrónico del titular de los derechos: legal@apple.example
Marca: Apple
Fecha: 4 de noviembre de 2025
"""

ITALIAN = """\
ASIN: B0ITIT0001
Titolo: Borsa a tracolla
Tipo di violazione: Contraffazione
ID reclamo: 8889990001
Titolare dei diritti: Guccio Gucci S.p.A.
Indirizzo e-mail: ip@gucci.example
Marchio: Gucci
Data: 3 novembre 2025
"""

JAPANESE = """\
日付：2025年11月5日
ASIN：B0JPJP0001
商品名：キャラクター ナイトライト
侵害の種類：著作権
申し立てID：55554444
権利者：Sanrio Co., Ltd.
メールアドレス：ip@sanrio.example
作品：Hello Kitty
"""

CHINESE = """\
您好，
我们收到了权利人的投诉，已移除以下商品。
ASIN：B0ZHZH0001
商品名称：蓝牙耳机
侵权类型：商标
投诉编号：1122334455
权利人：Bose Corporation
电子邮件：legal@bose.example
品牌：Bose
日期：2025年11月6日
"""

HTML_PAGE = """\
<html><head><style>td {color: red}</style></head><body><p>Hello,</p>
<table><tr><th>ASIN</th><th>Complaint ID</th><th>Infringement type</th><th>Rights owner</th>
<th>Date</th></tr>
<tr><td>B0HTML0001</td><td>9090909090</td><td>Trademark</td><td>Acme &amp; Sons</td>
<td>2025-11-07</td></tr></table></body></html>
"""

# (file name, text, ASINs, complaint ID, ISO date, type, rights owner, e-mail, brand or work)
CASES = [
    ("en-email.txt", EN_EMAIL, ["B0CABC1234", "B0CABC5678"], "1234567890", "2025-11-04",
     "trademark", "Nike, Inc.", "ip@nike.example", "Nike"),
    ("account-health.txt", ACCOUNT_HEALTH_TABLE, ["B0AHAH0001", "B0AHAH0002"], "111222333",
     "2025-11-03", "trademark", "Acme Corp", "", ""),
    ("account-health-card.txt", ACCOUNT_HEALTH_CARD, ["B0CARD0001"], "3344556677",
     "2025-10-30", "patent", "Gadget Patents Inc.", "", ""),
    ("de.txt", GERMAN, ["B0DEDE0001"], "9876543210", "2025-11-04", "trademark",
     "Luxottica Group S.p.A.", "legal@luxottica.example", "Ray-Ban"),
    ("fr.txt", FRENCH, ["B0FRFR0001"], "123123123", "2025-11-13", "copyright", "Maison X",
     "juridique@maisonx.example", "Motif floral"),
    ("es.txt", SPANISH, ["B0ESES0001"], "5556667778", "2025-11-04", "trademark", "Apple Inc.",
     "legal@apple.example", "Apple"),
    ("it.txt", ITALIAN, ["B0ITIT0001"], "8889990001", "2025-11-03", "counterfeit",
     "Guccio Gucci S.p.A.", "ip@gucci.example", "Gucci"),
    ("ja.txt", JAPANESE, ["B0JPJP0001"], "55554444", "2025-11-05", "copyright",
     "Sanrio Co., Ltd.", "ip@sanrio.example", "Hello Kitty"),
    ("zh.txt", CHINESE, ["B0ZHZH0001"], "1122334455", "2025-11-06", "trademark",
     "Bose Corporation", "legal@bose.example", "Bose"),
    ("page.html", HTML_PAGE, ["B0HTML0001"], "9090909090", "2025-11-07", "trademark",
     "Acme & Sons", "", ""),
]


@pytest.mark.parametrize(
    ("name", "text", "asins", "complaint_id", "date", "kind", "owner", "email", "brand"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_notice_fields_are_read_in_every_wording(
    tmp_path: Path, name: str, text: str, asins: list[str], complaint_id: str, date: str,
    kind: str, owner: str, email: str, brand: str,
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    read = read_notice(path)
    assert [c.complaint.asin for c in read.complaints] == asins
    first = read.complaints[0].complaint
    assert first.complaint_id == complaint_id
    assert first.date == date
    assert first.infringement_type == kind
    assert first.rights_owner == owner
    assert first.rights_owner_email == email
    assert first.brand_or_work == brand
    assert first.source == str(path)
    # What was not stated is named as missing, and nothing else is.
    missing = set(read.complaints[0].missing)
    assert ("rights owner e-mail" in missing) == (not email)
    assert ("brand or work named" in missing) == (not brand)
    assert all(p.kept for p in read.problems)


def test_notice_wide_facts_apply_to_each_complaint_but_ids_do_not() -> None:
    read = read_notice_text(EN_EMAIL, "mail.txt")
    first, second = (c.complaint for c in read.complaints)
    assert (first.complaint_id, second.complaint_id) == ("1234567890", "1234567891")
    assert first.rights_owner == second.rights_owner == "Nike, Inc."
    assert first.title == "Men's Running Shoes Nike Style"
    assert second.title == "Air Cushion Sneakers"
    assert first.right_asserted == "5,123,456" and second.right_asserted == ""
    assert read.complaints[0].date_as_written == "Tue, 4 Nov 2025 10:23:11 +0000"


def test_eml_file_is_decoded(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "Amazon <seller-notification@amazon.de>"
    message["To"] = "shop@example.com"
    message["Subject"] = "Hinweis: Richtlinienwarnung"
    message["Date"] = "Wed, 05 Nov 2025 08:15:00 +0100"
    message.set_content(
        "ASIN: B0EMLE0001\nArt der Rechtsverletzung: Urheberrecht\n"
        "Beschwerde-ID: 4242424242\nRechteinhaber: Société Générale d'Images\n"
        "E-Mail: droits@sgi.example\n",
        cte="quoted-printable",
    )
    path = tmp_path / "notice.eml"
    path.write_bytes(bytes(message))
    read = read_notice(path)
    (item,) = read.complaints
    assert item.complaint.asin == "B0EMLE0001"
    assert item.complaint.rights_owner == "Société Générale d'Images"
    assert item.complaint.infringement_type == "copyright"
    assert item.complaint.date == "2025-11-05"
    # The Amazon sender address is not the rights owner's contact.
    assert item.complaint.rights_owner_email == "droits@sgi.example"


def test_asins_listed_under_one_label_belong_to_one_complaint() -> None:
    text = (
        "Complaint ID: 5050505050\nInfringement type: Copyright\nASIN(s):\n"
        "- B0LIST0001\n- B0LIST0002, B0LIST0003\nRights owner: Pixel Studio\n"
    )
    read = read_notice_text(text, "list.txt")
    assert [c.complaint.asin for c in read.complaints] == ["B0LIST0001", "B0LIST0002",
                                                            "B0LIST0003"]
    assert {c.complaint.complaint_id for c in read.complaints} == {"5050505050"}
    assert {c.complaint.rights_owner for c in read.complaints} == {"Pixel Studio"}


def test_unlabelled_contact_address_near_the_rights_owner_is_used() -> None:
    text = (
        "ASIN: B0CONT0001\nComplaint ID: 6060606060\nInfringement type: Trademark\n"
        "Please contact the rights owner directly.\nlegal@owner.example\n"
        "Questions about this message: seller-performance@amazon.com\n"
    )
    (item,) = read_notice_text(text, "c.txt").complaints
    assert item.complaint.rights_owner_email == "legal@owner.example"


def test_notice_without_asin_is_reported_not_guessed() -> None:
    text = (
        "Complaint ID: 77788899\nInfringement type: Copyright\nRights owner: Orbit Sports\n"
        "We removed the listing https://www.amazon.com/dp/B0PROSE001 from our store.\n"
    )
    read = read_notice_text(text, "no-asin.txt")
    assert read.complaints == []
    (problem,) = read.problems
    assert not problem.kept
    assert problem.file == "no-asin.txt"
    assert "without an ASIN" in problem.message and "77788899" in problem.message
    assert "B0PROSE001" not in problem.message


def test_asin_field_without_an_asin_is_reported() -> None:
    read = read_notice_text("ASIN: [removed]\nComplaint ID: 1212121212\n", "x.txt")
    assert read.complaints == []
    messages = " ".join(p.message for p in read.problems)
    assert "holds no ASIN" in messages and "without an ASIN" in messages


def test_text_that_is_not_a_notice_is_reported() -> None:
    read = read_notice_text("Hello, thank you for your order.\nKind regards\n", "order.txt")
    assert read.complaints == []
    (problem,) = read.problems
    assert "no complaint notice found" in problem.message and not problem.kept


def test_ambiguous_date_is_kept_as_written_not_converted() -> None:
    text = "ASIN: B0DATE0001\nComplaint ID: 3131313131\nDate: 04/11/2025\n"
    read = read_notice_text(text, "d.txt")
    (item,) = read.complaints
    assert item.complaint.date == ""
    assert item.date_as_written == "04/11/2025"
    assert any("day/month or month/day" in p.message for p in read.problems)


def test_unknown_infringement_wording_is_kept_as_written() -> None:
    read = read_notice_text("ASIN: B0TYPE0001\nInfringement type: Design rights?\n", "t.txt")
    (item,) = read.complaints
    assert item.complaint.infringement_type == ""
    assert item.type_as_written == "Design rights?"
    assert any("not recognised" in p.message for p in read.problems)


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Complaint reference", "complaint_id"),
        ("Reference number", "complaint_id"),
        ("苦情ID", "complaint_id"),
        ("投诉 ID", "complaint_id"),
        ("Beschwerdenummer", "complaint_id"),
        ("ASIN(s)", "asin"),
        ("Rights owner's email address", "rights_owner_email"),
        ("Brand owner", "rights_owner"),
        ("Complaint type", "infringement_type"),
        ("Tipo di violazione", "infringement_type"),
        ("Patent number", "right_asserted"),
        ("Copyrighted work", "brand_or_work"),
        ("Nombre del producto", "title"),
        ("送信日時", "date"),
        ("Case ID", None),
        ("We removed the listing because a rights owner reported it", None),
    ],
)
def test_labels_are_recognised_by_their_words(label: str, field: str | None) -> None:
    assert classify(label) == field


@pytest.mark.parametrize(
    ("wording", "kind"),
    [
        ("Trademark Logo Infringement", "trademark"),
        ("Counterfeit", "counterfeit"),
        ("Markenrecht", "trademark"),
        ("Produktfälschung", "counterfeit"),
        ("Contrefaçon", "counterfeit"),
        ("Contrefaçon de marque", "trademark"),
        ("Design patent", "patent"),
        ("著作権", "copyright"),
        ("假冒商品", "counterfeit"),
        ("Policy", ""),
    ],
)
def test_infringement_types_across_languages(wording: str, kind: str) -> None:
    assert infringement_type(wording) == kind


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-11-04", "2025-11-04"),
        ("Nov 4, 2025", "2025-11-04"),
        ("4. November 2025", "2025-11-04"),
        ("4 de noviembre de 2025", "2025-11-04"),
        ("04.11.2025", "2025-11-04"),
        ("11/24/2025", "2025-11-24"),
        ("24/11/2025", "2025-11-24"),
        ("2025年11月4日", "2025-11-04"),
        ("Tue, 4 Nov 2025 10:23:11 +0000", "2025-11-04"),
        ("04/11/2025", ""),
        ("last Tuesday", ""),
    ],
)
def test_dates(text: str, iso: str) -> None:
    assert parse_date(text)[0] == iso


_LINES = st.sampled_from([
    "ASIN: B0HYPO0001", "ASIN(s): B0HYPO0002, B0HYPO0003", "Complaint ID: 1234567",
    "Rights owner: Acme", "Infringement type: Trademark", "Date: 04/11/2025", "ASIN",
    "B0HYPO0004", "Title: B0HYPO0009 in prose", "----------", "From: x@amazon.com",
    "Date\tASIN\tComplaint ID", "2025-01-01\tB0HYPO0005\t99999", "", "Hello: world",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=20))
def test_any_text_is_read_without_error_and_asins_come_only_from_asin_fields(
    lines: list[str],
) -> None:
    text = "\n".join(lines)
    read = read_notice_text(text, "h.txt")
    for item in read.complaints:
        assert item.complaint.asin in text.upper()
        assert item.complaint.asin != "B0HYPO0009"  # only ever in a title
