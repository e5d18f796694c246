// versiond: the command-line entry point and the single place where errors
// become messages and exit codes.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "versiond/core/error.hpp"

namespace {

int exit_code_for(versiond::ErrorKind kind) {
  return kind == versiond::ErrorKind::internal ? versiond::exit_code::internal
                                               : versiond::exit_code::usage;
}

}  // namespace

int main(int argc, char** argv) {
  // Diagnostics go to stderr so stdout stays machine-readable.
  auto logger = spdlog::stderr_color_mt("versiond");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::warn);

  CLI::App app{"versiond: upgrade tracking and version detection for infrastructure repositories",
               "versiond"};
  app.set_version_flag("--version", std::string(VERSIOND_VERSION));
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log progress to stderr");
  app.parse_complete_callback([&] {
    if (verbose) {
      spdlog::set_level(spdlog::level::info);
    }
  });

  int exit_code = versiond::exit_code::ok;
  versiond::cli::add_inventory_command(app, exit_code);
  versiond::cli::add_check_command(app, exit_code);
  versiond::cli::add_version_command(app, exit_code);
  versiond::cli::add_scan_command(app, exit_code);
  versiond::cli::add_history_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, naming what was wrong; the full usage is one --help away.
    std::cerr << "versiond: " << e.what() << " (see --help)\n";
    return versiond::exit_code::usage;
  } catch (const versiond::Error& e) {
    std::cerr << "versiond: error: " << e.what() << "\n";
    return exit_code_for(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "versiond: internal error: " << e.what() << "\n";
    return versiond::exit_code::internal;
  }
  return exit_code;
}
