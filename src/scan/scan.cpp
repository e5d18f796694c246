#include "versiond/scan/scan.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "scan/advisories.hpp"
#include "scan/git_head.hpp"
#include "scan/keys.hpp"
#include "scan/oci_app_versions.hpp"
#include "scan/settings.hpp"
#include "versiond/config/http_options.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/net/client.hpp"
#include "versiond/policy/load.hpp"
#include "versiond/policy/render.hpp"
#include "versiond/scan/render.hpp"
#include "versiond/sources/lookups.hpp"
#include "versiond/store/dates.hpp"
#include "versiond/store/store.hpp"
#include "versiond/store/store_http_cache.hpp"

namespace fs = std::filesystem;

namespace versiond::scan {

namespace {

using sources::LookupKey;
using sources::LookupResult;

// One planned lookup per component (and one per endoflife join).
struct Plan {
  std::vector<ComponentResult> results;
  std::vector<std::optional<LookupKey>> version_keys;  // parallel to results
  std::vector<std::optional<LookupKey>> eol_keys;      // parallel to results
  std::set<LookupKey> unique;
};

Plan plan_lookups(const config::Config& config, std::vector<Component> components) {
  Plan plan;
  std::map<std::string, int> seen_keys;
  for (auto& c : components) {
    ComponentResult r;
    r.component_key = component_key(c);
    if (const int n = ++seen_keys[r.component_key]; n > 1) {
      r.component_key += "#" + std::to_string(n);
    }
    std::optional<LookupKey> key;
    if (c.skipped()) {
      r.status = "skipped";
      r.reason = c.skip_text();
    } else if (c.datasource == Datasource::none || c.package.empty()) {
      r.status = "skipped";
      r.reason = "no upstream known for this component";
    } else {
      key = lookup_key(c);
      r.package_key = package_key(*key);
      plan.unique.insert(*key);
    }
    std::optional<LookupKey> eol;
    if (const auto product = config.endoflife_product(c.name, c.package); !product.empty()) {
      eol = LookupKey{Datasource::endoflife, product, ""};
      plan.unique.insert(*eol);
    }
    r.component = std::move(c);
    plan.results.push_back(std::move(r));
    plan.version_keys.push_back(key);
    plan.eol_keys.push_back(eol);
  }
  return plan;
}

std::vector<sources::Release> as_found(const std::vector<store::Release>& stored) {
  return {stored.begin(), stored.end()};
}

std::vector<store::Release> as_stored(const std::vector<sources::Release>& found) {
  std::vector<store::Release> out;
  out.reserve(found.size());
  for (const auto& r : found) out.push_back(store::Release{r, 0, {}});
  return out;
}

// True when the package was looked up successfully within its TTL.
bool fresh_in_store(store::Store& store, const config::Config& config, const LookupKey& key,
                    std::chrono::system_clock::time_point now) {
  const int ttl = config.ttl_seconds(std::string(to_string(key.datasource)));
  if (ttl <= 0) {
    return false;
  }
  const auto last = store::parse_instant(store.last_ok_at(package_key(key)));
  return last && now - *last < std::chrono::seconds(ttl);
}

LookupResult from_store(store::Store& store, const LookupKey& key) {
  LookupResult r;
  r.releases = as_found(store.releases(package_key(key)));
  if (r.releases.empty()) {
    r.failure = Failure{FailureKind::offline, "nothing stored for " + key.package + " yet", {}};
  }
  return r;
}

std::string failure_reason(const LookupResult& r) { return r.failure ? r.failure->describe() : ""; }

void conclude(ComponentResult& r, const LookupResult& answer,
              std::chrono::system_clock::time_point now) {
  if (!answer.ok()) {
    r.status = "failed";
    r.reason = failure_reason(answer);
    r.failure = answer.failure;
    return;
  }
  r.deprecated = answer.deprecated;
  r.archived = answer.archived;
  r.last_pushed = answer.last_pushed;
  // No push for two years: the image is probably abandoned, whatever its tags say.
  if (const auto pushed = store::parse_instant(answer.last_pushed)) {
    r.stale = now - *pushed > std::chrono::days(730);
  }
  try {
    r.decision = policy::decide(r.component, answer.releases);
    r.status = "ok";
    r.reason = r.decision.note;
    if (!r.decision.newest_published.empty()) {
      r.release_age_days = store::days_since(r.decision.newest_published, now);
    }
  } catch (const Error& e) {
    r.status = "failed";
    r.reason = e.what();
    r.failure = Failure{FailureKind::bad_response, e.what(), {}};
  }
}

store::Observation observation_of(const ComponentResult& r) {
  store::Observation o;
  o.component_key = r.component_key;
  o.name = r.component.name;
  o.kind = std::string(to_string(r.component.kind));
  o.file = r.component.origin.file;
  o.current = r.component.current;
  o.datasource = std::string(to_string(r.component.datasource));
  o.package = r.component.package;
  o.package_key = r.package_key;
  o.latest_in_range = r.decision.latest_in_range;
  o.latest_overall = r.decision.latest_overall;
  o.bump = std::string(versioning::to_string(r.decision.bump.type));
  o.breaking = r.decision.bump.breaking;
  o.newest_published = r.decision.newest_published;
  o.eol = r.eol ? r.eol->eol : "";
  o.notes_url = r.decision.notes_url;
  o.status = r.status;
  o.reason = r.reason;
  std::vector<std::string> flags;
  if (r.deprecated) flags.emplace_back("deprecated");
  if (r.archived) flags.emplace_back("archived");
  if (r.stale) flags.push_back("stale since " + r.last_pushed.substr(0, 10));
  for (const auto& f : flags) o.upstream_flags += (o.upstream_flags.empty() ? "" : ",") + f;
  o.advisory_status = std::string(advisory::to_string(r.advisory.status));
  if (!r.advisory.findings.empty()) o.advisories = advisories_to_json(r.advisory).dump();
  o.safe_target = r.advisory.safe_target.value_or("");
  if (r.status == "ok") {
    o.decision = policy::decision_summary(r.outcome.updates);
    o.updates = policy::updates_to_json(r.outcome.updates).dump();
  }
  return o;
}

bool past_eol(const ComponentResult& r, std::chrono::system_clock::time_point now) {
  if (!r.eol || r.eol->eol.empty()) {
    return false;
  }
  const auto days = store::days_since(r.eol->eol, now);
  return r.eol->eol == "ended" || (days && *days >= 0);
}

// The policy stage: every component's current version first (couplings look
// across components), then each looked-up component's updates.
void apply_policy(std::vector<ComponentResult>& results,
                  const std::vector<std::optional<LookupKey>>& keys,
                  const std::map<LookupKey, LookupResult>& answers, const ScanOptions& options,
                  Clock::time_point now) {
  const policy::Policy& rules = options.policy ? *options.policy : policy::default_policy();
  policy::Estate estate;
  for (const auto& r : results) {
    const std::string version =
        r.decision.base_version.empty() ? r.component.current : r.decision.base_version;
    estate.push_back({r.component.name, r.component.package, r.component.scheme, version});
  }
  const policy::CouplingIndex index = policy::index_couplings(rules, estate);
  for (std::size_t i = 0; i < results.size(); ++i) {
    ComponentResult& r = results[i];
    if (r.status != "ok" || !keys[i]) {
      continue;
    }
    auto& s = r.subject;
    s.name = r.component.name;
    s.package = r.component.package;
    s.datasource = r.component.datasource;
    s.file = r.component.origin.file;
    s.scheme = r.component.scheme;
    s.current = estate[i].version;
    s.eol = past_eol(r, now);
    s.deprecated = r.deprecated;
    s.releases = &answers.at(*keys[i]).releases;
    s.advisories.clear();
    for (const auto& f : r.advisory.findings) {
      s.advisories.emplace_back(f.id, std::string(advisory::to_string(f.severity)));
    }
    s.safe_target = r.advisory.safe_target;
    s.fixed_by = r.advisory_fixed_by;
    r.outcome = policy::decide_updates(rules, s, estate, now, {options.explain, &index});
    s.releases = nullptr;
  }
}

}  // namespace

int ScanReport::failed() const {
  return static_cast<int>(std::count_if(
      components.begin(), components.end(),
      [](const ComponentResult& r) { return r.status == "failed" || !r.eol_problem.empty(); }));
}

int ScanReport::affected() const {
  return static_cast<int>(std::count_if(
      components.begin(), components.end(),
      [](const ComponentResult& r) { return r.advisory.status == advisory::Status::affected; }));
}

int ScanReport::exit_code() const {
  // A file that could not be read is a diagnostic (exit 2 with --strict), not a failed lookup.
  return failed() > 0 ? exit_code::partial : exit_code::ok;
}

fs::path default_db_path(const RepoRoot& repo) {
  const auto path = repo.resolve(".versiond/versiond.db");
  if (!path) {
    throw Error(ErrorKind::usage,
                (repo.path() / ".versiond").string() + " leads outside the repository; use --db");
  }
  return *path;
}

ScanReport run_scan(const config::Config& config, const ScanOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ScanReport report;
  Clock& clock = options.clock != nullptr ? *options.clock : system_clock();
  const Clock::time_point now = clock.now();
  report.offline = options.offline;
  report.now = now;
  const RepoRoot root(options.repo);
  extract::Inventory inventory = extract::build_inventory(root);
  report.inventory_errors = std::move(inventory.errors);
  Plan plan = plan_lookups(config, std::move(inventory.components));

  if (options.offline && !fs::exists(options.db)) {
    throw Error(
        ErrorKind::usage,
        options.db.string() + ": no store yet; run `versiond scan` without --offline first");
  }
  store::Store store(options.db);

  // Answers from the store (offline, or within the TTL), the rest from upstream.
  std::map<LookupKey, LookupResult> answers;
  std::set<LookupKey> asked_upstream;
  std::vector<LookupKey> to_ask;
  for (const auto& key : plan.unique) {
    if (options.offline || fresh_in_store(store, config, key, now)) {
      answers[key] = from_store(store, key);
    } else {
      to_ask.push_back(key);
    }
  }
  std::vector<store::HttpCacheEntry> cache_entries;
  std::shared_ptr<store::StoreHttpCache> cache;
  std::optional<net::HttpClient> client;
  sources::Credentials credentials;
  if (!options.offline) {
    cache = std::make_shared<store::StoreHttpCache>(store);
    net::HttpOptions http = config::http_options(config);
    http.observer = options.http_observer;
    client.emplace(std::move(http), cache, clock);
    const fs::path token_file = config.credentials.github.token_file.empty()
                                    ? fs::path()
                                    : options.config_dir / config.credentials.github.token_file;
    credentials =
        sources::Credentials::load(config.credentials.github.token_env, token_file.string());
  }
  std::optional<sources::Lookups> lookups;
  if (client) lookups.emplace(*client, config.endpoints, credentials, lookup_options(config));
  if (!to_ask.empty()) {
    const auto results = lookups->run(to_ask);
    for (std::size_t i = 0; i < to_ask.size(); ++i) {
      answers[to_ask[i]] = results[i];
      asked_upstream.insert(to_ask[i]);
    }
  }

  // Offline, a component whose last recorded lookup failed is reported with
  // that failure: the stored releases would otherwise read as a quiet "ok".
  std::map<std::string, store::Observation> recorded;
  if (options.offline) {
    for (auto& o : store.latest_observations()) recorded.emplace(o.component_key, std::move(o));
  }
  for (std::size_t i = 0; i < plan.results.size(); ++i) {
    ComponentResult& r = plan.results[i];
    if (const auto& key = plan.version_keys[i]) {
      conclude(r, answers.at(*key), now);
      r.from_store = !asked_upstream.count(*key);
      if (!asked_upstream.count(*key)) {
        spdlog::info("{}: answered from the store", package_key(*key));
      }
      if (const auto it = recorded.find(r.component_key);
          it != recorded.end() && it->second.status == "failed") {
        r.status = "failed";
        r.reason = "recorded by the scan of " + it->second.last_seen_at + ": " + it->second.reason;
        r.failure = Failure{FailureKind::offline, r.reason, {}};
      }
    }
    if (const auto& key = plan.eol_keys[i]) {
      const LookupResult& answer = answers.at(*key);
      if (answer.ok()) {
        const std::string version =
            r.decision.base_version.empty() ? r.component.current : r.decision.base_version;
        r.eol = policy::match_cycle(key->package, version, answer.releases);
      } else {
        r.eol_problem = failure_reason(answer);
      }
    }
  }
  // OCI charts: their appVersions, filled into the releases advisories read.
  detail::OciAppVersions charts = detail::fill_oci_app_versions(
      config, plan.results, plan.version_keys, answers, store, lookups ? &*lookups : nullptr);
  detail::AdvisoryRun advisories = detail::check_advisories(
      config, plan.results, plan.version_keys, answers, store, client ? &*client : nullptr,
      credentials, lookup_options(config).max_pages);
  report.advisory_errors = std::move(charts.errors);
  report.advisory_errors.insert(report.advisory_errors.end(), advisories.errors.begin(),
                                advisories.errors.end());
  report.advisory_requests = advisories.requests;
  report.advisory_requests.chart_configs = charts.fetched;
  report.advisory_requests.chart_configs_from_store = charts.from_store;
  if (client) {
    report.counters = client->counters();
    cache_entries = cache->take_pending();
  }
  for (auto& r : plan.results) {
    if (past_eol(r, now)) {
      // endoflife.date's `eol` is the end of security support.
      r.advisory.notes.push_back(r.eol->product + " " + r.eol->cycle +
                                 " is past its end of life (" + r.eol->eol +
                                 "): it no longer receives security fixes");
    }
  }
  apply_policy(plan.results, plan.version_keys, answers, options, now);
  report.components = std::move(plan.results);

  auto& s = report.summary;
  s.started_at = net::format_utc(now);
  s.repo = root.path().string();
  s.commit = head_commit(root.path());
  s.components = static_cast<int>(report.components.size());
  s.lookups_failed = report.failed();
  s.outcome = report.exit_code() == exit_code::ok ? "completed" : "partial";
  s.requests = static_cast<std::int64_t>(report.counters.requests);
  s.not_modified = static_cast<std::int64_t>(report.counters.not_modified);
  s.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  s.finished_at = net::format_utc(now + std::chrono::milliseconds(s.duration_ms));
  if (!options.offline) {
    store::ScanRecord record;
    record.scan = s;
    for (const auto& r : report.components) {
      record.observations.push_back(observation_of(r));
    }
    for (const auto& key : asked_upstream) {
      if (const auto& answer = answers.at(key); answer.ok()) {
        record.lookups.push_back({package_key(key), as_stored(answer.releases)});
      }
    }
    record.http_cache = std::move(cache_entries);
    record.advisories = std::move(advisories.writes);
    record.oci_chart_configs = std::move(charts.writes);
    s.id = store.record_scan(record);
  }
  return report;
}

}  // namespace versiond::scan
