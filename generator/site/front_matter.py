"""Draft pages' front matter, parsed once per build for both the catalog and MkDocs.

The plugin's catalog reads every draft page's front matter before MkDocs
renders anything (for the packet list, the approval states and the ``.eml``
files), and MkDocs then reads the same front matter again for ``page.meta``.
``FrontMatter`` keeps what the catalog parsed, and ``split`` gives MkDocs a
page's Markdown and meta only where they are exactly what MkDocs' own reading
would give: the same block of YAML (by MkDocs' pattern), parsed by the same
loader into a mapping, and a body MkDocs would take as it is. Anything else
is left to MkDocs.
"""

from __future__ import annotations

from typing import Any

from mkdocs.utils import meta as mkdocs_meta

from generator.site.draft_page import SAFE_LOADER, load_yaml


class FrontMatter:
    """YAML parsed for the catalog, kept until MkDocs asks for the page."""

    def __init__(self) -> None:
        self._loaded: dict[str, Any] = {}

    def load(self, front: str) -> Any:
        """Parse ``front`` as the catalog does (raising as YAML does), and keep the result."""
        loaded = load_yaml(front)
        self._loaded[front] = loaded
        return loaded

    def split(self, text: str) -> tuple[str, dict[str, Any]] | None:
        """MkDocs' ``(markdown, meta)`` for a page whose front matter was parsed here, else None.

        Each parse is handed out once, so no two pages share a ``meta``.
        """
        if SAFE_LOADER is not getattr(mkdocs_meta, "SafeLoader", None):  # MkDocs would parse it another way
            return None
        match = mkdocs_meta.YAML_RE.match(text)
        if match is None or match.group(1) not in self._loaded:
            return None
        loaded = self._loaded.pop(match.group(1))
        if not isinstance(loaded, dict):
            return None
        body = text[match.end():].lstrip("\n")
        if mkdocs_meta.get_data(body) != (body, {}):  # MkDocs would read more meta from the body itself
            return None
        return body, loaded
