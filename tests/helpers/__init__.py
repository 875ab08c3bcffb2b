"""Builders and checks shared by the tests (test modules import only from here, never each other).

- ``env``: paths, and ``require_shared`` / ``require_chromium`` for inputs outside the repo;
- ``catalogs``: small catalogs built in code (``tea_region`` and the entry builders);
- ``plan_checker``: an independent checker of itinerary invariants;
- ``trips``: a realistic saved trip and a hostile variant, for file and export tests;
- ``bruteforce``: an exact reference solver for tiny instances.
"""
