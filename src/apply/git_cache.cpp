#include "versiond/apply/git_cache.hpp"

#include <git2.h>

#include "versiond/core/error.hpp"
#include "versiond/net/redact.hpp"
#include "versiond/net/url.hpp"

namespace versiond::apply {
namespace {

std::string last_error(const std::string& what) {
  const git_error* e = git_error_last();
  return net::redact(what + ": " + (e && e->message ? e->message : "unknown libgit2 error"));
}

template <class T, void (*Free)(T*)>
struct Owned {
  T* p = nullptr;
  ~Owned() {
    if (p) Free(p);
  }
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
};
using Commit = Owned<git_commit, git_commit_free>;
using Tree = Owned<git_tree, git_tree_free>;
using Remote = Owned<git_remote, git_remote_free>;
using Reference = Owned<git_reference, git_reference_free>;
using Revwalk = Owned<git_revwalk, git_revwalk_free>;
using Signature = Owned<git_signature, git_signature_free>;
using TreeEntry = Owned<git_tree_entry, git_tree_entry_free>;
using Diff = Owned<git_diff, git_diff_free>;

std::string hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

std::optional<git_oid> oid_of(const std::string& sha) {
  git_oid oid;
  if (git_oid_fromstr(&oid, sha.c_str()) != 0) return std::nullopt;
  return oid;
}

bool loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost";
}

}  // namespace

struct GitCache::Impl {
  git_repository* repo = nullptr;
  std::string url;
  GitAuth auth;
  bool auth_offered = false;  // the token was given once in this transfer
  std::string rejected;       // what the remote said of the last push
  ~Impl() {
    if (repo) git_repository_free(repo);
    git_libgit2_shutdown();
  }

  // An in-memory remote for `url`, never a named one from the clone's config:
  // looking up or creating a named remote applies `url.*.insteadOf` rules by
  // matching every config entry against a regex, and Debian 12's libgit2
  // 1.5.1 leaks a PCRE2 match block (~20 KiB) per entry that does not match
  // (fixed upstream in libgit2 PR #6382, 1.6). A service fetching every week
  // would grow without bound; the remote URL comes from versiond's own
  // configuration, so the rewrite rules are skipped on purpose.
  bool make_remote(Remote& out) const {
    git_remote_create_options options;
    git_remote_create_options_init(&options, GIT_REMOTE_CREATE_OPTIONS_VERSION);
    options.repository = repo;
    options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
    return git_remote_create_with_opts(&out.p, url.c_str(), &options) == 0;
  }

  // Answers the remote's request for credentials with the token, once per
  // transfer, and only over HTTPS (plain HTTP on loopback, for tests) to the
  // host the token belongs to: a git_remote elsewhere never sees it.
  static int credentials(git_credential** out, const char* url, const char* /*user_from_url*/,
                         unsigned int allowed, void* payload) {
    auto& self = *static_cast<Impl*>(payload);
    const auto parsed = net::Url::parse(url ? url : "");
    const bool secure = parsed && (parsed->scheme() == "https" ||
                                   (parsed->scheme() == "http" && loopback(parsed->host())));
    if (self.auth.token.empty() || self.auth_offered || !secure ||
        parsed->host() != self.auth.host || (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) == 0) {
      return GIT_PASSTHROUGH;  // libgit2 then fails the transfer with "authentication required"
    }
    self.auth_offered = true;
    return git_credential_userpass_plaintext_new(out, "x-access-token", self.auth.token.c_str());
  }

  static int on_push_update(const char* refname, const char* status, void* payload) {
    if (status) {
      static_cast<Impl*>(payload)->rejected =
          std::string("remote rejected ") + refname + ": " + status;
    }
    return 0;
  }

  void prepare(git_remote_callbacks& callbacks) {
    auth_offered = false;
    callbacks.credentials = &credentials;
    callbacks.payload = this;
  }

  std::string push_refspec(const std::string& refspec) {
    Remote remote;
    if (!make_remote(remote)) return last_error("remote " + url);
    rejected.clear();
    git_push_options options;
    git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
    prepare(options.callbacks);
    options.callbacks.push_update_reference = &on_push_update;
    char* spec = const_cast<char*>(refspec.c_str());
    git_strarray specs{&spec, 1};
    if (git_remote_push(remote.p, &specs, &options) != 0) return last_error("push " + refspec);
    return rejected;
  }
};

