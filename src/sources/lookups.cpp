#include "versiond/sources/lookups.hpp"

#include <array>
#include <atomic>
#include <functional>
#include <thread>

#include "sources/context.hpp"

namespace versiond::sources {

using detail::Context;

namespace {

using Source = LookupResult (*)(Context&, const LookupKey&);

LookupResult helm_chart(Context& ctx, const LookupKey& key) {
  if (key.registry_url.rfind("oci://", 0) == 0) return detail::helm_oci_chart(ctx, key);
  if (key.registry_url.empty()) {
    return LookupResult::failed(FailureKind::unsupported,
                                "helm chart " + key.package + " has no repository URL");
  }
  return std::move(detail::helm_repository(ctx, key.registry_url, {key.package})[key.package]);
}

LookupResult no_source(Context&, const LookupKey& key) {
  return LookupResult::failed(FailureKind::unsupported,
                              "no upstream source for '" + key.package + "'");
}

// One lookup function per datasource.
constexpr std::array<std::pair<Datasource, Source>, 8> sources_by_datasource{{
    {Datasource::none, no_source},
    {Datasource::github_releases, detail::github_releases},
    {Datasource::github_tags, detail::github_tags},
    {Datasource::helm, helm_chart},
    {Datasource::terraform_provider, detail::terraform_provider},
    {Datasource::terraform_module, detail::terraform_module},
    {Datasource::docker, detail::docker_tags},
    {Datasource::endoflife, detail::endoflife_cycles},
}};

Source source_for(Datasource datasource) {
  for (const auto& [ds, source] : sources_by_datasource) {
    if (ds == datasource) return source;
  }
  return no_source;
}

// Runs one lookup on a worker thread. Decoding code may throw on an answer of
// an unexpected shape (nlohmann's type errors, std::out_of_range, bad_alloc on
// a hostile size): that becomes this key's failure, never an exception that
// leaves the thread and ends the process.
template <typename F>
LookupResult guarded(const LookupKey& key, F&& lookup) noexcept {
  try {
    return lookup();
  } catch (const std::exception& e) {
    return LookupResult::failed(FailureKind::bad_response,
                                "unexpected answer for " + key.package + ": " + e.what());
  } catch (...) {
    return LookupResult::failed(FailureKind::bad_response, "unexpected answer for " + key.package);
  }
}

// Runs every task on up to `workers` threads (the caller's one of them).
void run_on_pool(const std::vector<std::function<void()>>& tasks, std::size_t workers) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < tasks.size(); i = next++) tasks[i]();
  };
  const std::size_t n = std::min(std::max<std::size_t>(workers, 1), tasks.size());
  std::vector<std::jthread> pool;
  for (std::size_t i = 1; i < n; ++i) pool.emplace_back(worker);
  if (n > 0) worker();
  pool.clear();  // joins
}

}  // namespace

struct Lookups::Impl {
  net::HttpClient& http;
  Endpoints endpoints;
  Credentials credentials;
  LookupOptions options;
  detail::TokenCache tokens;
  detail::DiscoveryCache discovery;

  Impl(net::HttpClient& client, Endpoints e, Credentials c, LookupOptions o)
      : http(client),
        endpoints(std::move(e)),
        credentials(std::move(c)),
        options(o),
        tokens(client.clock()) {}

  Context context() { return {http, endpoints, credentials, options, tokens, discovery}; }

  // Keys reordered round-robin over their upstreams (registry, GitHub, Terraform
  // registry…); announces OCI repositories for batched tokens on the way.
  std::vector<LookupKey> interleave_by_upstream(const std::vector<LookupKey>& keys) {
    std::map<std::string, std::vector<const LookupKey*>> by_upstream;
    Context ctx = context();
    for (const auto& key : keys) {
      std::string upstream =
          options.offline ? std::string{} : detail::plan_registry_token(ctx, key);
      if (upstream.empty())
        upstream = std::string(to_string(key.datasource)) + " " + key.registry_url;
      by_upstream[upstream].push_back(&key);
    }
    std::vector<LookupKey> out;
    out.reserve(keys.size());
    for (std::size_t round = 0; out.size() < keys.size(); ++round)
      for (const auto& [upstream, group] : by_upstream)
        if (round < group.size()) out.push_back(*group[round]);
    return out;
  }

  LookupResult one(const LookupKey& key) {
    if (options.offline) {
      return LookupResult::failed(FailureKind::offline, "lookups disabled (offline)");
    }
    Context ctx = context();
    return guarded(key, [&] { return source_for(key.datasource)(ctx, key); });
  }
};

