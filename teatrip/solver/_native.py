"""Load the C search kernel.

`pip install .` builds `teatrip.solver._core` (see setup.py). A source checkout that was never
installed (tests run from the repository) has only `_core.c`, and an editable install may hold a
build of an older `_core.c` (each build records its source's hash): in both cases the source is
compiled once with the compiler Python was built with into a per-user cache keyed by that hash,
which takes about a second. Set TEATRIP_NO_JIT_BUILD=1 to forbid that and get the ImportError.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import shlex
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from types import ModuleType

_module: ModuleType | None = None


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "teatrip"


def source_hash(src: Path) -> str:
    """What setup.py stamps into the module as SOURCE_HASH."""
    return hashlib.sha256(src.read_bytes()).hexdigest()[:16]


def _build_from_source(src: Path) -> Path:
    digest = source_hash(src)
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    out_dir = _cache_dir()
    target = out_dir / f"_core_{digest}{suffix}"
    if target.exists():
        return target
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError:  # read-only home (some CI sandboxes): build next to other temporary files
        uid = os.getuid() if hasattr(os, "getuid") else 0
        out_dir = Path(tempfile.gettempdir()) / f"teatrip-{uid}"
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / target.name
        if target.exists():
            return target
    cc = shlex.split(sysconfig.get_config_var("CC") or "cc")
    include = sysconfig.get_paths()["include"]
    with tempfile.NamedTemporaryFile(dir=out_dir, suffix=suffix, delete=False) as tmp:
        tmp_path = Path(tmp.name)
    cmd = [*cc, "-O2", "-shared", "-fPIC", f"-I{include}", f'-DTEATRIP_CORE_HASH="{digest}"']
    cmd += [str(src), "-o", str(tmp_path), "-lm", "-pthread"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tmp_path.unlink(missing_ok=True)
        raise ImportError(
            "teatrip's solver kernel is not built and compiling it failed; run `pip install .`\n"
            + proc.stderr
        )
    tmp_path.replace(target)  # atomic, so concurrent builders do not see half a file
    return target


def core() -> ModuleType:
    """The `_core` extension module (imported on first use only)."""
    global _module
    if _module is not None:
        return _module
    src = Path(__file__).with_name("_core.c")
    try:
        from . import _core  # type: ignore[attr-defined]

        if src.exists() and getattr(_core, "SOURCE_HASH", None) != source_hash(src):
            raise ImportError("stale in-place build of _core")
        _module = _core
    except ImportError:
        if os.environ.get("TEATRIP_NO_JIT_BUILD"):
            raise
        path = _build_from_source(src)
        loader = importlib.machinery.ExtensionFileLoader("teatrip.solver._core", str(path))
        spec = importlib.util.spec_from_file_location("teatrip.solver._core", path, loader=loader)
        assert spec is not None
        mod = importlib.util.module_from_spec(spec)
        loader.exec_module(mod)
        _module = mod
    return _module
