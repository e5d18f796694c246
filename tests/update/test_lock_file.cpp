#include <catch2/catch.hpp>
#include <string>

#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/update/lock_file.hpp"

using versiond::update::find_lock_entry;
using versiond::update::lock_address_matches;
using versiond::update::LockEntryUpdate;
using versiond::update::update_lock_file;

namespace {

std::string lockfile(const std::string& name) {
  return versiond::test::read_fixture("update/lockfiles/" + name + ".terraform.lock.hcl");
}

// The lines of text, each with its line ending.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const auto end = nl == std::string::npos ? text.size() : nl + 1;
    out.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

const std::string k_zh1 = "zh:1111111111111111111111111111111111111111111111111111111111111111";
const std::string k_zh2 = "zh:2222222222222222222222222222222222222222222222222222222222222222";
const std::string k_h1 = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

}  // namespace

TEST_CASE("lock addresses match by full address or namespace/type, ignoring case",
          "[update][lock]") {
  CHECK(lock_address_matches("registry.example.invalid/hashicorp/aws", "hashicorp/aws"));
  CHECK(lock_address_matches("registry.example.invalid/hashicorp/aws",
                             "registry.example.invalid/hashicorp/aws"));
  CHECK(lock_address_matches("registry.example.invalid/mongey/confluentcloud",
                             "Mongey/ConfluentCloud"));
  CHECK_FALSE(lock_address_matches("registry.example.invalid/hashicorp/aws", "hashicorp/aws2"));
  CHECK_FALSE(lock_address_matches("registry.example.invalid/hashicorp/aws", "corp/aws"));
  CHECK_FALSE(lock_address_matches("mirror.example.invalid/hashicorp/aws",
                                   "registry.example.invalid/hashicorp/aws"));
}

TEST_CASE("a real lock file's provider block reads back", "[update][lock]") {
  const auto entry = find_lock_entry(lockfile("opsteady-vault-config"), "hashicorp/aws");
  REQUIRE(entry);
  CHECK(entry->address == "registry.terraform.io/hashicorp/aws");
  CHECK(entry->version == "4.48.0");
  CHECK(entry->constraints == std::optional<std::string>("~> 4.48.0"));
  CHECK(entry->hashes.size() == 14);
  CHECK(entry->hashes.front() == "h1:4L188ji8SvUQ+MAysyj7fN4U1618QbIhWF4haTTUGRo=");
  CHECK(entry->line == 4);
  CHECK_FALSE(find_lock_entry(lockfile("opsteady-vault-config"), "hashicorp/google"));
}

TEST_CASE("updating one provider block changes only its version, constraints and hashes",
          "[update][lock]") {
  const std::string before = lockfile("opsteady-vault-config");
  const auto old = find_lock_entry(before, "hashicorp/azuread");
  REQUIRE(old);
  LockEntryUpdate u{"hashicorp/azuread", "2.32.0", "~> 2.32.0", {k_zh2, k_h1, k_zh1, k_zh2}};
  const std::string after = update_lock_file(before, u);

  const auto entry = find_lock_entry(after, "hashicorp/azuread");
  REQUIRE(entry);
  CHECK(entry->version == "2.32.0");
  CHECK(entry->constraints == std::optional<std::string>("~> 2.32.0"));
  // Sorted and deduplicated, as terraform writes them.
  CHECK(entry->hashes == std::vector<std::string>{k_h1, k_zh1, k_zh2});

  // Everything before and after the block is byte-identical.
  const auto b = lines_of(before);
  const auto a = lines_of(after);
  const std::size_t open = static_cast<std::size_t>(old->line - 1);
  for (std::size_t i = 0; i <= open; ++i) {
    CHECK(a[i] == b[i]);
  }
  CHECK(a[open + 1] == "  version     = \"2.32.0\"\n");
  CHECK(a[open + 2] == "  constraints = \"~> 2.32.0\"\n");
  CHECK(a[open + 3] == "  hashes = [\n");
  CHECK(a[open + 4] == "    \"" + k_h1 + "\",\n");
  CHECK(a[open + 7] == "  ]\n");
  const std::size_t old_close = open + 4 + old->hashes.size() + 1;  // `}` of the old block
  REQUIRE(b[old_close] == "}\n");
  const std::size_t new_close = open + 8;
  CHECK(a[new_close] == "}\n");
  REQUIRE(a.size() - new_close == b.size() - old_close);
  for (std::size_t k = 0; new_close + k < a.size(); ++k) {
    CHECK(a[new_close + k] == b[old_close + k]);
  }
  // The other providers are untouched.
  CHECK(find_lock_entry(after, "hashicorp/aws")->hashes ==
        find_lock_entry(before, "hashicorp/aws")->hashes);
}

