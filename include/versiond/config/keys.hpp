// The keys the configuration parser accepts, as dotted paths with their JSON
// type ("http.concurrency.total" -> "integer"). Map entries with free-form keys
// appear as "*" ("endpoints.registry_mirrors.*"), list items as "[]"
// ("endoflife[].product"). The schema test compares this with docs/versiond.schema.json.
#pragma once

#include <map>
#include <string>

namespace versiond::config {

std::map<std::string, std::string> accepted_keys();

}  // namespace versiond::config
