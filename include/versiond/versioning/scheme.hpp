// Version schemes: one per ecosystem (semver, hashicorp, helm, docker, loose).
// Invalid versions or constraints throw versiond::Error(ErrorKind::usage)
// naming the bad value; `loose` never throws for versions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/versioning/scheme_id.hpp"

namespace versiond::versioning {

enum class Bump { none, patch, minor, major };
std::string_view to_string(Bump bump);

struct BumpInfo {
  Bump type = Bump::none;
  bool breaking = false;  // major, or minor while major is 0
};

// The two updates a component can get from one list of candidates: the newest
// patch-or-minor and the newest major, each as an index into the list.
struct UpdatePick {
  std::size_t index = 0;
  BumpInfo bump;
};
struct UpdatePicks {
  std::optional<UpdatePick> non_major;
  std::optional<UpdatePick> major;
};

class Scheme {
 public:
  virtual ~Scheme() = default;
  virtual std::string_view name() const = 0;

  // True when v parses as a version of this scheme.
  virtual bool valid(std::string_view v) const = 0;
  // True when v is a stable (non-pre-release) version.
  virtual bool stable(std::string_view v) const = 0;
  // -1, 0 or 1 by this scheme's precedence.
  virtual int compare(std::string_view a, std::string_view b) const = 0;
  // Whether version v meets constraint c in this scheme's constraint language.
  virtual bool satisfies(std::string_view v, std::string_view c) const = 0;
  // True when c parses as a constraint of this scheme (never throws), so that
  // callers can treat a bad constraint as a per-item value, not an exception.
  virtual bool valid_constraint(std::string_view c) const;
  // Bump type by the first differing segment.
  virtual BumpInfo bump(std::string_view from, std::string_view to) const = 0;

  // Best stable candidate (highest precedence) that satisfies constraint when
  // given, and that is an upgrade-compatible form of current when given
  // (for docker: same suffix and segment count). Invalid candidates are ignored.
  virtual std::optional<std::string> latest(const std::vector<std::string>& candidates,
                                            std::optional<std::string_view> constraint,
                                            std::optional<std::string_view> current) const = 0;

  // Among candidates newer than the stable version current: the stable ones of
  // current's form (as latest() admits them) that satisfy allowed when given,
  // the highest with a patch or minor bump and the highest with a major one;
  // on equal precedence the earlier candidate wins. Each candidate is parsed
  // once. Invalid candidates are ignored; an allowed range this scheme cannot
  // read admits nothing; an invalid current throws Error(usage).
  virtual UpdatePicks pick_updates(const std::vector<std::string_view>& candidates,
                                   std::string_view current,
                                   std::optional<std::string_view> allowed) const = 0;
};

// The scheme of id; never throws.
const Scheme& scheme_for(SchemeId id) noexcept;
// The scheme registered under name; throws Error(usage) for an unknown name.
const Scheme& scheme_for(std::string_view name);
// Names of all registered schemes, for --help and validation.
std::vector<std::string> scheme_names();

}  // namespace versiond::versioning
