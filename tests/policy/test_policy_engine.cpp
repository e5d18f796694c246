#include <algorithm>

#include "policy/policy_test_support.hpp"
#include "versiond/policy/render.hpp"

using namespace policy_test;

namespace {

const char* k_header = "version: 1\ndefaults: {tier: medium, action: plan}\n";

Policy with_rules(const std::string& rules) { return policy_of(std::string(k_header) + rules); }

const Update* find(const Outcome& o, UpdateType t) {
  for (const auto& u : o.updates) {
    if (u.update == t) {
      return &u;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("engine: up to two updates, the newest non-major and the newest major") {
  Fixture f("1.2.3", {release("1.2.4"), release("1.3.0"), release("1.3.1"), release("2.0.0"),
                      release("3.1.0"), release("1.0.0")});
  const auto o = f.decide(with_rules("rules: []\n"));
  REQUIRE(o.updates.size() == 2);
  CHECK(o.updates[0].target == "1.3.1");
  CHECK(o.updates[0].update == UpdateType::minor);
  CHECK(o.updates[1].target == "3.1.0");
  CHECK(o.updates[1].update == UpdateType::major);
  CHECK(o.updates[1].breaking);
  // Defaults apply when no rule matches.
  CHECK(o.updates[0].tier == Tier::medium);
  CHECK(o.updates[0].action == Action::plan);
  CHECK(o.updates[0].rules.empty());
}

TEST_CASE("engine: no newer version, no update, an unreadable current version is a note") {
  Fixture f("2.0.0", {release("1.9.0"), release("2.0.0")});
  auto o = f.decide(with_rules("rules: []\n"));
  CHECK(o.updates.empty());
  CHECK_THAT(o.note, Catch::Contains("no candidate"));
  f.subject.current = "not-a-version";
  o = f.decide(with_rules("rules: []\n"));
  CHECK(o.updates.empty());
  CHECK_THAT(o.note, Catch::Contains("not a semver version"));
}

TEST_CASE("engine: pre-releases are candidates only when the current version is one") {
  Fixture f("1.2.3", {release("1.3.0-rc.1", "2026-01-01", true), release("1.2.4")});
  auto o = f.decide(with_rules("rules: []\n"));
  REQUIRE(o.updates.size() == 1);
  CHECK(o.updates[0].target == "1.2.4");
  f.subject.current = "1.2.3-beta.1";
  o = f.decide(with_rules("rules: []\n"));
  REQUIRE(o.updates.size() == 1);
  CHECK(o.updates[0].target == "1.3.0-rc.1");
}

TEST_CASE("match.update selects by update type") {
  Fixture f("1.2.3", {release("1.2.9"), release("2.0.0")});
  const auto o = f.decide(with_rules(
      "rules:\n  - name: p\n    match: {update: [patch]}\n    tier: low\n    action: auto-pr\n"));
  REQUIRE(o.updates.size() == 2);
  CHECK(find(o, UpdateType::patch)->tier == Tier::low);
  CHECK(find(o, UpdateType::patch)->action == Action::auto_pr);
  CHECK(find(o, UpdateType::major)->tier == Tier::medium);
  CHECK(find(o, UpdateType::major)->rules.empty());
}

TEST_CASE("match.datasource compares the datasource name") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto p = with_rules(
      "rules:\n  - name: tf\n    match: {datasource: [terraform-provider, helm]}\n"
      "    tier: low\n");
  CHECK(f.decide(p).updates[0].tier == Tier::medium);
  f.subject.datasource = Datasource::helm;
  CHECK(f.decide(p).updates[0].tier == Tier::low);
}

TEST_CASE("match.package globs the package, '*' crossing '/'") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto p =
      with_rules("rules:\n  - name: hc\n    match: {package: [\"hashicorp/*\"]}\n    tier: low\n");
  CHECK(f.decide(p).updates[0].tier == Tier::medium);
  f.subject.package = "hashicorp/azurerm";
  CHECK(f.decide(p).updates[0].tier == Tier::low);
  f.subject.package = "registry.example/hashicorp/azurerm";
  CHECK(f.decide(p).updates[0].tier == Tier::medium);
}

TEST_CASE("match.component globs the display name, ignoring case") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto p = with_rules(
      "rules:\n  - name: rc\n    match: {component: [\"Rocket.Chat*\"]}\n    tier: high\n");
  CHECK(f.decide(p).updates[0].tier == Tier::medium);
  f.subject.name = "rocket.chat application";
  CHECK(f.decide(p).updates[0].tier == Tier::high);
}

TEST_CASE("match.file globs the pin's file, '**' spanning directories") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto p = with_rules(
      "rules:\n  - name: tf\n    match: {file: [\"terraform/**\", \"**/Chart.yaml\"]}\n"
      "    tier: low\n");
  f.subject.file = "terraform/modules/aks/versions.tf";
  CHECK(f.decide(p).updates[0].tier == Tier::low);
  f.subject.file = "charts/x/Chart.yaml";
  CHECK(f.decide(p).updates[0].tier == Tier::low);
  f.subject.file = "Chart.yaml";
  CHECK(f.decide(p).updates[0].tier == Tier::low);
  f.subject.file = "ops/terraform/main.tf";
  CHECK(f.decide(p).updates[0].tier == Tier::medium);
}

