#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/core/error.hpp"
#include "versiond/update/edit.hpp"

using versiond::update::apply_line_edit;
using versiond::update::EditContext;
using versiond::update::LineEdit;
using versiond::update::LineSyntax;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const auto end = nl == std::string::npos ? text.size() : nl + 1;
    out.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

// after is before with line n (1-based, ending included) replaced by expected.
void check_only_line(const std::string& before, const std::string& after, int n,
                     const std::string& expected) {
  const auto b = lines_of(before);
  const auto a = lines_of(after);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (static_cast<int>(i) + 1 == n) {
      CHECK(a[i] == expected);
    } else {
      INFO("line " << i + 1);
      CHECK(a[i] == b[i]);
    }
  }
}

std::string edit(const std::string& text, int line, const std::string& old_value,
                 const std::string& new_value, LineSyntax syntax, const std::string& today = {},
                 const std::string& comment_version = {}) {
  LineEdit e{"f", line, old_value, new_value, syntax, comment_version};
  return apply_line_edit(text, e, EditContext{today});
}

std::string fixture(const std::string& name) {
  return versiond::test::read_fixture("update/" + name);
}

}  // namespace

TEST_CASE("line syntaxes have one to_string/parse pair", "[update][edit]") {
  for (const auto s : {LineSyntax::markdown_table, LineSyntax::yaml, LineSyntax::hcl,
                       LineSyntax::dockerfile, LineSyntax::github_actions}) {
    CHECK(versiond::update::parse_line_syntax(versiond::update::to_string(s)) == s);
  }
  CHECK(versiond::update::syntax_for(versiond::PinKind::terraform_provider) == LineSyntax::hcl);
  CHECK(versiond::update::syntax_for(versiond::PinKind::versions_table) ==
        LineSyntax::markdown_table);
  CHECK(versiond::update::syntax_for(versiond::PinKind::k8s_image) == LineSyntax::yaml);
}

TEST_CASE("iso_date reads the injected clock", "[update][edit]") {
  const versiond::ManualClock clock(*versiond::parse_time("2026-03-04T23:59:59Z"));
  CHECK(versiond::update::iso_date(clock) == "2026-03-04");
}

TEST_CASE("VERSIONS.md (real, CRLF): only the version cell of the row changes",
          "[update][edit][golden]") {
  const std::string before = fixture("versions-md/rocketchat-VERSIONS.md");
  REQUIRE(before.find("\r\n") != std::string::npos);
  const std::string after =
      edit(before, 49, "v3.8.1", "v3.9.0", LineSyntax::markdown_table, "2026-12-06");
  check_only_line(
      before, after, 49,
      "| **Prometheus Agent** | `v3.9.0` | `v3.8.1` | \xE2\x9C\x85 **Up to date** (2026-01-16) | "
      "`ops/manifests/prometheus-agent-deployment.yaml` | [Prometheus "
      "Releases](https://github.com/prometheus/prometheus/releases) |\r\n");
  // A row whose Latest column holds the same value: only the Current cell changes.
  const std::string alpine =
      edit(before, 52, "3.20", "3.21", LineSyntax::markdown_table, "2026-12-06");
  check_only_line(before, alpine, 52,
                  "| **Alpine (Init Container)** | `3.21` | `3.20` | \xE2\x9C\x85 **Up to date** "
                  "(2026-01-16) | `ops/manifests/prometheus-agent-deployment.yaml` | [Alpine "
                  "Docker Hub](https://hub.docker.com/_/alpine) |\r\n");
}

TEST_CASE("VERSIONS.md (real): a table whose version column is 'Version', no backticks",
          "[update][edit][golden]") {
  const std::string before = fixture("versions-md/kube-infra-VERSIONS.md");
  const std::string after = edit(before, 11, "v3.30.1", "v3.31.0", LineSyntax::markdown_table);
  check_only_line(before, after, 11, "| Calico CNI | v3.31.0 | Latest network plugin |\n");
}

