#include "versiond/apply/plan.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "versiond/core/cron.hpp"
#include "versiond/core/error.hpp"
#include "versiond/net/http.hpp"
#include "versiond/policy/types.hpp"
#include "versiond/scan/markdown.hpp"
#include "versiond/store/dates.hpp"

namespace versiond::apply {
namespace {

using json = nlohmann::json;
using namespace std::chrono;

// ---- recurrence rules ---------------------------------------------------------

struct Rule {
  bool monthly = false;
  // Weekdays (0 = Sunday) with an ordinal in the month (0 = every).
  std::vector<std::pair<unsigned, int>> days;
  std::set<unsigned> month_days;  // BYMONTHDAY; empty = any
  int hour = 0;
  int minute = 0;
};

unsigned weekday_of(const std::string& code) {
  static const std::vector<std::string> names = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  for (unsigned i = 0; i < names.size(); ++i)
    if (names[i] == code) return i;
  throw Error(ErrorKind::config, "window.rrule: unknown weekday '" + code + "'");
}

int number(const std::string& text, const std::string& what, int min, int max) {
  try {
    std::size_t used = 0;
    const int v = std::stoi(text, &used);
    if (used == text.size() && v >= min && v <= max) return v;
  } catch (const std::exception&) {
  }
  throw Error(ErrorKind::config, what + ": '" + text + "' is not a number from " +
                                     std::to_string(min) + " to " + std::to_string(max));
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

Rule parse_rrule(const std::string& text) {
  Rule r;
  bool have_days = false;
  for (const auto& part : split(text, ';')) {
    const auto eq = part.find('=');
    const std::string key = part.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : part.substr(eq + 1);
    if (key == "FREQ") {
      if (value != "WEEKLY" && value != "MONTHLY")
        throw Error(ErrorKind::config, "window.rrule: FREQ must be WEEKLY or MONTHLY");
      r.monthly = value == "MONTHLY";
    } else if (key == "BYDAY") {
      have_days = true;
      for (const auto& d : split(value, ',')) {
        const std::string code = d.size() >= 2 ? d.substr(d.size() - 2) : d;
        const std::string ord = d.substr(0, d.size() - code.size());
        r.days.emplace_back(weekday_of(code),
                            ord.empty() ? 0 : number(ord, "window.rrule BYDAY", -5, 5));
      }
    } else if (key == "BYHOUR") {
      r.hour = number(value, "window.rrule BYHOUR", 0, 23);
    } else if (key == "BYMINUTE") {
      r.minute = number(value, "window.rrule BYMINUTE", 0, 59);
    } else if (key == "BYMONTHDAY") {
      for (const auto& d : split(value, ','))
        r.month_days.insert(static_cast<unsigned>(number(d, "window.rrule BYMONTHDAY", 1, 31)));
    } else if (key != "INTERVAL" || value != "1") {
      throw Error(ErrorKind::config, "window.rrule: '" + part + "' is not supported");
    }
  }
  if (!have_days && r.month_days.empty())
    throw Error(ErrorKind::config, "window.rrule: needs BYDAY or BYMONTHDAY");
  return r;
}

bool matches(const Rule& r, year_month_day ymd) {
  const unsigned wd = weekday(sys_days(ymd)).c_encoding();
  const unsigned dom = static_cast<unsigned>(ymd.day());
  const bool dom_ok = r.month_days.empty() || r.month_days.count(dom);
  if (r.days.empty()) return dom_ok;
  bool day_ok = false;
  const unsigned last =
      static_cast<unsigned>(year_month_day_last(ymd.year(), month_day_last(ymd.month())).day());
  for (const auto& [d, ord] : r.days) {
    if (d != wd) continue;
    if (ord == 0) day_ok = true;
    if (ord > 0 && (dom - 1) / 7 + 1 == static_cast<unsigned>(ord)) day_ok = true;
    if (ord < 0 && (last - dom) / 7 + 1 == static_cast<unsigned>(-ord)) day_ok = true;
  }
  return day_ok && dom_ok;  // RRULE: both
}

minutes parse_duration(const std::string& text) {
  static const std::regex re("([0-9]+)(m|h)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) {
    throw Error(ErrorKind::config, "window.duration: '" + text + "' is not like 90m or 2h");
  }
  const int n = std::stoi(m[1].str());
  return m[2] == "h" ? minutes(60 * n) : minutes(n);
}

// ---- items --------------------------------------------------------------------

int tier_rank(policy::Tier t) {
  switch (t) {
    case policy::Tier::high: return 0;
    case policy::Tier::medium: return 1;
    case policy::Tier::low: return 2;
    case policy::Tier::blocked: return 3;
  }
  return 4;
}

std::vector<std::string> strings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array())
    for (const auto& s : j[key])
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

std::string text(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::string notes_link(const store::Observation& o, const std::string& target) {
  if (target == o.latest_overall && !o.notes_url.empty()) return o.notes_url;
  if ((o.datasource == "github-releases" || o.datasource == "github-tags") &&
      o.package.find('/') != std::string::npos) {
    return "https://github.com/" + o.package + "/releases/tag/" + target;
  }
  return {};
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Values from upstream and from repository files, made safe for GitHub's
// Markdown (scan/markdown.hpp).
std::string cell(const std::string& s) { return s.empty() ? "-" : scan::md_text(s); }

std::string age_text(const PlanItem& i) {
  if (!i.age_days) return "release date unknown";
  return "released " + i.published.substr(0, 10) + " (" + std::to_string(*i.age_days) + " d)";
}

std::string risk_text(const PlanItem& i) {
  std::vector<std::string> parts;
  if (!i.eol.empty()) parts.push_back("EOL " + i.eol);
  if (!i.upstream_flags.empty()) parts.push_back(i.upstream_flags);
  if (i.breaking) parts.push_back("breaking");
  return parts.empty() ? "—" : join(parts, ", ");
}

// The key in a checklist box's hidden comment: percent-encoded outside a
// small safe set, so a name with spaces still matches `([^ ]+)` below and no
// name or version can end the comment ("-->") or put markup into the issue.
std::string comment_key(const std::string& key) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : key) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || std::string_view("._@/+:").find(ch) != std::string_view::npos) {
      out += ch;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xf];
    }
  }
  return out;
}

