#!/usr/bin/env python3
"""Offline lint of declarative Jenkinsfiles (no Jenkins needed; the
Jenkins linter endpoint needs a running controller, which CI has not).

For each file:
1. brackets balance ({ } ( ) [ ]) outside strings and comments, and every
   string and block comment is closed;
2. a declarative `pipeline { ... }` with `agent` and `stages`, and every
   stage named with --stage FILE=NAME exists;
3. secrets: no Groovy string that Groovy interpolates ("..." or \"\"\"...\"\"\")
   mentions a variable bound by withCredentials, or a name containing
   TOKEN, PASSWORD or SECRET (Groovy would put the value into the
   script text and the build log); no `--token` on a command line;
4. every `sh` step's commands exist: a word that starts a command is a
   shell builtin/keyword, one of --command (tools the agent provides), a
   variable, a path that exists in the repository (--root), or a path an
   earlier step builds (--built, e.g. build/ci/src/cli/versiond).
5. each `sh` script passes shellcheck (when --shellcheck names it).

Exit status 0 when clean, 1 with one line per problem otherwise.
"""
import argparse
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import report  # noqa: E402

SHELL_WORDS = {
    "set", "cd", "echo", "printf", "exit", "export", "test", "[", "[[", "if", "then", "else",
    "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "read", "true",
    "false", "local", "return", "shift", ":", "{", "}", "!", "trap", "unset", "command", "exec",
    "eval", "wait", "break", "continue", "(", ")",
}
SECRET_NAME = re.compile(r"TOKEN|PASSWORD|SECRET|PASSWD", re.I)
CREDENTIAL_VARIABLE = re.compile(r"\b(?:variable|usernameVariable|passwordVariable|keyFileVariable)\s*:\s*'([^']+)'")


def tokens(text):
    """Yields (kind, value, offset): kind is 'code', 'sq' ('...' / '''...'''),
    'dq' ("..." / \"\"\"...\"\"\"), 'comment'. Raises ValueError when a string
    or comment is not closed."""
    i, n, start = 0, len(text), 0
    while i < n:
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            yield "code", text[start:i], start
            yield "comment", text[i:end], i
            i = start = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError(f"offset {i}: block comment never closed")
            yield "code", text[start:i], start
            yield "comment", text[i:end + 2], i
            i = start = end + 2
        elif text[i] in "'\"":
            quote = text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]
            j = i + len(quote)
            while True:
                if j >= n or (len(quote) == 1 and text[j] == "\n"):
                    line = text.count("\n", 0, i) + 1
                    raise ValueError(f"line {line}: string {quote} never closed")
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                j += 1
            yield "code", text[start:i], start
            yield ("sq" if quote[0] == "'" else "dq"), text[i + len(quote):j], i
            i = start = j + len(quote)
        else:
            i += 1
    yield "code", text[start:], start


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def bracket_problems(text, toks):
    problems, stack = [], []
    pairs = {")": "(", "]": "[", "}": "{"}
    for kind, value, offset in toks:
        if kind != "code":
            continue
        for k, char in enumerate(value):
            if char in "([{":
                stack.append((char, offset + k))
            elif char in pairs:
                if not stack or stack[-1][0] != pairs[char]:
                    problems.append(f"line {line_of(text, offset + k)}: unmatched '{char}'")
                    return problems
                stack.pop()
    for char, at in stack:
        problems.append(f"line {line_of(text, at)}: '{char}' never closed")
    return problems


def groovy_unescape(script):
    return re.sub(r"\\(.)", r"\1", script)


def sh_scripts(text, toks):
    """The literal scripts of sh steps: sh '...', sh(script: '...'), sh(returnStatus: ..., script: '...')."""
    scripts = []
    for index, (kind, value, offset) in enumerate(toks):
        if kind not in ("sq", "dq") or index == 0:
            continue
        before = toks[index - 1][1]
        if re.search(r"\bsh\s*\(?\s*$", before) or re.search(r"\bsh\s*\([^)]*\bscript\s*:\s*$", before):
            scripts.append((line_of(text, offset), kind, groovy_unescape(value)))
    return scripts


