// The Upgrade Plan: structure, ordering, windows, the size cap and checklist ticks.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/gfm_html.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/apply/plan.hpp"
#include "versiond/apply/pulls.hpp"
#include "versiond/core/error.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using nlohmann::json;

namespace {

const Clock::time_point now = *parse_time("2026-12-02T10:00:00Z");  // a Wednesday, 2026-W49

store::Observation observation(const std::string& name, const std::string& current,
                               const json& updates) {
  store::Observation o;
  o.component_key = "f|k|" + name;
  o.name = name;
  o.kind = "helm-chart";
  o.file = "charts/" + name + ".yaml";
  o.current = current;
  o.datasource = "github-releases";
  o.package = "acme/" + name;
  o.status = "ok";
  o.updates = updates.dump();
  return o;
}

json update(const std::string& target, const std::string& type, const std::string& tier,
            const std::string& action, const std::string& group = "") {
  return {{"target", target},
          {"update", type},
          {"breaking", type == "major"},
          {"tier", tier},
          {"action", action},
          {"group", group},
          {"labels", json::array()},
          {"rules", {"rule-" + tier}},
          {"reasons", {"because " + tier + "."}},
          {"published", "2026-11-20"}};
}

std::vector<store::Observation> sample() {
  json blocked = update("3.0.0", "major", "blocked", "plan");
  blocked["blocked_by"] = {{"coupling", "mongo-needs-rocket"},
                           {"component", "rocketchat"},
                           {"current", "6.0.0"},
                           {"needs", ">= 7.0.0"}};
  json waiting = update("1.2.1", "patch", "low", "wait");
  waiting["ready_on"] = "2026-12-09";
  return {
      observation("traefik", "2.10.0",
                  json::array({update("2.11.0", "minor", "medium", "auto-pr", "ingress"),
                               update("3.2.0", "major", "high", "plan", "ingress")})),
      observation("cert-manager", "1.14.0",
                  json::array({update("1.14.5", "patch", "low", "auto-pr", "ingress")})),
      observation("mongodb", "6.0.0", json::array({blocked})),
      observation("grafana", "1.2.0", json::array({waiting})),
      observation("loki", "5.0.0", json::array({update("5.1.0", "minor", "low", "ignore")})),
      observation("unchanged", "1.0.0", json::array()),
  };
}

config::Window london_first_tuesday() {
  config::Window w;
  w.configured = true;
  w.rrule = "FREQ=MONTHLY;BYDAY=1TU;BYHOUR=2;BYMINUTE=0";
  w.duration = "2h";
  w.tz = "Europe/London";
  return w;
}

std::size_t at(const std::string& text, const std::string& needle) {
  const auto p = text.find(needle);
  INFO(needle);
  REQUIRE(p != std::string::npos);
  return p;
}

}  // namespace

TEST_CASE("plan: ISO weeks", "[apply][plan]") {
  CHECK(apply::iso_week(now) == "2026-W49");
  CHECK(apply::iso_week(*parse_time("2027-01-01")) == "2026-W53");
  CHECK(apply::iso_week(*parse_time("2024-12-30")) == "2025-W01");
  CHECK(apply::parse_iso_week("2026-W49") == parse_time("2026-11-30"));
  CHECK(!apply::parse_iso_week("2025-W53"));
  CHECK(!apply::parse_iso_week("2026-49"));
}

TEST_CASE("plan: the next maintenance window from an RRULE or a cron line", "[apply][plan]") {
  auto w = apply::next_window(london_first_tuesday(), now);
  REQUIRE(w);
  // First Tuesday of December 2026 has passed (Dec 1st): January 5th 2027, GMT.
  CHECK(w->text == "Tue 2027-01-05 02:00–04:00 Europe/London (2027-01-05 02:00 UTC)");
  // In summer London is UTC+1.
  auto summer = apply::next_window(london_first_tuesday(), *parse_time("2026-06-10"));
  REQUIRE(summer);
  CHECK(summer->text == "Tue 2026-07-07 02:00–04:00 Europe/London (2026-07-07 01:00 UTC)");
  // During a window, that window is the next one.
  auto during = apply::next_window(london_first_tuesday(), *parse_time("2026-12-01T03:00:00Z"));
  REQUIRE(during);
  CHECK(during->text.rfind("Tue 2026-12-01 02:00", 0) == 0);
  config::Window cron;
  cron.cron = "30 22 * * 4";
  cron.duration = "90m";
  auto c = apply::next_window(cron, now);
  REQUIRE(c);
  CHECK(c->text == "Thu 2026-12-03 22:30–00:00 UTC (2026-12-03 22:30 UTC)");
  CHECK(!apply::next_window(config::Window{}, now));
  config::Window bad = london_first_tuesday();
  bad.tz = "Mars/Olympus";
  CHECK_THROWS_AS(apply::next_window(bad, now), Error);
}

