#!/usr/bin/env python3
"""Runs every end-to-end test module in tests/api (test_*.py) and prints
"api: N passed, N failed" as its last line, for tests/run to add up."""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)

suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
result = unittest.TextTestRunner(verbosity=1 if os.environ.get("CI") else 2, stream=sys.stdout).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
passed = result.testsRun - failed - len(result.skipped)
print(f"api: {passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
