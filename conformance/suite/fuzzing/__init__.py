"""Fuzzing phase: schemathesis-generated requests for every operation of specs/openapi.json."""
