#include "scan/advisories.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <set>

#include "versiond/advisory/mapping.hpp"
#include "versiond/advisory/record.hpp"
#include "versiond/sources/advisories.hpp"

namespace versiond::scan::detail {

namespace {

using advisory::PackageKey;
using advisory::Status;

bool github_key(const PackageKey& k) {
  return k.ecosystem == advisory::github_repository_ecosystem;
}

// What one advisory package answered: the ids listed, or why there is no answer.
struct Listing {
  std::optional<std::string> failure;
  std::vector<std::string> ids;
};

struct Gathered {
  std::map<PackageKey, Listing> listings;
  std::map<std::string, advisory::Record> records;  // by id
  std::set<std::string> broken;                     // listed ids whose record is unusable
};

void parse_into(Gathered& g, AdvisoryRun& run, const std::string& id, const std::string& body,
                const std::string& where) {
  std::vector<advisory::Diagnostic> diagnostics;
  auto record = advisory::parse_osv(body, diagnostics, where);
  for (const auto& d : diagnostics) run.errors.push_back("advisory " + d.describe());
  if (!record) {
    g.broken.insert(id);
    return;
  }
  for (const auto& a : record->affected) {
    if (a.unusable) g.broken.insert(id);
  }
  g.records[record->id] = std::move(*record);
}

// OSV: one querybatch for every key, then the records not stored with the same `modified`.
void gather_osv(Gathered& g, AdvisoryRun& run, const std::vector<PackageKey>& keys,
                const config::Config& config, store::Store& store, net::HttpClient* client) {
  if (keys.empty()) return;
  std::map<std::string, std::string> listed_modified;  // id -> modified
  if (!client) {
    for (const auto& k : keys) {
      if (auto ids = store::advisory_listing(store.db(), k.ecosystem, k.name)) {
        g.listings[k].ids = *ids;
        for (const auto& id : *ids) listed_modified.emplace(id, "");
      } else {
        g.listings[k].failure = "offline: advisories of " + k.name + " were never looked up";
      }
    }
  } else {
    std::vector<sources::OsvPackage> packages;
    packages.reserve(keys.size());
    for (const auto& k : keys) packages.push_back({k.ecosystem, k.name});
    const auto batch = sources::osv_querybatch(*client, config.endpoints, packages);
    run.requests.querybatch += batch.requests;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      Listing& l = g.listings[keys[i]];
      if (batch.failure) {
        l.failure = "OSV: " + batch.failure->describe();
        continue;
      }
      for (const auto& v : batch.results[i]) {
        l.ids.push_back(v.id);
        listed_modified[v.id] = v.modified;
      }
      run.writes.listings.push_back({keys[i].ecosystem, keys[i].name, l.ids});
    }
  }
  std::vector<std::string> to_fetch;
  for (const auto& [id, modified] : listed_modified) {
    const auto stored = store::advisory_record(store.db(), id);
    if (stored && (!client || stored->modified == modified)) {
      ++run.requests.records_from_store;
      parse_into(g, run, id, stored->body, id);
    } else if (client) {
      to_fetch.push_back(id);
    } else {
      g.broken.insert(id);
      run.errors.push_back("advisory " + id + ": offline and not stored");
    }
  }
  if (!client || to_fetch.empty()) return;
  const auto fetched = sources::osv_records(*client, config.endpoints, to_fetch);
  run.requests.records += static_cast<int>(fetched.size());
  for (const auto& f : fetched) {
    if (f.failure) {
      g.broken.insert(f.id);
      run.errors.push_back("advisory " + f.id + ": " + f.failure->describe());
      continue;
    }
    parse_into(g, run, f.id, f.body, "vulns/" + f.id);
    // Kept even when unreadable: read again (and diagnosed again) until OSV
    // lists a newer `modified`, without another request.
    run.writes.records.push_back({f.id, listed_modified[f.id], "osv", f.body, {}});
  }
}

// A record rated by nothing of its own takes an alias's rating: fetch the
// GitHub alias (its reviewed severity) when it is not already at hand.
void gather_alias_ratings(Gathered& g, AdvisoryRun& run, const config::Config& config,
                          store::Store& store, net::HttpClient* client) {
  std::set<std::string> wanted;
  for (const auto& [id, r] : g.records) {
    if (r.severity != advisory::Severity::unknown) continue;
    for (const auto& alias : r.aliases) {
      if (alias.starts_with("GHSA-") && !g.records.count(alias)) wanted.insert(alias);
    }
  }
  std::vector<std::string> to_fetch;
  for (const auto& id : wanted) {
    if (const auto stored = store::advisory_record(store.db(), id)) {
      // An empty body remembers that OSV has no such record: not asked again.
      if (!stored->body.empty()) parse_into(g, run, id, stored->body, id);
    } else if (client) {
      to_fetch.push_back(id);
    }
  }
  if (!client || to_fetch.empty()) return;
  const auto fetched = sources::osv_records(*client, config.endpoints, to_fetch);
  run.requests.records += static_cast<int>(fetched.size());
  for (const auto& f : fetched) {
    if (f.failure) {
      // Only a rating was missing: the record stands without it.
      if (f.failure->kind == FailureKind::not_found) {
        run.writes.records.push_back({f.id, "", "osv", "", {}});
      }
      continue;
    }
    std::vector<advisory::Diagnostic> ignored;
    if (auto r = advisory::parse_osv(f.body, ignored, f.id)) {
      run.writes.records.push_back({f.id, r->modified, "osv", f.body, {}});
      g.records[f.id] = std::move(*r);
    }
  }
}

void gather_github(Gathered& g, AdvisoryRun& run, const std::vector<PackageKey>& keys,
                   const config::Config& config, store::Store& store, net::HttpClient* client,
                   const sources::Credentials& credentials, int max_pages) {
  for (const auto& k : keys) {
    Listing& l = g.listings[k];
    std::vector<std::string> bodies;
    if (!client) {
      const auto ids = store::advisory_listing(store.db(), k.ecosystem, k.name);
      if (!ids) {
        l.failure = "offline: advisories of " + k.name + " were never looked up";
        continue;
      }
      for (const auto& id : *ids) {
        if (auto stored = store::advisory_record(store.db(), id)) bodies.push_back(stored->body);
      }
    } else {
      auto answer = sources::github_repository_advisories(*client, config.endpoints, credentials,
                                                          k.name, max_pages);
      ++run.requests.github;
      if (answer.failure) {
        l.failure = "GitHub: " + answer.failure->describe();
        continue;
      }
      bodies = std::move(answer.advisories);
    }
    for (const auto& body : bodies) {
      std::vector<advisory::Diagnostic> diagnostics;
      auto r = advisory::parse_github_repository_advisory(body, k.ecosystem, k.name, diagnostics);
      for (const auto& d : diagnostics) run.errors.push_back("advisory " + d.describe());
      if (!r) {
        l.ids.push_back("(unreadable)");
        g.broken.insert("(unreadable)");
        continue;
      }
      l.ids.push_back(r->id);
      for (const auto& a : r->affected) {
        if (a.unusable) g.broken.insert(r->id);
      }
      if (client) run.writes.records.push_back({r->id, r->modified, "github-repository", body, {}});
      g.records[r->id] = std::move(*r);
    }
    if (client) run.writes.listings.push_back({k.ecosystem, k.name, l.ids});
  }
}

std::vector<advisory::PinRelease> pin_releases(
    const ComponentResult& r, const std::optional<sources::LookupKey>& key,
    const std::map<sources::LookupKey, sources::LookupResult>& answers) {
  std::vector<advisory::PinRelease> out;
  if (!key) return out;
  const auto it = answers.find(*key);
  if (it == answers.end() || !it->second.ok()) return out;
  const bool chart = r.component.datasource == Datasource::helm;
  const bool cycles = r.component.datasource == Datasource::endoflife;
  for (const auto& rel : it->second.releases) {
    out.push_back(
        {rel.version, chart ? rel.latest : std::string(), cycles ? rel.latest : std::string()});
  }
  return out;
}

}  // namespace

