"""Saving an fpdf2 document: atomically, and only once the written file opens as a PDF.

Both PDFs (shot list, storyboard) end here, so the check that a full disk did not
leave a truncated file in place of the previous good one is made in one place.
pypdfium2 (the exports extra) is the reader: it opens the file and counts pages.
"""
from __future__ import annotations

import os
from pathlib import Path

from renders.export.atomic_file import atomic_file


def save_pdf(pdf, path: str | os.PathLike[str], what: str) -> Path:
    """Write the fpdf2 ``pdf`` to ``path`` through a temp file; it replaces ``path`` only if it opens.

    Raises:
        PrevisError: the file cannot be written or does not open; ``path`` is untouched.
    """
    pages = pdf.pages_count

    def opens(tmp: Path) -> None:
        import pypdfium2

        doc = pypdfium2.PdfDocument(str(tmp))
        try:
            if len(doc) != pages:
                raise ValueError(f"{len(doc)} of {pages} pages")
        finally:
            doc.close()

    with atomic_file(path, what=what, check=opens) as tmp:
        pdf.output(str(tmp))
    return Path(path)
