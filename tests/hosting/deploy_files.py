"""Reading the deployment's files as the tools that use them do: ``compose.yaml`` through
PyYAML (Debian's ``python3-yaml`` in the system Python: YAML is no dependency of the app), the
``Caddyfile`` through ``caddy adapt`` (Caddy's own parser, giving its JSON config)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEPLOY_DIR = PROJECT_DIR / "deploy"
COMPOSE = DEPLOY_DIR / "compose.yaml"
CADDYFILE = DEPLOY_DIR / "Caddyfile"
DOCKERFILE = DEPLOY_DIR / "Dockerfile"
SYSTEM_PYTHON = "/usr/bin/python3"
YAML_TO_JSON = "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"


def caddy() -> str:
    found = shutil.which("caddy")
    if found is None:
        raise AssertionError("caddy is missing: `make system-deps` installs it (apt-get)")
    return found


def load_yaml(path: Path) -> Any:
    """``path`` parsed by PyYAML (Debian's python3-yaml, in the system Python)."""
    done = subprocess.run(
        [SYSTEM_PYTHON, "-c", YAML_TO_JSON],
        input=path.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{path} did not parse (python3-yaml missing?):\n{done.stderr}"
    return json.loads(done.stdout)


def caddy_env(environ: dict[str, str]) -> dict[str, str]:
    """An environment for Caddy: ``environ`` and folders of its own for certificates."""
    home = tempfile.mkdtemp(prefix="tracker-caddy-")
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "XDG_DATA_HOME": home,
        "XDG_CONFIG_HOME": home,
        **environ,
    }


def adapt_caddyfile(environ: dict[str, str], path: Path = CADDYFILE) -> dict[str, Any]:
    """The Caddyfile as Caddy's JSON config, with ``environ`` as its environment."""
    done = subprocess.run(
        [caddy(), "adapt", "--config", str(path), "--adapter", "caddyfile"],
        env=caddy_env(environ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"caddy adapt failed:\n{done.stderr}"
    config: dict[str, Any] = json.loads(done.stdout)
    return config


def proxy_handlers(config: dict[str, Any]) -> list[dict[str, Any]]:
    """Every ``reverse_proxy`` handler in an adapted config, wherever it is nested."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("handler") == "reverse_proxy":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(config)
    return found
