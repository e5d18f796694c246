#include "scan/git_head.hpp"

#include <git2.h>

#include <memory>

namespace versiond::scan {

namespace {

// libgit2's global state, held for the duration of one call.
struct Libgit2 {
  Libgit2() { git_libgit2_init(); }
  ~Libgit2() { git_libgit2_shutdown(); }
  Libgit2(const Libgit2&) = delete;
  Libgit2& operator=(const Libgit2&) = delete;
};

struct RepoDeleter {
  void operator()(git_repository* r) const { git_repository_free(r); }
};

}  // namespace

std::string head_commit(const std::filesystem::path& dir) {
  const Libgit2 lib;
  git_repository* raw = nullptr;
  // Only the directory itself (no search upward): a scanned folder that is not
  // a repository root has no commit of its own.
  if (git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return {};
  }
  const std::unique_ptr<git_repository, RepoDeleter> repo(raw);
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo.get(), "HEAD") != 0) {
    return {};
  }
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof(hex), &oid);
  return hex;
}

}  // namespace versiond::scan
