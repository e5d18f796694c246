// Time and peak memory of one Helm index parse, against the index's size (issue 3's
// target: under 0.5 s and under 3x the size). A separate process per measurement, so
// that the peak RSS belongs to this parse alone.
//
//   helm_index_probe make-synthetic OUT.yaml MIB     writes a grown copy of the large index
//   helm_index_probe parse FILE [CHART,CHART...]     prints one JSON line
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_data.hpp"
#include "versiond/sources/helm_index.hpp"

namespace {

// CPU time of this process: on a shared machine the wall clock also counts waiting.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::set<std::string> split_charts(const std::string& list) {
  std::set<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.insert(item);
  return out;
}

int make_synthetic(const std::string& out_path, const std::string& mib) {
  const auto bytes = static_cast<std::size_t>(std::stoul(mib)) << 20;
  const std::string text = versiond::bench::grow_helm_index(
      versiond::bench::read_file(versiond::bench::large_helm_index_path()), bytes);
  std::ofstream out(out_path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + out_path);
  std::printf("{\"written\":\"%s\",\"bytes\":%zu}\n", out_path.c_str(), text.size());
  return 0;
}

int parse(const std::string& path, const std::string& charts_arg) {
  const double rss_start = peak_rss_mib();
  const std::string text = versiond::bench::read_file(path);
  const double rss_loaded = peak_rss_mib();
  const auto charts = split_charts(charts_arg.empty() ? "loki,grafana,promtail" : charts_arg);
  constexpr int kRuns = 5;
  std::vector<double> ms;
  std::vector<double> cpu;
  std::size_t versions = 0;
  for (int i = 0; i < kRuns; ++i) {
    const double c0 = cpu_ms();
    const auto t0 = std::chrono::steady_clock::now();
    const auto index = versiond::sources::parse_helm_index(text, charts);
    const auto t1 = std::chrono::steady_clock::now();
    cpu.push_back(cpu_ms() - c0);
    if (index.failure) throw std::runtime_error(path + ": " + index.failure->describe());
    versions = 0;
    for (const auto& entry : index.charts) versions += entry.second.size();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  const double mib = static_cast<double>(text.size()) / 1048576.0;
  const double peak = peak_rss_mib();
  std::printf(
      "{\"file\":\"%s\",\"mib\":%.2f,\"charts\":%zu,\"versions\":%zu,\"runs\":%d,"
      "\"parse_ms_median\":%.1f,\"parse_ms_min\":%.1f,\"parse_ms_max\":%.1f,"
      "\"parse_cpu_ms_median\":%.1f,\"parse_cpu_ms_min\":%.1f,\"parse_cpu_ms_max\":%.1f,"
      "\"rss_start_mib\":%.1f,\"rss_after_read_mib\":%.1f,\"peak_rss_mib\":%.1f,"
      "\"peak_minus_start_over_size\":%.2f,\"parse_growth_over_size\":%.2f}\n",
      path.c_str(), mib, charts.size(), versions, kRuns, ms[kRuns / 2], ms.front(), ms.back(),
      cpu[kRuns / 2], cpu.front(), cpu.back(), rss_start, rss_loaded, peak,
      (peak - rss_start) / mib, (peak - rss_loaded) / mib);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 3 && args[0] == "make-synthetic") return make_synthetic(args[1], args[2]);
    if ((args.size() == 2 || args.size() == 3) && args[0] == "parse")
      return parse(args[1], args.size() == 3 ? args[2] : "");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "helm_index_probe: %s\n", e.what());
    return 2;
  }
  std::fprintf(stderr,
               "usage: helm_index_probe make-synthetic OUT.yaml MIB\n"
               "       helm_index_probe parse FILE [CHART,CHART...]\n");
  return 2;
}
