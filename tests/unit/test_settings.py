"""Settings read the environment correctly. Each case loads a settings module in a fresh
interpreter, because settings are read once at import."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST"),
    "port": db.get("PORT"), "user": db.get("USER"),
    "allowed_hosts": settings.ALLOWED_HOSTS, "debug": settings.DEBUG,
    "email_backend": settings.EMAIL_BACKEND, "email_host": getattr(settings, "EMAIL_HOST", None),
    "email_port": getattr(settings, "EMAIL_PORT", None),
    "email_use_tls": getattr(settings, "EMAIL_USE_TLS", None),
    "verification": settings.ACCOUNT_EMAIL_VERIFICATION,
    "admin_base_url": settings.WAGTAILADMIN_BASE_URL,
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "demo": settings.DEMO_ACCOUNTS_ALLOWED,
}))
"""

CLEAN_ENV_KEYS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "WAGTAILADMIN_BASE_URL",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests for their own process
)


def load_settings(module, **env):
    base_env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV_KEYS}
    base_env.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT,
        env=base_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_of(module, **env):
    result = load_settings(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_without_secret_key():
    result = load_settings("cms.settings.production", ALLOWED_HOSTS="mantle.example")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_the_public_base_url():
    result = load_settings("cms.settings.production", SECRET_KEY="s" * 60, ALLOWED_HOSTS="x.org")
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL is not set" in result.stderr


def test_production_refuses_an_empty_secret_key():
    result = load_settings("cms.settings.production", SECRET_KEY="", ALLOWED_HOSTS="x.example")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_reads_database_hosts_and_email_from_the_environment():
    values = settings_of(
        "cms.settings.production",
        SECRET_KEY="s" * 60,
        DATABASE_URL="postgres://mantle:pw@db.internal:6543/mantle_prod",
        ALLOWED_HOSTS="ce.example.org,www.ce.example.org",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587",
        WAGTAILADMIN_BASE_URL="https://ce.example.org",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert (values["name"], values["host"], values["port"], values["user"]) == (
        "mantle_prod",
        "db.internal",
        6543,
        "mantle",
    )
    assert values["allowed_hosts"] == ["ce.example.org", "www.ce.example.org"]
    assert values["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["email_host"], values["email_port"], values["email_use_tls"]) == (
        "smtp.example.org",
        587,
        True,
    )
    assert values["admin_base_url"] == "https://ce.example.org"
    assert values["debug"] is False
    assert values["verification"] == "mandatory"
    assert values["ssl_redirect"] is True
    assert values["demo"] is False


def test_dev_defaults_to_a_sqlite_file_in_the_project_and_console_email():
    values = settings_of("cms.settings.dev")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert Path(values["name"]) == PROJECT / "db.sqlite3"
    assert values["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert values["verification"] == "optional"
    assert values["debug"] is True
    assert values["demo"] is True


@pytest.mark.parametrize("raw", ["false", "0", "no"])
def test_dev_debug_can_be_switched_off(raw):
    assert settings_of("cms.settings.dev", DEBUG=raw)["debug"] is False


def deploy_check(**extra):
    env = {k: v for k, v in os.environ.items() if k not in (*CLEAN_ENV_KEYS, "CACHE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="k3y-" + "x" * 60,
        ALLOWED_HOSTS="ce.example.org",
        DATABASE_URL="postgres://mantle@127.0.0.1:5432/mantle",
        WAGTAILADMIN_BASE_URL="https://ce.example.org",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_deploy_check_is_clean_with_the_documented_environment():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_shares_one_cache_across_workers_and_warns_about_a_per_process_one():
    result = deploy_check(CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "mantle.W001" in result.stdout + result.stderr