GitCache::GitCache(const std::filesystem::path& dir, const std::string& remote_url, GitAuth auth)
    : impl_(std::make_unique<Impl>()) {
  git_libgit2_init();
  if (git_repository_open_bare(&impl_->repo, dir.c_str()) != 0) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (git_repository_init(&impl_->repo, dir.c_str(), 1) != 0) {
      throw Error(ErrorKind::io, last_error("cannot create the cache clone " + dir.string()));
    }
  }
  impl_->url = remote_url;
  impl_->auth = std::move(auth);
  if (!impl_->auth.token.empty()) net::register_secret(impl_->auth.token);
}

GitCache::~GitCache() = default;

std::string GitCache::fetch() {
  Remote remote;
  if (!impl_->make_remote(remote)) return last_error("remote " + impl_->url);
  git_fetch_options options;
  git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
  options.prune = GIT_FETCH_PRUNE;
  impl_->prepare(options.callbacks);
  char spec[] = "+refs/heads/*:refs/remotes/origin/*";
  char* specs_array[] = {spec};
  git_strarray specs{specs_array, 1};
  if (git_remote_fetch(remote.p, &specs, &options, "versiond fetch") != 0) {
    return last_error("fetch");
  }
  return {};
}

std::optional<std::string> GitCache::remote_sha(const std::string& branch) {
  git_oid oid;
  if (git_reference_name_to_id(&oid, impl_->repo, ("refs/remotes/origin/" + branch).c_str()) != 0) {
    return std::nullopt;
  }
  return hex(oid);
}

BranchState GitCache::inspect(const std::string& branch, const std::string& base_sha) {
  BranchState s;
  const auto sha = remote_sha(branch);
  if (!sha) return s;
  s.exists = true;
  s.sha = *sha;
  const auto tip_oid = oid_of(*sha);
  Commit tip;
  if (!tip_oid || git_commit_lookup(&tip.p, impl_->repo, &*tip_oid) != 0) return s;
  s.tree = hex(*git_commit_tree_id(tip.p));
  if (git_commit_parentcount(tip.p) > 0) s.parent = hex(*git_commit_parent_id(tip.p, 0));
  // Commits on the branch that the base's history does not hold: all versiond's?
  Revwalk walk;
  if (git_revwalk_new(&walk.p, impl_->repo) != 0) return s;
  git_revwalk_push(walk.p, &*tip_oid);
  if (auto base = oid_of(base_sha)) git_revwalk_hide(walk.p, &*base);
  s.ours = true;
  git_oid oid;
  while (git_revwalk_next(&oid, walk.p) == 0) {
    Commit c;
    if (git_commit_lookup(&c.p, impl_->repo, &oid) != 0) {
      s.ours = false;
      break;
    }
    const git_signature* author = git_commit_author(c.p);
    if (author == nullptr || std::string(author->email) != bot_email ||
        git_commit_parentcount(c.p) != 1) {
      s.ours = false;
      break;
    }
  }
  return s;
}

std::string GitCache::tree_with(const std::string& base_sha,
                                const std::vector<std::pair<std::string, std::string>>& files) {
  const auto base_oid = oid_of(base_sha);
  Commit base;
  Tree tree;
  if (!base_oid || git_commit_lookup(&base.p, impl_->repo, &*base_oid) != 0 ||
      git_commit_tree(&tree.p, base.p) != 0) {
    throw Error(ErrorKind::io, last_error("base commit " + base_sha));
  }
  std::vector<git_tree_update> updates;
  for (const auto& [path, content] : files) {
    git_tree_update u{};
    u.action = GIT_TREE_UPDATE_UPSERT;
    if (git_blob_create_from_buffer(&u.id, impl_->repo, content.data(), content.size()) != 0) {
      throw Error(ErrorKind::io, last_error("blob " + path));
    }
    u.filemode = GIT_FILEMODE_BLOB;
    TreeEntry entry;
    if (git_tree_entry_bypath(&entry.p, tree.p, path.c_str()) == 0) {
      u.filemode = git_tree_entry_filemode(entry.p);  // keep an executable bit
    }
    u.path = path.c_str();
    updates.push_back(u);
  }
  git_oid out;
  if (git_tree_create_updated(&out, impl_->repo, tree.p, updates.size(), updates.data()) != 0) {
    throw Error(ErrorKind::io, last_error("tree on " + base_sha));
  }
  return hex(out);
}

