"""Product-page links: which Amazon site a listing lives on.

A reviewer clicks the ASIN to see the live page; a German listing must open amazon.de, not
amazon.com, or the page shown is a different offer (or none). Marketplace ids and sites are the
table in FORMATS.md, "Marketplaces".
"""

from __future__ import annotations

import re
from urllib.parse import quote

#: Seller Central marketplace id -> site.
MARKETPLACE_SITES: dict[str, str] = {
    "ATVPDKIKX0DER": "amazon.com",
    "A2EUQ1WTGCTBG2": "amazon.ca",
    "A1AM78C64UM0Y8": "amazon.com.mx",
    "A2Q3Y263D00KWC": "amazon.com.br",
    "A1F83G8C2ARO7P": "amazon.co.uk",
    "A1PA6795UKMFR9": "amazon.de",
    "A13V1IB3VIYZZH": "amazon.fr",
    "APJ6JRA9NG5V4": "amazon.it",
    "A1RKKUPIHCS9HS": "amazon.es",
    "A17E79C6D8DWNP": "amazon.sa",
    "A1805IZSGTT6HS": "amazon.nl",
    "A2NODRKZP88ZB9": "amazon.se",
    "A1C3SOZRARQ6R3": "amazon.pl",
    "A33AVAJ2PDY3EV": "amazon.com.tr",
    "AMEN7PMS3EDWL": "amazon.com.be",
    "A1VC38T7YXB528": "amazon.co.jp",
    "A39IBJ37TRP1C6": "amazon.com.au",
    "A21TJRUUN4KGV": "amazon.in",
    "A2VIGQ35RCS4UG": "amazon.ae",
    "A19VAU5U5O7RUS": "amazon.sg",
}

#: Two-letter country code -> site, for exports that name the marketplace by country
#: (`DE`, `UK`) or by locale (`de_DE`, `en-GB`).
COUNTRY_SITES: dict[str, str] = {
    "US": "amazon.com",
    "CA": "amazon.ca",
    "MX": "amazon.com.mx",
    "BR": "amazon.com.br",
    "UK": "amazon.co.uk",
    "GB": "amazon.co.uk",
    "DE": "amazon.de",
    "FR": "amazon.fr",
    "IT": "amazon.it",
    "ES": "amazon.es",
    "SA": "amazon.sa",
    "NL": "amazon.nl",
    "SE": "amazon.se",
    "PL": "amazon.pl",
    "TR": "amazon.com.tr",
    "BE": "amazon.com.be",
    "JP": "amazon.co.jp",
    "AU": "amazon.com.au",
    "IN": "amazon.in",
    "AE": "amazon.ae",
    "SG": "amazon.sg",
}

DEFAULT_SITE = "amazon.com"
_KNOWN_SITES = frozenset(MARKETPLACE_SITES.values())
#: ASINs are ten letters and digits (books use their ISBN-10). Anything else is not linked,
#: rather than making a URL out of whatever the export held.
_ASIN = re.compile(r"[A-Z0-9]{10}")


def site_for(marketplace: str) -> str:
    """The Amazon site for a marketplace id, site name, country code or locale; else amazon.com."""
    value = marketplace.strip()
    if not value:
        return DEFAULT_SITE
    if value.upper() in MARKETPLACE_SITES:
        return MARKETPLACE_SITES[value.upper()]
    host = value.lower().removeprefix("https://").removeprefix("http://").split("/")[0]
    host = host.removeprefix("www.")
    if host in _KNOWN_SITES:
        return host
    country = re.split(r"[_-]", value)[-1].upper()
    return COUNTRY_SITES.get(country, DEFAULT_SITE)


def product_url(asin: str | None, marketplace: str = "") -> str | None:
    """`https://www.<site>/dp/<ASIN>`, or None when there is no well-formed ASIN to link."""
    if not asin:
        return None
    code = asin.strip().upper()
    if not _ASIN.fullmatch(code):
        return None
    return f"https://www.{site_for(marketplace)}/dp/{quote(code)}"
