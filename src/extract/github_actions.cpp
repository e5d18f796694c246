// GitHub Actions: the actions and reusable workflows a workflow (or a
// composite action's action.yml) runs with `uses:`.
#include <algorithm>
#include <cctype>

#include "extract/image_component.hpp"
#include "extract/yaml_tree.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

namespace {

bool is_commit_sha(const std::string& ref) {
  return ref.size() == 40 && std::all_of(ref.begin(), ref.end(), [](unsigned char c) {
           return std::isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

void add_uses(const YamlNode* uses, const std::string& file, std::vector<Component>& out) {
  if (uses == nullptr || !uses->is_scalar() || uses->value.empty()) return;
  const std::string& value = uses->value;
  if (value.starts_with("./") || value.starts_with(".\\")) return;  // an action of this repository
  if (value.starts_with("docker://")) {
    out.push_back(image_component(value.substr(9), PinKind::github_action_image, file, uses->line));
    return;
  }
  Component c;
  c.kind = PinKind::github_action;
  c.datasource = Datasource::github_tags;
  // Action tags keep their form: v4 moves to v5, v4.2.2 to v4.3.0 (docker scheme).
  c.scheme = "docker";
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
  } else if (is_commit_sha(c.current)) {
    c.digest = c.current;
    c.skip_because(SkipReason::commit_sha);
  }
  out.push_back(std::move(c));
}

void add_steps(const YamlNode* steps, const std::string& file, std::vector<Component>& out) {
  if (steps == nullptr || !steps->is_seq()) return;
  for (const YamlNode& step : steps->children) {
    if (step.is_map()) add_uses(step.get("uses"), file, out);
  }
}

}  // namespace

std::vector<Component> extract_github_actions(std::string_view text, const std::string& file) {
  std::vector<Component> out;
  for (const YamlNode& doc : parse_yaml(text, file)) {
    if (!doc.is_map()) continue;
    if (const YamlNode* jobs = doc.get("jobs"); jobs != nullptr && jobs->is_map()) {
      // Mapping children alternate key, value.
      for (std::size_t i = 1; i < jobs->children.size(); i += 2) {
        const YamlNode& job = jobs->children[i];
        if (!job.is_map()) continue;
        add_uses(job.get("uses"), file, out);  // a reusable workflow
        add_steps(job.get("steps"), file, out);
      }
    }
    if (const YamlNode* runs = doc.get("runs"); runs != nullptr && runs->is_map()) {
      add_steps(runs->get("steps"), file, out);  // a composite action
    }
  }
  return out;
}

}  // namespace versiond::extract
