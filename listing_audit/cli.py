"""The `listing-audit` command: parse options, call the pipeline, write reports, exit.

Exit status (PRODUCT.md): 0 done; 1 done and something at or above --fail-on was found; 2 the
input could not be used, with a message naming the file, row or column and what to do.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .config import load_rules
from .errors import ListingAuditError
from .explain import explain, load_report
from .model import LEVELS, ScanResult
from .pipeline import ScanConfig, scan
from .report import csv_report, excel, json_report
from .report.i18n import LANGS
from .report.safe import check_writable
from .resources import data_dir

FAIL_ON = ("high", "medium", "low", "never")
DEMO_OWN_BRAND = "Brightwave"


def _fail(exc: ListingAuditError) -> NoReturn:
    click.echo(f"listing-audit: {exc}", err=True)
    sys.exit(2)


def _exit_code(result: ScanResult, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    worst = LEVELS.index(fail_on)  # high=0 ... low=2
    return 1 if any(LEVELS.index(r.risk_level) <= worst for r in result.results) else 0


def _summary(result: ScanResult) -> str:
    counts = result.by_level()
    line = (
        f"Scanned {len(result.results)} listings: {counts['high']} high, "
        f"{counts['medium']} medium, {counts['low']} low, {counts['none']} clean"
    )
    if result.skipped:
        line += f"; {len(result.skipped)} problems reported (see the Skipped sheet)"
    return line


@dataclass(frozen=True, slots=True)
class Outputs:
    """Where the reports go, and in which language."""

    xlsx: Path | None = None
    json: Path | None = None
    csv: Path | None = None
    lang: str = "en"

    def paths(self) -> list[Path]:
        return [p for p in (self.xlsx, self.json, self.csv) if p is not None]


def _write(result: ScanResult, outputs: Outputs) -> None:
    if outputs.xlsx is not None:
        excel.write(result, outputs.xlsx, outputs.lang)
        click.echo(f"Report: {outputs.xlsx}")
    if outputs.json is not None:
        json_report.write(result, outputs.json)
        click.echo(f"JSON: {outputs.json}")
    if outputs.csv is not None:
        csv_report.write(result, outputs.csv, outputs.lang)
        click.echo(f"CSV: {outputs.csv}")


def _run(config: ScanConfig, outputs: Outputs) -> ScanResult:
    """Check every output path first (a scan of a big catalog must not end in 'cannot write'),
    then scan and write."""
    for path in outputs.paths():
        check_writable(path)
    result = scan(config)
    _write(result, outputs)
    return result


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="listing-audit")
@click.option("--verbose", "-v", is_flag=True, help="Log what each stage does.")
def cli(verbose: bool) -> None:
    """Find listings whose words or pictures could draw an IP complaint."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


_path = click.Path(path_type=Path)


