#include "versiond/advisory/evaluate.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <set>

namespace versiond::advisory {

namespace {

bool same_ecosystem(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool names(const Affected& a, const PackageKey& key) {
  return a.name == key.name && same_ecosystem(a.ecosystem, key.ecosystem);
}

// Go and SEMVER versions may carry a leading 'v' (v1.2.3); OSV writes them without.
std::string plain(std::string_view version) {
  if (version.size() > 1 && version.front() == 'v' &&
      std::isdigit(static_cast<unsigned char>(version[1]))) {
    version.remove_prefix(1);
  }
  return std::string(version);
}

struct Judged {
  bool affected = false;
  bool usable = true;
};

// The OSV schema's evaluation of one range (docs/schema.md, "Evaluation"):
// events sorted by version with introduced "0" first; a limit bounds the
// whole range; introduced sets, fixed (v >= fixed) and last_affected
// (v > last_affected) clear.
Judged judge_range(const Range& range, const versioning::Scheme& scheme, const std::string& v,
                   const std::string& record_id, const std::string& path,
                   std::vector<Diagnostic>& diagnostics) {
  for (std::size_t e = 0; e < range.events.size(); ++e) {
    const Event& ev = range.events[e];
    const bool open = (ev.kind == EventKind::introduced && ev.version == "0") ||
                      (ev.kind == EventKind::limit && ev.version == "*");
    if (!open && !scheme.valid(plain(ev.version))) {
      diagnostics.push_back(
          {record_id,
           path + ".events[" + std::to_string(e) + "]." + std::string(to_string(ev.kind)),
           "version '" + ev.version + "' is not a " + std::string(scheme.name()) + " version"});
      return {false, false};
    }
  }
  std::vector<Event> events = range.events;
  auto key_less = [&](const Event& a, const Event& b) {
    const bool a_zero = a.kind == EventKind::introduced && a.version == "0";
    const bool b_zero = b.kind == EventKind::introduced && b.version == "0";
    if (a_zero || b_zero) return a_zero && !b_zero;
    const bool a_inf = a.kind == EventKind::limit && a.version == "*";
    const bool b_inf = b.kind == EventKind::limit && b.version == "*";
    if (a_inf || b_inf) return !a_inf && b_inf;
    return scheme.compare(plain(a.version), plain(b.version)) < 0;
  };
  std::stable_sort(events.begin(), events.end(), key_less);
  bool has_limit = false;
  bool below_limit = false;
  for (const auto& ev : events) {
    if (ev.kind != EventKind::limit) continue;
    has_limit = true;
    if (ev.version == "*" || scheme.compare(v, plain(ev.version)) < 0) below_limit = true;
  }
  if (has_limit && !below_limit) {
    return {false, true};
  }
  bool vulnerable = false;
  for (const auto& ev : events) {
    switch (ev.kind) {
      case EventKind::introduced:
        if (ev.version == "0" || scheme.compare(v, plain(ev.version)) >= 0) vulnerable = true;
        break;
      case EventKind::fixed:
        if (scheme.compare(v, plain(ev.version)) >= 0) vulnerable = false;
        break;
      case EventKind::last_affected:
        if (scheme.compare(v, plain(ev.version)) > 0) vulnerable = false;
        break;
      case EventKind::limit: break;
    }
  }
  return {vulnerable, true};
}

std::vector<std::size_t> entries_for(const Record& record, const PackageKey& key) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < record.affected.size(); ++i) {
    if (names(record.affected[i], key)) out.push_back(i);
  }
  return out;
}

bool is_cve(const std::string& id) { return id.starts_with("CVE-"); }

std::vector<unsigned long> numbers_of(std::string_view version) {
  std::vector<unsigned long> out;
  unsigned long n = 0;
  bool in = false;
  for (const char c : version) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      n = n * 10 + static_cast<unsigned long>(c - '0');
      in = true;
    } else if (c == '.' && in) {
      out.push_back(n);
      n = 0;
      in = false;
    } else {
      break;
    }
  }
  if (in) out.push_back(n);
  return out;
}

