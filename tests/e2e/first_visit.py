"""Helpers for driving Home Assistant's own config-flow dialogs in the browser, as a worker does.

The dialogs live deep in shadow DOM. Text is read through every shadow root; a form is filled
the way ha-form itself reports a change (a ``value-changed`` event with the whole form's
data), then the worker presses the dialog's own button (*Lähetä*, *Valmis* …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import json
from pathlib import Path
import re
from typing import Any

from playwright.async_api import Page

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "custom_components" / "digiohjaus" / "translations"

DEEP = r"""
window.__deepAll = (root, sel) => {
  const out = [];
  const walk = (n) => {
    if (!n) return;
    if (n.nodeType === 1 && n.matches(sel)) out.push(n);
    if (n.shadowRoot) walk(n.shadowRoot);
    for (const c of (n.children || [])) walk(c);
  };
  walk(root);
  return out;
};
window.__deepText = (root) => {
  const out = [];
  const walk = (node) => {
    if (!node) return;
    if (node.nodeType === 3) { const t = node.textContent.trim(); if (t) out.push(t); return; }
    if (node.nodeType === 1 && ['STYLE', 'SCRIPT'].includes(node.tagName)) return;
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const c of node.childNodes) walk(c);
  };
  walk(root);
  return out;
};
window.__flowDialog = () => window.__deepAll(document.body, 'dialog-data-entry-flow')[0];
window.__flowOpen = () => {
  const d = window.__flowDialog();
  return Boolean(d) && window.__deepText(d).length > 0;
};
window.__flowReady = () =>
  window.__flowOpen() && window.__deepAll(window.__flowDialog(), 'step-flow-loading').length === 0;
"""

# What Home Assistant's frontend itself says in English when a translation is missing.
FRONTEND_ENGLISH = {
    "Submit",
    "Success",
    "Finish",
    "Close",
    "Skip and finish",
    "Reconfiguration was successful",
    "This is already being configured",
    "Aborted",
}


def _english_strings() -> set[str]:
    """The integration's English texts: the parts around placeholders, long enough to mean
    something (none of them occurs in a Finnish text; Finnish that is still English does)."""

    def leaves(tree: Any) -> list[str]:
        if isinstance(tree, dict):
            return [text for value in tree.values() for text in leaves(value)]
        return [tree] if isinstance(tree, str) else []

    english = leaves(json.loads((TRANSLATIONS / "en.json").read_text(encoding="utf-8")))
    return {
        piece.strip()
        for text in english
        for piece in re.split(r"\{\w+\}|[`*\n]", text)
        if len(piece.strip()) >= 12
    }


ENGLISH = _english_strings()


@dataclass
class Walk:
    """What the worker saw on each screen of the first visit."""

    page: Page
    screens: list[tuple[str, list[str]]] = field(default_factory=list)
    time_pickers: list[tuple[str, bool]] = field(default_factory=list)

    async def dialog(self) -> list[str]:
        """The texts of the open flow dialog, remembered for the English check."""
        await self.page.wait_for_function("() => window.__flowReady()")
        await self.page.wait_for_timeout(400)  # the step renders after the dialog opens
        texts: list[str] = await self.page.evaluate(
            "() => window.__deepText(window.__flowDialog())"
        )
        seconds = await self.page.evaluate(
            "() => window.__deepAll(window.__flowDialog(), 'ha-time-input')"
            ".map(e => Boolean(e.enableSecond))"
        )
        title = texts[0] if texts else ""
        self.screens.append((title, texts))
        self.time_pickers.extend((title, shows) for shows in seconds)
        return texts

    async def fill(self, data: dict[str, Any]) -> None:
        """Change fields of the shown form as ha-form does when the worker types."""
        await self.page.evaluate(
            """(data) => {
              const form = window.__deepAll(window.__flowDialog(), 'ha-form')[0];
              const value = {...(form.data || {}), ...data};
              form.dispatchEvent(new CustomEvent(
                'value-changed', {detail: {value}, bubbles: true, composed: true}));
            }""",
            data,
        )

    async def press(self, name: str) -> list[str]:
        """Press the dialog's button ``name``; return the next screen's texts."""
        await self.page.get_by_role("button", name=name, exact=True).last.click()
        await self.page.wait_for_timeout(600)
        return await self.dialog()

    async def finish(self, name: str = "Valmis") -> None:
        """Close the last screen with its button and wait for the dialog to go."""
        await self.page.get_by_role("button", name=name, exact=True).last.click()
        await self.page.wait_for_function("() => !window.__flowOpen()")

    def english(self) -> list[str]:
        """Every English text any screen showed."""
        return [
            f"{title}: {text}"
            for title, texts in self.screens
            for text in texts
            if text in FRONTEND_ENGLISH or any(piece in text for piece in ENGLISH)
        ]