AdvisoryRun check_advisories(const config::Config& config, std::vector<ComponentResult>& results,
                             const std::vector<std::optional<sources::LookupKey>>& keys,
                             const std::map<sources::LookupKey, sources::LookupResult>& answers,
                             store::Store& store, net::HttpClient* client,
                             const sources::Credentials& credentials, int max_pages) {
  AdvisoryRun run;
  struct Planned {
    const advisory::MappingRule* rule = nullptr;
    std::vector<advisory::PinRelease> releases;
    std::vector<PackageKey> keys;
  };
  std::vector<Planned> planned(results.size());
  std::set<PackageKey> osv_keys;
  std::set<PackageKey> github_keys;
  for (std::size_t i = 0; i < results.size(); ++i) {
    ComponentResult& r = results[i];
    r.advisory = {};
    if (!config.advisories.enabled) {
      r.advisory.note = "advisories are turned off (advisories.enabled: false)";
      continue;
    }
    Planned& p = planned[i];
    p.rule = advisory::find_rule(r.component, config.advisories.packages);
    if (!p.rule) {
      r.advisory.note = "no advisory source maps this component";
      continue;
    }
    if (r.component.skipped()) {
      r.advisory.status = Status::incomplete;
      r.advisory.note = "no version to judge: " + r.component.skip_text();
      p.rule = nullptr;
      continue;
    }
    p.releases = pin_releases(r, keys[i], answers);
    p.keys = advisory::keys_needed(*p.rule, r.component, p.releases);
    for (const auto& k : p.keys) (github_key(k) ? github_keys : osv_keys).insert(k);
  }

  Gathered g;
  gather_osv(g, run, {osv_keys.begin(), osv_keys.end()}, config, store, client);
  gather_github(g, run, {github_keys.begin(), github_keys.end()}, config, store, client,
                credentials, max_pages);
  gather_alias_ratings(g, run, config, store, client);

  std::set<std::string> errors_seen(run.errors.begin(), run.errors.end());
  for (std::size_t i = 0; i < results.size(); ++i) {
    ComponentResult& r = results[i];
    const Planned& p = planned[i];
    if (!p.rule) continue;
    std::vector<advisory::Record> records;
    std::string failure;
    bool broken = false;
    std::set<std::string> added;
    for (const auto& k : p.keys) {
      const Listing& l = g.listings[k];
      if (l.failure) failure = *l.failure;
      for (const auto& id : l.ids) {
        broken = broken || g.broken.count(id) > 0;
        if (const auto it = g.records.find(id); it != g.records.end() && added.insert(id).second) {
          records.push_back(it->second);
          for (const auto& alias : it->second.aliases) {
            const auto a = g.records.find(alias);
            if (a != g.records.end() && added.insert(alias).second) records.push_back(a->second);
          }
        }
      }
    }
    if (!failure.empty()) {
      r.advisory.status = Status::failed;
      r.advisory.note = failure;
      continue;
    }
    r.advisory = advisory::assess_component(*p.rule, r.component, records, p.releases);
    if (r.advisory.status == Status::affected) {
      r.advisory_fixed_by =
          [rule = *p.rule, component = r.component,
           shared = std::make_shared<const std::vector<advisory::Record>>(records),
           releases = p.releases, current = r.advisory](const std::string& target) {
            return advisory::fixed_by(rule, component, *shared, releases, current, target);
          };
    }
    if (r.advisory.status == Status::affected && !r.advisory.safe_target && p.releases.empty()) {
      r.advisory.note =
          "no safe target: the releases of " + r.component.package + " could not be looked up";
    }
    if (r.advisory.status == Status::not_affected && broken) {
      r.advisory.status = Status::incomplete;
      r.advisory.note = "a record of its advisory package could not be read (see errors)";
    }
    for (const auto& d : r.advisory.diagnostics) {
      const std::string line = "advisory " + d.describe();
      if (errors_seen.insert(line).second) run.errors.push_back(line);
    }
    if (r.advisory.status == Status::affected || r.advisory.status == Status::not_affected) {
      run.writes.checked_components.push_back(r.component_key);
    }
    for (const auto& f : r.advisory.findings) {
      run.writes.exposures.push_back(
          {r.component_key, f.id, std::string(advisory::to_string(f.severity)), {}, {}, {}});
    }
  }
  spdlog::info("advisories: {} querybatch, {} records fetched, {} from the store, {} GitHub",
               run.requests.querybatch, run.requests.records, run.requests.records_from_store,
               run.requests.github);
  return run;
}

}  // namespace versiond::scan::detail
