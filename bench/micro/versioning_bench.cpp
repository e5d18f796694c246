// Version-constraint evaluation and candidate selection, per scheme, over a realistic
// release list (1,000 versions with pre-releases, as a long-lived project accumulates).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/versioning/scheme.hpp"

namespace {

using versiond::versioning::scheme_for;

std::vector<std::string> releases(const std::string& prefix) {
  std::vector<std::string> out;
  for (int major = 0; major < 5; ++major)
    for (int minor = 0; minor < 40; ++minor)
      for (int patch = 0; patch < 5; ++patch) {
        std::string v = prefix + std::to_string(major) + "." + std::to_string(minor) + "." +
                        std::to_string(patch);
        out.push_back(patch == 0 && minor % 4 == 0 ? v + "-rc.1" : v);
      }
  return out;  // 1,000 versions
}

void satisfies(benchmark::State& state, const char* scheme, const char* constraint) {
  const auto& s = scheme_for(scheme);
  const auto versions = releases("");
  std::size_t hits = 0;
  for (auto _ : state) {
    hits = 0;
    for (const auto& v : versions) hits += s.satisfies(v, constraint) ? 1 : 0;
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(versions.size()));
  state.counters["matching"] = static_cast<double>(hits);
}

void latest(benchmark::State& state, const char* scheme, const char* constraint,
            const char* current, const char* prefix) {
  const auto& s = scheme_for(scheme);
  const auto versions = releases(prefix);
  // A null pointer means "not given" (std::nullopt), never an empty string.
  const auto opt = [](const char* text) -> std::optional<std::string_view> {
    if (text == nullptr) return std::nullopt;
    return std::string_view(text);
  };
  for (auto _ : state) {
    auto best = s.latest(versions, opt(constraint), opt(current));
    benchmark::DoNotOptimize(best);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(versions.size()));
}

void sort_versions(benchmark::State& state, const char* scheme) {
  const auto& s = scheme_for(scheme);
  auto versions = releases("v");
  for (auto _ : state) {
    state.PauseTiming();
    std::reverse(versions.begin(), versions.end());
    state.ResumeTiming();
    std::sort(versions.begin(), versions.end(),
              [&](const std::string& a, const std::string& b) { return s.compare(a, b) < 0; });
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(versions.size()));
}

void BM_Satisfies_Hashicorp_Pessimistic(benchmark::State& s) {
  satisfies(s, "hashicorp", "~> 3.10");
}
void BM_Satisfies_Hashicorp_MultiClause(benchmark::State& s) {
  satisfies(s, "hashicorp", ">= 2.0.0, >= 2.42.0, < 4.0.0, != 3.1.2");
}
void BM_Satisfies_Helm_CaretOrTilde(benchmark::State& s) {
  satisfies(s, "helm", "^1.2.0 || ~2.3.0");
}
void BM_Satisfies_Helm_HyphenRange(benchmark::State& s) { satisfies(s, "helm", "1.2 - 3.4.x"); }
void BM_Latest_Hashicorp_InRange(benchmark::State& s) {
  latest(s, "hashicorp", "~> 3.10", nullptr, "");
}
void BM_Latest_Helm_Newest(benchmark::State& s) { latest(s, "helm", nullptr, nullptr, ""); }
void BM_Latest_Docker_SameShape(benchmark::State& s) {
  latest(s, "docker", nullptr, "v2.10.1", "v");
}
void BM_Latest_Semver_Newest(benchmark::State& s) { latest(s, "semver", nullptr, nullptr, "v"); }
void BM_Sort_Semver(benchmark::State& s) { sort_versions(s, "semver"); }

BENCHMARK(BM_Satisfies_Hashicorp_Pessimistic)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Satisfies_Hashicorp_MultiClause)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Satisfies_Helm_CaretOrTilde)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Satisfies_Helm_HyphenRange)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Latest_Hashicorp_InRange)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Latest_Helm_Newest)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Latest_Docker_SameShape)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Latest_Semver_Newest)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sort_Semver)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