TEST_CASE("VERSIONS.md: links in the version cell follow, Last updated becomes today",
          "[update][edit][golden]") {
  const std::string before =
      "# Versions\n"
      "\n"
      "| Component | Version | Latest | Last updated | Notes |\n"
      "|---|---|---|---|---|\n"
      "| Traefik | [`v3.1.2`](https://github.com/traefik/traefik/releases/tag/v3.1.2) | "
      "v3.1.2 | 2025-01-02 | keep v3.1.2 notes |\n"
      "| Loki | `3.0.0` | 3.1.0 | - | |\n"
      "| Tempo | `2.5.0` | | | |\n";
  const std::string after =
      edit(before, 5, "v3.1.2", "v3.2.0", LineSyntax::markdown_table, "2026-12-06");
  check_only_line(before, after, 5,
                  "| Traefik | [`v3.2.0`](https://github.com/traefik/traefik/releases/tag/v3.2.0) "
                  "| v3.1.2 | 2026-12-06 | keep v3.1.2 notes |\n");
  check_only_line(before,
                  edit(before, 6, "3.0.0", "3.1.0", LineSyntax::markdown_table, "2026-12-06"), 6,
                  "| Loki | `3.1.0` | 3.1.0 | 2026-12-06 | |\n");
  check_only_line(before,
                  edit(before, 7, "2.5.0", "2.6.0", LineSyntax::markdown_table, "2026-12-06"), 7,
                  "| Tempo | `2.6.0` | | 2026-12-06 | |\n");
  // Without a date, the date cell stays.
  check_only_line(before, edit(before, 6, "3.0.0", "3.1.0", LineSyntax::markdown_table), 6,
                  "| Loki | `3.1.0` | 3.1.0 | - | |\n");
}

TEST_CASE("YAML: the image tag changes, the same value in a comment does not",
          "[update][edit][golden]") {
  const std::string before =
      "spec:\r\n"
      "  containers:\r\n"
      "    - name: web\r\n"
      "      image: nginx:1.25.3  # nginx:1.25.3 until the CVE fix\r\n"
      "    - name: sidecar\r\n"
      "      image: \"nginx:1.25.3\"\r\n"
      "    - name: other\r\n"
      "      image: 'registry.example.invalid/library/nginx:1.25.3-alpine'\r\n";
  check_only_line(before, edit(before, 4, "1.25.3", "1.27.0", LineSyntax::yaml), 4,
                  "      image: nginx:1.27.0  # nginx:1.25.3 until the CVE fix\r\n");
  check_only_line(before, edit(before, 6, "1.25.3", "1.27.0", LineSyntax::yaml), 6,
                  "      image: \"nginx:1.27.0\"\r\n");
  check_only_line(before, edit(before, 8, "1.25.3-alpine", "1.27.0-alpine", LineSyntax::yaml), 8,
                  "      image: 'registry.example.invalid/library/nginx:1.27.0-alpine'\r\n");
  // "1.25.3" is not a whole value on line 8.
  CHECK_THROWS_WITH(edit(before, 8, "1.25.3", "1.27.0", LineSyntax::yaml),
                    Catch::Contains("f:8") && Catch::Contains("not on the line"));
}

TEST_CASE("YAML: a chart version keeps its quotes and indentation", "[update][edit][golden]") {
  const std::string before =
      "dependencies:\n"
      "  - name: redis\n"
      "    version: \"~18.1.0\" # bump with care\n"
      "    repository: https://charts.bitnami.com/bitnami\n";
  check_only_line(before, edit(before, 3, "~18.1.0", "~19.0.0", LineSyntax::yaml), 3,
                  "    version: \"~19.0.0\" # bump with care\n");
}

TEST_CASE("Dockerfile: FROM and ARG", "[update][edit][golden]") {
  const std::string before =
      "# FROM golang:1.22 was the old one\n"
      "ARG GO_VERSION=1.22.5\n"
      "FROM golang:${GO_VERSION} AS build\n"
      "FROM gcr.io/distroless/static:nonroot\n"
      "FROM alpine:3.19 AS run\n";
  check_only_line(before, edit(before, 2, "1.22.5", "1.23.1", LineSyntax::dockerfile), 2,
                  "ARG GO_VERSION=1.23.1\n");
  check_only_line(before, edit(before, 5, "3.19", "3.20", LineSyntax::dockerfile), 5,
                  "FROM alpine:3.20 AS run\n");
  CHECK_THROWS_AS(edit(before, 1, "1.22", "1.23", LineSyntax::dockerfile), versiond::Error);
}

