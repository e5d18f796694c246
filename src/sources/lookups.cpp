#include "versiond/sources/lookups.hpp"

#include <atomic>
#include <functional>
#include <thread>

#include "sources/context.hpp"

namespace versiond::sources {

using detail::Context;

struct Lookups::Impl {
  net::HttpClient& http;
  Endpoints endpoints;
  Credentials credentials;
  LookupOptions options;
  detail::TokenCache tokens;
  detail::DiscoveryCache discovery;

  Impl(net::HttpClient& client, Endpoints e, Credentials c, LookupOptions o)
      : http(client), endpoints(std::move(e)), credentials(std::move(c)), options(o) {}

  Context context() { return {http, endpoints, credentials, options, tokens, discovery}; }

  // Keys reordered round-robin over their upstreams (registry, GitHub, Terraform
  // registry…); announces OCI repositories for batched tokens on the way.
  std::vector<LookupKey> interleave_by_upstream(const std::vector<LookupKey>& keys) {
    std::map<std::string, std::vector<const LookupKey*>> by_upstream;
    Context ctx = context();
    for (const auto& key : keys) {
      std::string upstream =
          options.offline ? std::string{} : detail::plan_registry_token(ctx, key);
      if (upstream.empty()) upstream = key.datasource + " " + key.registry_url;
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
    Context ctx = context();
    if (options.offline) return {LookupStatus::offline, "lookups disabled (offline)", {}};
    const auto& ds = key.datasource;
    if (ds == "github-releases") return detail::github_releases(ctx, key);
    if (ds == "github-tags") return detail::github_tags(ctx, key);
    if (ds == "terraform-provider") return detail::terraform_provider(ctx, key);
    if (ds == "terraform-module") return detail::terraform_module(ctx, key);
    if (ds == "docker") return detail::docker_tags(ctx, key);
    if (ds == "endoflife") return detail::endoflife_cycles(ctx, key);
    if (ds == "helm") {
      if (key.registry_url.rfind("oci://", 0) == 0) return detail::helm_oci_chart(ctx, key);
      if (key.registry_url.empty())
        return {
            LookupStatus::unsupported, "helm chart " + key.package + " has no repository URL", {}};
      return std::move(detail::helm_repository(ctx, key.registry_url, {key.package})[key.package]);
    }
    return {LookupStatus::unsupported, "unknown datasource '" + ds + "'", {}};
  }
};

Lookups::Lookups(net::HttpClient& client, Endpoints endpoints, Credentials credentials,
                 LookupOptions options)
    : impl_(std::make_unique<Impl>(client, std::move(endpoints), std::move(credentials), options)) {
}

Lookups::~Lookups() = default;

LookupResult Lookups::lookup(const LookupKey& key) { return impl_->one(key); }

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
    bool http_helm = key.datasource == "helm" && !key.registry_url.empty() &&
                     key.registry_url.rfind("oci://", 0) != 0 && !impl_->options.offline;
    if (http_helm)
      helm_repos[detail::trim_slash(key.registry_url)].push_back(key);
    else
      singles.push_back(key);
  }
  std::mutex answers_mutex;
  std::vector<std::function<void()>> tasks;
  // Helm repositories first: each is one large download and parse, the longest
  // tasks of a scan, so they should not be the last ones left running.
  for (const auto& [repo, repo_keys] : helm_repos) {
    tasks.emplace_back([this, repo = repo, repo_keys = repo_keys, &answers, &answers_mutex] {
      std::set<std::string> charts;
      for (const auto& k : repo_keys) charts.insert(k.package);
      Context ctx = impl_->context();
      auto results = detail::helm_repository(ctx, repo, charts);
      std::lock_guard lock(answers_mutex);
      for (const auto& k : repo_keys) answers[k] = results[k.package];
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
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < tasks.size(); i = next++) tasks[i]();
  };
  std::size_t n = std::min(std::max<std::size_t>(impl_->options.workers, 1), tasks.size());
  std::vector<std::jthread> pool;
  for (std::size_t i = 1; i < n; ++i) pool.emplace_back(worker);
  if (n > 0) worker();
  pool.clear();  // joins

  std::vector<LookupResult> out;
  out.reserve(keys.size());
  for (const auto& key : keys) out.push_back(answers[key]);
  return out;
}

}  // namespace versiond::sources
