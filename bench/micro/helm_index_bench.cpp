// Helm index.yaml parsing: the real large index and a synthetic 40 MB one built from it.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <set>
#include <string>

#include "bench_data.hpp"
#include "versiond/sources/helm_index.hpp"

namespace {

using versiond::bench::grow_helm_index;
using versiond::bench::large_helm_index_path;
using versiond::bench::read_file;

const std::string& large_index() {
  static const std::string text = read_file(large_helm_index_path());
  return text;
}

const std::string& synthetic_40mb() {
  static const std::string text = grow_helm_index(large_index(), std::size_t{40} << 20);
  return text;
}

// Every chart named in the index (lines "  <name>:"), to measure full materialisation.
std::set<std::string> chart_names(const std::string& index) {
  std::set<std::string> names;
  std::size_t pos = 0;
  while (pos < index.size()) {
    auto eol = index.find('\n', pos);
    if (eol == std::string::npos) eol = index.size();
    const std::string_view line(index.data() + pos, eol - pos);
    if (line.size() > 3 && line.substr(0, 2) == "  " && line[2] != ' ' && line[2] != '-' &&
        line.back() == ':')
      names.emplace(line.substr(2, line.size() - 3));
    pos = eol + 1;
  }
  return names;
}

void parse(benchmark::State& state, const std::string& (*input)(), bool every_chart) {
  try {
    const std::string& text = input();
    // The charts a Rocket.Chat platform tracks in grafana's repository.
    const std::set<std::string> charts =
        every_chart ? chart_names(text) : std::set<std::string>{"loki", "grafana", "promtail"};
    std::size_t versions = 0;
    for (auto _ : state) {
      auto index = versiond::sources::parse_helm_index(text, charts);
      if (index.failure) {
        state.SkipWithError(index.failure->message.c_str());
        return;
      }
      versions = 0;
      for (const auto& entry : index.charts) versions += entry.second.size();
      benchmark::DoNotOptimize(index);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(text.size()));
    state.counters["MiB"] = static_cast<double>(text.size()) / 1048576.0;
    state.counters["charts"] = static_cast<double>(charts.size());
    state.counters["versions"] = static_cast<double>(versions);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void BM_HelmIndex_Large_3Charts(benchmark::State& s) { parse(s, large_index, false); }
void BM_HelmIndex_Large_AllCharts(benchmark::State& s) { parse(s, large_index, true); }
void BM_HelmIndex_Synthetic40MB_3Charts(benchmark::State& s) { parse(s, synthetic_40mb, false); }
void BM_HelmIndex_Synthetic40MB_AllCharts(benchmark::State& s) { parse(s, synthetic_40mb, true); }

BENCHMARK(BM_HelmIndex_Large_3Charts)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HelmIndex_Large_AllCharts)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HelmIndex_Synthetic40MB_3Charts)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HelmIndex_Synthetic40MB_AllCharts)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
