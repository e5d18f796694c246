#include "versiond/advisory/record.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "versiond/advisory/cvss.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::advisory {

namespace {

using nlohmann::json;

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// The string at key, "" when absent or null; false (with a diagnostic) when
// present with another type.
bool read_string(const json& object, const char* key, std::string& out, const std::string& id,
                 const std::string& path, std::vector<Diagnostic>& diagnostics) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return true;
  }
  if (!it->is_string()) {
    diagnostics.push_back(
        {id, path + key, std::string("expected a string, found ") + it->type_name()});
    return false;
  }
  out = it->get<std::string>();
  return true;
}

// Severity as the record states it: database_specific.severity (GitHub), else
// the CVSS v3.x base score of a CVSS_V3 severity entry.
void read_severity(const json& j, Record& r) {
  if (const auto ds = j.find("database_specific"); ds != j.end() && ds->is_object()) {
    if (const auto s = ds->find("severity"); s != ds->end() && s->is_string()) {
      if (const auto parsed = parse_severity(s->get<std::string>());
          parsed && *parsed != Severity::unknown) {
        r.severity = *parsed;
        r.severity_source = "database_specific";
      }
    }
  }
  if (const auto sev = j.find("severity"); sev != j.end() && sev->is_array()) {
    for (const auto& entry : *sev) {
      if (!entry.is_object()) continue;
      const auto type = entry.find("type");
      const auto score = entry.find("score");
      if (type == entry.end() || score == entry.end() || !type->is_string() ||
          !score->is_string() || type->get<std::string>() != "CVSS_V3") {
        continue;
      }
      r.cvss_v3 = score->get<std::string>();
      if (r.severity == Severity::unknown) {
        if (const auto base = cvss3_base_score(r.cvss_v3)) {
          r.severity = severity_of_score(*base);
          r.severity_source = r.severity == Severity::unknown ? "" : "CVSS_V3";
        }
      }
    }
  }
}

std::string read_url(const json& j, const std::string& id) {
  if (const auto ds = j.find("database_specific"); ds != j.end() && ds->is_object()) {
    if (const auto u = ds->find("url"); u != ds->end() && u->is_string()) {
      return u->get<std::string>();
    }
  }
  if (const auto refs = j.find("references"); refs != j.end() && refs->is_array()) {
    for (const auto& ref : *refs) {
      if (ref.is_object() && ref.value("type", json()).is_string() &&
          ref.value("type", std::string()) == "ADVISORY" && ref.value("url", json()).is_string()) {
        std::string url = ref.value("url", std::string());
        if (url.find(id) != std::string::npos) return url;
      }
    }
  }
  if (id.starts_with("GHSA-")) return "https://github.com/advisories/" + id;
  return "https://osv.dev/vulnerability/" + id;
}

std::optional<Range> read_range(const json& j, const std::string& id, const std::string& path,
                                std::vector<Diagnostic>& diagnostics) {
  if (!j.is_object()) {
    diagnostics.push_back({id, path, "expected an object"});
    return std::nullopt;
  }
  const auto type = j.find("type");
  if (type == j.end() || !type->is_string()) {
    diagnostics.push_back({id, path + ".type", "missing or not a string"});
    return std::nullopt;
  }
  const auto parsed = parse_range_type(type->get<std::string>());
  if (!parsed) {
    diagnostics.push_back(
        {id, path + ".type", "unknown range type '" + type->get<std::string>() + "'"});
    return std::nullopt;
  }
  Range range{*parsed, {}};
  const auto events = j.find("events");
  if (events == j.end() || !events->is_array() || events->empty()) {
    diagnostics.push_back({id, path + ".events", "missing, empty or not an array"});
    return std::nullopt;
  }
  for (std::size_t e = 0; e < events->size(); ++e) {
    const json& ev = (*events)[e];
    const std::string at = path + ".events[" + std::to_string(e) + "]";
    if (!ev.is_object() || ev.size() != 1) {
      diagnostics.push_back({id, at, "expected an object with one key"});
      return std::nullopt;
    }
    const auto kind = parse_event_kind(ev.begin().key());
    if (!kind) {
      diagnostics.push_back({id, at + "." + ev.begin().key(), "unknown event"});
      return std::nullopt;
    }
    if (!ev.begin().value().is_string() || ev.begin().value().get<std::string>().empty()) {
      diagnostics.push_back({id, at + "." + ev.begin().key(), "expected a non-empty string"});
      return std::nullopt;
    }
    range.events.push_back({*kind, ev.begin().value().get<std::string>()});
  }
  return range;
}

}  // namespace

