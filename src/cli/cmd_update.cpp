// versiond update: move components to new versions in every file that pins
// them, changing only the version bytes.
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "versiond/config/http_options.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/net/client.hpp"
#include "versiond/net/http.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/store/store.hpp"
#include "versiond/update/from_scan.hpp"
#include "versiond/update/provider_package.hpp"
#include "versiond/update/update.hpp"

namespace versiond::cli {

namespace {

struct UpdateCliOptions {
  std::string repo = ".";
  std::vector<std::string> set;
  bool from_scan = false;
  std::vector<std::string> only;
  std::string db;
  bool dry_run = false;
  std::string format = "text";
  std::string now;
  std::string range_strategy = "replace";
  std::string config;
  std::vector<std::string> lock_platforms;  // empty: see LockPlatforms
};

// The platforms a lock-file block's h1: hashes are computed for: --lock-platform,
// else terraform.lock_platforms, else what the store recorded the last time
// versiond wrote that block, else the platforms whose packages of the locked
// version have the block's h1: values (detect), else linux_amd64. Remembers
// what each block got, for the store once the files are written.
class LockPlatforms {
 public:
  using Detect = std::function<std::vector<std::string>(const update::LockHashRequest&)>;

  LockPlatforms(std::vector<std::string> chosen, std::filesystem::path db, Detect detect)
      : chosen_(std::move(chosen)), db_(std::move(db)), detect_(std::move(detect)) {}

  std::vector<update::Platform> operator()(const update::LockHashRequest& r) {
    std::vector<std::string> names = chosen_;
    if (names.empty() && std::filesystem::exists(db_)) {
      names = store::Store(db_).lock_platforms(r.lock_file, r.provider);
    }
    if (names.empty() && detect_) {
      names = detect_(r);
    }
    if (names.empty()) {
      names = {std::string(k_default_platform)};
    }
    std::vector<update::Platform> out;
    out.reserve(names.size());
    for (const std::string& n : names) {
      out.push_back(update::parse_platform(n));
    }
    used_[{r.lock_file, r.provider}] = std::move(names);
    return out;
  }

  // Records the platforms of every block hashed in this run.
  void remember(const std::string& at) const {
    if (used_.empty()) {
      return;
    }
    store::Store s(db_);
    for (const auto& [block, names] : used_) {
      s.record_lock_platforms(block.first, block.second, names, at);
    }
  }

  static constexpr std::string_view k_default_platform = "linux_amd64";

