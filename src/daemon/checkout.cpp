#include "versiond/daemon/checkout.hpp"

#include <git2.h>

#include <functional>
#include <memory>

#include "versiond/core/error.hpp"
#include "versiond/daemon/slug.hpp"
#include "versiond/net/redact.hpp"

namespace versiond::daemon {

namespace {

template <class T, void (*Free)(T*)>
struct Freer {
  void operator()(T* p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, Freer<git_repository, git_repository_free>>;
using RemotePtr = std::unique_ptr<git_remote, Freer<git_remote, git_remote_free>>;
using ObjectPtr = std::unique_ptr<git_object, Freer<git_object, git_object_free>>;
using RefPtr = std::unique_ptr<git_reference, Freer<git_reference, git_reference_free>>;

struct Library {
  Library() { git_libgit2_init(); }
  ~Library() { git_libgit2_shutdown(); }
};

void check(int rc, const std::string& url, const char* what) {
  if (rc >= 0) return;
  const git_error* e = git_error_last();
  throw Error(ErrorKind::io, net::redact(url) + ": " + what + ": " +
                                 (e != nullptr ? net::redact(e->message) : std::string("failed")));
}

}  // namespace

// Remotes are made with GIT_REMOTE_CREATE_SKIP_INSTEADOF: resolving
// `url.*.insteadOf` makes Debian 12's libgit2 1.5.1 leak a PCRE2 match block
// per configuration entry (src/apply/git_cache.cpp says more), and the URL
// comes from versiond's own configuration.
int create_origin(git_remote** out, git_repository* repo, const char* name, const char* url,
                  void* /*payload*/) {
  git_remote_create_options options;
  git_remote_create_options_init(&options, GIT_REMOTE_CREATE_OPTIONS_VERSION);
  options.repository = repo;
  options.name = name;
  options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
  return git_remote_create_with_opts(out, url, &options);
}

std::filesystem::path prepare_checkout(const config::Repository& r,
                                       const std::filesystem::path& state_dir) {
  if (r.url.empty()) return r.path;
  const Library library;
  std::filesystem::path dir = state_dir / "clones" / slug(r.url);
  git_repository* raw = nullptr;
  if (!std::filesystem::exists(dir / ".git")) {
    std::filesystem::create_directories(dir.parent_path());
    git_clone_options options;  // the *_init() calls: clang rejects the INIT macros' partial braces
    git_clone_options_init(&options, GIT_CLONE_OPTIONS_VERSION);
    if (!r.branch.empty()) options.checkout_branch = r.branch.c_str();
    options.remote_cb = &create_origin;
    check(git_clone(&raw, r.url.c_str(), dir.c_str(), &options), r.url, "clone");
    const RepoPtr cloned(raw);
    return dir;
  }
  check(git_repository_open(&raw, dir.c_str()), r.url, "open the clone");
  const RepoPtr repo(raw);
  git_remote* remote_raw = nullptr;
  git_remote_create_options remote_options;
  git_remote_create_options_init(&remote_options, GIT_REMOTE_CREATE_OPTIONS_VERSION);
  remote_options.repository = repo.get();
  remote_options.flags =
      GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
  check(git_remote_create_with_opts(&remote_raw, r.url.c_str(), &remote_options), r.url,
        "make the remote");
  const RemotePtr remote(remote_raw);
  char spec[] = "+refs/heads/*:refs/remotes/origin/*";
  char* specs_array[] = {spec};
  const git_strarray specs{specs_array, 1};
  check(git_remote_fetch(remote.get(), &specs, nullptr, nullptr), r.url, "fetch");
  std::string branch = r.branch;
  if (branch.empty()) {  // the branch the clone checked out
    git_reference* head = nullptr;
    check(git_repository_head(&head, repo.get()), r.url, "read HEAD");
    const RefPtr h(head);
    branch = git_reference_shorthand(h.get());
  }
  git_object* target = nullptr;
  check(git_revparse_single(&target, repo.get(), ("refs/remotes/origin/" + branch).c_str()), r.url,
        "find the fetched branch");
  const ObjectPtr t(target);
  git_checkout_options checkout;
  git_checkout_options_init(&checkout, GIT_CHECKOUT_OPTIONS_VERSION);
  checkout.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
  check(git_reset(repo.get(), t.get(), GIT_RESET_HARD, &checkout), r.url, "check out");
  return dir;
}

}  // namespace versiond::daemon
