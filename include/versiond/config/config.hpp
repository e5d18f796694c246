// versiond.yaml as a value: every setting with its default.
//
// The file holds references to credentials (an environment variable name or a
// file path), never a credential itself. The layout mirrors the file; see
// docs/CONFIGURATION.md and docs/versiond.schema.json.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/advisory/mapping.hpp"
#include "versiond/sources/endpoints.hpp"

namespace versiond::config {

// Base URLs of every upstream: the sources stage's own type (one Endpoints).
using Endpoints = sources::Endpoints;

struct GithubCredentials {
  std::string token_env = "GITHUB_TOKEN";  // variable read at run time; "" = none
  std::string token_file;                  // file holding the token; "" = none
};

struct Credentials {
  GithubCredentials github;
};

struct Concurrency {
  // Renovate's default is 16 requests per host; GitHub documents 100 concurrent
  // requests as its secondary limit. Over HTTP/1.1 a connection carries one
  // request at a time, so per_host is also the requests-in-flight cap per host.
  int total = 32;     // lookups in flight at once
  int per_host = 16;  // connections to one host
};

struct Timeouts {
  int connect_ms = 5000;
  int total_ms = 30000;  // per attempt
};

struct Http {
  std::vector<std::string> allow_plain_http_hosts;  // hosts reachable over http://
  Concurrency concurrency;
  Timeouts timeouts;
  int max_retries = 3;
  int max_body_mb = 64;
  int max_download_mb = 512;  // a streamed download (provider packages) is aborted past this
};

// How long a successful lookup of one package is reused from the store before
// upstream is asked again. 0 = ask every scan (conditional requests keep that cheap).
struct CacheTtl {
  int default_seconds = 0;
  std::map<std::string, int> per_datasource;  // datasource name -> seconds
};

// Joins components to an endoflife.date product.
struct EndoflifeJoin {
  std::string product;                // "kubernetes", "azure-kubernetes-service"
  std::vector<std::string> names;     // component names (case-insensitive)
  std::vector<std::string> packages;  // component packages (exact)
};

// Terraform settings of `versiond update`.
struct Terraform {
  // OS_ARCH platforms whose h1: a lock-file update records; empty: the
  // command's default (linux_amd64).
  std::vector<std::string> lock_platforms;
};

// Where `versiond apply` writes: the plan issue, the auto-PRs and their branches.
struct Forge {
  bool configured = false;  // the `forge` key is present
  std::string type = "github";
  std::string api_url = "https://api.github.com";  // GHE: "https://ghe.example.com/api/v3"
  std::string repository;                          // "owner/name" (required)
  std::string token_env = "GITHUB_TOKEN";          // variable read at run time
  std::string token_file;                          // or a file holding the token
  std::string git_remote;   // "" = https://github.com/<repository>.git; any git URL or path
  std::string base_branch;  // "" = the repository's default branch
};

// The maintenance window the Upgrade Plan names: an RRULE (FREQ=WEEKLY or
// MONTHLY, BYDAY, BYHOUR, BYMINUTE) or a five-field cron line, a duration and
// an IANA time zone.
struct Window {
  bool configured = false;
  std::string rrule;            // "FREQ=MONTHLY;BYDAY=1TU;BYHOUR=2;BYMINUTE=0"
  std::string cron;             // "0 2 * * 2"
  std::string duration = "2h";  // "90m", "2h"
  std::string tz = "UTC";       // "Europe/London"
};

// Security advisories (docs/ADVISORIES.md).
struct Advisories {
  bool enabled = true;  // false: no advisory lookups; every component says "no advisory source"
  // Entries of `advisories.packages`: they win over the built-in mapping table.
  std::vector<advisory::MappingRule> packages;
};

// What a schedule of `versiond serve` runs: what `versiond scan` or
// `versiond apply` does.
enum class JobKind { scan, apply };
std::string_view to_string(JobKind kind) noexcept;
std::optional<JobKind> parse_job_kind(std::string_view text) noexcept;

// One entry of `schedules` (docs/SERVICE.md).
struct Schedule {
  std::string name;
  JobKind job = JobKind::scan;
  std::string cron;  // five fields, or six with seconds (core/cron.hpp)
  std::string tz = "UTC";
};

// One entry of `repositories`: a local work tree, or a git URL the service
// clones (and fetches before each job) into its state directory.
struct Repository {
  std::string path;    // local work tree
  std::string url;     // or a git URL
  std::string branch;  // with url: the branch to check out ("" = the remote's HEAD)
  // The name metrics and logs use: the path, or the URL.
  const std::string& label() const noexcept { return url.empty() ? path : url; }
};

// `server`: where `versiond serve` answers /healthz, /readyz and /metrics.
struct Server {
  std::string listen = "127.0.0.1:9464";  // host:port; loopback unless configured
};

struct Config {
  std::string source;  // file it was read from, "" when built from defaults
  Endpoints endpoints;
  Credentials credentials;
  Http http;
  CacheTtl cache_ttl;
  std::string policy_file;  // repository-relative; policies are read by a later stage
  Terraform terraform;
  std::vector<EndoflifeJoin> endoflife;
  Forge forge;
  Window window;
  Advisories advisories;
  std::vector<Schedule> schedules;
  std::vector<Repository> repositories;  // empty: the --repo directory
  Server server;

  // The TTL for one datasource.
  int ttl_seconds(const std::string& datasource) const;
  // The endoflife.date product joined to a component, "" when none.
  std::string endoflife_product(const std::string& name, const std::string& package) const;
};

}  // namespace versiond::config
