"""The floor plan beside the shot list: the current scene from above, the selected shot's camera lit.

Drawn in half blocks (two pixels a cell, like the preview player) from
``renders/export/floorplan_image.py``, which paints the same plan data as the PDF; the
plan itself comes from ``renders/export/floorplan_layout.py``, which reads the greybox's
staging, so what this shows is where the greybox puts the camera.
"""
from __future__ import annotations

from textual.strip import Strip
from textual.widget import Widget


class FloorPlanView(Widget):
    """Shows one :class:`FloorPlan`; :meth:`show` swaps the plan or the highlighted shot and redraws."""

    DEFAULT_CSS = """
    FloorPlanView { height: 1fr; min-height: 6; border-top: solid $primary; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.plan = None  # renders.export.floorplan_layout.FloorPlan
        self.highlight: str | None = None
        self.draws = 0  # how many times the picture was painted (tests watch it)
        self._strips: list[Strip] = []
        self._painted_for: tuple[int, int] = (0, 0)

    def show(self, plan, highlight: str | None) -> None:
        """Draw ``plan`` with ``highlight``'s camera lit (None: no plan, an empty box)."""
        self.plan, self.highlight = plan, highlight
        self._strips = []
        self.refresh()

    def _paint(self, cols: int, rows: int) -> None:
        import numpy as np

        from renders.export.floorplan_image import floorplan_image
        from tui.player import halfblock_strips

        self._painted_for = (cols, rows)
        if self.plan is None or cols < 4 or rows < 2:
            self._strips = []
            return
        picture = floorplan_image(self.plan, cols, rows * 2, self.highlight)
        self._strips = halfblock_strips(np.asarray(picture))
        self.draws += 1

    def render_line(self, y: int) -> Strip:
        cols, rows = self.content_size.width, self.content_size.height
        if not self._strips or self._painted_for != (cols, rows):
            self._paint(cols, rows)
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(cols)
