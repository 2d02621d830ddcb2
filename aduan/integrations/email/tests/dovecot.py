"""A real Dovecot IMAP server for the email-in tests, started from Debian's package.

Its own configuration, mail directory and sockets live in a temporary directory; it listens on
127.0.0.1 only. Dovecot cannot take port 0 (0 switches a listener off), so the port is one the
kernel just handed out for 127.0.0.1:0. As root (CI) the login and internal processes run as
Debian's `dovenull` and `dovecot` users, as Dovecot refuses root there; otherwise as the
current user, so no root is needed.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOVECOT = os.environ.get("ADUAN_DOVECOT", "/usr/sbin/dovecot")
USER = "aduan"
PASSWORD = "imap-test-pass"


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    maildir: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _config(root: Path, port: int) -> str:
    if os.geteuid() == 0:
        internal, login = "dovecot", "dovenull"
        mail_user = pwd.getpwnam("dovecot")
    else:
        internal = login = pwd.getpwuid(os.geteuid()).pw_name
        mail_user = pwd.getpwuid(os.geteuid())
    group = grp.getgrgid(mail_user.pw_gid).gr_name
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {group if internal != "dovecot" else "dovecot"}
default_login_user = {login}
first_valid_uid = {mail_user.pw_uid}
first_valid_gid = {mail_user.pw_gid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@contextmanager
def running_dovecot() -> Iterator[ImapServer]:
    """Start Dovecot in a new temporary directory (readable by its `dovecot` user, which
    pytest's own temporary directories are not), and remove it all afterwards."""
    root = Path(tempfile.mkdtemp(prefix="aduan-dovecot-"))
    root.chmod(0o755)
    try:
        with _running(root) as server:
            yield server
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def _running(root: Path) -> Iterator[ImapServer]:
    if not Path(DOVECOT).exists():
        raise RuntimeError(
            f"Dovecot is not installed at {DOVECOT}: run `make imap-server` "
            "(apt-get install dovecot-imapd) or set ADUAN_DOVECOT"
        )
    for directory in ("run", "state", "mail"):
        (root / directory).mkdir(parents=True)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    if os.geteuid() == 0:
        mail_user = pwd.getpwnam("dovecot")
        shutil.chown(root / "mail", mail_user.pw_uid, mail_user.pw_gid)
    port = _free_port()
    (root / "dovecot.conf").write_text(_config(root, port))
    process = subprocess.Popen(  # noqa: S603 (a fixed binary and our own config)
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                    if connection.recv(64).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                raise RuntimeError(f"Dovecot did not start: {log[-2000:]}")
            time.sleep(0.05)
        yield ImapServer("127.0.0.1", port, USER, PASSWORD, root / "mail" / USER)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
