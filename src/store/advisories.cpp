#include "versiond/store/advisories.hpp"

#include <set>

namespace versiond::store {

namespace {

// Ids are OSV/GHSA identifiers (no newline): one per line.
std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : "\n") + id;
  return out;
}

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    out.push_back(text.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace

void write_advisories(Database& db, const AdvisoryWrites& writes, const std::string& at) {
  Statement record(db,
                   "INSERT INTO advisory_records (id, modified, source, body, fetched_at) "
                   "VALUES (?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET modified = "
                   "excluded.modified, source = excluded.source, body = excluded.body, "
                   "fetched_at = excluded.fetched_at");
  for (const auto& r : writes.records) {
    record.reset();
    record.bind(1, r.id).bind(2, r.modified).bind(3, r.source).bind(4, r.body).bind(5, at).run();
  }
  Statement listing(db,
                    "INSERT INTO advisory_packages (ecosystem, name, ids, checked_at) "
                    "VALUES (?,?,?,?) ON CONFLICT (ecosystem, name) DO UPDATE SET ids = "
                    "excluded.ids, checked_at = excluded.checked_at");
  for (const auto& l : writes.listings) {
    listing.reset();
    listing.bind(1, l.ecosystem).bind(2, l.name).bind(3, join_ids(l.ids)).bind(4, at).run();
  }
  // Open exposures move their last_seen_at forward; new ones start now.
  Statement touch(db,
                  "UPDATE advisory_exposure SET last_seen_at = ?, severity = ? WHERE "
                  "component_key = ? AND advisory_id = ? AND resolved_at = ''");
  Statement open(db,
                 "INSERT INTO advisory_exposure (component_key, advisory_id, severity, "
                 "first_seen_at, last_seen_at) VALUES (?,?,?,?,?)");
  std::set<std::pair<std::string, std::string>> current;
  for (const auto& e : writes.exposures) {
    current.emplace(e.component_key, e.advisory_id);
    touch.reset();
    touch.bind(1, at).bind(2, e.severity).bind(3, e.component_key).bind(4, e.advisory_id).run();
    if (db.changes() == 0) {
      open.reset();
      open.bind(1, e.component_key)
          .bind(2, e.advisory_id)
          .bind(3, e.severity)
          .bind(4, at)
          .bind(5, at)
          .run();
    }
  }
  Statement still_open(db,
                       "SELECT advisory_id FROM advisory_exposure WHERE component_key = ? AND "
                       "resolved_at = ''");
  Statement resolve(db,
                    "UPDATE advisory_exposure SET resolved_at = ? WHERE component_key = ? AND "
                    "advisory_id = ? AND resolved_at = ''");
  for (const auto& key : writes.checked_components) {
    still_open.reset();
    still_open.bind(1, key);
    std::vector<std::string> ids;
    while (still_open.step()) ids.push_back(still_open.text(0));
    for (const auto& id : ids) {
      if (current.count({key, id})) continue;
      resolve.reset();
      resolve.bind(1, at).bind(2, key).bind(3, id).run();
    }
  }
}

std::optional<AdvisoryRecordRow> advisory_record(Database& db, const std::string& id) {
  Statement s(db,
              "SELECT id, modified, source, body, fetched_at FROM advisory_records WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return AdvisoryRecordRow{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4)};
}

std::optional<std::vector<std::string>> advisory_listing(Database& db, const std::string& ecosystem,
                                                         const std::string& name) {
  Statement s(db, "SELECT ids FROM advisory_packages WHERE ecosystem = ? AND name = ?");
  s.bind(1, ecosystem).bind(2, name);
  if (!s.step()) return std::nullopt;
  return split_ids(s.text(0));
}

std::vector<Exposure> exposures(Database& db, const std::string& component_key) {
  Statement s(db,
              "SELECT component_key, advisory_id, severity, first_seen_at, last_seen_at, "
              "resolved_at FROM advisory_exposure WHERE ?1 = '' OR component_key = ?1 "
              "ORDER BY component_key, first_seen_at, advisory_id");
  s.bind(1, component_key);
  std::vector<Exposure> out;
  while (s.step()) {
    out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
  }
  return out;
}

}  // namespace versiond::store
