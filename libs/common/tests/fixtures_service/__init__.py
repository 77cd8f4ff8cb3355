"""A tiny service used by the libs/common tests to exercise the event backbone."""
