#include "versiond/policy/load.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "versiond/core/error.hpp"
#include "versiond/policy/duration.hpp"
#include "versiond/policy/engine.hpp"
#include "versiond/policy/glob.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::policy {

namespace {

// The datasource a rule may name: any but none, by its printed name.
std::optional<Datasource> rule_datasource(std::string_view name) {
  const auto d = parse_datasource(name);
  return d && *d != Datasource::none ? d : std::nullopt;
}

// The names a rule may use, sorted, for the error message.
const std::set<std::string>& known_datasources() {
  static const std::set<std::string> all = [] {
    std::set<std::string> names;
    for (const auto d : {Datasource::github_releases, Datasource::github_tags, Datasource::helm,
                         Datasource::terraform_provider, Datasource::terraform_module,
                         Datasource::docker, Datasource::endoflife}) {
      names.emplace(to_string(d));
    }
    return names;
  }();
  return all;
}

// The scheme components of a datasource use, nullopt when it varies.
std::optional<versioning::SchemeId> scheme_of_datasource(Datasource ds) {
  switch (ds) {
    case Datasource::terraform_provider:
    case Datasource::terraform_module: return versioning::SchemeId::hashicorp;
    case Datasource::helm: return versioning::SchemeId::helm;
    case Datasource::docker: return versioning::SchemeId::docker;
    case Datasource::none:
    case Datasource::github_releases:
    case Datasource::github_tags:
    case Datasource::endoflife: break;
  }
  return std::nullopt;
}

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  std::vector<Diagnostic> errors;

  void error(const YAML::Node& at, const std::string& field, const std::string& message) {
    errors.push_back({file_, line(at), field, message, false});
  }
  static int line(const YAML::Node& n) { return n.IsDefined() ? n.Mark().line + 1 : 0; }

  // Checks a mapping's keys against `allowed`; false (with an error) when not a mapping.
  bool mapping(const YAML::Node& n, const std::string& field,
               const std::set<std::string>& allowed) {
    if (!n.IsMap()) {
      error(n, field.empty() ? "(document)" : field, "must be a mapping");
      return false;
    }
    for (const auto& kv : n) {
      if (!kv.first.IsScalar() && !kv.first.IsNull()) {  // "? [a, b]": as<std::string> throws
        error(kv.first, field.empty() ? "(document)" : field, "keys must be strings");
        continue;
      }
      const auto key = kv.first.as<std::string>();
      if (!allowed.count(key)) {
        errors.push_back({file_, line(kv.first), join_field(field, key),
                          "unknown key (expected one of: " + join(allowed) + ")", false});
      }
    }
    return true;
  }

  std::optional<std::string> string(const YAML::Node& n, const std::string& field) {
    if (!n.IsScalar()) {
      error(n, field, "must be a string");
      return std::nullopt;
    }
    return n.as<std::string>();
  }

  std::optional<bool> boolean(const YAML::Node& n, const std::string& field) {
    bool b = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, b)) {
      error(n, field, "must be true or false");
      return std::nullopt;
    }
    return b;
  }

  // A string or a list of strings; each item with the line it is on.
  std::vector<std::pair<std::string, YAML::Node>> strings(const YAML::Node& n,
                                                          const std::string& field) {
    std::vector<std::pair<std::string, YAML::Node>> out;
    if (n.IsScalar()) {
      out.emplace_back(n.as<std::string>(), n);
    } else if (n.IsSequence() && n.size() > 0) {
      for (std::size_t i = 0; i < n.size(); ++i) {
        if (n[i].IsScalar()) {
          out.emplace_back(n[i].as<std::string>(), n[i]);
        } else {
          error(n[i], field + "[" + std::to_string(i) + "]", "must be a string");
        }
      }
    } else {
      error(n, field, "must be a string or a non-empty list of strings");
    }
    return out;
  }

  std::vector<std::string> globs(const YAML::Node& n, const std::string& field, bool path) {
    std::vector<std::string> out;
    for (auto& [g, at] : strings(n, field)) {
      if (const auto problem = glob_problem(g, path); !problem.empty()) {
        error(at, field, problem);
      } else {
        out.push_back(g);
      }
    }
    return out;
  }

  // A range that must be readable in the schemes its components may use.
  std::string range(const YAML::Node& n, const std::string& field,
                    const std::vector<Datasource>& datasources) {
    const auto text = string(n, field);
    if (!text) {
      return {};
    }
    std::set<versioning::SchemeId> schemes;
    bool any = datasources.empty();
    for (const auto ds : datasources) {
      if (const auto s = scheme_of_datasource(ds)) {
        schemes.insert(*s);
      } else {
        any = true;
      }
    }
    if (text->empty()) {
      error(n, field, "empty range");
      return {};
    }
    if (any) {
      // `loose` reads almost anything as a range: it proves nothing here.
      for (const auto& s : versioning::scheme_names()) {
        if (s != "loose" && versioning::scheme_for(s).valid_constraint(*text)) {
          return *text;
        }
      }
      error(n, field, "'" + *text + "' is not a range in any version scheme");
      return {};
    }
    for (const auto s : schemes) {
      if (!versioning::scheme_for(s).valid_constraint(*text)) {
        error(n, field,
              "'" + *text + "' is not a range of the " + std::string(versioning::to_string(s)) +
                  " scheme");
        return {};
      }
    }
    return *text;
  }

  static std::string join_field(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
  }

 private:
  std::string file_;
};