bool Affected::has_fixed() const {
  return std::any_of(ranges.begin(), ranges.end(), [](const Range& r) {
    return std::any_of(r.events.begin(), r.events.end(),
                       [](const Event& e) { return e.kind == EventKind::fixed; });
  });
}

std::string Diagnostic::describe() const {
  return record_id + (field.empty() ? "" : ": " + field) + ": " + message;
}

std::optional<Record> parse_osv(std::string_view json_text, std::vector<Diagnostic>& diagnostics,
                                std::string_view where) {
  const std::string fallback = where.empty() ? "(record)" : std::string(where);
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    diagnostics.push_back({fallback, "", "not a JSON object"});
    return std::nullopt;
  }
  Record r;
  const auto id = j.find("id");
  if (id == j.end() || !id->is_string() || id->get<std::string>().empty()) {
    diagnostics.push_back({fallback, "id", "missing or not a string"});
    return std::nullopt;
  }
  r.id = id->get<std::string>();
  bool ok = read_string(j, "modified", r.modified, r.id, "", diagnostics) &&
            read_string(j, "published", r.published, r.id, "", diagnostics) &&
            read_string(j, "withdrawn", r.withdrawn, r.id, "", diagnostics) &&
            read_string(j, "summary", r.summary, r.id, "", diagnostics);
  if (!ok) {
    return std::nullopt;
  }
  if (const auto aliases = j.find("aliases"); aliases != j.end() && !aliases->is_null()) {
    if (!aliases->is_array()) {
      diagnostics.push_back({r.id, "aliases", "expected an array"});
      return std::nullopt;
    }
    for (const auto& a : *aliases) {
      if (a.is_string()) r.aliases.push_back(a.get<std::string>());
    }
  }
  const auto affected = j.find("affected");
  if (affected != j.end() && !affected->is_null() && !affected->is_array()) {
    diagnostics.push_back(
        {r.id, "affected", std::string("expected an array, found ") + affected->type_name()});
    return std::nullopt;
  }
  if (affected != j.end() && affected->is_array()) {
    for (std::size_t i = 0; i < affected->size(); ++i) {
      const json& a = (*affected)[i];
      const std::string path = "affected[" + std::to_string(i) + "]";
      if (!a.is_object()) {
        diagnostics.push_back({r.id, path, "expected an object"});
        return std::nullopt;
      }
      Affected out;
      const auto pkg = a.find("package");
      if (pkg == a.end() || !pkg->is_object() || !pkg->value("ecosystem", json()).is_string() ||
          !pkg->value("name", json()).is_string()) {
        // Records about a product without a package (e.g. a Linux kernel CPE) name none.
        if (pkg != a.end()) diagnostics.push_back({r.id, path + ".package", "malformed"});
        continue;
      }
      out.ecosystem = pkg->value("ecosystem", std::string());
      out.name = pkg->value("name", std::string());
      bool usable = true;
      if (const auto ranges = a.find("ranges"); ranges != a.end() && !ranges->is_null()) {
        if (!ranges->is_array()) {
          diagnostics.push_back({r.id, path + ".ranges", "expected an array"});
          usable = false;
        } else {
          for (std::size_t k = 0; k < ranges->size(); ++k) {
            auto range = read_range((*ranges)[k], r.id, path + ".ranges[" + std::to_string(k) + "]",
                                    diagnostics);
            if (range) {
              out.ranges.push_back(std::move(*range));
            } else {
              usable = false;
            }
          }
        }
      }
      if (const auto versions = a.find("versions"); versions != a.end() && !versions->is_null()) {
        if (!versions->is_array()) {
          diagnostics.push_back({r.id, path + ".versions", "expected an array"});
          usable = false;
        } else {
          for (const auto& v : *versions) {
            if (v.is_string()) {
              out.versions.push_back(v.get<std::string>());
            } else {
              diagnostics.push_back({r.id, path + ".versions", "expected strings"});
              usable = false;
            }
          }
        }
      }
      if (!usable) {
        out.unusable = true;
      }
      r.affected.push_back(std::move(out));
    }
  }
  read_severity(j, r);
  r.url = read_url(j, r.id);
  return r;
}

