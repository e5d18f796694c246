// The markdown report goes into GitHub issues: values from upstream answers and
// repository files must not become markup, HTML, links, mentions or references.
// Checked by rendering with cmark-gfm (GitHub's renderer is built on it) with
// raw HTML allowed, so an injected tag would show up as a tag.
#include <catch2/catch.hpp>
#include <regex>

#include "support/gfm_html.hpp"
#include "versiond/scan/markdown.hpp"
#include "versiond/scan/render.hpp"

using namespace versiond;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

scan::ComponentResult hostile(const std::string& newest, const std::string& notes_url) {
  scan::ComponentResult r;
  r.component.name = "nginx `x` | injected | cell";
  r.component.current = "1.0.0";
  r.component.origin = {"k8s/a.yaml", 3};
  r.status = "ok";
  r.decision.latest_overall = newest;
  r.decision.latest_in_range = "1.0.1 @org/admins #1 [x](javascript:alert(1)) **bold**";
  r.decision.notes_url = notes_url;
  r.decision.bump = {versioning::Bump::major, true};
  return r;
}

}  // namespace

TEST_CASE("hostile upstream values in the markdown report stay literal text",
          "[scan][render][hostile]") {
  scan::ScanReport report;
  report.summary.repo = "/repo";
  report.summary.components = 2;
  report.now = std::chrono::sys_days{std::chrono::year{2026} / 12 / 6};
  report.components = {
      hostile("v9.9.9<img src=x onerror=alert(1)>", "javascript:alert(document.cookie)"),
      hostile("2.0.0", "https://example.org/notes) [evil](https://evil.example/"),
  };
  const std::string md = scan::render_scan_markdown(report);
  const std::string html = test::gfm_html(md);
  INFO(md);
  INFO(html);
  // No injected element or link, the payload shown escaped.
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("href=\"javascript") == std::string::npos);
  CHECK(html.find("evil.example\"") == std::string::npos);
  CHECK(html.find("<strong>") == std::string::npos);
  // Every update row keeps its nine cells: a pipe in a value does not split a cell.
  const std::regex row("<tr>[\\s\\S]*?</tr>");
  std::size_t rows = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator();
       ++it) {
    const std::string tr = it->str();
    if (tr.find("<th") != std::string::npos) continue;
    ++rows;
    CHECK(count(tr, "<td") == 9);
  }
  CHECK(rows == 2);
  // Mentions and references only ever appear inside code spans, where GitHub does not link them.
  CHECK(md.find("`1.0.1 @org/admins #1 [x](javascript:alert(1)) **bold**`") != std::string::npos);
  // The safe link is kept, its closing parenthesis encoded.
  CHECK(html.find("href=\"https://example.org/notes%29%20%5Bevil%5D%28https://evil.example/\"") !=
        std::string::npos);
}

TEST_CASE("ordinary values are written as they are", "[scan][render]") {
  scan::ComponentResult r;
  r.component.name = "cert-manager";
  r.component.current = "v1.15.3";
  r.component.origin = {"k8s/cert-manager.yaml", 9};
  r.status = "ok";
  r.decision.latest_overall = "v1.16.2";
  r.decision.latest_in_range = "v1.15.5";
  r.decision.notes_url = "https://github.com/cert-manager/cert-manager/releases/tag/v1.16.2";
  r.decision.bump = {versioning::Bump::minor, false};
  scan::ScanReport report;
  report.summary.components = 1;
  report.now = std::chrono::sys_days{std::chrono::year{2026} / 12 / 6};
  report.components = {r};
  const std::string md = scan::render_scan_markdown(report);
  CHECK(md.find("| cert-manager | `k8s/cert-manager.yaml:9` | `v1.15.3` | v1.15.5 | "
                "[v1.16.2](https://github.com/cert-manager/cert-manager/releases/tag/v1.16.2) |") !=
        std::string::npos);
}

TEST_CASE("md_fenced: text with backtick fences cannot close its block",
          "[scan][render][hostile]") {
  const std::string text = "error: ```\n</pre><img src=x>\n````";
  const std::string md = scan::md_fenced(text);
  CHECK(md.rfind("`````\n", 0) == 0);  // one longer than the longest run inside
  const std::string html = test::gfm_html(md);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;img src=x&gt;") != std::string::npos);
  CHECK(scan::md_fenced("plain") == "```\nplain\n```\n");
}