std::vector<unsigned long> line_of(std::string_view version, LineBy line) {
  auto n = numbers_of(plain(version));
  n.resize(line == LineBy::minor ? 2 : 1, 0);
  return n;
}

Finding finding_of(const Vulnerability& v, const PackageKey& key) {
  Finding f{v.id, v.aliases, v.severity, v.summary, v.url, v.source, {}, {}};
  for (const auto& r : v.records) {
    const std::string text = range_text(r, key);
    if (!text.empty() && f.affected.find(text) == std::string::npos) {
      f.affected += (f.affected.empty() ? "" : "; ") + text;
    }
    for (const auto& fx : fixed_versions(r, key)) {
      if (std::find(f.fixed.begin(), f.fixed.end(), fx) == f.fixed.end()) f.fixed.push_back(fx);
    }
  }
  return f;
}

}  // namespace

const versioning::Scheme& scheme_for_ecosystem(std::string_view ecosystem, RangeType type) {
  using versioning::SchemeId;
  if (type == RangeType::semver || same_ecosystem(ecosystem, "Go") ||
      same_ecosystem(ecosystem, "Kubernetes") || same_ecosystem(ecosystem, "npm") ||
      same_ecosystem(ecosystem, "crates.io")) {
    return versioning::scheme_for(SchemeId::semver);
  }
  return versioning::scheme_for(SchemeId::loose);
}

Check check(const Record& record, const PackageKey& key, std::string_view version) {
  Check out;
  if (record.withdrawn_record()) {
    return out;
  }
  const std::string v = plain(version);
  for (const std::size_t i : entries_for(record, key)) {
    const Affected& a = record.affected[i];
    const std::string path = "affected[" + std::to_string(i) + "]";
    if (a.unusable) {
      out.incomplete = true;
      out.diagnostics.push_back({record.id, path, "part of this entry could not be read"});
    }
    for (const auto& listed : a.versions) {
      if (listed == version || plain(listed) == v) out.affected = true;
    }
    const bool judgeable =
        !a.versions.empty() || std::any_of(a.ranges.begin(), a.ranges.end(),
                                           [](const Range& r) { return r.type != RangeType::git; });
    if (!judgeable && !a.unusable) {
      // Only commit ranges: whether a release holds the commit is unknown.
      out.incomplete = true;
      out.diagnostics.push_back(
          {record.id, path + ".ranges", "only GIT ranges, which need the repository's history"});
    }
    for (std::size_t k = 0; k < a.ranges.size(); ++k) {
      const Range& range = a.ranges[k];
      const std::string range_path = path + ".ranges[" + std::to_string(k) + "]";
      if (range.type == RangeType::git) {
        out.notes.push_back(record.id + ": " + range_path +
                            ": GIT range skipped (commit ranges need the repository's history)");
        continue;
      }
      const auto& scheme = scheme_for_ecosystem(a.ecosystem, range.type);
      if (!scheme.valid(v)) {
        out.incomplete = true;
        out.diagnostics.push_back({record.id, range_path,
                                   "the version '" + std::string(version) + "' is not a " +
                                       std::string(scheme.name()) + " version"});
        continue;
      }
      const Judged j = judge_range(range, scheme, v, record.id, range_path, out.diagnostics);
      if (!j.usable) {
        out.incomplete = true;
      } else if (j.affected) {
        out.affected = true;
      }
    }
  }
  return out;
}