std::string box(const std::string& key, const std::string& label) {
  return "- [ ] " + label + " <!-- versiond:" + comment_key(key) + " -->\n";
}

std::string group_title(const std::string& group) {
  return group.empty() ? "Ungrouped" : "Group " + scan::md_code(group);
}

// How much detail a tier gets.
enum class Detail { full, counts };

void render_item(std::ostringstream& out, const PlanItem& i) {
  out << "- **" << scan::md_text(i.name) << "** " << scan::md_code(i.current) << " → "
      << scan::md_code(i.target) << " (" << policy::to_string(i.type) << ", " << age_text(i) << ")"
      << (i.action == policy::Action::auto_pr ? " · auto-PR" : "") << "\n";
  out << "  - risk: " << scan::md_text(risk_text(i)) << " · file " << scan::md_code(i.file) << "\n";
  if (!i.rules.empty() || !i.reasons.empty()) {
    out << "  - why: "
        << scan::md_text((i.rules.empty() ? "" : join(i.rules, ", ") + ": ") + join(i.reasons, " "))
        << "\n";
  }
  const auto notes = scan::md_link_target(i.notes_url);
  out << "  - release notes: " << (notes ? *notes : std::string("none recorded")) << "\n";
  out << "  - rollback: set " << scan::md_code(i.name) << " back to " << scan::md_code(i.current)
      << " in " << scan::md_code(i.file) << " and redeploy"
      << (i.breaking ? " (check data migrations first: a breaking update)" : "") << "\n";
}

