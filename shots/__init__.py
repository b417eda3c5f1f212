"""Scenes -> shot plans: camera vocabulary, character bible, planners, prompts."""
