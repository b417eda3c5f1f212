"""Finding fonts that can draw every name and line of a script in a PDF.

fpdf2's built-in fonts only know Latin-1, and scripts are full of ``ZOË`` and
``李``, so the PDFs embed a TrueType font. We look in this order, and take the
first that exists, because each is there on a different kind of machine:

1. ``$PREVIS_FONT`` (a .ttf/.otf the user points at);
2. DejaVu Sans from Debian's ``fonts-dejavu-core`` (on the project's machines);
3. DejaVu Sans shipped inside matplotlib's wheel, if matplotlib is installed;
4. Noto Sans from the ``fontpkg-noto-sans`` wheel, if installed;
5. otherwise fpdf2's core Helvetica, with a clear note that non-Latin-1 letters
   become ``?`` and how to fix it.

Chinese, Japanese and Korean letters are not in DejaVu; a CJK font (the
``cvttf-notosanscjk-regular`` wheel, or Debian's Noto CJK / Droid fallback) is
registered as an fpdf2 *fallback font*, and only when the text actually needs
it, because parsing a 16 MB CJK font costs a third of a second.
"""
from __future__ import annotations

import glob
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ENV_VAR = "PREVIS_FONT"

_PRIMARY_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
)

_CJK_CANDIDATES = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttf",
)


@dataclass(frozen=True, slots=True)
class FontChoice:
    """The fonts a PDF will use. ``regular`` None means fpdf2's core Helvetica
    (Latin-1 only); ``note`` then says what a user can do about it."""

    regular: str | None
    bold: str | None
    fallbacks: tuple[str, ...] = ()
    note: str = ""


def _bold_beside(regular: str) -> str | None:
    """``DejaVuSans.ttf`` -> ``DejaVuSans-Bold.ttf`` if it exists next to it."""
    p = Path(regular)
    for name in (f"{p.stem}-Bold{p.suffix}", f"{p.stem}Bold{p.suffix}", f"{p.stem}-bold{p.suffix}"):
        cand = p.with_name(name)
        if cand.is_file():
            return str(cand)
    return None


def _package_fonts(module: str, pattern: str) -> list[str]:
    """Font files shipped inside an installed Python package (without importing it)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    out: list[str] = []
    for location in spec.submodule_search_locations:
        out.extend(sorted(glob.glob(os.path.join(location, pattern), recursive=True)))
    return out


def find_fonts() -> FontChoice:
    """Pick the PDF fonts available on this machine (see the module docstring for the order).

    Returns:
        A :class:`FontChoice`; never raises: the worst case is core Helvetica with a note.
    """
    candidates: list[str] = []
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        candidates.append(configured)
    candidates.extend(_PRIMARY_CANDIDATES)
    candidates.extend(_package_fonts("matplotlib", "mpl-data/fonts/ttf/DejaVuSans.ttf"))
    candidates.extend(p for p in _package_fonts("fontpkg_noto_sans", "**/NotoSans-Regular.[to]tf"))
    regular = next((c for c in candidates if os.path.isfile(c)), None)

    fallbacks = [c for c in _CJK_CANDIDATES if os.path.isfile(c)]
    fallbacks.extend(_package_fonts("cvttf_NotoSansCJK_Regular", "*.otf"))
    if regular is None:
        return FontChoice(
            None, None, tuple(fallbacks),
            note=("no Unicode font found: PDF text outside Latin-1 is shown as '?'; install Debian's "
                  f"fonts-dejavu-core or set {ENV_VAR} to a .ttf file"),
        )
    return FontChoice(regular, _bold_beside(regular), tuple(fallbacks))


def setup_pdf_fonts(pdf, texts: Iterable[str], choice: FontChoice | None = None) -> tuple[str, str]:
    """Register fonts on an fpdf2 ``FPDF`` so ``texts`` can be drawn.

    Args:
        pdf: the ``fpdf.FPDF`` document.
        texts: every string the document will draw (to decide whether a CJK
            fallback is needed).
        choice: fonts to use; :func:`find_fonts` when omitted.

    Returns:
        ``(family, note)``: the font family to ``set_font`` with (styles ``""``
        and ``"B"`` both work) and a warning for the user, ``""`` if none.
    """
    choice = choice or find_fonts()
    if choice.regular is None:
        return "helvetica", choice.note
    pdf.add_font("previs", "", choice.regular)
    pdf.add_font("previs", "B", choice.bold or choice.regular)
    cmap = pdf.fonts["previs"].cmap
    missing = {ch for text in texts for ch in text if ord(ch) > 0x20 and ord(ch) not in cmap}
    note = ""
    if missing:
        names = []
        for i, path in enumerate(choice.fallbacks):
            name = f"previsfb{i}"
            pdf.add_font(name, "", path)
            names.append(name)
            missing = {ch for ch in missing if ord(ch) not in pdf.fonts[name].cmap}
            if not missing:
                break
        if names:
            pdf.set_fallback_fonts(names, exact_match=False)
        if missing:
            sample = "".join(sorted(missing)[:8])
            note = (f"no installed font draws {sample!r}; those letters are left out of the PDF "
                    "(pip install cvttf-notosanscjk-regular adds Chinese, Japanese and Korean)")
    return "previs", note


def pdf_safe(text: str, family: str) -> str:
    """Text as the chosen family can take it: core fonts only take Latin-1."""
    if family == "helvetica":
        return text.encode("latin-1", "replace").decode("latin-1")
    return text
