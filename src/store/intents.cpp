#include "versiond/store/intents.hpp"

namespace versiond::store {

std::string_view to_string(IntentState s) noexcept {
  switch (s) {
    case IntentState::pending: return "pending";
    case IntentState::confirmed: return "confirmed";
    case IntentState::failed: return "failed";
    case IntentState::reconciled: return "reconciled";
  }
  return "pending";
}

std::optional<IntentState> parse_intent_state(std::string_view text) noexcept {
  for (IntentState s : {IntentState::pending, IntentState::confirmed, IntentState::failed,
                        IntentState::reconciled}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::int64_t record_intent(Database& db, const std::string& kind, const std::string& target,
                           const std::string& summary, const std::string& now) {
  Statement st(db,
               "INSERT INTO write_intents(kind, target, summary, state, created_at, updated_at) "
               "VALUES (?, ?, ?, 'pending', ?, ?)");
  st.bind(1, kind).bind(2, target).bind(3, summary).bind(4, now).bind(5, now).run();
  return db.last_insert_rowid();
}

void settle_intent(Database& db, std::int64_t id, IntentState state, const std::string& result,
                   const std::string& now) {
  Statement st(db, "UPDATE write_intents SET state = ?, result = ?, updated_at = ? WHERE id = ?");
  st.bind(1, to_string(state)).bind(2, result).bind(3, now).bind(4, id).run();
}

namespace {

std::vector<Intent> read(Database& db, std::string_view where) {
  Statement st(db, std::string("SELECT id, kind, target, summary, state, result, created_at, "
                               "updated_at FROM write_intents ") +
                       std::string(where) + " ORDER BY id");
  std::vector<Intent> out;
  while (st.step()) {
    Intent i;
    i.id = st.integer(0);
    i.kind = st.text(1);
    i.target = st.text(2);
    i.summary = st.text(3);
    i.state = parse_intent_state(st.text(4)).value_or(IntentState::pending);
    i.result = st.text(5);
    i.created_at = st.text(6);
    i.updated_at = st.text(7);
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace

std::vector<Intent> pending_intents(Database& db) { return read(db, "WHERE state = 'pending'"); }

std::vector<Intent> all_intents(Database& db) { return read(db, ""); }

}  // namespace versiond::store
