// Mapping a pin to the package its advisories are filed under: a chart, an
// image, a VERSIONS.md row or a provider is not an OSV package, but the
// software in it is (ingress-nginx's chart and image -> Go k8s.io/ingress-nginx).
// A table compiled into the binary, extended by `advisories.packages` in
// versiond.yaml; a user entry wins over a built-in one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/advisory/evaluate.hpp"
#include "versiond/extract/component.hpp"

namespace versiond::advisory {

// What a rule's glob is matched against.
enum class MatchOn {
  image,      // an image reference without its tag (docker.io/ and library/ dropped)
  chart,      // a Helm chart name
  package,    // the component's package (owner/repo, namespace/type, …)
  component,  // the component's name (a VERSIONS.md row)
  kind,       // the pin kind (github-action, terraform-provider, …): generic rules
};
std::string_view to_string(MatchOn on) noexcept;
std::optional<MatchOn> parse_match_on(std::string_view text) noexcept;

// Which version of the pin advisories are judged by.
enum class VersionFrom {
  tag,          // the pinned version, without its v and variant suffix
  app_version,  // a chart's appVersion (from the Helm index) for the pinned chart version
};
std::string_view to_string(VersionFrom from) noexcept;  // "tag", "app_version"
std::optional<VersionFrom> parse_version_from(std::string_view text) noexcept;

// The ecosystem name of GitHub repository advisories (not an OSV ecosystem):
// the name is then "owner/repo".
inline constexpr std::string_view github_repository_ecosystem = "GitHub";

struct MappingRule {
  MatchOn on = MatchOn::image;
  std::string pattern;  // glob: '*' any run of characters, '?' one
  std::string ecosystem;
  // The advisory package name. Placeholders: {package} (the component's
  // package), {owner} and {repo} (its two first '/' parts), {vmajor} (Go's
  // major-version suffix of the version judged: "" below 2, "/v2", "/v3", …).
  std::string name;
  VersionFrom version_from = VersionFrom::tag;
  LineBy line = LineBy::major;  // release line granularity for the safe target
  bool user = false;            // from versiond.yaml
};

// The rules compiled into the binary (see docs/ADVISORIES.md for the list).
const std::vector<MappingRule>& builtin_rules();

// A tag as advisories write versions: without a leading v (or a prefix such as
// "controller-v") and without a variant suffix ("2.541.1-lts-jdk21" -> "2.541.1");
// a pre-release suffix stays ("3.1.0-rc1"). "" when there is no number.
std::string normalise_tag(std::string_view tag);

// The rule for a component: user rules first, then the built-in ones;
// nullptr: no advisory source.
const MappingRule* find_rule(const Component& component,
                             const std::vector<MappingRule>& user_rules);

// The advisory package of a component under a rule, for the version judged
// (which fills {vmajor}); nullopt when the rule needs a version and none is known.
std::optional<PackageKey> key_for(const MappingRule& rule, const Component& component,
                                  std::string_view version);

// Whether a rule matches the component (the glob against the field it names).
bool rule_matches(const MappingRule& rule, const Component& component);

// A candidate's tag is the same form as current's: same v prefix, same variant suffix.
bool same_tag_form(std::string_view current, std::string_view candidate);

// One upstream release of the pin: a tag, or a chart version with its appVersion.
struct PinRelease {
  std::string version;
  std::string app_version;  // charts only
  std::string latest;       // endoflife cycles only: the newest patch of the cycle ("1.31.4")
};

// Whether a pin is judged as a whole release line (check_line): an endoflife
// cycle pin ("1.31", an AKS kubernetes_version) under a rule with minor lines.
bool judged_as_line(const MappingRule& rule, const Component& component);

// The version advisories judge `current` (the pinned text) by: the normalised
// tag, or the appVersion of the pinned chart version; nullopt when unknown
// (a chart version missing from its index, a tag without a number).
std::optional<std::string> judged_version(const MappingRule& rule, std::string_view current,
                                          const std::vector<PinRelease>& releases);

// The candidates for the safe target, in the pin's own terms: chart versions
// judged by their appVersion; tags of the same form as current (same prefix
// such as a v, same variant suffix) judged by their normalised version.
std::vector<Candidate> candidates_for(const MappingRule& rule, const Component& component,
                                      const std::vector<PinRelease>& releases);

// Every advisory package a component's judgement needs: its own and its
// candidates' (Argo CD 2.x pins need /v2 and /v3 records).
std::vector<PackageKey> keys_needed(const MappingRule& rule, const Component& component,
                                    const std::vector<PinRelease>& releases);

// The whole judgement of one component from the records of its packages and
// its upstream releases: the version judged, the key, the safe target written
// as the pin writes it. Incomplete when the version judged is unknown. A line
// pin (judged_as_line) is judged over the line, its candidates are the lines.
Assessment assess_component(const MappingRule& rule, const Component& component,
                            const std::vector<Record>& records,
                            const std::vector<PinRelease>& releases);

// Ids of the advisories affecting the current version (`current`, as
// assessed) that `target` (in the pin's terms) no longer has; empty when
// target's version cannot be judged.
std::vector<std::string> fixed_by(const MappingRule& rule, const Component& component,
                                  const std::vector<Record>& records,
                                  const std::vector<PinRelease>& releases,
                                  const Assessment& current, std::string_view target);

}  // namespace versiond::advisory
