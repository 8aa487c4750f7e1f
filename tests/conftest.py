"""Shared test settings."""

from hypothesis import HealthCheck, settings

# Reproducible property-based tests: the same examples on every run and machine,
# no per-example deadline (CI machines vary), a moderate number of examples.
settings.register_profile(
    "book",
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("book")
