#include "versiond/apply/run.hpp"

#include "versiond/apply/plan.hpp"
#include "versiond/apply/pulls.hpp"
#include "versiond/config/http_options.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/forge/github.hpp"
#include "versiond/net/client.hpp"
#include "versiond/net/http_cache.hpp"
#include "versiond/net/url.hpp"
#include "versiond/sources/endpoints.hpp"
#include "versiond/store/store.hpp"
#include "versiond/update/provider_package.hpp"
#include "versiond/update/update.hpp"

namespace versiond::apply {

namespace {

// versiond's open PRs (to close them once no update is left; a metric).
std::optional<int> versiond_pulls(forge::GithubClient& gh, ApplyResult& result) {
  auto pulls = gh.list_pulls("open");
  if (!pulls.ok()) {
    result.failures.push_back(*pulls.failure);
    return std::nullopt;
  }
  int n = 0;
  for (const auto& p : *pulls.value)
    if (p.head_ref.rfind("versiond/", 0) == 0) ++n;
  return n;
}

// The auto-PR branches: built in the cache clone next to the store, with the
// updaters' edits of the repository checkout.
void sync_branches(forge::GithubClient& gh, const config::Config& config, const RepoRoot& root,
                   const std::filesystem::path& db, store::Database& intents,
                   const std::vector<BranchPlan>& branches, net::HttpClient& http,
                   const sources::Secret& token, Clock& clock, const ApplyOptions& options,
                   ApplyResult& result) {
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
  // The token goes to the git host of the API it is for: api.github.com's
  // tokens to github.com, a GitHub Enterprise token to its own host.
  std::string git_host = net::url_host(config.forge.api_url);
  if (git_host == "api.github.com") git_host = "github.com";
  GitCache cache(db.parent_path() / "forge-cache.git", remote, GitAuth{token.reveal(), git_host});
  std::vector<std::string> platform_names = config.terraform.lock_platforms;
  if (platform_names.empty()) platform_names = {"linux_amd64"};
  std::vector<update::Platform> platforms;
  platforms.reserve(platform_names.size());
  for (const auto& p : platform_names) platforms.push_back(update::parse_platform(p));
  std::optional<extract::Inventory> inventory;
  update::UpdateOptions update_options;
  update_options.today = update::iso_date(clock);
  update_options.lock_hashes = update::registry_lock_hashes(
      http,
      update::LockHashEndpoints{config.endpoints.terraform_registry,
                                config.endpoints.terraform_provider_mirror},
      [platforms](const update::LockHashRequest&) { return platforms; });
  sources::Lookups lookups(http, config.endpoints, {});
  update_options.image_digests = update::registry_image_digests(lookups);
  const FileEditor edit = [&](const std::vector<PlanItem>& items) {
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
    Files files;
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
  sync_pulls(gh, cache, intents, branches, edit, base, options, clock, result);
}

}  // namespace

RunReport run_apply(const config::Config& config, const RunOptions& opts) {
  if (!config.forge.configured || config.forge.repository.empty()) {
    throw Error(ErrorKind::config,
                "versiond apply needs forge.repository in versiond.yaml (docs/FORGE.md)");
  }
  Clock& clock = *opts.clock;
  const RepoRoot root(opts.repo);
  RunReport report;
  std::optional<std::string>& run_failure = report.failure;

  // Scan first (it records the decisions the plan renders) unless told not to.
  if (opts.scan) {
    try {
      scan::ScanOptions options;
      options.repo = root.path();
      options.config_dir = opts.config_dir;
      options.db = opts.db;
      options.clock = &clock;
      options.http_observer = opts.http_observer;
      const policy::Policy policy = opts.load_policy();
      options.policy = &policy;
      report.scan = scan::run_scan(config, options);
      if (report.scan->exit_code() != exit_code::ok) {
        run_failure = "scan: " + std::to_string(report.scan->failed()) + " lookups failed";
      }
    } catch (const Error& e) {
      run_failure = std::string("scan: ") + e.what();
    }
  }

  const std::filesystem::path token_file = config.forge.token_file.empty()
                                               ? std::filesystem::path()
                                               : opts.config_dir / config.forge.token_file;
  const auto credentials = sources::Credentials::load(
      config.forge.token_env, config.forge.token_file.empty() ? "" : token_file.string());
  net::HttpOptions http_options = config::http_options(config);
  http_options.observer = opts.http_observer;
  net::HttpClient http(std::move(http_options), std::make_shared<net::MemoryHttpCache>(), clock);
  forge::GithubOptions gh_options;
  gh_options.api_url = config.forge.api_url;
  gh_options.repository = config.forge.repository;
  gh_options.token = credentials.github_token;
  gh_options.write_interval = opts.write_interval;
  forge::GithubClient gh(http, gh_options);

  store::Store store(opts.db);
  ApplyOptions options;
  options.dry_run = opts.dry_run;
  options.week = iso_week(clock.now());
  ApplyResult& result = report.result;
  reconcile(gh, store.db(), options, clock, result);
  if (result.ok()) {
    const auto scan = store.latest_scan();
    if (!scan) {
      run_failure = "no recorded scan in " + opts.db.string();
    } else {
      try {
        const Plan plan = build_plan(store.latest_observations(), scan->started_at, config.window,
                                     clock.now(), options.week);
        report.plan_items = static_cast<int>(plan.items.size());
        sync_plan_issue(gh, store.db(), render_markdown(plan), options, clock, result);
        const auto branches = plan_branches(plan);
        std::optional<int> open;
        if (branches.empty()) open = versiond_pulls(gh, result);
        if (!branches.empty() || open.value_or(0) > 0) {
          sync_branches(gh, config, root, opts.db, store.db(), branches, http,
                        credentials.github_token, clock, options, result);
          open.reset();
        }
        if (opts.count_open_pulls && !open) open = versiond_pulls(gh, result);
        report.open_pulls = open;
      } catch (const Error& e) {
        run_failure = std::string("plan: ") + e.what();
      }
    }
  }
  for (const auto& f : result.failures) {
    run_failure = (run_failure ? *run_failure + "\n" : std::string()) + f.describe();
  }
  report_run(gh, store.db(), run_failure, options, clock, result);
  return report;
}

}  // namespace versiond::apply
