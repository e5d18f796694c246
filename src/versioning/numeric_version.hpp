// A dotted numeric version with SemVer-style pre-release and build parts; the
// common model of the semver, helm and hashicorp schemes (each parses it with
// its own rules).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/versioning/scheme.hpp"

namespace versiond::versioning::detail {

struct NumericVersion {
  std::vector<std::uint64_t> segments;  // as written: 1.2 has two
  std::vector<std::string> pre;         // pre-release identifiers
  std::string build;                    // metadata; never affects precedence

  std::uint64_t at(std::size_t i) const noexcept { return i < segments.size() ? segments[i] : 0; }
  bool prerelease() const noexcept { return !pre.empty(); }
};

struct NumericRules {
  std::size_t min_segments = 3;
  std::size_t max_segments = 3;
  bool strict = true;      // SemVer: no leading zeros in the numeric segments
  bool strict_pre = true;  // no leading zeros in numeric pre-release identifiers
                           // (SemVer, and Masterminds even where it allows 01.2.3)
};

// Parses [v]N(.N)*[-pre][+build] by the rules; nullopt when it does not fit.
// (hashicorp has its own parser: go-version's grammar is wider.)
std::optional<NumericVersion> parse_numeric(std::string_view text, const NumericRules& rules);
// The same into out, reusing its storage (no allocation for a release once out
// has held one); false, with out unspecified, when text does not fit.
bool parse_numeric_into(std::string_view text, const NumericRules& rules, NumericVersion& out);

// Parses a dot-separated identifier list ("rc.1"); nullopt when an identifier
// is empty or has a character outside [0-9A-Za-z-] (or a leading zero, strict).
std::optional<std::vector<std::string>> parse_identifiers(std::string_view text, bool strict);

// SemVer 2.0.0 section 11 precedence of pre-release identifier lists; an empty
// list (a release) ranks above any pre-release.
int compare_prerelease(const std::vector<std::string>& a, const std::vector<std::string>& b);
// Missing segments count as zero; build metadata is ignored.
int compare_numeric(const NumericVersion& a, const NumericVersion& b);
// Same numeric segments (zero-padded), pre-release ignored.
bool same_core(const NumericVersion& a, const NumericVersion& b);

// Bump by the first differing segment (index 0 major, 1 minor, later patch);
// equal segments with a different pre-release are a patch.
BumpInfo numeric_bump(const NumericVersion& from, const NumericVersion& to);

}  // namespace versiond::versioning::detail
