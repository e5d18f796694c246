// apply against the fake GitHub: the plan issue's lifecycle, minimal writes,
// dry runs, the run-failed issue and reconciliation of pending intents.
#include <catch2/catch.hpp>

#include "support/fake_github.hpp"
#include "support/temp_dir.hpp"
#include "versiond/apply/apply.hpp"
#include "versiond/apply/plan.hpp"
#include "versiond/apply/pulls.hpp"
#include "versiond/net/client.hpp"
#include "versiond/net/http_cache.hpp"
#include "versiond/store/intents.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using versiond::test::FakeGithub;

namespace {

net::HttpOptions plain_http() {
  net::HttpOptions o;
  o.plain_http_hosts = {"127.0.0.1"};
  return o;
}

const std::string body_v1 =
    "# Upgrade Plan 2026-W49\n\nitems v1\n\n## Readiness checklist\n\n"
    "- [ ] Backups taken <!-- versiond:backups -->\n"
    "- [ ] Alerts silenced <!-- versiond:alerts -->\n";

struct Setup {
  Setup()
      : clock(*parse_time("2026-12-02T10:00:00Z")),
        http(plain_http(), std::make_shared<net::MemoryHttpCache>(), clock),
        client(http,
               [&] {
                 forge::GithubOptions o;
                 o.api_url = gh.base();
                 o.repository = "acme/platform";
                 return o;
               }()),
        store(dir.path() / "state.db") {
    options.week = "2026-W49";
  }
  apply::ApplyResult run(const std::string& body, const std::string& week = "2026-W49") {
    options.week = week;
    apply::ApplyResult r;
    apply::reconcile(client, store.db(), options, clock, r);
    apply::sync_plan_issue(client, store.db(), body, options, clock, r);
    return r;
  }
  FakeGithub gh;
  test::TempDir dir;
  ManualClock clock;
  net::HttpClient http;
  forge::GithubClient client;
  store::Store store;
  apply::ApplyOptions options;
};

}  // namespace

TEST_CASE("apply: the first run creates the plan issue, the second writes nothing",
          "[apply][forge]") {
  Setup s;
  auto first = s.run(body_v1);
  REQUIRE(first.ok());
  CHECK(s.gh.write_lines() == std::vector<std::string>{"POST /repos/acme/platform/issues"});
  REQUIRE(s.gh.issues().size() == 1);
  CHECK(s.gh.issues()[0].title == "Upgrade Plan 2026-W49");
  CHECK(s.gh.issues()[0].labels == std::vector<std::string>{"upgrade-plan"});
  CHECK(first.plan_issue == 1);

  s.gh.clear_requests();
  auto second = s.run(body_v1);
  CHECK(second.ok());
  CHECK(second.writes.empty());
  CHECK(s.gh.write_count() == 0);
  CHECK(second.notes == std::vector<std::string>{"plan issue #1 untouched"});
  // Every write went through an intent, settled.
  const auto intents = store::all_intents(s.store.db());
  REQUIRE(intents.size() == 1);
  CHECK(intents[0].state == store::IntentState::confirmed);
}

TEST_CASE("apply: a changed plan edits the issue in place and keeps maintainers' ticks",
          "[apply][forge]") {
  Setup s;
  REQUIRE(s.run(body_v1).ok());
  // A maintainer ticks "backups" on GitHub.
  forge::IssueEdit tick;
  tick.body = apply::tick(body_v1, {"backups"});
  REQUIRE(s.client.update_issue(1, tick).ok());
  s.gh.clear_requests();
  CHECK(s.run(body_v1).writes.empty());  // the same plan with a tick: untouched

  std::string body_v2 = body_v1;
  body_v2.replace(body_v2.find("items v1"), 8, "items v2");
  auto r = s.run(body_v2);
  REQUIRE(r.ok());
  CHECK(s.gh.write_lines() == std::vector<std::string>{"PATCH /repos/acme/platform/issues/1"});
  const std::string now_body = s.gh.issue(1)->body;
  CHECK(now_body.find("items v2") != std::string::npos);
  CHECK(now_body.find("- [x] Backups taken <!-- versiond:backups -->") != std::string::npos);
  CHECK(now_body.find("- [ ] Alerts silenced") != std::string::npos);
  CHECK(s.gh.issues().size() == 1);
}

TEST_CASE("apply: a new week opens its plan and closes the last one with a link",
          "[apply][forge]") {
  Setup s;
  REQUIRE(s.run(body_v1).ok());
  s.gh.clear_requests();
  auto r = s.run("# Upgrade Plan 2026-W50\n", "2026-W50");
  REQUIRE(r.ok());
  CHECK(s.gh.write_lines() == std::vector<std::string>{"POST /repos/acme/platform/issues",
                                                       "PATCH /repos/acme/platform/issues/1"});
  const auto old = s.gh.issue(1);
  CHECK(old->state == "closed");
  CHECK(old->body.rfind("> Superseded by #2 (Upgrade Plan 2026-W50).", 0) == 0);
  CHECK(s.gh.issue(2)->state == "open");
  s.gh.clear_requests();
  CHECK(s.run("# Upgrade Plan 2026-W50\n", "2026-W50").writes.empty());
}

