// `versiond update`: from "set this component to that version" to the exact
// file edits, computed all at once, then written atomically file by file.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "versiond/core/clock.hpp"
#include "versiond/core/files.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/sources/lookups.hpp"
#include "versiond/update/constraint.hpp"
#include "versiond/update/edit.hpp"

namespace versiond::update {

// One --set: a component's name or package as `inventory` prints it, and the
// version to move it to. A GitHub Action pinned by commit also needs the
// commit of that release (`sha`); the CLI reads it from "VERSION@SHA".
struct UpdateRequest {
  std::string selector;
  std::string version;
  std::string sha;
  // "" = every component so named or packaged; else only the pins in this
  // repository-relative file (and the rows tracking them): --from-scan names
  // the exact component a scan observed.
  std::string file = {};
  // The policy's range_strategy for this update; unset: UpdateOptions::strategy.
  std::optional<RangeStrategy> strategy = {};
};

// Parses "NAME_OR_PACKAGE=VERSION[@SHA]". Throws Error(usage) when malformed.
UpdateRequest parse_set(const std::string& text);

// One lock-file provider block that needs hashes for a new version.
struct LockHashRequest {
  std::string lock_file;  // repository-relative
  std::string provider;   // as the inventory names it (see lock_address_matches)
  std::string version;
  std::string registry_host = "registry.terraform.io";  // the host of the block's address
  std::string locked_version = {};                      // the version the block holds now
  std::vector<std::string> locked_hashes = {};          // and its hashes (h1:/zh:), as listed
};

// The hashes a lock file records for the request (every zh: and the h1: per
// platform), or nullopt when they cannot be had.
using LockHashSource =
    std::function<std::optional<std::vector<std::string>>(const LockHashRequest& request)>;

// An image pinned by tag and digest (`nginx:1.25.0@sha256:…`) whose tag moves:
// the digest must move with it, to the new tag's manifest digest.
struct ImageDigestRequest {
  std::string package;       // as the inventory names it ("docker.io/library/nginx")
  std::string registry_url;  // the registry base the extractor inferred ("" = from package)
  std::string tag;           // the new tag
};

// The new tag's manifest digest, or a Failure saying why the registry gave none.
using ImageDigestSource = std::function<sources::ManifestDigest(const ImageDigestRequest& request)>;

// The image-digest source `versiond update` uses: lookups.manifest_digest()
// (registry mirrors and the anonymous token flow included). lookups must
// outlive the source.
ImageDigestSource registry_image_digests(sources::Lookups& lookups);

struct UpdateOptions {
  RangeStrategy strategy = RangeStrategy::replace;
  std::string today;                // "YYYY-MM-DD" for Last updated cells ("" leaves them)
  LockHashSource lock_hashes;       // unset: lock files cannot be updated
  ImageDigestSource image_digests;  // unset: images pinned by tag and digest cannot be updated
};

// One file before and after its edits.
struct PlannedFile {
  std::string file;  // repository-relative
  std::string before;
  std::string after;
};

// A component edit for reports: where, what it was, what it becomes.
struct PlannedEdit {
  std::string component;  // name as inventory prints it
  PinKind kind = PinKind::versions_table;
  std::string file;
  int line = 0;
  std::string old_value;
  std::string new_value;
};

struct UpdatePlan {
  std::vector<PlannedEdit> edits;  // in file, line order
  std::vector<PlannedFile> files;  // only files whose content changes
};

// Every place each requested component lives (its code pins, its lock-file
// entries and the VERSIONS.md rows that track them) and how each changes.
// Reads files through root only. Throws Error(usage) for an unknown
// selector, a version its scheme cannot read, or a constraint that cannot be
// rewritten; Error(input) when a file does not hold what the inventory says.
// Nothing is written.
UpdatePlan plan_update(const RepoRoot& root, const extract::Inventory& inventory,
                       const std::vector<UpdateRequest>& requests, const UpdateOptions& options);

// Writes every planned file atomically (temporary file and rename in its
// folder). Refuses a file that changed since it was planned. When a write
// fails, the files already written get their old content back, then the
// error is thrown.
void write_plan(const RepoRoot& root, const UpdatePlan& plan);

// A unified diff (a/ and b/ prefixes, 3 lines of context) of the plan.
std::string unified_diff(const UpdatePlan& plan);

}  // namespace versiond::update
