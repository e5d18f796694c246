// versiond window: the maintenance-window checklist from a real recorded scan,
// end to end through the binary.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using nlohmann::json;

namespace {

json update(const std::string& target, const std::string& tier, const std::string& action,
            const std::string& group = "") {
  return {{"target", target},    {"update", "minor"},        {"breaking", false},
          {"tier", tier},        {"action", action},         {"group", group},
          {"rules", {"a-rule"}}, {"reasons", {"a reason."}}, {"published", "2026-11-01"}};
}

store::Observation observation(const std::string& name, const std::string& current,
                               const json& updates) {
  store::Observation o;
  o.component_key = "apps.yaml|chart|" + name;
  o.name = name;
  o.kind = "argocd-helm";
  o.file = "apps.yaml";
  o.current = current;
  o.datasource = "helm";
  o.package = name;
  o.status = "ok";
  o.updates = updates.dump();
  return o;
}

struct World {
  explicit World(const std::string& config =
                     "window:\n  rrule: "
                     "\"FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=0\"\n"
                     "  duration: 2h\n  tz: Europe/London\n") {
    dir.write("repo/versiond.yaml", config);
  }
  void record(std::vector<store::Observation> observations) {
    store::Store s(dir.path() / "state.db");
    store::ScanRecord r;
    r.scan.started_at = "2026-12-02T09:00:00Z";
    r.scan.finished_at = "2026-12-02T09:00:01Z";
    r.scan.repo = (dir.path() / "repo").string();
    r.scan.outcome = "completed";
    r.scan.components = static_cast<int>(observations.size());
    r.observations = std::move(observations);
    s.record_scan(r);
  }
  test::ProcessResult run(std::vector<std::string> extra) {
    std::vector<std::string> args = {"window",
                                     "--repo",
                                     (dir.path() / "repo").string(),
                                     "--db",
                                     (dir.path() / "state.db").string(),
                                     "--now",
                                     "2026-12-02T10:00:00Z"};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::run_versiond(args);
  }
  json checklist() {
    auto r = run({"--format", "json"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
  }
  test::TempDir dir;
};

std::vector<std::string> step_names(const json& j) {
  std::vector<std::string> out;
  for (const auto& s : j["steps"]) out.push_back(s["name"].get<std::string>());
  return out;
}

std::vector<store::Observation> sample() {
  json rocket = update("7.0.0", "high", "plan", "rocketchat");
  rocket["blocked_by"] = {{"coupling", "rocketchat-mongodb"},
                          {"component", "mongodb"},
                          {"current", "5.0.0"},
                          {"needs", ">=6.0"}};
  json soon = update("2.1.0", "low", "wait");
  soon["ready_on"] = "2026-12-05";
  json later = update("3.1.0", "medium", "wait");
  later["ready_on"] = "2027-01-20";
  return {observation("rocketchat", "6.9.0", json::array({rocket})),
          observation("mongodb", "5.0.0", json::array({update("6.0.1", "low", "plan")})),
          observation("argocd", "2.9.0", json::array({update("2.10.0", "medium", "plan")})),
          observation("podinfo", "6.0.0", json::array({update("6.1.0", "low", "auto-pr", "web")})),
          observation("soon-ready", "2.0.0", json::array({soon})),
          observation("later-ready", "3.0.0", json::array({later}))};
}

}  // namespace

TEST_CASE("window: a coupled item comes after what it needs, then high before low",
          "[apply][window]") {
  World w;
  w.record(sample());
  const json j = w.checklist();
  // rocketchat (high) waits for mongodb (low); argocd (medium) leads; soon-ready is low.
  CHECK(step_names(j) == std::vector<std::string>{"argocd", "mongodb", "rocketchat", "soon-ready"});
  CHECK(j["steps"][2]["after"] == "mongodb");
}

TEST_CASE("window: wait items ready by the window are steps, later ones are not ready yet",
          "[apply][window]") {
  World w;
  w.record(sample());
  const json j = w.checklist();
  CHECK(j["window"]["date"] == "2026-12-08");
  REQUIRE(j["not_ready"].size() == 1);
  CHECK(j["not_ready"][0]["name"] == "later-ready");
  CHECK(j["not_ready"][0]["ready_on"] == "2027-01-20");
  auto r = w.run({});
  CHECK(r.out.find("## Not ready yet") != std::string::npos);
  CHECK(r.out.find("ready on 2027-01-20") != std::string::npos);
}

TEST_CASE("window: auto-pr items are not steps", "[apply][window]") {
  World w;
  w.record(sample());
  for (const auto& name : step_names(w.checklist())) CHECK(name != "podinfo");
}

TEST_CASE("window: the JSON has the window, steps with checks, commands and rollback, sign-off",
          "[apply][window]") {
  World w;
  w.record(sample());
  const json j = w.checklist();
  CHECK(j["window"]["tz"] == "Europe/London");
  CHECK(j["window"]["start"] == "2026-12-08T19:00:00Z");
  CHECK(j["window"]["end"] == "2026-12-08T21:00:00Z");
  CHECK(j["sign_off"]["start"] == "2026-12-08 19:00");
  CHECK(j["sign_off"]["end"] == "2026-12-08 21:00");
  const json& mongo = j["steps"][1];
  REQUIRE(mongo["name"] == "mongodb");
  CHECK(mongo["command"] == "versiond update --set 'mongodb=6.0.1'");
  CHECK(mongo["rollback"]["command"] == "versiond update --set 'mongodb=5.0.0'");
  CHECK(mongo["prechecks"][0]["text"].get<std::string>().find("backup") != std::string::npos);
  CHECK(mongo["verify"][0]["value"] == "docs/OPERATIONS.md#statefulsetreplicasnotready");
  CHECK(mongo["branch"].is_null());
}

TEST_CASE("window: the Markdown has the steps in order and the sign-off lines", "[apply][window]") {
  World w;
  w.record(sample());
  const auto out = w.dir.path() / "window.md";
  auto r = w.run({"--out", out.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("# Upgrade window 2026-12-08") == 0);
  CHECK(r.out.find("**argocd**") < r.out.find("**mongodb**"));
  CHECK(r.out.find("**mongodb**") < r.out.find("**rocketchat**"));
  CHECK(r.out.find("- Window start: 2026-12-08 19:00 Europe/London") != std::string::npos);
  CHECK(r.out.find("- Change owner:") != std::string::npos);
  CHECK(r.out.find("- Reviewer:") != std::string::npos);
}

TEST_CASE("window: hostile names and versions render as code", "[apply][window]") {
  World w;
  w.record({observation("<img src=x onerror=alert(1)> @team #1", "1.0.0",
                        json::array({update("2.0.0<script>", "high", "plan")}))});
  auto r = w.run({});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("**`<img src=x onerror=alert(1)> @team #1`**") != std::string::npos);
  CHECK(r.out.find("`2.0.0<script>`") != std::string::npos);
  CHECK(r.out.find("<script> ") == std::string::npos);
}

TEST_CASE("window: without window config, --date is that whole day in UTC", "[apply][window]") {
  World w("forge:\n  repository: acme/platform\n");
  w.record(sample());
  auto r = w.run({"--date", "2026-12-20", "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json j = json::parse(r.out);
  CHECK(j["window"]["start"] == "2026-12-20T00:00:00Z");
  CHECK(j["window"]["end"] == "2026-12-21T00:00:00Z");
  CHECK(j["window"]["tz"] == "UTC");
}

TEST_CASE("window: exit 2 with one line for no scan, no window or a bad date", "[apply][window]") {
  SECTION("no recorded scan") {
    World w;
    auto r = w.run({});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no recorded scan") != std::string::npos);
  }
  SECTION("no window configured") {
    World w("forge:\n  repository: acme/platform\n");
    w.record(sample());
    auto r = w.run({});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no maintenance window") != std::string::npos);
    CHECK(r.err.find('\n') == r.err.size() - 1);
  }
  SECTION("a bad --date") {
    World w;
    w.record(sample());
    auto r = w.run({"--date", "2026-13-40"});
    CHECK(r.exit_code == 2);
  }
}

TEST_CASE("window: a component with an auto-PR names its branch to merge first",
          "[apply][window]") {
  World w;
  w.record({observation(
      "traefik", "2.10.0",
      json::array({update("2.10.7", "low", "auto-pr", "edge"), update("3.0.0", "high", "plan")}))});
  const json j = w.checklist();
  REQUIRE(j["steps"].size() == 1);
  CHECK(j["steps"][0]["target"] == "3.0.0");
  CHECK(j["steps"][0]["branch"] == "versiond/edge");
  CHECK(w.run({}).out.find("Merge the auto-PR of branch `versiond/edge` first") !=
        std::string::npos);
}
