#include "versiond/advisory/mapping.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace versiond::advisory {

namespace {

MappingRule rule(MatchOn on, std::string pattern, std::string ecosystem, std::string name,
                 VersionFrom from = VersionFrom::tag, LineBy line = LineBy::major) {
  return MappingRule{on,   std::move(pattern), std::move(ecosystem), std::move(name), from, line,
                     false};
}

// One product: its chart (judged by appVersion), images and upstream repository.
void product(std::vector<MappingRule>& out, const std::string& ecosystem, const std::string& name,
             const std::vector<std::string>& charts, const std::vector<std::string>& images,
             const std::vector<std::string>& packages, LineBy line = LineBy::major) {
  for (const auto& c : charts) {
    out.push_back(rule(MatchOn::chart, c, ecosystem, name, VersionFrom::app_version, line));
  }
  for (const auto& i : images)
    out.push_back(rule(MatchOn::image, i, ecosystem, name, VersionFrom::tag, line));
  for (const auto& p : packages) {
    out.push_back(rule(MatchOn::package, p, ecosystem, name, VersionFrom::tag, line));
  }
}

std::vector<MappingRule> build() {
  std::vector<MappingRule> out;
  product(out, "Go", "k8s.io/ingress-nginx", {"ingress-nginx"},
          {"registry.k8s.io/ingress-nginx/controller", "k8s.gcr.io/ingress-nginx/controller"},
          {"kubernetes/ingress-nginx"});
  product(out, "Go", "github.com/argoproj/argo-cd{vmajor}", {"argo-cd"},
          {"quay.io/argoproj/argocd", "argoproj/argocd"}, {"argoproj/argo-cd"});
  product(out, "Go", "github.com/cert-manager/cert-manager", {"cert-manager"},
          {"quay.io/jetstack/cert-manager-*"},
          {"cert-manager/cert-manager", "jetstack/cert-manager"});
  product(out, "Go", "github.com/external-secrets/external-secrets", {"external-secrets"},
          {"ghcr.io/external-secrets/external-secrets",
           "oci.external-secrets.io/external-secrets/external-secrets"},
          {"external-secrets/external-secrets"});
  product(out, "Go", "github.com/traefik/traefik{vmajor}", {"traefik"}, {"traefik"},
          {"traefik/traefik"});
  // Jenkins LTS backports fixes per major.minor line (2.375.4, 2.387.1).
  product(out, "Maven", "org.jenkins-ci.main:jenkins-core", {}, {"jenkins/jenkins"},
          {"jenkinsci/jenkins"}, LineBy::minor);
  // A VERSIONS.md row linking jenkins.io keeps no package: matched by its name.
  for (const char* name : {"Jenkins", "Jenkins LTS", "Jenkins Core", "Jenkins Controller"}) {
    out.push_back(rule(MatchOn::component, name, "Maven", "org.jenkins-ci.main:jenkins-core",
                       VersionFrom::tag, LineBy::minor));
  }
  // Rocket.Chat publishes repository advisories with one patched version per release line.
  product(out, std::string(github_repository_ecosystem), "RocketChat/Rocket.Chat", {"rocketchat"},
          {"rocketchat/rocket.chat", "*/rocketchat/rocket.chat"}, {"RocketChat/Rocket.Chat"},
          LineBy::minor);
  // Kubernetes: patch releases per minor line.
  product(out, "Go", "k8s.io/kubernetes", {},
          {"registry.k8s.io/kube-apiserver", "registry.k8s.io/kube-controller-manager",
           "registry.k8s.io/kube-scheduler", "registry.k8s.io/kube-proxy"},
          {"kubernetes/kubernetes"}, LineBy::minor);
  out.push_back(rule(MatchOn::kind, "terraform-aks", "Go", "k8s.io/kubernetes", VersionFrom::tag,
                     LineBy::minor));
  // Generic: every action and every Terraform provider has a key.
  out.push_back(rule(MatchOn::kind, "github-action", "GitHub Actions", "{package}"));
  for (const char* kind : {"terraform-provider", "terraform-lock"}) {
    out.push_back(rule(MatchOn::kind, kind, "Go", "github.com/{owner}/terraform-provider-{repo}"));
  }
  return out;
}

bool glob(const std::string& pattern, const std::string& text) {
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

// docker.io/library/traefik -> traefik; docker.io/jenkins/jenkins -> jenkins/jenkins.
std::string short_image(std::string image) {
  for (const std::string prefix : {"docker.io/", "index.docker.io/", "library/"}) {
    if (image.starts_with(prefix)) image.erase(0, prefix.size());
  }
  return image;
}

unsigned long major_of(std::string_view version) {
  unsigned long n = 0;
  for (const char c : version) {
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    n = n * 10 + static_cast<unsigned long>(c - '0');
  }
  return n;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

bool is_prerelease_word(std::string_view rest) {
  std::string word;
  for (const char c : rest) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const char* w : {"alpha", "beta", "rc", "pre", "preview", "dev", "snapshot", "m"}) {
    if (word == w) return true;
  }
  return false;
}

// Splits a tag into prefix (before the first digit), the normalised version and the variant suffix.
struct TagParts {
  std::string prefix;
  std::string version;
  std::string variant;
};

TagParts split_tag(std::string_view tag) {
  TagParts parts;
  std::size_t i = 0;
  while (i < tag.size() && !std::isdigit(static_cast<unsigned char>(tag[i]))) ++i;
  parts.prefix = std::string(tag.substr(0, i));
  if (i == tag.size()) return parts;
  std::size_t end = i;
  while (end < tag.size() &&
         (std::isdigit(static_cast<unsigned char>(tag[end])) || tag[end] == '.')) {
    ++end;
  }
  while (end > i && tag[end - 1] == '.') --end;
  std::string_view rest = tag.substr(end);
  std::string version(tag.substr(i, end - i));
  // A pre-release stays part of the version: "-rc1", "-beta.0", "-alpha.1".
  if (rest.size() > 1 && rest.front() == '-' && is_prerelease_word(rest.substr(1))) {
    std::size_t stop = 1;
    // Up to the next '-' that starts a variant ("-rc.1-alpine" -> variant "alpine").
    while (stop < rest.size() && rest[stop] != '-') ++stop;
    version += std::string(rest.substr(0, stop));
    rest.remove_prefix(stop);
  }
  parts.version = std::move(version);
  parts.variant = std::string(rest);
  return parts;
}

}  // namespace

const std::vector<MappingRule>& builtin_rules() {
  static const std::vector<MappingRule> rules = build();
  return rules;
}

std::string normalise_tag(std::string_view tag) { return split_tag(tag).version; }

bool same_tag_form(std::string_view current, std::string_view candidate) {
  const TagParts a = split_tag(current);
  const TagParts b = split_tag(candidate);
  return !b.version.empty() && a.prefix == b.prefix && a.variant == b.variant;
}

bool rule_matches(const MappingRule& rule, const Component& c) {
  switch (rule.on) {
    case MatchOn::image:
      return c.datasource == Datasource::docker &&
             (glob(rule.pattern, short_image(c.package)) || glob(rule.pattern, c.package));
    case MatchOn::chart: return c.datasource == Datasource::helm && glob(rule.pattern, c.package);
    case MatchOn::package: return !c.package.empty() && glob(rule.pattern, c.package);
    case MatchOn::component: return glob(rule.pattern, c.name);
    case MatchOn::kind: return glob(rule.pattern, std::string(to_string(c.kind)));
  }
  return false;
}

std::optional<PackageKey> key_for(const MappingRule& rule, const Component& component,
                                  std::string_view version) {
  std::string name = rule.name;
  if (name.find("{vmajor}") != std::string::npos) {
    if (version.empty()) return std::nullopt;
    const unsigned long major = major_of(version);
    replace_all(name, "{vmajor}", major < 2 ? "" : "/v" + std::to_string(major));
  }
  const auto slash = component.package.find('/');
  const std::string owner =
      slash == std::string::npos ? component.package : component.package.substr(0, slash);
  std::string repo = slash == std::string::npos ? "" : component.package.substr(slash + 1);
  repo = repo.substr(0, repo.find('/'));
  replace_all(name, "{package}", component.package);
  replace_all(name, "{owner}", owner);
  replace_all(name, "{repo}", repo);
  return PackageKey{rule.ecosystem, name};
}

const MappingRule* find_rule(const Component& component,
                             const std::vector<MappingRule>& user_rules) {
  for (const auto* rules : {&user_rules, &builtin_rules()}) {
    for (const auto& r : *rules) {
      if (rule_matches(r, component)) return &r;
    }
  }
  return nullptr;
}

}  // namespace versiond::advisory

