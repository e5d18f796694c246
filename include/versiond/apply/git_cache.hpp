// The cache clone `versiond apply` builds auto-PR branches in: a bare
// repository under the store's state directory whose remote is
// forge.git_remote. Branches are built with libgit2 without a working tree:
// the base commit's tree with the updaters' files replaced, one commit, pushed.
// Every failure is a text (the caller turns it into a Failure); nothing throws
// except Error(io) when the cache cannot be created at all.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "versiond/core/clock.hpp"

namespace versiond::apply {

// The identity versiond commits as; a branch with commits by anyone else is
// never force-pushed.
inline constexpr const char* bot_name = "versiond";
inline constexpr const char* bot_email = "versiond@users.noreply.github.com";

// What a remote branch holds relative to the base it should sit on.
struct BranchState {
  bool exists = false;
  std::string sha;
  std::string parent;  // first parent of the tip, "" when none
  std::string tree;    // tree of the tip
  bool ours = false;   // every commit between the base's history and the tip is versiond's
};

// The token pushes and fetches authenticate with (HTTP Basic, user
// "x-access-token", as GitHub expects of app and personal tokens), and the one
// host it may be sent to.
struct GitAuth {
  std::string token;
  std::string host;  // lower case, e.g. "github.com"
};

class GitCache {
 public:
  GitCache(const std::filesystem::path& dir, const std::string& remote_url, GitAuth auth = {});
  ~GitCache();
  GitCache(const GitCache&) = delete;
  GitCache& operator=(const GitCache&) = delete;

  // Fetches every branch of the remote (pruning deleted ones). "" on success.
  std::string fetch();
  // The commit a remote branch points at (as of the last fetch).
  std::optional<std::string> remote_sha(const std::string& branch);
  BranchState inspect(const std::string& branch, const std::string& base_sha);
  // The tree a commit would have: base_sha's tree with `files` (path, content) replaced.
  std::string tree_with(const std::string& base_sha,
                        const std::vector<std::pair<std::string, std::string>>& files);
  // One commit by versiond on base_sha with `tree`, dated `when`.
  std::string commit(const std::string& base_sha, const std::string& tree,
                     const std::string& message, Clock::time_point when);
  // Pushes sha to refs/heads/branch on the remote ("+" when force). "" on success.
  std::string push(const std::string& branch, const std::string& sha, bool force);
  // Remote branches (as of the last fetch) whose names start with `prefix`.
  std::vector<std::string> remote_branches(const std::string& prefix);
  // Deletes the remote branch. "" on success.
  std::string delete_remote(const std::string& branch);
  // The patch a commit makes against its parent (unified diff, as `git show` prints it).
  std::string patch(const std::string& sha);
  // `git diff --stat`-like summary of the files a commit changes against its parent.
  std::vector<std::string> changed_files(const std::string& sha);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace versiond::apply
