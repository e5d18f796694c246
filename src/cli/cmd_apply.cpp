// versiond apply: scan → decide → act on GitHub (the week's plan issue and the
// `versiond run failed` issue), writing as little as possible.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "versiond/apply/apply.hpp"
#include "versiond/apply/plan.hpp"
#include "versiond/apply/pulls.hpp"
#include "versiond/config/http_options.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/forge/github.hpp"
#include "versiond/net/client.hpp"
#include "versiond/net/http_cache.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/sources/endpoints.hpp"
#include "versiond/store/store.hpp"
#include "versiond/update/provider_package.hpp"
#include "versiond/update/update.hpp"

namespace versiond::cli {

namespace {

struct ApplyCliOptions {
  std::string repo = ".";
  std::string db;
  std::string config;
  std::string policy;
  std::string now;
  std::string format = "text";
  bool dry_run = false;
  bool no_scan = false;
  int write_interval_ms = 1000;
};

nlohmann::json to_json(const apply::ApplyResult& r, bool dry_run) {
  nlohmann::json writes = nlohmann::json::array();
  for (const auto& w : r.writes)
    writes.push_back({{"method", w.method}, {"path", w.path}, {"summary", w.summary}});
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : r.failures) failures.push_back(f.describe());
  nlohmann::json diffs = nlohmann::json::object();
  for (const auto& [branch, patch] : r.diffs) diffs[branch] = patch;
  return {{"dry_run", dry_run},
          {"writes", writes},
          {"plan_issue", r.plan_issue ? nlohmann::json(*r.plan_issue) : nlohmann::json(nullptr)},
          {"notes", r.notes},
          {"failures", failures},
          {"diffs", diffs}};
}

// Whether versiond's PRs are open (to close them once no update is left).
bool has_versiond_pulls(forge::GithubClient& gh, apply::ApplyResult& result) {
  auto pulls = gh.list_pulls("open");
  if (!pulls.ok()) {
    result.failures.push_back(*pulls.failure);
    return false;
  }
  for (const auto& p : *pulls.value)
    if (p.head_ref.rfind("versiond/", 0) == 0) return true;
  return false;
}

// The auto-PR branches: built in the cache clone next to the store, with the
// updaters' edits of the repository checkout.
void sync_branches(forge::GithubClient& gh, const config::Config& config, const RepoRoot& root,
                   const std::filesystem::path& db, store::Database& intents,
                   const std::vector<apply::BranchPlan>& branches, net::HttpClient& http,
                   Clock& clock, const apply::ApplyOptions& options, apply::ApplyResult& result) {
  std::string base = config.forge.base_branch;
  if (base.empty()) {
    auto found = gh.default_branch();
    if (!found.ok()) {
      result.failures.push_back(*found.failure);
      return;
    }
    base = *found.value;
  }
  const std::string remote = config.forge.git_remote.empty()
                                 ? "https://github.com/" + config.forge.repository + ".git"
                                 : config.forge.git_remote;
  apply::GitCache cache(db.parent_path() / "forge-cache.git", remote);
  std::optional<extract::Inventory> inventory;
  std::vector<std::string> platform_names = config.terraform.lock_platforms;
  if (platform_names.empty()) platform_names = {"linux_amd64"};
  std::vector<update::Platform> platforms;
  for (const auto& p : platform_names) platforms.push_back(update::parse_platform(p));
  update::UpdateOptions update_options;
  update_options.today = update::iso_date(clock);
  update_options.lock_hashes = update::registry_lock_hashes(
      http,
      update::LockHashEndpoints{config.endpoints.terraform_registry,
                                config.endpoints.terraform_provider_mirror},
      [platforms](const update::LockHashRequest&) { return platforms; });
  sources::Lookups lookups(http, config.endpoints, {});
  update_options.image_digests = update::registry_image_digests(lookups);
  const apply::FileEditor edit = [&](const std::vector<apply::PlanItem>& items) {
    if (!inventory) inventory = extract::build_inventory(root);
    std::vector<update::UpdateRequest> requests;
    for (const auto& i : items) {
      update::UpdateRequest r;
      r.selector = i.name;
      r.version = i.target;
      r.file = i.file;
      r.strategy = i.range_strategy;
      requests.push_back(std::move(r));
    }
    apply::Files files;
    try {
      for (auto& f : update::plan_update(root, *inventory, requests, update_options).files) {
        files.emplace_back(f.file, std::move(f.after));
      }
    } catch (const Error& e) {
      result.failures.push_back(
          {FailureKind::bad_response, std::string("update: ") + e.what(), {}});
    }
    return files;
  };
  apply::sync_pulls(gh, cache, intents, branches, edit, base, options, clock, result);
}

}  // namespace

