// `versiond version compare|satisfies|bump|latest`: the version semantics of
// src/versioning on the command line. Output is one line, stable for scripts.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::cli {
namespace {

struct VersionOptions {
  std::string scheme = "semver";
  std::string a;
  std::string b;
  bool json = false;
  std::string constraint;
  std::string current;
  std::vector<std::string> candidates;
};

std::string scheme_help() {
  std::string names;
  for (const auto& n : versioning::scheme_names()) {
    names += (names.empty() ? "" : ", ") + n;
  }
  return "Version scheme: " + names + " (default semver)";
}

void add_scheme_option(CLI::App& cmd, VersionOptions& opts) {
  cmd.add_option("--scheme,-s", opts.scheme, scheme_help());
}

}  // namespace

void add_version_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<VersionOptions>();
  auto* version = app.add_subcommand(
      "version", "Compare versions, check constraints, classify bumps, pick the latest");
  version->require_subcommand(1);

  auto* compare =
      version->add_subcommand("compare", "Print -1, 0 or 1 as A is lower, equal or higher than B");
  compare->add_option("A", opts->a, "First version")->required();
  compare->add_option("B", opts->b, "Second version")->required();
  add_scheme_option(*compare, *opts);
  compare->callback([opts, &exit_code] {
    const auto& scheme = versioning::scheme_for(opts->scheme);
    std::cout << scheme.compare(opts->a, opts->b) << "\n";
    exit_code = 0;
  });

  auto* satisfies =
      version->add_subcommand("satisfies", "Print true or false: does V meet CONSTRAINT");
  satisfies->add_option("V", opts->a, "Version")->required();
  satisfies->add_option("CONSTRAINT", opts->b, "Constraint in the scheme's language")->required();
  add_scheme_option(*satisfies, *opts);
  satisfies->callback([opts, &exit_code] {
    const auto& scheme = versioning::scheme_for(opts->scheme);
    std::cout << (scheme.satisfies(opts->a, opts->b) ? "true" : "false") << "\n";
    exit_code = 0;
  });

  auto* bump = version->add_subcommand("bump", "Print major, minor, patch or none for FROM -> TO");
  bump->add_option("FROM", opts->a, "Current version")->required();
  bump->add_option("TO", opts->b, "New version")->required();
  add_scheme_option(*bump, *opts);
  bump->add_flag("--json", opts->json, R"(Print {"bump":"minor","breaking":true})");
  bump->callback([opts, &exit_code] {
    const auto info = versioning::scheme_for(opts->scheme).bump(opts->a, opts->b);
    const std::string type(versioning::to_string(info.type));
    if (opts->json) {
      std::cout << nlohmann::ordered_json{{"bump", type}, {"breaking", info.breaking}}.dump()
                << "\n";
    } else {
      std::cout << type << "\n";
    }
    exit_code = 0;
  });

  auto* latest = version->add_subcommand(
      "latest",
      "Print the best stable CANDIDATE (meeting --constraint, compatible with --current), or none");
  latest->add_option("CANDIDATE", opts->candidates, "Candidate versions");
  latest->add_option("--constraint,-c", opts->constraint,
                     "Only candidates meeting this constraint");
  latest->add_option(
      "--current", opts->current,
      "The version in use: candidates must keep its form (docker: suffix and "
      "segment count); if it is a pre-release, newer pre-releases of its core qualify");
  add_scheme_option(*latest, *opts);
  latest->callback([opts, latest, &exit_code] {
    const auto& scheme = versioning::scheme_for(opts->scheme);
    const auto given = [&](const char* name, const std::string& value) {
      return latest->count(name) > 0 ? std::optional<std::string_view>(value) : std::nullopt;
    };
    const auto best = scheme.latest(opts->candidates, given("--constraint", opts->constraint),
                                    given("--current", opts->current));
    std::cout << best.value_or("none") << "\n";
    exit_code = 0;
  });
}

}  // namespace versiond::cli
