// Reading versiond.yaml. Every problem is a versiond::Error(config) whose
// message starts with "file:line: ": unknown keys, wrong types, bad values.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "versiond/config/config.hpp"

namespace versiond::config {

// Parses YAML text; `display_name` names the file in messages.
Config parse_config(const std::string& text, const std::string& display_name);

// The configuration file of a run and its text: `explicit_file` when given
// (Error(config) when it does not exist), else <repo>/versiond.yaml when
// present, else nullopt (the defaults).
struct ConfigText {
  std::filesystem::path file;
  std::string display_name;  // for messages
  std::string text;
};
std::optional<ConfigText> read_config_text(
    const std::filesystem::path& repo, const std::optional<std::filesystem::path>& explicit_file);

// Loads the configuration for a run: `explicit_file` when given (it must
// exist), else <repo>/versiond.yaml when present, else the defaults.
Config load_config(const std::filesystem::path& repo,
                   const std::optional<std::filesystem::path>& explicit_file);

}  // namespace versiond::config