@cli.command("scan")
@click.argument("exports", nargs=-1, required=True, type=_path)
@click.option(
    "--images",
    "image_dirs",
    multiple=True,
    type=_path,
    help="Folder of product images (searched recursively). Repeatable.",
)
@click.option(
    "--assets",
    "asset_dirs",
    multiple=True,
    type=_path,
    help="Folder of protected images; the first sub-folder names the owner. Repeatable.",
)
@click.option(
    "--brands",
    "brand_paths",
    multiple=True,
    type=_path,
    help="Brand list (CSV or .txt) or a folder of them. Repeatable.",
)
@click.option("--no-default-brands", is_flag=True, help="Leave out the bundled brand lists.")
@click.option(
    "--own-brand",
    "own_brands",
    multiple=True,
    metavar="NAME",
    help="Your own brand: never flagged, except in search terms. Repeatable.",
)
@click.option(
    "--authorized",
    multiple=True,
    metavar="NAME",
    help="A brand you are authorised to sell under. Repeatable.",
)
@click.option("--rules", "rules_path", type=_path, help="Rules TOML merged over the defaults.")
@click.option("--out", type=_path, help="Excel report to write (.xlsx).")
@click.option("--json", "json_path", type=_path, help="JSON findings to write.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="never",
    show_default=True,
    help="Exit 1 when a listing at or above this level is found.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for image hashing (default: all cores).",
)
@click.option("--encoding", default=None, help="Force the exports' text encoding.")
@click.option("--csv", "csv_path", type=_path, help="Ranked flagged rows as CSV.")
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=True,
    help="Language of the workbook and CSV: en or zh (Simplified Chinese).",
)
def scan_command(
    exports: tuple[Path, ...],
    image_dirs: tuple[Path, ...],
    asset_dirs: tuple[Path, ...],
    brand_paths: tuple[Path, ...],
    no_default_brands: bool,
    own_brands: tuple[str, ...],
    authorized: tuple[str, ...],
    rules_path: Path | None,
    out: Path | None,
    json_path: Path | None,
    fail_on: str,
    workers: int | None,
    encoding: str | None,
    csv_path: Path | None,
    lang: str,
) -> None:
    """Scan listing EXPORTS (All Listings report, flat file, CSV or XLSX) and write a report.

    \b
    Example:
      listing-audit scan "All Listings Report.txt" --images photos --assets assets \\
          --own-brand Brightwave --out report.xlsx --json findings.json --fail-on high
    """
    if out is None and json_path is None and csv_path is None:
        out = Path("listing-audit-report.xlsx")
    for folder, option in [
        *((d, "--images") for d in image_dirs),
        *((d, "--assets") for d in asset_dirs),
    ]:
        if not folder.is_dir():
            _fail(
                ListingAuditError(
                    f"{folder}: {option} folder not found", "check the path; it must be a folder"
                )
            )
    options = {
        name: " ".join(map(str, value)) if isinstance(value, tuple) else str(value)
        for name, value in click.get_current_context().params.items()
        if value not in (None, (), False)
    }
    config = ScanConfig(
        exports=list(exports),
        image_dirs=list(image_dirs),
        asset_dirs=list(asset_dirs),
        brand_paths=list(brand_paths),
        default_brands=not no_default_brands,
        own_brands=list(own_brands),
        authorized=list(authorized),
        rules_path=rules_path,
        options=options,
        encoding=encoding,
        workers=workers,
    )
    try:
        result = _run(config, Outputs(out, json_path, csv_path, lang))
    except ListingAuditError as exc:
        _fail(exc)
    click.echo(_summary(result))
    sys.exit(_exit_code(result, fail_on))


@cli.command("demo")
@click.option(
    "--out",
    type=_path,
    default=Path("listing-audit-demo.xlsx"),
    show_default=True,
    help="Where to write the demo report.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=True,
    help="Language of the workbook: en or zh.",
)
def demo_command(out: Path, lang: str) -> None:
    """Scan the bundled sample catalog and write a report, to see what the tool does."""
    samples = data_dir("sample_exports")
    config = ScanConfig(
        exports=sorted(samples.glob("*.txt")),
        image_dirs=[samples / "images"],
        asset_dirs=[samples / "assets"],
        own_brands=[DEMO_OWN_BRAND],
    )
    try:
        result = _run(config, Outputs(out, out.with_suffix(".json"), None, lang))
    except ListingAuditError as exc:
        _fail(exc)
    click.echo(_summary(result))
    click.echo("\nHighest risk:")
    for r in result.results[:5]:
        if r.risk_level == "none":
            break
        why = r.reasons[0] if r.reasons else ""
        click.echo(f"  {r.rank:>2}. {r.listing.key:<12} {r.risk_level:<6} {r.action:<6} {why}")
    click.echo(f"\nOpen {out} to see every listing, finding and image match.")


@cli.command("explain")
@click.argument("key", metavar="ASIN_OR_SKU")
@click.option(
    "--json", "json_path", type=_path, required=True, help="The JSON report of the scan to explain."
)
@click.option(
    "--rules",
    "rules_path",
    type=_path,
    help="The rules file the scan used, if not the bundled defaults.",
)
def explain_command(key: str, json_path: Path, rules_path: Path | None) -> None:
    """Print why one listing (by ASIN or SKU) scored as it did in a saved scan.

    \b
    Example:
      listing-audit explain B0DEMO0002 --json listing-audit-demo.json
    """
    try:
        text = explain(load_report(json_path), key, load_rules(rules_path), json_path)
    except ListingAuditError as exc:
        _fail(exc)
    click.echo(text, nl=False)


def main() -> None:
    """Console entry point: errors users can cause exit 2 without a traceback.

    Anything else is a bug in listing-audit; the user still gets one clear line (and exit 2,
    as the run produced nothing usable), and LISTING_AUDIT_DEBUG=1 shows the traceback."""
    try:
        cli(standalone_mode=True)
    except ListingAuditError as exc:
        _fail(exc)
    except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
        if os.environ.get("LISTING_AUDIT_DEBUG"):
            raise
        click.echo(
            f"listing-audit: internal error ({type(exc).__name__}: {exc}). The run stopped there. "
            "Please report it with the command you ran; set "
            "LISTING_AUDIT_DEBUG=1 to see the details.",
            err=True,
        )
        sys.exit(2)
