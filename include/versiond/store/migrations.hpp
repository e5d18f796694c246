// Versioned schema migrations, tracked in PRAGMA user_version. Each one runs in
// its own transaction, in order, and only ever adds (tables, columns, indexes):
// no migration drops or deletes anything.
#pragma once

#include <string_view>
#include <vector>

#include "versiond/store/sqlite.hpp"

namespace versiond::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

const std::vector<Migration>& migrations();

// The schema version this binary writes.
int current_schema_version();

// Applies the pending migrations up to `target` (every one when target < 0).
// Throws Error(io) when the database is newer than this binary knows.
void migrate(Database& db, int target = -1);

}  // namespace versiond::store
