// Evaluation: whether a version of a package is affected by advisory records,
// exactly as the OSV schema's "Evaluation" section defines it, with versiond's
// own version schemes; aliases merged into one vulnerability; and the lowest
// safe upgrade per release line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/advisory/record.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::advisory {

// The package an advisory names: OSV (ecosystem, name).
struct PackageKey {
  std::string ecosystem;  // "Go", "Maven", "GitHub Actions", "Kubernetes", "GitHub" (repository)
  std::string name;
  friend bool operator==(const PackageKey&, const PackageKey&) = default;
  // clang-tidy 14 flags the literal 0 inside a defaulted <=>.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  friend auto operator<=>(const PackageKey&, const PackageKey&) = default;
};

// The scheme versions of an ecosystem (or of a SEMVER range) compare by:
// semver for Go, Kubernetes, npm, crates and SEMVER ranges; loose for Maven
// (2.375.4 < 2.387.1 < 2.388), GitHub Actions and every other ecosystem.
const versioning::Scheme& scheme_for_ecosystem(std::string_view ecosystem, RangeType type);

// One package's answer from one record.
struct Check {
  bool affected = false;
  bool incomplete = false;  // part of the data could not be judged (see diagnostics)
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> notes;  // e.g. "GIT range skipped: needs a commit graph"
};

// Whether `version` of `key` is affected by `record` (its entries for that
// package). A withdrawn record affects nothing. Never throws.
Check check(const Record& record, const PackageKey& key, std::string_view version);

// The range text of a record's entries for key: ">= 0, < 1.11.5; >= 1.12.0-beta.0, < 1.12.1".
std::string range_text(const Record& record, const PackageKey& key);
// Fixed versions of a record's entries for key, ascending.
std::vector<std::string> fixed_versions(const Record& record, const PackageKey& key);

// Records that are aliases of each other (by id or alias, transitively) for one
// package, merged: one vulnerability is listed once. When the members disagree
// (some have `fixed` events for the package, some only open-ended ranges), the
// ones with `fixed` events are the ranges that count. Withdrawn records are dropped.
struct Vulnerability {
  std::string id;                    // GHSA id when one exists, else the first id
  std::vector<std::string> aliases;  // every other id of the group (CVE ids first), sorted
  Severity severity = Severity::unknown;
  std::string severity_source;
  std::string summary;
  std::string url;
  SourceKind source = SourceKind::osv;
  std::vector<Record> records;  // the members whose ranges count
};
std::vector<Vulnerability> merge_aliases(const std::vector<Record>& records, const PackageKey& key);

// A candidate upgrade: the pin's own text and the version advisories know it by
// (a chart version and its appVersion; an image tag and its normalised version).
struct Candidate {
  std::string pin;
  std::string version;
  // The package the candidate is filed under when not the current one's
  // (Argo CD 3.x is github.com/argoproj/argo-cd/v3, 2.x is /v2).
  std::optional<PackageKey> key;
};

// Granularity of a release line when choosing the safe target.
enum class LineBy { major, minor };
std::string_view to_string(LineBy line) noexcept;
std::optional<LineBy> parse_line_by(std::string_view text) noexcept;

enum class Status { affected, not_affected, no_source, incomplete, failed };
std::string_view to_string(Status status) noexcept;  // "affected", "no_source", …
std::string_view describe(Status status) noexcept;   // "affected", "no advisory source", …
std::optional<Status> parse_status(std::string_view text) noexcept;

struct Finding {
  std::string id;
  std::vector<std::string> aliases;
  Severity severity = Severity::unknown;
  std::string summary;
  std::string url;
  SourceKind source = SourceKind::osv;
  std::string affected;            // range text
  std::vector<std::string> fixed;  // fixed versions, ascending
};

struct Assessment {
  Status status = Status::no_source;
  std::vector<Finding> findings;           // vulnerabilities affecting the current version
  std::optional<std::string> safe_target;  // in the pin's terms; nullopt: not affected or none
  std::string note;  // "no safe version is released", the no-source or failure reason, …
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> notes;  // GIT ranges skipped, …
  Severity highest() const;        // unknown when no finding
};

// Judges `current` (already in advisory terms) against every record of `key`
// (merged by alias), and picks the safe target among candidates: the smallest
// candidate above current that no record affects, on the current release line
// first, then the next lines. Pre-releases only when current is one.
Assessment assess(const std::vector<Record>& records, const PackageKey& key,
                  std::string_view current, const std::vector<Candidate>& candidates,
                  LineBy line = LineBy::major);

// A release line a pin names ("1.31": AKS runs the newest patch of the line
// and upgrades the patches itself), in the pin's own terms.
struct LineRelease {
  std::string pin;     // the line as the pin writes it: "1.31"
  std::string newest;  // the newest patch released on it ("1.31.4"); "" when unknown
  // The package the line is filed under when not the current one's.
  std::optional<PackageKey> key;
};

// Whether `version` names only a release line of that granularity: "1.31" or
// "v1.31" under LineBy::minor. Major lines are never judged as lines.
bool names_line(std::string_view version, LineBy line);

// A whole minor line judged over its released patches (L.0 to the newest,
// which is the larger of `newest` and the highest patch the records name on
// the line; a last_affected patch counts as released). Per vulnerability:
//   * the newest patch affected (no fix inside the line): affected, and the
//     safe target is the lowest candidate line above whose newest patch no
//     record affects, written as the candidate's pin ("1.32");
//   * some patches affected, fixed inside the line: incomplete, with the note
//     "GHSA-… fixed in 1.31.5: make sure the cluster runs 1.31.5 or later"
//     (which patch runs cannot be seen);
//   * no patch affected: not affected.
// Affected wins over incomplete; the fixes inside the line are then in `notes`.
Assessment check_line(const std::vector<Record>& records, const PackageKey& key,
                      const LineRelease& current, const std::vector<LineRelease>& candidates);

// The vulnerabilities affecting the newest patch of a line (what runs once a
// cluster is on it); nullopt when part of the data could not be judged.
std::optional<std::vector<Finding>> line_findings(const std::vector<Record>& records,
                                                  const PackageKey& key, const LineRelease& line);

}  // namespace versiond::advisory
