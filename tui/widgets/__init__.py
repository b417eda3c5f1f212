"""Widgets the screens share: the highlighted script, the mode bar, the shot inspector, the character form."""
