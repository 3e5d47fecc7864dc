"""A small document model rendered to both Markdown and HTML.

A report is built once as a list of blocks (headings, paragraphs, notes, tables, images)
and rendered by ``to_markdown`` and ``to_html``, so the two always say the same thing.
Inline ``**bold**`` and ```code``` marks work in both. Rendering is deterministic: the same
blocks give the same bytes.

Both renderings open with a table of contents of the level-2 and level-3 headings, linked
to anchors derived from the heading texts. In HTML every table sits in its own scroll box
with a sticky header row and sticky key columns (``Table.key_columns``), so a table of 65
datasets by 16 methods scrolls inside the page while the dataset names stay on screen.
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
class Note:
    """A caveat the reader must see next to the numbers it qualifies (drawn as a warning)."""

    text: str


@dataclass
class Table:
    frame: pd.DataFrame  # cells already formatted as strings; "**x**" marks emphasis
    caption: str = ""
    key_columns: int = 1  # leading columns that name the row; they stay on screen in HTML


@dataclass
class Image:
    file: str
    alt: str


@dataclass
class Document:
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)


def anchors(doc: Document) -> dict[int, str]:
    """The anchor of each heading, by block index: its text as a slug, unique in the page."""
    used: dict[str, int] = {}
    out = {}
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            slug = re.sub(r"[^a-z0-9]+", "-", block.text.lower()).strip("-") or "section"
            used[slug] = used.get(slug, 0) + 1
            out[i] = slug if used[slug] == 1 else f"{slug}-{used[slug]}"
    return out


def _contents(doc: Document, ids: dict[int, str]) -> list[tuple[int, str, str]]:
    """(depth, text, anchor) of the headings the table of contents lists (levels 2 and 3)."""
    return [(doc.blocks[i].level - 2, doc.blocks[i].text, anchor)
            for i, anchor in ids.items() if doc.blocks[i].level in (2, 3)]


def _markdown_text(text) -> str:
    """Text with no raw HTML: a dataset named ``<img onerror=...>`` stays text in a viewer.

    Only ``&`` and ``<`` are escaped (``>`` alone opens no tag), so ``**bold**`` and
    ```code``` marks still work and reports without these characters keep their bytes.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;")


def _markdown_cell(value) -> str:
    return _markdown_text(value).replace("|", "\\|").replace("\n", " ")


def _markdown_table(block: Table) -> str:
    frame = block.frame
    header = [_markdown_cell(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_markdown_cell(v) for v in row) + " |")
    caption = f"{_markdown_text(block.caption)}\n\n" if block.caption else ""
    return caption + "\n".join(lines) + "\n"


_MARKDOWN = {
    Paragraph: lambda b: f"{_markdown_text(b.text)}\n",
    Note: lambda b: f"> **Note:** {_markdown_text(b.text)}\n",
    Image: lambda b: f"![{_markdown_text(b.alt)}]({b.file})\n",
    Table: _markdown_table,
}


def _rendered_blocks(doc: Document, heading, blocks: dict, contents) -> list[str]:
    """Each block of ``doc`` in one output format, the table of contents after the first."""
    ids = anchors(doc)
    entries = _contents(doc, ids)
    parts = []
    for i, block in enumerate(doc.blocks):
        is_heading = isinstance(block, Heading)
        parts.append(heading(block, ids[i]) if is_heading else blocks[type(block)](block))
        if i == 0 and entries:
            parts.append(contents(entries))
    return parts


def _markdown_heading(block: Heading, anchor: str) -> str:
    return f'<a id="{anchor}"></a>\n\n{"#" * block.level} {_markdown_text(block.text)}\n'


def _markdown_contents(entries) -> str:
    return "**Contents**\n\n" + "".join(
        f"{'  ' * depth}- [{_markdown_text(text)}](#{anchor})\n"
        for depth, text, anchor in entries)


def to_markdown(doc: Document) -> str:
    return "\n".join(_rendered_blocks(doc, _markdown_heading, _MARKDOWN, _markdown_contents))


# Key columns have a fixed width so that the second one knows where to stick (left: 11em).
_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em;
       color: #222; }
.table-scroll { overflow: auto; max-height: 80vh; margin: 0.5em 0 1.5em;
                border: 1px solid #ccc; }
table { border-collapse: separate; border-spacing: 0; font-size: 0.9em; }
th, td { border-right: 1px solid #ddd; border-bottom: 1px solid #ddd; padding: 0.25em 0.6em;
         text-align: right; white-space: nowrap; background: #fff; }
th { background: #f3f3f3; position: sticky; top: 0; z-index: 2; }
.key { position: sticky; z-index: 1; text-align: left; box-sizing: border-box; width: 11em;
       min-width: 11em; max-width: 11em; white-space: normal; overflow-wrap: anywhere; }
th.key { z-index: 3; }
.key0 { left: 0; } .key1 { left: 11em; } .key-last { border-right: 2px solid #999; }
.note { background: #fff4d6; border-left: 4px solid #e0a000; padding: 0.4em 0.8em; }
nav.contents ul { margin: 0.2em 0; }
img { max-width: 100%; border: 1px solid #eee; margin: 0.5em 0 1.5em; }
code { background: #f3f3f3; padding: 0 0.2em; }
"""


def _inline_html(text: str) -> str:
    text = html.escape(str(text))
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


def _cell_class(column: int, key_columns: int) -> str:
    if column >= key_columns:
        return ""
    last = " key-last" if column == key_columns - 1 else ""
    return f' class="key key{column}{last}"'


def _html_table(block: Table) -> str:
    keys = min(block.key_columns, 2, len(block.frame.columns))
    caption = f"<p>{_inline_html(block.caption)}</p>\n" if block.caption else ""
    head = "".join(f"<th{_cell_class(j, keys)}>{_inline_html(c)}</th>"
                   for j, c in enumerate(block.frame.columns))
    body = "".join(
        "<tr>" + "".join(f"<td{_cell_class(j, keys)}>{_inline_html(v)}</td>"
                         for j, v in enumerate(row)) + "</tr>"
        for row in block.frame.itertuples(index=False)
    )
    return (f'{caption}<div class="table-scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _html_contents(entries: list[tuple[int, str, str]]) -> str:
    """Nested lists: a level-3 entry goes inside the list item of the level-2 one before it."""
    out, depth = ['<nav class="contents"><b>Contents</b><ul>'], 0
    top = entries[0][0] if entries else 0
    for i, (level, text, anchor) in enumerate(entries):
        level = max(level - top, 0)
        if i and level > depth:
            out.append("<ul>")
        elif i:
            out.append("</li>" + "</ul></li>" * (depth - level))
        out.append(f'<li><a href="#{anchor}">{_inline_html(text)}</a>')
        depth = level
    out.append("</li>" + "</ul></li>" * depth + "</ul></nav>")
    return "".join(out)


_HTML = {
    Paragraph: lambda b: f"<p>{_inline_html(b.text)}</p>",
    Note: lambda b: f'<p class="note"><b>Note:</b> {_inline_html(b.text)}</p>',
    Image: lambda b: f'<img src="{html.escape(b.file)}" alt="{html.escape(b.alt)}">',
    Table: _html_table,
}


def _html_heading(block: Heading, anchor: str) -> str:
    return f'<h{block.level} id="{anchor}">{_inline_html(block.text)}</h{block.level}>'


def to_html(doc: Document, title: str) -> str:
    body = _rendered_blocks(doc, _html_heading, _HTML, _html_contents)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>',
        f"<style>{_STYLE}</style></head><body>",
    ]
    return "\n".join([*head, *body, "</body></html>"])
