"""Generate the bundled demo catalog in sample_exports/ (run from the project root).

Everything here is drawn or written by this script: the protected "assets" are our own drawings
credited to fictional rights owners, never real logos. Brand names in the listing text are real,
as sellers see them in their catalogs. Deterministic: the same files on every run.

    python scripts/make_sample_exports.py
"""

from __future__ import annotations

import math
import random
import shutil
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

OUT = Path("sample_exports")
ALL_LISTINGS_HEADER = (
    "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\topen-date\timage-url\t"
    "item-is-marketplace\tproduct-id-type\tzshop-shipping-fee\titem-note\titem-condition\t"
    "zshop-category1\tzshop-browse-path\tzshop-storefront-feature\tasin1\tasin2\tasin3\t"
    "will-ship-internationally\texpedited-shipping\tzshop-boldface\tproduct-id\t"
    "bid-for-featured-placement\tadd-delete\tpending-quantity\tfulfillment-channel\t"
    "merchant-shipping-group\tstatus"
).split("\t")

# (sku, asin, title, description, status)
LISTINGS: list[tuple[str, str, str, str, str]] = [
    (
        "BW-TUM-40",
        "B0DEMO0001",
        "Brightwave 40oz Tumbler with Handle and Straw, Stanley Quencher Dupe",
        "Keeps drinks cold 24 hours. Same as the Stanley cup at half the price.",
        "Active",
    ),
    (
        "BW-SHOE-01",
        "B0DEMO0002",
        "Men's Running Shoes Nike Style Air Cushion Sneakers",
        "Lightweight mesh upper, breathable.",
        "Active",
    ),
    (
        "BW-CASE-15",
        "B0DEMO0003",
        "Clear Phone Case Compatible with iPhone 15 Pro, Shockproof",
        "Fits iPhone 15 Pro only. Raised edges protect the camera.",
        "Active",
    ),
    (
        "BW-SUN-02",
        "B0DEMO0004",
        "Polarized Sunglasses for Men Women, RayBan Wayfarer Look",
        "UV400 lenses, metal hinges.",
        "Active",
    ),
    (
        "BW-BAG-07",
        "B0DEMO0005",
        "Kids School Backpack Pikachu Pattern, 16 inch",
        "Padded straps, water resistant.",
        "Active",
    ),
    (
        "BW-LITE-03",
        "B0DEMO0006",
        "Hello Kitty Night Light for Girls Bedroom",
        "Soft glow LED, USB powered.",
        "Active",
    ),
    (
        "BW-TIE-50",
        "B0DEMO0007",
        "Velcro Cable Ties 50 Pack, Reusable",
        "Reusable straps for cords and cables.",
        "Active",
    ),
    (
        "BW-SLICE-1",
        "B0DEMO0008",
        "Brightwave apple slicer and corer, stainless steel",
        "Cuts an apple into 8 slices in one press.",
        "Active",
    ),
    (
        "BW-SPK-09",
        "B0DEMO0009",
        "Portable Bluetooth Speaker Waterproof, 20W Stereo",
        "Better sound than JBL speakers at a fraction of the cost.",
        "Active",
    ),
    (
        "BW-BLK-11",
        "B0DEMO0010",
        "Building Blocks Set 1200 Pieces Compatible with LEGO",
        "Works with all major brands of bricks.",
        "Active",
    ),
    (
        "BW-WAL-12",
        "B0DEMO0011",
        "Louis Vuitton Inspired Monogram Wallet for Women",
        "PU leather, 12 card slots.",
        "Active",
    ),
    (
        "BW-EAR-13",
        "B0DEMO0012",
        "Wireless Earbuds for AirPods Pro Replacement Ear Tips",
        "Memory foam tips, 3 sizes.",
        "Active",
    ),
    (
        "BW-MUG-14",
        "B0DEMO0013",
        "Brightwave Ceramic Coffee Mug 12oz, Matte Black",
        "Dishwasher and microwave safe.",
        "Active",
    ),
    (
        "BW-SPAT-15",
        "B0DEMO0014",
        "Brightwave Silicone Spatula Set of 4, Heat Resistant",
        "Seamless design, easy to clean.",
        "Active",
    ),
    (
        "BW-TOWEL-16",
        "B0DEMO0015",
        'Brightwave Bath Towel 30" x 56", Cotton, Grey',
        "Quick dry, 600 GSM.",
        "Active",
    ),
    (
        "BW-LAMP-17",
        "B0DEMO0016",
        "Brightwave LED Desk Lamp with USB Charging Port",
        "Three colour modes, touch control.",
        "Active",
    ),
    (
        "BW-YOGA-18",
        "B0DEMO0017",
        "Brightwave Yoga Mat 6mm Non Slip, Purple",
        "Extra thick, carrying strap included.",
        "Active",
    ),
    (
        "BW-BOTT-19",
        "B0DEMO0018",
        "Brightwave Insulated Water Bottle 32oz",
        "Leak proof lid, BPA free.",
        "Active",
    ),
    (
        "BW-PAN-20",
        "B0DEMO0019",
        "Brightwave Non Stick Frying Pan 10 inch",
        "Induction compatible, oven safe to 450F.",
        "Active",
    ),
    (
        "BW-HOOK-21",
        "B0DEMO0020",
        "Brightwave Adhesive Wall Hooks 20 Pack",
        "Holds up to 5 kg, no drilling.",
        "Active",
    ),
    (
        "BW-TSHIRT-22",
        "B0DEMO0021",
        "Graphic T-Shirt Cartoon Cat, Unisex Cotton",
        "Screen printed, pre-shrunk.",
        "Active",
    ),
    (
        "BW-STICK-23",
        "B0DEMO0022",
        "Sports Team Sticker Pack, 50 Vinyl Decals",
        "Waterproof stickers for laptops and bottles.",
        "Active",
    ),
    (
        "BW-CHAR-24",
        "B0DEMO0023",
        "Brightwave USB-C Charging Cable 6ft, Braided",
        "Fast charging, 480 Mbps data.",
        "Active",
    ),
    (
        "BW-SOCK-25",
        "B0DEMO0024",
        "Brightwave Athletic Crew Socks 6 Pairs",
        "Cushioned sole, moisture wicking.",
        "Inactive",
    ),
    (
        "BW-GLOVE-26",
        "B0DEMO0025",
        "Brightwave Touchscreen Winter Gloves",
        "Fleece lined, anti slip grip.",
        "Active",
    ),
    (
        "BW-POP-27",
        "B0DEMO0026",
        "Popsicle Molds Set of 6, BPA Free Silicone",
        "Easy release, with sticks.",
        "Active",
    ),
    (
        "BW-WATCH-28",
        "B0DEMO0027",
        "Replacement Band for Apple Watch Series 9 45mm",
        "Compatible with Apple Watch Series 9, 8, 7. Sport silicone.",
        "Active",
    ),
    (
        "BW-CUBE-29",
        "B0DEMO0028",
        "Brightwave Packing Cubes 6 Set for Travel",
        "Lightweight, double zipper.",
        "Active",
    ),
    (
        "BW-PILL-30",
        "B0DEMO0029",
        "Brightwave Memory Foam Pillow, Queen",
        "Cooling gel layer.",
        "Active",
    ),
    (
        "BW-FRAME-31",
        "B0DEMO0030",
        "Brightwave Picture Frame 8x10, Black, Set of 3",
        "Glass front, wall or tabletop.",
        "Active",
    ),
    (
        "BW-KEY-32",
        "B0DEMO0031",
        "Car Key Fob Cover for BMW 3 Series, Soft TPU",
        "Protects from scratches and drops.",
        "Active",
    ),
    (
        "BW-DOLL-33",
        "B0DEMO0032",
        "Fashion Doll Clothes 10 Outfits for 11.5 inch Dolls",
        "Fits Barbie dolls and most 11.5 inch dolls.",
        "Active",
    ),
    (
        "BW-NOTE-34",
        "B0DEMO0033",
        "Brightwave Spiral Notebook A5, 3 Pack",
        "100 gsm paper, dotted.",
        "Active",
    ),
    (
        "BW-BRUSH-35",
        "B0DEMO0034",
        "Brightwave Makeup Brush Set 12 Pieces",
        "Synthetic bristles, vegan.",
        "Active",
    ),
    (
        "BW-CAP-36",
        "B0DEMO0035",
        "Baseball Cap Adjustable, Washed Cotton",
        "Unstructured, six panel.",
        "Active",
    ),
    (
        "BW-TOY-37",
        "B0DEMO0036",
        "Plush Toy Sunny Cat 12 inch, Soft Stuffed Animal",
        "Huggable plush, gift for kids.",
        "Active",
    ),
]

