"""Unit tests for check_doc_links.py."""
import pathlib
import tempfile
import unittest

import check_doc_links


class DocLinks(unittest.TestCase):
    def test_missing_file_and_anchor_are_reported(self):
        with tempfile.TemporaryDirectory() as tmp:
            ops = pathlib.Path(tmp, "OPS.md")
            ops.write_text("# Ops\n## Node loss\n")
            doc = pathlib.Path(tmp, "doc.md")
            doc.write_text(
                "[ok](OPS.md#node-loss) [self](#intro) [web](https://example.org/x)\n"
                "# Intro\n[bad anchor](OPS.md#zone-loss) [gone](missing.md)\n"
                "`[not a link](nowhere.md)`\n```\n[also not](nowhere.md)\n```\n")
            problems = check_doc_links.link_problems(doc)
            self.assertEqual(problems, [f"{doc}: no anchor #zone-loss in OPS.md",
                                        f"{doc}: link to missing missing.md"])


if __name__ == "__main__":
    unittest.main()
