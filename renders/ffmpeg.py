"""Find the ffmpeg executable every video stage uses.

One place decides which ffmpeg runs so that the encoder, the cut and the
exports agree, and so a user can point the whole tool at their own build with
one environment variable. The ``imageio-ffmpeg`` wheel ships a static binary,
which is why a laptop with nothing installed still works; a system ffmpeg on
PATH is the last resort.
"""
from __future__ import annotations

import functools
import os
import shutil

from screenplay.errors import PrevisError

ENV_VAR = "PREVIS_FFMPEG"


def ffmpeg_exe() -> str:
    """Return the path of the ffmpeg executable to run.

    Looks, in order, at ``$PREVIS_FFMPEG``, the binary bundled with the
    ``imageio-ffmpeg`` wheel, then ``ffmpeg`` on ``PATH``.

    Returns:
        An absolute path (or a name resolvable on PATH) of an executable ffmpeg.

    Raises:
        PrevisError: ``$PREVIS_FFMPEG`` names something that is not an
            executable file, or no ffmpeg can be found at all (the message says
            how to fix it).
    """
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        resolved = shutil.which(configured) or (configured if os.path.isfile(configured) else None)
        if resolved is None or not os.access(resolved, os.X_OK):
            raise PrevisError(
                f"{ENV_VAR}={configured!r} is not an executable ffmpeg; "
                f"fix the path or unset {ENV_VAR} to use the bundled one"
            )
        return resolved
    return _default_ffmpeg()


@functools.lru_cache(maxsize=1)
def _default_ffmpeg() -> str:
    """The bundled or PATH ffmpeg (cached: looking it up costs an import and a stat)."""
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
        if exe and os.path.isfile(exe):
            return exe
    except Exception:  # not installed, or its binary is missing for this platform
        pass
    on_path = shutil.which("ffmpeg")
    if on_path:
        return on_path
    raise PrevisError(
        "no ffmpeg found; run `pip install imageio-ffmpeg`, install ffmpeg on your PATH, "
        f"or set {ENV_VAR}=/path/to/ffmpeg"
    )
