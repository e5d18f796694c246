// GitHub Actions: `uses:` in workflows and composite actions.
#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "versiond/extract/extractors.hpp"

using versiond::extract::extract_github_actions;

TEST_CASE("workflow: the real Rocket.Chat image build's actions", "[extract][actions]") {
  const auto cs = extract_github_actions(
      versiond::test::read_fixture("extract/github/rocketchat-build-test.yml"),
      ".github/workflows/build-test.yml");
  REQUIRE(cs.size() == 7);
  std::vector<std::string> seen;
  for (const auto& c : cs)
    seen.push_back(c.package + "@" + c.current + ":" + std::to_string(c.origin.line));
  CHECK(seen ==
        std::vector<std::string>{"actions/checkout@v4:25", "tj-actions/changed-files@v45:29",
                                 "actions/github-script@v7:35", "actions/github-script@v7:62",
                                 "actions/checkout@v4:71", "docker/build-push-action@v6:74",
                                 "cygnetdigital/wait_for_response@v2.0.0:88"});
  for (const auto& c : cs) {
    CHECK(c.kind == versiond::PinKind::github_action);
    CHECK(c.datasource == versiond::Datasource::github_tags);
    CHECK(c.scheme ==
          versiond::versioning::SchemeId::docker);  // v4 is compared with v5, v2.0.0 with v2.1.0
    CHECK(!c.skipped());
  }
}

TEST_CASE("workflow: reusable workflows, sub-actions, shas, docker and local actions",
          "[extract][actions]") {
  const auto cs = extract_github_actions(R"(on: push
jobs:
  call:
    uses: org/shared/.github/workflows/deploy.yml@v1.4.0
  steps-job:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/cache/restore@v4
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - uses: docker://ghcr.io/org/tool:2.3.1
      - uses: ./.github/actions/local
      - run: echo no uses here
      - uses: octo-org/action
      - uses: org/repo@${{ inputs.ref }}
)",
                                         ".github/workflows/ci.yml");
  REQUIRE(cs.size() == 6);
  CHECK(cs[0].name == "org/shared/.github/workflows/deploy.yml");
  CHECK(cs[0].package == "org/shared");
  CHECK(cs[0].current == "v1.4.0");
  CHECK(cs[0].origin.line == 4);
  CHECK(cs[1].name == "actions/cache/restore");
  CHECK(cs[1].package == "actions/cache");
  CHECK(cs[2].skip_text() == "commit sha");
  CHECK(cs[2].digest == "11bd71901bbe5b1630ceea73d27597364c9af683");
  CHECK(cs[3].kind == versiond::PinKind::github_action_image);
  CHECK(cs[3].package == "ghcr.io/org/tool");
  CHECK(cs[3].current == "2.3.1");
  CHECK(cs[4].package == "octo-org/action");
  CHECK(cs[4].skip_text() == "no ref");
  CHECK(cs[5].skip_text() == "templated");
}

TEST_CASE("composite action: runs.steps", "[extract][actions]") {
  const auto cs = extract_github_actions(R"(name: setup
runs:
  using: composite
  steps:
    - uses: actions/setup-go@v5
    - shell: bash
      run: go version
)",
                                         "action.yml");
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].package == "actions/setup-go");
  CHECK(cs[0].current == "v5");
  CHECK(cs[0].origin.line == 5);
  CHECK(extract_github_actions("name: x\nruns:\n  using: node20\n  main: index.js\n", "action.yml")
            .empty());
}
