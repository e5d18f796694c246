#include "versiond/apply/apply.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "versiond/apply/plan.hpp"
#include "versiond/apply/pulls.hpp"
#include "versiond/core/fault_point.hpp"
#include "versiond/net/http.hpp"
#include "versiond/scan/markdown.hpp"
#include "versiond/store/intents.hpp"

namespace versiond::apply {
namespace {

// Built at start-up; only an out-of-memory there could throw (cert-err58-cpp).
const std::string failed_title = "versiond run failed";  // NOLINT(cert-err58-cpp)

std::string stamp(Clock& clock) { return net::format_utc(clock.now()); }

std::string ref(long long number) { return "#" + std::to_string(number); }

// One external write: intent first, then the write, then the settlement. In a
// dry run only the record of what would be written.
template <class T, class Write>
std::optional<T> guarded(store::Database& db, Clock& clock, const ApplyOptions& options,
                         ApplyResult& result, const std::string& kind, const std::string& target,
                         forge::WriteRecord record, Write write) {
  if (options.dry_run) {
    result.writes.push_back(std::move(record));
    return std::nullopt;
  }
  const auto id = store::record_intent(db, kind, target, record.summary, stamp(clock));
  core::fault_point("apply.before:" + kind);
  forge::Result<T> r = write();
  core::fault_point("apply.after:" + kind);
  result.writes.push_back(std::move(record));
  if (!r.ok()) {
    store::settle_intent(db, id, store::IntentState::failed, r.failure->describe(), stamp(clock));
    result.failures.push_back(*r.failure);
    return std::nullopt;
  }
  store::settle_intent(db, id, store::IntentState::confirmed, "done", stamp(clock));
  return std::move(r.value);
}

std::optional<forge::Issue> find_titled(const std::vector<forge::Issue>& issues,
                                        const std::string& title) {
  for (const auto& i : issues)
    if (i.title == title) return i;
  return std::nullopt;
}

}  // namespace

std::string plan_title(const std::string& week) { return "Upgrade Plan " + week; }

void reconcile(forge::GithubClient& gh, store::Database& db, const ApplyOptions& options,
               Clock& clock, ApplyResult& result) {
  const auto pending = store::pending_intents(db);
  if (pending.empty()) return;
  std::optional<std::vector<forge::Issue>> plan_issues, failed_issues;
  for (const auto& intent : pending) {
    const bool failed_kind = intent.target == failed_title;
    auto& cache = failed_kind ? failed_issues : plan_issues;
    if (!cache) {
      auto listed = gh.list_issues(failed_kind ? options.failed_label : options.plan_label);
      if (!listed.ok()) {
        result.failures.push_back(*listed.failure);
        return;  // nothing new is written before the pending intents are known
      }
      cache = std::move(*listed.value);
    }
    std::string found = "not found on GitHub: the write did not happen";
    if (auto issue = find_titled(*cache, intent.target)) {
      found =
          "found " + ref(issue->number) + " (" + std::string(forge::to_string(issue->state)) + ")";
    }
    if (intent.kind != "create_issue") found = "the next step compares and writes again if needed";
    const std::string note = "reconciled intent " + std::to_string(intent.id) + " (" + intent.kind +
                             " " + intent.target + "): " + found;
    if (!options.dry_run) {
      store::settle_intent(db, intent.id, store::IntentState::reconciled, found, stamp(clock));
    }
    result.notes.push_back(note);
  }
}

void sync_plan_issue(forge::GithubClient& gh, store::Database& db, const std::string& body,
                     const ApplyOptions& options, Clock& clock, ApplyResult& result) {
  const std::string title = plan_title(options.week);
  auto listed = gh.list_issues(options.plan_label);
  if (!listed.ok()) {
    result.failures.push_back(*listed.failure);
    return;
  }
  const auto& issues = *listed.value;
  auto current = find_titled(issues, title);
  if (!current) {
    auto created = guarded<forge::Issue>(
        db, clock, options, result, "create_issue", title,
        {"POST", "/issues", "create \"" + title + "\" labelled " + options.plan_label},
        [&] { return gh.create_issue(title, body, {options.plan_label}); });
    if (created) {
      current = *created;
      result.notes.push_back("plan issue " + ref(created->number) + " created");
    }
  } else {
    const std::string merged = tick(body, ticked_keys(current->body));
    if (merged == current->body) {
      result.notes.push_back("plan issue " + ref(current->number) + " untouched");
    } else if (current->state == forge::IssueState::closed) {
      result.notes.push_back("plan issue " + ref(current->number) +
                             " was closed by a maintainer: left as it is");
    } else {
      forge::IssueEdit edit;
      edit.body = merged;
      auto edited =
          guarded<forge::Issue>(db, clock, options, result, "edit_issue", title,
                                {"PATCH", "/issues/" + std::to_string(current->number),
                                 "edit the body of " + ref(current->number) + " (" + title + ")"},
                                [&] { return gh.update_issue(current->number, edit); });
      if (edited) result.notes.push_back("plan issue " + ref(current->number) + " edited");
    }
  }
  if (current) result.plan_issue = current->number;
  // Earlier weeks' plans still open: closed with a link to this week's.
  for (const auto& old : issues) {
    if (old.state != forge::IssueState::open || old.title == title ||
        old.title.rfind("Upgrade Plan ", 0) != 0) {
      continue;
    }
    const std::string link = current ? ref(current->number) : title;
    forge::IssueEdit edit;
    edit.state = forge::IssueState::closed;
    edit.state_reason = "completed";
    edit.body = "> Superseded by " + link + " (" + title + ").\n\n" + old.body;
    auto closed = guarded<forge::Issue>(
        db, clock, options, result, "close_issue", old.title,
        {"PATCH", "/issues/" + std::to_string(old.number),
         "close " + ref(old.number) + " (" + old.title + ") superseded by " + link},
        [&] { return gh.update_issue(old.number, edit); });
    if (closed) result.notes.push_back("plan issue " + ref(old.number) + " closed");
  }
}

void report_run(forge::GithubClient& gh, store::Database& db,
                const std::optional<std::string>& failure, const ApplyOptions& options,
                Clock& clock, ApplyResult& result) {
  auto listed = gh.list_issues(options.failed_label, "open");
  if (!listed.ok()) {
    result.failures.push_back(*listed.failure);
    return;
  }
  const auto open = find_titled(*listed.value, failed_title);
  if (failure) {
    const std::string body = "The weekly `versiond apply` run failed.\n\n" +
                             scan::md_fenced(*failure) +
                             "\nThis issue is closed by the next successful run.\n";
    if (!open) {
      guarded<forge::Issue>(db, clock, options, result, "create_issue", failed_title,
                            {"POST", "/issues", "create \"" + failed_title + "\""}, [&] {
                              return gh.create_issue(failed_title, body, {options.failed_label});
                            });
    } else if (open->body != body) {
      forge::IssueEdit edit;
      edit.body = body;
      guarded<forge::Issue>(db, clock, options, result, "edit_issue", failed_title,
                            {"PATCH", "/issues/" + std::to_string(open->number),
                             "edit " + ref(open->number) + " (" + failed_title + ")"},
                            [&] { return gh.update_issue(open->number, edit); });
    }
    return;
  }
  if (open) {
    forge::IssueEdit edit;
    edit.state = forge::IssueState::closed;
    edit.state_reason = "completed";
    edit.body = open->body + "\n\nResolved: the run of " + stamp(clock) + " succeeded.\n";
    guarded<forge::Issue>(db, clock, options, result, "close_issue", failed_title,
                          {"PATCH", "/issues/" + std::to_string(open->number),
                           "close " + ref(open->number) + " (" + failed_title + ")"},
                          [&] { return gh.update_issue(open->number, edit); });
  }
}

// ---- auto-PRs --------------------------------------------------------------

namespace {

const std::string obsolete_marker = "<!-- versiond:obsolete -->";        // NOLINT(cert-err58-cpp)
const std::string foreign_marker = "<!-- versiond:foreign-commits -->";  // NOLINT(cert-err58-cpp)
constexpr std::size_t max_body = 60000;

std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool keep =
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    out += keep ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '-';
  }
  return out.empty() ? "update" : out;
}