TEST_CASE("apply: --dry-run lists the writes and makes none", "[apply][forge]") {
  Setup s;
  s.options.dry_run = true;
  auto r = s.run(body_v1);
  REQUIRE(r.writes.size() == 1);
  CHECK(r.writes[0].method == "POST");
  CHECK(r.writes[0].summary == "create \"Upgrade Plan 2026-W49\" labelled upgrade-plan");
  CHECK(s.gh.write_count() == 0);
  CHECK(s.gh.issues().empty());
  CHECK(store::all_intents(s.store.db()).empty());
}

TEST_CASE("apply: one run-failed issue, updated while failing, closed by a good run",
          "[apply][forge]") {
  Setup s;
  apply::ApplyResult r;
  apply::report_run(s.client, s.store.db(), std::string("scan: 3 lookups failed"), s.options,
                    s.clock, r);
  apply::report_run(s.client, s.store.db(), std::string("scan: 3 lookups failed"), s.options,
                    s.clock, r);
  CHECK(s.gh.write_count() == 1);
  apply::report_run(s.client, s.store.db(), std::string("scan: 4 lookups failed"), s.options,
                    s.clock, r);
  CHECK(s.gh.write_count() == 2);
  REQUIRE(s.gh.issues().size() == 1);
  CHECK(s.gh.issues()[0].title == "versiond run failed");
  CHECK(s.gh.issues()[0].body.find("4 lookups failed") != std::string::npos);
  apply::report_run(s.client, s.store.db(), std::nullopt, s.options, s.clock, r);
  CHECK(s.gh.issues()[0].state == "closed");
  apply::report_run(s.client, s.store.db(), std::nullopt, s.options, s.clock, r);
  CHECK(s.gh.write_count() == 3);
  CHECK(r.ok());
}

TEST_CASE("apply: an intent left pending by a crash is reconciled before anything is written",
          "[apply][forge]") {
  Setup s;
  // The killed run recorded the intent and GitHub created the issue, but the
  // intent was never confirmed.
  store::record_intent(s.store.db(), "create_issue", "Upgrade Plan 2026-W49", "create",
                       "2026-12-02T09:59:00Z");
  REQUIRE(s.client.create_issue("Upgrade Plan 2026-W49", body_v1, {"upgrade-plan"}).ok());
  s.gh.clear_requests();
  auto r = s.run(body_v1);
  REQUIRE(r.ok());
  CHECK(s.gh.write_count() == 0);
  REQUIRE(!r.notes.empty());
  CHECK(r.notes[0] == "reconciled intent 1 (create_issue Upgrade Plan 2026-W49): found #1 (open)");
  CHECK(store::pending_intents(s.store.db()).empty());
  CHECK(s.gh.issues().size() == 1);
}

TEST_CASE("apply: a GitHub failure is reported, not thrown", "[apply][forge]") {
  Setup s;
  s.gh.inject("POST /repos/acme/platform/issues", 403, {},
              R"({"message":"Resource not accessible by integration"})");
  auto r = s.run(body_v1);
  REQUIRE(r.failures.size() == 1);
  CHECK(r.failures[0].kind == FailureKind::forbidden);
  const auto intents = store::all_intents(s.store.db());
  REQUIRE(intents.size() == 1);
  CHECK(intents[0].state == store::IntentState::failed);
}

TEST_CASE("apply: branches per group or component, PR bodies under GitHub's limit",
          "[apply][pulls]") {
  apply::Plan plan;
  plan.week = "2026-W49";
  for (int i = 0; i < 2000; ++i) {
    apply::PlanItem item;
    item.name = "component-with-a-long-name-" + std::to_string(i);
    item.current = "1.0.0";
    item.target = "1.1.0";
    item.action = policy::Action::auto_pr;
    item.group = "big";
    item.rules = {"auto"};
    item.reasons = {"A minor update that the policy lets through after its soak period."};
    item.notes_url = "https://github.com/acme/x/releases/tag/1.1.0";
    plan.items.push_back(item);
  }
  apply::PlanItem single;
  single.name = "Traefik";
  single.current = "v2.10.0";
  single.target = "v3.2.0";
  single.action = policy::Action::auto_pr;
  plan.items.push_back(single);
  apply::PlanItem waiting = single;
  waiting.name = "waits";
  waiting.action = policy::Action::wait;
  plan.items.push_back(waiting);
  const auto branches = apply::plan_branches(plan);
  REQUIRE(branches.size() == 2);
  CHECK(branches[0].branch == "versiond/big");
  CHECK(branches[0].title == "chore(deps): update big (2000 updates)");
  CHECK(branches[0].body.size() < 65536);
  CHECK(branches[0].body.find("Truncated") != std::string::npos);
  CHECK(branches[1].branch == "versiond/traefik-3.x");
  CHECK(branches[1].title == "chore(deps): update Traefik to v3.2.0");
}
