#include "versiond/policy/engine.hpp"

#include <algorithm>
#include <cstdio>

#include "policy/find_release.hpp"
#include "versiond/core/error.hpp"
#include "versiond/policy/glob.hpp"
#include "versiond/store/dates.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::policy {

namespace {

using versioning::Scheme;

bool any_glob(const std::vector<std::string>& globs, const std::string& text, bool fold) {
  for (const auto& g : globs) {
    if (glob_match(g, text, fold)) {
      return true;
    }
  }
  return false;
}

// A range check that treats a range the scheme cannot read as not holding.
bool satisfies(const Scheme& scheme, const std::string& version, const std::string& range) {
  try {
    return scheme.satisfies(version, range);
  } catch (const Error&) {
    return false;
  }
}

// The candidate a rule is being matched against; absent for component-level checks.
struct Move {
  UpdateType update;
  bool breaking;
  bool security = false;  // the target removes an advisory of the current version
};

// Cheap keys first: most rules fail on the update type or datasource.
bool matches(const Match& m, const Subject& s, const Scheme& scheme,
             const std::optional<Move>& move) {
  if (!m.update.empty()) {
    if (!move) {
      return false;
    }
    bool any = false;
    for (const auto u : m.update) {
      any = any || u == move->update;
    }
    if (!any) {
      return false;
    }
  }
  if (m.breaking && (!move || move->breaking != *m.breaking)) {
    return false;
  }
  if (m.security && (!move || move->security != *m.security)) {
    return false;
  }
  if (!m.severity.empty()) {
    bool any = false;
    for (const auto& [id, severity] : s.advisories) {
      any = any || std::find(m.severity.begin(), m.severity.end(), severity) != m.severity.end();
    }
    if (!any) {
      return false;
    }
  }
  if (m.eol && *m.eol != s.eol) {
    return false;
  }
  if (m.deprecated && *m.deprecated != s.deprecated) {
    return false;
  }
  if (!m.datasource.empty()) {
    bool any = false;
    for (const auto d : m.datasource) {
      any = any || d == s.datasource;
    }
    if (!any) {
      return false;
    }
  }
  if (!m.package.empty() && !any_glob(m.package, s.package, false)) {
    return false;
  }
  if (!m.component.empty() && !any_glob(m.component, s.name, true)) {
    return false;
  }
  if (!m.file.empty()) {
    bool any = false;
    for (const auto& g : m.file) {
      any = any || path_glob_match(g, s.file);
    }
    if (!any) {
      return false;
    }
  }
  return m.current.empty() || satisfies(scheme, s.current, m.current);
}

std::string day_text(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string what_rule_sets(const Rule& r) {
  std::string out;
  const auto add = [&out](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  if (r.tier) {
    add("tier " + std::string(to_string(*r.tier)));
  }
  if (r.action) {
    add("action " + std::string(to_string(*r.action)));
  }
  if (r.allowed_versions) {
    add("allowed_versions " + *r.allowed_versions);
  }
  if (r.min_release_age) {
    add("min_release_age " + r.min_release_age_text);
  }
  if (r.security_min_release_age) {
    add("security_min_release_age " + r.security_min_release_age_text);
  }
  if (r.group) {
    add("group " + *r.group);
  }
  if (r.range_strategy) {
    add("range_strategy " + std::string(to_string(*r.range_strategy)));
  }
  if (r.labels) {
    std::string l;
    for (const auto& s : *r.labels) {
      l += (l.empty() ? "" : ",") + s;
    }
    add("labels [" + l + "]");
  }
  return out.empty() ? "nothing" : out;
}

bool ref_names(const ComponentRef& ref, const std::string& name, const std::string& package) {
  return any_glob(ref.component, name, true) || any_glob(ref.package, package, false);
}

struct Best {
  std::string version;
  const sources::Release* release = nullptr;
  versioning::BumpInfo bump;
};

void consider(Best& best, const Scheme& scheme, const std::string& v, const sources::Release& r,
              const versioning::BumpInfo& bump) {
  if (best.version.empty() || scheme.compare(v, best.version) > 0) {
    best = {v, &r, bump};
  }
}

// Without an explanation to write, the two candidates come from the scheme's
// own selection, which parses each release once, instead of several parses and
// comparisons per release. It admits exactly what the per-release walk of
// decide_updates admits for a stable current version (a property test holds
// the two equal); false when the scheme rejects the inputs (use the walk).
bool pick_fast(const Scheme& scheme, const std::vector<sources::Release>& releases, CycleForm form,
               const std::string& current, const std::optional<std::string>& allowed,
               Best& non_major, Best& major) {
  std::vector<std::string_view> pool;
  std::vector<const sources::Release*> of;
  pool.reserve(releases.size());
  of.reserve(releases.size());
  for (const auto& r : releases) {
    if (!r.prerelease) {
      pool.emplace_back(compared_version(r, form));
      of.push_back(&r);
    }
  }
  try {
    const auto picks = scheme.pick_updates(pool, current, allowed);
    if (picks.non_major) {
      non_major = {std::string(pool[picks.non_major->index]), of[picks.non_major->index],
                   picks.non_major->bump};
    }
    if (picks.major) {
      major = {std::string(pool[picks.major->index]), of[picks.major->index], picks.major->bump};
    }
    return true;
  } catch (const Error&) {
    return false;
  }
}

void apply_release_age(Update& u, const std::optional<std::chrono::seconds>& age,
                       const std::string& age_text, std::chrono::system_clock::time_point now) {
  if (!age) {
    return;
  }
  const auto day = store::parse_day(u.published);
  const auto instant = store::parse_instant(u.published);
  std::optional<std::chrono::system_clock::time_point> released;
  if (instant) {
    released = *instant;
  } else if (day) {
    released = std::chrono::system_clock::time_point(*day);
  }
  if (!released) {
    if (u.action != Action::ignore) {
      u.action = Action::wait;
    }
    u.reasons.push_back("release date of " + u.target + " unknown, so it cannot be shown to be " +
                        age_text + " old: action wait");
    return;
  }
  const auto ready = *released + *age;
  if (now >= ready) {
    u.reasons.push_back(u.target + " released " + u.published.substr(0, 10) +
                        " is older than min_release_age " + age_text);
    return;
  }
  const auto ready_day = std::chrono::ceil<std::chrono::days>(ready);
  u.ready_on = day_text(std::chrono::sys_days(ready_day.time_since_epoch()));
  if (u.action != Action::ignore) {
    u.action = Action::wait;
  }
  u.reasons.push_back(u.target + " released " + u.published.substr(0, 10) +
                      " is younger than min_release_age " + age_text + ": action wait until " +
                      *u.ready_on);
}

void check_couplings(Update& u, const Policy& policy, const Subject& s, const Scheme& scheme,
                     const Estate& estate, Outcome& out, const DecideOptions& options) {
  const bool explain = options.explain;
  for (std::size_t ci = 0; ci < policy.couplings.size(); ++ci) {
    const auto& c = policy.couplings[ci];
    if (!ref_names(c.when, s.name, s.package)) {
      continue;
    }
    if (!satisfies(scheme, u.target, c.when.version)) {
      if (explain) {
        out.steps.push_back("coupling '" + c.name + "': " + u.target + " is outside " +
                            c.when.version + ", not applicable");
      }
      continue;
    }
    bool found = false;
    std::vector<std::size_t> named;
    if (options.couplings) {
      named = options.couplings->needs[ci];
    } else {
      for (std::size_t i = 0; i < estate.size(); ++i) {
        if (ref_names(c.needs, estate[i].name, estate[i].package)) {
          named.push_back(i);
        }
      }
    }
    for (const std::size_t i : named) {
      const auto& e = estate[i];
      if (e.name == s.name && e.package == s.package) {
        continue;
      }
      found = true;
      const auto& other = versioning::scheme_for(e.scheme);
      if (satisfies(other, e.version, c.needs.version)) {
        u.reasons.push_back("coupling '" + c.name + "' holds: " + e.name + " " + e.version +
                            " meets " + c.needs.version);
        continue;
      }
      u.tier = Tier::blocked;
      if (!u.blocked_by) {
        u.blocked_by = BlockedBy{c.name, e.name, e.version, c.needs.version};
      }
      u.reasons.push_back("coupling '" + c.name + "': " + s.name + " " + u.target + " needs " +
                          e.name + " " + c.needs.version + ", which is at " + e.version + ": " +
                          e.name + " must move first: tier blocked" +
                          (c.source.empty() ? "" : " (" + c.source + ")"));
    }
    if (!found) {
      u.reasons.push_back("coupling '" + c.name + "' not checked: no component of the repository" +
                          " matches its requires");
    }
  }
}

}  // namespace

std::string rule_sentence(const Rule& r) {
  return "rule '" + r.name + "' sets " + what_rule_sets(r) + (r.reason ? ": " + *r.reason : "");
}

CouplingIndex index_couplings(const Policy& policy, const Estate& estate) {
  CouplingIndex index;
  for (const auto& c : policy.couplings) {
    auto& named = index.needs.emplace_back();
    for (std::size_t i = 0; i < estate.size(); ++i) {
      if (ref_names(c.needs, estate[i].name, estate[i].package)) {
        named.push_back(i);
      }
    }
  }
  return index;
}

Outcome decide_updates(const Policy& policy, const Subject& s, const Estate& estate,
                       std::chrono::system_clock::time_point now, DecideOptions options) {
  Outcome out;
  const bool explain = options.explain;
  const Scheme& scheme = versioning::scheme_for(s.scheme);
  if (s.current.empty() || !scheme.valid(s.current)) {
    out.note = "current version '" + s.current + "' is not a " + std::string(scheme.name()) +
               " version: no update can be decided";
    return out;
  }
  // Component-level rules first: allowed_versions filters the candidates.
  std::optional<std::string> allowed;
  std::string allowed_by;
  for (const auto& r : policy.rules) {
    if (r.allowed_versions && matches(r.match, s, scheme, std::nullopt)) {
      allowed = r.allowed_versions;
      allowed_by = r.name;
    }
  }
  if (explain && allowed) {
    out.steps.push_back("rule '" + allowed_by + "' limits candidates to allowed_versions " +
                        *allowed);
  }
  const bool current_pre = !scheme.stable(s.current);
  Best non_major;
  Best major;
  static const std::vector<sources::Release> none;
  const auto& releases = s.releases ? *s.releases : none;
  const CycleForm form = cycle_form(s.datasource, releases, s.current);
  const bool fast = !explain && !current_pre &&
                    pick_fast(scheme, releases, form, s.current, allowed, non_major, major);
  if (!fast) {
    non_major = {};
    major = {};
    for (const auto& r : releases) {
      const std::string& v = compared_version(r, form);
      const auto note = [&](std::string verdict) {
        if (explain) {
          out.candidates.push_back({v, std::move(verdict)});
        }
      };
      if (!scheme.valid(v)) {
        note("not a " + std::string(scheme.name()) + " version");
        continue;
      }
      if (scheme.compare(v, s.current) <= 0) {
        note("not newer than " + s.current);
        continue;
      }
      const bool pre = r.prerelease || !scheme.stable(v);
      if (pre && !current_pre) {
        note("pre-release (the current version is not one)");
        continue;
      }
      // The scheme's form check (image tag suffixes) only knows stable versions.
      if (!pre && !scheme.latest({v}, std::nullopt, s.current)) {
        note("not of the form of " + s.current);
        continue;
      }
      if (allowed && !satisfies(scheme, v, *allowed)) {
        note("outside allowed_versions " + *allowed + " (rule '" + allowed_by + "')");
        continue;
      }
      const auto bump = scheme.bump(s.current, v);
      if (!update_type_of(bump.type)) {
        note("same version as " + s.current);
        continue;
      }
      note(std::string("candidate (") + std::string(versioning::to_string(bump.type)) + ")");
      consider(bump.type == versioning::Bump::major ? major : non_major, scheme, v, r, bump);
    }
  }
  // A security update of its own to the safe target, beside the usual two.
  Best safe;
  if (s.safe_target && *s.safe_target != non_major.version && *s.safe_target != major.version &&
      scheme.valid(*s.safe_target) && scheme.compare(*s.safe_target, s.current) > 0) {
    if (const auto* r = find_release(releases, *s.safe_target, form)) {
      const auto bump = scheme.bump(s.current, *s.safe_target);
      if (update_type_of(bump.type)) safe = {*s.safe_target, r, bump};
    }
  }
  if (explain && !s.advisories.empty()) {
    std::string ids;
    for (const auto& [id, severity] : s.advisories) {
      ids += (ids.empty() ? "" : ", ") + id + " (" + severity + ")";
    }
    out.steps.push_back("advisories: " + s.current + " is affected by " + ids + "; safe target " +
                        (s.safe_target ? *s.safe_target : std::string("none released")));
  }
  for (const Best* best : {&safe, &non_major, &major}) {
    if (best->version.empty()) {
      continue;
    }
    Update u;
    u.target = best->version;
    if (s.fixed_by) u.fixes = s.fixed_by(u.target);
    u.security = !u.fixes.empty();
    u.safe_target = best == &safe || (s.safe_target && *s.safe_target == u.target);
    u.update = *update_type_of(best->bump.type);
    u.breaking = best->bump.breaking;
    u.published = best->release->published;
    u.tier = policy.default_tier;
    u.action = policy.default_action;
    u.reasons.push_back(std::string(to_string(u.update)) + (u.breaking ? " (breaking)" : "") +
                        " update " + s.current + " -> " + u.target + ": defaults tier " +
                        std::string(to_string(u.tier)) + ", action " +
                        std::string(to_string(u.action)));
    if (u.security) {
      std::string ids;
      for (const auto& id : u.fixes) ids += (ids.empty() ? "" : ", ") + id;
      u.reasons.push_back("security update: " + u.target + " removes " + ids);
    }
    std::optional<std::chrono::seconds> age;
    std::string age_text;
    std::optional<std::chrono::seconds> security_age;
    std::string security_age_text;
    const Move move{u.update, u.breaking, u.security};
    for (const auto& r : policy.rules) {
      if (!matches(r.match, s, scheme, move)) {
        continue;
      }
      u.rules.push_back(r.name);
      if (r.tier) {
        u.tier = *r.tier;
      }
      if (r.action) {
        u.action = *r.action;
      }
      if (r.group) {
        u.group = *r.group;
      }
      if (r.range_strategy) {
        u.range_strategy = r.range_strategy;
      }
      if (r.labels) {
        u.labels = *r.labels;
      }
      if (r.min_release_age) {
        age = r.min_release_age;
        age_text = r.min_release_age_text;
      }
      if (r.security_min_release_age) {
        security_age = r.security_min_release_age;
        security_age_text = r.security_min_release_age_text;
      }
      u.reasons.push_back(r.sentence.empty() ? rule_sentence(r) : r.sentence);
    }
    if (u.security) {
      // A fix is not made to soak like a feature: only security_min_release_age applies.
      if (age && !security_age) {
        u.reasons.push_back("security update: min_release_age " + age_text + " skipped");
      }
      age = security_age;
      age_text = security_age_text;
    }
    apply_release_age(u, age, age_text, now);
    check_couplings(u, policy, s, scheme, estate, out, options);
    if (u.tier == Tier::blocked && u.action == Action::auto_pr) {
      u.action = Action::plan;
      u.reasons.push_back("a blocked update is never an auto-PR: action plan");
    }
    u.reasons.push_back("result: tier " + std::string(to_string(u.tier)) + ", action " +
                        std::string(to_string(u.action)));
    out.updates.push_back(std::move(u));
  }
  if (out.updates.empty()) {
    out.note = "no candidate newer than " + s.current;
  }
  return out;
}

}  // namespace versiond::policy