namespace versiond::advisory {

std::optional<std::string> judged_version(const MappingRule& rule, std::string_view current,
                                          const std::vector<PinRelease>& releases) {
  if (rule.version_from == VersionFrom::tag) {
    std::string v = normalise_tag(current);
    return v.empty() ? std::nullopt : std::optional<std::string>(v);
  }
  for (const auto& r : releases) {
    if (r.version == current && !r.app_version.empty()) {
      std::string v = normalise_tag(r.app_version);
      return v.empty() ? std::nullopt : std::optional<std::string>(v);
    }
  }
  return std::nullopt;
}

std::vector<Candidate> candidates_for(const MappingRule& rule, const Component& component,
                                      const std::vector<PinRelease>& releases) {
  std::vector<Candidate> out;
  for (const auto& r : releases) {
    std::string version;
    if (rule.version_from == VersionFrom::app_version) {
      version = normalise_tag(r.app_version);
    } else if (same_tag_form(component.current, r.version)) {
      version = normalise_tag(r.version);
    }
    if (version.empty()) continue;
    if (auto key = key_for(rule, component, version)) {
      out.push_back({r.version, std::move(version), std::move(key)});
    }
  }
  return out;
}

std::vector<PackageKey> keys_needed(const MappingRule& rule, const Component& component,
                                    const std::vector<PinRelease>& releases) {
  std::set<PackageKey> keys;
  if (const auto v = judged_version(rule, component.current, releases)) {
    if (auto k = key_for(rule, component, *v)) keys.insert(*k);
  }
  for (const auto& c : candidates_for(rule, component, releases)) keys.insert(*c.key);
  return {keys.begin(), keys.end()};
}

bool judged_as_line(const MappingRule& rule, const Component& component) {
  return component.datasource == Datasource::endoflife && rule.version_from == VersionFrom::tag &&
         names_line(normalise_tag(component.current), rule.line);
}

namespace {

// A cycle as a line: its name and, when upstream gives it, its newest patch.
LineRelease line_release(const MappingRule& rule, const Component& component, std::string_view pin,
                         const std::vector<PinRelease>& releases) {
  LineRelease line{std::string(pin), {}, key_for(rule, component, normalise_tag(pin))};
  for (const auto& r : releases) {
    if (r.version == pin) line.newest = normalise_tag(r.latest);
  }
  return line;
}

std::vector<LineRelease> line_candidates(const MappingRule& rule, const Component& component,
                                         const std::vector<PinRelease>& releases) {
  std::vector<LineRelease> out;
  for (const auto& r : releases) {
    if (same_tag_form(component.current, r.version) &&
        names_line(normalise_tag(r.version), rule.line)) {
      out.push_back(line_release(rule, component, r.version, releases));
    }
  }
  return out;
}

}  // namespace

Assessment assess_component(const MappingRule& rule, const Component& component,
                            const std::vector<Record>& records,
                            const std::vector<PinRelease>& releases) {
  const auto version = judged_version(rule, component.current, releases);
  const auto key = version ? key_for(rule, component, *version) : std::nullopt;
  if (version && key && judged_as_line(rule, component)) {
    LineRelease current = line_release(rule, component, component.current, releases);
    current.key = key;
    return check_line(records, *key, current, line_candidates(rule, component, releases));
  }
  if (!version || !key) {
    Assessment out;
    out.status = Status::incomplete;
    out.note = rule.version_from == VersionFrom::app_version
                   ? "the appVersion of chart version " + component.current + " is unknown"
                   : "'" + component.current + "' holds no version to judge";
    return out;
  }
  return assess(records, *key, *version, candidates_for(rule, component, releases), rule.line);
}

std::vector<std::string> fixed_by(const MappingRule& rule, const Component& component,
                                  const std::vector<Record>& records,
                                  const std::vector<PinRelease>& releases,
                                  const Assessment& current, std::string_view target) {
  std::vector<std::string> out;
  if (current.findings.empty()) return out;
  const auto version = judged_version(rule, target, releases);
  const auto key = version ? key_for(rule, component, *version) : std::nullopt;
  if (!version || !key) return out;
  std::vector<Finding> remaining;
  if (judged_as_line(rule, component)) {
    // A line is judged by its newest patch: what the cluster runs once on it.
    auto then = line_findings(records, *key, line_release(rule, component, target, releases));
    if (!then) return out;  // not shown to be fixed
    remaining = std::move(*then);
  } else {
    Assessment then = assess(records, *key, *version, {}, rule.line);
    if (then.status == Status::incomplete) return out;  // not shown to be fixed
    remaining = std::move(then.findings);
  }
  for (const auto& f : current.findings) {
    const bool remains = std::any_of(remaining.begin(), remaining.end(), [&](const Finding& t) {
      if (t.id == f.id) return true;
      return std::find(t.aliases.begin(), t.aliases.end(), f.id) != t.aliases.end() ||
             std::find(f.aliases.begin(), f.aliases.end(), t.id) != f.aliases.end();
    });
    if (!remains) out.push_back(f.id);
  }
  return out;
}

}  // namespace versiond::advisory