namespace {

// "7.8.6" -> "7.8": the release line a backported fix belongs to.
std::string line_start(const std::string& version) {
  const auto first = version.find('.');
  if (first == std::string::npos) return version;
  const auto second = version.find('.', first + 1);
  if (second == std::string::npos) return version;
  return version.substr(0, second) + ".0";
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string item = trim(text.substr(0, comma));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::optional<Record> parse_github_repository_advisory(std::string_view json_text,
                                                       std::string_view ecosystem,
                                                       std::string_view name,
                                                       std::vector<Diagnostic>& diagnostics) {
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    diagnostics.push_back({std::string(name), "", "repository advisory is not a JSON object"});
    return std::nullopt;
  }
  Record r;
  r.source = SourceKind::github_repository;
  const auto id = j.find("ghsa_id");
  if (id == j.end() || !id->is_string()) {
    diagnostics.push_back({std::string(name), "ghsa_id", "missing or not a string"});
    return std::nullopt;
  }
  r.id = id->get<std::string>();
  std::string cve;
  std::string severity;
  if (!read_string(j, "cve_id", cve, r.id, "", diagnostics) ||
      !read_string(j, "summary", r.summary, r.id, "", diagnostics) ||
      !read_string(j, "html_url", r.url, r.id, "", diagnostics) ||
      !read_string(j, "updated_at", r.modified, r.id, "", diagnostics) ||
      !read_string(j, "published_at", r.published, r.id, "", diagnostics) ||
      !read_string(j, "withdrawn_at", r.withdrawn, r.id, "", diagnostics) ||
      !read_string(j, "severity", severity, r.id, "", diagnostics)) {
    return std::nullopt;
  }
  if (!cve.empty()) r.aliases.push_back(cve);
  if (const auto s = parse_severity(severity); s && *s != Severity::unknown) {
    r.severity = *s;
    r.severity_source = "database_specific";
  }
  if (const auto cvss = j.find("cvss"); cvss != j.end() && cvss->is_object()) {
    if (const auto v = cvss->find("vector_string"); v != cvss->end() && v->is_string()) {
      r.cvss_v3 = v->get<std::string>();
      if (r.severity == Severity::unknown) {
        if (const auto base = cvss3_base_score(r.cvss_v3)) {
          r.severity = severity_of_score(*base);
          r.severity_source = "CVSS_V3";
        }
      }
    }
  }
  const auto vulns = j.find("vulnerabilities");
  if (vulns == j.end() || !vulns->is_array()) {
    diagnostics.push_back({r.id, "vulnerabilities", "missing or not an array"});
    return std::nullopt;
  }
  Affected out;
  out.ecosystem = std::string(ecosystem);
  out.name = std::string(name);
  for (std::size_t i = 0; i < vulns->size(); ++i) {
    const json& v = (*vulns)[i];
    const std::string path = "vulnerabilities[" + std::to_string(i) + "]";
    std::string range_text;
    std::string patched;
    if (!v.is_object() ||
        !read_string(v, "vulnerable_version_range", range_text, r.id, path + ".", diagnostics) ||
        !read_string(v, "patched_versions", patched, r.id, path + ".", diagnostics)) {
      out.unusable = true;
      continue;
    }
    // The lowest bound of the vulnerable range opens the first span; each
    // patched version closes the span of its own release line, which a later
    // line's start reopens (backports: 7.8.6 fixes 7.8, 7.9.8 fixes 7.9, …).
    std::string introduced = "0";
    for (const auto& cond : split_list(range_text)) {
      if (cond.starts_with(">=")) {
        introduced = trim(cond.substr(2));
      } else if (!cond.starts_with("<") && !cond.starts_with("<=")) {
        diagnostics.push_back(
            {r.id, path + ".vulnerable_version_range", "cannot read condition '" + cond + "'"});
        out.unusable = true;
      }
    }
    std::vector<std::string> fixes = split_list(patched);
    const auto& loose = versioning::scheme_for(versioning::SchemeId::loose);
    std::sort(fixes.begin(), fixes.end(),
              [&](const std::string& a, const std::string& b) { return loose.compare(a, b) < 0; });
    if (fixes.empty()) {
      // No patch yet: every version from the lower bound on, up to the range's end.
      Range range{RangeType::ecosystem, {{EventKind::introduced, introduced}}};
      for (const auto& cond : split_list(range_text)) {
        if (cond.starts_with("<=")) {
          range.events.push_back({EventKind::last_affected, trim(cond.substr(2))});
        } else if (cond.starts_with("<")) {
          range.events.push_back({EventKind::fixed, trim(cond.substr(1))});
        }
      }
      out.ranges.push_back(std::move(range));
      continue;
    }
    Range range{RangeType::ecosystem, {}};
    for (std::size_t k = 0; k < fixes.size(); ++k) {
      const std::string start = k == 0 ? introduced : line_start(fixes[k]);
      if (start != fixes[k]) {
        range.events.push_back({EventKind::introduced, start});
        range.events.push_back({EventKind::fixed, fixes[k]});
      }
    }
    if (!range.events.empty()) out.ranges.push_back(std::move(range));
  }
  r.affected.push_back(std::move(out));
  return r;
}

}  // namespace versiond::advisory