std::string range_text(const Record& record, const PackageKey& key) {
  std::vector<std::string> spans;
  for (const std::size_t i : entries_for(record, key)) {
    for (const auto& range : record.affected[i].ranges) {
      if (range.type == RangeType::git) continue;
      std::string open;
      for (const auto& ev : range.events) {
        switch (ev.kind) {
          case EventKind::introduced:
            if (!open.empty()) spans.push_back(open);
            open = ">= " + ev.version;
            break;
          case EventKind::fixed:
          case EventKind::last_affected: {
            const std::string end = (ev.kind == EventKind::fixed ? "< " : "<= ") + ev.version;
            std::string span = open;
            if (!span.empty()) span += ", ";
            span += end;
            spans.push_back(std::move(span));
            open.clear();
            break;
          }
          case EventKind::limit: break;
        }
      }
      if (!open.empty()) spans.push_back(open);
    }
    if (!record.affected[i].versions.empty()) {
      std::string listed = "versions ";
      for (std::size_t k = 0; k < record.affected[i].versions.size(); ++k) {
        listed += (k ? ", " : "") + record.affected[i].versions[k];
      }
      spans.push_back(listed);
    }
  }
  std::string out;
  for (const auto& s : spans) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::vector<std::string> fixed_versions(const Record& record, const PackageKey& key) {
  std::vector<std::string> out;
  for (const std::size_t i : entries_for(record, key)) {
    for (const auto& range : record.affected[i].ranges) {
      for (const auto& ev : range.events) {
        if (ev.kind == EventKind::fixed &&
            std::find(out.begin(), out.end(), ev.version) == out.end())
          out.push_back(ev.version);
      }
    }
  }
  const auto& loose = versioning::scheme_for(versioning::SchemeId::loose);
  std::sort(out.begin(), out.end(),
            [&](const std::string& a, const std::string& b) { return loose.compare(a, b) < 0; });
  return out;
}

std::vector<Vulnerability> merge_aliases(const std::vector<Record>& records,
                                         const PackageKey& key) {
  std::vector<const Record*> relevant;
  for (const auto& r : records) {
    if (!r.withdrawn_record() && !entries_for(r, key).empty()) relevant.push_back(&r);
  }
  // Union-find over the records: two records are one vulnerability when an id
  // or alias of one is an id or alias of the other.
  std::vector<std::size_t> parent(relevant.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::map<std::string, std::size_t> owner;
  for (std::size_t i = 0; i < relevant.size(); ++i) {
    std::vector<std::string> ids = relevant[i]->aliases;
    ids.push_back(relevant[i]->id);
    for (const auto& id : ids) {
      const auto [it, inserted] = owner.emplace(id, i);
      if (!inserted) parent[find(i)] = find(it->second);
    }
  }
  std::map<std::size_t, std::vector<const Record*>> groups;
  for (std::size_t i = 0; i < relevant.size(); ++i) groups[find(i)].push_back(relevant[i]);

  std::vector<Vulnerability> out;
  for (auto& [root, members] : groups) {
    Vulnerability v;
    const bool any_fixed = std::any_of(members.begin(), members.end(), [&](const Record* r) {
      const auto idx = entries_for(*r, key);
      return std::any_of(idx.begin(), idx.end(),
                         [&](std::size_t i) { return r->affected[i].has_fixed(); });
    });
    std::set<std::string> ids;
    for (const Record* r : members) {
      ids.insert(r->id);
      ids.insert(r->aliases.begin(), r->aliases.end());
      const auto idx = entries_for(*r, key);
      const bool fixed = std::any_of(idx.begin(), idx.end(),
                                     [&](std::size_t i) { return r->affected[i].has_fixed(); });
      if (!any_fixed || fixed) v.records.push_back(*r);
    }
    // The representative: a GitHub advisory (it carries the reviewed severity), else the first.
    const Record* rep = members.front();
    for (const Record* r : members) {
      if (r->id.starts_with("GHSA-")) {
        rep = r;
        break;
      }
    }
    v.id = rep->id;
    v.summary = rep->summary;
    v.url = rep->url;
    v.source = rep->source;
    for (const auto& id : ids) {
      if (id != v.id) v.aliases.push_back(id);
    }
    std::stable_sort(
        v.aliases.begin(), v.aliases.end(),
        [](const std::string& a, const std::string& b) { return is_cve(a) > is_cve(b); });
    // Severity: a database's own rating first, then one computed from a CVSS v3
    // vector; from the group's own records first, then from any alias record
    // given (it may name another package, e.g. a GHSA fetched only for its rating).
    std::vector<const Record*> raters = members;
    for (const auto& r : records) {
      if (ids.count(r.id) && std::find(raters.begin(), raters.end(), &r) == raters.end()) {
        raters.push_back(&r);
      }
    }
    for (const char* source : {"database_specific", "CVSS_V3"}) {
      for (const Record* r : raters) {
        if (v.severity == Severity::unknown && r->severity_source == source) {
          v.severity = r->severity;
          v.severity_source = r->id == v.id ? source : "alias " + r->id;
        }
      }
    }
    if (v.summary.empty()) {
      for (const Record* r : members) {
        if (!r->summary.empty()) {
          v.summary = r->summary;
          break;
        }
      }
    }
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(),
            [](const Vulnerability& a, const Vulnerability& b) { return a.id < b.id; });
  return out;
}

Severity Assessment::highest() const {
  Severity s = Severity::unknown;
  for (const auto& f : findings) s = std::max(s, f.severity);
  return s;
}

Assessment assess(const std::vector<Record>& records, const PackageKey& key,
                  std::string_view current, const std::vector<Candidate>& candidates, LineBy line) {
  Assessment out;
  std::map<PackageKey, std::vector<Vulnerability>> merged;
  auto vulnerabilities_of = [&](const PackageKey& k) -> const std::vector<Vulnerability>& {
    auto it = merged.find(k);
    if (it == merged.end()) it = merged.emplace(k, merge_aliases(records, k)).first;
    return it->second;
  };
  bool incomplete = false;
  auto affected_by = [&](const PackageKey& k, std::string_view version, bool record_problems,
                         bool& unsure) {
    std::vector<const Vulnerability*> hits;
    unsure = false;
    for (const auto& v : vulnerabilities_of(k)) {
      bool hit = false;
      for (const auto& r : v.records) {
        Check c = check(r, k, version);
        hit = hit || c.affected;
        unsure = unsure || c.incomplete;
        if (record_problems) {
          out.diagnostics.insert(out.diagnostics.end(), c.diagnostics.begin(), c.diagnostics.end());
          out.notes.insert(out.notes.end(), c.notes.begin(), c.notes.end());
        }
      }
      if (hit) hits.push_back(&v);
    }
    return hits;
  };
  const auto hits = affected_by(key, current, true, incomplete);
  for (const Vulnerability* v : hits) out.findings.push_back(finding_of(*v, key));
  if (hits.empty()) {
    out.status = incomplete ? Status::incomplete : Status::not_affected;
    if (incomplete) out.note = "advisory data incomplete: " + out.diagnostics.front().describe();
    return out;
  }
  out.status = Status::affected;

  const auto& scheme = scheme_for_ecosystem(key.ecosystem, RangeType::ecosystem);
  const std::string cur = plain(current);
  if (!scheme.valid(cur)) {
    out.note = "no safe target: '" + std::string(current) + "' does not order";
    return out;
  }
  const bool allow_pre = !scheme.stable(cur);
  const auto& loose = versioning::scheme_for(versioning::SchemeId::loose);
  std::vector<const Candidate*> above;
  for (const auto& c : candidates) {
    const std::string v = plain(c.version);
    if (!scheme.valid(v) || scheme.compare(v, cur) <= 0) continue;
    if (!allow_pre && !scheme.stable(v)) continue;
    above.push_back(&c);
  }
  std::stable_sort(above.begin(), above.end(), [&](const Candidate* a, const Candidate* b) {
    const int c = scheme.compare(plain(a->version), plain(b->version));
    return c != 0 ? c < 0 : loose.compare(a->pin, b->pin) < 0;
  });
  const auto current_line = line_of(cur, line);
  const Candidate* best = nullptr;
  for (const bool same_line : {true, false}) {
    for (const Candidate* c : above) {
      if (same_line != (line_of(c->version, line) == current_line)) continue;
      bool unsure = false;
      if (affected_by(c->key.value_or(key), c->version, false, unsure).empty() && !unsure) {
        best = c;
        break;
      }
    }
    if (best) break;
  }
  if (best) {
    out.safe_target = best->pin;
  } else {
    out.note = "no released version above " + std::string(current) + " is free of known advisories";
  }
  return out;
}

// A release line judged over its patches. The affected state of a
// vulnerability, as a function of the patch number, can change only at a patch
// some record names on the line (introduced, fixed, a listed version) or just
// after it (last_affected, a listed version): those, 0 and the newest patch are
// the only patches that need a check.
namespace {

using Numbers = std::vector<unsigned long>;

std::string patch_of(const Numbers& line, unsigned long patch) {
  return std::to_string(line[0]) + "." + std::to_string(line[1]) + "." + std::to_string(patch);
}

// The patch a version names on the line, when it names one ("1.31.5-rc.1" -> 5).
std::optional<unsigned long> patch_on(const Numbers& line, std::string_view version) {
  const Numbers n = numbers_of(plain(version));
  if (n.size() < 3 || n[0] != line[0] || n[1] != line[1]) return std::nullopt;
  return n[2];
}

// One vulnerability over the patches of a line.
struct OnLine {
  const Vulnerability* vulnerability = nullptr;
  bool newest = false;   // the newest patch is affected: no fix inside the line
  std::string fixed_in;  // some patch affected, every patch from this one on clean
  bool unsure = false;   // part of the data could not be judged
};

struct LineScan {
  std::vector<Vulnerability> vulnerabilities;
  std::vector<OnLine> touched;  // the vulnerabilities that touch the line or cannot be judged
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> notes;
  std::string newest;  // the newest patch judged
};

LineScan scan_line(const std::vector<Record>& records, const PackageKey& key,
                   const LineRelease& line) {
  LineScan out;
  out.vulnerabilities = merge_aliases(records, key);
  const Numbers numbers = numbers_of(plain(line.pin));
  // The named patches, and the patch just after each.
  std::set<unsigned long> named;
  unsigned long newest = patch_on(numbers, line.newest).value_or(0);
  for (const auto& v : out.vulnerabilities) {
    for (const auto& r : v.records) {
      for (const std::size_t i : entries_for(r, key)) {
        std::vector<std::string> versions = r.affected[i].versions;
        for (const auto& range : r.affected[i].ranges) {
          if (range.type == RangeType::git) continue;
          for (const auto& ev : range.events) versions.push_back(ev.version);
        }
        for (const auto& version : versions) {
          if (const auto p = patch_on(numbers, version)) {
            named.insert(*p);
            newest = std::max(newest, *p);
          }
        }
      }
    }
  }
  std::set<unsigned long> probes{0, newest};
  for (const unsigned long p : named) {
    probes.insert(p);
    if (p < newest) probes.insert(p + 1);
  }
  out.newest = patch_of(numbers, newest);
  for (const auto& v : out.vulnerabilities) {
    OnLine on{&v, false, {}, false};
    std::optional<unsigned long> last_hit;
    for (const unsigned long p : probes) {
      const std::string version = patch_of(numbers, p);
      bool hit = false;
      for (const auto& r : v.records) {
        Check c = check(r, key, version);
        hit = hit || c.affected;
        on.unsure = on.unsure || c.incomplete;
        if (p == newest) {
          out.diagnostics.insert(out.diagnostics.end(), c.diagnostics.begin(), c.diagnostics.end());
          out.notes.insert(out.notes.end(), c.notes.begin(), c.notes.end());
        }
      }
      if (hit) last_hit = p;
    }
    if (last_hit) {
      on.newest = *last_hit == newest;
      // The probe after the last hit is the patch the state changes at.
      if (!on.newest) on.fixed_in = patch_of(numbers, *probes.upper_bound(*last_hit));
    }
    if (last_hit || on.unsure) out.touched.push_back(std::move(on));
  }
  return out;
}

Numbers line_numbers(std::string_view pin) {
  Numbers n = numbers_of(plain(pin));
  n.resize(2, 0);
  return n;
}

}  // namespace

bool names_line(std::string_view version, LineBy line) {
  if (line != LineBy::minor) return false;
  const std::string v = plain(version);
  const auto dot = v.find('.');
  const auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
  };
  return dot != std::string::npos && digits(std::string_view(v).substr(0, dot)) &&
         digits(std::string_view(v).substr(dot + 1));
}

std::optional<std::vector<Finding>> line_findings(const std::vector<Record>& records,
                                                  const PackageKey& key, const LineRelease& line) {
  if (!names_line(line.pin, LineBy::minor)) return std::nullopt;
  const LineScan scan = scan_line(records, key, line);
  std::vector<Finding> out;
  for (const auto& on : scan.touched) {
    if (on.unsure) return std::nullopt;
    if (on.newest) out.push_back(finding_of(*on.vulnerability, key));
  }
  return out;
}

Assessment check_line(const std::vector<Record>& records, const PackageKey& key,
                      const LineRelease& current, const std::vector<LineRelease>& candidates) {
  Assessment out;
  if (!names_line(current.pin, LineBy::minor)) {
    out.status = Status::incomplete;
    out.note = "'" + current.pin + "' names no major.minor line";
    return out;
  }
  LineScan scan = scan_line(records, key, current);
  out.diagnostics = std::move(scan.diagnostics);
  out.notes = std::move(scan.notes);
  bool unsure = false;
  std::vector<std::string> fixes;
  std::string needed;  // the highest patch a fix inside the line needs
  const auto& scheme = scheme_for_ecosystem(key.ecosystem, RangeType::ecosystem);
  for (const auto& on : scan.touched) {
    unsure = unsure || on.unsure;
    if (on.newest) {
      out.findings.push_back(finding_of(*on.vulnerability, key));
    } else if (!on.fixed_in.empty()) {
      fixes.push_back(on.vulnerability->id + " fixed in " + on.fixed_in);
      if (needed.empty() || scheme.compare(on.fixed_in, needed) > 0) needed = on.fixed_in;
    }
  }
  std::string fixed_note;
  for (const auto& f : fixes) fixed_note += (fixed_note.empty() ? "" : ", ") + f;
  if (!fixed_note.empty()) {
    fixed_note += ": make sure the cluster runs " + needed + " or later";
  }
  if (out.findings.empty()) {
    if (!fixed_note.empty()) {
      out.status = Status::incomplete;
      out.note = fixed_note;
    } else if (unsure) {
      out.status = Status::incomplete;
      out.note =
          "advisory data incomplete" +
          (out.diagnostics.empty() ? std::string() : ": " + out.diagnostics.front().describe());
    } else {
      out.status = Status::not_affected;
    }
    return out;
  }
  out.status = Status::affected;
  if (!fixed_note.empty()) out.notes.push_back(fixed_note);
  // The safe target: the lowest line above whose newest patch nothing affects.
  const Numbers line = line_numbers(current.pin);
  const auto first_patch = [](const Numbers& n) { return patch_of(n, 0); };
  std::vector<const LineRelease*> above;
  for (const auto& c : candidates) {
    if (names_line(c.pin, LineBy::minor) &&
        scheme.compare(first_patch(line_numbers(c.pin)), first_patch(line)) > 0) {
      above.push_back(&c);
    }
  }
  std::stable_sort(above.begin(), above.end(), [&](const LineRelease* a, const LineRelease* b) {
    return scheme.compare(first_patch(line_numbers(a->pin)), first_patch(line_numbers(b->pin))) < 0;
  });
  for (const LineRelease* c : above) {
    const auto then = line_findings(records, c->key.value_or(key), *c);
    if (then && then->empty()) {
      out.safe_target = c->pin;
      return out;
    }
  }
  out.note = "no released line above " + current.pin + " is free of known advisories";
  return out;
}

}  // namespace versiond::advisory