TEST_CASE("plan: items by tier then group, blocked and waiting apart, ignore left out",
          "[apply][plan]") {
  const auto plan =
      apply::build_plan(sample(), "2026-12-02T09:00:00Z", london_first_tuesday(), now, "2026-W49");
  REQUIRE(plan.items.size() == 5);  // loki's update is ignored
  CHECK(plan.items[0].name == "traefik");
  CHECK(plan.items[0].target == "3.2.0");  // high first
  CHECK(plan.items[0].age_days == 10);     // as of Monday 2026-11-30
  CHECK(plan.items[0].notes_url == "https://github.com/acme/traefik/releases/tag/3.2.0");

  const std::string md = apply::render_markdown(plan);
  CHECK(md.rfind("# Upgrade Plan 2026-W49\n", 0) == 0);
  const auto high = at(md, "## High risk");
  const auto medium = at(md, "## Medium risk");
  const auto low = at(md, "## Low risk");
  const auto waiting = at(md, "## Waiting");
  const auto blocked = at(md, "## Blocked");
  const auto checklist = at(md, "## Readiness checklist");
  CHECK(high < medium);
  CHECK(medium < low);
  CHECK(low < waiting);
  CHECK(waiting < blocked);
  CHECK(blocked < checklist);
  at(md, "### Group `ingress`");
  at(md, "| traefik | `2.10.0` → `3.2.0` | major | 10 d | breaking | rule-high |");
  at(md, "  - why: rule-high: because high.");
  at(md, "  - release notes: https://github.com/acme/traefik/releases/tag/3.2.0");
  at(md, "  - rollback: set `traefik` back to `2.10.0` in `charts/traefik.yaml`");
  at(md, "- **grafana** `1.2.0` → `1.2.1`: ready on 2026-12-09");
  at(md, "- **mongodb** `6.0.0` → `3.0.0`: first move **rocketchat** from `6.0.0` to `>= 7.0.0`");
  at(md, "**Next maintenance window:** Tue 2027-01-05 02:00–04:00 Europe/London");
  at(md, "- [ ] Backups taken and a restore tested <!-- versiond:backups -->");
  at(md, "<!-- versiond:item:traefik@3.2.0 -->");
  CHECK(md.find("loki") == std::string::npos);
  CHECK(md.find("unchanged") == std::string::npos);

  const json j = apply::plan_to_json(plan);
  CHECK(j["week"] == "2026-W49");
  CHECK(j["items"].size() == 5);
  CHECK(j["items"][4]["blocked_by"]["component"] == "rocketchat");
  CHECK(j["window"]["start"] == "2027-01-05T02:00:00Z");
}

TEST_CASE("plan: over the size cap the lowest tiers become counts", "[apply][plan]") {
  std::vector<store::Observation> many;
  for (int i = 0; i < 400; ++i) {
    const std::string tier = i < 5 ? "high" : i < 100 ? "medium" : "low";
    many.push_back(observation(
        "component-" + std::to_string(i), "1.0.0",
        json::array({update("1.1.0", "minor", tier, "plan", "group-" + std::to_string(i % 12))})));
  }
  const auto plan = apply::build_plan(many, "2026-12-02T09:00:00Z", {}, now, "2026-W49");
  const std::string full = apply::render_markdown(plan, std::string::npos);
  REQUIRE(full.size() > 60000);
  const std::string capped = apply::render_markdown(plan);
  CHECK(capped.size() <= 60000);
  at(capped, "lower tiers are summarised as counts");
  at(capped, "versiond plan --out");
  at(capped, "## Low risk\n\n| group | updates | majors |");
  at(capped, "component-0");  // high risk keeps its detail
  at(capped, "## Readiness checklist");
  CHECK(capped.find("component-399") == std::string::npos);
  const std::string tiny = apply::render_markdown(plan, 3000, "https://ci.example/plan.md");
  CHECK(tiny.size() <= 3000);
  at(tiny, "https://ci.example/plan.md");
}