 private:
  std::vector<std::string> chosen_;
  std::filesystem::path db_;
  Detect detect_;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> used_;
};

nlohmann::json to_json(const update::UpdatePlan& plan, bool written) {
  nlohmann::json edits = nlohmann::json::array();
  for (const update::PlannedEdit& e : plan.edits) {
    edits.push_back({{"component", e.component},
                     {"kind", std::string(to_string(e.kind))},
                     {"file", e.file},
                     {"line", e.line},
                     {"old", e.old_value},
                     {"new", e.new_value}});
  }
  nlohmann::json files = nlohmann::json::array();
  for (const update::PlannedFile& f : plan.files) {
    files.push_back(f.file);
  }
  return {{"edits", edits}, {"files", files}, {"written", written}};
}

}  // namespace

void add_update_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<UpdateCliOptions>();
  CLI::App* cmd =
      app.add_subcommand("update",
                         "Set components to new versions in every file that pins them (code and "
                         "VERSIONS.md), changing only the version bytes");
  cmd->add_option("--repo", opts->repo, "Repository directory")->capture_default_str();
  cmd->add_option("--set", opts->set,
                  "NAME_OR_PACKAGE=VERSION (as `versiond inventory` prints it); a GitHub "
                  "Action pinned by commit takes VERSION@SHA");
  cmd->add_flag("--from-scan", opts->from_scan,
                "Apply the updates the policy marked auto-pr in the last recorded scan");
  cmd->add_option("--only", opts->only,
                  "With --from-scan: only components whose name or package matches this glob "
                  "(repeatable)");
  cmd->add_option("--db", opts->db,
                  "The store (default: <repo>/.versiond/versiond.db): the scan --from-scan "
                  "reads, and the lock-file platforms an update remembers");
  cmd->add_flag("--dry-run", opts->dry_run, "Print the unified diff; write nothing");
  cmd->add_option("--range-strategy", opts->range_strategy,
                  "How constraints move: replace, bump, widen or pin")
      ->capture_default_str();
  cmd->add_option("--config", opts->config,
                  "Configuration file (default: <repo>/versiond.yaml): the Terraform registry "
                  "and HTTP settings used for lock-file hashes");
  cmd->add_option("--lock-platform", opts->lock_platforms,
                  "OS_ARCH whose h1: hash a lock-file update records (repeatable; default: "
                  "terraform.lock_platforms of versiond.yaml, else the platforms versiond last "
                  "wrote for that lock entry, else linux_amd64)");
  add_format_option(*cmd, opts->format, {"text", "json", "diff"});
  add_now_option(*cmd, opts->now);
  cmd->callback([opts, &exit_code] {
    const auto clock = make_clock(opts->now);
    const auto strategy = update::parse_range_strategy(opts->range_strategy);
    if (!strategy) {
      throw Error(ErrorKind::usage, "--range-strategy '" + opts->range_strategy +
                                        "': expected replace, bump, widen or pin");
    }
    if (opts->set.empty() == !opts->from_scan) {
      throw Error(ErrorKind::usage, "give either --set or --from-scan");
    }
    if (!opts->from_scan && !opts->only.empty()) {
      throw Error(ErrorKind::usage, "--only goes with --from-scan");
    }
    std::vector<update::UpdateRequest> requests;
    for (const std::string& s : opts->set) {
      requests.push_back(update::parse_set(s));
    }
    for (const std::string& p : opts->lock_platforms) {
      update::parse_platform(p);  // a bad --lock-platform is a usage error before anything is read
    }
    const RepoRoot root(opts->repo);
    const std::filesystem::path db =
        opts->db.empty() ? scan::default_db_path(root) : std::filesystem::path(opts->db);
    if (opts->from_scan) {
      store::Store store(recorded_store(opts->db, root), store::OpenMode::read_only);
      requests = update::auto_pr_requests(store, opts->only);
    }
    std::optional<std::filesystem::path> config_file;
    if (!opts->config.empty()) {
      config_file = std::filesystem::absolute(opts->config);
    }
    const config::Config config = config::load_config(root.path(), config_file);
    const extract::Inventory inv = extract::build_inventory(root);
    // Lock files are only fetched for when an update moves one.
    net::HttpClient http(config::http_options(config), nullptr, *clock);
    const update::LockHashEndpoints lock_endpoints{config.endpoints.terraform_registry,
                                                   config.endpoints.terraform_provider_mirror};
    LockPlatforms::Detect detect = [&http, lock_endpoints](const update::LockHashRequest& r) {
      std::vector<std::string> names;
      for (const auto& p : update::detect_lock_platforms(http, lock_endpoints, r).platforms) {
        names.push_back(p.os + "_" + p.arch);
      }
      return names;
    };
    auto platforms = std::make_shared<LockPlatforms>(
        opts->lock_platforms.empty() ? config.terraform.lock_platforms : opts->lock_platforms, db,
        std::move(detect));
    update::UpdateOptions options;
    options.strategy = *strategy;
    options.today = update::iso_date(*clock);
    options.lock_hashes = update::registry_lock_hashes(
        http, lock_endpoints,
        [platforms](const update::LockHashRequest& r) { return (*platforms)(r); });
    sources::Lookups lookups(http, config.endpoints, {});
    options.image_digests = update::registry_image_digests(lookups);
    const update::UpdatePlan plan = update::plan_update(root, inv, requests, options);
    if (!opts->dry_run) {
      update::write_plan(root, plan);
      platforms->remember(net::format_utc(clock->now()));
    }
    if (opts->format == "json") {
      std::cout << to_json(plan, !opts->dry_run).dump(2) << "\n";
    } else if (opts->format == "diff" || opts->dry_run) {
      std::cout << update::unified_diff(plan);
    } else {
      for (const update::PlannedEdit& e : plan.edits) {
        std::cout << e.file << ":" << e.line << ": " << e.component << ": " << e.old_value << " -> "
                  << e.new_value << "\n";
      }
      if (plan.edits.empty()) {
        std::cout << "nothing to change\n";
      }
    }
    exit_code = exit_code::ok;
  });
}

}  // namespace versiond::cli
