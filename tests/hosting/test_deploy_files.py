"""The deployment of deploy/ (README, "Hosting on a server"), read by the tools that use it:
two app replicas of one image on one PostgreSQL 16, the same secrets in both, Caddy in front
with sticky sessions and health checks. Docker cannot run here; the proxy runs for real in
tests/hosting/test_two_servers.py."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import pytest

from tests.hosting.deploy_files import (
    COMPOSE,
    DEPLOY_DIR,
    DOCKERFILE,
    PROJECT_DIR,
    adapt_caddyfile,
    load_yaml,
    proxy_handlers,
)

APPS = ("app1", "app2")
SECRETS_PATH = "/app/.streamlit/secrets.toml"
HEALTH = "/_stcore/health"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = load_yaml(COMPOSE)
    return loaded


def test_two_app_replicas_of_one_image_with_the_same_environment_and_secrets(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    app1, app2 = (services[name] for name in APPS)
    assert app1 == app2  # one definition: nothing can differ between the replicas
    assert app1["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    env = app1["environment"]
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"].startswith("${TRACKER_COOKIE_SECRET:?")
    assert re.fullmatch(
        r"postgresql\+psycopg://tracker:\$\{POSTGRES_PASSWORD:\?[^}]*\}@db:5432/tracker",
        env["TRACKER_DATABASE_URL"],
    )
    [secret] = app1["secrets"]
    assert secret["target"] == SECRETS_PATH
    assert compose["secrets"][secret["source"]] == {"file": "./secrets.toml"}
    assert HEALTH in " ".join(app1["healthcheck"]["test"])
    assert "ports" not in app1  # reached through the proxy only
    assert app1["depends_on"] == {"db": {"condition": "service_healthy"}}


def test_the_image_keeps_streamlits_protections_and_compose_turns_none_off(
    compose: dict[str, Any],
) -> None:
    assert "COPY .streamlit/config.toml .streamlit/config.toml" in DOCKERFILE.read_text()
    config = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
    env = compose["services"]["app1"]["environment"]
    overridden = {name for name in env if name.startswith("STREAMLIT_")}
    assert overridden == {
        "STREAMLIT_SERVER_COOKIE_SECRET",
        "STREAMLIT_BROWSER_SERVER_ADDRESS",
        "STREAMLIT_BROWSER_SERVER_PORT",
    }


def test_postgresql_16_with_a_volume_and_a_health_check(compose: dict[str, Any]) -> None:
    db = compose["services"]["db"]
    assert db["image"] == "postgres:16"
    assert db["volumes"] == ["db-data:/var/lib/postgresql/data"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert db["environment"]["POSTGRES_DB"] == "tracker"


def test_the_proxy_sends_to_both_replicas_with_sticky_sessions_and_health_checks(
    compose: dict[str, Any],
) -> None:
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("caddy:2")
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    env = {**proxy["environment"], "TRACKER_SITE": "diary.example.org"}
    env["TRACKER_LB_SECRET"] = "k3y"
    config = adapt_caddyfile(env)

    [handler] = proxy_handlers(config)
    dials = [upstream["dial"] for upstream in handler["upstreams"]]
    assert dials == [f"{name}:8501" for name in APPS]
    assert all("8501" in compose["services"][name]["expose"] for name in APPS)
    policy = handler["load_balancing"]["selection_policy"]
    assert policy == {"policy": "cookie", "name": "tracker_lb", "secret": "k3y"}
    assert handler["health_checks"]["active"]["uri"] == HEALTH
    # A replica that stops answering is left out at its first failed connection.
    assert handler["health_checks"]["passive"]["fail_duration"] > 0
    assert handler["load_balancing"]["try_duration"] > 0
    server = config["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":443"]
    assert server["routes"][0]["match"] == [{"host": ["diary.example.org"]}]
    # Caddy gets the certificate (automatic HTTPS): nothing in the file turns it off.
    assert "automatic_https" not in server
    assert config["admin"] == {"disabled": True}


def test_the_secrets_example_names_what_streamlits_login_needs() -> None:
    example = tomllib.loads((DEPLOY_DIR / "secrets.toml.example").read_text(encoding="utf-8"))
    auth = example["auth"]
    assert set(auth) == {
        "redirect_uri",
        "cookie_secret",
        "client_id",
        "client_secret",
        "server_metadata_url",
    }
    assert auth["redirect_uri"].endswith("/oauth2callback")
    assert auth["redirect_uri"].startswith("https://")
    ignored = (DEPLOY_DIR / ".gitignore").read_text(encoding="utf-8").split()
    assert {"secrets.toml", ".env"} <= set(ignored)


def test_the_env_example_sets_every_variable_compose_requires(compose: dict[str, Any]) -> None:
    required = set(re.findall(r"\$\{(\w+):\?", COMPOSE.read_text(encoding="utf-8")))
    example = (DEPLOY_DIR / "env.example").read_text(encoding="utf-8")
    given = {line.split("=")[0] for line in example.splitlines() if re.match(r"^\w+=", line)}
    assert required == given


def test_the_dockerfile_copies_files_that_exist_and_runs_the_app() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    sources = [
        part
        for line in text.splitlines()
        if line.startswith("COPY ")
        for part in line.split()[1:-1]
    ]
    assert {"pyproject.toml", "uv.lock", "app.py", "tracker", "db", "pages"} <= set(sources)
    assert [s for s in sources if not (PROJECT_DIR / s).exists()] == []
    makefile = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
    [uv_version] = re.findall(r"^UV_VERSION := (\S+)$", makefile, flags=re.MULTILINE)
    assert f"uv=={uv_version}" in text
    assert "uv sync --frozen --no-dev --extra postgres" in text
    [command] = [json.loads(line[4:]) for line in text.splitlines() if line.startswith("CMD ")]
    assert command == ["python", "-m", "tracker", "serve", "--host", "0.0.0.0", "--port", "8501"]
    assert HEALTH in text
    assert re.search(r"^USER tracker$", text, flags=re.MULTILINE)
