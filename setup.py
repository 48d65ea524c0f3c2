"""Build marketbuzz, compiling the analysis engine to C with mypyc where a compiler is at hand.

The engine is typed Python (mypy strict); mypyc turns the modules that run once per article
into C extensions, which analyses the same text about 1.4x faster on one core. Compiled and
pure builds behave the same (`.ci/run` tests both). The pure build is used when:

- the install is editable (`pip install -e .`): developers edit the .py files and must see
  their edits, which a compiled module next to them would shadow;
- MARKETBUZZ_PURE_PYTHON=1 is set;
- no C compiler or no Python headers are available.

All configuration lives in pyproject.toml; this file only decides what to compile.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup

# The modules that run for every article; the CLI, evaluation, master building and rendering
# run once per command and gain nothing from compilation.
COMPILED = [
    "src/marketbuzz/document.py",
    "src/marketbuzz/model.py",
    "src/marketbuzz/pipeline.py",
    "src/marketbuzz/serialize.py",
    "src/marketbuzz/master/model.py",
    "src/marketbuzz/text",
    "src/marketbuzz/link",
    "src/marketbuzz/extract",
    "src/marketbuzz/read",
]


def _can_compile() -> bool:
    if os.environ.get("MARKETBUZZ_PURE_PYTHON", "") not in {"", "0"}:
        return False
    if "editable_wheel" in sys.argv or "develop" in sys.argv:
        return False
    compiler = sysconfig.get_config_var("CC") or "cc"
    has_compiler = shutil.which(compiler.split()[0]) is not None
    has_headers = (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file()
    return has_compiler and has_headers


def _extensions() -> list[object]:
    if not _can_compile():
        return []
    from mypyc.build import mypycify

    # Third-party packages are not installed in the isolated build environment, so their types
    # are unknown (Any) here: strict checks about Any are relaxed for the build only. Types are
    # checked in full in development and CI (`mypy`, with every dependency installed).
    relaxed = [
        "--ignore-missing-imports",
        "--no-warn-return-any",
        "--no-warn-unused-ignores",
        "--allow-subclassing-any",
        "--allow-untyped-calls",
    ]
    return list(mypycify([*relaxed, *COMPILED], opt_level="3", group_name="marketbuzz"))


setup(ext_modules=_extensions())