TEST_CASE("plan: maintainers' ticks are found and carried into a new body", "[apply][plan]") {
  const auto plan = apply::build_plan(sample(), "t", {}, now, "2026-W49");
  std::string md = apply::render_markdown(plan);
  CHECK(apply::ticked_keys(md).empty());
  std::string edited = md;
  const std::string from = "- [ ] Backups taken";
  edited.replace(edited.find(from), from.size(), "- [x] Backups taken");
  CHECK(apply::ticked_keys(edited) == std::vector<std::string>{"backups"});
  const std::string merged = apply::tick(md, apply::ticked_keys(edited));
  CHECK(merged == edited);
  CHECK(apply::tick(md, {"no-such-key"}) == md);
}

TEST_CASE("plan CLI: renders the last recorded scan, markdown, json and --out",
          "[apply][plan][cli]") {
  test::TempDir dir;
  dir.write(
      "repo/versiond.yaml",
      "window:\n  rrule: FREQ=WEEKLY;BYDAY=TU;BYHOUR=2\n  duration: 2h\n  tz: Europe/London\n");
  const auto db = dir.path() / "state.db";
  {
    store::Store s(db);
    store::ScanRecord r;
    r.scan.started_at = "2026-12-02T09:00:00Z";
    r.scan.finished_at = "2026-12-02T09:00:05Z";
    r.scan.repo = (dir.path() / "repo").string();
    r.scan.outcome = "completed";
    r.observations = sample();
    r.scan.components = static_cast<int>(r.observations.size());
    s.record_scan(r);
  }
  const std::string repo = (dir.path() / "repo").string();
  const std::string out = (dir.path() / "plan.md").string();
  auto md = test::run_versiond(
      {"plan", "--repo", repo, "--db", db.string(), "--now", "2026-12-02T10:00:00Z", "--out", out});
  INFO(md.err);
  REQUIRE(md.exit_code == 0);
  CHECK(md.out.rfind("# Upgrade Plan 2026-W49\n", 0) == 0);
  at(md.out, "**Next maintenance window:** Tue 2026-12-08 02:00–04:00 Europe/London");
  std::ifstream written(out);
  const std::string artifact((std::istreambuf_iterator<char>(written)), {});
  CHECK(artifact == md.out);  // small enough: the artifact and stdout are the same plan
  auto js = test::run_versiond({"plan", "--repo", repo, "--db", db.string(), "--now",
                                "2026-12-02T10:00:00Z", "--week", "2026-W50", "--format", "json"});
  REQUIRE(js.exit_code == 0);
  const json j = json::parse(js.out);
  CHECK(j["week"] == "2026-W50");
  CHECK(j["items"].size() == 5);
  auto bad = test::run_versiond({"plan", "--repo", repo, "--db", db.string(), "--week", "W50"});
  CHECK(bad.exit_code == 2);
  auto none = test::run_versiond({"plan", "--repo", repo, "--db", (dir.path() / "x.db").string()});
  CHECK(none.exit_code == 2);
}

TEST_CASE("plan: a rule's range_strategy is kept for the updaters", "[apply][plan]") {
  json u = update("1.1.0", "minor", "low", "auto-pr");
  u["range_strategy"] = "pin";
  const auto plan =
      apply::build_plan({observation("x", "1.0.0", json::array({u}))}, "t", {}, now, "2026-W49");
  REQUIRE(plan.items.size() == 1);
  CHECK(plan.items[0].range_strategy == policy::RangeStrategy::pin);
}

TEST_CASE("plan: the same scan renders the same bytes every day of the week", "[apply][plan]") {
  const auto monday = apply::build_plan(sample(), "2026-11-30T06:00:00Z", london_first_tuesday(),
                                        *parse_time("2026-11-30T06:00:00Z"), "2026-W49");
  const auto sunday = apply::build_plan(sample(), "2026-12-06T22:00:00Z", london_first_tuesday(),
                                        *parse_time("2026-12-06T22:00:00Z"), "2026-W49");
  CHECK(apply::render_markdown(monday) != "");
  // Monday 06:00 is before the window of Tuesday December 1st; Sunday is after it.
  CHECK(monday.window->text != sunday.window->text);
  auto same_window = sunday;
  same_window.window = monday.window;
  CHECK(apply::render_markdown(monday) == apply::render_markdown(same_window));
}

