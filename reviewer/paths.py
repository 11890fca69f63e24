"""Where things live on disk. The one place that decides paths (tests override it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "ReviewerWorkstation"

#: Environment variable that overrides the default workspace (tests and scripts set it).
WORKSPACE_ENV = "REVIEWER_WORKSPACE"

#: The database file inside a workspace folder.
DB_NAME = "workspace.sqlite"


def app_data_dir() -> Path:
    """The platform's per-user application-data folder for this app."""
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_workspace_dir() -> Path:
    override = os.environ.get(WORKSPACE_ENV)
    if override:
        return Path(override)
    return app_data_dir() / "workspace"
