"""The Textual app. No business logic: it calls previs.pipeline like the CLI does."""