Lookups::Lookups(net::HttpClient& client, Endpoints endpoints, Credentials credentials,
                 LookupOptions options)
    : impl_(std::make_unique<Impl>(client, std::move(endpoints), std::move(credentials), options)) {
}

Lookups::~Lookups() = default;

LookupResult Lookups::lookup(const LookupKey& key) { return impl_->one(key); }

ManifestDigest Lookups::manifest_digest(const LookupKey& key, const std::string& tag) {
  if (impl_->options.offline) {
    return {{}, Failure{FailureKind::offline, "lookups disabled (offline)", {}}};
  }
  Context ctx = impl_->context();
  ManifestDigest out;
  const LookupResult failed = guarded(key, [&] {
    out = detail::manifest_digest(ctx, key, tag);
    return LookupResult{};
  });
  if (!failed.ok()) return {{}, failed.failure};
  return out;
}

std::vector<OciChartConfig> Lookups::oci_chart_configs(const LookupKey& key,
                                                       const std::vector<std::string>& versions) {
  std::vector<OciChartConfig> out(versions.size());
  if (impl_->options.offline) {
    for (auto& c : out) c.failure = Failure{FailureKind::offline, "lookups disabled (offline)", {}};
    return out;
  }
  if (!is_oci_chart(key)) {
    for (auto& c : out) {
      c.failure = Failure{FailureKind::unsupported, "not an OCI chart: " + key.package, {}};
    }
    return out;
  }
  // The registry's token for the chart first, then the versions in parallel
  // (each its own slot of `out`: no lock needed).
  Context planning = impl_->context();
  detail::plan_registry_token(planning, key);
  std::vector<std::function<void()>> tasks;
  tasks.reserve(versions.size());
  for (std::size_t i = 0; i < versions.size(); ++i) {
    tasks.emplace_back([this, &key, &versions, &out, i] {
      Context ctx = impl_->context();
      const LookupResult failed = guarded(key, [&] {
        out[i] = detail::oci_chart_config(ctx, key, versions[i]);
        return LookupResult{};
      });
      if (!failed.ok()) out[i] = OciChartConfig{{}, {}, {}, {}, failed.failure};
    });
  }
  run_on_pool(tasks, impl_->options.workers);
  return out;
}

std::vector<LookupResult> Lookups::run(const std::vector<LookupKey>& keys) {
  // Unique keys, and the tasks that answer them: one per key, except that all
  // charts of one Helm repository share a task (one index download and parse).
  std::map<LookupKey, LookupResult> answers;
  // Helm keys by repository URL without trailing '/', so ".../charts" and ".../charts/" share a
  // download.
  std::map<std::string, std::vector<LookupKey>> helm_repos;
  std::vector<LookupKey> singles;
  for (const auto& key : keys) {
    if (!answers.emplace(key, LookupResult{}).second) continue;
    bool http_helm = key.datasource == Datasource::helm && !key.registry_url.empty() &&
                     key.registry_url.rfind("oci://", 0) != 0 && !impl_->options.offline;
    if (http_helm)
      helm_repos[detail::trim_slash(key.registry_url)].push_back(key);
    else
      singles.push_back(key);
  }
  std::mutex answers_mutex;
  std::vector<std::function<void()>> tasks;
  tasks.reserve(helm_repos.size() + singles.size());
  // Helm repositories first: each is one large download and parse, the longest
  // tasks of a scan, so they should not be the last ones left running.
  for (const auto& [repo, repo_keys] : helm_repos) {
    tasks.emplace_back([this, repo = repo, repo_keys = repo_keys, &answers, &answers_mutex] {
      std::set<std::string> charts;
      for (const auto& k : repo_keys) charts.insert(k.package);
      Context ctx = impl_->context();
      std::map<std::string, LookupResult> results;
      const LookupResult failure = guarded(repo_keys.front(), [&] {
        results = detail::helm_repository(ctx, repo, charts);
        return LookupResult{};
      });
      std::lock_guard lock(answers_mutex);
      for (const auto& k : repo_keys) answers[k] = failure.ok() ? results[k.package] : failure;
    });
  }
  // Then the other keys, taking one upstream after the other in turn: a run of
  // keys for one host would leave workers waiting on its per-host connection cap.
  for (const auto& key : impl_->interleave_by_upstream(singles)) {
    tasks.emplace_back([this, key, &answers, &answers_mutex] {
      auto r = impl_->one(key);
      std::lock_guard lock(answers_mutex);
      answers[key] = std::move(r);
    });
  }
  run_on_pool(tasks, impl_->options.workers);

  std::vector<LookupResult> out;
  out.reserve(keys.size());
  for (const auto& key : keys) out.push_back(answers[key]);
  return out;
}

}  // namespace versiond::sources
