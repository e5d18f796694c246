// The advisory stage's closed sets: one to_string/parse pair each.
#include "versiond/core/names.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "versiond/advisory/evaluate.hpp"
#include "versiond/advisory/mapping.hpp"
#include "versiond/advisory/record.hpp"

namespace versiond::advisory {

namespace {

using core::name_of;
using core::Names;
using core::value_of;

constexpr Names<Severity, 5> severities{{
    {Severity::unknown, "unknown"},
    {Severity::low, "low"},
    {Severity::medium, "medium"},
    {Severity::high, "high"},
    {Severity::critical, "critical"},
}};

constexpr Names<SourceKind, 2> source_kinds{{
    {SourceKind::osv, "osv"},
    {SourceKind::github_repository, "github-repository"},
}};

constexpr Names<RangeType, 3> range_types{{
    {RangeType::semver, "SEMVER"},
    {RangeType::ecosystem, "ECOSYSTEM"},
    {RangeType::git, "GIT"},
}};

constexpr Names<EventKind, 4> event_kinds{{
    {EventKind::introduced, "introduced"},
    {EventKind::fixed, "fixed"},
    {EventKind::last_affected, "last_affected"},
    {EventKind::limit, "limit"},
}};

constexpr Names<LineBy, 2> line_bys{{{LineBy::major, "major"}, {LineBy::minor, "minor"}}};

constexpr Names<Status, 5> statuses{{
    {Status::affected, "affected"},
    {Status::not_affected, "not_affected"},
    {Status::no_source, "no_source"},
    {Status::incomplete, "incomplete"},
    {Status::failed, "failed"},
}};

constexpr Names<Status, 5> status_texts{{
    {Status::affected, "affected"},
    {Status::not_affected, "not affected"},
    {Status::no_source, "no advisory source"},
    {Status::incomplete, "advisory data incomplete"},
    {Status::failed, "advisory check failed"},
}};

constexpr Names<MatchOn, 5> match_ons{{
    {MatchOn::image, "image"},
    {MatchOn::chart, "chart"},
    {MatchOn::package, "package"},
    {MatchOn::component, "component"},
    {MatchOn::kind, "kind"},
}};

constexpr Names<VersionFrom, 2> version_froms{{
    {VersionFrom::tag, "tag"},
    {VersionFrom::app_version, "app_version"},
}};

}  // namespace

std::string_view to_string(MatchOn on) noexcept { return name_of(match_ons, on); }
std::string_view to_string(VersionFrom from) noexcept { return name_of(version_froms, from); }
std::optional<MatchOn> parse_match_on(std::string_view text) noexcept {
  return value_of(match_ons, text);
}
std::optional<VersionFrom> parse_version_from(std::string_view text) noexcept {
  return value_of(version_froms, text);
}

std::string_view to_string(Severity severity) noexcept { return name_of(severities, severity); }
std::string_view to_string(SourceKind source) noexcept { return name_of(source_kinds, source); }
std::string_view to_string(RangeType type) noexcept { return name_of(range_types, type); }
std::string_view to_string(EventKind kind) noexcept { return name_of(event_kinds, kind); }
std::string_view to_string(LineBy line) noexcept { return name_of(line_bys, line); }
std::string_view to_string(Status status) noexcept { return name_of(statuses, status); }
std::string_view describe(Status status) noexcept { return name_of(status_texts, status); }

std::optional<Severity> parse_severity(std::string_view text) noexcept {
  // Case-insensitive: GHSA writes "HIGH", GitHub's REST API "high" and "moderate".
  std::array<char, 16> buffer{};
  if (text.size() >= buffer.size()) return std::nullopt;
  std::transform(text.begin(), text.end(), buffer.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string_view lowered(buffer.data(), text.size());
  if (lowered == "moderate") return Severity::medium;
  return value_of(severities, lowered);
}
std::optional<SourceKind> parse_source_kind(std::string_view text) noexcept {
  return value_of(source_kinds, text);
}
std::optional<RangeType> parse_range_type(std::string_view text) noexcept {
  return value_of(range_types, text);
}
std::optional<EventKind> parse_event_kind(std::string_view text) noexcept {
  return value_of(event_kinds, text);
}
std::optional<LineBy> parse_line_by(std::string_view text) noexcept {
  return value_of(line_bys, text);
}
std::optional<Status> parse_status(std::string_view text) noexcept {
  return value_of(statuses, text);
}

}  // namespace versiond::advisory
