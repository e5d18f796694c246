// Advisory sources: OSV (querybatch + vulns/{id}) and GitHub repository
// advisories. They return the records as fetched (JSON text); the advisory
// stage reads them. Never throw for upstream failures.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "versiond/core/failure.hpp"
#include "versiond/net/client.hpp"
#include "versiond/sources/endpoints.hpp"

namespace versiond::sources {

struct OsvPackage {
  std::string ecosystem;
  std::string name;
};

struct OsvListed {
  std::string id;
  std::string modified;
};

struct OsvBatch {
  std::optional<Failure> failure;  // the whole batch failed (then results is empty)
  // One list per query, in query order: every record OSV has for the package.
  std::vector<std::vector<OsvListed>> results;
  int requests = 0;  // POSTs sent
};

// POST {osv}/v1/querybatch with every package (no version: OSV then lists every
// record of the package), at most 1,000 queries a request; a query whose answer
// carries next_page_token is asked again with it.
OsvBatch osv_querybatch(net::HttpClient& http, const Endpoints& endpoints,
                        const std::vector<OsvPackage>& packages);

struct FetchedRecord {
  std::string id;
  std::optional<Failure> failure;
  std::string body;  // the record (JSON)
};

// GET {osv}/v1/vulns/{id} for each id, `workers` at a time; results in input order.
std::vector<FetchedRecord> osv_records(net::HttpClient& http, const Endpoints& endpoints,
                                       const std::vector<std::string>& ids,
                                       std::size_t workers = 8);

struct RepositoryAdvisories {
  std::optional<Failure> failure;
  std::vector<std::string> advisories;  // each published advisory's JSON
};

// GET {github_api}/repos/{owner}/{repo}/security-advisories?state=published,
// every page (Link rel="next"), conditional through the client's HTTP cache.
RepositoryAdvisories github_repository_advisories(net::HttpClient& http, const Endpoints& endpoints,
                                                  const Credentials& credentials,
                                                  const std::string& owner_repo, int max_pages);

}  // namespace versiond::sources
