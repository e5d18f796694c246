// GitHub Actions: the actions and reusable workflows a workflow (or a
// composite action's action.yml) runs with `uses:`.
#include <algorithm>
#include <cctype>

#include "extract/image_component.hpp"
#include "extract/yaml_tree.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

namespace {

bool is_hex(const std::string& ref) {
  return !ref.empty() && std::all_of(ref.begin(), ref.end(), [](unsigned char c) {
    return std::isdigit(c) || (c >= 'a' && c <= 'f');
  });
}

bool is_commit_sha(const std::string& ref) { return ref.size() == 40 && is_hex(ref); }

// 7 to 39 hex digits: an abbreviated commit, which GitHub resolves but which
// may stop being unique.
bool is_short_sha(const std::string& ref) {
  return ref.size() >= 7 && ref.size() < 40 && is_hex(ref);
}

bool version_like(std::string_view v) {
  const std::size_t d = !v.empty() && (v[0] == 'v' || v[0] == 'V') ? 1 : 0;
  return d < v.size() && std::isdigit(static_cast<unsigned char>(v[d]));
}

// The version in a pin comment after the `uses` value on its line:
// "@<sha> # v4.2.2", "# tag=v4.2.2", "# pin @v4.2.2". "" when there is none.
std::string comment_version(std::string_view line) {
  const auto hash = line.find(" #");
  if (hash == std::string_view::npos) return {};
  std::string_view c = line.substr(hash + 2);
  const auto skip_spaces = [&] {
    while (!c.empty() && (c.front() == ' ' || c.front() == '\t')) c.remove_prefix(1);
  };
  skip_spaces();
  for (std::string_view prefix : {"tag=", "tag:", "pin", "ratchet:"}) {
    if (c.starts_with(prefix)) {
      c.remove_prefix(prefix.size());
      skip_spaces();
    }
  }
  if (c.starts_with("@")) c.remove_prefix(1);
  if (const auto at = c.rfind('@', c.find_first_of(" \t\r")); at != std::string_view::npos) {
    c.remove_prefix(at + 1);  // "ratchet:actions/checkout@v4"
  }
  const std::string_view word = c.substr(0, c.find_first_of(" \t\r"));
  return version_like(word) ? std::string(word) : std::string();
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

void add_uses(const YamlNode* uses, const std::string& file,
              const std::vector<std::string_view>& lines, std::vector<Component>& out) {
  if (uses == nullptr || !uses->is_scalar() || uses->value.empty()) return;
  std::string value = uses->value;
  // Written as a URL: the part after the host is the action.
  for (std::string_view host : {"https://github.com/", "http://github.com/", "github.com/"}) {
    if (value.starts_with(host)) value.erase(0, host.size());
  }
  if (value.starts_with("./") || value.starts_with(".\\")) return;  // an action of this repository
  if (value.starts_with("docker://")) {
    out.push_back(image_component(value.substr(9), PinKind::github_action_image, file, uses->line));
    return;
  }
  Component c;
  c.kind = PinKind::github_action;
  c.datasource = Datasource::github_tags;
  // Action tags keep their form: v4 moves to v5, v4.2.2 to v4.3.0 (docker scheme).
  c.scheme = versioning::SchemeId::docker;
  c.origin = {file, uses->line};
  const auto at = value.find('@');
  c.name = value.substr(0, at);
  // owner/repo[/path/to/action or .github/workflows/x.yml]: the tags are the repository's.
  const auto first = c.name.find('/');
  const auto second = first == std::string::npos ? first : c.name.find('/', first + 1);
  c.package = c.name.substr(0, second);
  c.current = at == std::string::npos ? "" : value.substr(at + 1);
  if (first == std::string::npos || first == 0 || first + 1 == c.package.size()) {
    c.datasource = Datasource::none;
    c.skip_because(SkipReason::unsupported_source, "not an owner/repo action");
  } else if (value.find("${{") != std::string::npos) {
    c.skip_because(SkipReason::templated);
  } else if (c.current.empty()) {
    c.skip_because(SkipReason::no_version, "no ref");
  } else if (is_commit_sha(c.current) || is_short_sha(c.current)) {
    // Pinned by commit: a version comment on the line says which release it is,
    // and updates move both (the sha stays the digest).
    const std::size_t index = static_cast<std::size_t>(uses->line - 1);
    const std::string version = index < lines.size() ? comment_version(lines[index]) : "";
    c.digest = c.current;
    if (is_short_sha(c.digest)) {
      if (!version.empty()) c.current = version;
      c.skip_because(SkipReason::commit_sha,
                     "short commit sha (ambiguous: pin the full 40-character sha)");
    } else if (!version.empty()) {
      c.current = version;
    } else {
      c.skip_because(SkipReason::commit_sha);
    }
  }
  out.push_back(std::move(c));
}

void add_steps(const YamlNode* steps, const std::string& file,
               const std::vector<std::string_view>& lines, std::vector<Component>& out) {
  if (steps == nullptr || !steps->is_seq()) return;
  for (const YamlNode& step : steps->children) {
    if (step.is_map()) add_uses(step.get("uses"), file, lines, out);
  }
}

}  // namespace

std::vector<Component> extract_github_actions(std::string_view text, const std::string& file) {
  std::vector<Component> out;
  const std::vector<std::string_view> lines = split_lines(text);
  for (const YamlNode& doc : parse_yaml(text, file)) {
    if (!doc.is_map()) continue;
    if (const YamlNode* jobs = doc.get("jobs"); jobs != nullptr && jobs->is_map()) {
      // Mapping children alternate key, value.
      for (std::size_t i = 1; i < jobs->children.size(); i += 2) {
        const YamlNode& job = jobs->children[i];
        if (!job.is_map()) continue;
        add_uses(job.get("uses"), file, lines, out);  // a reusable workflow
        add_steps(job.get("steps"), file, lines, out);
      }
    }
    if (const YamlNode* runs = doc.get("runs"); runs != nullptr && runs->is_map()) {
      add_steps(runs->get("steps"), file, lines, out);  // a composite action
    }
  }
  return out;
}

}  // namespace versiond::extract
