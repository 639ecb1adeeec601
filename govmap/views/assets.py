"""The vis-network script and style sheet, read from the pyvis package and made inlinable.

pyvis 0.3.2 ships vis-network 9.1.2 (``pyvis/lib/vis-9.1.2/``), which is dual licensed
under the Apache 2.0 and MIT licences; its licence header is kept in the inlined script.
Inlining it is what lets a saved view open on a machine with no network at all.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

VIS_VERSION = "9.1.2"
#: File names of the script and style sheet when served rather than inlined.
JS_NAME = f"vis-network-{VIS_VERSION}.min.js"
CSS_NAME = f"vis-network-{VIS_VERSION}.min.css"
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)


class AssetError(RuntimeError):
    """The vis-network files could not be found in the installed pyvis package."""


def _read(name: str) -> str:
    try:
        folder = resources.files("pyvis") / "lib" / f"vis-{VIS_VERSION}"
        return (folder / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - install bug
        raise AssetError(
            f"cannot find {name} of vis-network {VIS_VERSION} in the pyvis package; "
            "reinstall govmap's dependencies (pip install 'pyvis==0.3.2')"
        ) from exc


def inline_script(text: str) -> str:
    """Make script text safe inside an HTML ``<script>`` element.

    Drops the source-map comment (a browser with developer tools open would try to fetch
    the map) and breaks any ``</script`` or ``<!--`` so the element cannot end early.
    """
    text = _SOURCE_MAP.sub("", text)
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


@functools.cache
def vis_network_js() -> str:
    """The minified vis-network script, ready to inline."""
    return inline_script(_read("vis-network.min.js"))


@functools.cache
def vis_network_css() -> str:
    """The vis-network style sheet (its images are already ``data:`` URLs)."""
    css = _read("vis-network.css")
    return re.sub(r"/\*#\s*sourceMappingURL=[^*]*\*/", "", css).replace("</style", "<\\/style")


def write_assets(folder: Path) -> bool:
    """Put the vis-network script and style sheet in ``folder`` for a server to serve.

    The explorer serves them once (the browser then caches them) instead of sending them
    inside every redrawn view. Files already there with the right content are left alone.
    Returns False, writing nothing more, if the folder cannot be written (a read-only
    install): the caller then inlines them as usual.
    """
    wanted = {JS_NAME: _SOURCE_MAP.sub("", _read("vis-network.min.js")),
              CSS_NAME: re.sub(r"/\*#\s*sourceMappingURL=[^*]*\*/", "", _read("vis-network.css"))}
    try:
        folder.mkdir(exist_ok=True)
        for name, text in wanted.items():
            target = folder / name
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                temporary = folder / f".{name}.tmp"
                temporary.write_text(text, encoding="utf-8")
                temporary.replace(target)
    except OSError:
        return False
    return True
