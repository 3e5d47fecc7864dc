"""A small document model rendered to both Markdown and HTML.

A report is built once as a list of blocks (headings, paragraphs, tables, images) and
rendered by ``to_markdown`` and ``to_html``, so the two always say the same thing. Inline
``**bold**`` and ```code``` marks work in both. Rendering is deterministic: the same
blocks give the same bytes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd

# Blocks and rendering -----------------------------------------------------------------


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    frame: pd.DataFrame  # cells already formatted as strings; "**x**" marks emphasis
    caption: str = ""


@dataclass
class Image:
    file: str
    alt: str


@dataclass
class Document:
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)


def _markdown_cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Document) -> str:
    out = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {block.text}\n")
        elif isinstance(block, Paragraph):
            out.append(f"{block.text}\n")
        elif isinstance(block, Image):
            out.append(f"![{block.alt}]({block.file})\n")
        elif isinstance(block, Table):
            frame = block.frame
            header = [_markdown_cell(c) for c in frame.columns]
            lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            for row in frame.itertuples(index=False):
                lines.append("| " + " | ".join(_markdown_cell(v) for v in row) + " |")
            if block.caption:
                out.append(f"{block.caption}\n")
            out.append("\n".join(lines) + "\n")
    return "\n".join(out)


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em;
       color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f3f3f3; } td:first-child, td:nth-child(2) { text-align: left; }
img { max-width: 100%; border: 1px solid #eee; margin: 0.5em 0 1.5em; }
code { background: #f3f3f3; padding: 0 0.2em; }
"""


def _inline_html(text: str) -> str:
    text = html.escape(str(text))
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


def to_html(doc: Document, title: str) -> str:
    out = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>',
        f"<style>{_STYLE}</style></head><body>",
    ]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{_inline_html(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{_inline_html(block.text)}</p>")
        elif isinstance(block, Image):
            out.append(f'<img src="{html.escape(block.file)}" alt="{html.escape(block.alt)}">')
        elif isinstance(block, Table):
            if block.caption:
                out.append(f"<p>{_inline_html(block.caption)}</p>")
            head = "".join(f"<th>{_inline_html(c)}</th>" for c in block.frame.columns)
            body = "".join(
                "<tr>" + "".join(f"<td>{_inline_html(v)}</td>" for v in row) + "</tr>"
                for row in block.frame.itertuples(index=False)
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)
