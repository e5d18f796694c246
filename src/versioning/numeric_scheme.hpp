// The part of semver, helm and hashicorp that is the same: versions are
// NumericVersion; only parsing rules and the constraint language differ.
#pragma once

#include <functional>

#include "versiond/versioning/scheme.hpp"
#include "versioning/numeric_version.hpp"

namespace versiond::versioning::detail {

class NumericScheme : public Scheme {
 public:
  bool valid(std::string_view v) const override;
  bool stable(std::string_view v) const override;
  int compare(std::string_view a, std::string_view b) const override;
  bool satisfies(std::string_view v, std::string_view c) const override;
  BumpInfo bump(std::string_view from, std::string_view to) const override;
  // Stable candidates; when current is a pre-release, also pre-releases of
  // current's own core version (1.2.0-rc.1 may move to 1.2.0-rc.2).
  std::optional<std::string> latest(const std::vector<std::string>& candidates,
                                    std::optional<std::string_view> constraint,
                                    std::optional<std::string_view> current) const override;
  UpdatePicks pick_updates(const std::vector<std::string_view>& candidates,
                           std::string_view current,
                           std::optional<std::string_view> allowed) const override;

  // nullopt when text is not a version of this scheme.
  virtual std::optional<NumericVersion> parse(std::string_view text) const = 0;
  // The same into out, reusing its storage when the scheme can (semver, helm);
  // false when text is not a version. Used where many candidates are parsed.
  virtual bool parse_into(std::string_view text, NumericVersion& out) const;
  // This scheme's precedence; SemVer's (compare_numeric) unless overridden.
  virtual int order(const NumericVersion& a, const NumericVersion& b) const;
  // Parses the constraint (throwing Error(usage) when it is invalid) into a predicate.
  using Matcher = std::function<bool(const NumericVersion&)>;
  virtual Matcher compile(std::string_view constraint) const = 0;

 protected:
  NumericVersion parse_or_throw(std::string_view text) const;
};

}  // namespace versiond::versioning::detail
