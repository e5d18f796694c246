// Property: for random repositories and random updates, re-running the
// inventory yields exactly the new version for the updated component and the
// old one for every other, and the only lines that change held the old version.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "support/temp_dir.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/update/update.hpp"

namespace fs = std::filesystem;
using versiond::RepoRoot;
using versiond::test::TempDir;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.push_back(line);
  }
  return out;
}

struct Generated {
  std::vector<std::string> files;
};

std::string random_version(std::mt19937& rng) {
  std::uniform_int_distribution<int> major(0, 12);
  std::uniform_int_distribution<int> minor(0, 30);
  return std::to_string(major(rng)) + "." + std::to_string(minor(rng)) + "." +
         std::to_string(minor(rng));
}

// Compose files with images from a small pool, so that packages repeat across
// files, versions repeat across packages, and comments repeat versions.
Generated generate(const TempDir& dir, std::mt19937& rng) {
  static const std::vector<std::string> k_images = {
      "redis", "nginx", "bitnami/postgresql", "grafana/loki", "registry.example.invalid/acme/api"};
  std::uniform_int_distribution<std::size_t> pick(0, k_images.size() - 1);
  std::uniform_int_distribution<int> files(1, 5);
  std::uniform_int_distribution<int> services(1, 6);
  std::bernoulli_distribution coin(0.5);
  const std::string shared = random_version(rng);  // some pins share a version
  Generated g;
  const int nfiles = files(rng);
  for (int f = 0; f < nfiles; ++f) {
    const bool crlf = coin(rng);
    const std::string eol = crlf ? "\r\n" : "\n";
    std::string text = "# generated" + eol + "services:" + eol;
    const int n = services(rng);
    for (int s = 0; s < n; ++s) {
      const std::string version = coin(rng) ? shared : random_version(rng);
      text += "  svc" + std::to_string(s) + ":" + eol;
      text += "    image: " + k_images[pick(rng)] + ":" + version;
      if (coin(rng)) {
        text += "  # was " + version + ", see " + shared;
      }
      text += eol;
      if (coin(rng)) {
        text += "    environment:" + eol + "      VERSION: \"" + version + "\"" + eol;
      }
    }
    const std::string name = "app" + std::to_string(f) + "/compose.yaml";
    dir.write(name, text);
    g.files.push_back(name);
  }
  return g;
}

using Snapshot = std::map<std::string, std::pair<std::string, std::string>>;  // where → pkg, ver

Snapshot snapshot(const RepoRoot& root) {
  Snapshot out;
  for (const auto& c : versiond::extract::build_inventory(root).components) {
    out[c.origin.file + ":" + std::to_string(c.origin.line)] = {c.package, c.current};
  }
  return out;
}

}  // namespace

TEST_CASE("property: an update moves exactly its component and only its lines",
          "[update][property]") {
  std::mt19937 rng(20261206);
  for (int round = 0; round < 60; ++round) {
    TempDir dir;
    const Generated g = generate(dir, rng);
    const RepoRoot root(dir.path());
    const Snapshot before = snapshot(root);
    REQUIRE_FALSE(before.empty());
    std::map<std::string, std::string> texts;
    for (const auto& f : g.files) {
      texts[f] = slurp(dir.path() / f);
    }
    // A random component's package, to a random new version.
    std::uniform_int_distribution<std::size_t> pick(0, before.size() - 1);
    const auto chosen = std::next(before.begin(), static_cast<long>(pick(rng)))->second.first;
    std::string target = random_version(rng);
    INFO("round " << round << ": " << chosen << " -> " << target);

    const auto inv = versiond::extract::build_inventory(root);
    const auto plan = versiond::update::plan_update(root, inv, {{chosen, target, ""}}, {});
    versiond::update::write_plan(root, plan);

    const Snapshot after = snapshot(root);
    REQUIRE(after.size() == before.size());
    for (const auto& [where, pin] : before) {
      INFO(where);
      REQUIRE(after.count(where) == 1);
      CHECK(after.at(where).first == pin.first);
      CHECK(after.at(where).second == (pin.first == chosen ? target : pin.second));
    }
    // The lines that changed are exactly the chosen package's pins, and each
    // changed only where the version was.
    std::set<std::string> pinned_lines;
    for (const auto& [where, pin] : before) {
      if (pin.first == chosen && pin.second != target) {
        pinned_lines.insert(where);
      }
    }
    std::set<std::string> changed_lines;
    for (const auto& f : g.files) {
      const auto old_lines = lines_of(texts[f]);
      const auto new_lines = lines_of(slurp(dir.path() / f));
      REQUIRE(old_lines.size() == new_lines.size());
      for (std::size_t i = 0; i < old_lines.size(); ++i) {
        if (old_lines[i] != new_lines[i]) {
          const std::string where = f + ":" + std::to_string(i + 1);
          changed_lines.insert(where);
          const std::string& old_version = before.at(where).second;
          const auto at = old_lines[i].find(":" + old_version);
          REQUIRE(at != std::string::npos);
          CHECK(new_lines[i] == old_lines[i].substr(0, at + 1) + target +
                                    old_lines[i].substr(at + 1 + old_version.size()));
        }
      }
    }
    CHECK(changed_lines == pinned_lines);
  }
}
