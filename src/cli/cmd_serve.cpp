// versiond serve: the long-running service (docs/SERVICE.md). `serve` itself
// replaces this process with the small versiond-serve program; the hidden
// `serve-config` and `serve-job` commands are what versiond-serve runs as
// child processes (src/daemon/service.cpp).
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/daemon/job_report.hpp"
#include "versiond/daemon/jobs.hpp"
#include "versiond/daemon/slug.hpp"
#include "versiond/policy/load.hpp"
#include "versiond/scan/scan.hpp"

namespace versiond::cli {

namespace {

namespace fs = std::filesystem;

struct ServeCliOptions {
  std::string repo = ".";
  std::string config;
  std::string db;
  std::string policy;
};

struct ServeConfigOptions {
  std::string repo;
  std::string config;
  std::string policy;
  std::string out;
};

fs::path this_program() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw Error(ErrorKind::internal, "cannot find versiond's own path: " + ec.message());
  return self;
}

// versiond-serve: installed in <prefix>/libexec/versiond, beside versiond in a build tree.
fs::path serve_program(const fs::path& self) {
  const fs::path dir = self.parent_path();
  for (const fs::path& candidate :
       {dir.parent_path() / "libexec" / "versiond" / "versiond-serve", dir / "versiond-serve"}) {
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  throw Error(ErrorKind::internal, "versiond-serve is not installed beside " + self.string() +
                                       " (looked in ../libexec/versiond and the same folder)");
}

[[noreturn]] void exec_serve(const ServeCliOptions& o) {
  const fs::path self = this_program();
  const fs::path program = serve_program(self);
  const RepoRoot root(o.repo);
  std::vector<std::string> args{program.string(), "--versiond", self.string(), "--repo",
                                root.path().string()};
  const auto add = [&](const char* option, const std::string& value) {
    if (value.empty()) return;
    args.emplace_back(option);
    args.push_back(fs::absolute(value).string());
  };
  add("--config", o.config);
  add("--db", o.db.empty() ? scan::default_db_path(root).string() : o.db);
  add("--policy", o.policy);
  const LogSettings& log = log_settings();
  args.insert(args.end(),
              {"--log-format", log.format, "--log-level", log.level.empty() ? "info" : log.level});
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execv(argv[0], argv.data());
  throw Error(ErrorKind::internal, program.string() + ": cannot run: " + std::strerror(errno));
}

// Validates the configuration and each local repository's policy, writes
// the snapshots jobs will read into --out, and prints the ServiceConfig.
void serve_config(const ServeConfigOptions& o) {
  const RepoRoot root(o.repo);
  const fs::path out_dir = fs::absolute(o.out);
  fs::create_directories(out_dir);
  const auto source = config::read_config_text(
      root.path(),
      o.config.empty() ? std::nullopt : std::optional<fs::path>(fs::absolute(o.config)));
  config::Config config;
  daemon::ServiceConfig service;
  service.config_dir = o.config.empty() ? root.path() : source->file.parent_path();
  if (source) {
    // The bytes validated are the bytes jobs read, whatever happens to the file later.
    config = config::parse_config(source->text, source->display_name);
    service.config_file = out_dir / "versiond.yaml";
    write_file_atomic(service.config_file, source->text);
  }
  service.listen = config.server.listen;
  service.schedules = config.schedules;
  service.repositories = config.repositories;
  if (service.repositories.empty()) service.repositories.push_back({root.path().string(), "", ""});
  for (auto& r : service.repositories) {
    if (r.path.empty()) continue;  // a url: cloned by its first job, its policy read then
    r.path = RepoRoot(fs::absolute(service.config_dir / r.path).lexically_normal()).path().string();
    const fs::path policy = policy_path(o.policy, config, r.path);
    fs::path snapshot;
    if (!policy.empty()) {
      const std::string text = read_text_file(policy, policy.string());
      (void)policy::require_valid(policy::parse_policy(text, policy.string()));
      snapshot = out_dir / ("policy-" + daemon::slug(r.label()) + ".yaml");
      write_file_atomic(snapshot, text);
    }
    service.policies[r.label()] = snapshot;
  }
  std::cout << daemon::to_json(service) << "\n";
}

void serve_job(const std::string& spec_text) {
  const daemon::JobSpec spec = daemon::parse_job_spec(spec_text);
  // The real clock: the service runs in real time (tests of the schedule
  // logic use daemon::Scheduler with a ManualClock).
  SystemClock clock;
  const daemon::JobResult result = daemon::run_job(
      spec, clock, [](const std::string& file, const config::Config& config, const fs::path& repo) {
        return load_policy_for(file, config, repo);
      });
  std::cout << daemon::to_json(result) << "\n";
}

// A child of versiond-serve ends with it: a service killed with SIGKILL
// must not leave a job writing to its store alone. A service that died
// before the request was made is seen as a new parent process.
void die_with_service(long service_pid) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (service_pid != 0 && ::getppid() != service_pid) std::_Exit(exit_code::internal);
}

// The children answer in JSON on stdout, errors included, so the service
// can tell a refused configuration from a crash.
template <class F>
void answering_json(int& exit_code, long service_pid, F&& f) {
  die_with_service(service_pid);
  try {
    f();
  } catch (const std::exception& e) {
    std::cout << daemon::error_json(e.what()) << "\n";
    exit_code = exit_code::usage;
  }
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ServeCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Run the configured schedules (scan, apply) for each repository and answer /healthz, "
      "/readyz and /metrics; SIGTERM/SIGINT stop, SIGHUP reloads (docs/SERVICE.md)");
  cmd->add_option("--repo", opts->repo, "The repository when `repositories` is not configured")
      ->capture_default_str();
  cmd->add_option("--config", opts->config, "Configuration file (default: <repo>/versiond.yaml)");
  cmd->add_option("--db", opts->db,
                  "The service's store; its folder is the state directory (default: "
                  "<repo>/.versiond/versiond.db)");
  cmd->add_option("--policy", opts->policy,
                  "Policy file (default: policy_file in versiond.yaml, else the built-in default)");
  cmd->callback([opts] { exec_serve(*opts); });

  // Hidden (empty group): run by versiond-serve, not by people.
  auto config_opts = std::make_shared<ServeConfigOptions>();
  CLI::App* config_cmd = app.add_subcommand("serve-config", "")->group("");
  config_cmd->add_option("--repo", config_opts->repo)->required();
  config_cmd->add_option("--config", config_opts->config);
  config_cmd->add_option("--policy", config_opts->policy);
  config_cmd->add_option("--out", config_opts->out)->required();
  auto pid = std::make_shared<long>(0);
  config_cmd->add_option("--service-pid", *pid);
  config_cmd->callback([config_opts, pid, &exit_code] {
    answering_json(exit_code, *pid, [&] { serve_config(*config_opts); });
  });

  auto spec = std::make_shared<std::string>();
  CLI::App* job_cmd = app.add_subcommand("serve-job", "")->group("");
  job_cmd->add_option("spec", *spec)->required();
  job_cmd->add_option("--service-pid", *pid);
  job_cmd->callback(
      [spec, pid, &exit_code] { answering_json(exit_code, *pid, [&] { serve_job(*spec); }); });
}

}  // namespace versiond::cli
