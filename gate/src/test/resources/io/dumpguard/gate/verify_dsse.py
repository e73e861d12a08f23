#!/usr/bin/env python3
"""Independent DSSE + in-toto check of a dumpguard release, written from the specs
(secure-systems-lab/dsse protocol.md and envelope.md; in-toto/attestation spec/v1/statement.md).

usage: verify_dsse.py ENVELOPE PUBLIC_KEY_PEM SUBJECT_FILE
exit 0 and print OK when a signature by the key covers PAE(payloadType, payload), the payload is an
in-toto Statement v1 and its single subject's sha256 equals the file's; exit 1 with a reason otherwise.
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"


def pae(payload_type: str, body: bytes) -> bytes:
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def b64(s: str) -> bytes:
    # the envelope spec allows standard or URL-safe base64
    if "-" in s or "_" in s:
        return base64.urlsafe_b64decode(s)
    return base64.b64decode(s, validate=True)


def fail(why: str) -> None:
    print("REJECTED: " + why)
    sys.exit(1)


def signature_ok(key, message: bytes, sig: bytes) -> bool:
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(sig, message, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(sig, message)
        else:
            return False
        return True
    except InvalidSignature:
        return False


def main() -> None:
    envelope_path, key_path, subject_path = sys.argv[1:4]
    with open(envelope_path, "r", encoding="utf-8") as f:
        envelope = json.loads(f.readline())
    with open(key_path, "rb") as f:
        key = serialization.load_pem_public_key(f.read())
    if envelope.get("payloadType") != PAYLOAD_TYPE:
        fail("payloadType")
    body = b64(envelope["payload"])
    message = pae(envelope["payloadType"], body)
    if not any(signature_ok(key, message, b64(s.get("sig", ""))) for s in envelope.get("signatures", [])):
        fail("no valid signature")
    statement = json.loads(body)
    if statement.get("_type") != STATEMENT_TYPE:
        fail("_type")
    subjects = statement.get("subject", [])
    with open(subject_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if len(subjects) != 1 or subjects[0].get("digest", {}).get("sha256") != digest:
        fail("subject digest")
    print("OK " + statement.get("predicateType", ""))


if __name__ == "__main__":
    main()
