// versiond policy check | explain: validate a policy file, and show every step
// of a decision from the last recorded scan.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/policy/load.hpp"
#include "versiond/policy/render.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/store/dates.hpp"
#include "versiond/store/store.hpp"

namespace versiond::cli {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::optional<std::filesystem::path> config_path(const std::string& option) {
  if (option.empty()) {
    return std::nullopt;
  }
  return std::filesystem::absolute(option);
}

struct CheckOptions {
  std::string file;
  std::string repo = ".";
  std::string config;
};

struct ExplainOptions {
  std::string component;
  std::string repo = ".";
  std::string config;
  std::string db;
  std::string policy;
  std::string now;
  std::string format = "text";
};

bool names(const scan::ComponentResult& r, const std::string& wanted) {
  const auto& c = r.component;
  const std::string last = c.package.substr(c.package.rfind('/') + 1);
  return lower(c.name) == lower(wanted) || c.package == wanted || r.component_key == wanted ||
         (!last.empty() && lower(last) == lower(wanted));
}

void run_check(const CheckOptions& opts, int& exit_code) {
  policy::Loaded loaded;
  std::vector<policy::KnownComponent> known;
  bool have_repo = false;
  try {
    const RepoRoot root(opts.repo);
    const auto inventory = extract::build_inventory(root);
    for (const auto& c : inventory.components) {
      known.push_back({c.name, c.package});
    }
    have_repo = true;
    if (opts.file.empty()) {
      const auto config = config::load_config(root.path(), config_path(opts.config));
      const auto file = policy_path("", config, root.path());
      loaded = file.empty() ? policy::parse_policy(policy::embedded_default_policy_text(),
                                                   policy::k_embedded_default_name)
                            : policy::load_policy_file(file);
    }
  } catch (const Error&) {
    if (opts.file.empty()) {
      throw;  // no file given and no readable repository: nothing to check
    }
  }
  if (!opts.file.empty()) {
    loaded = policy::load_policy_file(opts.file);
  }
  for (const auto& e : loaded.errors) {
    std::cerr << e.to_string() << "\n";
  }
  if (!loaded.ok()) {
    std::cerr << "versiond: " << loaded.errors.size() << " error(s) in " << loaded.policy.source
              << "\n";
    exit_code = exit_code::usage;
    return;
  }
  if (have_repo) {
    for (const auto& w : policy::check_couplings(loaded.policy, known)) {
      std::cerr << w.to_string() << "\n";
    }
  }
  std::cout << loaded.policy.source << ": valid (" << loaded.policy.rules.size() << " rules, "
            << loaded.policy.couplings.size() << " couplings)\n";
  exit_code = exit_code::ok;
}

void run_explain(const ExplainOptions& opts, int& exit_code) {
  const RepoRoot root(opts.repo);
  const auto config_file = config_path(opts.config);
  const config::Config config = config::load_config(root.path(), config_file);
  const policy::Policy policy = load_policy_for(opts.policy, config, root.path());
  scan::ScanOptions options;
  options.repo = root.path();
  options.config_dir = config_file ? config_file->parent_path() : root.path();
  options.db = opts.db.empty() ? scan::default_db_path(root) : std::filesystem::path(opts.db);
  options.offline = true;  // from what the last scans recorded: no request, no write
  options.explain = true;
  options.policy = &policy;
  const auto clock = make_clock(opts.now);
  options.clock = clock.get();
  const scan::ScanReport report = scan::run_scan(config, options);
  std::string scan_note;
  {
    store::Store store(options.db, store::OpenMode::read_only);
    if (const auto last = store.latest_scan()) {
      scan_note = "releases as recorded up to scan " + std::to_string(last->id) + " (" +
                  last->started_at + ")";
    }
  }
  nlohmann::json json = nlohmann::json::array();
  std::string text;
  for (const auto& r : report.components) {
    if (!names(r, opts.component)) {
      continue;
    }
    if (r.status != "ok") {
      json.push_back({{"name", r.component.name},
                      {"file", r.component.origin.file},
                      {"status", r.status},
                      {"reason", r.reason}});
      text += r.component.name + " (" + r.component.origin.file + "): " + r.status + ": " +
              r.reason + "\n";
      continue;
    }
    json.push_back(policy::explain_to_json(r.subject, r.outcome, policy.source));
    text += policy::render_explain_text(r.subject, r.outcome, policy.source);
  }
  if (json.empty()) {
    throw Error(ErrorKind::usage,
                "no component of " + root.path().string() + " matches '" + opts.component + "'");
  }
  if (opts.format == "json") {
    std::cout << nlohmann::json{{"scan", scan_note}, {"components", json}}.dump(2) << "\n";
  } else {
    std::cout << (scan_note.empty() ? "" : scan_note + "\n") << text;
  }
  exit_code = exit_code::ok;
}

}  // namespace

std::filesystem::path policy_path(const std::string& option, const config::Config& config,
                                  const std::filesystem::path& repo) {
  if (!option.empty()) {
    return option;
  }
  if (!config.policy_file.empty()) {
    return repo / config.policy_file;
  }
  return {};
}

policy::Policy load_policy_for(const std::string& option, const config::Config& config,
                               const std::filesystem::path& repo) {
  const auto file = policy_path(option, config, repo);
  if (file.empty()) {
    return policy::default_policy();
  }
  return policy::require_valid(policy::load_policy_file(file));
}

void add_policy_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("policy", "Check a policy file; explain a decision");
  cmd->require_subcommand(1);

  auto check = std::make_shared<CheckOptions>();
  CLI::App* c = cmd->add_subcommand(
      "check",
      "Validate a policy file (default: the repository's policy_file, else the embedded "
      "default). Exit 0 valid, 2 with FILE:LINE: field: problem for every error");
  c->add_option("file", check->file, "Policy file");
  c->add_option("--repo", check->repo, "Repository (couplings are checked against its components)")
      ->capture_default_str();
  c->add_option("--config", check->config, "Configuration file (default: <repo>/versiond.yaml)");
  c->callback([check, &exit_code] { run_check(*check, exit_code); });

  auto explain = std::make_shared<ExplainOptions>();
  CLI::App* e = cmd->add_subcommand(
      "explain",
      "Every step of a component's decision from the releases the last scan recorded: "
      "candidates and why each was dropped, the rules that matched and what they set, "
      "couplings, the result");
  e->add_option("component", explain->component, "Component name, package or key")->required();
  e->add_option("--repo", explain->repo, "Repository directory")->capture_default_str();
  e->add_option("--config", explain->config, "Configuration file (default: <repo>/versiond.yaml)");
  e->add_option("--db", explain->db, "Store file (default: <repo>/.versiond/versiond.db)");
  e->add_option("--policy", explain->policy, "Policy file (default: policy_file, else built in)");
  add_now_option(*e, explain->now);
  add_format_option(*e, explain->format, {"text", "json"});
  e->callback([explain, &exit_code] { run_explain(*explain, exit_code); });
}

}  // namespace versiond::cli
