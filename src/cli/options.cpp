// Options shared by several subcommands, declared once so they read the same
// in every --help.
#include <utility>

#include "cli/commands.hpp"

namespace versiond::cli {

void add_format_option(CLI::App& cmd, std::string& format, std::vector<std::string> formats) {
  cmd.add_option("--format", format, "Output format")
      ->check(CLI::IsMember(std::move(formats)))
      ->capture_default_str();
}

}  // namespace versiond::cli
