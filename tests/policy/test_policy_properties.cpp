// Properties of rule order: the engine's result equals a plain fold of the
// matching rules in file order, and a rule that matches nothing changes nothing.
#include <random>

#include "policy/policy_test_support.hpp"
#include "versiond/policy/glob.hpp"

using namespace policy_test;

namespace {

const std::vector<Datasource> k_datasources = {Datasource::helm, Datasource::docker,
                                               Datasource::terraform_provider,
                                               Datasource::github_releases};
const std::vector<std::string> k_packages = {"acme/*", "hashicorp/*", "*/mongo", "*"};
const std::vector<std::string> k_names = {"Widget*", "*db*", "Rocket.Chat", "*"};
const std::vector<std::string> k_files = {"deploy/**", "terraform/**", "**/*.yaml", "charts/*"};

template <typename T>
const T& pick(std::mt19937& rng, const std::vector<T>& from) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

bool coin(std::mt19937& rng, int percent) {
  return std::uniform_int_distribution<int>(0, 99)(rng) < percent;
}

Rule random_rule(std::mt19937& rng, int index) {
  Rule r;
  r.name = "r" + std::to_string(index);
  if (coin(rng, 40)) {
    r.match.update = {pick(
        rng, std::vector<UpdateType>{UpdateType::patch, UpdateType::minor, UpdateType::major})};
  }
  if (coin(rng, 25)) {
    r.match.datasource = {pick(rng, k_datasources)};
  }
  if (coin(rng, 25)) {
    r.match.package = {pick(rng, k_packages)};
  }
  if (coin(rng, 25)) {
    r.match.component = {pick(rng, k_names)};
  }
  if (coin(rng, 20)) {
    r.match.file = {pick(rng, k_files)};
  }
  if (coin(rng, 15)) {
    r.match.eol = coin(rng, 50);
  }
  if (coin(rng, 15)) {
    r.match.breaking = coin(rng, 50);
  }
  if (coin(rng, 15)) {
    r.match.current = pick(rng, std::vector<std::string>{">=1.0.0", "<1.0.0", ">=2.0.0 <3.0.0"});
  }
  if (coin(rng, 50)) {
    r.tier = pick(rng, std::vector<Tier>{Tier::low, Tier::medium, Tier::high});
  }
  if (coin(rng, 50)) {
    r.action = pick(rng, std::vector<Action>{Action::auto_pr, Action::plan, Action::ignore});
  }
  if (coin(rng, 30)) {
    r.group = "g" + std::to_string(index);
  }
  if (coin(rng, 30)) {
    r.labels = std::vector<std::string>{"l" + std::to_string(index)};
  }
  return r;
}

Subject random_subject(std::mt19937& rng, Fixture& f) {
  f.subject.datasource = pick(rng, k_datasources);
  f.subject.package = pick(
      rng, std::vector<std::string>{"acme/widget", "hashicorp/azurerm", "docker.io/library/mongo"});
  f.subject.name = pick(rng, std::vector<std::string>{"Widget", "MongoDB", "Rocket.Chat"});
  f.subject.file = pick(
      rng, std::vector<std::string>{"deploy/a.yaml", "terraform/main.tf", "charts/x/Chart.yaml"});
  f.subject.eol = coin(rng, 30);
  f.subject.current = pick(rng, std::vector<std::string>{"0.4.1", "1.2.3", "2.5.0"});
  return f.subject;
}

// The documented semantics, written as plainly as possible.
bool holds(const Match& m, const Subject& s, const Update& u) {
  const auto any = [](const auto& globs, auto pred) {
    if (globs.empty()) {
      return true;
    }
    for (const auto& g : globs) {
      if (pred(g)) {
        return true;
      }
    }
    return false;
  };
  if (!m.update.empty() &&
      std::find(m.update.begin(), m.update.end(), u.update) == m.update.end()) {
    return false;
  }
  if ((m.breaking && *m.breaking != u.breaking) || (m.eol && *m.eol != s.eol)) {
    return false;
  }
  if (!m.current.empty() && !versioning::scheme_for(s.scheme).satisfies(s.current, m.current)) {
    return false;
  }
  return any(m.datasource, [&](Datasource d) { return d == s.datasource; }) &&
         any(m.package, [&](const std::string& g) { return glob_match(g, s.package); }) &&
         any(m.component, [&](const std::string& g) { return glob_match(g, s.name, true); }) &&
         any(m.file, [&](const std::string& g) { return path_glob_match(g, s.file); });
}

struct Folded {
  Tier tier;
  Action action;
  std::string group;
  std::vector<std::string> labels;
  std::vector<std::string> rules;
};

Folded fold(const Policy& p, const Subject& s, const Update& u) {
  Folded f{p.default_tier, p.default_action, "", {}, {}};
  for (const auto& r : p.rules) {
    if (!holds(r.match, s, u)) {
      continue;
    }
    f.rules.push_back(r.name);
    f.tier = r.tier.value_or(f.tier);
    f.action = r.action.value_or(f.action);
    f.group = r.group.value_or(f.group);
    f.labels = r.labels.value_or(f.labels);
  }
  return f;
}

std::vector<sources::Release> k_releases = {release("0.4.2"), release("0.5.0"), release("1.2.4"),
                                            release("1.3.0"), release("2.0.0"), release("2.5.1"),
                                            release("3.0.0")};

}  // namespace

