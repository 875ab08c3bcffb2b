"""Only here to build the solver's C kernel; all metadata lives in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "teatrip.solver._core",
            sources=["teatrip/solver/_core.c"],
            extra_compile_args=["-O2"],
        )
    ]
)
