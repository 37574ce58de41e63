"""pytest plugin of the conformance suite (registered through the pytest11 entry point).

Loaded by every pytest run of an environment where the package is installed, so without
`--target URL` or `--embedded` it only registers its options and the `requirements`
marker, and skips the suite's own checks if they happen to be collected; the suite's
machinery is not even imported. Active, every collected test is a conformance check, and
the plugin:

- builds the run's settings (RunState) and registers the fixtures (`fixtures.py`);
- refuses, as a collection error, a check without `@pytest.mark.requirements(...)` or
  naming an ID the catalog does not have;
- deselects checks whose requirements are all outside the run's scope (the profile,
  minus unsupported features, narrowed to the `--requirement` IDs when given; those
  requirements are reported skipped-by-profile) and orders scenarios, fuzzing, stateful;
- under xdist, sends the checks of one `xdist_group` (a scenario journey) to one worker;
- records evidence per check (CheckRecorder, where checks run) and writes results.json
  (ResultsCollector, in the controller); with xdist the controller hands its run id,
  target and report directory to every worker.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.suite.run_options import RUN_STATE, add_options, is_active

SUITE_DIR = Path(__file__).resolve().parent
_WORKER_INPUT_KEY = "peering_conformance"
_ENDPOINT = pytest.StashKey[object]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _in_suite(item: pytest.Item) -> bool:
    """Whether a test belongs to the shipped suite (only those are skipped when inert)."""
    return SUITE_DIR in Path(str(item.path)).resolve().parents


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "requirements(*ids): the requirement IDs (specs/requirements.yaml) a conformance check proves"
    )
    if not is_active(config):
        return
    from conformance.suite import fixtures
    from conformance.suite.check_recorder import CheckRecorder
    from conformance.suite.progress import PhaseProgress
    from conformance.suite.results_collector import ResultsCollector

    state = _run_state(config)
    config.stash[RUN_STATE] = state
    if state.options.seed is not None and getattr(config.option, "hypothesis_seed", None) is None:
        config.option.hypothesis_seed = state.options.seed
    config.pluginmanager.register(fixtures, "peering_conformance_fixtures")
    config.pluginmanager.register(CheckRecorder(state), "peering_conformance_recorder")
    if not _is_worker(config):
        config.pluginmanager.register(ResultsCollector(state), "peering_conformance_results")
        config.pluginmanager.register(PhaseProgress(config), "peering_conformance_progress")


def _run_state(config: pytest.Config):
    """Settings of this process: from the controller (xdist worker) or from the options.

    Contradicting options are a usage error (pytest exits 4 with the message)."""
    import secrets

    from conformance.suite.progress import say
    from conformance.suite.requirement_scope import RunScope, ScopeError
    from conformance.suite.run_options import RunOptions, option, target_config_from
    from conformance.suite.run_state import RunState, new_transcript
    from conformance.results.shards import Shard, ShardError
    from conformance.target.config import InvalidTargetConfig
    from conformance.target.embedded import EmbeddedEndpoint
    from conformance.target.errors import TargetError
    from conformance.exchanges.redaction import register_secret

    handed_over = config.workerinput.get(_WORKER_INPUT_KEY, {}) if _is_worker(config) else {}
    target_url = handed_over.get("target_url") or option(config, "target")
    ca_cert = handed_over.get("ca_cert")
    try:
        if not target_url:
            endpoint = EmbeddedEndpoint().start()
            config.stash[_ENDPOINT] = endpoint
            target_url, ca_cert = endpoint.url, endpoint.ca_cert
            say(config, f"embedded reference endpoint at {target_url}")
        unsupported = tuple(option(config, "unsupported"))
        options = RunOptions(
            run_id=handed_over.get("run_id") or secrets.token_hex(3),
            worker_id=config.workerinput["workerid"] if _is_worker(config) else "main",
            profile=option(config, "profile"),
            unsupported=unsupported,
            report_dir=Path(handed_over.get("report_dir") or option(config, "report-dir")).resolve(),
            seed=option(config, "seed"),
            max_examples=option(config, "max-examples"),
            shrink=not option(config, "no-shrink"),
            shard=str(Shard.parse(option(config, "shard"))) if option(config, "shard") else None,
        )
        target_config = target_config_from(config, target_url, ca_cert)
        # Every process redacts the token, the xdist controller too: it sends no request,
        # but it writes results.json from the workers' failure messages.
        register_secret(target_config.token)
        return RunState(
            options=options,
            target_config=target_config,
            scope=RunScope.build(options.profile, unsupported, selected=option(config, "requirement")),
            transcript=new_transcript(options),
        )
    except (InvalidTargetConfig, ScopeError, ShardError) as exc:
        raise pytest.UsageError(str(exc)) from None
    except TargetError as exc:
        raise pytest.UsageError(f"cannot start the embedded endpoint: {exc}") from None


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist: give a starting worker the controller's run id, target and report directory."""
    state = node.config.stash.get(RUN_STATE, None)
    if state is None:
        return
    node.workerinput[_WORKER_INPUT_KEY] = {
        "run_id": state.options.run_id,
        "target_url": state.target_config.base_url,
        "ca_cert": state.target_config.ca_cert,
        "report_dir": str(state.options.report_dir),
    }


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    """Turn a suite check with missing or unknown requirement IDs into a collection error."""
    report = yield
    state = collector.config.stash.get(RUN_STATE, None)
    if state is None or not report.passed:
        return report
    from conformance.suite.check_recorder import requirement_ids_of

    problems = []
    for node in report.result:
        if isinstance(node, pytest.Item):
            ids = requirement_ids_of(node)
            unknown = state.scope.unknown_ids(ids)
            if not ids:
                problems.append(f"{node.nodeid}: no @pytest.mark.requirements(...) naming what it proves")
            elif unknown:
                problems.append(f"{node.nodeid}: unknown requirement IDs {', '.join(unknown)}")
    if problems:
        report.outcome, report.longrepr, report.result = "failed", "\n".join(problems), []
    return report


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    state = config.stash.get(RUN_STATE, None)
    if state is None:
        skip = pytest.mark.skip(reason="the conformance suite needs --target URL or --embedded")
        for item in items:
            if _in_suite(item):
                item.add_marker(skip)
        return
    from conformance.suite.check_recorder import requirement_ids_of
    from conformance.suite.progress import phase_rank
    from conformance.results.shards import Shard

    shard = Shard.parse(state.options.shard) if state.options.shard else None
    kept, deselected = [], []
    for item in items:
        ids = requirement_ids_of(item)
        if ids and not any(state.scope.in_scope(requirement) for requirement in ids):
            deselected.append(item)
        elif shard is not None and not shard.holds(item.nodeid):
            deselected.append(item)
        else:
            kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    kept.sort(key=lambda item: phase_rank(item.nodeid))
    items[:] = kept
    if _is_worker(config):
        from conformance.suite.check_groups import write_groups
        from conformance.suite.run_state import partial_dir

        write_groups(partial_dir(state.options), state.options.worker_id, kept)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """xdist (`-n`): checks judging one scenario journey go to one worker (check_groups.py)."""
    state = config.stash.get(RUN_STATE, None)
    if state is None or config.getvalue("dist") != "load":
        return None
    from conformance.suite.check_groups import GroupScheduling
    from conformance.suite.run_state import partial_dir

    return GroupScheduling(config, log, partial_dir(state.options))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """xdist worker: tell the controller what this worker could not clean up."""
    state = session.config.stash.get(RUN_STATE, None)
    if state is not None and _is_worker(session.config):
        from conformance.suite.results_collector import LEFTOVERS_KEY

        session.config.workeroutput[LEFTOVERS_KEY] = list(state.leftovers)


def pytest_unconfigure(config: pytest.Config) -> None:
    endpoint = config.stash.get(_ENDPOINT, None)
    if endpoint is not None:
        endpoint.stop()