std::string GitCache::commit(const std::string& base_sha, const std::string& tree_sha,
                             const std::string& message, Clock::time_point when) {
  const auto base_oid = oid_of(base_sha);
  const auto tree_oid = oid_of(tree_sha);
  Commit base;
  Tree tree;
  Signature sig;
  if (!base_oid || !tree_oid || git_commit_lookup(&base.p, impl_->repo, &*base_oid) != 0 ||
      git_tree_lookup(&tree.p, impl_->repo, &*tree_oid) != 0 ||
      git_signature_new(&sig.p, bot_name, bot_email,
                        static_cast<git_time_t>(std::chrono::system_clock::to_time_t(when)),
                        0) != 0) {
    throw Error(ErrorKind::io, last_error("commit on " + base_sha));
  }
  const git_commit* parents[] = {base.p};
  git_oid out;
  if (git_commit_create(&out, impl_->repo, nullptr, sig.p, sig.p, "UTF-8", message.c_str(), tree.p,
                        1, parents) != 0) {
    throw Error(ErrorKind::io, last_error("commit on " + base_sha));
  }
  return hex(out);
}

std::string GitCache::push(const std::string& branch, const std::string& sha, bool force) {
  const auto oid = oid_of(sha);
  Reference ref;
  const std::string local = "refs/heads/" + branch;
  if (!oid || git_reference_create(&ref.p, impl_->repo, local.c_str(), &*oid, 1,
                                   "versiond: branch to push") != 0) {
    return last_error("local ref " + local);
  }
  return impl_->push_refspec((force ? "+" : "") + local + ":" + local);
}

std::vector<std::string> GitCache::remote_branches(const std::string& prefix) {
  std::vector<std::string> out;
  const std::string root = "refs/remotes/origin/";
  git_reference_foreach_name(
      impl_->repo,
      [](const char* name, void* payload) {
        static_cast<std::vector<std::string>*>(payload)->push_back(name);
        return 0;
      },
      &out);
  std::vector<std::string> branches;
  for (const auto& name : out) {
    if (name.rfind(root + prefix, 0) == 0) branches.push_back(name.substr(root.size()));
  }
  return branches;
}

std::string GitCache::delete_remote(const std::string& branch) {
  return impl_->push_refspec(":refs/heads/" + branch);
}

namespace {

// The diff of a commit against its first parent; false when there is none.
bool commit_diff(git_repository* repo, const std::string& sha, Diff& diff) {
  const auto oid = oid_of(sha);
  Commit c, parent;
  Tree tree, parent_tree;
  return oid && git_commit_lookup(&c.p, repo, &*oid) == 0 && git_commit_tree(&tree.p, c.p) == 0 &&
         git_commit_parent(&parent.p, c.p, 0) == 0 &&
         git_commit_tree(&parent_tree.p, parent.p) == 0 &&
         git_diff_tree_to_tree(&diff.p, repo, parent_tree.p, tree.p, nullptr) == 0;
}

}  // namespace

std::string GitCache::patch(const std::string& sha) {
  Diff diff;
  if (!commit_diff(impl_->repo, sha, diff)) return {};
  git_buf buf = GIT_BUF_INIT;
  std::string out;
  if (git_diff_to_buf(&buf, diff.p, GIT_DIFF_FORMAT_PATCH) == 0) out.assign(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  return out;
}

std::vector<std::string> GitCache::changed_files(const std::string& sha) {
  std::vector<std::string> out;
  Diff diff;
  if (!commit_diff(impl_->repo, sha, diff)) return out;
  for (std::size_t i = 0; i < git_diff_num_deltas(diff.p); ++i) {
    out.push_back(git_diff_get_delta(diff.p, i)->new_file.path);
  }
  return out;
}

}  // namespace versiond::apply
