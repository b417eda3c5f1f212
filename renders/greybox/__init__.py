"""The greybox blocking renderer: set, mannequins and burn-in drawn with numpy and Pillow.

``GreyboxRenderer`` is the :class:`renders.protocols.Renderer` that needs no
model weights; ``render_frames`` lets another backend (diffusion) take the
beauty or depth frames in memory at its own size and frame count.
"""
from renders.greybox.renderer import GreyboxRenderer, control_path_for, render_frames

__all__ = ["GreyboxRenderer", "render_frames", "control_path_for"]
