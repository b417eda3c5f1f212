"""Preview: the selected shot's still, and half-block playback of a shot or a whole scene.

Space plays/pauses, left/right step one frame, shift+left/right scrub a second,
home goes to the start, ``v`` switches between the shot and its scene, ``o``
opens the MP4 in the system's player. The line being spoken is shown under the
picture. Frames are decoded in a worker (tui/player.py) and the clock is the
wall clock, so playback keeps time even when ticks are dropped.
"""
from __future__ import annotations

import itertools
import threading

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from tui.messages import FramesDecoded
from tui.player import PLAYER_FPS, Clip, PlayerView, decode_clip, still_image
from tui.screens.base import ProjectScreen

_tokens = itertools.count(1)


def scrub_bar(frame: int, total: int, width: int = 40) -> str:
    """``[=====>------]`` for the position of ``frame`` in ``total``."""
    if total <= 1:
        return "[" + "-" * width + "]"
    pos = round(frame / (total - 1) * (width - 1))
    return "[" + "=" * pos + ">" + "-" * (width - 1 - pos) + "]"


class PreviewScreen(ProjectScreen):
    MODE = "preview"
    BINDINGS = [
        Binding("space", "toggle_play", "Play/Pause"),
        Binding("left", "step(-1)", "Step back"),
        Binding("right", "step(1)", "Step"),
        Binding("shift+left", "step(-12)", "-1 s", show=False),
        Binding("shift+right", "step(12)", "+1 s", show=False),
        Binding("home", "rewind", "Start", show=False),
        Binding("v", "toggle_scope", "Shot/Scene"),
        Binding("]", "next_shot", "Next shot"),
        Binding("[", "previous_shot", "Prev shot"),
        Binding("o", "app.open_external", "Open MP4"),
    ]
    DEFAULT_CSS = """
    #preview-title { height: 1; background: $boost; padding: 0 1; }
    #preview-time { height: 1; padding: 0 1; }
    #preview-dialogue { height: 2; padding: 0 1; color: $warning; text-style: bold; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scope = "shot"
        self.loaded: tuple | None = None  # (scope, id, shot keys) of what the player holds
        self.token = 0
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        yield self.mode_bar()
        yield Static("", id="preview-title")
        if self.app.graphics:  # Kitty/Sixel terminal: the still at full resolution (textual-image)
            from textual_image.widget import Image as GraphicsImage

            yield GraphicsImage(id="still")
        yield PlayerView(id="player")
        yield Static("", id="preview-time")
        yield Static("", id="preview-dialogue")
        yield Footer()

    @property
    def player(self) -> PlayerView:
        return self.query_one(PlayerView)

    def show_view(self, view) -> None:
        self.load_playlist()

    def on_screen_suspend(self) -> None:
        self.player.pause()

    # -- what to play ---------------------------------------------------------------------
    def _ident(self) -> str | None:
        view = self.app.view
        if view is None:
            return None
        if self.scope == "shot":
            return self.app.current_shot or (view.shots[0].id if view.shots else None)
        if self.app.current_scene:
            return self.app.current_scene
        sc = view.scene_of_shot(self.app.current_shot) if self.app.current_shot else None
        return sc.id if sc else (view.scenes[0].id if view.scenes else None)

    def load_playlist(self, force: bool = False) -> None:
        """Decode the current shot (or scene) if it is not what the player already holds."""
        view = self.app.view
        ident = self._ident()
        if view is None or ident is None:
            return
        items = self.app.session.playlist(self.scope, ident)
        key = (self.scope, ident, tuple(path for _, path in items))
        if key == self.loaded and not force:
            return
        self.loaded = key
        title = f"{'shot' if self.scope == 'shot' else 'scene'} {ident}"
        states = ([view.shot(ident)] if self.scope == "shot"
                  else list(view.scene(ident).shots) if view.scene(ident) else [])
        missing = sum(1 for s in states if s is not None and s.dirty)
        if missing:
            title += f"  ·  {missing} shot{'s' if missing != 1 else ''} not rendered (r / R renders)"
        self.query_one("#preview-title", Static).update(Text(title))
        clips = [Clip(t.shot.id, path, t.frames, t.fps, t.cues) for t, path in items]
        self.player.load(clips)
        self._still_visible(False)
        self._cancel.set()
        self._cancel = threading.Event()
        self.token = next(_tokens)
        self._show_time(0, self.player.total)
        if clips:
            self.call_after_refresh(self._start_decode, self.token, clips, self._cancel)

    def _start_decode(self, token: int, clips: list[Clip], cancel: threading.Event) -> None:
        """Decode at the player's laid-out size (known only after a refresh)."""
        if token != self.token:
            return
        size = self.player.size
        self._decoded_size = (size.width, size.height)
        self.decode(token, clips, max(8, size.width), max(4, size.height), cancel)

    def on_resize(self) -> None:
        size = self.player.size
        if self.loaded and getattr(self, "_decoded_size", None) not in (None, (size.width, size.height)):
            self.load_playlist(force=True)

    @work(thread=True, exclusive=True, group="decode", exit_on_error=False)
    def decode(self, token: int, clips: list[Clip], cols: int, rows: int, cancel: threading.Event) -> None:
        """Decode each clip in turn and hand its frames to the player (a still first, for a shot)."""
        if self.app.graphics and self.scope == "shot":
            image = still_image(clips[0])
            self.app.call_from_thread(self._show_still, token, image)
        for clip in clips:
            if cancel.is_set():
                return
            frames = decode_clip(clip, cols, rows, cancel)
            self.post_message(FramesDecoded(token, frames))

    def _show_still(self, token: int, image) -> None:
        if token != self.token or image is None:
            return
        still = self.query_one("#still")
        still.image = image
        self._still_visible(True)

    def _still_visible(self, visible: bool) -> None:
        """Graphics terminals: the still stands in for the half-block picture until playback starts."""
        if not self.app.graphics:
            return
        self.query_one("#still").display = visible
        self.player.display = not visible

    def on_frames_decoded(self, message: FramesDecoded) -> None:
        if message.token == self.token:
            self.player.add_frames(message.frames)
            self._show_time(self.player.frame, self.player.total)

    # -- transport ------------------------------------------------------------------------
    def on_player_view_frame_changed(self, message: PlayerView.FrameChanged) -> None:
        self._show_time(message.frame, message.total)

    def _show_time(self, frame: int, total: int) -> None:
        clip, n = self.player.clip_at(frame)
        now = frame / PLAYER_FPS
        length = total / PLAYER_FPS
        shot = f"{clip.shot_id} " if clip else ""
        self.query_one("#preview-time", Static).update(Text(
            f"{shot}{int(now // 60)}:{now % 60:04.1f} / {int(length // 60)}:{length % 60:04.1f}  "
            f"{scrub_bar(frame, total)}  {'playing' if self.player.playing else 'paused'}"))
        line = self.player.dialogue()
        self.query_one("#preview-dialogue", Static).update(Text(line) if line else "")

    def action_toggle_play(self) -> None:
        self._still_visible(False)
        self.player.toggle()
        self._show_time(self.player.frame, self.player.total)

    def action_step(self, delta: int) -> None:
        self.player.step(delta)

    def action_rewind(self) -> None:
        self.player.step(-self.player.frame)

    def action_toggle_scope(self) -> None:
        self.scope = "scene" if self.scope == "shot" else "shot"
        self.load_playlist(force=True)

    def _move_shot(self, delta: int) -> None:
        view = self.app.view
        if view is None or not view.shots:
            return
        ids = [s.id for s in view.shots]
        i = ids.index(self.app.current_shot) if self.app.current_shot in ids else 0
        self.app.select_shot(ids[max(0, min(len(ids) - 1, i + delta))])
        self.load_playlist()

    def action_next_shot(self) -> None:
        self._move_shot(1)

    def action_previous_shot(self) -> None:
        self._move_shot(-1)
