"""The previs app: script, scenes, shots, characters, render queue, preview, exports.

Why this shape:

- One screen per module (tui/screens/), switched as Textual *modes* with the
  number keys, so each screen keeps its cursor when you come back to it.
- No business logic here: every question goes to :class:`previs.session.Session`,
  which answers with the pipeline's own functions, so the app and the CLI never
  disagree about what is cached or dirty.
- One worker recipe for every long job —
  ``@work(thread=True, exclusive=True, group=..., exit_on_error=False)`` — and
  one handler (:meth:`PrevisApp.report_worker_error`) that turns any failure
  into one modal (a cancel into a notification); a screen's own workers
  (exports) forward their failures to it. Threads only ``post_message``; render
  progress is coalesced to ~10 messages a second (tui/workers.py ``JobClock``).
- The render queue's worker and actions are tui/render_actions.py, the edit
  worker and the edit actions tui/edit_actions.py (both mixed in: a render
  outlives any screen, an edit may start on any); key bindings, palette and help are one table,
  tui/palette.py ``ACTIONS``.
- Live mode: a watchfiles worker on the script's folder re-loads on save; the
  plan cache re-plans only the scenes whose text changed, and only the dirty
  shots of those scenes are queued for rendering.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Iterable

from textual import work
from textual.app import App, ScreenStackError, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from screenplay.errors import PrevisError
from shots.progress import Cancelled
from tui.messages import LoadProgress, ProjectLoaded, ScriptSaved, ViewUpdated
from tui.screens.base import ProjectScreen
from tui.screens.characters import CharactersScreen
from tui.screens.error import ErrorScreen
from tui.screens.exports import ExportsScreen
from tui.render_actions import RenderQueueActions
from tui.edit_actions import EditActions
from tui.screens.help import HelpScreen
from tui.screens.orphans import OrphansScreen
from tui.screens.preview import PreviewScreen
from tui.screens.render_queue import RenderQueueScreen
from tui.screens.scenes import ScenesScreen
from tui.screens.script import ScriptScreen
from tui.screens.shots import ShotsScreen
from tui.palette import app_bindings, open_in_system_player, palette_commands
from tui.workers import format_eta, watch_script

class PrevisApp(RenderQueueActions, EditActions, App):
    """The terminal app over one :class:`previs.session.Session`.

    Args:
        session: the open project.
        watch: start the file watcher (live re-load on save).
        live: queue the dirty shots of changed scenes after a save.
        graphics: the terminal showed Sixel/Kitty graphics support (stills use textual-image).
    """

    TITLE = "previs"
    MODES = {
        "script": ScriptScreen, "scenes": ScenesScreen, "shots": ShotsScreen, "characters": CharactersScreen,
        "queue": RenderQueueScreen, "preview": PreviewScreen, "exports": ExportsScreen,
    }
    DEFAULT_MODE = "script"
    BINDINGS = app_bindings()  # one table with the palette and the help screen (tui/palette.py)

    def __init__(self, session, *, watch: bool = True, live: bool = True, graphics: bool = False) -> None:
        super().__init__()
        self.session = session
        self.watching = watch
        self.live = live
        self.graphics = graphics
        self.view = None
        self.current_scene: str | None = None
        self.current_shot: str | None = None
        self.current_line: int | None = None
        self.jump_serial = 0
        self.init_render_queue()
        self.loads = 0  # finished loads (tests wait on it)
        self._load_serial = 0
        self._script_text = ""
        self._sync_pending = False
        self.load_status = "loading..."
        self._watch_stop = threading.Event()
        self.sub_title = Path(session.script).name

    # -- start and stop -------------------------------------------------------------------
    def on_mount(self) -> None:
        self.load_project("open")
        if self.watching:
            self.watch_script_file()

    def on_unmount(self) -> None:
        self._watch_stop.set()
        self.stop_rendering()

    # -- loading --------------------------------------------------------------------------
    def load_project(self, reason: str) -> None:
        self._load_serial += 1
        self.load_worker(reason, self._load_serial)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_worker(self, reason: str, serial: int) -> None:
        """Parse, plan, speak and time the script (all cached per scene), then hand the view over."""
        previous = self.session.view
        text = Path(self.session.script).read_text("utf-8", errors="replace")
        last = [0.0]

        def progress(p) -> None:  # coalesced: a feature's first load speaks thousands of lines
            now = time.monotonic()
            if now - last[0] >= 0.2:
                last[0] = now
                self.post_message(LoadProgress(f"loading: {p.stage} {int(p.done)}/{int(p.total)}"))

        view = self.session.load(progress=progress)
        if get_current_worker().is_cancelled:
            return
        changed = [sc.id for sc in view.changed_scenes(previous)] if previous is not None else []
        self.post_message(ProjectLoaded(view, reason, changed, text=text, serial=serial))

    def on_load_progress(self, message: LoadProgress) -> None:
        self.load_status = message.text
        self.update_status()

    def on_project_loaded(self, message: ProjectLoaded) -> None:
        if message.serial is not None and message.serial != self._load_serial:
            return  # a newer load is on its way
        self._script_text = message.text
        self.load_status = ""
        self.set_view(message.view)
        self.loads += 1
        if message.reason == "save":
            view = message.view
            changed = [view.scene(i) for i in message.changed if view.scene(i) is not None]
            dirty = view.dirty_ids(changed)
            scenes = ", ".join(sc.id for sc in changed) or "none"
            if self.live and dirty:
                self.enqueue(f"live: scene {scenes}", dirty)
                self.notify(f"script saved: scene {scenes} changed, {len(dirty)} shots queued", timeout=4)
            else:
                self.notify(f"script saved: {len(changed)} scenes changed" +
                            (f" ({scenes}); {len(dirty)} dirty shots" if changed else ""), timeout=4)

    def set_view(self, view) -> None:
        """Adopt a new view; the showing screen redraws now, the others when next shown."""
        self.view = view
        if self.current_scene is None or view.scene(self.current_scene) is None:
            first = next((sc for sc in view.scenes if sc.scene.heading is not None), None) or \
                (view.scenes[0] if view.scenes else None)
            self.current_scene = first.id if first else None
        if self.current_shot is None or view.shot(self.current_shot) is None:
            sc = view.scene(self.current_scene) if self.current_scene else None
            self.current_shot = sc.shots[0].id if sc is not None and sc.shots else None
        self.sync_screen()

    def showing(self) -> Screen | None:
        """The screen in view, or None while the app is closing (timers and workers can outlive it)."""
        try:
            return self.screen
        except ScreenStackError:
            return None

    def sync_screen(self) -> None:
        screen = self.showing()
        if isinstance(screen, ProjectScreen):
            screen.sync_view()
        elif isinstance(screen, OrphansScreen) and self.view is not None:
            screen.show_view(self.view)

    def script_text(self) -> str:
        return self._script_text

    def status_text(self) -> str:
        parts = [self.load_status] if self.load_status else []
        if self.view is not None:
            dirty = len(self.view.dirty_ids())
            parts.append(f"{dirty} dirty" if dirty else "all rendered")
            edits = self.view.plan.edit_report.summary() if self.view.plan.edit_report is not None else ""
            parts += [edits] if edits else []
        if self.job_status:
            s = self.job_status
            parts.append(f"rendering {s['label']} {s['done']}/{s['total']} {format_eta(s['eta'])}")
        if self.watching:
            parts.append("live" if self.live else "watching")
        return "  ·  ".join(parts)

    # -- selection and jumps --------------------------------------------------------------
    def select_scene(self, scene_id: str) -> None:
        self.current_scene = scene_id
        sc = self.view.scene(scene_id) if self.view else None
        if sc is not None and not any(s.id == self.current_shot for s in sc.shots):
            self.current_shot = sc.shots[0].id if sc.shots else None
        self.jump_serial += 1

    def select_shot(self, shot_id: str) -> None:
        self.current_shot = shot_id
        sc = self.view.scene_of_shot(shot_id) if self.view else None
        if sc is not None:
            self.current_scene = sc.id
        self.jump_serial += 1

    def _show_mode(self, mode: str) -> None:
        self.switch_mode(mode)
        self.call_after_refresh(self.sync_screen)

    def show_shots(self, scene_id: str | None) -> None:
        """Jump to the Shots screen on ``scene_id``."""
        if scene_id:
            self.select_scene(scene_id)
        self._show_mode("shots")

    def show_script(self, line: int) -> None:
        """Jump to the Script screen with the cursor on source line ``line``."""
        self.current_line = line
        self.jump_serial += 1
        self._show_mode("script")

    def action_mode(self, mode: str) -> None:
        self._show_mode(mode)

    # -- the one error path ---------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_worker_error(event)

    def report_worker_error(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker (the app's or a screen's) is shown: one modal, a cancel a notice."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, Cancelled):
            self.notify("cancelled; finished shots are kept", timeout=4)
            return
        title = {"load": "Could not load the script", "render": "Render failed", "export": "Export failed",
                 "edit": "Edit not saved", "open": "Could not open the video"}.get(event.worker.group,
                                                                                   "Something went wrong")
        if isinstance(error, PrevisError):
            message = str(error)
        else:  # a bug, not a user error: still one modal, never a crashed terminal
            message = f"{type(error).__name__}: {error}"
        self.push_screen(ErrorScreen(title, message))

    # -- the view changed under a render --------------------------------------------------
    def on_view_updated(self, message: ViewUpdated) -> None:
        if message.view is not None:
            self.view = message.view
            if not self._sync_pending:  # fast shots finish many times a second: redraw at most 4 times
                self._sync_pending = True
                self.set_timer(0.25, self._sync_later)

    def _sync_later(self) -> None:
        self._sync_pending = False
        self.sync_screen()
        self.refresh_queue_screen()

    def update_status(self) -> None:
        from tui.widgets.mode_bar import ModeBar

        screen = self.showing()
        for bar in (screen.query(ModeBar) if screen is not None else []):
            bar.set_status(self.status_text())

    def need_view(self) -> bool:
        """True once a view is loaded; otherwise says so to the user."""
        if self.view is None:
            self.notify("still loading the script", severity="warning", timeout=2)
            return False
        return True

    # -- preview and the system player ----------------------------------------------------
    def action_play(self) -> None:
        self._show_mode("preview")

        def start() -> None:
            screen = self.showing()
            if isinstance(screen, PreviewScreen):
                screen.load_playlist()
                screen.player.play()

        self.call_after_refresh(start)

    def action_open_external(self) -> None:
        if not self.need_view():
            return
        screen = self.showing()
        if isinstance(screen, PreviewScreen) and screen.scope == "scene" and self.current_scene:
            self.open_worker("scene", self.current_scene)
            return
        st = self.view.shot(self.current_shot) if self.current_shot else None
        if st is None or st.rendered is None:
            self.notify("render the shot first (r)", severity="warning", timeout=3)
            return
        self.open_worker("shot", st.rendered.path)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_worker(self, kind: str, what: str) -> None:
        """Open a shot's MP4, or first cut the scene (with sound) and open that."""
        path = Path(what) if kind == "shot" else self.session.scene_cut(what)
        open_in_system_player(path)
        self.call_from_thread(self.notify, f"opened {path.name}", timeout=3, markup=False)  # a file name, as written

    # -- live -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_script_file(self) -> None:
        """Watch the script's folder until the app closes; each save posts :class:`ScriptSaved`."""
        watch_script(Path(self.session.script), self._watch_stop, lambda: self.post_message(ScriptSaved()))

    def on_script_saved(self, message: ScriptSaved) -> None:
        self.load_project("save")

    def action_toggle_live(self) -> None:
        self.live = not self.live
        self.notify("live: saving the script re-renders changed scenes" if self.live
                    else "live off: saving re-plans, renders wait for you", timeout=3)
        self.update_status()

    def action_reload(self) -> None:
        self.load_project("reload")

    # -- help and the palette -------------------------------------------------------------
    def action_help(self) -> None:
        sections = [("everywhere", list(self.BINDINGS))]
        for mode, cls in self.MODES.items():
            sections.append((mode, list(getattr(cls, "BINDINGS", []))))
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette_commands(self, screen)


def run_app(session, *, watch: bool = True, live: bool = True) -> int:
    """Run the app in this terminal (the ``previs tui`` command calls this)."""
    graphics = False
    try:  # must be asked before Textual owns the terminal
        from textual_image.renderable import Image as AutoImage, SixelImage, TGPImage

        graphics = AutoImage in (SixelImage, TGPImage)
    except Exception:  # noqa: BLE001 - no textual-image, or a terminal that will not answer
        graphics = False
    PrevisApp(session, watch=watch, live=live, graphics=graphics).run()
    return 0
