"""Scoring-form definitions (TOML, one per programme) and their loader.

This package uses the standard library only: the database, the domain and the UI
all build on it.
"""

from forms.loader import (
    FormError,
    FormProblem,
    builtin_form_ids,
    load_builtin,
    load_form_file,
    load_form_text,
    resolve_form,
)
from forms.model import Band, Choice, Criterion, Form, Section, Text, Tier, VetoItem, canonical_form_json

__all__ = [
    "Band",
    "Choice",
    "Criterion",
    "Form",
    "FormError",
    "FormProblem",
    "Section",
    "Text",
    "Tier",
    "VetoItem",
    "builtin_form_ids",
    "canonical_form_json",
    "load_builtin",
    "load_form_file",
    "load_form_text",
    "resolve_form",
]
