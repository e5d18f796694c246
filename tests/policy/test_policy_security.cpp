// The policy's advisory join: `security` and `severity` match keys, the update
// to the safe target, security_min_release_age, and the embedded default rules.
#include "policy/policy_test_support.hpp"
#include "versiond/policy/load.hpp"

using namespace policy_test;

namespace {

// Widget 1.2.0 is affected by GHSA-test (critical); 1.2.3 and later fix it.
Fixture affected_widget() {
  Fixture f("1.2.0", {release("1.2.1", "2026-11-30"), release("1.2.3", "2026-11-30"),
                      release("1.3.0", "2026-11-30"), release("2.0.0", "2026-11-30")});
  f.subject.advisories = {{"GHSA-test", "critical"}};
  f.subject.safe_target = "1.2.3";
  f.subject.fixed_by = [](const std::string& target) {
    return target == "1.2.1" ? std::vector<std::string>{} : std::vector<std::string>{"GHSA-test"};
  };
  return f;
}

const Update* update_to(const Outcome& o, const std::string& target) {
  for (const auto& u : o.updates) {
    if (u.target == target) return &u;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a security update to the safe target comes first, beside the usual two") {
  auto f = affected_widget();
  const auto o = f.decide(policy_of("version: 1\nrules: []\n"));
  REQUIRE(o.updates.size() == 3);
  CHECK(o.updates[0].target == "1.2.3");
  CHECK(o.updates[0].safe_target);
  CHECK(o.updates[0].security);
  CHECK(o.updates[0].fixes == std::vector<std::string>{"GHSA-test"});
  CHECK(o.updates[1].target == "1.3.0");
  CHECK(o.updates[1].security);  // also removes it
  CHECK(o.updates[2].target == "2.0.0");
}

TEST_CASE("security and severity match keys") {
  auto f = affected_widget();
  const auto p = policy_of(R"(version: 1
rules:
  - name: sec
    match: {security: true, severity: [critical, high]}
    tier: high
    action: auto-pr
  - name: not-sec
    match: {security: false}
    action: ignore
)");
  const auto o = f.decide(p);
  CHECK(update_to(o, "1.2.3")->action == Action::auto_pr);
  CHECK(update_to(o, "1.2.3")->rules == std::vector<std::string>{"sec"});
  // Unaffected: no security update, `security: false` holds.
  Fixture plain("1.2.0", {release("1.2.3", "2026-11-30")});
  const auto q = plain.decide(p);
  REQUIRE(q.updates.size() == 1);
  CHECK_FALSE(q.updates[0].security);
  CHECK(q.updates[0].action == Action::ignore);
  // A severity not listed does not match: the defaults apply.
  f.subject.advisories = {{"GHSA-test", "low"}};
  CHECK(update_to(f.decide(p), "1.2.3")->action == Action::plan);
}

TEST_CASE("a security update skips min_release_age unless security_min_release_age is set") {
  auto f = affected_widget();
  const auto soak = policy_of(
      "version: 1\nrules:\n  - name: soak\n    min_release_age: 7d\n    action: auto-pr\n");
  const auto o = f.decide(soak);
  CHECK(update_to(o, "1.2.3")->action == Action::auto_pr);
  // An update that removes nothing soaks as usual.
  f.subject.safe_target.reset();
  f.subject.fixed_by = [](const std::string&) { return std::vector<std::string>{}; };
  CHECK(f.decide(soak).updates[0].action == Action::wait);
  f = affected_widget();
  const auto with_security = policy_of(
      "version: 1\nrules:\n  - name: soak\n    min_release_age: 7d\n    action: auto-pr\n"
      "  - name: sec-soak\n    match: {security: true}\n    security_min_release_age: 1d\n");
  const auto w = f.decide(with_security, {}, "2026-11-30T12:00:00Z");
  CHECK(update_to(w, "1.2.3")->action == Action::wait);
  CHECK(update_to(w, "1.2.3")->ready_on == "2026-12-01");
}

TEST_CASE("policy explain shows the advisory step") {
  auto f = affected_widget();
  const auto o = f.decide(policy_of("version: 1\nrules: []\n"), {}, "2026-12-01T00:00:00Z", true);
  bool seen = false;
  for (const auto& s : o.steps) {
    seen = seen || s == "advisories: 1.2.0 is affected by GHSA-test (critical); safe target 1.2.3";
  }
  CHECK(seen);
}

TEST_CASE("the default policy: critical security fixes are auto-PRs where patches are") {
  const Policy& p = default_policy();
  auto f = affected_widget();
  f.subject.datasource = Datasource::docker;
  f.subject.package = "docker.io/acme/widget";
  const auto o = f.decide(p);
  CHECK(update_to(o, "1.2.3")->action == Action::auto_pr);
  CHECK(update_to(o, "1.2.3")->tier == Tier::high);
  // Elsewhere (a GitHub release), a plan at tier high.
  auto g = affected_widget();
  const auto q = g.decide(p);
  CHECK(update_to(q, "1.2.3")->action == Action::plan);
  CHECK(update_to(q, "1.2.3")->tier == Tier::high);
  // A stateful component stays a plan.
  auto h = affected_widget();
  h.subject.datasource = Datasource::docker;
  h.subject.package = "docker.io/library/mongo";
  CHECK(update_to(h.decide(p), "1.2.3")->action == Action::plan);
}

TEST_CASE("security match keys are validated") {
  const auto bad = parse_policy(
      "version: 1\nrules:\n  - name: x\n    match: {security: maybe, severity: [urgent]}\n"
      "    security_min_release_age: soon\n",
      "p.yaml");
  REQUIRE(bad.errors.size() == 3);
  CHECK(bad.errors[0].to_string().find("must be true or false") != std::string::npos);
  CHECK(bad.errors[1].to_string().find("unknown severity 'urgent'") != std::string::npos);
  CHECK(bad.errors[2].to_string().find("is not a duration") != std::string::npos);
}

TEST_CASE("an affected cycle pin gets the security update to the safe target line") {
  // AKS kubernetes_version "1.30": every 1.30 patch affected by GHSA-line (high),
  // 1.31's newest patch and later cycles free of it.
  std::vector<sources::Release> cycles = {
      release("1.33", "2026-11-30"), release("1.32", "2026-11-30"), release("1.31", "2026-11-30"),
      release("1.30", "2026-11-30")};
  cycles[0].latest = "1.33.1";
  cycles[1].latest = "1.32.4";
  cycles[2].latest = "1.31.8";
  cycles[3].latest = "1.30.12";
  Fixture f("1.30", cycles, "loose");
  f.subject.datasource = Datasource::endoflife;
  f.subject.advisories = {{"GHSA-line", "high"}};
  f.subject.safe_target = "1.31";
  f.subject.fixed_by = [](const std::string& target) {
    return target == "1.30" ? std::vector<std::string>{} : std::vector<std::string>{"GHSA-line"};
  };
  const auto o = f.decide(policy_of("version: 1\nrules: []\n"));
  REQUIRE(o.updates.size() == 2);
  CHECK(o.updates[0].target == "1.31");  // the line, not its patch 1.31.8
  CHECK(o.updates[0].safe_target);
  CHECK(o.updates[0].security);
  CHECK(o.updates[0].fixes == std::vector<std::string>{"GHSA-line"});
  CHECK(o.updates[0].published == "2026-11-30");
  CHECK(o.updates[1].target == "1.33");
  CHECK(o.updates[1].security);
  CHECK_FALSE(o.updates[1].safe_target);
}
