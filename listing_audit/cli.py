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
from .exports.columns import parse_column_map
from .history import weekly
from .model import LEVELS, ScanResult
from .pipeline import ScanConfig, scan
from .progress import is_quiet, set_quiet
from .project_config import ProjectCommand, from_config
from .project_config import current as project_config
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
        n = len(result.skipped)
        line += f"; {n} {'problem' if n == 1 else 'problems'} reported (see the Skipped sheet)"
    return line + weekly.summary_suffix(result)


def _say(text: str) -> None:
    """Progress chatter: shown unless --quiet (the one-line summary always shows)."""
    if not is_quiet():
        click.echo(text)


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
        _say(f"Report: {outputs.xlsx}")
    if outputs.json is not None:
        json_report.write(result, outputs.json)
        _say(f"JSON: {outputs.json}")
    if outputs.csv is not None:
        csv_report.write(result, outputs.csv, outputs.lang)
        _say(f"CSV: {outputs.csv}")


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


def _check_map(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Refuse a malformed --map FIELD=HEADER before any work (exit 2 with the reason)."""
    try:
        parse_column_map(value)
    except ListingAuditError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


@cli.command("scan", cls=ProjectCommand)
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
@click.option(
    "--map",
    "column_map",
    multiple=True,
    metavar="FIELD=HEADER",
    callback=_check_map,
    help='Which column holds a field in another tool\'s CSV/XLSX, e.g. --map title="Product Name". '
    "Repeatable.",
)
@click.option("--csv", "csv_path", type=_path, help="Ranked flagged rows as CSV.")
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=True,
    help="Language of the workbook and CSV: en or zh (Simplified Chinese).",
)
@click.option(
    "--complaints",
    "complaints_path",
    type=_path,
    metavar="FILE",
    help="Complaints file (`complaints import`): complained ASINs rank first; the brands and "
    "rights owners named are watched at high risk.",
)
@click.option(
    "--cache",
    "cache_dir",
    type=_path,
    metavar="DIR",
    help="Keep image work in this cache folder, so unchanged images are not decoded again "
    "(default with a listing-audit.toml: .listing-audit beside the report).",
)
@click.option("--no-cache", is_flag=True, help="Use no cache, even if listing-audit.toml has one.")
@click.option(
    "--history",
    "history_dir",
    type=_path,
    metavar="DIR",
    help="Keep each scan's JSON here and report what changed since the newest one "
    "(default: history/ in the cache folder).",
)
@click.option("--no-history", is_flag=True, help="Keep no history and compare with none.")
@click.option(
    "--baseline",
    type=_path,
    metavar="FILE",
    help="An earlier scan's JSON to compare with (instead of the newest in the history).",
)
@click.option(
    "--decisions",
    "decisions_path",
    type=_path,
    metavar="FILE",
    help="The team's decisions file (`decisions import`): kept findings count no more.",
)
@click.option(
    "--config",
    "config_path",
    type=_path,
    metavar="FILE",
    help="Project config (default: listing-audit.toml in the working folder, if any).",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress bars or file lines: only the summary line."
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
    column_map: tuple[str, ...],
    csv_path: Path | None,
    lang: str,
    complaints_path: Path | None = None,
    cache_dir: Path | None = None,
    no_cache: bool = False,
    history_dir: Path | None = None,
    no_history: bool = False,
    baseline: Path | None = None,
    decisions_path: Path | None = None,
    config_path: Path | None = None,
    quiet: bool = False,
) -> None:
    """Scan listing EXPORTS (All Listings report, flat file, CSV or XLSX) and write a report.

    \b
    Example:
      listing-audit scan "All Listings Report.txt" --images photos --assets assets \\
          --own-brand Brightwave --out report.xlsx --json findings.json --fail-on high
    """
    set_quiet(quiet)
    if out is None and json_path is None and csv_path is None:
        out = Path("listing-audit-report.xlsx")
    project = project_config()
    for name, report in (("out", out), ("json_path", json_path), ("csv_path", csv_path)):
        if report is not None and from_config(name):  # the config's [output] folder
            report.parent.mkdir(parents=True, exist_ok=True)
    weekly_settings = weekly.resolve(
        project,
        [p for p in (out, json_path, csv_path) if p is not None],
        cache=cache_dir,
        no_cache=no_cache,
        history=history_dir,
        no_history=no_history,
        decisions=decisions_path,
    )
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
    if project.path is not None:  # the project config the values came from, for the record
        options["config_path"] = str(project.path)
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
        column_map=parse_column_map(column_map),
        workers=workers,
        complaints=complaints_path,
        cache_dir=weekly_settings.cache_dir,
        cache_limits=weekly_settings.cache_limits,
        baseline=baseline,
        history_dir=weekly_settings.history_dir,
        decisions=weekly_settings.decisions,
    )
    try:
        result = _run(config, Outputs(out, json_path, csv_path, lang))
    except ListingAuditError as exc:
        _fail(exc)
    weekly.keep(result, weekly_settings)
    if result.run is not None and result.run.cache:
        _say(f"Cache: {result.run.cache}")
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


@cli.group("complaints")
def complaints_group() -> None:
    """Rights owners' complaint notices: read them into a complaints file."""


@complaints_group.command("import")
@click.argument("notices", nargs=-1, required=True, type=_path, metavar="FILE...")
@click.option(
    "--out",
    type=_path,
    default=Path("complaints.csv"),
    show_default=True,
    help="The complaints file to write (CSV).",
)
def complaints_import_command(notices: tuple[Path, ...], out: Path) -> None:
    """Read complaint notices (e-mail text, .eml, Account Health page copied) into a CSV.

    Exit status: 0 every notice read in full; 1 written, but something was missing or could
    not be read (each problem is listed); 2 nothing could be read.

    \b
    Example:
      listing-audit complaints import notice-1.txt notice-2.eml --out complaints.csv
    """
    from .appeal.complaints import import_notices, write_complaints

    try:
        check_writable(out)
        result = import_notices(list(notices))
        for problem in result.problems:
            click.echo(f"listing-audit: {problem.describe()}", err=True)
        if not result.complaints:
            _fail(
                ListingAuditError(
                    "no complaint could be read from the notices given; nothing written",
                    "paste each notice's full text, as Amazon sent it, into a .txt file",
                )
            )
        write_complaints(result.complaints, out)
    except ListingAuditError as exc:
        _fail(exc)
    asins = {c.complaint.asin for c in result.complaints}
    click.echo(
        f"Complaints: {out} ({len(result.complaint_ids)} complaints on {len(asins)} ASINs "
        f"from {result.files} files)"
    )
    sys.exit(1 if result.problems else 0)


@cli.command("appeal")
@click.option(
    "--json",
    "json_path",
    type=_path,
    required=True,
    metavar="SCAN.json",
    help="The JSON of the full catalog scan (`scan --json`).",
)
@click.option(
    "--complaints",
    "complaints_path",
    type=_path,
    metavar="FILE",
    help="The complaints file (`complaints import`).",
)
@click.option(
    "--decisions",
    "decisions_path",
    type=_path,
    metavar="FILE",
    help="The team's decisions: the decisions CSV, or the report workbook with its Decision "
    "column filled in.",
)
@click.option(
    "--out", "out_dir", type=_path, required=True, metavar="DIR", help="Folder to write into."
)
@click.option(
    "--delete-code",
    type=click.Choice(("x", "d")),
    default="x",
    show_default=True,
    help="The Inventory Loader add-delete code that deletes a listing.",
)
def appeal_command(
    json_path: Path,
    complaints_path: Path | None,
    decisions_path: Path | None,
    out_dir: Path,
    delete_code: str,
) -> None:
    """Write the appeal pack: plan of action (English and Chinese, .md and .docx),
    evidence.xlsx, and the files that delete the listings marked Remove.

    \b
    Example:
      listing-audit appeal --json audit.json --complaints complaints.csv \\
          --decisions decisions.csv --out appeal/
    """
    from .appeal.pack import write_appeal

    try:
        pack = write_appeal(json_path, out_dir, complaints_path, decisions_path, delete_code)
    except ListingAuditError as exc:
        _fail(exc)
    for path in pack.files:
        click.echo(f"Wrote {path}")
    for note in pack.notes:
        click.echo(f"Note: {note}")
    review = pack.review
    assert review is not None
    click.echo(
        f"Plan of action from the review of {review.review_date}: {len(review.listings)} "
        f"listings, {len(review.with_outcome('removed'))} to remove "
        f"({pack.deleted_skus} SKUs in the delete files), {len(review.with_outcome('fixed'))} "
        "to fix. Replace every [FILL IN: ...] before sending."
    )


@cli.group("cache")
def cache_group() -> None:
    """The shared cache of image work (`scan --cache`): what it holds, and pruning it."""


_cache_option = click.option(
    "--cache",
    "cache_dir",
    type=_path,
    metavar="DIR",
    help="The cache folder (default: from listing-audit.toml, else .listing-audit here).",
)
_config_option = click.option(
    "--config",
    "config_path",
    type=_path,
    metavar="FILE",
    help="Project config (default: listing-audit.toml in the working folder, if any).",
)


@cache_group.command("info", cls=ProjectCommand)
@_cache_option
@_config_option
def cache_info_command(cache_dir: Path | None, config_path: Path | None) -> None:
    """Show where the cache is, how big, and what it holds by algorithm version.

    \b
    Example:
      listing-audit cache info --cache reports/.listing-audit
    """
    from .history.maintenance import cache_info_text

    click.echo(cache_info_text(project_config(), cache_dir), nl=False)


@cache_group.command("prune", cls=ProjectCommand)
@_cache_option
@click.option(
    "--max-mb",
    type=click.FloatRange(min=0),
    default=None,
    help="Keep at most this many megabytes, least recently used going first "
    "(default: the configured limit).",
)
@click.option(
    "--older-than",
    type=click.FloatRange(min=0),
    default=None,
    metavar="DAYS",
    help="Also drop entries no scan has used for DAYS days.",
)
@click.option("--all", "everything", is_flag=True, help="Empty the cache.")
@click.option(
    "--keep-scans",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Also keep only the newest N scans in the cache folder's history.",
)
@_config_option
def cache_prune_command(
    cache_dir: Path | None,
    max_mb: float | None,
    older_than: float | None,
    everything: bool,
    keep_scans: int | None,
    config_path: Path | None,
) -> None:
    """Drop entries of older algorithm versions, unused ones, and the least recently used
    over the size limit; then compact the file.

    \b
    Example:
      listing-audit cache prune --older-than 90 --max-mb 500
    """
    from .history.maintenance import prune_cache_text

    click.echo(
        prune_cache_text(project_config(), cache_dir, max_mb, older_than, everything, keep_scans),
        nl=False,
    )


@cli.group("decisions")
def decisions_group() -> None:
    """The team's decisions on findings: read them from a report into a decisions file."""


@decisions_group.command("import", cls=ProjectCommand)
@click.argument("report", type=_path, metavar="REPORT.xlsx")
@click.option(
    "--out",
    type=_path,
    default=None,
    help="The decisions file to write or update (default: [decisions] file of "
    "listing-audit.toml, else decisions.csv).",
)
@click.option(
    "--expires-days",
    type=click.IntRange(min=0),
    default=None,
    metavar="DAYS",
    help="Keep decisions hold this many days (0: never expire; default: the config's "
    "expires_after_days, else 365).",
)
@_config_option
def decisions_import_command(
    report: Path, out: Path | None, expires_days: int | None, config_path: Path | None
) -> None:
    """Read the Decision, Assignee and Notes columns a team filled in on a report's Flagged
    ASINs sheet into a decisions file (CSV: one row per finding, with who, when and why).
    An existing file is updated: new decisions added, changed ones replaced, others kept.

    Exit status: 0 every decision read; 1 written, but some rows could not be used (each is
    listed); 2 nothing could be read.

    \b
    Example:
      listing-audit decisions import audit.xlsx --out decisions.csv
    """
    from .history.maintenance import import_decisions

    try:
        done = import_decisions(project_config(), report, out, expires_days)
    except ListingAuditError as exc:
        _fail(exc)
    for problem in done.problems:
        click.echo(f"listing-audit: {problem}", err=True)
    for note in done.notes:
        click.echo(f"Note: {note}")
    click.echo(done.summary)
    sys.exit(1 if done.problems else 0)


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
