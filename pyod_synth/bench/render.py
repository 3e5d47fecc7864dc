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


def _markdown_table(block: Table) -> str:
    frame = block.frame
    header = [_markdown_cell(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_markdown_cell(v) for v in row) + " |")
    caption = f"{block.caption}\n\n" if block.caption else ""
    return caption + "\n".join(lines) + "\n"


_MARKDOWN = {
    Heading: lambda b: f"{'#' * b.level} {b.text}\n",
    Paragraph: lambda b: f"{b.text}\n",
    Image: lambda b: f"![{b.alt}]({b.file})\n",
    Table: _markdown_table,
}


def to_markdown(doc: Document) -> str:
    return "\n".join(_MARKDOWN[type(block)](block) for block in doc.blocks)


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


def _html_table(block: Table) -> str:
    caption = f"<p>{_inline_html(block.caption)}</p>\n" if block.caption else ""
    head = "".join(f"<th>{_inline_html(c)}</th>" for c in block.frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_inline_html(v)}</td>" for v in row) + "</tr>"
        for row in block.frame.itertuples(index=False)
    )
    return f"{caption}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_HTML = {
    Heading: lambda b: f"<h{b.level}>{_inline_html(b.text)}</h{b.level}>",
    Paragraph: lambda b: f"<p>{_inline_html(b.text)}</p>",
    Image: lambda b: f'<img src="{html.escape(b.file)}" alt="{html.escape(b.alt)}">',
    Table: _html_table,
}


def to_html(doc: Document, title: str) -> str:
    head = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>',
        f"<style>{_STYLE}</style></head><body>",
    ]
    body = [_HTML[type(block)](block) for block in doc.blocks]
    return "\n".join([*head, *body, "</body></html>"])
