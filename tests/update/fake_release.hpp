// A provider release signed with a throwaway OpenPGP key and served the way a
// Terraform registry serves it, for tests of lock-file hashes.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/fake_upstream.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "update/zip_builder.hpp"
#include "versiond/update/hashes.hpp"

namespace versiond::test::release {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A program on PATH (run_process does not search it).
inline std::string on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin");
  for (std::string d; std::getline(dirs, d, ':');) {
    if (fs::exists(fs::path(d) / name)) {
      return (fs::path(d) / name).string();
    }
  }
  FAIL("no " << name << " on PATH (Debian package gnupg)");
  return name;
}

// A throwaway OpenPGP signing key in its own home directory.
class TestSigner {
 public:
  TestSigner() {
    fs::permissions(home_.path(), fs::perms::owner_all, fs::perm_options::replace);
    const auto r =
        gpg({"--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key",
             "versiond test registry <registry@example.invalid>", "ed25519", "sign", "never"});
    REQUIRE(r.exit_code == 0);
    const auto exported = gpg({"--armor", "--export"});
    REQUIRE(exported.exit_code == 0);
    public_key_ = exported.out;
  }
  ~TestSigner() {
    // Stop the agent that key generation started for this home directory only.
    run_process({on_path("gpgconf"), "--homedir", home_.path().string(), "--kill", "all"});
  }
  TestSigner(const TestSigner&) = delete;
  TestSigner& operator=(const TestSigner&) = delete;

  const std::string& public_key() const { return public_key_; }

  // A binary detached signature of data.
  std::string sign(const std::string& data) const {
    const fs::path in = home_.write("to-sign", data);
    const fs::path out = home_.path() / "to-sign.sig";
    fs::remove(out);
    REQUIRE(gpg({"--pinentry-mode", "loopback", "--passphrase", "", "--detach-sign", "-o",
                 out.string(), in.string()})
                .exit_code == 0);
    return slurp(out);
  }

 private:
  versiond::test::ProcessResult gpg(std::vector<std::string> args) const {
    std::vector<std::string> argv = {on_path("gpg"), "--homedir", home_.path().string(), "--batch",
                                     "--quiet"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }

  TempDir home_;
  std::string public_key_;
};

inline const TestSigner& signer() {
  static const TestSigner s;
  return s;
}

struct Release {
  std::map<std::string, std::string> zips;  // file name → bytes
  std::string sums;
};

inline Release make_release(const TempDir& dir) {
  Release r;
  for (const char* platform : {"linux_amd64", "darwin_arm64"}) {
    const std::string name = std::string("terraform-provider-fake_1.2.0_") + platform + ".zip";
    versiond::test::make_zip(
        dir.path() / name, {{"terraform-provider-fake_v1.2.0", std::string("ELF\0", 4) + platform},
                            {"LICENSE", "MPL\n"}});
    r.zips[name] = slurp(dir.path() / name);
  }
  // A platform the lock also records by zh: without it being downloaded.
  r.sums = versiond::update::sha256_hex("windows zip") +
           "  terraform-provider-fake_1.2.0_windows_amd64.zip\n";
  for (const auto& [name, bytes] : r.zips) {
    r.sums += versiond::update::sha256_hex(bytes) + "  " + name + "\n";
  }
  r.sums += versiond::update::sha256_hex("{}") + "  terraform-provider-fake_1.2.0_manifest.json\n";
  return r;
}

// Serves the release's download metadata, zips, SHA256SUMS and signature, and
// the provider's versions list: 1.2.0 with its platforms, then older_versions
// (registry "versions" items) as a test gives them.
inline void serve(FakeUpstream& up, const Release& r, const std::string& sums_body,
                  const std::string& signature, const std::string& key,
                  const nlohmann::json& older_versions = nlohmann::json::array()) {
  nlohmann::json platforms = nlohmann::json::array();
  for (const auto& [name, bytes] : r.zips) {
    const std::string platform =
        name.substr(name.find("1.2.0_") + 6, name.size() - 4 - name.find("1.2.0_") - 6);
    const auto us = platform.find('_');
    nlohmann::json meta = {
        {"protocols", {"5.0"}},
        {"os", platform.substr(0, us)},
        {"arch", platform.substr(us + 1)},
        {"filename", name},
        {"download_url", up.base() + "/files/" + name},
        {"shasums_url", up.base() + "/files/SHA256SUMS"},
        {"shasums_signature_url", "/files/SHA256SUMS.sig"},  // relative: resolved on the registry
        {"shasum", versiond::update::sha256_hex(bytes)},
        {"signing_keys", {{"gpg_public_keys", {{{"key_id", "TEST"}, {"ascii_armor", key}}}}}}};
    up.add("/v1/providers/acme/fake/1.2.0/download/" + platform.substr(0, us) + "/" +
               platform.substr(us + 1),
           Reply{200, {}, meta.dump(), "application/json"});
    up.add("/files/" + name, Reply{200, {}, bytes, "application/zip"});
    platforms.push_back({{"os", platform.substr(0, us)}, {"arch", platform.substr(us + 1)}});
  }
  nlohmann::json versions = nlohmann::json::array();
  versions.push_back({{"version", "1.2.0"}, {"protocols", {"5.0"}}, {"platforms", platforms}});
  for (const auto& v : older_versions) {
    versions.push_back(v);
  }
  up.add("/v1/providers/acme/fake/versions",
         Reply{200, {}, nlohmann::json{{"versions", versions}}.dump(), "application/json"});
  up.add("/files/SHA256SUMS", Reply{200, {}, sums_body, "text/plain"});
  up.add("/files/SHA256SUMS.sig", Reply{200, {}, signature, "application/octet-stream"});
}

}  // namespace versiond::test::release