TEST_CASE("property: the decision is the fold of matching rules in order") {
  std::mt19937 rng(20261206);
  int updates_checked = 0;
  for (int iteration = 0; iteration < 2000; ++iteration) {
    Policy p;
    const int n = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int i = 0; i < n; ++i) {
      p.rules.push_back(random_rule(rng, i));
    }
    Fixture f("1.2.3", k_releases);
    const Subject s = random_subject(rng, f);
    const auto o = f.decide(p);
    for (const auto& u : o.updates) {
      const Folded expected = fold(p, s, u);
      INFO("iteration " << iteration << " target " << u.target);
      CHECK(u.tier == expected.tier);
      CHECK(u.action == expected.action);
      CHECK(u.group == expected.group);
      CHECK(u.labels == expected.labels);
      CHECK(u.rules == expected.rules);
      ++updates_checked;
    }
  }
  CHECK(updates_checked > 2000);
}

TEST_CASE("property: appending a rule that matches nothing never changes a decision") {
  std::mt19937 rng(7);
  for (int iteration = 0; iteration < 1000; ++iteration) {
    Policy p;
    const int n = std::uniform_int_distribution<int>(0, 10)(rng);
    for (int i = 0; i < n; ++i) {
      p.rules.push_back(random_rule(rng, i));
    }
    Fixture f("1.2.3", k_releases);
    random_subject(rng, f);
    const auto before = f.decide(p);
    Rule never = random_rule(rng, 99);
    never.match.package = {"no-such-registry/*"};
    never.tier = Tier::blocked;
    never.action = Action::ignore;
    p.rules.push_back(never);
    const auto after = f.decide(p);
    REQUIRE(before.updates.size() == after.updates.size());
    for (std::size_t i = 0; i < before.updates.size(); ++i) {
      CHECK(before.updates[i].tier == after.updates[i].tier);
      CHECK(before.updates[i].action == after.updates[i].action);
      CHECK(before.updates[i].rules == after.updates[i].rules);
      CHECK(before.updates[i].reasons == after.updates[i].reasons);
    }
  }
}

TEST_CASE("property: a rule setting every field, appended last, decides alone") {
  std::mt19937 rng(11);
  for (int iteration = 0; iteration < 500; ++iteration) {
    Policy p;
    for (int i = 0; i < 8; ++i) {
      p.rules.push_back(random_rule(rng, i));
    }
    Rule last;
    last.name = "last";
    last.tier = pick(rng, std::vector<Tier>{Tier::low, Tier::medium, Tier::high});
    last.action = pick(rng, std::vector<Action>{Action::auto_pr, Action::plan, Action::ignore});
    last.group = "final";
    last.labels = std::vector<std::string>{"final"};
    p.rules.push_back(last);
    Fixture f("1.2.3", k_releases);
    random_subject(rng, f);
    for (const auto& u : f.decide(p).updates) {
      CHECK(u.tier == *last.tier);
      CHECK(u.action == *last.action);
      CHECK(u.group == "final");
      CHECK(u.rules.back() == "last");
    }
  }
}

TEST_CASE("property: the quick candidate pick equals the per-release walk of explain") {
  std::mt19937 rng(99);
  // Plain versions, tags with variants and tails (docker), shapes only loose
  // reads, and versions equal in precedence but not in text (v1.4.0, 1.4.0).
  const std::vector<std::string> pool = {
      "0.9.0", "1.0.0",  "1.2.3",      "1.2.10",           "1.10.0",       "2.0.0",
      "2.3.1", "10.1.0", "1.3.0-rc.1", "v1.4.0",           "junk",         "3.0.0-beta.2",
      "2.0.0", "1.2.4",  "1.4.0",      "1.2.4-alpine",     "2.1.0-alpine", "1.2",
      "2.0",   "r124",   "1.2.5rc1",   "1.3.0-alpine3.20", "2024.01.15",   "1.2.3.4"};
  const Policy p = policy_of(
      "version: 1\nrules:\n  - name: line\n    match: {package: [\"line/*\"]}\n"
      "    allowed_versions: \">=1.0.0 <2.0.0\"\n");
  int compared = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::vector<sources::Release> rels;
    const int n = std::uniform_int_distribution<int>(0, 10)(rng);
    for (int i = 0; i < n; ++i) {
      const std::string v = pick(rng, pool);
      // A date per position, so that the chosen release (not only its text) is compared.
      const std::string day = (i < 9 ? "0" : "") + std::to_string(i + 1);
      rels.push_back(
          release(v, "2026-01-" + day, v.find('-') != std::string::npos && coin(rng, 80)));
    }
    for (const char* scheme : {"semver", "helm", "hashicorp", "docker", "loose"}) {
      Fixture f(pick(rng, std::vector<std::string>{"1.2.3", "0.9.0", "2.0.0", "v1.2.3",
                                                   "1.2.3-alpine", "1.2", "r123"}),
                rels, scheme);
      f.subject.package = coin(rng, 30) ? "line/x" : "acme/x";
      if (!versioning::scheme_for(scheme).valid(f.subject.current)) {
        continue;
      }
      const auto quick = f.decide(p);
      const auto walked = f.decide(p, {}, "2026-12-01T00:00:00Z", true);
      INFO("iteration " << iteration << " scheme " << scheme << " current " << f.subject.current);
      REQUIRE(quick.updates.size() == walked.updates.size());
      for (std::size_t i = 0; i < quick.updates.size(); ++i) {
        CHECK(quick.updates[i].target == walked.updates[i].target);
        CHECK(quick.updates[i].update == walked.updates[i].update);
        CHECK(quick.updates[i].breaking == walked.updates[i].breaking);
        CHECK(quick.updates[i].published == walked.updates[i].published);
        ++compared;
      }
    }
  }
  CHECK(compared > 1000);
}
