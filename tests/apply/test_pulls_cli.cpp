// Auto-PRs end to end: the versiond binary, the fake GitHub and a real bare
// git repository as forge.git_remote.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/fake_github.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using nlohmann::json;
using versiond::test::FakeGithub;

namespace {

const std::string token = "ghs_fake_token_for_pulls";

std::string git_binary() { return test::program_on_path("git"); }

std::string git(const std::vector<std::string>& args, const std::filesystem::path& cwd = {}) {
  std::vector<std::string> argv = {git_binary(), "-c", "user.name=Maintainer", "-c",
                                   "user.email=maintainer@example.com"};
  if (!cwd.empty()) {
    argv.push_back("-C");
    argv.push_back(cwd.string());
  }
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = test::run_process(argv);
  INFO("git " << args[0] << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

json update(const std::string& target, const std::string& group) {
  return {{"target", target},
          {"update", "minor"},
          {"breaking", false},
          {"tier", "low"},
          {"action", "auto-pr"},
          {"group", group},
          {"labels", json::array()},
          {"rules", {"auto"}},
          {"reasons", {"a minor update."}},
          {"published", "2026-11-01"}};
}

store::Observation observation(const std::string& image, const std::string& file,
                               const std::string& current, const json& updates) {
  store::Observation o;
  o.component_key = file + "|image|" + image;
  o.name = "docker.io/library/" + image;
  o.kind = "compose-image";
  o.file = file;
  o.current = current;
  o.datasource = "docker";
  o.package = o.name;
  o.status = "ok";
  o.updates = updates.dump();
  return o;
}

struct World {
  World() {
    remote = dir.path() / "remote.git";
    repo = dir.path() / "repo";
    git({"init", "-q", "--bare", "-b", "main", remote.string()});
    git({"init", "-q", "-b", "main", repo.string()});
    dir.write("repo/docker-compose.yml",
              "services:\n  web:\n    image: nginx:1.25.0\n  cache:\n    image: redis:7.2.0\n");
    dir.write("repo/Dockerfile", "FROM alpine:3.18.0\n");
    dir.write("repo/versiond.yaml",
              "forge:\n  repository: acme/platform\n  api_url: " + gh.base() +
                  "\n  token_env: FAKE_GH_TOKEN\n  git_remote: " + remote.string() +
                  "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n");
    git({"add", "-A"}, repo);
    git({"commit", "-q", "-m", "init"}, repo);
    git({"push", "-q", remote.string(), "main"}, repo);
    gh.use_bare_repository(remote);
    record("7.4.0", true);
  }
  void record(const std::string& redis_target, bool with_alpine) {
    store::Store s(dir.path() / "state.db");
    store::ScanRecord r;
    r.scan.started_at = "2026-12-02T09:00:00Z";
    r.scan.finished_at = "2026-12-02T09:00:01Z";
    r.scan.repo = repo.string();
    r.scan.outcome = "completed";
    r.observations = {
        observation("nginx", "docker-compose.yml", "1.25.0",
                    json::array({update("1.27.0", "web")})),
        observation("redis", "docker-compose.yml", "7.2.0",
                    json::array({update(redis_target, "web")})),
        observation("alpine", "Dockerfile", "3.18.0",
                    with_alpine ? json::array({update("3.20.0", "")}) : json::array()),
    };
    r.observations[2].kind = "dockerfile-image";
    r.scan.components = 3;
    s.record_scan(r);
  }
  json apply() {
    auto r = test::run_versiond(
        {"apply", "--no-scan", "--repo", repo.string(), "--db", (dir.path() / "state.db").string(),
         "--now", "2026-12-02T10:00:00Z", "--write-interval-ms", "0", "--format", "json"},
        {{"FAKE_GH_TOKEN", token}});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
  }
  static std::vector<std::string> pushes(const json& result) {
    std::vector<std::string> out;
    for (const auto& w : result["writes"])
      if (w["method"] == "PUSH") out.push_back(w["path"].get<std::string>());
    return out;
  }
  std::string show(const std::string& rev) {
    return git({"--git-dir", remote.string(), "show", rev});
  }
  FakeGithub gh{"acme/platform", token};
  test::TempDir dir;
  std::filesystem::path remote, repo;
};

const std::string web = "versiond/web";
const std::string alpine = "versiond/docker.io-library-alpine-3.x";

}  // namespace

TEST_CASE("auto-PRs: the first run opens one PR per group, the second writes nothing",
          "[apply][pulls]") {
  World w;
  const json first = w.apply();
  CHECK(World::pushes(first) == std::vector<std::string>{alpine, web});
  CHECK(w.gh.write_lines() ==
        std::vector<std::string>{"POST /repos/acme/platform/issues",           // the plan
                                 "POST /repos/acme/platform/pulls",            // alpine
                                 "POST /repos/acme/platform/issues/2/labels",  //
                                 "POST /repos/acme/platform/pulls",            // web
                                 "POST /repos/acme/platform/issues/3/labels"});
  const auto pulls = w.gh.pulls();
  REQUIRE(pulls.size() == 2);
  CHECK(pulls[1].title == "chore(deps): update web (2 updates)");
  CHECK(pulls[1].head == web);
  CHECK(pulls[1].base == "main");
  CHECK(pulls[1].labels == std::vector<std::string>{"dependencies"});
  CHECK(pulls[1].body.find("| docker.io/library/redis | `7.2.0` → `7.4.0` | minor | auto |") !=
        std::string::npos);
  CHECK(pulls[0].title == "chore(deps): update docker.io/library/alpine to 3.20.0");
  // The branch is one commit by versiond on main with the updaters' edits.
  const std::string compose = w.show(web + ":docker-compose.yml");
  CHECK(compose.find("image: nginx:1.27.0") != std::string::npos);
  CHECK(compose.find("image: redis:7.4.0") != std::string::npos);
  CHECK(w.show(alpine + ":Dockerfile") == "FROM alpine:3.20.0\n");
  const std::string log = git({"--git-dir", w.remote.string(), "log", "--format=%an %s", web});
  CHECK(log.rfind("versiond chore(deps): update web (2 updates)\nMaintainer init\n", 0) == 0);

  w.gh.clear_requests();
  const json second = w.apply();
  CHECK(second["writes"].empty());
  CHECK(w.gh.write_count() == 0);
}

TEST_CASE("auto-PRs: --dry-run prints each push with its diff and pushes nothing",
          "[apply][pulls]") {
  World w;
  auto r =
      test::run_versiond({"apply", "--no-scan", "--dry-run", "--repo", w.repo.string(), "--db",
                          (w.dir.path() / "state.db").string(), "--now", "2026-12-02T10:00:00Z"},
                         {{"FAKE_GH_TOKEN", token}});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("would PUSH " + web) != std::string::npos);
  CHECK(r.out.find("--- would push " + web + ":\ndiff --git a/docker-compose.yml") !=
        std::string::npos);
  CHECK(r.out.find("-    image: redis:7.2.0\n+    image: redis:7.4.0") != std::string::npos);
  CHECK(w.gh.write_count() == 0);
  auto refs = test::run_process({git_binary(), "--git-dir", w.remote.string(), "branch"});
  CHECK(refs.out == "* main\n");
}

TEST_CASE("auto-PRs: one upstream release changes exactly its PR and the plan", "[apply][pulls]") {
  World w;
  w.apply();
  const std::string alpine_sha = git({"--git-dir", w.remote.string(), "rev-parse", alpine});
  w.gh.clear_requests();
  w.record("7.4.1", true);
  const json r = w.apply();
  CHECK(World::pushes(r) == std::vector<std::string>{web});
  CHECK(w.gh.write_lines() == std::vector<std::string>{"PATCH /repos/acme/platform/issues/1",
                                                       "PATCH /repos/acme/platform/pulls/3"});
  CHECK(w.show(web + ":docker-compose.yml").find("redis:7.4.1") != std::string::npos);
  CHECK(git({"--git-dir", w.remote.string(), "rev-parse", alpine}) == alpine_sha);
  CHECK(w.gh.pulls().size() == 2);
}

TEST_CASE("auto-PRs: a moved base rebuilds versiond's branches, never one with foreign commits",
          "[apply][pulls]") {
  World w;
  w.apply();
  // Someone pushes a fix onto the alpine branch, and main moves on.
  const auto clone = w.dir.path() / "clone";
  git({"clone", "-q", w.remote.string(), clone.string()});
  git({"checkout", "-q", alpine}, clone);
  w.dir.write("clone/NOTES.md", "tested by hand\n");
  git({"add", "-A"}, clone);
  git({"commit", "-q", "-m", "a maintainer's fix"}, clone);
  git({"push", "-q", "origin", alpine}, clone);
  git({"checkout", "-q", "main"}, clone);
  w.dir.write("clone/README.md", "main moved\n");
  git({"add", "-A"}, clone);
  git({"commit", "-q", "-m", "main moves"}, clone);
  git({"push", "-q", "origin", "main"}, clone);
  const std::string main_sha = git({"--git-dir", w.remote.string(), "rev-parse", "main"});
  const std::string alpine_sha = git({"--git-dir", w.remote.string(), "rev-parse", alpine});

  w.gh.clear_requests();
  const json r = w.apply();
  CHECK(World::pushes(r) == std::vector<std::string>{web});
  CHECK(git({"--git-dir", w.remote.string(), "rev-parse", web + "^"}) == main_sha);
  CHECK(git({"--git-dir", w.remote.string(), "rev-parse", alpine}) == alpine_sha);
  CHECK(w.gh.write_lines() ==
        std::vector<std::string>{"POST /repos/acme/platform/issues/2/comments"});
  const auto comments = w.gh.comments(2);
  REQUIRE(comments.size() == 1);
  CHECK(comments[0].body.find("never force-pushes") != std::string::npos);
  // Said once.
  w.gh.clear_requests();
  w.apply();
  CHECK(w.gh.write_count() == 0);
}

TEST_CASE("auto-PRs: a PR whose update is no longer wanted is closed and its branch deleted",
          "[apply][pulls]") {
  World w;
  w.apply();
  w.gh.clear_requests();
  w.record("7.4.0", false);  // alpine's update is gone (applied elsewhere, or now ignored)
  const json r = w.apply();
  CHECK(w.gh.write_lines() ==
        std::vector<std::string>{"PATCH /repos/acme/platform/issues/1",
                                 "POST /repos/acme/platform/issues/2/comments",
                                 "PATCH /repos/acme/platform/pulls/2"});
  CHECK(World::pushes(r) == std::vector<std::string>{alpine});  // the deletion
  CHECK(w.gh.issue(2)->state == "closed");
  CHECK(w.gh.comments(2).size() == 1);
  auto gone = test::run_process(
      {git_binary(), "--git-dir", w.remote.string(), "rev-parse", "--verify", "-q", alpine});
  CHECK(gone.exit_code != 0);
  w.gh.clear_requests();
  CHECK(w.apply()["writes"].empty());
}

#ifdef VERSIOND_FAULT_POINTS  // the crash points exist only in test builds
TEST_CASE(
    "auto-PRs: kill -9 before and after each write kind, then a re-run, leaves each PR, "
    "label, comment and branch once",
    "[apply][pulls][crash]") {
  enum class Stage { cold, release, obsolete };
  struct Case {
    std::string fault;
    Stage stage;
  };
  const std::vector<Case> cases = {
      {"before:push", Stage::cold},
      {"after:push", Stage::cold},
      {"before:create_pull", Stage::cold},
      {"after:create_pull", Stage::cold},
      {"before:label_pull", Stage::cold},
      {"after:label_pull", Stage::cold},
      {"before:edit_pull", Stage::release},
      {"after:edit_pull", Stage::release},
      {"before:comment", Stage::obsolete},
      {"after:comment", Stage::obsolete},
      {"before:close_pull", Stage::obsolete},
      {"after:close_pull", Stage::obsolete},
      {"before:delete_branch", Stage::obsolete},
      {"after:delete_branch", Stage::obsolete},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.fault) {
      World w;
      if (c.stage != Stage::cold) w.apply();
      if (c.stage == Stage::release) w.record("7.4.1", true);
      if (c.stage == Stage::obsolete) w.record("7.4.0", false);
      const std::vector<std::string> args = {"apply",
                                             "--no-scan",
                                             "--repo",
                                             w.repo.string(),
                                             "--db",
                                             (w.dir.path() / "state.db").string(),
                                             "--now",
                                             "2026-12-02T10:00:00Z",
                                             "--write-interval-ms",
                                             "0"};
      auto killed = test::run_versiond(
          args, {{"FAKE_GH_TOKEN", token}, {"VERSIOND_FAULT_POINT", "apply." + c.fault}});
      CHECK(killed.exit_code == 128 + 9);
      w.apply();  // the re-run
      const auto pulls = w.gh.pulls();
      REQUIRE(pulls.size() == 2);
      for (const auto& p : pulls) {
        INFO(p.head);
        CHECK(p.labels == std::vector<std::string>{"dependencies"});
      }
      const bool alpine_closed = c.stage == Stage::obsolete;
      CHECK(pulls[0].state == (alpine_closed ? "closed" : "open"));
      CHECK(w.gh.comments(pulls[0].number).size() == (alpine_closed ? 1u : 0u));
      auto alpine_ref = test::run_process(
          {git_binary(), "--git-dir", w.remote.string(), "rev-parse", "--verify", "-q", alpine});
      CHECK((alpine_ref.exit_code == 0) == !alpine_closed);
      if (c.stage == Stage::release) {
        CHECK(pulls[1].body.find("7.4.1") != std::string::npos);
      }
      CHECK(w.gh.issues().size() == 1);  // the plan
      w.gh.clear_requests();
      CHECK(w.apply()["writes"].empty());
      CHECK(w.gh.write_count() == 0);
    }
  }
}
#endif