TEST_CASE("match.current is a range in the component's scheme") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto p = with_rules(
      "rules:\n  - name: one\n    match: {current: \">=1.0.0 <2.0.0\"}\n    tier: low\n");
  CHECK(f.decide(p).updates[0].tier == Tier::low);
  Fixture g("2.2.3", {release("2.2.9")});
  CHECK(g.decide(p).updates[0].tier == Tier::medium);
  // The same rule in the hashicorp scheme, written in its own syntax.
  Fixture h("4.78.0", {release("4.78.1")}, "hashicorp");
  const auto q = with_rules(
      "rules:\n  - name: four\n    match: {current: \">= 4.0, < 5.0\"}\n    tier: low\n");
  CHECK(h.decide(q).updates[0].tier == Tier::low);
}

TEST_CASE("match.eol and match.deprecated compare the component's flags") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto p = with_rules(
      "rules:\n  - name: eol\n    match: {eol: true}\n    tier: high\n"
      "  - name: dep\n    match: {deprecated: true}\n    action: ignore\n"
      "  - name: live\n    match: {eol: false}\n    group: alive\n");
  auto u = f.decide(p).updates[0];
  CHECK(u.tier == Tier::medium);
  CHECK(u.group == "alive");
  f.subject.eol = true;
  u = f.decide(p).updates[0];
  CHECK(u.tier == Tier::high);
  CHECK(u.group.empty());
  f.subject.deprecated = true;
  CHECK(f.decide(p).updates[0].action == Action::ignore);
}

TEST_CASE("match.breaking marks minors under major 0") {
  Fixture f("0.8.1", {release("0.9.0")});
  const auto p = with_rules(
      "rules:\n  - name: zero\n    match: {update: [minor], breaking: true}\n    tier: high\n");
  const auto o = f.decide(p);
  REQUIRE(o.updates.size() == 1);
  CHECK(o.updates[0].update == UpdateType::minor);
  CHECK(o.updates[0].tier == Tier::high);
  Fixture g("1.8.1", {release("1.9.0")});
  CHECK(g.decide(p).updates[0].tier == Tier::medium);
}

TEST_CASE("all given match keys must hold, a list holds when any item does") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto p = with_rules(
      "rules:\n  - name: both\n    match: {update: [minor, patch], datasource: [helm]}\n    tier: "
      "low\n");
  CHECK(f.decide(p).updates[0].tier == Tier::medium);  // datasource does not hold
  f.subject.datasource = Datasource::helm;
  CHECK(f.decide(p).updates[0].tier == Tier::low);
}

TEST_CASE("a later rule overrides only the fields it sets") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto p = with_rules(
      "rules:\n"
      "  - name: first\n    tier: low\n    action: auto-pr\n    group: g1\n    labels: [a, b]\n"
      "    reason: first reason\n"
      "  - name: second\n    action: plan\n    labels: [c]\n"
      "  - name: third\n    match: {datasource: [helm]}\n    tier: high\n");
  const auto u = f.decide(p).updates[0];
  CHECK(u.tier == Tier::low);
  CHECK(u.action == Action::plan);
  CHECK(u.group == "g1");
  CHECK(u.labels == std::vector<std::string>{"c"});
  CHECK(u.rules == std::vector<std::string>{"first", "second"});
  CHECK_THAT(u.reasons[1], Catch::Contains("first reason"));
  CHECK_THAT(u.reasons.back(), Catch::Contains("result: tier low, action plan"));
}

TEST_CASE("range_strategy: the last matching rule's is carried into the update's JSON") {
  Fixture f("1.2.3", {release("1.2.9"), release("2.0.0")});
  const auto p = with_rules(
      "rules:\n"
      "  - name: all\n    range_strategy: widen\n"
      "  - name: majors\n    match: {update: [major]}\n    range_strategy: pin\n");
  const auto o = f.decide(p);
  REQUIRE(o.updates.size() == 2);
  CHECK(o.updates[0].range_strategy == RangeStrategy::widen);
  CHECK(o.updates[1].range_strategy == RangeStrategy::pin);
  const auto j = updates_to_json(o.updates);
  CHECK(j[0]["range_strategy"] == "widen");
  CHECK(j[1]["range_strategy"] == "pin");
  // No rule sets it: the key is absent and update uses its own default.
  const auto plain = f.decide(with_rules("rules: []\n"));
  CHECK_FALSE(plain.updates[0].range_strategy);
  CHECK_FALSE(updates_to_json(plain.updates)[0].contains("range_strategy"));
}

