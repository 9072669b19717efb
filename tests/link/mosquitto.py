"""A real Mosquitto on a free loopback port: TLS from a CA made here, passwords and ACLs.

Debian's ``mosquitto`` package (``.ci/run`` installs it when missing). Users: ``hub``,
``worker`` and ``stranger`` (another worker), and ``operator`` who may read everything,
as the organisation running the broker could.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import ipaddress
from pathlib import Path
import shutil
import socket
import subprocess
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
PASSWORDS = {
    "hub": "hub-secret-1",
    "worker": "worker-secret-2",
    "stranger": "stranger-secret-3",
    "operator": "operator-secret-4",
}
ACL = """
user hub
topic readwrite digiohjaus/hub/#
user worker
topic read digiohjaus/hub/#
topic write digiohjaus/hub/+/pair
user stranger
topic read digiohjaus/hub/#
topic write digiohjaus/hub/+/pair
user operator
topic read #
"""


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca_and_server(directory: Path) -> str:
    """Write ca.pem, server.pem and server.key; return the CA certificate as PEM text."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Digiohjaus test CA"))
        .issuer_name(_name("Digiohjaus test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem = ca.public_bytes(serialization.Encoding.PEM)
    (directory / "ca.pem").write_bytes(ca_pem)
    (directory / "server.pem").write_bytes(server.public_bytes(serialization.Encoding.PEM))
    (directory / "server.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_pem.decode()


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mosquitto:
    """One broker process; :meth:`restart` keeps port, users and retained messages."""

    directory: Path
    port: int = field(default_factory=free_port)
    ca_pem: str = ""
    process: subprocess.Popen[bytes] | None = None

    def configure(self) -> None:
        """Write certificates, the password file, the ACL and the configuration."""
        self.ca_pem = make_ca_and_server(self.directory)
        passwd = self.directory / "passwd"
        passwd.write_text("")
        for user, password in PASSWORDS.items():
            subprocess.run(  # noqa: S603 - fixed arguments
                [MOSQUITTO_PASSWD, "-b", str(passwd), user, password], check=True
            )
        (self.directory / "acl").write_text(ACL)
        (self.directory / "mosquitto.conf").write_text(
            "\n".join(
                [
                    "user root",
                    "allow_anonymous false",
                    f"password_file {passwd}",
                    f"acl_file {self.directory / 'acl'}",
                    "persistence true",
                    f"persistence_location {self.directory}/",
                    "log_dest stderr",
                    "log_type error",
                    f"listener {self.port} 127.0.0.1",
                    f"cafile {self.directory / 'ca.pem'}",
                    f"certfile {self.directory / 'server.pem'}",
                    f"keyfile {self.directory / 'server.key'}",
                    "",
                ]
            )
        )

    def start(self) -> None:
        """Start the broker and wait until it accepts connections."""
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [MOSQUITTO, "-c", str(self.directory / "mosquitto.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()) from None  # type: ignore[union-attr]
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def stop(self) -> None:
        """Stop the broker (retained messages are saved)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None

    def kill(self) -> None:
        """End the broker without saving, as a crash would."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.stop()
