// VERSIONS.md parsing (cmark-gfm tables): the real file and a 2,000-row synthetic one.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <string>

#include "bench_data.hpp"
#include "versiond/extract/extractors.hpp"

namespace {

void parse(benchmark::State& state, const std::string& text) {
  std::size_t rows = 0;
  for (auto _ : state) {
    auto components = versiond::extract::extract_versions_table(text, "VERSIONS.md");
    rows = components.size();
    benchmark::DoNotOptimize(components);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
  state.counters["components"] = static_cast<double>(rows);
}

void BM_VersionsTable_RealWorld(benchmark::State& state) {
  try {
    parse(state, versiond::bench::read_file(versiond::bench::real_versions_md_path()));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void BM_VersionsTable_Synthetic(benchmark::State& state) {
  parse(state, versiond::bench::synthetic_versions_md(static_cast<int>(state.range(0))));
}

BENCHMARK(BM_VersionsTable_RealWorld)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_VersionsTable_Synthetic)->Arg(200)->Arg(2000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