std::string major_of(const std::string& version) {
  std::string v = version;
  if (!v.empty() && (v[0] == 'v' || v[0] == 'V')) v.erase(0, 1);
  return v.substr(0, v.find_first_of(".-+"));
}

forge::Done done_or(const std::string& error, FailureKind kind) {
  if (error.empty()) return {std::monostate{}, std::nullopt};
  return forge::Done::fail({kind, error, {}});
}

}  // namespace

std::vector<BranchPlan> plan_branches(const Plan& plan) {
  std::map<std::string, BranchPlan> by_branch;
  for (const auto& i : plan.items) {
    if (i.action != policy::Action::auto_pr || i.blocked_by) continue;
    const std::string branch = i.group.empty()
                                   ? "versiond/" + slug(i.name) + "-" + major_of(i.target) + ".x"
                                   : "versiond/" + slug(i.group);
    auto& b = by_branch[branch];
    b.branch = branch;
    b.items.push_back(i);
    if (b.items.size() == 1) b.title = i.group.empty() ? i.name : i.group;  // finished below
  }
  std::vector<BranchPlan> out;
  for (auto& [name, b] : by_branch) {
    const bool single = b.items.size() == 1 && b.items[0].group.empty();
    b.title = single ? "chore(deps): update " + b.items[0].name + " to " + b.items[0].target
                     : "chore(deps): update " + b.title + " (" + std::to_string(b.items.size()) +
                           (b.items.size() == 1 ? " update)" : " updates)");
    // A branch that removes a known advisory says so in its title.
    if (std::any_of(b.items.begin(), b.items.end(), [](const PlanItem& i) { return i.security; }))
      b.title += " [security]";
    std::string table = "| component | current → target | type | rules |\n|---|---|---|---|\n";
    std::string details;
    std::string message = b.title + "\n\n";
    for (const auto& i : b.items) {
      table += "| " + scan::md_text(i.name) + " | " + scan::md_code(i.current) + " → " +
               scan::md_code(i.target) + " | " + std::string(policy::to_string(i.type)) + " | " +
               scan::md_text([&] {
                 std::string r;
                 for (const auto& x : i.rules) r += (r.empty() ? "" : ", ") + x;
                 return r;
               }()) +
               " |\n";
      std::string reasons;
      for (const auto& x : i.reasons) reasons += (reasons.empty() ? "" : " ") + x;
      const auto notes = scan::md_link_target(i.notes_url);
      details += "- **" + scan::md_text(i.name) + "** " + scan::md_code(i.target) + ": " +
                 (notes ? *notes : std::string("no release notes recorded")) +
                 (reasons.empty() ? "" : " — " + scan::md_text(reasons)) + "\n";
      message += "- " + i.name + " " + i.current + " -> " + i.target + " (" + i.file + ")\n";
    }
    b.body = "Updates versiond's policy marks auto-pr, built on the base branch.\n\n" + table +
             "\n### Release notes and reasons\n\n" + details +
             "\nversiond rebuilds this branch when the base branch moves, unless someone else "
             "pushed to it.\n";
    if (b.body.size() > max_body) {
      b.body = b.body.substr(0, b.body.rfind('\n', max_body - 200)) +
               "\n\n> Truncated: the full list is in the commit message and the plan issue.\n";
    }
    b.message = message;
    out.push_back(std::move(b));
  }
  return out;
}

