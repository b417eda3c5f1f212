"""The command palette's entries and the system player: every action reachable by name.

Why a table: the palette (ctrl+p) and the help screen must list every action
the app has; keeping them in one tuple means a new action cannot be forgotten
in one of them.
"""
from __future__ import annotations

import os
import shutil
import sys
from functools import partial
from typing import Iterator

from textual.app import SystemCommand

# (title, help, action): every action of the app, for the command palette and the help screen.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Script", "Show the script, highlighted (1)", "mode('script')"),
    ("Scenes", "Show the scene list (2)", "mode('scenes')"),
    ("Shots", "Show the shots of the current scene and the inspector (3)", "mode('shots')"),
    ("Characters", "Edit the character bible (4)", "mode('characters')"),
    ("Render queue", "Show the render queue and progress (5)", "mode('queue')"),
    ("Preview", "Show the still and play the current shot or scene (6)", "mode('preview')"),
    ("Exports", "Export shot lists, storyboard, timelines, subtitles (7)", "mode('exports')"),
    ("Render shot", "Render the current shot (r)", "render_shot"),
    ("Render scene", "Render the dirty shots of the current scene (R)", "render_scene"),
    ("Render all", "Render every dirty shot (A)", "render_all"),
    ("Cancel render", "Stop the render job and drop the queue; finished shots are kept (x)", "cancel_render"),
    ("Play", "Play the current shot in the preview (p)", "play"),
    ("Open in player", "Open the current shot's MP4 (or the scene's cut) in the system player (o)",
     "open_external"),
    ("Reference still", "Make the current shot's frame the reference image of the character in it (s)",
     "reference_still"),
    ("Undo shot edit", "Undo the last hand edit of a shot (ctrl+z)", "undo_edit"),
    ("Orphaned edits", "Hand edits whose lines were deleted: re-apply to the current shot or dismiss (O)",
     "orphans"),
    ("Live mode", "Re-plan and re-render changed scenes whenever the script is saved (l)", "toggle_live"),
    ("Reload", "Re-read the script and the project now (ctrl+r)", "reload"),
    ("Help", "Every key binding (?)", "help"),
)


def system_opener() -> list[str] | None:
    """The command that opens a file in the user's player: ``$PREVIS_OPEN_WITH``, else open/xdg-open."""
    custom = os.environ.get("PREVIS_OPEN_WITH")
    if custom:
        import shlex

        return shlex.split(custom)
    if sys.platform == "darwin":
        return ["open"]
    if sys.platform.startswith("win"):
        return ["cmd", "/c", "start", ""]
    exe = shutil.which("xdg-open")
    return [exe] if exe else None


def open_in_system_player(path) -> None:
    """Start the system player on ``path`` and return at once (it outlives the app).

    Raises:
        PrevisError: no player command is known on this system.
    """
    import subprocess

    from screenplay.errors import PrevisError

    command = system_opener()
    if command is None:
        raise PrevisError("no system player found (set PREVIS_OPEN_WITH, e.g. 'mpv')", path)
    subprocess.Popen([*command, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


def palette_commands(app, screen) -> Iterator[SystemCommand]:
    """A palette entry for every app action, plus the actions of the screen in view."""
    from tui.screens.characters import CharactersScreen
    from tui.screens.exports import ExportsScreen
    from tui.screens.preview import PreviewScreen
    from tui.screens.shots import ShotsScreen

    for title, help_text, action in ACTIONS:
        yield SystemCommand(title, help_text, partial(app.run_action, action))
    if isinstance(screen, ShotsScreen):
        yield SystemCommand("Save shot edit", "Save the inspector's changes (ctrl+s)",
                            partial(screen.run_action, "save_edit"))
    if isinstance(screen, CharactersScreen):
        yield SystemCommand("Save character", "Save the character form (ctrl+s)",
                            partial(screen.run_action, "save_character"))
    if isinstance(screen, ExportsScreen):
        yield SystemCommand("Export now", "Write the ticked formats (ctrl+e)", partial(screen.run_action, "export"))
    if isinstance(screen, PreviewScreen):
        for title, action in (("Play/Pause", "toggle_play"), ("Step forward", "step(1)"),
                              ("Step back", "step(-1)"), ("Shot or scene", "toggle_scope")):
            yield SystemCommand(title, "Preview transport", partial(screen.run_action, action))
