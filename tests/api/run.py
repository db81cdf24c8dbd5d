#!/usr/bin/env python3
"""Runs every end-to-end test module in tests/api (test_*.py). Before its
last line it prints one "skip: MODULE.CLASS.TEST — REASON" line per skipped
test, and last "api: N passed, N failed, N skipped", for tests/run to add up
and to list the skipped tests by name at the end of `make test`.

A module that cannot be imported counts as failed (unittest reports it as
an error), so a test file never vanishes silently."""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)



class Result(unittest.TextTestResult):
    """Counts successes itself: an error in setUpClass is an error that
    testsRun does not count, so testsRun minus the rest would be wrong."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
runner = unittest.TextTestRunner(verbosity=1 if os.environ.get("CI") else 2, stream=sys.stdout,
                                 resultclass=Result)
result = runner.run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
passed = result.passed
for test, reason in result.skipped:
    # test.id() is "module.Class.test"; a class skipped as a whole shows up
    # once per test, each named.
    reason = " ".join(str(reason).split())
    print(f"skip: {test.id()} — {reason}")
print(f"api: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if failed == 0 and passed > 0 else 1)
