// Conformance with each scheme's reference library: the libraries' own
// published test vectors, transcribed as data into
// tests/fixtures/versioning/conformance/ (see SOURCES.md there), run against
// our schemes. Every vector must agree, or be listed below with the reason we
// differ; a listed vector that starts to agree fails too, so the list (and the
// table in docs/VERSIONING.md) stays exact.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "versioning/helpers.hpp"

using nlohmann::json;
using versiond::test::read_fixture;
using versiond::versioning::Scheme;
using versiond::versioning::scheme_for;

namespace {

// Our answer to one vector, as JSON comparable with its "expected".
json answer(const Scheme& s, const json& v) {
  const auto& op = v.at("op").get_ref<const std::string&>();
  const auto& a = v.at("args");
  const auto str = [&](std::size_t i) { return a.at(i).get<std::string>(); };
  try {
    if (op == "valid") return s.valid(str(0));
    if (op == "stable") return s.stable(str(0));
    if (op == "constraint_valid") return s.valid_constraint(str(0));
    if (op == "compare") return s.compare(str(0), str(1));
    if (op == "relation") {
      const int c = s.compare(str(0), str(2));
      const auto rel = str(1);
      return rel == "eq"   ? c == 0
             : rel == "gt" ? c > 0
             : rel == "lt" ? c < 0
             : rel == "ge" ? c >= 0
                           : c <= 0;
    }
    if (op == "satisfies") {
      // An unreadable version never satisfies (our satisfies() throws for it).
      return s.valid(str(1)) && s.satisfies(str(1), str(0));
    }
    if (op == "compatible") {
      return s.latest({str(0)}, std::nullopt, str(1)).has_value();
    }
    if (op == "latest") {
      const auto list = a.at(0).get<std::vector<std::string>>();
      const auto best = s.latest(list, str(1), std::nullopt);
      return best ? json(*best) : json(nullptr);
    }
  } catch (const versiond::Error& e) {
    return std::string("error: ") + e.what();
  }
  FAIL("unknown op " << op);
  return nullptr;
}

std::string key_of(const json& v) {
  return v.at("op").get<std::string>() + " " + v.at("args").dump();
}

struct Expectation {
  std::size_t transcribed;  // vectors in the file
  std::size_t applicable;   // without a library option we do not model
  std::size_t agree;
};

// Disagreements, by file and "op args"; the reason is what docs/VERSIONING.md says.
const std::map<std::string, std::map<std::string, std::string>>& explained() {
  static const std::map<std::string, std::map<std::string, std::string>> table{
#include "versioning/conformance_explained.inc"
  };
  return table;
}

void check_file(const std::string& file, const Expectation& expect) {
  const auto doc = json::parse(read_fixture("versioning/conformance/" + file));
  const auto& vectors = doc.at("vectors");
  const auto& known =
      explained().count(file) ? explained().at(file) : std::map<std::string, std::string>{};
  std::size_t applicable = 0;
  std::size_t agree = 0;
  std::set<std::string> disagreeing;
  for (const auto& v : vectors) {
    if (v.contains("option")) {
      continue;  // tested upstream with loose/includePrerelease, which we do not offer
    }
    ++applicable;
    const auto& s = scheme_for(v.value("scheme", doc.at("scheme").get<std::string>()));
    const auto got = answer(s, v);
    if (got == v.at("expected")) {
      ++agree;
      continue;
    }
    const auto key = key_of(v);
    disagreeing.insert(key);
    CAPTURE(file, v.at("src").get<std::string>(), key, v.at("expected").dump(), got.dump());
    CHECK(known.count(key) == 1);  // every disagreement is explained
  }
  for (const auto& [key, why] : known) {
    CAPTURE(file, key, why);
    CHECK(disagreeing.count(key) == 1);  // and every explanation is still needed
  }
  CHECK(vectors.size() == expect.transcribed);
  CHECK(applicable == expect.applicable);
  CHECK(agree == expect.agree);
}

}  // namespace

TEST_CASE("conformance: hashicorp/go-version's own test vectors", "[conformance][hashicorp]") {
  check_file("go-version-v1.9.0.json", {231, 231, 231});
}

TEST_CASE("conformance: Masterminds/semver v3.4.0's own test vectors", "[conformance][helm]") {
  check_file("masterminds-semver-v3.4.0.json", {518, 518, 511});
}

TEST_CASE("conformance: Masterminds/semver v3.3.1 constraint vectors (we follow 3.4)",
          "[conformance][helm]") {
  check_file("masterminds-semver-v3.3.1-constraints.json", {235, 235, 232});
}

TEST_CASE("conformance: node-semver's own test fixtures", "[conformance][semver]") {
  check_file("node-semver.json", {307, 236, 229});
}

TEST_CASE("conformance: Renovate's docker versioning spec", "[conformance][docker]") {
  check_file("renovate-docker.json", {63, 63, 57});
}

TEST_CASE("conformance: Renovate's loose versioning spec", "[conformance][loose]") {
  check_file("renovate-loose.json", {41, 41, 38});
}
