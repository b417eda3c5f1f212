"""One module per screen. Screens only display the session's view and call app actions."""