TEST_CASE("allowed_versions keeps candidates inside the release line") {
  Fixture f("8.2.1", {release("8.2.5"), release("8.3.0"), release("9.0.0")});
  const auto p = with_rules(
      "rules:\n  - name: line\n    match: {package: [\"acme/*\"]}\n"
      "    allowed_versions: \"8.2.x\"\n");
  const auto o = f.decide(p, {}, "2026-12-01T00:00:00Z", true);
  REQUIRE(o.updates.size() == 1);
  CHECK(o.updates[0].target == "8.2.5");
  const auto filtered = std::find_if(o.candidates.begin(), o.candidates.end(),
                                     [](const CandidateNote& c) { return c.version == "9.0.0"; });
  REQUIRE(filtered != o.candidates.end());
  CHECK_THAT(filtered->verdict, Catch::Contains("outside allowed_versions 8.2.x (rule 'line')"));
}

TEST_CASE("min_release_age: a young candidate waits until it is old enough") {
  Fixture f("1.2.3", {release("1.2.9", "2026-11-28T10:00:00Z")});
  const auto p =
      with_rules("rules:\n  - name: soak\n    min_release_age: 14d\n    action: auto-pr\n");
  auto u = f.decide(p).updates[0];
  CHECK(u.target == "1.2.9");  // not skipped silently
  CHECK(u.action == Action::wait);
  REQUIRE(u.ready_on);
  CHECK(*u.ready_on == "2026-12-13");  // 2026-11-28T10:00 + 14 d, rounded up to a whole day
  // Old enough: the rule's action stands.
  u = f.decide(p, {}, "2026-12-13T10:00:00Z").updates[0];
  CHECK(u.action == Action::auto_pr);
  CHECK_FALSE(u.ready_on);
  // No date known: not old enough, and no date to wait for.
  f.releases[0].published = "";
  u = f.decide(p).updates[0];
  CHECK(u.action == Action::wait);
  CHECK_FALSE(u.ready_on);
}

TEST_CASE("min_release_age accepts h and w, and never turns ignore into wait") {
  Fixture f("1.2.3", {release("1.2.9", "2026-11-30T12:00:00Z")});
  auto u = f.decide(with_rules("rules:\n  - name: s\n    min_release_age: 12h\n")).updates[0];
  CHECK(u.action == Action::plan);  // 12 h old at 2026-12-01T00:00
  u = f.decide(with_rules("rules:\n  - name: s\n    min_release_age: 2w\n")).updates[0];
  CHECK(u.action == Action::wait);
  CHECK(*u.ready_on == "2026-12-15");  // 2026-11-30T12:00 + 2 w, rounded up
  u = f.decide(with_rules("rules:\n  - name: s\n    min_release_age: 2w\n    action: ignore\n"))
          .updates[0];
  CHECK(u.action == Action::ignore);
}

TEST_CASE("couplings: a requirement that does not hold blocks the update") {
  const auto p = policy_of(std::string(k_header) +
                           "rules:\n  - name: all\n    action: auto-pr\n    tier: low\n"
                           "couplings:\n  - name: rc-needs-mongo-6\n"
                           "    if: {component: \"Rocket.Chat\", version: \">=8.0.0\"}\n"
                           "    requires: {component: \"MongoDB\", version: \">=6.0.0\"}\n"
                           "    source: https://example.invalid/notes\n");
  Fixture f("7.13.2", {release("7.13.5"), release("8.1.0")});
  f.subject.name = "Rocket.Chat";
  Estate estate = {{"Rocket.Chat", "acme/widget", versioning::SchemeId::semver, "7.13.2"},
                   {"MongoDB", "docker.io/library/mongo", versioning::SchemeId::docker, "5.0.24"}};
  auto o = f.decide(p, estate);
  REQUIRE(o.updates.size() == 2);
  const auto& minor = *find(o, UpdateType::patch);
  CHECK(minor.tier == Tier::low);  // 7.13.5 is outside the coupling's `if`
  CHECK_FALSE(minor.blocked_by);
  const auto& major = *find(o, UpdateType::major);
  CHECK(major.tier == Tier::blocked);
  CHECK(major.action == Action::plan);  // never auto-PR while blocked
  REQUIRE(major.blocked_by);
  CHECK(major.blocked_by->coupling == "rc-needs-mongo-6");
  CHECK(major.blocked_by->component == "MongoDB");
  CHECK(major.blocked_by->current == "5.0.24");
  // Once MongoDB has moved, the coupling holds.
  estate[1].version = "6.0.3";
  o = f.decide(p, estate);
  CHECK(find(o, UpdateType::major)->tier == Tier::low);
  CHECK_FALSE(find(o, UpdateType::major)->blocked_by);
  CHECK_THAT(find(o, UpdateType::major)->reasons,
             Catch::VectorContains(std::string("coupling 'rc-needs-mongo-6' holds: MongoDB "
                                               "6.0.3 meets >=6.0.0")));
  // Without a MongoDB in the repository there is nothing to check.
  o = f.decide(p, {estate[0]});
  CHECK(find(o, UpdateType::major)->tier == Tier::low);
}

