// Small RAII wrappers over the SQLite 3 C API: a connection, a prepared
// statement and a transaction. Every SQLite failure is thrown as
// versiond::Error(io) naming the database file and SQLite's message.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace versiond::store {

enum class OpenMode {
  read_write,  // created when absent, switched to WAL journaling
  read_only,   // must exist; SQLite refuses every write
};

class Database {
 public:
  // Opens with a busy timeout and foreign keys on; read_write also creates the
  // file when absent and switches it to WAL journaling.
  explicit Database(const std::filesystem::path& file, OpenMode mode = OpenMode::read_write);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements without results.
  void exec(std::string_view sql);
  std::string journal_mode();
  int user_version();
  std::int64_t last_insert_rowid() const;
  int changes() const;

  sqlite3* handle() const noexcept { return db_; }
  const std::string& name() const noexcept { return name_; }
  [[noreturn]] void fail(const std::string& what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string name_;
};

class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index; returns *this to chain.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // Advances; true while a row is available.
  bool step();
  // Runs a statement without results to completion.
  void run();
  // Clears bindings and rewinds, for reuse.
  void reset();

  std::string text(int column) const;
  std::int64_t integer(int column) const;
  bool is_null(int column) const;

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit()
// ran, so an exception anywhere inside leaves the database as it was.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace versiond::store
