"""`.ci/audit`, the supply-chain check of `make test`: how it judges pip-audit's findings over
the locked dependencies (canned pip-audit JSON, no network), PyPI's project pages as the
fallback for releases PyPI has no version page for, and a clear failure when PyPI cannot be
reached (a real run through a closed proxy port)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "audit"


def load_audit() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("ci_audit", str(SCRIPT))
    spec = importlib.util.spec_from_loader("ci_audit", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ci_audit"] = module  # dataclasses look their module up while it runs
    loader.exec_module(module)
    return module


audit = load_audit()

CLEAN = {"name": "alembic", "version": "1.20.1", "vulns": []}
FIXABLE = {
    "name": "jinja2",
    "version": "3.1.4",
    "vulns": [
        {
            "id": "GHSA-q2x7-8rv6-6q7h",
            "fix_versions": ["3.1.5"],
            "aliases": ["CVE-2024-56201"],
            "description": "Jinja has a sandbox breakout through malicious filenames",
        }
    ],
}
UNFIXED = {
    "name": "pycrypto",
    "version": "2.6.1",
    "vulns": [
        {
            "id": "PYSEC-2017-94",
            "fix_versions": [],
            "aliases": ["CVE-2013-7459"],
            "description": "Heap-based buffer overflow in the ALGnew function",
        }
    ],
}
SKIPPED = {
    "name": "numpy",
    "skip_reason": "Dependency not found on PyPI and could not be audited: numpy (2.4.6)",
}


def report(*dependencies: dict[str, Any]) -> dict[str, Any]:
    return {"dependencies": list(dependencies), "fixes": []}


def test_no_known_vulnerability_passes() -> None:
    verdict = audit.judge(report(CLEAN, {"name": "pip", "version": "26.3", "vulns": []}))
    assert verdict.failures == []
    assert verdict.warnings == []
    assert verdict.audited == 2
    assert verdict.passed


def test_a_vulnerability_with_a_fix_fails_naming_the_package_and_the_fix() -> None:
    verdict = audit.judge(report(CLEAN, FIXABLE))
    assert not verdict.passed
    [failure] = verdict.failures
    assert "jinja2 3.1.4" in failure
    assert "GHSA-q2x7-8rv6-6q7h" in failure
    assert "CVE-2024-56201" in failure
    assert "3.1.5" in failure
    assert verdict.warnings == []


def test_a_vulnerability_without_a_fix_only_warns() -> None:
    verdict = audit.judge(report(CLEAN, UNFIXED))
    assert verdict.passed
    assert verdict.failures == []
    [warning] = verdict.warnings
    assert "pycrypto 2.6.1" in warning
    assert "PYSEC-2017-94" in warning
    assert "no fixed release" in warning


def test_one_fixable_among_unfixed_ones_fails() -> None:
    both = dict(UNFIXED, vulns=[*UNFIXED["vulns"], *FIXABLE["vulns"]])
    verdict = audit.judge(report(both))
    assert not verdict.passed
    assert len(verdict.failures) == 1
    assert len(verdict.warnings) == 1


def test_a_dependency_that_could_not_be_audited_is_named_in_a_warning() -> None:
    verdict = audit.judge(report(CLEAN, SKIPPED))
    assert verdict.passed
    assert verdict.audited == 1
    [warning] = verdict.warnings
    assert "numpy" in warning and "not audited" in warning


def test_an_audit_that_audited_nothing_fails() -> None:
    """pip-audit says "No known vulnerabilities found" and exits 0 when PyPI has a page for
    none of the versions: that is not a pass."""
    verdict = audit.judge(report(SKIPPED, dict(SKIPPED, name="alembic")))
    assert not verdict.passed
    assert any("no dependency could be audited" in f for f in verdict.failures)
    assert audit.judge(report()).passed is False


# --- PyPI's project page: advisories of the newest release ---------------------------------


def project_page(latest: str, vulns: list[dict[str, Any]]) -> dict[str, Any]:
    return {"info": {"name": "Jinja2", "version": latest}, "vulnerabilities": vulns}


ADVISORY = {
    "id": "PYSEC-2017-94",
    "aliases": ["CVE-2013-7459"],
    "details": "Heap-based buffer overflow",
    "fixed_in": ["2.7"],
    "withdrawn": None,
}


def test_the_project_page_audits_the_locked_version_when_it_is_the_newest() -> None:
    dependency = audit.from_project_page("jinja2", "3.1.6", project_page("3.1.6", [ADVISORY]))
    assert dependency == {
        "name": "jinja2",
        "version": "3.1.6",
        "vulns": [
            {
                "id": "PYSEC-2017-94",
                "fix_versions": ["2.7"],
                "aliases": ["CVE-2013-7459"],
                "description": "Heap-based buffer overflow",
            }
        ],
    }
    assert not audit.judge(report(dependency)).passed


def test_withdrawn_advisories_on_the_project_page_are_left_out() -> None:
    withdrawn = dict(ADVISORY, withdrawn="2024-01-02T00:00:00Z")
    dependency = audit.from_project_page("jinja2", "3.1.6", project_page("3.1.6", [withdrawn]))
    assert dependency["vulns"] == []


def test_one_advisory_listed_under_each_of_its_ids_counts_once() -> None:
    twin = dict(ADVISORY, id="GHSA-cq27-v7xp-c356", aliases=["CVE-2013-7459", "PYSEC-2017-94"])
    other = dict(ADVISORY, id="PYSEC-2018-97", aliases=["CVE-2018-6594"])
    page = project_page("3.1.6", [ADVISORY, twin, other])
    dependency = audit.from_project_page("jinja2", "3.1.6", page)
    assert [v["id"] for v in dependency["vulns"]] == ["PYSEC-2017-94", "PYSEC-2018-97"]


def test_an_older_locked_version_stays_not_audited() -> None:
    """The project page's advisories are those of its newest release only."""
    dependency = audit.from_project_page("jinja2", "3.1.4", project_page("3.1.6", [ADVISORY]))
    assert "vulns" not in dependency
    assert "3.1.4" in dependency["skip_reason"] and "3.1.6" in dependency["skip_reason"]
    assert audit.judge(report(CLEAN, dependency)).warnings


def test_pins_of_the_exported_lock_follow_this_python(tmp_path: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "# generated\n"
        "alembic==1.20.1\n"
        "    # via cramp-tracker\n"
        "colorama==0.4.6 ; sys_platform == 'win32' and sys_platform != 'win32'\n"
        "numpy==2.4.6 ; python_full_version < '9'\n"
        "numpy==2.5.5 ; python_full_version >= '9'\n"
        "Typing_Extensions==4.16.0\n"
    )
    assert audit.pins(requirements) == {
        "alembic": "1.20.1",
        "numpy": "2.4.6",
        "typing-extensions": "4.16.0",
    }


# --- a real run -------------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_when_pypi_cannot_be_reached_the_audit_fails_saying_so() -> None:
    proxy = f"http://127.0.0.1:{closed_port()}"
    env = dict(os.environ, HTTPS_PROXY=proxy, https_proxy=proxy, NO_PROXY="", no_proxy="")
    run = subprocess.run(
        [sys.executable, str(SCRIPT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "could not reach PyPI" in run.stderr
    assert "Traceback" not in run.stderr
