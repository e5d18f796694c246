// Crash safety of the file updaters: `versiond update` killed (SIGKILL) before
// and after each file it replaces, then run again, leaves the work tree exactly
// as one clean run does. The crash points exist only in builds configured with
// VERSIOND_FAULT_POINTS=ON (scripts/build.sh); elsewhere this file is empty.
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#ifdef VERSIOND_FAULT_POINTS
namespace fs = std::filesystem;
using versiond::test::run_versiond;
using versiond::test::TempDir;

namespace {

// Every regular file under `root`, relative path → content.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    out[fs::relative(entry.path(), root).generic_string()] = s.str();
  }
  return out;
}

// Two files carry the NATS Server version: the manifest and VERSIONS.md.
void make_repo(const TempDir& dir) {
  dir.write("VERSIONS.md",
            "# Versions\n\n"
            "| Component | Current | Last updated | Location |\n"
            "|---|---|---|---|\n"
            "| **NATS Server** | `v2.10.24` | 2025-01-02 | `k8s/nats.yaml` |\n");
  dir.write("k8s/nats.yaml",
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: nats\nspec:\n"
            "  template:\n    spec:\n      containers:\n        - image: nats:2.10.24\n");
}

std::vector<std::string> update_args(const TempDir& dir) {
  return {"update", "--repo",    dir.path().string(), "--set", "NATS Server=2.11.1",
          "--now",  "2026-12-06"};
}

}  // namespace

TEST_CASE("update killed before or after any file replacement converges on a re-run",
          "[cli][update][crash]") {
  TempDir clean;
  make_repo(clean);
  REQUIRE(run_versiond({"check", "--repo", clean.path().string()}).exit_code == 0);
  REQUIRE(run_versiond(update_args(clean)).exit_code == 0);
  const auto expected = snapshot(clean.path());
  REQUIRE(expected.size() == 2);

  for (const char* point : {"files.before_rename@1", "files.after_rename@1",
                            "files.before_rename@2", "files.after_rename@2"}) {
    INFO("killed at " << point);
    TempDir dir;
    make_repo(dir);
    const auto killed = run_versiond(update_args(dir), {{"VERSIOND_FAULT_POINT", point}});
    REQUIRE(killed.exit_code == 128 + SIGKILL);
    const auto rerun = run_versiond(update_args(dir));
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(snapshot(dir.path()) == expected);  // no half edit, no stray temporary file
    CHECK(run_versiond({"check", "--repo", dir.path().string()}).exit_code == 0);
  }
}
#endif