std::string render(const Plan& plan, Detail medium, Detail low, bool tables_only,
                   const std::string& full_link) {
  std::ostringstream out;
  out << "# Upgrade Plan " << plan.week << "\n\n";
  out << "<!-- versiond:plan week=" << plan.week << " -->\n";
  std::size_t active = 0, waiting = 0, blocked = 0;
  for (const auto& i : plan.items) {
    if (i.blocked_by || i.tier == policy::Tier::blocked) {
      ++blocked;
    } else if (i.action == policy::Action::wait) {
      ++waiting;
    } else {
      ++active;
    }
  }
  // No timestamp here: a plan that did not change must render the same
  // bytes, or every run would edit the issue.
  out << "From the last scan: " << plan.components << " components, " << active
      << " updates planned, " << waiting << " waiting, " << blocked << " blocked.\n\n";
  out << "**Next maintenance window:** "
      << (plan.window ? plan.window->text : "none configured (" + plan.window_note + ")") << "\n\n";
  if (medium == Detail::counts || low == Detail::counts || tables_only) {
    out << "> This plan is longer than an issue can hold: lower tiers are summarised as counts. "
        << "The full plan is "
        << (full_link.empty() ? "the CI artifact written by `versiond plan --out`" : full_link)
        << ".\n\n";
  }
  // Security updates first, whatever their tier, with the advisories they remove.
  bool security_heading = false;
  for (const auto& i : plan.items) {
    if (!i.security || i.blocked_by || i.action == policy::Action::wait) continue;
    if (!security_heading) {
      out << "## Security\n\n";
      security_heading = true;
    }
    render_item(out, i);
    for (const auto& a : i.fixes) {
      const auto link = scan::md_link_target(a.url);
      out << "  - fixes "
          << (link ? "[" + scan::md_text(a.id) + "](" + *link + ")" : scan::md_text(a.id)) << " ("
          << scan::md_text(a.severity) << ")\n";
    }
  }
  if (security_heading) out << "\n";
  for (policy::Tier tier : {policy::Tier::high, policy::Tier::medium, policy::Tier::low}) {
    std::map<std::string, std::vector<const PlanItem*>> groups;
    for (const auto& i : plan.items) {
      if (i.tier == tier && !i.security && !i.blocked_by && i.action != policy::Action::wait)
        groups[i.group].push_back(&i);
    }
    if (groups.empty()) continue;
    std::string title(policy::to_string(tier));
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    out << "## " << title << " risk\n\n";
    const Detail detail = tier == policy::Tier::low      ? low
                          : tier == policy::Tier::medium ? medium
                                                         : Detail::full;
    if (detail == Detail::counts) {
      out << "| group | updates | majors |\n|---|---|---|\n";
      for (const auto& [group, items] : groups) {
        const auto majors = std::count_if(items.begin(), items.end(), [](const PlanItem* i) {
          return i->type == policy::UpdateType::major;
        });
        out << "| " << (group.empty() ? "(ungrouped)" : cell(group)) << " | " << items.size()
            << " | " << majors << " |\n";
      }
      out << "\n";
      continue;
    }
    for (const auto& [group, items] : groups) {
      out << "### " << group_title(group) << "\n\n";
      out << "| component | current → target | type | age | EOL / deprecation | rules |\n"
          << "|---|---|---|---|---|---|\n";
      for (const PlanItem* i : items) {
        out << "| " << cell(i->name) << " | " << scan::md_code(i->current) << " → "
            << scan::md_code(i->target) << " | " << policy::to_string(i->type) << " | "
            << (i->age_days ? std::to_string(*i->age_days) + " d" : "?") << " | "
            << cell(risk_text(*i)) << " | " << cell(join(i->rules, ", ")) << " |\n";
      }
      out << "\n";
      if (!tables_only) {
        for (const PlanItem* i : items) render_item(out, *i);
        out << "\n";
      }
    }
  }
  if (waiting) {
    out << "## Waiting\n\n";
    for (const auto& i : plan.items) {
      if (i.blocked_by || i.tier == policy::Tier::blocked || i.action != policy::Action::wait)
        continue;
      out << "- **" << scan::md_text(i.name) << "** " << scan::md_code(i.current) << " → "
          << scan::md_code(i.target) << ": ready on " << i.ready_on.value_or("(unknown)") << " ("
          << scan::md_text(join(i.rules, ", ")) << ")\n";
    }
    out << "\n";
  }
  if (blocked) {
    out << "## Blocked\n\n";
    for (const auto& i : plan.items) {
      if (!i.blocked_by && i.tier != policy::Tier::blocked) continue;
      out << "- **" << scan::md_text(i.name) << "** " << scan::md_code(i.current) << " → "
          << scan::md_code(i.target);
      if (i.blocked_by) {
        out << ": first move **" << scan::md_text(i.blocked_by->component) << "** from "
            << scan::md_code(i.blocked_by->current) << " to " << scan::md_code(i.blocked_by->needs)
            << " (coupling " << scan::md_text(i.blocked_by->coupling) << ")";
      }
      out << "\n";
    }
    out << "\n";
  }
  out << "## Readiness checklist\n\n";
  out << box("backups", "Backups taken and a restore tested");
  out << box("health", "Health checks and dashboards green before the window");
  out << box("alerts", "Alerts silenced for the window");
  out << box("rollback", "Rollback owner named for each item above");
  for (const auto& i : plan.items) {
    if (i.tier == policy::Tier::high && !i.blocked_by && i.action != policy::Action::wait)
      out << box("item:" + i.key(),
                 scan::md_code(i.name) + " → " + scan::md_code(i.target) + " applied and verified");
  }
  out << "\n<sub>Rendered by versiond; ticks in the checklist survive the weekly edits.</sub>\n";
  return out.str();
}

