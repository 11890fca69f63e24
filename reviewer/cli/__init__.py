"""The `reviewer` command line: the secretary's automation over the same services as the GUI.

Exit codes: 0 done, 1 done but some items were rejected, 2 bad usage or nothing
could be done. Listing commands take ``--json`` and then print one JSON document.

The GUI is not imported from here (the core never imports ``ui``): the console
entry point lives in ``ui.launch`` and hands this module a callable that opens it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.errors import ReviewerError
from reviewer.paths import default_workspace_dir

if TYPE_CHECKING:
    import argparse

    from reviewer.workspace import Workspace

EXIT_OK, EXIT_PARTIAL, EXIT_FAIL = 0, 1, 2

GuiLauncher = Callable[[Path, bool], int]

log = logging.getLogger("reviewer")


class Fail(Exception):
    """Raised by a command to stop with a message and exit code 2."""


def emit_json(obj: Any) -> None:
    import json

    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def open_workspace(args: argparse.Namespace) -> Workspace:
    from reviewer.workspace import Workspace

    return Workspace.open(args.workspace)


# Sub-command groups shared by several modules: each module adds its leaves.
GROUPS = {
    "round": "评审轮次 / rounds",
    "dossiers": "申报材料 / dossiers",
    "experts": "专家名单 / expert roster",
    "bundle": "评审包 / bundles",
    "scores": "离线评分 / offline scores",
    "review": "评审意见 / reviews",
    "return": "回传文件 / return files",
    "audit": "审计日志 / audit log",
}


def build_parser() -> argparse.ArgumentParser:
    import argparse  # here: opening the GUI reads its few arguments without it (gui_request)

    parser = argparse.ArgumentParser(
        prog="reviewer",
        description="专家评审工作站 Reviewer Workstation. Without a command, opens the GUI.",
    )
    parser.add_argument("--workspace", type=Path, default=None,
                        help="workspace folder (default: the platform's application-data folder)")
    top = parser.add_subparsers(dest="command", metavar="COMMAND")
    groups: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}
    for name, help_text in GROUPS.items():
        group = top.add_parser(name, help=help_text)
        groups[name] = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    gui = top.add_parser("gui", help="open the GUI (the default)")
    gui.add_argument("--demo", action="store_true", help="build the demo round first if the workspace is empty")
    gui.set_defaults(func=None)

    from reviewer.cli import cmd_committee, cmd_expert, cmd_rounds, cmd_secretary

    for module in (cmd_rounds, cmd_secretary, cmd_expert, cmd_committee):
        module.register(top, groups)
    return parser


def gui_request(argv: Sequence[str]) -> tuple[Path | None, bool] | None:
    """``(workspace or None, demo)`` when ``argv`` is exactly ``[--workspace DIR] [gui [--demo]]``,
    read without building the full parser; None for anything else (the parser decides).

    Building the parser imports every command, and with them the database layer: a
    third of the time it took to open the GUI. Anything unusual (abbreviations, help,
    a value that looks like an option) goes through the parser, which gives the same
    answer or the proper message.
    """
    workspace: Path | None = None
    i = 0
    while i < len(argv) and argv[i].startswith("--workspace"):
        token = argv[i]
        if token == "--workspace" and i + 1 < len(argv) and argv[i + 1] and not argv[i + 1].startswith("-"):
            workspace, i = Path(argv[i + 1]), i + 2
        elif token.startswith("--workspace=") and len(token) > len("--workspace="):
            workspace, i = Path(token.partition("=")[2]), i + 1
        else:
            return None
    rest = list(argv[i:])
    if rest in ([], ["gui"]):
        return workspace, False
    if rest == ["gui", "--demo"]:
        return workspace, True
    return None


def main(argv: Sequence[str] | None = None, gui_launcher: GuiLauncher | None = None) -> int:
    tokens = list(sys.argv[1:] if argv is None else argv)
    gui = gui_request(tokens)
    args: argparse.Namespace | None = None
    if gui is None:
        args = build_parser().parse_args(tokens)
        if args.command in (None, "gui"):
            gui = args.workspace, bool(getattr(args, "demo", False))
    if gui is not None:
        if gui_launcher is None:
            warn("图形界面不可用 (the GUI is not available in this entry point)")
            return EXIT_FAIL
        workspace, demo = gui
        return gui_launcher(workspace if workspace is not None else default_workspace_dir(), demo)
    assert args is not None
    if args.workspace is None:
        args.workspace = default_workspace_dir()
    from forms.loader import FormError

    try:
        return int(args.func(args) or 0)
    except (ReviewerError, FormError, Fail) as exc:
        warn(f"错误 (error): {exc}")
        return EXIT_FAIL
    except KeyboardInterrupt:
        warn("已取消 (cancelled)")
        return EXIT_FAIL
    except Exception as exc:  # the boundary: never a traceback in the user's face
        log_path = _log_crash(args.workspace)
        warn(f"内部错误 (internal error): {type(exc).__name__}: {exc}")
        if log_path:
            warn(f"详细信息已写入 {log_path} (details were written to the log)")
        return EXIT_FAIL


def _log_crash(workspace: Path) -> Path | None:
    import traceback

    try:
        workspace.mkdir(parents=True, exist_ok=True)
        path = workspace / "reviewer-errors.log"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
            fh.write("\n")
        return path
    except OSError:
        return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
