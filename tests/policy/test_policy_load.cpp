#include <algorithm>

#include "policy/policy_test_support.hpp"
#include "versiond/core/error.hpp"
#include "versiond/policy/duration.hpp"
#include "versiond/policy/glob.hpp"

using namespace policy_test;

namespace {

std::vector<std::string> errors_of(const std::string& yaml) {
  std::vector<std::string> out;
  for (const auto& e : parse_policy(yaml, "p.yaml").errors) {
    out.push_back(e.to_string());
  }
  return out;
}

bool any_equal(const std::vector<std::string>& all, const std::string& wanted) {
  for (const auto& s : all) {
    UNSCOPED_INFO(s);
  }
  return std::find(all.begin(), all.end(), wanted) != all.end();
}

bool any_starts(const std::vector<std::string>& all, const std::string& prefix) {
  for (const auto& s : all) {
    UNSCOPED_INFO(s);
  }
  return std::any_of(all.begin(), all.end(),
                     [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST_CASE("load: a full policy reads every key") {
  const auto p = policy_of(R"(version: 1
defaults: {tier: low, action: wait}
rules:
  - name: all
    match:
      update: [patch, minor, major, digest]
      datasource: [terraform-provider]
      package: ["hashicorp/*"]
      component: ["Rocket.Chat*"]
      file: ["terraform/**"]
      current: ">= 1.0.0, < 2.0.0"
      eol: true
      deprecated: false
      breaking: true
    tier: high
    action: auto-pr
    min_release_age: 14d
    group: g
    labels: [dependencies, x]
    reason: "why"
  - name: line
    allowed_versions: "8.2.x"
couplings:
  - name: c
    if: {component: "Rocket.Chat", version: ">=8.0.0"}
    requires: {package: ["docker.io/library/mongo"], version: ">=6.0.0"}
    source: https://example.invalid
)");
  CHECK(p.default_tier == Tier::low);
  CHECK(p.default_action == Action::wait);
  REQUIRE(p.rules.size() == 2);
  const auto& r = p.rules[0];
  CHECK(r.line == 4);
  CHECK(r.match.update.size() == 4);
  CHECK(r.match.datasource == std::vector<Datasource>{Datasource::terraform_provider});
  CHECK(r.match.package == std::vector<std::string>{"hashicorp/*"});
  CHECK(r.match.component == std::vector<std::string>{"Rocket.Chat*"});
  CHECK(r.match.file == std::vector<std::string>{"terraform/**"});
  CHECK(r.match.current == ">= 1.0.0, < 2.0.0");
  CHECK(*r.match.eol);
  CHECK_FALSE(*r.match.deprecated);
  CHECK(*r.match.breaking);
  CHECK(*r.tier == Tier::high);
  CHECK(*r.action == Action::auto_pr);
  CHECK(*r.min_release_age == std::chrono::hours(24 * 14));
  CHECK(*r.group == "g");
  CHECK(r.labels->size() == 2);
  CHECK(*r.reason == "why");
  CHECK(*p.rules[1].allowed_versions == "8.2.x");
  REQUIRE(p.couplings.size() == 1);
  CHECK(p.couplings[0].when.component == std::vector<std::string>{"Rocket.Chat"});
  CHECK(p.couplings[0].needs.package == std::vector<std::string>{"docker.io/library/mongo"});
  CHECK(p.couplings[0].needs.version == ">=6.0.0");
  CHECK(p.couplings[0].source == "https://example.invalid");
}

TEST_CASE("load: unknown keys anywhere, with file, line and field") {
  const auto e = errors_of(R"(version: 1
colour: blue
defaults: {tier: low, speed: 3}
rules:
  - name: a
    mtach: {update: [patch]}
  - name: b
    match: {updates: [patch]}
couplings:
  - name: c
    if: {component: x, version: ">=1.0.0", when: now}
    requires: {component: y, version: ">=1.0.0"}
)");
  CHECK(any_starts(e, "p.yaml:2: colour: unknown key"));
  CHECK(any_starts(e, "p.yaml:3: defaults.speed: unknown key"));
  CHECK(any_starts(e, "p.yaml:6: rules[0].mtach: unknown key"));
  CHECK(any_starts(e, "p.yaml:8: rules[1].match.updates: unknown key"));
  CHECK(any_starts(e, "p.yaml:11: couplings[0].if.when: unknown key"));
  CHECK(e.size() == 5);  // every error, not only the first
}

TEST_CASE("load: bad values of closed sets") {
  const auto e = errors_of(R"(version: 1
defaults: {tier: extreme, action: merge}
rules:
  - name: a
    match: {update: [tiny], datasource: [npm], eol: maybe}
    tier: urgent
    action: yolo
)");
  CHECK(any_starts(e, "p.yaml:2: defaults.tier: unknown tier 'extreme'"));
  CHECK(any_starts(e, "p.yaml:2: defaults.action: unknown action 'merge'"));
  CHECK(any_starts(e, "p.yaml:5: rules[0].match.update: unknown update type 'tiny'"));
  CHECK(any_starts(e, "p.yaml:5: rules[0].match.datasource: unknown datasource 'npm'"));
  CHECK(any_equal(e, "p.yaml:5: rules[0].match.eol: must be true or false"));
  CHECK(any_starts(e, "p.yaml:6: rules[0].tier: unknown tier 'urgent'"));
  CHECK(any_starts(e, "p.yaml:7: rules[0].action: unknown action 'yolo'"));
}

TEST_CASE("load: bad globs") {
  const auto e = errors_of(R"(version: 1
rules:
  - name: a
    match:
      package: ["hashicorp/[az"]
      component: [""]
      file: ["terraform/a**/x"]
)");
  CHECK(any_starts(e, "p.yaml:5: rules[0].match.package: glob 'hashicorp/[az' has a '['"));
  CHECK(any_equal(e, "p.yaml:6: rules[0].match.component: empty glob"));
  CHECK(any_starts(e, "p.yaml:7: rules[0].match.file: glob 'terraform/a**/x': '**' must be"));
}

TEST_CASE("load: ranges must be readable in the component's scheme") {
  const auto e = errors_of(R"(version: 1
rules:
  - name: a
    match: {current: "~> banana"}
  - name: b
    match: {datasource: [terraform-provider], current: "^1.2.0"}
  - name: c
    match: {datasource: [terraform-provider]}
    allowed_versions: "~> 4.78"
couplings:
  - name: x
    if: {component: a, version: "lots"}
    requires: {component: b, version: ">=1.0.0"}
)");
  CHECK(any_starts(e, "p.yaml:4: rules[0].match.current: '~> banana' is not a range in any"));
  CHECK(any_equal(e,
                  "p.yaml:6: rules[1].match.current: '^1.2.0' is not a range of the "
                  "hashicorp scheme"));
  CHECK(any_starts(e, "p.yaml:12: couplings[0].if.version: 'lots' is not a range"));
  CHECK(e.size() == 3);  // "~> 4.78" is a hashicorp range
}

TEST_CASE("load: names are required and unique") {
  const auto e = errors_of(R"(version: 1
rules:
  - name: a
  - name: a
  - tier: low
couplings:
  - name: c
    if: {component: a, version: ">=1.0.0"}
    requires: {component: b, version: ">=1.0.0"}
  - name: c
    if: {component: a}
)");
  CHECK(any_equal(e, "p.yaml:4: rules[1].name: duplicate rule name 'a'"));
  CHECK(any_equal(e, "p.yaml:5: rules[2].name: required"));
  CHECK(any_equal(e, "p.yaml:10: couplings[1].name: duplicate coupling name 'c'"));
  CHECK(any_equal(e, "p.yaml:11: couplings[1].if.version: required"));
  CHECK(any_equal(e, "p.yaml:10: couplings[1].requires: required"));
}

TEST_CASE("load: durations, allowed_versions placement, version and shape") {
  auto e = errors_of(R"(version: 1
rules:
  - name: a
    min_release_age: 14 days
  - name: b
    match: {update: [major]}
    allowed_versions: "8.2.x"
  - name: c
    labels: {a: b}
)");
  CHECK(any_starts(e, "p.yaml:4: rules[0].min_release_age: '14 days' is not a duration"));
  CHECK(any_starts(e, "p.yaml:7: rules[1].allowed_versions: cannot be set by a rule that matches"));
  CHECK(any_starts(e, "p.yaml:9: rules[2].labels: must be a string or a non-empty list"));
  e = errors_of("version: 2\nrules: {}\n");
  CHECK(any_starts(e, "p.yaml:1: version: unsupported policy version"));
  CHECK(any_equal(e, "p.yaml:2: rules: must be a list of rules"));
  e = errors_of("rules: []\n");
  CHECK(any_starts(e, "p.yaml:1: version: required"));
}

TEST_CASE("load: YAML syntax errors and unreadable files are errors too") {
  auto e = errors_of("version: 1\nrules: [\n  - name: a\n");
  REQUIRE(e.size() == 1);
  CHECK_THAT(e[0], Catch::StartsWith("p.yaml:"));
  const auto missing = load_policy_file("/nonexistent/policy.yaml");
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0].to_string() ==
        "/nonexistent/policy.yaml:1: (file): cannot be read: No such file or directory");
  CHECK(missing.policy.source == "/nonexistent/policy.yaml");
}

TEST_CASE("load: require_valid throws a config error listing every error") {
  const auto loaded = parse_policy("version: 1\nfoo: 1\nbar: 2\n", "p.yaml");
  try {
    require_valid(loaded);
    FAIL("no exception");
  } catch (const Error& err) {
    CHECK(err.kind() == ErrorKind::config);
    CHECK_THAT(err.what(), Catch::Contains("p.yaml:2: foo: unknown key"));
    CHECK_THAT(err.what(), Catch::Contains("p.yaml:3: bar: unknown key"));
  }
}

TEST_CASE("load: a coupling naming no component of the repository is a warning") {
  const auto p = policy_of(R"(version: 1
couplings:
  - name: c
    if: {component: "Rocket.Chat", version: ">=8.0.0"}
    requires: {component: "MongoDB", version: ">=6.0.0"}
)");
  auto w = check_couplings(p, {{"Rocket.Chat", "rocketchat/rocket.chat"}});
  REQUIRE(w.size() == 1);
  CHECK(w[0].warning);
  CHECK(w[0].to_string() ==
        "test.yaml:3: couplings[0].requires: warning: no component of the repository matches "
        "(coupling 'c' never applies here)");
  w = check_couplings(p, {{"rocket.chat", ""}, {"MongoDB", ""}});
  CHECK(w.empty());
}

TEST_CASE("globs: fnmatch for names, segments and ** for files") {
  CHECK(glob_match("hashicorp/*", "hashicorp/azurerm"));
  CHECK_FALSE(glob_match("hashicorp/*", "Hashicorp/azurerm"));
  CHECK(glob_match("rocket.chat*", "Rocket.Chat Application", true));
  CHECK(path_glob_match("terraform/**", "terraform/a/b/c.tf"));
  CHECK(path_glob_match("**/*.tf", "a/b/c.tf"));
  CHECK(path_glob_match("**/*.tf", "c.tf"));
  CHECK(path_glob_match("a/**/b", "a/b"));
  CHECK_FALSE(path_glob_match("terraform/*", "terraform/a/b.tf"));
  CHECK_FALSE(path_glob_match("terraform/**", "ops/terraform/x"));
  CHECK(glob_problem("a[]]b", false).empty());
  CHECK_FALSE(glob_problem("a\\", false).empty());
}

TEST_CASE("durations: m, h, d, w, anything else is rejected") {
  CHECK(*parse_duration("30m") == std::chrono::minutes(30));
  CHECK(*parse_duration("12h") == std::chrono::hours(12));
  CHECK(*parse_duration("14d") == std::chrono::hours(24 * 14));
  CHECK(*parse_duration("2w") == std::chrono::hours(24 * 14));
  for (const char* bad : {"", "d", "0d", "-1d", "1.5d", "14", "14x", "d14", "1 d"}) {
    CHECK_FALSE(parse_duration(bad));
  }
}

TEST_CASE("enums: one to_string/parse pair each, round-tripping") {
  for (const auto t :
       {UpdateType::patch, UpdateType::minor, UpdateType::major, UpdateType::digest}) {
    CHECK(parse_update_type(to_string(t)) == t);
  }
  for (const auto t : {Tier::low, Tier::medium, Tier::high, Tier::blocked}) {
    CHECK(parse_tier(to_string(t)) == t);
  }
  for (const auto a : {Action::auto_pr, Action::plan, Action::wait, Action::ignore}) {
    CHECK(parse_action(to_string(a)) == a);
  }
  CHECK(to_string(Action::auto_pr) == "auto-pr");
  CHECK_FALSE(parse_action("auto_pr"));
}

TEST_CASE("load: range_strategy is one of bump, widen, replace, pin") {
  const auto p = policy_of(R"(version: 1
rules:
  - name: providers
    match: {datasource: [terraform-provider]}
    range_strategy: pin
  - name: charts
    range_strategy: widen
  - name: none
    tier: low
)");
  REQUIRE(p.rules.size() == 3);
  CHECK(p.rules[0].range_strategy == RangeStrategy::pin);
  CHECK(p.rules[1].range_strategy == RangeStrategy::widen);
  CHECK_FALSE(p.rules[2].range_strategy);
  CHECK_THAT(p.rules[0].sentence, Catch::Contains("range_strategy pin"));

  const auto e = errors_of(R"(version: 1
rules:
  - name: a
    tier: low
    range_strategy: exact
  - name: b
    range_strategy: [pin]
)");
  CHECK(any_equal(e,
                  "p.yaml:5: rules[0].range_strategy: unknown range strategy 'exact' "
                  "(expected bump, widen, replace or pin)"));
  CHECK(any_equal(e, "p.yaml:7: rules[1].range_strategy: must be a string"));
  CHECK(e.size() == 2);
}

TEST_CASE("enums: RangeStrategy round-trips through to_string/parse") {
  for (const auto s :
       {RangeStrategy::replace, RangeStrategy::bump, RangeStrategy::widen, RangeStrategy::pin}) {
    CHECK(parse_range_strategy(to_string(s)) == s);
  }
  CHECK_FALSE(parse_range_strategy("Pin"));
}
