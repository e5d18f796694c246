// Security advisory records in the OSV schema (https://ossf.github.io/osv-schema/),
// as the advisory stage reads them: from OSV, from the GitHub Advisory Database
// (which publishes OSV) and from GitHub repository advisories (converted).
//
// Parsing never throws for a bad record: a record with wrong types is skipped,
// and a range or version that cannot be used is dropped, each with a
// Diagnostic naming the record and the field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace versiond::advisory {

// Ordered: a comparison "at or above" works on the enum's order.
enum class Severity { unknown, low, medium, high, critical };
std::string_view to_string(Severity severity) noexcept;
// "low", "medium" (also "moderate", GitHub's word), "high", "critical",
// "unknown"; case-insensitive. nullopt for any other text.
std::optional<Severity> parse_severity(std::string_view text) noexcept;

// Where a record was read.
enum class SourceKind { osv, github_repository };
std::string_view to_string(SourceKind source) noexcept;
std::optional<SourceKind> parse_source_kind(std::string_view text) noexcept;

// OSV range types. GIT ranges need a commit graph and are never evaluated.
enum class RangeType { semver, ecosystem, git };
std::string_view to_string(RangeType type) noexcept;  // "SEMVER", "ECOSYSTEM", "GIT"
std::optional<RangeType> parse_range_type(std::string_view text) noexcept;

enum class EventKind { introduced, fixed, last_affected, limit };
std::string_view to_string(EventKind kind) noexcept;
std::optional<EventKind> parse_event_kind(std::string_view text) noexcept;

struct Event {
  EventKind kind = EventKind::introduced;
  std::string version;  // "0" for introduced-from-the-start, "*" for an unbounded limit
};

struct Range {
  RangeType type = RangeType::ecosystem;
  std::vector<Event> events;
};

struct Affected {
  std::string ecosystem;  // "Go", "Maven", "GitHub Actions", "Kubernetes", …
  std::string name;       // module path, group:artifact, owner/repo
  std::vector<Range> ranges;
  std::vector<std::string> versions;  // explicit affected versions
  // Part of this entry could not be read (a diagnostic says which): an answer
  // from it is "incomplete", never "not affected".
  bool unusable = false;
  bool has_fixed() const;  // any range has a fixed event
};

// One problem with one record: skipped, or part of it unusable.
struct Diagnostic {
  std::string record_id;  // "GHSA-…", or the file/URL when the id itself is missing
  std::string field;      // JSON path: "affected[0].ranges[1].type"
  std::string message;
  std::string describe() const;  // "GHSA-…: affected[0].ranges[1].type: message"
};

struct Record {
  std::string id;
  std::string modified;   // RFC 3339, as written
  std::string published;  // RFC 3339, "" when absent
  std::string withdrawn;  // RFC 3339 when the record was withdrawn, else ""
  std::vector<std::string> aliases;
  std::string summary;
  std::string url;  // the advisory's page (database_specific.url, an ADVISORY reference, …)
  Severity severity = Severity::unknown;
  std::string severity_source;  // "database_specific", "CVSS_V3", "alias CVE-…", ""
  std::string cvss_v3;          // the CVSS v3.x vector, when given
  SourceKind source = SourceKind::osv;
  std::vector<Affected> affected;

  bool withdrawn_record() const { return !withdrawn.empty(); }
};

// Parses one OSV record (JSON text). nullopt, with a diagnostic, when it is not
// a usable record (not JSON, wrong types, no id). `where` names the record in a
// diagnostic when the id cannot be read.
std::optional<Record> parse_osv(std::string_view json_text, std::vector<Diagnostic>& diagnostics,
                                std::string_view where = "");

// Converts a GitHub repository advisory (one element of
// GET /repos/{owner}/{repo}/security-advisories) to a Record. Each vulnerability's
// `vulnerable_version_range` (">= 7.8.0, < 7.8.6") and `patched_versions`
// ("7.8.6, 7.9.8") become ECOSYSTEM ranges: one per release line of a patched
// version. `ecosystem`/`name` key the record (the repository's own key).
std::optional<Record> parse_github_repository_advisory(std::string_view json_text,
                                                       std::string_view ecosystem,
                                                       std::string_view name,
                                                       std::vector<Diagnostic>& diagnostics);

}  // namespace versiond::advisory
