// Auto-PRs: one branch per group (`versiond/<group>`) or per component
// (`versiond/<name>-<major>.x`) for the plan's auto-pr updates, built in the
// cache clone from the current base branch, pushed to forge.git_remote, with
// one pull request each.
//
// - A branch is pushed only when it is missing, or versiond's own and its
//   content or base moved (then rebuilt on the new base and force-pushed). A
//   branch carrying anyone else's commits is never force-pushed; its PR gets
//   one comment saying why.
// - A PR is created when missing (then labelled), its title/body edited when
//   they changed, untouched otherwise.
// - An open `versiond/*` PR whose updates are no longer wanted is closed with
//   one comment saying why, and its branch deleted.
// Every push and GitHub write goes through the same intents as the plan issue.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "versiond/apply/apply.hpp"
#include "versiond/apply/git_cache.hpp"
#include "versiond/apply/plan.hpp"

namespace versiond::apply {

using Files = std::vector<std::pair<std::string, std::string>>;  // path, new content

struct BranchPlan {
  std::string branch;   // "versiond/ingress"
  std::string title;    // PR title, also the commit's first line
  std::string body;     // PR body (under 65,536 characters)
  std::string message;  // commit message
  std::vector<PlanItem> items;
};

// The branches of the plan's auto-pr updates, grouped.
std::vector<BranchPlan> plan_branches(const Plan& plan);

// The files an update set changes, as the updaters write them (in the CLI:
// update::plan_update on the repository checkout).
using FileEditor = std::function<Files(const std::vector<PlanItem>& items)>;

void sync_pulls(forge::GithubClient& gh, GitCache& cache, store::Database& db,
                const std::vector<BranchPlan>& branches, const FileEditor& edit,
                const std::string& base_branch, const ApplyOptions& options, Clock& clock,
                ApplyResult& result);

}  // namespace versiond::apply