void add_apply_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ApplyCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "apply", "Scan, decide and act on GitHub: the week's Upgrade Plan issue (docs/FORGE.md)");
  cmd->add_option("--repo", opts->repo, "Repository directory")->capture_default_str();
  cmd->add_option("--db", opts->db, "Store file (default: <repo>/.versiond/versiond.db)");
  cmd->add_option("--config", opts->config, "Configuration file (default: <repo>/versiond.yaml)");
  cmd->add_option("--policy", opts->policy,
                  "Policy file (default: policy_file in versiond.yaml, else the built-in default)");
  cmd->add_flag("--dry-run", opts->dry_run,
                "Print every write it would make (method, path, summary) and make none");
  cmd->add_flag("--no-scan", opts->no_scan, "Act on the last recorded scan instead of scanning");
  cmd->add_option("--write-interval-ms", opts->write_interval_ms,
                  "Least time between two writes to GitHub")
      ->capture_default_str();
  add_format_option(*cmd, opts->format, {"text", "json"});
  add_now_option(*cmd, opts->now);
  cmd->callback([opts, &exit_code] {
    const auto clock = make_clock(opts->now);
    const RepoRoot root(opts->repo);
    std::optional<std::filesystem::path> config_file;
    if (!opts->config.empty()) config_file = std::filesystem::absolute(opts->config);
    const config::Config config = config::load_config(root.path(), config_file);
    const std::filesystem::path config_dir = config_file ? config_file->parent_path() : root.path();
    if (!config.forge.configured || config.forge.repository.empty()) {
      throw Error(ErrorKind::config,
                  "versiond apply needs forge.repository in versiond.yaml (docs/FORGE.md)");
    }
    const std::filesystem::path db =
        opts->db.empty() ? scan::default_db_path(root) : std::filesystem::path(opts->db);

    // Scan first (it records the decisions the plan renders) unless told not to.
    std::optional<std::string> run_failure;
    if (!opts->no_scan) {
      try {
        scan::ScanOptions options;
        options.repo = root.path();
        options.config_dir = config_dir;
        options.db = db;
        options.clock = clock.get();
        const policy::Policy policy = load_policy_for(opts->policy, config, root.path());
        options.policy = &policy;
        const scan::ScanReport report = scan::run_scan(config, options);
        if (report.exit_code() != exit_code::ok) {
          run_failure = "scan: " + std::to_string(report.failed()) + " lookups failed";
        }
      } catch (const Error& e) {
        run_failure = std::string("scan: ") + e.what();
      }
    }

    const std::filesystem::path token_file = config.forge.token_file.empty()
                                                 ? std::filesystem::path()
                                                 : config_dir / config.forge.token_file;
    const auto credentials = sources::Credentials::load(
        config.forge.token_env, config.forge.token_file.empty() ? "" : token_file.string());
    net::HttpClient http(config::http_options(config), std::make_shared<net::MemoryHttpCache>(),
                         *clock);
    forge::GithubOptions gh_options;
    gh_options.api_url = config.forge.api_url;
    gh_options.repository = config.forge.repository;
    gh_options.token = credentials.github_token;
    gh_options.write_interval = std::chrono::milliseconds(opts->write_interval_ms);
    forge::GithubClient gh(http, gh_options);

    store::Store store(db);
    apply::ApplyOptions options;
    options.dry_run = opts->dry_run;
    options.week = apply::iso_week(clock->now());
    apply::ApplyResult result;
    apply::reconcile(gh, store.db(), options, *clock, result);
    if (result.ok()) {
      const auto scan = store.latest_scan();
      if (!scan) {
        run_failure = "no recorded scan in " + db.string();
      } else {
        try {
          const apply::Plan plan = apply::build_plan(store.latest_observations(), scan->started_at,
                                                     config.window, clock->now(), options.week);
          apply::sync_plan_issue(gh, store.db(), apply::render_markdown(plan), options, *clock,
                                 result);
          const auto branches = apply::plan_branches(plan);
          if (!branches.empty() || has_versiond_pulls(gh, result)) {
            sync_branches(gh, config, root, db, store.db(), branches, http, *clock, options,
                          result);
          }
        } catch (const Error& e) {
          run_failure = std::string("plan: ") + e.what();
        }
      }
    }
    for (const auto& f : result.failures) {
      run_failure = (run_failure ? *run_failure + "\n" : std::string()) + f.describe();
    }
    apply::report_run(gh, store.db(), run_failure, options, *clock, result);

    if (opts->format == "json") {
      std::cout << to_json(result, opts->dry_run).dump(2) << "\n";
    } else {
      for (const auto& w : result.writes) {
        std::cout << (opts->dry_run ? "would " : "") << w.method << " " << w.path << "  "
                  << w.summary << "\n";
      }
      for (const auto& [branch, patch] : result.diffs) {
        std::cout << "--- would push " << branch << ":\n" << patch;
      }
      for (const auto& n : result.notes) std::cout << n << "\n";
      for (const auto& f : result.failures) std::cout << "failed: " << f.describe() << "\n";
      std::cout << result.writes.size() << (opts->dry_run ? " writes would be made" : " writes")
                << "\n";
    }
    exit_code = run_failure ? exit_code::partial : exit_code::ok;
  });
}

}  // namespace versiond::cli