TEST_CASE("GitHub Actions: a SHA pin stays a SHA pin with its comment updated",
          "[update][edit][golden]") {
  const std::string before =
      "    steps:\n"
      "      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n"
      "      - uses: actions/setup-go@v5\n"
      "      - uses: docker/build-push-action@4f58ea79222b3b9dc2c8bbdd6debcef730109a75 # "
      "pin v6.9.0\n";
  check_only_line(
      before,
      edit(before, 2, "b4ffde65f46336ab88eb53be808477a3936bae11",
           "11bd71901bbe5b1630ceea73d27597364c9af683", LineSyntax::github_actions, {}, "4.2.2"),
      2, "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n");
  check_only_line(before, edit(before, 3, "v5", "v6", LineSyntax::github_actions), 3,
                  "      - uses: actions/setup-go@v6\n");
  check_only_line(
      before,
      edit(before, 4, "4f58ea79222b3b9dc2c8bbdd6debcef730109a75",
           "48aba3b46d1b1fec4febb7c5d0c644b249a11355", LineSyntax::github_actions, {}, "v6.10.0"),
      4,
      "      - uses: docker/build-push-action@48aba3b46d1b1fec4febb7c5d0c644b249a11355 # pin "
      "v6.10.0\n");
}

TEST_CASE("Terraform: constraint strings, comments untouched", "[update][edit][golden]") {
  const std::string before =
      "terraform {\n"
      "  required_version = \">= 1.9.0, < 2.0.0\" # >= 1.9.0 for the test framework\n"
      "  required_providers {\n"
      "    azurerm = {\n"
      "      source  = \"hashicorp/azurerm\"\n"
      "      version = \"~> 4.78.0\" // was ~> 4.78.0\n"
      "    }\n"
      "  }\n"
      "}\n"
      "module \"aks\" {\n"
      "  source  = \"Azure/aks/azurerm\"\n"
      "  version = \"9.1.0\"\n"
      "}\n";
  check_only_line(before,
                  edit(before, 2, ">= 1.9.0, < 2.0.0", ">= 2.0.0, < 3.0.0", LineSyntax::hcl), 2,
                  "  required_version = \">= 2.0.0, < 3.0.0\" # >= 1.9.0 for the test framework\n");
  check_only_line(before, edit(before, 6, "~> 4.78.0", "~> 4.79.0", LineSyntax::hcl), 6,
                  "      version = \"~> 4.79.0\" // was ~> 4.78.0\n");
  check_only_line(before, edit(before, 12, "9.1.0", "10.0.0", LineSyntax::hcl), 12,
                  "  version = \"10.0.0\"\n");
}

TEST_CASE("several pins of one image in one file: only the targeted line changes",
          "[update][edit][golden]") {
  const std::string before =
      "a:\n  image: redis:7.2.4\nb:\n  image: redis:7.2.4\nc:\n  image: redis:7.2.4\n";
  check_only_line(before, edit(before, 4, "7.2.4", "7.4.1", LineSyntax::yaml), 4,
                  "  image: redis:7.4.1\n");
}

TEST_CASE("line edits refuse what they cannot do exactly", "[update][edit]") {
  const std::string text = "x: 1.2.3\ny: 1.2.3 1.2.3\nz: 11.2.30\n";
  CHECK_THROWS_WITH(edit(text, 9, "1.2.3", "1.3.0", LineSyntax::yaml), Catch::Contains("f:9"));
  CHECK_THROWS_WITH(edit(text, 2, "1.2.3", "1.3.0", LineSyntax::yaml),
                    Catch::Contains("more than once"));
  CHECK_THROWS_WITH(edit(text, 3, "1.2.3", "1.3.0", LineSyntax::yaml),
                    Catch::Contains("not on the line"));
  CHECK_THROWS_WITH(edit("just text\n", 1, "1.0", "2.0", LineSyntax::markdown_table),
                    Catch::Contains("table"));
  // The last line without a newline keeps having none.
  CHECK(edit("a: 1.0\nb: 1.0", 2, "1.0", "2.0", LineSyntax::yaml) == "a: 1.0\nb: 2.0");
}
