"""The local video diffusion renderer (Wan2.1 VACE primary, LTX-Video for drafts).

Importing this package is cheap: torch and diffusers load only when a shot is
rendered. See docs/diffusion.md for the design and the speed levers.
"""
from renders.diffusion.renderer import DiffusionRenderer

__all__ = ["DiffusionRenderer"]
