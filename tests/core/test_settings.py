"""Settings fail loudly on bad values, and production refuses unsafe defaults."""

import os
import subprocess
import sys

import pytest


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KESU_")}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import kesu.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE)",
        ],
        env=clean,
        capture_output=True,
        text=True,
    )


def test_local_defaults_load(tmp_path):
    result = load_settings(KESU_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KESU_PRODUCTION": "true", "KESU_DEBUG": "true"}, "refuses KESU_DEBUG"),
        ({"KESU_PRODUCTION": "true"}, "KESU_SECRET_KEY"),
        ({"KESU_PRODUCTION": "true", "KESU_SECRET_KEY": "x" * 40}, "KESU_DATA_KEY"),
        ({"KESU_DEBUG": "maybe"}, "must be a boolean"),
        ({"KESU_SESSION_IDLE_MINUTES": "soon"}, "must be an integer"),
        ({"KESU_DATABASE_URL": "nonsense://"}, "KESU_DATABASE_URL"),
    ],
)
def test_bad_configuration_fails_loudly(tmp_path, env, message):
    result = load_settings(KESU_DATA_DIR=str(tmp_path), **env)
    assert result.returncode != 0 and message in result.stderr


@pytest.mark.parametrize("url", ["", "sqlite:///{dir}/elsewhere.sqlite3"])
def test_sqlite_waits_for_the_write_lock_however_it_is_named(tmp_path, url):
    # The embedded file and a sqlite:// URL get the same rules: IMMEDIATE transactions, a
    # busy timeout and WAL (a DEFERRED read-then-write is refused "database is locked").
    env = {"KESU_DATA_DIR": str(tmp_path)}
    if url:
        env["KESU_DATABASE_URL"] = url.format(dir=tmp_path)
    code = (
        "import kesu.settings as s; o = s.DATABASES['default']['OPTIONS']; "
        "print(o['transaction_mode'], o['timeout'], 'journal_mode=WAL' in o['init_command'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KESU_")}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["IMMEDIATE", "20", "True"]


@pytest.mark.parametrize(("prepared", "disabled"), [("true", "False"), ("false", "True")])
def test_behind_a_transaction_pooler_no_server_side_cursors(tmp_path, prepared, disabled):
    # KESU_PREPARED_STATEMENTS=false is the pgbouncer (transaction pooling) configuration: a
    # QuerySet.iterator() cursor declared there would be fetched on another server connection.
    code = (
        "import kesu.settings as s; "
        "print(s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KESU_")}
    env = {
        **clean,
        "KESU_DATA_DIR": str(tmp_path),
        "KESU_DATABASE_URL": "postgres://u@127.0.0.1:6432/kesu",
        "KESU_PREPARED_STATEMENTS": prepared,
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == disabled


def test_production_with_secrets_has_secure_cookies(tmp_path):
    result = load_settings(
        KESU_DATA_DIR=str(tmp_path),
        KESU_PRODUCTION="true",
        KESU_SECRET_KEY="s" * 40,
        KESU_DATA_KEY="d" * 40,
        KESU_ALLOWED_HOSTS="kesu.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True"


def test_security_settings(settings):
    from django.conf import settings as live

    assert live.SESSION_SAVE_EVERY_REQUEST and live.SESSION_COOKIE_AGE == 30 * 60
    lengths = [v.get("OPTIONS", {}).get("min_length") for v in live.AUTH_PASSWORD_VALIDATORS]
    assert 12 in lengths
    assert live.AXES_FAILURE_LIMIT == 5
    directives = live.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