# Flat-file rows for some SKUs: brand field, bullets and backend search terms.
FLAT_FILE: list[dict[str, str]] = [
    {
        "item_sku": "BW-TUM-40",
        "brand_name": "Brightwave",
        "bullet_point1": "Fits most car cup holders",
        "generic_keywords": "stanley cup tumbler yeti",
    },
    {
        "item_sku": "BW-SHOE-01",
        "brand_name": "Nike",
        "bullet_point1": "Air cushion sole",
        "generic_keywords": "running shoes sneakers",
    },
    {
        "item_sku": "BW-MUG-14",
        "brand_name": "Brightwave",
        "bullet_point1": "Holds 12 oz",
        "generic_keywords": "coffee mug brightwave ceramic",
    },
    {
        "item_sku": "BW-SPAT-15",
        "brand_name": "Brightwave",
        "bullet_point1": "Food grade silicone",
        "generic_keywords": "spatula kitchen utensils",
    },
    {
        "item_sku": "BW-CAP-36",
        "brand_name": "Brightwave",
        "bullet_point1": "Adjustable strap",
        "generic_keywords": "hat dad cap new era",
    },
]
FLAT_ATTRS = [
    "feed_product_type",
    "item_sku",
    "brand_name",
    "item_name",
    "bullet_point1",
    "generic_keywords",
    "update_delete",
]
FLAT_LABELS = [
    "Product Type",
    "Seller SKU",
    "Brand Name",
    "Product Name",
    "Key Product Features",
    "Search Terms",
    "Update Delete",
]


