"""Character bible (work in progress: slug only)."""
from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    """Stable id from a character name: ``EDWARD BLOOM`` -> ``edward-bloom``, ``ZOË`` -> ``zoe``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "character"