def command_words(script):
    """First word of every simple command in a shell script (best effort)."""
    words = []
    for raw in script.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        for part in re.split(r"&&|\|\||;|\||\$\(|`|\bthen\b|\bdo\b|\belse\b", line):
            try:
                parts = shlex.split(part, comments=True)
            except ValueError:
                parts = part.split()
            while parts and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", parts[0]):
                parts = parts[1:]  # VAR=value command
            if parts:
                words.append(parts[0])
    return words


def command_problems(where, word, root, commands, built=()):
    if word in SHELL_WORDS or word in commands or word.startswith("$") or word.startswith('"$'):
        return []
    if "/" in word:
        if (root / word).exists() or word.removeprefix("./") in built:
            return []
        return [f"{where}: {word} does not exist in the repository"]
    if re.fullmatch(r"[\w.-]+", word) is None:
        return []  # redirections, closing brackets and the like
    return [f"{where}: command {word!r} is not a shell builtin nor listed with --command"]


def check_file(path, root, commands, stages, shellcheck=None, built=()):
    text = pathlib.Path(path).read_text(encoding="utf-8")
    try:
        toks = list(tokens(text))
    except ValueError as error:
        return [f"{path}: {error}"]
    problems = [f"{path}: {p}" for p in bracket_problems(text, toks)]
    code = "".join(value if kind == "code" else "''" for kind, value, _ in toks)
    if not re.search(r"^\s*pipeline\s*\{", code, re.M):
        problems.append(f"{path}: no declarative `pipeline {{` block")
    for section in ("agent", "stages"):
        if not re.search(rf"\b{section}\b", code):
            problems.append(f"{path}: pipeline has no `{section}`")
    names = {value for i, (kind, value, _) in enumerate(toks)
             if kind in ("sq", "dq") and i and re.search(r"\bstage\s*\(\s*$", toks[i - 1][1])}
    for stage in stages:
        if stage not in names:
            problems.append(f"{path}: no stage '{stage}' (has: {', '.join(sorted(names))})")
    bound = set(CREDENTIAL_VARIABLE.findall(text))
    for kind, value, offset in toks:
        if kind != "dq":
            continue
        for name in re.findall(r"\$\{?\s*(?:env\.)?([A-Za-z_][A-Za-z0-9_]*)", value):
            if name in bound or SECRET_NAME.search(name):
                problems.append(f"{path}:{line_of(text, offset)}: Groovy interpolates {name} into a string;"
                                " use a single-quoted string so the shell reads it from the environment")
    for line, kind, script in sh_scripts(text, toks):
        where = f"{path}:{line}"
        if re.search(r"--token\b", script):
            problems.append(f"{where}: a token on the command line")
        for word in command_words(script):
            problems += command_problems(where, word, root, commands, built)
        if shellcheck:
            problems += shellcheck_problems(where, script, shellcheck)
    return problems


def shellcheck_problems(where, script, shellcheck):
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as handle:
        handle.write("#!/bin/sh\n" + script)
        name = handle.name
    try:
        result = subprocess.run([shellcheck, "-s", "sh", "-f", "gcc", name],
                                capture_output=True, text=True, check=False)
    finally:
        pathlib.Path(name).unlink()
    return [f"{where}: shellcheck: {line.split(':', 3)[-1].strip()}"
            for line in result.stdout.splitlines() if line.strip()]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--root", default=".", help="repository the sh steps run in")
    parser.add_argument("--command", action="append", default=[], help="a tool the agent provides")
    parser.add_argument("--stage", action="append", default=[], help="FILE=STAGE that must exist")
    parser.add_argument("--built", action="append", default=[], help="a path an earlier step builds")
    parser.add_argument("--shellcheck", help="path of shellcheck, to lint every sh script")
    args = parser.parse_args(argv)
    problems = []
    for path in args.files:
        stages = [s.split("=", 1)[1] for s in args.stage if s.split("=", 1)[0] == pathlib.Path(path).name]
        problems += check_file(path, pathlib.Path(args.root), set(args.command), stages, args.shellcheck,
                               set(args.built))
    return report.finish(problems, f"{len(args.files)} Jenkinsfiles")


if __name__ == "__main__":
    sys.exit(main())
