"""Text a user supplied, made safe to put into Markdown.

Names, notes, sources, file names and scenario text go into Markdown in the report, the
briefing and the explorer. :func:`markdown_text` makes any of them read as the text it is
in every Markdown viewer: no link, image, raw HTML, autolink, emphasis or Streamlit
directive (``:material/...:``, ``:red[...]``, ``$...$``) can be built from it.
"""

from __future__ import annotations

import re

#: Characters that start or end inline Markdown: backslash-escaped wherever they appear.
_PUNCTUATION = re.compile(r"([\\`*\[\]!|~$#{}@]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
#: A colon followed by something other than a space (``http://``, ``:material/x:``).
_COLON = re.compile(r":(?=\S)")
#: ``www.`` starts a GFM autolink without a scheme.
_WWW = re.compile(r"(?i)\b(www)\.")
#: What starts a list item or a setext underline when it opens the text.
_BLOCK = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def markdown_text(text: str) -> str:
    """``text`` escaped so that Markdown shows it as written.

    Markdown punctuation is backslash-escaped (``_`` only where it could start or end
    emphasis: between two letters or digits it never does), ``<`` and ``>`` become HTML
    entities, and what GFM would turn into a link on its own (``http://…``, ``www.…``,
    ``a@b.org``) is broken up by an escape that renders as nothing. Line breaks become
    spaces, so the text cannot start a heading, list or table row of its own.

    Examples
    --------
    >>> markdown_text("![x](http://h/x.png) <img src=x> [a](http://h)")
    '\\\\!\\\\[x\\\\](http\\\\://h/x.png) &lt;img src=x&gt; \\\\[a\\\\](http\\\\://h)'
    >>> markdown_text("Cardiff Community Safety Partnership (CSP): 2024")
    'Cardiff Community Safety Partnership (CSP): 2024'
    >>> markdown_text("csp_cardiff _emphasis_")
    'csp_cardiff \\\\_emphasis\\\\_'
    """
    escaped = _PUNCTUATION.sub(r"\\\1", " ".join(text.splitlines()))
    escaped = escaped.replace("<", "&lt;").replace(">", "&gt;")
    escaped = _COLON.sub(r"\\:", escaped)
    escaped = _WWW.sub(r"\1\\.", escaped)
    return _BLOCK.sub(lambda m: m[1] + ("\\" + m[2] if not m[2].isdigit() else m[2] + "\\"),
                      escaped)