TEST_CASE("couplings name components by package too") {
  const auto p = policy_of(std::string(k_header) +
                           "couplings:\n  - name: c\n"
                           "    if: {package: \"acme/*\", version: \">=2.0.0\"}\n"
                           "    requires: {package: \"db/*\", version: \">=3.0.0\"}\n");
  Fixture f("1.0.0", {release("2.0.0")});
  const auto o = f.decide(p, {{"Database", "db/server", versioning::SchemeId::semver, "2.9.0"}});
  CHECK(o.updates[0].tier == Tier::blocked);
  CHECK(o.updates[0].blocked_by->component == "Database");
}

TEST_CASE("action ignore is kept on the update (scan shows it, plans and PRs leave it out)") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto o = f.decide(with_rules("rules:\n  - name: quiet\n    action: ignore\n"));
  REQUIRE(o.updates.size() == 1);
  CHECK(o.updates[0].action == Action::ignore);
}

TEST_CASE("a rule may set tier blocked, auto-pr then becomes plan") {
  Fixture f("1.2.3", {release("1.2.9")});
  const auto u =
      f.decide(with_rules("rules:\n  - name: freeze\n    tier: blocked\n    action: auto-pr\n"))
          .updates[0];
  CHECK(u.tier == Tier::blocked);
  CHECK(u.action == Action::plan);
}

TEST_CASE("explain lists every release with what became of it") {
  Fixture f("1.2.3", {release("1.2.0"), release("1.3.0-rc.1", "2026-01-01", true), release("junk"),
                      release("1.2.4")});
  const auto o = f.decide(with_rules("rules: []\n"), {}, "2026-12-01T00:00:00Z", true);
  REQUIRE(o.candidates.size() == 4);
  CHECK_THAT(o.candidates[0].verdict, Catch::Contains("not newer"));
  CHECK_THAT(o.candidates[1].verdict, Catch::Contains("pre-release"));
  CHECK_THAT(o.candidates[2].verdict, Catch::Contains("not a semver version"));
  CHECK_THAT(o.candidates[3].verdict, Catch::Contains("candidate (patch)"));
}

TEST_CASE("endoflife cycles compare by their newest patch") {
  std::vector<sources::Release> cycles = {release("1.31"), release("1.30")};
  cycles[0].latest = "1.31.4";
  cycles[1].latest = "1.30.9";
  Fixture f("1.30.2", cycles, "loose");
  f.subject.datasource = Datasource::endoflife;
  const auto o = f.decide(with_rules("rules: []\n"));
  REQUIRE(o.updates.size() == 1);
  CHECK(o.updates[0].target == "1.31.4");
  CHECK(o.updates[0].update == UpdateType::minor);
}

TEST_CASE("an endoflife pin that names a cycle gets the next cycle, in the pin's terms") {
  std::vector<sources::Release> cycles = {release("1.32"), release("1.31"), release("1.30")};
  cycles[0].latest = "1.32.4";
  cycles[1].latest = "1.31.8";
  cycles[2].latest = "1.30.12";
  Fixture f("1.31", cycles, "loose");
  f.subject.datasource = Datasource::endoflife;
  for (const bool explain : {false, true}) {
    const auto o = f.decide(with_rules("rules: []\n"), {}, "2026-12-01T00:00:00Z", explain);
    REQUIRE(o.updates.size() == 1);
    CHECK(o.updates[0].target == "1.32");
    CHECK(o.updates[0].update == UpdateType::minor);
    CHECK_FALSE(o.updates[0].security);
  }
  // Without `latest` the cycles compare by name as before.
  for (auto& c : cycles) c.latest.clear();
  const auto o = f.decide(with_rules("rules: []\n"));
  REQUIRE(o.updates.size() == 1);
  CHECK(o.updates[0].target == "1.32");
}
