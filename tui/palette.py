"""The command palette's entries and the system player: every action reachable by name.

Why a table: the key bindings, the palette (ctrl+p) and the help screen must
list every action the app has; one row per action (its key, its labels) means a
new action cannot be forgotten in one of them.
"""
from __future__ import annotations

import os
import shutil
import sys
from functools import partial
from typing import Iterator, NamedTuple

from textual.app import SystemCommand
from textual.binding import Binding

class AppAction(NamedTuple):
    """One action of the app: its key binding (``key``, the footer/help ``label``, ``show`` in the
    footer) and its palette entry (``title``, ``help``; no title: Textual's own palette has it)."""

    key: str
    action: str
    label: str
    title: str | None = None
    help: str = ""
    show: bool = False


# Every action of the app, once: the key bindings, the palette and the help screen read it.
ACTIONS: tuple[AppAction, ...] = (
    AppAction("1", "mode('script')", "Script", "Script", "Show the script, highlighted (1)"),
    AppAction("2", "mode('scenes')", "Scenes", "Scenes", "Show the scene list (2)"),
    AppAction("3", "mode('shots')", "Shots", "Shots", "Show the shots of the current scene and the inspector (3)"),
    AppAction("4", "mode('characters')", "Characters", "Characters", "Edit the character bible (4)"),
    AppAction("5", "mode('queue')", "Queue", "Render queue", "Show the render queue and progress (5)"),
    AppAction("6", "mode('preview')", "Preview", "Preview", "Show the still and play the current shot or scene (6)"),
    AppAction("7", "mode('exports')", "Exports", "Exports", "Export shot lists, storyboard, timelines, subtitles (7)"),
    AppAction("r", "render_shot", "Render shot", "Render shot", "Render the current shot (r)", show=True),
    AppAction("R", "render_scene", "Render scene", "Render scene", "Render the dirty shots of the current scene (R)",
              show=True),
    AppAction("A", "render_all", "Render all", "Render all", "Render every dirty shot (A)", show=True),
    AppAction("x", "cancel_render", "Cancel", "Cancel render",
              "Stop the render job and drop the queue; finished shots are kept (x)"),
    AppAction("p", "play", "Play", "Play", "Play the current shot in the preview (p)", show=True),
    AppAction("o", "open_external", "Open MP4", "Open in player",
              "Open the current shot's MP4 (or the scene's cut) in the system player (o)"),
    AppAction("l", "toggle_live", "Live", "Live mode",
              "Re-plan and re-render changed scenes whenever the script is saved (l)"),
    AppAction("s", "reference_still", "Reference still", "Reference still",
              "Make the current shot's frame the reference image of the character in it (s)"),
    AppAction("ctrl+z", "undo_edit", "Undo shot edit", "Undo shot edit", "Undo the last hand edit of a shot (ctrl+z)"),
    AppAction("O", "orphans", "Orphaned edits", "Orphaned edits",
              "Hand edits whose lines were deleted: re-apply to the current shot or dismiss (O)"),
    AppAction("ctrl+r", "reload", "Reload", "Reload", "Re-read the script and the project now (ctrl+r)"),
    AppAction("question_mark,f1", "help", "Help", "Help", "Every key binding (?)", show=True),
    AppAction("q", "quit", "Quit", show=True),
)


def app_bindings() -> list[Binding]:
    """The app's key bindings, from :data:`ACTIONS` (in its order)."""
    return [Binding(a.key, a.action, a.label, show=a.show) for a in ACTIONS]


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

    for a in ACTIONS:
        if a.title:
            yield SystemCommand(a.title, a.help, partial(app.run_action, a.action))
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
