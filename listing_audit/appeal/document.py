"""A small document model written out as Markdown and as Word (.docx), from the same blocks.

The plan of action is built once as blocks of runs, then rendered twice, so the two files can
never say different things. A run is our own wording, text from the scan or a notice (untrusted:
it is sanitised, and escaped in Markdown so a title cannot become a link, a heading or HTML),
or a placeholder for what only the seller knows, which stays plain in Markdown (easy to search
for) and is bold on yellow in Word (hard to miss).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..report.safe import atomic_write, cell_text

RunKind = Literal["text", "strong", "fill"]
BlockKind = Literal["title", "heading", "paragraph", "bullet", "number", "note"]

#: How a placeholder starts, in every language: search for it before sending.
FILL_MARK = "[FILL IN"
#: Long enough for any paragraph; the limit only guards against a runaway value.
_TEXT_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    kind: RunKind = "text"


@dataclass(slots=True)
class Block:
    kind: BlockKind
    runs: list[Run] = field(default_factory=list)


def fill(what: str, lang: str = "en") -> Run:
    """A placeholder: `[FILL IN: what]` (`[FILL IN 请填写：what]` in Chinese)."""
    return Run(f"{FILL_MARK}: {what}]" if lang == "en" else f"{FILL_MARK} 请填写：{what}]", "fill")


def clean(text: str) -> str:
    """Untrusted text on one line, with nothing a Word file or an XML parser refuses.

    Runs of white space (line breaks included) become one space; a space at either end is
    kept, as it separates this run from the next."""
    return re.sub(r"\s+", " ", cell_text(text, _TEXT_LIMIT))


#: Enough to keep listing text from becoming a link, emphasis, code, HTML, a heading or a
#: table cell; parentheses and dots are left alone, as they are markup only after these.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md_escape(text: str) -> str:
    """Escape what Markdown would read as markup in untrusted text."""
    return _MD_SPECIAL.sub(r"\\\1", clean(text))


def _md_runs(runs: list[Run]) -> str:
    parts = []
    for run in runs:
        if run.kind == "fill":
            parts.append(clean(run.text))
        elif run.kind == "strong":
            parts.append(f"**{md_escape(run.text)}**")
        else:
            parts.append(md_escape(run.text))
    return "".join(parts)


def to_markdown(blocks: list[Block]) -> str:
    """Blocks as Markdown: one blank line between blocks, none inside a list or a note box."""
    out: list[str] = []
    number = 0
    previous: BlockKind | None = None
    for block in blocks:
        text = _md_runs(block.runs)
        grouped = previous == block.kind and block.kind in ("bullet", "number", "note")
        if out and not grouped:
            out.append("")
        number = number + 1 if grouped and block.kind == "number" else 1
        if grouped and block.kind == "note":
            out.append(">")
        out.append(
            {
                "title": f"# {text}",
                "heading": f"## {text}",
                "paragraph": text,
                "note": f"> {text}",
                "bullet": f"- {text}",
                "number": f"{number}. {text}",
            }[block.kind]
        )
        previous = block.kind
    return "\n".join(out) + "\n"


def write_markdown(blocks: list[Block], path: Path) -> None:
    data = to_markdown(blocks).encode("utf-8")

    def save(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(Path(path), save)


def write_docx(blocks: list[Block], path: Path, lang: str = "en") -> None:
    """The same blocks as a Word document (python-docx), written atomically."""
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    if lang == "zh":
        # Word picks the East Asian font separately; without one, Chinese may show as boxes.
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "Microsoft YaHei")
    doc.core_properties.author = "listing-audit"
    number_style = "List Number"
    for block in blocks:
        if block.kind == "title":
            paragraph = doc.add_heading(level=0)
        elif block.kind == "heading":
            paragraph = doc.add_heading(level=1)
        elif block.kind == "bullet":
            paragraph = doc.add_paragraph(style="List Bullet")
        elif block.kind == "number":
            paragraph = doc.add_paragraph(style=number_style)
        else:
            paragraph = doc.add_paragraph()
        for run in block.runs:
            piece = paragraph.add_run(clean(run.text))
            if run.kind == "strong":
                piece.bold = True
            elif run.kind == "fill":
                piece.bold = True
                piece.font.highlight_color = WD_COLOR_INDEX.YELLOW
            if block.kind == "note":
                piece.italic = True
                piece.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    def save(tmp: Path) -> None:
        doc.save(str(tmp))

    atomic_write(Path(path), save)
