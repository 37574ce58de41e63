"""The seven documented examples are complete fixtures and satisfy the generated schemas."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from conformance.spec.examples import load_examples
from conformance.spec.routing import route
from conformance.spec.validation import validate_request, validate_response

EXAMPLES = load_examples()
DOCUMENTED_NAMES = {
    "Create peering",
    "Create peering with remote virtual network encryption",
    "Create subnet peering",
    "Create V6 Subnet peering",
    "Sync Peering",
    "Sync subnet Peering",
    "Sync V6 Subnet Peering",
}


def test_all_seven_examples_are_fixtures():
    assert {example.name for example in EXAMPLES} == DOCUMENTED_NAMES


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.slug)
def test_url_agrees_with_parameters_and_query(example):
    parts = urlsplit(example.url)
    assert dict(parse_qsl(parts.query)) == example.query
    matched = route(example.method, example.url)
    assert matched.operation_id == example.operation_id
    assert matched.path_parameters == example.path_parameters


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.slug)
def test_documented_request_is_valid(example):
    assert validate_request(example.operation_id, example.request_body) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.slug)
def test_documented_responses_are_valid(example):
    assert {response.status for response in example.responses} == {200, 201}
    for response in example.responses:
        assert validate_response(example.operation_id, response.status, response.body) == []
