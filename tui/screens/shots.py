"""Shots: one scene's shot table, its floor plan, and the inspector that edits the highlighted shot.

An edit is saved through the session (previs/shot_edits.py): it persists in the
project store, survives re-planning of the unchanged scene, and turns the shot
dirty (its render key changes) so the render queue picks it up. The floor plan
under the table lights the highlighted shot's camera and follows the inspector
as the user changes a size, angle, move or lens, before anything is saved.
"""
from __future__ import annotations

import dataclasses

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Input, Select, Static

from screenplay.errors import PrevisError
from shots.vocabulary import Angle, Movement, ShotSize
from tui.screens.base import ProjectScreen
from tui.widgets.floor_plan import FloorPlanView
from tui.widgets.shot_inspector import ShotInspector
from tui.workers import clock_text

STATE_STYLE = {"rendered": "green", "dirty": "red"}


class ShotsScreen(ProjectScreen):
    MODE = "shots"
    _scene_plan = None  # the scene's ShotPlan the floor plan is drawn from
    _previewing = False  # the floor plan shows the inspector's unsaved camera
    BINDINGS = [
        Binding("]", "next_scene", "Next scene"),
        Binding("[", "previous_scene", "Prev scene"),
        Binding("g", "show_in_script", "In script"),
        Binding("ctrl+s", "save_edit", "Save edit"),
        Binding("i", "focus_inspector", "Inspect"),
    ]
    DEFAULT_CSS = """
    #shot-scene { height: 1; background: $boost; padding: 0 1; }
    #shots-left { width: 1fr; }
    #shots { height: 1fr; }
    #floor-plan, #floor-plan-image { height: 45%; }
    """

    def compose(self) -> ComposeResult:
        yield self.mode_bar()
        with Horizontal():
            with Vertical(id="shots-left"):
                yield Static("", id="shot-scene")
                table = DataTable(id="shots", cursor_type="row", zebra_stripes=True)
                table.add_columns("Shot", "Size", "Type", "Angle", "Move", "Lens", "Subjects", "Length", "State")
                yield table
                yield FloorPlanView(id="floor-plan")
                if self.app.graphics:  # Kitty/Sixel terminal: the plan as a real picture (textual-image)
                    from textual_image.widget import Image as GraphicsImage

                    yield GraphicsImage(id="floor-plan-image")
            yield ShotInspector(id="inspector")
        yield Footer()

    def _scene(self, view):
        sc = view.scene(self.app.current_scene) if self.app.current_scene else None
        if sc is None and view.scenes:
            sc = next((s for s in view.scenes if s.shots), view.scenes[0])
        return sc

    def show_view(self, view) -> None:
        sc = self._scene(view)
        table = self.query_one(DataTable)
        table.clear()
        if sc is None:
            return
        self.app.current_scene = sc.id
        heading = sc.plan.heading or "(before the first scene)"
        self.query_one("#shot-scene", Static).update(  # Text: a heading is shown as written, never as markup
            Text(f"scene {sc.id}  {heading}  ·  {len(sc.shots)} shots  ·  {clock_text(sc.frames, view.fps)}"))
        for st in sc.shots:
            s = st.shot
            names = ", ".join((view.bible.get(x).name.split()[0] if view.bible.get(x) else x)
                              for x in s.subjects) or "-"
            table.add_row(s.id, s.size.value, s.type.value, s.angle.value, s.movement.value, f"{s.lens_mm}mm",
                          Text(names), clock_text(st.timed.frames, view.fps),
                          Text(st.state, style=STATE_STYLE[st.state]), key=s.id)
        ids = [st.id for st in sc.shots]
        if self.app.current_shot in ids:
            table.move_cursor(row=ids.index(self.app.current_shot), animate=False)
        elif ids:
            self.app.current_shot = ids[0]
        self._scene_plan = sc.plan
        self._previewing = False
        self._draw_floor_plan(sc.plan)
        self._inspect(self.app.current_shot)

    def _draw_floor_plan(self, plan, edited=None) -> None:
        """The scene's floor plan, with ``edited`` (a shot the inspector is changing) in place of the planned one."""
        from renders.export.floorplan_layout import scene_floorplan

        if edited is not None:
            plan = dataclasses.replace(plan, shots=tuple(edited if s.id == edited.id else s for s in plan.shots))
        settings = getattr(self.app.session, "settings", None)
        size = (settings.width, settings.height) if settings is not None else (640, 360)
        self._show_plan(scene_floorplan(plan, self.app.view.bible, *size) if plan.shots else None,
                        self.app.current_shot)

    def _show_plan(self, plan, highlight: str | None) -> None:
        """Half blocks everywhere; on a graphics terminal the picture at full resolution stands in for them."""
        view = self.query_one(FloorPlanView)
        view.show(plan, highlight)
        if self.app.graphics:
            from renders.export.floorplan_image import floorplan_image

            view.display = False
            picture = self.query_one("#floor-plan-image")
            cols, rows = max(picture.content_size.width, 20), max(picture.content_size.height, 6)
            picture.image = floorplan_image(plan, cols * 8, rows * 16, highlight) if plan is not None else None

    def _inspect(self, shot_id: str | None) -> None:
        st = self.app.view.shot(shot_id) if (self.app.view and shot_id) else None
        if st is not None:
            self.query_one(ShotInspector).show_shot(st.shot)
        view = self.query_one(FloorPlanView)
        if view.plan is not None and view.highlight != shot_id:
            self._show_plan(view.plan, shot_id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self.app.current_shot = event.row_key.value
            self._inspect(event.row_key.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._preview_camera(event.select.id)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._preview_camera(event.input.id)

    def _preview_camera(self, field: str | None) -> None:
        """Redraw the floor plan with the inspector's camera fields, unsaved (a half-typed lens is skipped)."""
        from previs.shot_edits import CAMERA_FIELDS, validate_field

        inspector = self.query_one(ShotInspector)
        plan = self._scene_plan
        if field not in CAMERA_FIELDS or inspector.shot is None or plan is None:
            return
        fields = inspector.changed_fields()
        kinds = {"size": ShotSize, "angle": Angle, "movement": Movement, "lens_mm": int}
        changes = {}
        for name in CAMERA_FIELDS:
            if name in fields:
                try:
                    changes[name] = kinds[name](validate_field(name, fields[name]))
                except PrevisError:
                    continue
        if not changes and not self._previewing:
            return  # the form was just filled from the shot: the plan on screen is already right
        self._previewing = bool(changes)
        self._draw_floor_plan(plan, dataclasses.replace(inspector.shot, **changes))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_focus_inspector()

    def on_shot_inspector_saved(self, event: ShotInspector.Saved) -> None:
        self.app.edit_shot(event.shot_id, event.fields)

    def _move_scene(self, delta: int) -> None:
        view = self.app.view
        if view is None or not view.scenes:
            return
        ids = [sc.id for sc in view.scenes]
        i = ids.index(self.app.current_scene) if self.app.current_scene in ids else 0
        self.app.select_scene(ids[max(0, min(len(ids) - 1, i + delta))])
        self.app.current_shot = None
        self.sync_view(force=True)

    def action_next_scene(self) -> None:
        self._move_scene(1)

    def action_previous_scene(self) -> None:
        self._move_scene(-1)

    def action_show_in_script(self) -> None:
        st = self.app.view.shot(self.app.current_shot) if (self.app.view and self.app.current_shot) else None
        if st is not None:
            self.app.show_script(st.shot.first_line)

    def action_save_edit(self) -> None:
        self.query_one(ShotInspector).save()

    def action_focus_inspector(self) -> None:
        self.query_one("#size").focus()
