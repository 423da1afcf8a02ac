"""Demo rows are protected by the same code as every other member write."""

from __future__ import annotations

import os

from kesu.core import crypto


def test_nonces_are_never_reused_across_threads_or_forks(settings):
    tokens = {crypto.encrypt("321802199001010012")[:16] for _ in range(10_000)}
    assert len(tokens) == 10_000
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child must draw fresh nonces, not the parent's remaining block
        os.write(write, crypto.encrypt("x")[:16].encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 64).decode()
    parent = crypto.encrypt("x")[:16]
    assert child != parent and child not in tokens


def test_demo_members_decrypt_to_valid_ids(db):
    from io import StringIO

    from kesu.demo.services import demo_generate
    from kesu.members.idnumber import parse_id_number
    from kesu.members.models import Member
    from kesu.members.validation import id_number_hash

    demo_generate(scale="small", seed=3, stdout=StringIO())
    for member in Member.objects.all()[:200]:
        number = crypto.decrypt(member.id_number_enc)
        assert parse_id_number(number).value == number
        assert member.id_number_hash == id_number_hash(number)