def font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def draw_cat_character() -> Image.Image:
    """'Sunny Cat': a character of the fictional Northwind Studios, with transparency."""
    img = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.polygon([(70, 150), (110, 30), (170, 120)], fill=(250, 170, 40, 255))
    d.polygon([(330, 150), (290, 30), (230, 120)], fill=(250, 170, 40, 255))
    d.ellipse((50, 90, 350, 370), fill=(250, 170, 40, 255), outline=(90, 50, 10, 255), width=8)
    d.ellipse((115, 180, 175, 250), fill=(255, 255, 255, 255))
    d.ellipse((225, 180, 285, 250), fill=(255, 255, 255, 255))
    d.ellipse((135, 200, 165, 240), fill=(20, 60, 160, 255))
    d.ellipse((245, 200, 275, 240), fill=(20, 60, 160, 255))
    d.polygon([(185, 270), (215, 270), (200, 290)], fill=(220, 60, 90, 255))
    d.arc((150, 270, 250, 330), 20, 160, fill=(90, 50, 10, 255), width=6)
    for y in (275, 295):
        d.line((60, y, 150, y + 5), fill=(90, 50, 10, 255), width=4)
        d.line((250, y + 5, 340, y), fill=(90, 50, 10, 255), width=4)
    return img


def draw_orbit_logo() -> Image.Image:
    """'Orbit' mark of the fictional Orbit Sports Ltd, with transparency."""
    img = Image.new("RGBA", (480, 300), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((20, 20, 280, 280), outline=(200, 20, 40, 255), width=28)
    d.polygon([(60, 200), (420, 60), (460, 90), (120, 230)], fill=(20, 20, 20, 255))
    d.text((300, 190), "ORBIT", fill=(200, 20, 40, 255), font=font(56))
    return img


def draw_wave_pattern() -> Image.Image:
    """'Wave' artwork of the fictional Kaimana Design Co., a full-bleed print pattern."""
    img = Image.new("RGB", (420, 420), (10, 40, 90))
    d = ImageDraw.Draw(img)
    for i in range(7):
        y0 = 40 + i * 55
        pts = [(x, y0 + 18 * math.sin((x + i * 30) / 40)) for x in range(0, 421, 10)]
        d.line(pts, fill=(80 + i * 20, 180, 230), width=14)
    d.ellipse((300, 30, 380, 110), fill=(250, 220, 90))
    return img


def on_canvas(
    art: Image.Image,
    size: int,
    scale: float,
    *,
    mirror: bool = False,
    background: tuple[int, int, int] = (255, 255, 255),
) -> Image.Image:
    """An Amazon-style main image: the artwork centred on a large plain canvas."""
    art = art.convert("RGBA")
    if mirror:
        art = ImageOps.mirror(art)
    w = int(size * scale)
    h = int(art.height * w / art.width)
    art = art.resize((w, h), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (size, size), background)
    canvas.paste(art, ((size - w) // 2, (size - h) // 2), art)
    return canvas


def lifestyle_photo(art: Image.Image) -> Image.Image:
    """A drawn lifestyle shot: a gym bag on a wooden floor against a shaded wall, with `art`
    printed on the bag, covering about a third of the picture (an embedded logo)."""
    rnd = random.Random(17)
    img = Image.new("RGB", (1200, 900), (200, 190, 170))
    d = ImageDraw.Draw(img)
    for y in range(600):  # wall shading
        shade = 215 - y // 12
        d.line((0, y, 1200, y), fill=(shade, shade - 8, shade - 25))
    for x in range(0, 1200, 90):  # floor boards
        tone = rnd.randrange(120, 150)
        d.rectangle((x, 600, x + 88, 900), fill=(tone, tone - 35, tone - 70))
    d.rounded_rectangle((180, 260, 1020, 820), radius=70, fill=(35, 45, 60))  # the bag
    d.arc((380, 90, 820, 420), 180, 360, fill=(20, 25, 35), width=30)  # its handle
    d.line((200, 330, 1000, 330), fill=(80, 90, 110), width=10)  # a zip
    art = art.convert("RGBA")
    w = 640
    art = art.resize((w, int(art.height * w / art.width)), Image.Resampling.LANCZOS)
    art = art.rotate(-5, Image.Resampling.BICUBIC, expand=True)
    img.paste(art, (280, 400), art)
    return img


def product_photo(seed: int) -> Image.Image:
    """A plain product shot: an object of random shape and colour on white, lightly shaded."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (600, 600), (255, 255, 255))
    d = ImageDraw.Draw(img)
    colour = tuple(rnd.randrange(30, 220) for _ in range(3))
    kind = seed % 4
    if kind == 0:
        d.rounded_rectangle((170, 120, 430, 500), radius=40, fill=colour)
        d.rectangle((200, 90, 400, 130), fill=(60, 60, 60))
    elif kind == 1:
        d.ellipse((120, 150, 480, 450), fill=colour)
        d.rectangle((280, 60, 320, 160), fill=(90, 90, 90))
    elif kind == 2:
        d.polygon([(300, 90), (500, 480), (100, 480)], fill=colour)
    else:
        d.rectangle((110, 220, 490, 400), fill=colour)
        d.rectangle((150, 180, 450, 230), fill=tuple(max(0, c - 40) for c in colour))
    for _ in range(6):
        x, y = rnd.randrange(150, 450), rnd.randrange(150, 450)
        r = rnd.randrange(8, 30)
        d.ellipse((x - r, y - r, x + r, y + r), fill=tuple(min(255, c + 50) for c in colour))
    return img


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "images").mkdir(parents=True)
    rows = []
    for i, (sku, asin, title, desc, status) in enumerate(LISTINGS):
        values = dict.fromkeys(ALL_LISTINGS_HEADER, "")
        values.update(
            {
                "item-name": title,
                "item-description": desc,
                "listing-id": f"1129DEMO{i:03d}",
                "seller-sku": sku,
                "price": f"{9.99 + i:.2f}",
                "quantity": str(10 + i * 3),
                "open-date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} 10:{i:02d}:00 PST",
                "item-is-marketplace": "y",
                "product-id-type": "1",
                "item-condition": "11",
                "asin1": asin,
                "product-id": asin,
                "pending-quantity": "0",
                "fulfillment-channel": "DEFAULT" if i % 3 else "AMAZON_NA",
                "merchant-shipping-group": "Migrated Template",
                "status": status,
            }
        )
        rows.append("\t".join(values[h] for h in ALL_LISTINGS_HEADER))
    (OUT / "All+Listings+Report_demo.txt").write_text(
        "\t".join(ALL_LISTINGS_HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )

    flat = [
        "TemplateType=fptcustom\tVersion=2024.0101\tTemplateSignature=REVNTw==",
        "\t".join(FLAT_LABELS),
        "\t".join(FLAT_ATTRS),
    ]
    titles = {sku: title for sku, _, title, _, _ in LISTINGS}
    for rec in FLAT_FILE:
        rec = {
            **rec,
            "feed_product_type": "home",
            "item_name": titles[rec["item_sku"]],
            "update_delete": "Update",
        }
        flat.append("\t".join(rec.get(a, "") for a in FLAT_ATTRS))
    (OUT / "Category+Listings+Report_demo.txt").write_text("\n".join(flat) + "\n", encoding="utf-8")

    # Protected assets of fictional rights owners: <assets>/<owner>/<file>.
    cat, orbit, wave = draw_cat_character(), draw_orbit_logo(), draw_wave_pattern()
    for owner, name, art in [
        ("northwind-studios", "sunny-cat.png", cat),
        ("orbit-sports", "orbit-logo.png", orbit),
        ("kaimana-design", "wave-print.png", wave),
    ]:
        (OUT / "assets" / owner).mkdir(parents=True, exist_ok=True)
        art.save(OUT / "assets" / owner / name)

    img = OUT / "images"
    # Plain product photos for every listing, named by ASIN (the MAIN image).
    for i, (_sku, asin, *_rest) in enumerate(LISTINGS):
        product_photo(i).save(img / f"{asin}.MAIN.jpg", quality=85)
    # Copies of protected artwork, edited as sellers do.
    on_canvas(cat, 900, 0.55).save(img / "B0DEMO0036.MAIN.jpg", quality=70)  # plush toy
    on_canvas(cat, 700, 0.7, mirror=True).save(img / "BW-TSHIRT-22.PT01.jpg", quality=60)
    on_canvas(orbit, 800, 0.8).save(img / "B0DEMO0022.MAIN.jpg", quality=80)  # stickers
    on_canvas(wave, 800, 0.6, background=(245, 245, 245)).save(img / "BW-CAP-36.PT02.png")
    folder = img / "B0DEMO0002"
    folder.mkdir()
    on_canvas(orbit, 600, 0.5, mirror=True).save(folder / "side-view.PT03.jpg", quality=75)
    # The orbit logo printed on a bag in a lifestyle photo: found by keypoints (I-EMBEDDED).
    lifestyle_photo(orbit).save(img / "B0DEMO0017.PT01.jpg", quality=85)
    (img / "README.txt").write_text(
        "Product photos of the demo catalog, drawn by scripts/make_sample_exports.py.\n",
        encoding="utf-8",
    )
    (OUT / "SOURCES.md").write_text(
        "# Demo catalog\n\nGenerated by `scripts/make_sample_exports.py`; every image is drawn "
        "by that script and every\nrights owner of the assets is fictional. Brand names in "
        "listing text are real marks, used\nhere only to show how the tool flags them.\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
