"""Only here to build the solver's C kernel; all metadata lives in pyproject.toml."""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

SRC = "teatrip/solver/_core.c"
# The loader compares this with the hash of the _core.c next to it, so an editable install whose
# build predates an edit of _core.c is noticed instead of silently running old code.
DIGEST = hashlib.sha256((Path(__file__).parent / SRC).read_bytes()).hexdigest()[:16]

setup(
    ext_modules=[
        Extension(
            "teatrip.solver._core",
            sources=[SRC],
            define_macros=[("TEATRIP_CORE_HASH", f'"{DIGEST}"')],
            extra_compile_args=["-O2"],
        )
    ]
)
