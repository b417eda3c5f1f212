"""Shots -> video: timing, scratch voices, renderers (greybox, diffusion), the cut, exports."""
