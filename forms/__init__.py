"""Scoring-form definitions (TOML, one per programme) and their loader.

This package uses the standard library only: the database, the domain and the UI
all build on it.
"""

from forms.model import Band, Choice, Criterion, Form, Section, Text, Tier, VetoItem, canonical_form_json

__all__ = ["Band", "Choice", "Criterion", "Form", "Section", "Text", "Tier", "VetoItem", "canonical_form_json"]
