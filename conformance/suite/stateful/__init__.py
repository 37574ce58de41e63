"""Model-based phase: a Hypothesis state machine compares the target with conformance.model."""
