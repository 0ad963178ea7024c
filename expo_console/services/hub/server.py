"""A PostgreSQL event hub on the organizer's laptop, for an organizer without a DBA.

`start_hub(folder)` makes a cluster in `folder` the first time (initdb, scram-sha-256 for every
connection, its own socket folder), starts it, and makes the hub's database and two roles: an
owner for the organizer's tools and a least-privilege role for the desks. The passwords are
made here and kept in `folder/hub.json` (owner-only); the desks get a connection string.

PostgreSQL refuses to run as root. Called as root (a venue laptop set up by a technician, or
CI), the server runs as the unprivileged `postgres` user that the system's package made; the
data folder is handed to it, and every folder above it must let that user pass.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from expo_console.services.hub import schema, tls
from expo_console.services.hub.common import DESK_ROLE, HUB_DATABASE, OWNER_ROLE, HubError
from expo_console.storage import hub_roles_repo

SERVER_USER = "postgres"  # the unprivileged user PostgreSQL runs as when we are root
DEFAULT_PORT = 5433  # beside a system PostgreSQL on 5432
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class HubFolder:
    folder: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def sockets(self) -> Path:
        return self.folder / "sockets"

    @property
    def log(self) -> Path:
        return self.folder / "postgres.log"

    @property
    def secrets_file(self) -> Path:
        return self.folder / "hub.json"


def postgres_binaries() -> Path:
    """The folder with initdb and pg_ctl: EXPO_CONSOLE_PG_BIN, then PATH, then the places the
    system packages put them (Debian's /usr/lib/postgresql/N/bin, the Windows installer's)."""
    override = os.environ.get("EXPO_CONSOLE_PG_BIN")
    candidates = [Path(override)] if override else []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for root in (Path("/usr/lib/postgresql"), Path(os.environ.get("PROGRAMFILES", "C:/Program Files")) / "PostgreSQL"):
        if root.is_dir():
            versions = sorted((p for p in root.iterdir() if p.name.split(".")[0].isdigit()),
                              key=lambda p: int(p.name.split(".")[0]), reverse=True)
            candidates += [v / "bin" for v in versions]
    suffix = ".exe" if sys.platform == "win32" else ""
    for folder in candidates:
        if (folder / f"initdb{suffix}").exists() and (folder / f"pg_ctl{suffix}").exists():
            return folder
    raise HubError("PostgreSQL is not installed on this computer. Install it (Debian/Ubuntu: sudo apt install "
                   "postgresql; Windows: the EDB installer) or point EXPO_CONSOLE_PG_BIN at its bin folder.")


def start_hub(folder: Path | str, *, port: int = DEFAULT_PORT, host: str | None = None) -> dict[str, Any]:
    """Make (the first time) and start the hub in `folder`; returns its status with the desks'
    connection string (`dsn`). Starting a hub that runs already only reports it."""
    hub = HubFolder(Path(folder).resolve())
    binaries = postgres_binaries()
    hub.folder.mkdir(parents=True, exist_ok=True)
    as_server = _server_user()
    if not hub.data.exists():
        _init_cluster(hub, binaries, port, as_server)
    stored = _secrets(hub)
    if _pg_ctl(hub, binaries, as_server, "status").returncode != 0:
        _offer_tls(hub, as_server)
        if not _port_free(int(stored["port"])):
            raise HubError(f"Port {stored['port']} is taken by another program on this computer. Stop it, or make "
                           f"the hub in a new folder with another --port.")
        started = _pg_ctl(hub, binaries, as_server, "start", "-w", "-t", str(START_TIMEOUT_S), "-l", str(hub.log),
                          "-o", f"-p {stored['port']}")
        if started.returncode != 0:
            raise HubError(f"The hub did not start: {_last_lines(hub.log) or started.stderr.strip()}. "
                           f"Is port {stored['port']} taken? Stop what uses it, or make the hub in a new folder "
                           f"with another --port.")
    _make_database_and_roles(stored)
    schema.init_hub(owner_dsn(hub.folder))
    return hub_status(hub.folder, host=host)


def stop_hub(folder: Path | str) -> dict[str, Any]:
    hub = HubFolder(Path(folder).resolve())
    if not hub.data.exists():
        raise HubError(f"There is no hub in {hub.folder}: start one there with 'expo-console hub start'.")
    binaries = postgres_binaries()
    as_server = _server_user()
    if _pg_ctl(hub, binaries, as_server, "status").returncode == 0:
        stopped = _pg_ctl(hub, binaries, as_server, "stop", "-w", "-m", "fast")
        if stopped.returncode != 0:
            raise HubError(f"The hub did not stop: {stopped.stderr.strip()}")
    return hub_status(hub.folder)


def hub_status(folder: Path | str, *, host: str | None = None) -> dict[str, Any]:
    """Whether the hub in `folder` runs, its port and the desks' connection string."""
    hub = HubFolder(Path(folder).resolve())
    if not hub.data.exists():
        raise HubError(f"There is no hub in {hub.folder}: start one there with 'expo-console hub start'.")
    stored = _secrets(hub)
    running = _pg_ctl(hub, postgres_binaries(), _server_user(), "status").returncode == 0
    address = host or _lan_address()
    # dsn: what the desks connect with; owner_dsn: the organizer's, on this laptop (publish)
    return {"folder": str(hub.folder), "running": running, "port": stored["port"], "database": HUB_DATABASE,
            "dsn": _dsn(DESK_ROLE, stored["desk_password"], address, stored["port"]),
            "owner_dsn": owner_dsn(hub.folder)}


