"""The shipped JSON Schema of the report: it accepts what the tool writes and rejects drift."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import invoke_cli
from report_schema import assert_valid_report

from wuxiao_cli.report import SCHEMA_VERSION


@pytest.fixture(scope="module")
def flawed() -> dict:
    proc = invoke_cli("check", "examples/flawed-project", "--format", "json")  # validated by the runner too
    return json.loads(proc.stdout)


def test_report_carries_its_schema_version(flawed):
    assert flawed["schema_version"] == SCHEMA_VERSION
    assert_valid_report(flawed)


@pytest.mark.parametrize("mutate", [
    lambda d: d.pop("schema_version"),
    lambda d: d["summary"].update({"新增": 1}),  # keys are ASCII everywhere
    lambda d: d["projects"][0]["findings"][0].update({"severity": "错误"}),
    lambda d: d["projects"][0]["findings"][0].update({"baseline": "新增"}),
    lambda d: d["projects"][0].pop("findings"),
])
def test_schema_rejects_drift(flawed, mutate):
    broken = copy.deepcopy(flawed)
    mutate(broken)
    with pytest.raises(AssertionError, match="report.schema.json"):
        assert_valid_report(broken)
