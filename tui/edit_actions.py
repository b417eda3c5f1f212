"""Edits from the app as part of the app: the one edit worker and the actions that save an edit.

Why a part of its own: an edit (a shot's fields from the inspector, a
character from the Characters screen, undo, an orphaned edit re-applied or
dismissed, a reference still approved) may start on any screen and must end
in one reload of the view, so its worker belongs to the app, not a screen;
kept here, tui/app.py stays about screens, loading and live mode, as
tui/render_actions.py holds the render queue. :class:`EditActions` is mixed
into :class:`tui.app.PrevisApp` and uses the app's ``session``, ``view``,
current shot, ``need_view`` and ``showing``.
"""
from __future__ import annotations

from pathlib import Path

from textual import work

from tui.messages import ProjectLoaded
from tui.screens.orphans import OrphansScreen
from tui.screens.preview import PreviewScreen


class EditActions:
    """Save edits through the session in one worker and post the re-loaded view (mixed into the app)."""

    def edit_shot(self, shot_id: str, fields: dict) -> None:
        self.edit_worker("shot", shot_id, fields)

    def edit_character(self, entry_id: str, fields: dict) -> None:
        self.edit_worker("character", entry_id, fields)

    @work(thread=True, exclusive=True, group="edit", exit_on_error=False)
    def edit_worker(self, kind: str, ident: str, fields: dict) -> None:
        """Save a shot or character edit through the session and show the re-loaded view."""
        previous = self.session.view
        if kind == "shot":
            view = self.session.edit_shot(ident, fields)
        elif kind in ("undo", "reapply", "dismiss"):  # shot edits: undo, and orphans re-applied or dismissed
            view = {"undo": lambda: self.session.undo_shot_edit(),
                    "reapply": lambda: self.session.reapply_orphan(ident, fields["shot"]),
                    "dismiss": lambda: self.session.dismiss_orphan(ident)}[kind]()
        elif kind == "reference":
            self.session.reference_from_shot(ident, fields["shot"], fields.get("at", 0.5))
            view = self.session.view
        else:
            view = self.session.edit_character(ident, **fields)
        self.post_message(ProjectLoaded(view, "edit", [sc.id for sc in view.changed_scenes(previous)],
                                        text=Path(self.session.script).read_text("utf-8", "replace")))
        dirty = view.shot(ident).state if kind == "shot" and view.shot(ident) else ""
        self.call_from_thread(self.notify, f"{kind} {ident} saved" + (f" ({dirty})" if dirty else ""), timeout=3,
                            markup=False)

    def action_undo_edit(self) -> None:
        """Undo the last shot edit (ctrl+z)."""
        self.edit_worker("undo", "shot edit", {})

    def action_orphans(self) -> None:
        """List the hand edits whose lines were deleted, to re-apply or dismiss them (O)."""
        self.push_screen(OrphansScreen())

    def action_reference_still(self) -> None:
        """The current shot's frame (the preview's position, else the middle) becomes the
        reference image of the one character in frame."""
        if not self.need_view() or not self.current_shot:
            return
        st = self.view.shot(self.current_shot)
        if st is None:
            return
        if len(st.shot.subjects) != 1:
            self.notify(f"shot {st.id} has {len(st.shot.subjects)} characters in frame: pick a shot of one "
                        "character to take their reference still", severity="warning", timeout=4)
            return
        if st.rendered is None:
            self.notify(f"render shot {st.id} first (r)", severity="warning", timeout=4)
            return
        at = 0.5
        screen = self.showing()
        if isinstance(screen, PreviewScreen) and screen.scope == "shot" and screen.player.frames:
            at = screen.player.frame / max(1, len(screen.player.frames) - 1)
        self.edit_worker("reference", st.shot.subjects[0], {"shot": st.id, "at": at})
