// The scan's reports for people: 100 columns, a counting summary, unknown is "?".
#include <catch2/catch.hpp>
#include <sstream>

#include "scan/text_fit.hpp"
#include "versiond/scan/render.hpp"

using namespace versiond;

namespace {

scan::ComponentResult row(const std::string& name, const std::string& current,
                          const std::string& status) {
  scan::ComponentResult r;
  r.component.name = name;
  r.component.current = current;
  r.component.origin = {"deploy/some/very/long/path/to/a/values-production-eu-west.yaml", 1234};
  r.status = status;
  return r;
}

scan::ScanReport sample() {
  scan::ScanReport report;
  report.summary.repo = "/srv/repositories/infrastructure/platform-environments/production";
  report.summary.commit = "0123456789abcdef0123456789abcdef01234567";
  report.summary.components = 5;
  report.now = std::chrono::sys_days{std::chrono::year{2026} / 12 / 6};

  auto patch =
      row("registry.k8s.io/ingress-nginx/controller-chroot-with-a-long-name", "v1.11.2", "ok");
  patch.decision.latest_overall = "v1.11.5";
  patch.decision.latest_in_range = "v1.11.5";
  patch.decision.bump = {versioning::Bump::patch, false};
  patch.release_age_days = 12;

  auto major = row("Rocket.Chat", "6.13.1", "ok");
  major.decision.latest_overall = "8.2.0";
  major.decision.latest_in_range = "6.13.4";
  major.decision.bump = {versioning::Bump::major, true};
  major.deprecated = true;

  auto failed = row("cert-manager", "v1.15.3", "failed");
  failed.reason =
      "server_error: HTTP 503 from https://charts.jetstack.io/index.yaml after 3 "
      "retries, the upstream kept failing for a long time and said so at length";
  failed.failure = Failure{FailureKind::server_error, failed.reason, {}};

  auto current = row("nats", "2.10.22", "ok");
  current.decision.latest_overall = "2.10.22";

  auto skipped = row("app", "latest", "skipped");
  skipped.reason = "latest";

  report.components = {patch, major, failed, current, skipped};
  report.summary.lookups_failed = 1;
  return report;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("scan text output stays within 100 columns whatever the data", "[scan][render]") {
  const std::string text = scan::render_scan_text(sample());
  INFO(text);
  for (const auto& line : lines_of(text)) {
    CAPTURE(line);
    CHECK(scan::text_width(line) <= 100);
  }
  // Long values are shortened in the table, never dropped.
  CHECK(text.find("registry.k8s.io/i\xe2\x80\xa6") != std::string::npos);
  CHECK(text.find("deprecated upstream") != std::string::npos);
  CHECK(text.find("in range: 6.13.4") != std::string::npos);
}

TEST_CASE("scan text output ends with a summary that counts each outcome", "[scan][render]") {
  const auto lines = lines_of(scan::render_scan_text(sample()));
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back() ==
        "5 components: 1 up to date, 2 updates (1 patch, 0 minor, 1 major), 1 failed, 1 skipped, "
        "0 affected");
}

TEST_CASE("a failed lookup's bump is unknown, not none", "[scan][render]") {
  const auto report = sample();
  bool seen = false;
  for (const auto& line : lines_of(scan::render_scan_text(report))) {
    if (line.find("cert-manager") != std::string::npos) {
      seen = true;
      CHECK(line.find(" ? ") != std::string::npos);
    }
  }
  CHECK(seen);
  const auto json = scan::scan_to_json(report);
  CHECK(json["components"][2]["bump"].is_null());
  CHECK(json["components"][2]["failure"]["kind"] == "server_error");
  CHECK(json["components"][1]["deprecated"] == true);
  CHECK(json["components"][0]["bump"] == "patch");
}

TEST_CASE("fit and wrap count code points and never exceed the width", "[scan][render]") {
  CHECK(scan::fit("abcdef", 4) == "abc\xe2\x80\xa6");
  CHECK(scan::fit("abc", 4) == "abc");
  CHECK(scan::text_width(scan::fit("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3)) == 3);
  const auto lines = scan::wrap("one two three four five six", 12, 2);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "  one two");
  for (const auto& l : lines) CHECK(scan::text_width(l) <= 12);
  CHECK(scan::wrap("", 10, 2).empty());
}
