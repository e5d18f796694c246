#!/usr/bin/env python3
"""Project rules for the GitHub Actions workflows that actionlint does not
know:

1. every action from another repository is pinned to a full 40-hex commit
   SHA with the tag it stands for in a comment (`@<sha> # v4.2.2`);
2. no `run:` script expands a secret (`${{ secrets.X }}`) into its text:
   secrets reach scripts through `env:` only, so they never become argv or
   script text;
3. the workflows the project promises exist with their triggers: --require
   FILE=TRIGGER[,TRIGGER...] (e.g. versiond-apply.yml=workflow_call).

Uses PyYAML (Debian's python3-yaml). Exit 0 when clean, 1 with one line per
problem otherwise.
"""
import argparse
import pathlib
import re
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import report  # noqa: E402

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*([^\s#]+)\s*(#.*)?$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def triggers(document):
    # PyYAML reads the key `on` as the boolean True.
    on = document.get("on", document.get(True))
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return set(on)
    return set(on or {})


def run_scripts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "run" and isinstance(value, str):
                yield value
            else:
                yield from run_scripts(value)
    elif isinstance(node, list):
        for item in node:
            yield from run_scripts(item)


def check_file(path):
    problems = []
    text = pathlib.Path(path).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        match = USES.match(line)
        if not match or match.group(1).startswith(("./", "docker://")):
            continue
        ref = match.group(1)
        if not PINNED.match(ref):
            problems.append(f"{path}:{number}: {ref} is not pinned to a full commit SHA")
        elif not re.match(r"#\s*v\d", match.group(2) or ""):
            problems.append(f"{path}:{number}: {ref}: say which tag the SHA is (# vX.Y.Z)")
    document = yaml.safe_load(text) or {}
    for script in run_scripts(document.get("jobs", {})):
        if re.search(r"\$\{\{\s*secrets\.", script):
            problems.append(f"{path}: a run: script expands a secret; pass it through env:")
    return problems, document


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--require", action="append", default=[], help="FILE=TRIGGER[,TRIGGER]")
    args = parser.parse_args(argv)
    problems, documents = [], {}
    for path in args.files:
        found, documents[pathlib.Path(path).name] = check_file(path)
        problems += found
    for requirement in args.require:
        name, wanted = requirement.split("=", 1)
        if name not in documents:
            problems.append(f"{name}: missing")
            continue
        for trigger in wanted.split(","):
            if trigger not in triggers(documents[name]):
                problems.append(f"{name}: not triggered by {trigger}")
    return report.finish(problems, f"{len(args.files)} workflows")


if __name__ == "__main__":
    sys.exit(main())
