#!/usr/bin/env python3
"""Checks a multi-stage Dockerfile without a Docker engine:

1. at least two stages; every `COPY --from=X` names an earlier stage;
2. every other COPY source exists in the build context (--context) and is
   not excluded by .dockerignore; no ADD;
3. the last stage runs as a non-root USER, has a HEALTHCHECK (or says
   HEALTHCHECK NONE), an exec-form ENTRYPOINT ["versiond"] and an exec-form
   CMD starting with "serve";
4. every package of --packages (the runtime stage's list) is a real Debian
   package: `apt-cache show` knows it (--apt-cache names the command).

With --materialize STAGE DIR it also lays out in DIR what that stage's
COPY instructions put in its WORKDIR, so a caller can configure the build
from exactly that context (scripts/check-ops.sh runs cmake on it).

Exit 0 when clean, 1 with one line per problem otherwise.
"""
import argparse
import fnmatch
import json
import pathlib
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import report  # noqa: E402


def instructions(text):
    """[(line, KEYWORD, arguments)] with continuation lines joined."""
    result, buffer, start = [], "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not buffer and (not line or line.startswith("#")):
            continue
        if buffer and line.startswith("#"):
            continue
        start = start or number
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        buffer += line
        keyword, _, rest = buffer.partition(" ")
        result.append((start, keyword.upper(), rest.strip()))
        buffer, start = "", 0
    return result


def ignored(path, patterns):
    verdict = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, pattern + "/*") or \
                fnmatch.fnmatch(path, "*/" + pattern.removeprefix("**/")):
            verdict = not negate
    return verdict


def copy_sources(arguments):
    """(flags, sources) of a COPY in shell or exec (JSON) form."""
    words = json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)
    flags = [w for w in words if w.startswith("--")]
    rest = [w for w in words if not w.startswith("--")]
    return flags, rest[:-1]


def check(dockerfile, context, packages=None, apt_cache="apt-cache"):
    problems = []
    context = pathlib.Path(context)
    ignore_file = context / ".dockerignore"
    patterns = [l.strip() for l in ignore_file.read_text().splitlines()
                if l.strip() and not l.startswith("#")] if ignore_file.exists() else []
    steps = instructions(pathlib.Path(dockerfile).read_text(encoding="utf-8"))
    stages, last = [], {}
    for line, keyword, arguments in steps:
        where = f"{dockerfile}:{line}"
        if keyword == "FROM":
            words = arguments.split()
            stages.append(words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(stages)))
            last = {}
        elif keyword == "ADD":
            problems.append(f"{where}: ADD; use COPY (ADD fetches URLs and unpacks archives)")
        elif keyword == "COPY":
            flags, sources = copy_sources(arguments)
            source_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
            if source_stage is not None:
                if source_stage not in stages[:-1]:
                    problems.append(f"{where}: COPY --from={source_stage} names no earlier stage")
                continue
            for source in sources:
                relative = source.rstrip("/").removeprefix("./") or "."
                if not (context / relative).exists():
                    problems.append(f"{where}: COPY source {source} does not exist in the context")
                elif ignored(relative, patterns):
                    problems.append(f"{where}: COPY source {source} is excluded by .dockerignore")
        elif keyword in ("USER", "HEALTHCHECK", "ENTRYPOINT", "CMD"):
            last[keyword] = (where, arguments)
    if len(stages) < 2:
        problems.append(f"{dockerfile}: not a multi-stage build ({len(stages)} stage)")
    user = last.get("USER", (None, ""))[1].split(":")[0]
    if user in ("", "root", "0"):
        problems.append(f"{dockerfile}: the final stage runs as root (no USER, or USER root/0)")
    if "HEALTHCHECK" not in last:
        problems.append(f"{dockerfile}: the final stage has no HEALTHCHECK (write HEALTHCHECK NONE to opt out)")
    for keyword, wanted, check_words in (("ENTRYPOINT", '["versiond"]', lambda w: w == ["versiond"]),
                                         ("CMD", '["serve", ...]', lambda w: bool(w) and w[0] == "serve")):
        where, arguments = last.get(keyword, (dockerfile, ""))
        try:
            words = json.loads(arguments)
        except ValueError:
            words = None
        if not isinstance(words, list) or not check_words(words):
            problems.append(f"{where}: {keyword} must be exec form {wanted}, got {arguments!r}")
    for package in read_packages(packages) if packages else []:
        result = subprocess.run([apt_cache, "show", "--no-all-versions", package],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0 or f"Package: {package}" not in result.stdout:
            problems.append(f"{packages}: {package} is not a Debian package known to apt-cache")
    return problems


def materialize(dockerfile, context, stage, target):
    """Copies the context files the COPY instructions of STAGE name into
    target, at their destinations relative to the stage's WORKDIR."""
    context, target = pathlib.Path(context), pathlib.Path(target)
    current, workdir, copied = None, "/", 0
    for _, keyword, arguments in instructions(pathlib.Path(dockerfile).read_text(encoding="utf-8")):
        if keyword == "FROM":
            words = arguments.split()
            current = words[2] if len(words) >= 3 else None
        elif current != stage:
            continue
        elif keyword == "WORKDIR":
            workdir = arguments
        elif keyword == "COPY":
            flags, sources = copy_sources(arguments)
            if any(f.startswith("--from=") for f in flags):
                continue
            words = json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)
            dest = words[-1]
            if not dest.startswith("/"):
                dest = workdir.rstrip("/") + "/" + dest
            base = target / dest.lstrip("/").removeprefix(workdir.strip("/")).lstrip("/")
            for source in sources:
                path = context / source
                if path.is_dir():
                    shutil.copytree(path, base, dirs_exist_ok=True)
                else:
                    into = base / path.name if dest.endswith("/") or len(sources) > 1 else base
                    into.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, into)
                copied += 1
    if not copied:
        raise ValueError(f"stage {stage!r} copies nothing from the context")
    return copied


def read_packages(path):
    names = []
    for raw in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        name = raw.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dockerfile")
    parser.add_argument("--context", default=".")
    parser.add_argument("--packages", help="the runtime stage's package list")
    parser.add_argument("--apt-cache", default="apt-cache")
    parser.add_argument("--materialize", nargs=2, metavar=("STAGE", "DIR"))
    args = parser.parse_args(argv)
    if args.materialize:
        count = materialize(args.dockerfile, args.context, *args.materialize)
        print(f"{count} COPY sources of stage {args.materialize[0]} in {args.materialize[1]}")
        return 0
    problems = check(args.dockerfile, args.context, args.packages, args.apt_cache)
    return report.finish(problems, str(args.dockerfile))


if __name__ == "__main__":
    sys.exit(main())