void sync_pulls(forge::GithubClient& gh, GitCache& cache, store::Database& db,
                const std::vector<BranchPlan>& branches, const FileEditor& edit,
                const std::string& base_branch, const ApplyOptions& options, Clock& clock,
                ApplyResult& result) {
  if (auto err = cache.fetch(); !err.empty()) {
    result.failures.push_back({FailureKind::network, err, {}});
    return;
  }
  const auto base_sha = cache.remote_sha(base_branch);
  if (!base_sha) {
    result.failures.push_back(
        {FailureKind::not_found, "base branch " + base_branch + " is not on the git remote", {}});
    return;
  }
  auto listed = gh.list_pulls("open");
  if (!listed.ok()) {
    result.failures.push_back(*listed.failure);
    return;
  }
  std::map<std::string, forge::PullRequest> open;
  for (auto& p : *listed.value) open[p.head_ref] = std::move(p);
  const std::string base_tree = cache.tree_with(*base_sha, {});

  std::set<std::string> wanted;
  for (const auto& b : branches) {
    const std::string tree = cache.tree_with(*base_sha, edit(b.items));
    if (tree == base_tree) {
      result.notes.push_back(b.branch + ": nothing to change on " + base_branch);
      continue;  // already applied there: not wanted (an open PR is closed below)
    }
    wanted.insert(b.branch);
    const BranchState st = cache.inspect(b.branch, *base_sha);
    auto pr = open.find(b.branch);
    if (st.exists && !st.ours) {
      result.notes.push_back(b.branch + ": has commits by someone else: not pushed");
      if (pr != open.end()) {
        auto comments = gh.list_comments(pr->second.number);
        bool said = false;
        if (comments.ok())
          for (const auto& c : *comments.value)
            if (c.body.find(foreign_marker) != std::string::npos) said = true;
        if (comments.ok() && !said) {
          const std::string text =
              "versiond did not update this branch: it carries commits by someone else, and "
              "versiond never force-pushes over them. Merge or close this PR, or delete the "
              "branch to let versiond rebuild it.\n" +
              foreign_marker;
          guarded<forge::Comment>(
              db, clock, options, result, "comment", b.branch,
              {"POST", "/issues/" + std::to_string(pr->second.number) + "/comments",
               "explain why " + b.branch + " is not rebuilt"},
              [&] { return gh.create_comment(pr->second.number, text); });
        }
      }
    } else if (!st.exists || st.parent != *base_sha || st.tree != tree) {
      const std::string sha = cache.commit(*base_sha, tree, b.message, clock.now());
      const bool force = st.exists;
      if (options.dry_run) result.diffs.emplace_back(b.branch, cache.patch(sha));
      std::string files;
      for (const auto& f : cache.changed_files(sha)) files += (files.empty() ? "" : ", ") + f;
      guarded<std::monostate>(
          db, clock, options, result, "push", b.branch,
          {"PUSH", b.branch,
           std::string(force ? "force-push" : "push") + " " + sha.substr(0, 12) + " on " +
               base_branch + " (" + files + ")"},
          [&] { return done_or(cache.push(b.branch, sha, force), FailureKind::network); });
      result.notes.push_back(b.branch + (force ? ": rebuilt on " : ": built on ") + base_branch);
    }
    if (pr == open.end()) {
      auto created = guarded<forge::PullRequest>(
          db, clock, options, result, "create_pull", b.branch,
          {"POST", "/pulls", "open \"" + b.title + "\" from " + b.branch},
          [&] { return gh.create_pull(b.title, b.branch, base_branch, b.body); });
      if (created) {
        const long long n = created->number;
        guarded<std::monostate>(db, clock, options, result, "label_pull", b.branch,
                                {"POST", "/issues/" + std::to_string(n) + "/labels",
                                 "label #" + std::to_string(n) + " dependencies"},
                                [&] { return gh.add_labels(n, {"dependencies"}); });
      }
    } else {
      const auto& labels = pr->second.labels;
      if (std::find(labels.begin(), labels.end(), "dependencies") == labels.end()) {
        const long long n = pr->second.number;  // a run killed between create and label
        guarded<std::monostate>(db, clock, options, result, "label_pull", b.branch,
                                {"POST", "/issues/" + std::to_string(n) + "/labels",
                                 "label #" + std::to_string(n) + " dependencies"},
                                [&] { return gh.add_labels(n, {"dependencies"}); });
      }
    }
    if (pr != open.end() && (pr->second.title != b.title || pr->second.body != b.body)) {
      forge::PullEdit e;
      e.title = b.title;
      e.body = b.body;
      guarded<forge::PullRequest>(
          db, clock, options, result, "edit_pull", b.branch,
          {"PATCH", "/pulls/" + std::to_string(pr->second.number),
           "refresh the title and body of #" + std::to_string(pr->second.number)},
          [&] { return gh.update_pull(pr->second.number, e); });
    }
  }
  // Obsolete: versiond's PRs whose updates are no longer wanted.
  // (Not a structured binding: the lambdas below capture head and pr, which
  // C++20 allows but clang 14, used for the fuzz build and clang-tidy, does not.)
  for (const auto& entry : open) {
    const std::string& head = entry.first;
    const forge::PullRequest& pr = entry.second;
    if (head.rfind("versiond/", 0) != 0 || wanted.count(head)) continue;
    auto comments = gh.list_comments(pr.number);
    if (!comments.ok()) {
      result.failures.push_back(*comments.failure);
      continue;
    }
    bool said = false;
    for (const auto& c : *comments.value)
      if (c.body.find(obsolete_marker) != std::string::npos) said = true;
    const std::string n = std::to_string(pr.number);
    if (!said) {
      const std::string text =
          "versiond closes this PR: its updates are no longer wanted (already on " + base_branch +
          ", superseded by a newer version, or now ignored by the policy).\n" + obsolete_marker;
      guarded<forge::Comment>(db, clock, options, result, "comment", head,
                              {"POST", "/issues/" + n + "/comments", "say why #" + n + " closes"},
                              [&] { return gh.create_comment(pr.number, text); });
    }
    forge::PullEdit close;
    close.state = forge::IssueState::closed;
    guarded<forge::PullRequest>(db, clock, options, result, "close_pull", head,
                                {"PATCH", "/pulls/" + n, "close #" + n + " (obsolete)"},
                                [&] { return gh.update_pull(pr.number, close); });
    if (cache.remote_sha(head)) {
      guarded<std::monostate>(db, clock, options, result, "delete_branch", head,
                              {"PUSH", head, "delete branch " + head}, [&] {
                                return done_or(cache.delete_remote(head), FailureKind::network);
                              });
    }
    result.notes.push_back("#" + n + " (" + head + ") closed: obsolete");
  }
  // versiond's branches left without an open PR and no longer wanted (a run
  // killed between closing a PR and deleting its branch): deleted when only
  // versiond committed to them.
  for (const auto& branch : cache.remote_branches("versiond/")) {
    if (wanted.count(branch) || open.count(branch)) continue;
    if (!cache.inspect(branch, *base_sha).ours) continue;
    guarded<std::monostate>(db, clock, options, result, "delete_branch", branch,
                            {"PUSH", branch, "delete branch " + branch}, [&] {
                              return done_or(cache.delete_remote(branch), FailureKind::network);
                            });
  }
}

}  // namespace versiond::apply
