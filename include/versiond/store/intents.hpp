// Write intents: `versiond apply` records every external write before making
// it and confirms it after, so a run killed in between can be reconciled
// (the write found on the forge, or known not to have happened) before the
// next run writes anything new.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/store/sqlite.hpp"

namespace versiond::store {

enum class IntentState {
  pending,     // recorded, the write may or may not have happened
  confirmed,   // the forge answered: done
  failed,      // the forge answered a failure: not done
  reconciled,  // was pending after a crash; looked up on the forge afterwards
};
std::string_view to_string(IntentState s) noexcept;
std::optional<IntentState> parse_intent_state(std::string_view text) noexcept;

struct Intent {
  std::int64_t id = 0;
  std::string kind;     // "create_issue", "edit_issue", "close_issue", "comment", …
  std::string target;   // what it is about: an issue title, "#12", a branch
  std::string summary;  // one line for people
  IntentState state = IntentState::pending;
  std::string result;  // "#12", a failure, what reconciliation found
  std::string created_at;
  std::string updated_at;
};

// Records a pending intent and answers its id (committed at once: it must
// survive a kill right after).
std::int64_t record_intent(Database& db, const std::string& kind, const std::string& target,
                           const std::string& summary, const std::string& now);
void settle_intent(Database& db, std::int64_t id, IntentState state, const std::string& result,
                   const std::string& now);
std::vector<Intent> pending_intents(Database& db);
std::vector<Intent> all_intents(Database& db);

}  // namespace versiond::store
