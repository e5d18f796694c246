// versiond: the command-line entry point and the single place where errors
// become messages and exit codes.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <array>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>

#include "cli/commands.hpp"
#include "versiond/core/error.hpp"
#include "versiond/net/redact.hpp"
#include "versiond_commit.hpp"

namespace {

int exit_code_for(versiond::ErrorKind kind) {
  return kind == versiond::ErrorKind::internal ? versiond::exit_code::internal
                                               : versiond::exit_code::usage;
}

bool looks_like_secret(std::string_view value) {
  static constexpr std::array<std::string_view, 8> k_prefixes{
      "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-"};
  for (const auto prefix : k_prefixes) {
    if (value.substr(0, prefix.size()) == prefix) {
      return true;
    }
  }
  return false;
}

bool names_a_secret(std::string_view option) {
  for (const std::string_view word : {"token", "password", "secret", "credential"}) {
    if (option.substr(0, 1) == "-" && option.find(word) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// CLI11 repeats unexpected arguments in its messages. versiond never takes a
// secret on the command line, but a user may try (`--token ghp_…`): mask such
// values before the message reaches stderr or a CI log.
std::string without_secrets(const std::string& message, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    const auto eq = arg.find('=');
    if (eq != std::string_view::npos && names_a_secret(arg.substr(0, eq))) {
      versiond::net::register_secret(arg.substr(eq + 1));
    }
    if (looks_like_secret(arg) || (i > 1 && names_a_secret(argv[i - 1]))) {
      versiond::net::register_secret(arg);
    }
  }
  return versiond::net::redact(message);
}

}  // namespace

namespace {

int run(int argc, char** argv) {
  // Under a file size limit (ulimit -f, RLIMIT_FSIZE) a write past it raises
  // SIGXFSZ, which would kill versiond half-way through a store transaction or
  // a file replacement. Ignored, the write fails with EFBIG instead, and the
  // store rolls back / the updater restores, reporting one error.
  std::signal(SIGXFSZ, SIG_IGN);
  // Diagnostics go to stderr so stdout stays machine-readable.
  auto logger = spdlog::stderr_color_mt("versiond");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::warn);

  CLI::App app{"versiond: upgrade tracking and version detection for infrastructure repositories",
               "versiond"};
  app.set_version_flag("--version", std::string("versiond ") + VERSIOND_VERSION + " (commit " +
                                        VERSIOND_COMMIT + ")");
  app.require_subcommand(1);
  bool verbose = false;
  std::string log_format = "text";
  std::string log_level;
  app.add_flag("-v,--verbose", verbose, "Log progress to stderr (--log-level info)");
  app.add_option("--log-format", log_format,
                 "Log lines on stderr: text or json (one object a line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--log-level", log_level,
                 "trace, debug, info, warn, error or off (default: warn; serve: info)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.parse_complete_callback([&] {
    // `serve` reports its jobs at info unless told otherwise.
    const bool serving = app.got_subcommand("serve");
    versiond::cli::setup_logging(log_format, !log_level.empty()   ? log_level
                                             : verbose || serving ? "info"
                                                                  : "");
  });

  int exit_code = versiond::exit_code::ok;
  versiond::cli::add_inventory_command(app, exit_code);
  versiond::cli::add_check_command(app, exit_code);
  versiond::cli::add_version_command(app, exit_code);
  versiond::cli::add_scan_command(app, exit_code);
  versiond::cli::add_history_command(app, exit_code);
  versiond::cli::add_advisories_command(app, exit_code);
  versiond::cli::add_update_command(app, exit_code);
  versiond::cli::add_policy_command(app, exit_code);
  versiond::cli::add_plan_command(app, exit_code);
  versiond::cli::add_apply_command(app, exit_code);
  versiond::cli::add_window_command(app, exit_code);
  versiond::cli::add_serve_command(app, exit_code);

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
    std::cerr << "versiond: " << without_secrets(e.what(), argc, argv) << " (see --help)\n";
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

}  // namespace

int main(int argc, char** argv) {
  // run() turns every error of a command into one line; this catches what
  // could escape before its handlers (the logger, the option set-up).
  try {
    return run(argc, argv);
  } catch (...) {
    std::fputs("versiond: internal error while starting\n", stderr);
    return versiond::exit_code::internal;
  }
}