TEST_CASE("a lock update keeps constraints when not given and hashes when none are given",
          "[update][lock]") {
  const std::string before = lockfile("opsteady-vault-config");
  const std::string after =
      update_lock_file(before, LockEntryUpdate{"hashicorp/aws", "4.48.1", std::nullopt, {}});
  const auto entry = find_lock_entry(after, "hashicorp/aws");
  CHECK(entry->version == "4.48.1");
  CHECK(entry->constraints == std::optional<std::string>("~> 4.48.0"));
  CHECK(entry->hashes == find_lock_entry(before, "hashicorp/aws")->hashes);
  // Only the version line differs.
  const auto a = lines_of(after);
  const auto b = lines_of(before);
  REQUIRE(a.size() == b.size());
  int differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    differing += a[i] != b[i] ? 1 : 0;
  }
  CHECK(differing == 1);
}

TEST_CASE("a lock update on another hostname and a leading blank line", "[update][lock]") {
  const std::string before = lockfile("edge-opentofu-hostname-leading-blank-line");
  REQUIRE(before.front() == '\n');
  const std::string after =
      update_lock_file(before, LockEntryUpdate{"registry.opentofu.org/hashicorp/azurerm",
                                               "2.64.0",
                                               ">= 2.48.0, < 2.65.0",
                                               {k_h1, k_zh1}});
  CHECK(after.front() == '\n');
  const auto entry = find_lock_entry(after, "hashicorp/azurerm");
  CHECK(entry->version == "2.64.0");
  CHECK(entry->hashes.size() == 2);
  CHECK(after.substr(0, after.find("provider")) == before.substr(0, before.find("provider")));
}

TEST_CASE("a lock update matches a mixed-case provider name", "[update][lock]") {
  const std::string after =
      update_lock_file(lockfile("dependabot-mixed-case-namespace"),
                       LockEntryUpdate{"Mongey/ConfluentCloud", "0.0.7", "0.0.7", {k_h1}});
  const auto entry = find_lock_entry(after, "mongey/confluentcloud");
  CHECK(entry->address == "registry.terraform.io/mongey/confluentcloud");
  CHECK(entry->version == "0.0.7");
  CHECK(entry->constraints == std::optional<std::string>("0.0.7"));
}

TEST_CASE("a lock update keeps CRLF line endings", "[update][lock]") {
  std::string crlf;
  for (const char c : lockfile("taito-digitalocean-h1-only")) {
    if (c == '\n') {
      crlf += '\r';
    }
    crlf += c;
  }
  const std::string after = update_lock_file(
      crlf, LockEntryUpdate{"hashicorp/external", "2.2.0", ">= 2.1.0", {k_h1, k_zh1}});
  CHECK(after.find("  version     = \"2.2.0\"\r\n") != std::string::npos);
  CHECK(after.find("    \"" + k_zh1 + "\",\r\n  ]\r\n") != std::string::npos);
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (after[i] == '\n') {
      REQUIRE(i > 0);
      CHECK(after[i - 1] == '\r');
    }
  }
}

TEST_CASE("a lock update adds a constraints line where the block had none", "[update][lock]") {
  const std::string before = lockfile("opsteady-vault-config");
  const auto null = find_lock_entry(before, "hashicorp/null");
  REQUIRE(null);
  REQUIRE_FALSE(null->constraints);
  REQUIRE(before.find("  version = \"3.1.1\"\n") != std::string::npos);
  const std::string after =
      update_lock_file(before, LockEntryUpdate{"hashicorp/null", "3.2.0", "~> 3.2", {}});
  const auto entry = find_lock_entry(after, "hashicorp/null");
  CHECK(entry->version == "3.2.0");
  CHECK(entry->constraints == std::optional<std::string>("~> 3.2"));
  // Aligned the way terraform writes a block with both lines.
  CHECK(after.find("  version     = \"3.2.0\"\n  constraints = \"~> 3.2\"\n") != std::string::npos);
}

TEST_CASE("a lock update for a provider the file does not hold is an input error",
          "[update][lock]") {
  CHECK_THROWS_WITH(update_lock_file(lockfile("opsteady-vault-config"),
                                     LockEntryUpdate{"hashicorp/google", "5.0.0", {}, {}}),
                    Catch::Contains("hashicorp/google"));
}