def owner_dsn(folder: Path | str) -> str:
    """The organizer's connection string (the hub database's owner), for the hub's own set-up."""
    stored = _secrets(HubFolder(Path(folder).resolve()))
    return _dsn(OWNER_ROLE, stored["owner_password"], "127.0.0.1", stored["port"])


# --- making the cluster ------------------------------------------------------------------------

def _init_cluster(hub: HubFolder, binaries: Path, port: int, as_server: str | None) -> None:
    stored: dict[str, Any] = {"port": port, "superuser_password": secrets.token_urlsafe(24),
              "owner_password": secrets.token_urlsafe(24), "desk_password": secrets.token_urlsafe(24)}
    hub.secrets_file.write_text(json.dumps(stored, indent=2), encoding="utf-8")
    hub.secrets_file.chmod(0o600)  # the passwords: readable by whoever made the hub only
    hub.sockets.mkdir(exist_ok=True)
    password_file = hub.folder / ".initdb-password"
    password_file.write_text(stored["superuser_password"], encoding="utf-8")
    if as_server:
        _hand_over(hub, as_server, password_file)
    try:
        made = _run(as_server, [str(binaries / "initdb"), "-D", str(hub.data), "-U", "postgres",
                                "--pwfile", str(password_file), "--auth=scram-sha-256", "--encoding=UTF8",
                                "--locale=C.UTF-8"])
    finally:
        password_file.unlink(missing_ok=True)
    if made.returncode != 0:
        shutil.rmtree(hub.data, ignore_errors=True)
        raise HubError(f"PostgreSQL could not make the hub's cluster: {made.stderr.strip()[-400:]}")
    with (hub.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        # Desks on the venue LAN connect over TCP; the socket lives beside the data, so no system
        # folder (/var/run/postgresql) has to exist or be writable.
        conf.write(f"\n# expo-console hub\nlisten_addresses = '*'\nport = {port}\n"
                   f"unix_socket_directories = '{hub.sockets}'\npassword_encryption = scram-sha-256\n")
    with (hub.data / "pg_hba.conf").open("a", encoding="utf-8") as hba:
        hba.write("host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n")
    _offer_tls(hub, as_server)


def _offer_tls(hub: HubFolder, as_server: str | None) -> None:
    """A certificate and ssl = on: desks connect encrypted (a hub made before this gets it at its
    next start)."""
    if (hub.data / "server.crt").exists():
        return
    owner = None
    if as_server:
        import pwd

        account = pwd.getpwnam(as_server)
        owner = (account.pw_uid, account.pw_gid)
    tls.make_certificate(hub.data, *(owner or (None, None)))
    with (hub.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("ssl = on\n")


def _hand_over(hub: HubFolder, user: str, password_file: Path) -> None:
    """Give the unprivileged server user the folders it writes, and check it can reach them."""
    import pwd

    account = pwd.getpwnam(user)
    for path in (hub.folder, hub.sockets, password_file):
        os.chown(path, account.pw_uid, account.pw_gid)
    reach = _run(user, ["test", "-w", str(hub.folder)])
    if reach.returncode != 0:
        raise HubError(f"PostgreSQL runs as the unprivileged user '{user}', which cannot reach {hub.folder}: "
                       f"choose a folder every user may pass through, such as /srv/expo-hub.")


def _make_database_and_roles(stored: dict[str, Any]) -> None:
    import psycopg

    superuser = _dsn("postgres", stored["superuser_password"], "127.0.0.1", stored["port"], database="postgres")
    try:
        with psycopg.connect(superuser, autocommit=True, connect_timeout=10) as conn:
            hub_roles_repo.ensure_role(conn, OWNER_ROLE, stored["owner_password"])
            hub_roles_repo.ensure_role(conn, DESK_ROLE, stored["desk_password"])
            hub_roles_repo.ensure_database(conn, HUB_DATABASE, OWNER_ROLE)
            hub_roles_repo.only_role_may_connect(conn, HUB_DATABASE, DESK_ROLE)  # desks: this database only
    except psycopg.Error as error:
        raise HubError(f"The hub runs but could not be set up: {error}".strip()) from error


# --- running its tools -------------------------------------------------------------------------

def _server_user() -> str | None:
    """The user to run PostgreSQL as: None when we are not root, else the unprivileged one."""
    if sys.platform == "win32" or os.geteuid() != 0:
        return None
    try:
        import pwd

        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise HubError(f"PostgreSQL refuses to run as root, and this computer has no '{SERVER_USER}' user to run "
                       f"it as. Install the system's postgresql package (it makes that user), or run "
                       f"'expo-console hub start' as an ordinary user.") from None
    return SERVER_USER


def _run(as_user: str | None, command: list[str]) -> subprocess.CompletedProcess[str]:
    if as_user:
        command = ["runuser", "-u", as_user, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=START_TIMEOUT_S + 30, cwd="/")


def _pg_ctl(hub: HubFolder, binaries: Path, as_server: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(as_server, [str(binaries / "pg_ctl"), "-D", str(hub.data), *args])


def _secrets(hub: HubFolder) -> dict[str, Any]:
    try:
        stored: dict[str, Any] = json.loads(hub.secrets_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HubError(f"The hub's {hub.secrets_file.name} in {hub.folder} cannot be read ({error}): this folder "
                       f"holds no hub made by Expo Console.") from error
    return stored


def _port_free(port: int) -> bool:
    """Whether the port can be listened on (PostgreSQL would start on the addresses still free,
    and the desks would reach the other program instead)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as PostgreSQL: TIME_WAIT is no owner
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def _last_lines(log: Path) -> str:
    deadline = time.monotonic() + 1
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        return " / ".join(log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:])
    except OSError:
        return ""


def _lan_address() -> str:
    """This laptop's address on the venue LAN (the route out), for the desks' connection string."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: it only picks the outgoing interface
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def _dsn(role: str, password: str, host: str, port: int, database: str = HUB_DATABASE) -> str:
    from urllib.parse import quote

    return f"postgresql://{quote(role)}:{quote(password, safe='')}@{host}:{port}/{database}"
