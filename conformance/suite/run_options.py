"""The suite's command-line options, and the run settings read from them.

The options are registered in every pytest run of the environment (the plugin is an
entry point), so they do nothing by themselves: the suite is active only with
`--target URL` or `--embedded`.
"""

from __future__ import annotations

import importlib.metadata
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conformance.suite.convergence import DEFAULT_SETTLE_TIMEOUT
from conformance.target.config import (
    DEFAULT_API_VERSION,
    DEFAULT_LOCATION,
    DEFAULT_RESOURCE_GROUP,
    DEFAULT_SUBSCRIPTION,
    DEFAULT_TIMEOUT,
    TargetConfig,
)

if TYPE_CHECKING:
    from hypothesis import Phase

    from conformance.suite.run_state import RunState

# The runner hands the token over in the environment, never on a command line
# (where `ps` would show it).
TOKEN_ENVIRONMENT_VARIABLE = "PEERING_CONFORMANCE_TOKEN"
DEFAULT_PROFILE = "core"
# Where an active run keeps its RunState (see run_state.py); absent when the suite is inert.
RUN_STATE = pytest.StashKey["RunState"]()
DEFAULT_REPORT_DIR = "reports"


# Option names that well-known plugins also use: registering them twice would break
# every pytest run of an environment where such a plugin is installed.
_CLAIMED_ELSEWHERE = {"timeout": "pytest-timeout", "profile": "pytest-profiling"}


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def option_flag(name: str) -> str:
    """The command-line flag of a suite option (`--timeout`, or `--conformance-timeout` when taken)."""
    owner = _CLAIMED_ELSEWHERE.get(name)
    return f"--conformance-{name}" if owner and _installed(owner) else f"--{name}"


def _dest(name: str) -> str:
    return "conformance_" + name.replace("-", "_")


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("peering-conformance", "peering conformance suite (active with --target or --embedded)")

    def add(name: str, **attrs) -> None:
        group.addoption(option_flag(name), dest=_dest(name), **attrs)

    add("target", metavar="URL", help="base URL of the implementation under test")
    add("embedded", action="store_true", help="start the embedded reference endpoint and test it")
    add("subscription", default=DEFAULT_SUBSCRIPTION, help="subscription id used in resource ids")
    add(
        "subscription2", metavar="ID",
        help="a second subscription the target accepts, for the cross-subscription check (SYNC-023); "
        "without it that requirement is not-applicable",
    )
    add("resource-group", default=DEFAULT_RESOURCE_GROUP, help="a resource group dedicated to the suite")
    add("location", default=DEFAULT_LOCATION, help="location of the VNets the suite creates")
    add("api-version", default=DEFAULT_API_VERSION, help="api-version sent with every request")
    add("token", help=f"bearer token (or set {TOKEN_ENVIRONMENT_VARIABLE})")
    add("azure-credential", action="store_true", help="get tokens from azure-identity")
    add("ca-cert", metavar="PATH", help="CA certificate file the target's certificate chains to")
    add("insecure", action="store_true", help="do not verify the target's TLS certificate")
    add("profile", default=DEFAULT_PROFILE, help="run profile of the requirement catalog")
    add("report-dir", default=DEFAULT_REPORT_DIR, help="where results.json and the transcript go")
    add("timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds to wait for one operation")
    add(
        "settle-timeout", type=float, default=DEFAULT_SETTLE_TIMEOUT, metavar="SECONDS",
        help="how long a check re-reads an eventually consistent target until it shows what a write implies",
    )
    add("seed", type=int, help="seed of the generated checks (fuzzing, stateful)")
    add("max-examples", type=int, help="examples per generated check")
    add(
        "no-shrink", action="store_true",
        help="report a generated failure as found, without replaying runs to shrink it (bounds time against broken targets)",
    )
    add(
        "requirement", action="append", default=[], metavar="ID",
        help="run only the checks naming this requirement ID (the others are deselected); repeatable",
    )
    add(
        "shard", metavar="K/N",
        help="run only shard K of N: a deterministic 1/N of the checks (report merge joins the shards)",
    )
    add(
        "unsupported", action="append", default=[], metavar="FEATURE",
        help="a feature (requirement profile) the target does not support, e.g. subnet-peering; repeatable",
    )


def option(config: pytest.Config, name: str):
    """The value of a suite option by its name (`"resource-group"`)."""
    return config.getoption(_dest(name))


def is_active(config: pytest.Config) -> bool:
    return bool(option(config, "target") or option(config, "embedded"))


@dataclass(frozen=True)
class RunOptions:
    """Settings of a run that checks may read (fixture `run_options`)."""

    run_id: str
    worker_id: str
    profile: str
    unsupported: tuple[str, ...]
    report_dir: Path
    seed: int | None
    max_examples: int | None
    # False: generated checks (fuzzing, stateful) skip Hypothesis's shrink phase.
    shrink: bool = True
    # "K/N" with --shard: this run holds only shard K of N of the checks (results/shards.py).
    shard: str | None = None

    def hypothesis_phases(self) -> list[Phase]:
        return hypothesis_phases(self.shrink)


def hypothesis_phases(shrink: bool) -> list[Phase]:
    """Phases of the generated checks. Never `explain`: it replays failing runs against
    the target for a hint the request list already gives; `shrink` only when asked."""
    from hypothesis import Phase  # not at import: the runner and the xdist controller never generate

    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    return phases + [Phase.shrink] if shrink else phases


def target_config_from(config: pytest.Config, base_url: str, ca_cert: str | None = None) -> TargetConfig:
    """The TargetConfig the options describe; InvalidTargetConfig when they contradict."""
    timeout = option(config, "timeout")
    return TargetConfig(
        base_url=base_url,
        subscription=option(config, "subscription"),
        resource_group=option(config, "resource-group"),
        location=option(config, "location"),
        api_version=option(config, "api-version"),
        token=option(config, "token") or os.environ.get(TOKEN_ENVIRONMENT_VARIABLE) or None,
        azure_credential=option(config, "azure-credential"),
        ca_cert=ca_cert or option(config, "ca-cert"),
        insecure=option(config, "insecure"),
        timeout=timeout,
        lro_deadline=timeout,
    )
