#!/usr/bin/env python3
"""Run kesu from a fresh clone on any machine with Python 3.11+:

    python3 start.py serve --demo     # the platform with demo data, http://127.0.0.1:8000/
    python3 start.py test             # the whole test suite

It makes a virtual environment in ./.venv (unless one is already active), installs kesu into it
(again only when pyproject.toml changes), then runs `kesu ARGS…` there. This is what lets the
quick start work where pip refuses to install into the system's Python ("externally managed",
PEP 668, as on current Debian and Ubuntu). `python3 start.py --setup [test]` only installs.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def say(text: str) -> None:
    print(f"[start] {text}", flush=True)


def interpreter() -> Path:
    """The Python to install into: the active virtual environment's, or ./.venv's."""
    if sys.prefix != sys.base_prefix:
        return Path(sys.executable)
    python = BIN / "python"
    if not python.exists():
        say(f"创建虚拟环境 {VENV}")
        try:
            venv.create(VENV, with_pip=True)
        except (subprocess.CalledProcessError, OSError):
            # No ensurepip (Debian without python3-venv): an empty environment, and the
            # system's pip installs pip into it.
            venv.create(VENV, with_pip=False, clear=True)
            run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "pip"])
    return python


def run(cmd: list[str]) -> None:
    code = subprocess.call(cmd, cwd=ROOT)  # noqa: S603 (our own interpreter and arguments)
    if code:
        sys.exit(code)


def install(python: Path, extras: str) -> None:
    """pip install -e .[extras] when pyproject.toml or the extras changed since last time."""
    stamp = python.parent.parent / ".kesu-installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    wanted = {e for e in extras.split(",") if e}
    if stamp.exists():
        done_digest, _, done_extras = stamp.read_text().partition(" ")
        if done_digest == digest and wanted <= set(done_extras.split(",")) - {""}:
            return
    target = f".[{','.join(sorted(wanted))}]" if wanted else "."
    say(f"安装 kesu 及其依赖（pip install -e {target}），首次需要几分钟")
    run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    run([str(python), "-m", "pip", "install", "-q", "-e", target])
    stamp.write_text(f"{digest} {','.join(sorted(wanted))}")


def main(args: list[str]) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (this file may be run by an older Python)
        sys.exit("科素需要 Python 3.11 或更高版本。")
    setup_only = bool(args) and args[0] == "--setup"
    if setup_only:
        args = args[1:]
    python = interpreter()
    install(python, "test" if args[:1] == ["test"] else "")
    if setup_only:
        return
    kesu = python.parent / ("kesu.exe" if os.name == "nt" else "kesu")
    if os.name == "nt":
        sys.exit(subprocess.call([str(kesu), *args]))  # noqa: S603
    os.execv(kesu, [str(kesu), *args])  # noqa: S606 (replaces this process: signals reach kesu)


if __name__ == "__main__":
    main(sys.argv[1:])