Match read_match(Reader& r, const YAML::Node& n, const std::string& field) {
  Match m;
  if (!r.mapping(n, field,
                 {"update", "datasource", "package", "component", "file", "current", "eol",
                  "deprecated", "breaking", "security", "severity"})) {
    return m;
  }
  if (const auto ds = n["datasource"]) {
    for (auto& [d, at] : r.strings(ds, field + ".datasource")) {
      if (const auto parsed = rule_datasource(d)) {
        m.datasource.push_back(*parsed);
      } else {
        r.error(
            at, field + ".datasource",
            "unknown datasource '" + d + "' (expected one of: " + join(known_datasources()) + ")");
      }
    }
  }
  if (const auto u = n["update"]) {
    for (auto& [s, at] : r.strings(u, field + ".update")) {
      if (const auto t = parse_update_type(s)) {
        m.update.push_back(*t);
      } else {
        r.error(at, field + ".update",
                "unknown update type '" + s + "' (expected patch, minor, major or digest)");
      }
    }
  }
  if (const auto p = n["package"]) {
    m.package = r.globs(p, field + ".package", false);
  }
  if (const auto c = n["component"]) {
    m.component = r.globs(c, field + ".component", false);
  }
  if (const auto f = n["file"]) {
    m.file = r.globs(f, field + ".file", true);
  }
  if (const auto c = n["current"]) {
    m.current = r.range(c, field + ".current", m.datasource);
  }
  if (const auto b = n["eol"]) {
    m.eol = r.boolean(b, field + ".eol");
  }
  if (const auto b = n["deprecated"]) {
    m.deprecated = r.boolean(b, field + ".deprecated");
  }
  if (const auto b = n["breaking"]) {
    m.breaking = r.boolean(b, field + ".breaking");
  }
  if (const auto b = n["security"]) {
    m.security = r.boolean(b, field + ".security");
  }
  if (const auto sv = n["severity"]) {
    for (auto& [v, at] : r.strings(sv, field + ".severity")) {
      if (v == "critical" || v == "high" || v == "medium" || v == "low" || v == "unknown") {
        m.severity.push_back(v);
      } else {
        r.error(at, field + ".severity",
                "unknown severity '" + v + "' (expected critical, high, medium, low or unknown)");
      }
    }
  }
  return m;
}