// The window starting at `start`, its text in the zone and in UTC.
MaintenanceWindow window_at(Clock::time_point start, minutes length, const std::string& tz_name,
                            const date::time_zone* tz) {
  MaintenanceWindow w;
  w.start = start;
  w.end = start + length;
  w.text = cron::format_local(tz, w.start, "%a %Y-%m-%d %H:%M") + "–" +
           cron::format_local(tz, w.end, "%H:%M") + " " + tz_name + " (" +
           cron::format_local(cron::zone("UTC"), w.start, "%Y-%m-%d %H:%M UTC") + ")";
  return w;
}

}  // namespace

std::string PlanItem::key() const { return name + "@" + target; }

std::string iso_week(Clock::time_point t) {
  const sys_days day = floor<days>(t);
  const unsigned wd = weekday(day).iso_encoding();  // Monday = 1
  const sys_days thursday = day + days(4 - static_cast<int>(wd));
  const year y = year_month_day(thursday).year();
  const sys_days first = sys_days(y / January / 1);
  const int week = static_cast<int>((thursday - first).count() / 7 + 1);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(y), week);
  return buf;
}

std::optional<Clock::time_point> parse_iso_week(std::string_view text) {
  static const std::regex re("([0-9]{4})-W([0-9]{2})");
  std::cmatch m;
  if (!std::regex_match(text.begin(), text.end(), m, re)) return std::nullopt;
  const int y = std::stoi(m[1].str());
  const int w = std::stoi(m[2].str());
  // Monday of week 1: the week holding January 4th.
  const sys_days jan4 = sys_days(year(y) / January / 4);
  const sys_days monday1 = jan4 - days(weekday(jan4).iso_encoding() - 1);
  const sys_days monday = monday1 + days(7 * (w - 1));
  if (w < 1 || iso_week(monday) != std::string(text)) return std::nullopt;
  return Clock::time_point(monday);
}

std::optional<MaintenanceWindow> next_window(const config::Window& window, Clock::time_point now) {
  if (window.rrule.empty() && window.cron.empty()) return std::nullopt;
  const minutes length = parse_duration(window.duration);
  const date::time_zone* tz = cron::zone(window.tz, "window.tz");
  if (window.rrule.empty()) {
    // A cron line: the first start whose window has not ended at `now`.
    const cron::Expression e = cron::parse(window.cron, "window.cron");
    const auto start = cron::next_after(e, tz, now - length);
    if (!start) throw Error(ErrorKind::config, "window: the rule names no day in five years");
    return window_at(*start, length, window.tz, tz);
  }
  const Rule rule = parse_rrule(window.rrule);
  const sys_days today = floor<days>(now) - days(1);  // local dates may lag UTC by a day
  for (int d = 0; d < 800; ++d) {
    const year_month_day ymd(today + days(d));
    if (!matches(rule, ymd)) continue;
    const auto start =
        cron::local_to_utc(tz, static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                           static_cast<unsigned>(ymd.day()), rule.hour, rule.minute);
    if (start + length <= now) continue;
    return window_at(start, length, window.tz, tz);
  }
  throw Error(ErrorKind::config, "window: the rule names no day in the next two years");
}

