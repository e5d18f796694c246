// `.terraform.lock.hcl`: reads one provider block and rewrites its version,
// constraints and hashes in place. Every byte outside the values (and the
// hash list) is kept: comments, other blocks, alignment, line endings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace versiond::update {

// One provider block as the lock file holds it.
struct LockEntry {
  std::string address;  // as written: "<host>/<namespace>/<type>"
  std::string version;
  std::optional<std::string> constraints;  // nullopt: no constraints line
  std::vector<std::string> hashes;         // as listed
  int line = 0;                            // 1-based line of `provider "…" {`
};

// Whether a block address names provider: a full address ("host/ns/type")
// compares whole, "ns/type" compares with the block's last two parts; both
// ignore case (registries treat namespaces case-insensitively).
bool lock_address_matches(std::string_view block_address, std::string_view provider);

// The provider's block, or nullopt when the file has none.
std::optional<LockEntry> find_lock_entry(std::string_view content, std::string_view provider);

struct LockEntryUpdate {
  std::string provider;                    // see lock_address_matches
  std::string version;                     // the new version
  std::optional<std::string> constraints;  // nullopt: leave the constraints line as it is
  std::vector<std::string> hashes;         // written sorted and deduplicated, as terraform does
};

// content with the provider's block updated. Throws Error(input) when the
// file has no block for the provider or the block has no version line.
std::string update_lock_file(std::string_view content, const LockEntryUpdate& update);

}  // namespace versiond::update