void read_rule(Reader& r, const YAML::Node& n, const std::string& field,
               std::set<std::string>& names, Policy& policy) {
  if (!r.mapping(n, field,
                 {"name", "match", "tier", "action", "allowed_versions", "min_release_age", "group",
                  "range_strategy", "labels", "reason", "security_min_release_age"})) {
    return;
  }
  Rule rule;
  rule.line = Reader::line(n);
  if (const auto name = n["name"]) {
    if (const auto s = r.string(name, field + ".name"); s && !s->empty()) {
      rule.name = *s;
      if (!names.insert(*s).second) {
        r.error(name, field + ".name", "duplicate rule name '" + *s + "'");
      }
    } else if (s) {
      r.error(name, field + ".name", "must not be empty");
    }
  } else {
    r.error(n, field + ".name", "required");
  }
  if (const auto m = n["match"]) {
    rule.match = read_match(r, m, field + ".match");
  }
  if (const auto t = n["tier"]) {
    if (const auto s = r.string(t, field + ".tier")) {
      rule.tier = parse_tier(*s);
      if (!rule.tier) {
        r.error(t, field + ".tier",
                "unknown tier '" + *s + "' (expected low, medium, high or blocked)");
      }
    }
  }
  if (const auto a = n["action"]) {
    if (const auto s = r.string(a, field + ".action")) {
      rule.action = parse_action(*s);
      if (!rule.action) {
        r.error(a, field + ".action",
                "unknown action '" + *s + "' (expected auto-pr, plan, wait or ignore)");
      }
    }
  }
  if (const auto a = n["allowed_versions"]) {
    const auto range = r.range(a, field + ".allowed_versions", rule.match.datasource);
    if (!range.empty()) {
      rule.allowed_versions = range;
    }
    if (!rule.match.candidate_independent()) {
      r.error(a, field + ".allowed_versions",
              "cannot be set by a rule that matches on update or breaking: those depend on the "
              "candidate allowed_versions filters");
    }
  }
  if (const auto d = n["min_release_age"]) {
    if (const auto s = r.string(d, field + ".min_release_age")) {
      rule.min_release_age = parse_duration(*s);
      rule.min_release_age_text = *s;
      if (!rule.min_release_age) {
        r.error(d, field + ".min_release_age",
                "'" + *s + "' is not a duration (a number and m, h, d or w: 14d, 12h, 2w)");
      }
    }
  }
  if (const auto d = n["security_min_release_age"]) {
    if (const auto s = r.string(d, field + ".security_min_release_age")) {
      rule.security_min_release_age = parse_duration(*s);
      rule.security_min_release_age_text = *s;
      if (!rule.security_min_release_age) {
        r.error(d, field + ".security_min_release_age",
                "'" + *s + "' is not a duration (a number and m, h, d or w: 14d, 12h, 2w)");
      }
    }
  }
  if (const auto g = n["group"]) {
    if (const auto s = r.string(g, field + ".group")) {
      rule.group = *s;
    }
  }
  if (const auto rs = n["range_strategy"]) {
    if (const auto s = r.string(rs, field + ".range_strategy")) {
      rule.range_strategy = parse_range_strategy(*s);
      if (!rule.range_strategy) {
        r.error(rs, field + ".range_strategy",
                "unknown range strategy '" + *s + "' (expected bump, widen, replace or pin)");
      }
    }
  }
  if (const auto l = n["labels"]) {
    std::vector<std::string> labels;
    if (l.IsSequence() && l.size() == 0) {
      rule.labels = labels;  // labels: [] clears what earlier rules set
    } else {
      for (auto& [s, at] : r.strings(l, field + ".labels")) {
        labels.push_back(s);
      }
      rule.labels = labels;
    }
  }
  if (const auto why = n["reason"]) {
    if (const auto s = r.string(why, field + ".reason")) {
      rule.reason = *s;
    }
  }
  rule.sentence = rule_sentence(rule);
  policy.rules.push_back(std::move(rule));
}

ComponentRef read_ref(Reader& r, const YAML::Node& n, const std::string& field) {
  ComponentRef ref;
  if (!r.mapping(n, field, {"component", "package", "version"})) {
    return ref;
  }
  if (const auto c = n["component"]) {
    ref.component = r.globs(c, field + ".component", false);
  }
  if (const auto p = n["package"]) {
    ref.package = r.globs(p, field + ".package", false);
  }
  if (!n["component"] && !n["package"]) {
    r.error(n, field, "needs component or package");
  }
  if (const auto v = n["version"]) {
    ref.version = r.range(v, field + ".version", {});
  } else {
    r.error(n, field + ".version", "required");
  }
  return ref;
}

void read_coupling(Reader& r, const YAML::Node& n, const std::string& field,
                   std::set<std::string>& names, Policy& policy) {
  if (!r.mapping(n, field, {"name", "if", "requires", "source"})) {
    return;
  }
  Coupling c;
  c.line = Reader::line(n);
  if (const auto name = n["name"]) {
    if (const auto s = r.string(name, field + ".name"); s && !s->empty()) {
      c.name = *s;
      if (!names.insert(*s).second) {
        r.error(name, field + ".name", "duplicate coupling name '" + *s + "'");
      }
    } else if (s) {
      r.error(name, field + ".name", "must not be empty");
    }
  } else {
    r.error(n, field + ".name", "required");
  }
  if (const auto w = n["if"]) {
    c.when = read_ref(r, w, field + ".if");
  } else {
    r.error(n, field + ".if", "required");
  }
  if (const auto q = n["requires"]) {
    c.needs = read_ref(r, q, field + ".requires");
  } else {
    r.error(n, field + ".requires", "required");
  }
  if (const auto s = n["source"]) {
    c.source = r.string(s, field + ".source").value_or("");
  }
  policy.couplings.push_back(std::move(c));
}

