"""The `peering-conformance` command.

Sub-commands live next to the pipeline stage they drive and are imported only when
invoked, so `peering-conformance requirements` does not pay for importing uvicorn or
schemathesis.
"""

from __future__ import annotations

import importlib

import click

from conformance import __version__

# command name -> "module:attribute" of a click command or group
COMMANDS: dict[str, str] = {
    "spec": "conformance.spec.commands:spec",
    "requirements": "conformance.requirements.commands:requirements",
    "serve": "conformance.reference.commands:serve",
    "run": "conformance.runner.commands:run",
    "report": "conformance.report.commands:report",
    "verify": "conformance.report.commands:verify",
    "replay": "conformance.report.commands:replay",
    "selftest": "conformance.selftest.commands:selftest",
    "cleanup": "conformance.runner.commands:cleanup",
    "judge": "conformance.traffic.judge_command:judge",
    "proxy": "conformance.traffic.proxy_command:proxy",
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._resolve(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._resolve(cmd_name)

    @staticmethod
    def _resolve(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                return None  # stage not built in this checkout
            raise
        return getattr(module, attribute, None)


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="peering-conformance")
def main() -> None:
    """Conformance suite for the Azure Virtual Network Peerings API."""
