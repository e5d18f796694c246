// Deciding: the policy engine over 5,000 components and a 50-rule policy
// (issue 12 target: <= 50 ms, negligible next to the lookups). Each component
// has 30 releases, so candidate filtering is measured along with the rules.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "versiond/policy/engine.hpp"
#include "versiond/policy/load.hpp"
#include "versiond/store/dates.hpp"

namespace {

using namespace versiond::policy;

constexpr int k_components = 5000;
constexpr int k_rules = 50;

// 50 rules using every match key, in the proportions a real policy has them:
// most name a datasource, an update type or a package glob.
std::string policy_text() {
  std::string y = "version: 1\ndefaults: {tier: medium, action: plan}\nrules:\n";
  const char* datasources[] = {"helm", "docker", "terraform-provider", "github-releases"};
  const char* updates[] = {"patch", "minor", "major"};
  for (int i = 0; i < k_rules; ++i) {
    y += "  - name: rule-" + std::to_string(i) + "\n    match:\n";
    y += std::string("      update: [") + updates[i % 3] + "]\n";
    if (i % 2 == 0) {
      y += std::string("      datasource: [") + datasources[i % 4] + "]\n";
    }
    if (i % 3 == 0) {
      y += "      package: [\"org" + std::to_string(i % 7) + "/*\"]\n";
    }
    if (i % 5 == 0) {
      y += "      component: [\"*Service " + std::to_string(i % 9) + "*\"]\n";
    }
    if (i % 7 == 0) {
      y += "      file: [\"deploy/team" + std::to_string(i % 4) + "/**\"]\n";
    }
    if (i % 11 == 0) {
      y += "      current: \">=1.0.0\"\n";
    }
    if (i % 13 == 0) {
      y += "      eol: true\n";
    }
    y += std::string("    tier: ") + (i % 2 ? "low" : "high") + "\n";
    y += std::string("    action: ") + (i % 2 ? "auto-pr" : "plan") + "\n";
    if (i % 4 == 0) {
      y += "    min_release_age: 3d\n";
    }
    if (i % 6 == 0) {
      y += "    group: g" + std::to_string(i) + "\n    labels: [dependencies]\n";
    }
    y += "    reason: \"rule number " + std::to_string(i) + "\"\n";
  }
  y += "couplings:\n  - name: c\n    if: {component: \"Service 1*\", version: \">=2.0.0\"}\n"
       "    requires: {component: \"Database\", version: \">=5.0.0\"}\n";
  return y;
}

struct World {
  Policy policy;
  std::vector<std::vector<versiond::sources::Release>> releases;
  std::vector<Subject> subjects;
  Estate estate;
};

World make_world(int releases_per_component) {
  World w;
  const auto loaded = parse_policy(policy_text(), "bench.yaml");
  if (!loaded.ok()) {
    throw std::runtime_error(loaded.errors.front().to_string());
  }
  w.policy = loaded.policy;
  const char* datasources[] = {"helm", "docker", "terraform-provider", "github-releases"};
  w.releases.resize(k_components);
  for (int i = 0; i < k_components; ++i) {
    for (int major = 1; major <= 3; ++major) {
      for (int minor = 0; minor < 5; ++minor) {
        for (int patch = 0; patch < 2; ++patch) {
          versiond::sources::Release r;
          r.version =
              std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
          r.published = "2026-" + std::string(major == 3 ? "11-28" : "06-01");
          w.releases[i].push_back(r);
        }
      }
    }
    if (releases_per_component == 2) {  // one non-major and one major candidate
      w.releases[i] = {w.releases[i][9], w.releases[i].back()};
    }
    Subject s;
    s.name = "Service " + std::to_string(i);
    s.package = "org" + std::to_string(i % 10) + "/svc" + std::to_string(i);
    s.datasource = *versiond::parse_datasource(datasources[i % 4]);
    s.file = "deploy/team" + std::to_string(i % 6) + "/app" + std::to_string(i) + ".yaml";
    s.scheme = versiond::versioning::SchemeId::semver;
    s.current = "1." + std::to_string(i % 4) + ".0";
    s.eol = i % 10 == 0;
    w.subjects.push_back(s);
    w.estate.push_back({s.name, s.package, s.scheme, s.current});
  }
  w.estate.push_back({"Database", "db/server", versiond::versioning::SchemeId::semver, "4.4.0"});
  for (int i = 0; i < k_components; ++i) {
    w.subjects[i].releases = &w.releases[i];
  }
  return w;
}

void BM_DecideEstate(benchmark::State& state) {
  const World w = make_world(static_cast<int>(state.range(0)));
  const auto now = *versiond::store::parse_instant("2026-12-01T00:00:00Z");
  std::size_t updates = 0;
  for (auto _ : state) {
    updates = 0;
    // As a scan does it: index the couplings once, then decide every component.
    const CouplingIndex index = index_couplings(w.policy, w.estate);
    for (const auto& s : w.subjects) {
      updates += decide_updates(w.policy, s, w.estate, now, {false, &index}).updates.size();
    }
    benchmark::DoNotOptimize(updates);
  }
  state.counters["components"] = k_components;
  state.counters["rules"] = static_cast<double>(w.policy.rules.size());
  state.counters["updates"] = static_cast<double>(updates);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * k_components);
}

}  // namespace

// 30 releases per component, and 2 (one non-major, one major: the rules dominate).
BENCHMARK(BM_DecideEstate)->Arg(30)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
