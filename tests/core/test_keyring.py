"""Key rotation of personal data at rest: old ciphertexts keep reading while `kesu keys
rotate` re-encrypts them under the new key; lookup hashes keep finding every row."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.management import CommandError, call_command

from kesu.audit.models import AuditEntry
from kesu.core import crypto, keyring
from kesu.members.models import Member
from kesu.members.selectors import MemberFilters, member_list
from kesu.members.validation import id_number_hash
from tests.core.test_settings import load_settings
from tests.factories import make_member, new_id_number
from tests.hardship.conftest import CHILD_ID, hs  # noqa: F401 (fixture)

OLD, NEW = "o" * 40, "n" * 40


def legacy_token(plain: str, secret: str) -> str:
    """A ciphertext as written before key ids existed: base64 of nonce + AES-GCM."""
    nonce = os.urandom(12)
    _kid, aead = crypto._aead(secret)
    return base64.urlsafe_b64encode(nonce + aead.encrypt(nonce, plain.encode(), None)).decode()


@pytest.fixture
def old_key(settings):
    settings.DATA_KEY = OLD
    settings.DATA_HASH_KEY = OLD
    settings.DATA_KEYS_OLD = []
    return settings


def rotate_to_new(settings):
    settings.DATA_KEY, settings.DATA_KEYS_OLD = NEW, [OLD]


def test_ciphertexts_name_their_key_and_old_keys_still_read(old_key):
    token = crypto.encrypt("13800001234")
    assert crypto.key_id_of(token) == crypto.current_key_id() != ""
    legacy = legacy_token("330106198001010011", OLD)
    assert crypto.key_id_of(legacy) == ""
    rotate_to_new(old_key)
    assert crypto.key_id_of(crypto.encrypt("x")) != crypto.key_id_of(token)
    assert crypto.decrypt(token) == "13800001234"
    assert crypto.decrypt(legacy) == "330106198001010011"
    old_key.DATA_KEYS_OLD = []
    with pytest.raises(crypto.UnknownKeyError):
        crypto.decrypt(token)
    with pytest.raises(crypto.UnknownKeyError):
        crypto.decrypt(legacy)


def test_every_protected_field_is_found():
    found = {(p.label, p.hash, p.purpose) for p in keyring.protected_fields()}
    assert found == {
        ("members.Member.id_number_enc", "id_number_hash", "id"),
        ("members.Member.phone_enc", "phone_hash", "phone"),
        ("activities.Attendance.guest_phone_enc", "guest_phone_hash", "phone"),
        ("resources.Expert.phone_enc", "phone_hash", "phone"),
        ("hardship.HouseholdMember.id_number_enc", "id_number_hash", "id"),
        ("leadership.Volunteer.phone_enc", "phone_hash", "phone"),
        ("leadership.Volunteer.id_number_enc", "id_number_hash", "id"),
    }
    assert [(m._meta.label, f) for m, f, _p in keyring.hash_copies()] == [
        ("hardship.HardshipCase", "applicant_id_hash")
    ]


@pytest.mark.django_db
def test_rotate_reencrypts_keeps_lookups_and_is_idempotent(old_key, tree, users):
    number = new_id_number()
    member = make_member(tree.a1g, id_number=number, phone="13800001234")
    legacy = make_member(tree.a1g)
    plain_legacy = crypto.decrypt(legacy.id_number_enc)
    Member.objects.filter(pk=legacy.pk).update(id_number_enc=legacy_token(plain_legacy, OLD))
    rotate_to_new(old_key)

    report = keyring.rotate(batch_size=1)  # batches of one: the loop crosses batches
    counts = report.fields["members.Member.id_number_enc"]
    assert (counts.scanned, counts.reencrypted, counts.mismatched) == (2, 2, 0)
    assert report.fields["members.Member.phone_enc"].reencrypted == 1
    new_id = crypto.current_key_id()
    for m in Member.objects.all():
        assert crypto.key_id_of(m.id_number_enc) == new_id
    again = keyring.rotate()
    assert sum(c.reencrypted for c in again.fields.values()) == 0

    old_key.DATA_KEYS_OLD = []  # the old key is gone: everything still reads and is found
    member.refresh_from_db()
    assert crypto.decrypt(member.id_number_enc) == number
    assert crypto.decrypt(Member.objects.get(pk=legacy.pk).id_number_enc) == plain_legacy
    found = member_list(user=users.admin_a, filters=MemberFilters(q=number))
    assert list(found) == [member]


@pytest.mark.django_db
def test_rotate_refuses_a_hash_key_that_made_no_stored_hash(old_key, tree):
    make_member(tree.a1g)
    rotate_to_new(old_key)
    old_key.DATA_HASH_KEY = NEW  # forgot to keep the hash key
    before = list(Member.objects.values_list("id_number_enc", flat=True))
    with pytest.raises(CommandError, match="KESU_DATA_HASH_KEY"):
        call_command("keys", "rotate")
    assert list(Member.objects.values_list("id_number_enc", flat=True)) == before


@pytest.mark.django_db
def test_rotate_without_the_old_key_reports_unreadable_rows(old_key, tree):
    member = make_member(tree.a1g, phone="")
    Member.objects.filter(pk=member.pk).update(id_number_hash="")  # skip the start-up check
    old_key.DATA_KEY = NEW  # the old key forgotten altogether
    with pytest.raises(CommandError, match="无法解密"):
        call_command("keys", "rotate")


@pytest.mark.django_db
def test_rehash_rewrites_hashes_and_their_copies_and_is_audited(old_key, users, hs):  # noqa: F811
    rotate_to_new(old_key)
    old_key.DATA_HASH_KEY = NEW
    call_command("keys", "rotate", "--rehash", "--json")
    applicant = Member.objects.get(pk=hs.a.applicant_id)
    number = crypto.decrypt(applicant.id_number_enc)
    assert applicant.id_number_hash == id_number_hash(number)
    hs.a.refresh_from_db()
    assert hs.a.applicant_id_hash == applicant.id_number_hash
    child = hs.a.household.get()
    assert child.id_number_hash == id_number_hash(CHILD_ID)
    assert crypto.key_id_of(child.id_number_enc) == crypto.current_key_id()
    entry = AuditEntry.objects.get(action="keys.rotate")
    assert entry.changes["rehash"] is True
    # three members' ID numbers, two phones, the child's ID number
    assert entry.changes["rehashed"] == 6 and entry.changes["unreadable"] == 0
    call_command("keys", "rotate")  # the hashes now agree: a plain rotation passes its check


def test_old_keys_need_an_explicit_hash_key(tmp_path):
    result = load_settings(KESU_DATA_DIR=str(tmp_path), KESU_DATA_KEYS_OLD="x" * 40)
    assert result.returncode != 0 and "KESU_DATA_HASH_KEY" in result.stderr
    ok = load_settings(
        KESU_DATA_DIR=str(tmp_path), KESU_DATA_KEYS_OLD="x" * 40, KESU_DATA_HASH_KEY="x" * 40
    )
    assert ok.returncode == 0, ok.stderr
