#!/usr/bin/env python3
"""Checks the relative links of the self-healing documents: every
[text](target) that is not a URL must name an existing file (relative to the
document) and, when it has a #fragment into a Markdown file, an existing
heading or <a id> anchor there. Usage: check_doc_links.py FILE.md..."""
import pathlib
import re
import sys

from check_rules_meta import markdown_anchors

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def strip_code(text):
    """Drops fenced blocks and inline code, where brackets are not links."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def link_problems(path):
    path = pathlib.Path(path)
    problems = []
    for target in LINK.findall(strip_code(path.read_text(encoding="utf-8"))):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue
        file_part, _, fragment = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path.resolve()
        if not linked.exists():
            problems.append(f"{path}: link to missing {file_part}")
        elif fragment and linked.suffix == ".md":
            if fragment not in markdown_anchors(linked.read_text(encoding="utf-8")):
                problems.append(f"{path}: no anchor #{fragment} in {linked.name}")
    return problems


def main(argv):
    problems = [p for name in argv[1:] for p in link_problems(name)]
    for problem in problems:
        print(problem)
    print(f"{len(argv) - 1} documents, {len(problems)} broken links")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