bool ref_matches(const ComponentRef& ref, const KnownComponent& k) {
  for (const auto& g : ref.component) {
    if (glob_match(g, k.name, true)) {
      return true;
    }
  }
  for (const auto& g : ref.package) {
    if (glob_match(g, k.package)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string Diagnostic::to_string() const {
  return file + ":" + std::to_string(line) + ": " + field + ": " + (warning ? "warning: " : "") +
         message;
}

Loaded parse_policy(std::string_view yaml, const std::string& file) {
  Loaded out;
  out.policy.source = file;
  Reader r(file);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    out.errors.push_back({file, e.mark.line + 1, "(document)", e.msg, false});
    return out;
  }
  if (!r.mapping(root, "", {"version", "defaults", "rules", "couplings"})) {
    out.errors = std::move(r.errors);
    return out;
  }
  if (const auto v = root["version"]) {
    if (!v.IsScalar() || v.as<std::string>() != "1") {
      r.error(v, "version", "unsupported policy version (this versiond reads version 1)");
    }
  } else {
    r.error(root, "version", "required (version: 1)");
  }
  if (const auto d = root["defaults"]) {
    if (r.mapping(d, "defaults", {"tier", "action"})) {
      if (const auto t = d["tier"]) {
        if (const auto s = r.string(t, "defaults.tier")) {
          if (const auto tier = parse_tier(*s)) {
            out.policy.default_tier = *tier;
          } else {
            r.error(t, "defaults.tier",
                    "unknown tier '" + *s + "' (expected low, medium, high or blocked)");
          }
        }
      }
      if (const auto a = d["action"]) {
        if (const auto s = r.string(a, "defaults.action")) {
          if (const auto action = parse_action(*s)) {
            out.policy.default_action = *action;
          } else {
            r.error(a, "defaults.action",
                    "unknown action '" + *s + "' (expected auto-pr, plan, wait or ignore)");
          }
        }
      }
    }
  }
  if (const auto rules = root["rules"]) {
    if (!rules.IsSequence()) {
      r.error(rules, "rules", "must be a list of rules");
    } else {
      std::set<std::string> names;
      for (std::size_t i = 0; i < rules.size(); ++i) {
        read_rule(r, rules[i], "rules[" + std::to_string(i) + "]", names, out.policy);
      }
    }
  }
  if (const auto couplings = root["couplings"]) {
    if (!couplings.IsSequence()) {
      r.error(couplings, "couplings", "must be a list of couplings");
    } else {
      std::set<std::string> names;
      for (std::size_t i = 0; i < couplings.size(); ++i) {
        read_coupling(r, couplings[i], "couplings[" + std::to_string(i) + "]", names, out.policy);
      }
    }
  }
  out.errors = std::move(r.errors);
  return out;
}

Loaded load_policy_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    Loaded out;
    out.policy.source = file.string();
    out.errors.push_back({file.string(), 1, "(file)",
                          std::string("cannot be read: ") + std::strerror(errno), false});
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_policy(text.str(), file.string());
}

const Policy& default_policy() {
  static const Policy policy = [] {
    const Loaded loaded = parse_policy(embedded_default_policy_text(), k_embedded_default_name);
    if (!loaded.ok()) {
      throw Error(ErrorKind::internal,
                  "the embedded default policy is invalid: " + loaded.errors.front().to_string());
    }
    return loaded.policy;
  }();
  return policy;
}

const Policy& require_valid(const Loaded& loaded) {
  if (!loaded.ok()) {
    std::string message = "invalid policy (" + std::to_string(loaded.errors.size()) + " errors):";
    for (const auto& e : loaded.errors) {
      message += "\n  " + e.to_string();
    }
    throw Error(ErrorKind::config, message);
  }
  return loaded.policy;
}

std::vector<Diagnostic> check_couplings(const Policy& policy,
                                        const std::vector<KnownComponent>& known) {
  std::vector<Diagnostic> out;
  for (std::size_t i = 0; i < policy.couplings.size(); ++i) {
    const auto& c = policy.couplings[i];
    const auto field = "couplings[" + std::to_string(i) + "]";
    for (const auto& [side, ref] :
         {std::pair<const char*, const ComponentRef*>{"if", &c.when}, {"requires", &c.needs}}) {
      bool found = false;
      for (const auto& k : known) {
        found = found || ref_matches(*ref, k);
      }
      if (!found) {
        out.push_back({policy.source, c.line, field + "." + side,
                       "no component of the repository matches (coupling '" + c.name +
                           "' never applies here)",
                       true});
      }
    }
  }
  return out;
}

}  // namespace versiond::policy