Plan build_plan(const std::vector<store::Observation>& observations, const std::string& scan_at,
                const config::Window& window, Clock::time_point now, const std::string& week) {
  Plan plan;
  plan.week = week;
  plan.scan_at = scan_at;
  plan.components = static_cast<int>(observations.size());
  // Ages as of the week's Monday: the plan of one week renders the same bytes
  // every day of it, so `apply` edits the issue only when something changed.
  const Clock::time_point age_at = parse_iso_week(week).value_or(now);
  for (const store::Observation& o : observations) {
    if (o.updates.empty()) continue;
    const json updates = json::parse(o.updates, nullptr, false);
    if (updates.is_discarded() || !updates.is_array()) {
      throw Error(ErrorKind::input,
                  "recorded scan: " + o.name + " (" + o.file + "): updates are not a JSON array");
    }
    // The advisories affecting the current version, as the scan recorded them
    // (docs/ADVISORIES.md); a security update names those its target removes.
    json advisories = json::array();
    if (!o.advisories.empty()) {
      advisories = json::parse(o.advisories, nullptr, false);
      if (!advisories.is_array()) advisories = json::array();
    }
    for (const json& u : updates) {
      const auto type = policy::parse_update_type(text(u, "update"));
      const auto tier = policy::parse_tier(text(u, "tier"));
      const auto action = policy::parse_action(text(u, "action"));
      if (!u.is_object() || text(u, "target").empty() || !type || !tier || !action) {
        throw Error(ErrorKind::input, "recorded scan: " + o.name + " (" + o.file +
                                          "): an update without target, update, tier or action");
      }
      if (*action == policy::Action::ignore) continue;
      PlanItem i;
      i.name = o.name;
      i.package = o.package;
      i.datasource = o.datasource;
      i.file = o.file;
      i.current = o.current;
      i.target = text(u, "target");
      i.type = *type;
      i.tier = *tier;
      i.action = *action;
      i.breaking = u.value("breaking", false);
      i.group = text(u, "group");
      i.rules = strings(u, "rules");
      i.reasons = strings(u, "reasons");
      i.published = text(u, "published");
      if (auto age = store::days_since(i.published, age_at)) i.age_days = static_cast<int>(*age);
      i.eol = o.eol;
      i.upstream_flags = o.upstream_flags;
      i.notes_url = notes_link(o, i.target);
      if (!text(u, "ready_on").empty()) i.ready_on = text(u, "ready_on");
      if (!text(u, "range_strategy").empty()) {
        i.range_strategy = policy::parse_range_strategy(text(u, "range_strategy"));
      }
      i.security = u.value("security", false);
      for (const auto& id : strings(u, "fixes")) {
        PlanItem::Advisory a{id, "unknown", ""};
        for (const json& known : advisories) {
          if (text(known, "id") == id) a = {id, text(known, "severity"), text(known, "url")};
        }
        i.fixes.push_back(std::move(a));
      }
      if (u.contains("blocked_by") && u["blocked_by"].is_object()) {
        const json& b = u["blocked_by"];
        i.blocked_by = policy::BlockedBy{text(b, "coupling"), text(b, "component"),
                                         text(b, "current"), text(b, "needs")};
      }
      plan.items.push_back(std::move(i));
    }
  }
  std::stable_sort(plan.items.begin(), plan.items.end(), [](const PlanItem& a, const PlanItem& b) {
    return std::tuple(tier_rank(a.tier), a.group, a.name, a.target) <
           std::tuple(tier_rank(b.tier), b.group, b.name, b.target);
  });
  plan.window = next_window(window, now);
  if (!plan.window) plan.window_note = "set `window:` in versiond.yaml";
  return plan;
}

