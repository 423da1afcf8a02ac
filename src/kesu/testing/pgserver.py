"""A throwaway PostgreSQL server for the test suite, from the machine's own binaries.

PostgreSQL refuses to run as root, so under root the server runs as an unprivileged
system user (created on demand). It listens on a Unix socket only, in a temp directory.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

PG_USER = "kesu-pg"


def find_bindir() -> Path | None:
    env = os.environ.get("KESU_PG_BINDIR")
    if env:
        return Path(env)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    for candidate in reversed(candidates):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def as_server_user(argv: list[str]) -> list[str]:
    """The command, run as the server's user when we are root."""
    return ["runuser", "-u", PG_USER, "--", *argv] if os.geteuid() == 0 else argv


def server_user() -> str:
    return PG_USER if os.geteuid() == 0 else pwd.getpwuid(os.getuid()).pw_name


def owned_tmp(prefix: str) -> Path:
    """A new temporary directory the server's user may use (created on demand under root)."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(PG_USER)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", PG_USER], check=True)  # noqa: S603,S607
        os.chmod(root, 0o755)  # noqa: S103 (the server user must reach the socket)
        shutil.chown(root, PG_USER)
    return root


class ThrowawayPostgres:
    """initdb, start, stop. Subclasses (tests/service/servers.py) listen elsewhere or add
    settings through `listen` and `settings`, and build other servers with `launch`."""

    listen = ""  # listen_addresses: none, the Unix socket only
    settings = "-c max_connections=60"

    def __init__(self, bindir: Path, port: int = 5499) -> None:
        self.bindir = bindir
        self.port = port
        self.root = owned_tmp("kesu-pg-")
        self.data = self.root / "data"
        self.sock = self.root / "sock"
        self.user = server_user()

    def _run(self, *args: str) -> None:
        cmd = as_server_user([str(self.bindir / args[0]), *args[1:]])
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
        subprocess.run(cmd, check=True, timeout=300, **quiet)  # noqa: S603

    def initdb(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.user,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def launch(self) -> None:
        """Start the server on the data directory (made by initdb or a base backup)."""
        if not self.sock.exists():
            self.sock.mkdir()
            if os.geteuid() == 0:
                shutil.chown(self.sock, PG_USER)
        options = (
            f"-k {self.sock} -p {self.port} -c listen_addresses='{self.listen}' -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off {self.settings}"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.root / "log"),
            "start",
        )

    def start(self) -> str:
        self.initdb()
        self.launch()
        host = str(self.sock).replace("/", "%2F")
        return f"postgres://{self.user}@{host}:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, FileNotFoundError):
            pass
        shutil.rmtree(self.root, ignore_errors=True)
