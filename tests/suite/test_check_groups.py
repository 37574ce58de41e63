"""Checks of one journey group go to one xdist worker, and node ids stay as collected."""

from __future__ import annotations

import pytest

from conformance.suite.check_groups import GroupScheduling, read_groups, write_groups

pytest_plugins = ["pytester"]


def test_groups_written_by_a_worker_are_read_back(tmp_path):
    class Item:
        def __init__(self, nodeid, group):
            self.nodeid, self._group = nodeid, group

        def get_closest_marker(self, name):
            return pytest.mark.xdist_group(self._group).mark if self._group else None

    write_groups(tmp_path, "gw1", [Item("t.py::a[add]", "sync-add"), Item("t.py::b", None)])
    assert read_groups(tmp_path) == {"t.py::a[add]": "sync-add"}
    assert read_groups(tmp_path / "missing") == {}


def test_the_scheduler_makes_a_group_one_scope_and_every_other_check_its_own(tmp_path):
    (tmp_path / "check-groups-gw0.json").write_text('{"t.py::a[add]": "sync-add", "u.py::c": "sync-add"}')
    scheduling = GroupScheduling.__new__(GroupScheduling)
    scheduling.directory, scheduling._groups = tmp_path, None
    assert scheduling._split_scope("t.py::a[add]") == scheduling._split_scope("u.py::c") == "group:sync-add"
    assert scheduling._split_scope("t.py::b") == "t.py::b"


def test_a_grouped_run_on_two_workers_takes_each_group_on_one_worker(pytester):
    """End to end with xdist: the hook picks GroupScheduling and a module-level marker groups."""
    pytester.makeconftest(
        """
        import pytest
        from conformance.suite.check_groups import GroupScheduling, write_groups

        def pytest_collection_modifyitems(config, items):
            if hasattr(config, "workerinput"):
                write_groups(config.rootpath / "groups", config.workerinput["workerid"], items)

        @pytest.hookimpl(optionalhook=True)
        def pytest_xdist_make_scheduler(config, log):
            return GroupScheduling(config, log, config.rootpath / "groups")
        """
    )
    pytester.makepyfile(
        test_grouped="""
        import os, pytest

        SEEN = os.path.join(os.path.dirname(__file__), "seen.txt")

        @pytest.mark.xdist_group("g")
        @pytest.mark.parametrize("n", range(6))
        def test_in_group(n):
            with open(SEEN, "a") as out:
                out.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")

        @pytest.mark.parametrize("n", range(6))
        def test_free(n):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-v")
    result.assert_outcomes(passed=12)
    assert len(set((pytester.path / "seen.txt").read_text().split())) == 1
    assert "@g" not in result.stdout.str()


def test_the_stateful_check_is_handed_out_first(tmp_path, monkeypatch):
    from collections import OrderedDict

    from xdist.scheduler.loadscope import LoadScopeScheduling

    monkeypatch.setattr(LoadScopeScheduling, "_assign_work_unit", lambda self, node: None)
    scheduling = GroupScheduling.__new__(GroupScheduling)
    scheduling._long_first = False
    stateful = "conformance/suite/stateful/test_model_based.py::test_walk"
    scheduling.workqueue = OrderedDict(
        (scope, {}) for scope in ("group:sync-add", "conformance/suite/scenarios/test_x.py::t", stateful)
    )
    scheduling._assign_work_unit(node=None)
    assert list(scheduling.workqueue) == [stateful, "group:sync-add", "conformance/suite/scenarios/test_x.py::t"]
