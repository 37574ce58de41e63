"""Spec stage: generate specs/openapi.json and JSON Schemas from the shape catalog; validate bodies."""