std::string render_markdown(const Plan& plan, std::size_t max_chars,
                            const std::string& full_plan_link) {
  // Richest first; each step gives up detail of the lowest tiers until it fits.
  const std::vector<std::tuple<Detail, Detail, bool>> steps = {
      {Detail::full, Detail::full, false},
      {Detail::full, Detail::counts, false},
      {Detail::counts, Detail::counts, false},
      {Detail::counts, Detail::counts, true},
  };
  std::string out;
  for (const auto& [medium, low, tables_only] : steps) {
    out = render(plan, medium, low, tables_only, full_plan_link);
    if (out.size() <= max_chars) return out;
  }
  // Still too long (thousands of high-risk items): cut at a line and say so.
  const std::string note =
      "\n\n> Truncated: the full plan is " +
      (full_plan_link.empty() ? std::string("the CI artifact written by `versiond plan --out`")
                              : full_plan_link) +
      ".\n";
  std::size_t cut = out.rfind('\n', max_chars > note.size() ? max_chars - note.size() : 0);
  return out.substr(0, cut == std::string::npos ? 0 : cut) + note;
}

json plan_to_json(const Plan& plan) {
  json items = json::array();
  for (const auto& i : plan.items) {
    json j = {{"name", i.name},
              {"package", i.package},
              {"datasource", i.datasource},
              {"file", i.file},
              {"current", i.current},
              {"target", i.target},
              {"update", std::string(policy::to_string(i.type))},
              {"tier", std::string(policy::to_string(i.tier))},
              {"action", std::string(policy::to_string(i.action))},
              {"breaking", i.breaking},
              {"group", i.group},
              {"rules", i.rules},
              {"reasons", i.reasons},
              {"security", i.security},
              {"fixes",
               [&] {
                 json f = json::array();
                 for (const auto& a : i.fixes)
                   f.push_back({{"id", a.id}, {"severity", a.severity}, {"url", a.url}});
                 return f;
               }()},
              {"published", i.published},
              {"age_days", i.age_days ? json(*i.age_days) : json(nullptr)},
              {"eol", i.eol},
              {"upstream_flags", i.upstream_flags},
              {"notes_url", i.notes_url},
              {"rollback", "set " + i.name + " back to " + i.current + " in " + i.file}};
    if (i.ready_on) j["ready_on"] = *i.ready_on;
    if (i.blocked_by) {
      j["blocked_by"] = {{"coupling", i.blocked_by->coupling},
                         {"component", i.blocked_by->component},
                         {"current", i.blocked_by->current},
                         {"needs", i.blocked_by->needs}};
    }
    items.push_back(std::move(j));
  }
  json window = nullptr;
  if (plan.window) {
    window = {{"start", net::format_utc(plan.window->start)},
              {"end", net::format_utc(plan.window->end)},
              {"text", plan.window->text}};
  }
  return {{"week", plan.week},
          {"scan_at", plan.scan_at},
          {"components", plan.components},
          {"window", window},
          {"checklist", json::array({"backups", "health", "alerts", "rollback"})},
          {"items", items}};
}

std::vector<std::string> ticked_keys(const std::string& markdown) {
  static const std::regex re("^\\s*- \\[[xX]\\] .*<!-- versiond:([^ ]+) -->\\s*$");
  std::vector<std::string> out;
  for (const auto& line : split(markdown, '\n')) {
    std::smatch m;
    if (std::regex_match(line, m, re)) out.push_back(m[1].str());
  }
  return out;
}

std::string tick(const std::string& markdown, const std::vector<std::string>& keys) {
  const std::set<std::string> wanted(keys.begin(), keys.end());
  static const std::regex re("^(\\s*- )\\[ \\]( .*<!-- versiond:([^ ]+) -->\\s*)$");
  std::string out;
  std::size_t start = 0;
  while (start < markdown.size()) {
    auto end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    std::string line = markdown.substr(start, end - start);
    std::smatch m;
    if (std::regex_match(line, m, re) && wanted.count(m[3].str())) {
      line = m[1].str() + "[x]" + m[2].str();
    }
    out += line;
    if (end < markdown.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace versiond::apply
