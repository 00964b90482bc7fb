"""Where the bundled data lives: inside the installed wheel, or beside the package in a checkout.

The wheel carries `rules/`, `brand_lists/` and `sample_exports/` under `listing_audit/_data/`
(see pyproject.toml), so a plain, non-editable `pip install .` finds them; an editable install or a
source checkout reads them from the project root.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED = ("rules", "brand_lists", "sample_exports")


def data_dir(name: str) -> Path:
    """The folder of bundled data called `name` (one of BUNDLED)."""
    if name not in BUNDLED:
        raise ValueError(f"unknown bundled folder {name!r}")
    packaged = Path(str(resources.files("listing_audit"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"bundled folder {name!r} is missing from this installation; reinstall listing-audit"
    )
