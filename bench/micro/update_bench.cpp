// versiond update at scale: 500 components (250 compose image pins and the
// 250 VERSIONS.md rows tracking them) all moved in one run: inventory, plan
// (every edit computed) and the atomic writes. Target: under 1 s.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "versiond/core/files.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/update/update.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int k_files = 50;
constexpr int k_per_file = 5;  // 250 pins + 250 rows = 500 components

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A fresh synthetic repository in dir.
void make_repo(const fs::path& dir) {
  fs::remove_all(dir);
  std::string table =
      "# Versions\n\n| Component | Current | Last updated | Location |\n|---|---|---|---|\n";
  for (int f = 0; f < k_files; ++f) {
    const std::string file = "apps/app" + std::to_string(f) + "/compose.yaml";
    std::string compose = "services:\n";
    for (int s = 0; s < k_per_file; ++s) {
      const std::string name = "svc" + std::to_string(f * k_per_file + s);
      const std::string version = "1." + std::to_string(s) + "." + std::to_string(f);
      compose += "  " + name + ":\n    image: registry.example.invalid/acme/" + name + ":" +
                 version + "  # pinned " + version + "\n";
      table += "| " + name + " | `v" + version + "` | 2025-01-01 | `" + file + "` |\n";
    }
    write(dir / file, compose);
  }
  write(dir / "VERSIONS.md", table);
}

void BM_Update_500_Components(benchmark::State& state) {
  const fs::path dir = fs::temp_directory_path() / "versiond-update-bench";
  std::vector<versiond::update::UpdateRequest> requests;
  for (int i = 0; i < k_files * k_per_file; ++i) {
    requests.push_back({"registry.example.invalid/acme/svc" + std::to_string(i), "2.0.0", ""});
  }
  versiond::update::UpdateOptions options;
  options.today = "2026-12-06";
  std::size_t components = 0;
  std::size_t edits = 0;
  for (auto _ : state) {
    state.PauseTiming();
    make_repo(dir);
    state.ResumeTiming();
    const versiond::RepoRoot root(dir);
    const auto inv = versiond::extract::build_inventory(root);
    const auto plan = versiond::update::plan_update(root, inv, requests, options);
    versiond::update::write_plan(root, plan);
    components = inv.components.size();
    edits = plan.edits.size();
  }
  fs::remove_all(dir);
  state.counters["components"] = static_cast<double>(components);
  state.counters["edits"] = static_cast<double>(edits);
}

BENCHMARK(BM_Update_500_Components)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

BENCHMARK_MAIN();
