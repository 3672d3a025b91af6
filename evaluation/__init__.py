"""Scoring extraction against hand-made gold annotations."""