TEST_CASE("plan and PR bodies keep hostile upstream and repository values literal",
          "[apply][plan][hostile]") {
  json evil = update("9.9.9<img src=y onerror=alert(1)>", "major", "high", "plan");
  evil["reasons"] = {"@org/admins #1 [x](javascript:alert(1)) **now**"};
  json pr = update("1.0.1`<img src=z>`", "patch", "low", "auto-pr");
  auto o = observation("evil <img src=x onerror=alert(1)>", "1.0.0", json::array({evil, pr}));
  o.file = "k8s/`a`|b.yaml";
  const auto plan =
      apply::build_plan({o}, "2026-12-02T09:00:00Z", london_first_tuesday(), now, "2026-W49");
  REQUIRE(plan.items.size() == 2);
  std::string bodies = apply::render_markdown(plan);
  for (const auto& b : apply::plan_branches(plan)) bodies += "\n\n" + b.body;
  const std::string html = test::gfm_html(bodies);
  INFO(bodies);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("href=\"javascript") == std::string::npos);
  CHECK(html.find("<strong>now</strong>") == std::string::npos);
  CHECK(html.find("&lt;img src=y onerror=alert(1)&gt;") != std::string::npos);
  // Mentions and references only inside code spans, where GitHub does not link them.
  CHECK(html.find("<code>rule-high: @org/admins #1 [x](javascript:alert(1)) **now**</code>") !=
        std::string::npos);
  // The checklist's hidden key cannot end its comment.
  CHECK(bodies.find("<!-- versiond:item:evil%20%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E@") !=
        std::string::npos);
}

TEST_CASE("plan: a tick on an item whose name has spaces survives the next edit", "[apply][plan]") {
  json high = update("2.0.0", "major", "high", "plan");
  const auto plan =
      apply::build_plan({observation("NATS Server", "1.0.0", json::array({high}))},
                        "2026-12-02T09:00:00Z", london_first_tuesday(), now, "2026-W49");
  std::string md = apply::render_markdown(plan);
  const auto line = at(md, "- [ ] `NATS Server` → `2.0.0` applied and verified");
  md.replace(line, 5, "- [x]");
  const auto keys = apply::ticked_keys(md);
  REQUIRE(keys.size() == 1);
  CHECK(apply::tick(apply::render_markdown(plan), keys) == md);
}

TEST_CASE(
    "plan: security updates come first under Security with their advisories, PR titles say so",
    "[apply][plan][security]") {
  json fix = update("1.12.1", "patch", "low", "auto-pr");
  fix["security"] = true;
  fix["fixes"] = {"GHSA-mgvx-rpfc-9mpv"};
  auto ingress = observation("ingress-nginx", "1.12.0",
                             json::array({fix, update("1.13.0", "minor", "high", "plan")}));
  ingress.advisory_status = "affected";
  ingress.advisories = json::array({{{"id", "GHSA-mgvx-rpfc-9mpv"},
                                     {"severity", "critical"},
                                     {"url", "https://osv.dev/vulnerability/GHSA-mgvx-rpfc-9mpv"}}})
                           .dump();
  auto traefik =
      observation("traefik", "2.10.0", json::array({update("2.11.0", "minor", "high", "plan")}));
  const auto plan = apply::build_plan({ingress, traefik}, "2026-12-02T09:00:00Z",
                                      london_first_tuesday(), now, "2026-W49");
  const std::string md = apply::render_markdown(plan);
  INFO(md);
  const auto security = at(md, "## Security\n");
  CHECK(security < at(md, "## High risk"));  // before every tier, though its tier is low
  CHECK(md.find("fixes [GHSA-mgvx-rpfc-9mpv](https://osv.dev/vulnerability/GHSA-mgvx-rpfc-9mpv) "
                "(critical)") != std::string::npos);
  CHECK(md.find("## Low risk") == std::string::npos);  // listed once, under Security
  const auto j = apply::plan_to_json(plan);
  bool found = false;
  for (const auto& item : j["items"]) {
    if (item["target"] == "1.12.1") {
      found = true;
      CHECK(item["security"] == true);
      CHECK(item["fixes"][0]["severity"] == "critical");
    }
  }
  CHECK(found);
  const auto branches = apply::plan_branches(plan);
  REQUIRE(branches.size() == 1);
  CHECK(branches[0].title == "chore(deps): update ingress-nginx to 1.12.1 [security]");
}
