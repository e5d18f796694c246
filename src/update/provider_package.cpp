#include "versiond/update/provider_package.hpp"

#include <gpgme.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "versiond/core/error.hpp"

namespace fs = std::filesystem;

namespace versiond::update {

namespace {

Failure bad(std::string message, std::string detail = {}) {
  return Failure{FailureKind::bad_response, std::move(message), std::move(detail)};
}

// A private directory removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "versiond-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      throw Error(ErrorKind::io, "cannot create a temporary directory");
    }
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

struct CtxDeleter {
  void operator()(gpgme_ctx_t c) const { gpgme_release(c); }
};
struct DataDeleter {
  void operator()(gpgme_data_t d) const { gpgme_data_release(d); }
};
using Ctx = std::unique_ptr<std::remove_pointer_t<gpgme_ctx_t>, CtxDeleter>;
using Data = std::unique_ptr<std::remove_pointer_t<gpgme_data_t>, DataDeleter>;

Data data_of(std::string_view bytes) {
  gpgme_data_t d = nullptr;
  if (gpgme_data_new_from_mem(&d, bytes.data(), bytes.size(), 1) != 0) {
    throw Error(ErrorKind::internal, "GPGME cannot hold data");
  }
  return Data(d);
}

std::string gpg_text(gpgme_error_t err) { return gpgme_strerror(err); }

// A URL from the metadata, absolute or relative to the registry.
std::string absolute(const std::string& url, const std::string& base) {
  if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) {
    return url;
  }
  return base + (url.empty() || url.front() != '/' ? "/" : "") + url;
}

std::optional<Failure> fetch(net::HttpClient& http, const std::string& url, std::string& body) {
  const net::Response r = http.fetch(net::Request{url, {}, false});
  if (!r.ok()) {
    const auto kind = r.status == 404 ? FailureKind::not_found
                      : r.status == 0 ? FailureKind::network
                                      : FailureKind::server_error;
    return Failure{kind,
                   "cannot download " + url + ": " +
                       (r.status == 0 ? r.error : "HTTP " + std::to_string(r.status)),
                   url};
  }
  body = r.body;
  return std::nullopt;
}

// A result with no hashes and why.
ProviderHashes failed(Failure f) {
  ProviderHashes out;
  out.failure = std::move(f);
  return out;
}

// The h1: of a downloaded package (written under scratch as filename), or why
// it has none (a zip that cannot be read, an unsafe entry name, too large).
struct PackageHash {
  std::string hash;
  Failure error;
  explicit operator bool() const { return !hash.empty(); }
};

PackageHash h1_of_package(const ScratchDir& scratch, const std::string& filename,
                          const std::string& zip, const ZipLimits& limits,
                          const std::string& where) {
  const fs::path zip_path = scratch.path() / filename;
  {
    std::ofstream f(zip_path, std::ios::binary);
    f.write(zip.data(), static_cast<std::streamsize>(zip.size()));
    if (!f) {
      throw Error(ErrorKind::io, zip_path.string() + ": cannot write");
    }
  }
  try {
    return {hash1_of_zip(zip_path, limits), {}};
  } catch (const Error& e) {
    return {{}, bad(e.what(), where)};
  }
}

bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

Platform parse_platform(std::string_view text) {
  const auto us = text.find('_');
  const auto ok = [](std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
      return std::islower(static_cast<unsigned char>(c)) ||
             std::isdigit(static_cast<unsigned char>(c));
    });
  };
  if (us == std::string_view::npos || !ok(text.substr(0, us)) || !ok(text.substr(us + 1))) {
    throw Error(ErrorKind::usage,
                "platform '" + std::string(text) + "': expected OS_ARCH, e.g. linux_amd64");
  }
  return Platform{std::string(text.substr(0, us)), std::string(text.substr(us + 1))};
}

LockHashSource registry_lock_hashes(net::HttpClient& http, LockHashEndpoints endpoints,
                                    LockPlatformSource platforms_for, ZipLimits limits) {
  return [&http, endpoints = std::move(endpoints), platforms_for = std::move(platforms_for),
          limits](const LockHashRequest& request) {
    const std::string& provider = request.provider;
    const std::string& version = request.version;
    const std::vector<Platform> platforms = platforms_for(request);
    ProviderHashes got =
        endpoints.provider_mirror.empty()
            ? fetch_provider_hashes(http, endpoints.registry_base, provider, version, platforms,
                                    limits)
            : fetch_mirror_hashes(http, endpoints.provider_mirror, request.registry_host, provider,
                                  version, platforms, limits);
    if (got.failure) {
      throw Error(ErrorKind::io,
                  provider + " " + version + ": " + got.failure->describe() +
                      (got.failure->detail.empty() ? "" : " (" + got.failure->detail + ")"));
    }
    return std::optional<std::vector<std::string>>(std::move(got.hashes));
  };
}

std::map<std::string, std::string> parse_sha256sums(std::string_view text) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      nl = text.size();
    }
    std::string line(text.substr(pos, nl - pos));
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    const auto space = line.find(' ');
    if (space == std::string::npos) {
      continue;
    }
    std::string hex = line.substr(0, space);
    std::transform(hex.begin(), hex.end(), hex.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::size_t name_at = line.find_first_not_of(' ', space);
    if (name_at != std::string::npos && line[name_at] == '*') {
      ++name_at;
    }
    if (!is_hex64(hex) || name_at == std::string::npos || name_at >= line.size()) {
      continue;
    }
    out[line.substr(name_at)] = hex;
  }
  return out;
}

std::optional<Failure> verify_detached_signature(std::string_view data, std::string_view signature,
                                                 const std::vector<std::string>& armored_keys) {
  static std::once_flag init;
  std::call_once(init, [] {
    gpgme_check_version(nullptr);
    gpgme_set_locale(nullptr, LC_CTYPE, "C");
  });
  if (armored_keys.empty()) {
    return bad("the registry lists no signing key");
  }
  const ScratchDir home;
  fs::permissions(home.path(), fs::perms::owner_all, fs::perm_options::replace);
  gpgme_ctx_t raw = nullptr;
  if (const auto err = gpgme_new(&raw); err != 0) {
    throw Error(ErrorKind::internal, "GPGME: " + gpg_text(err));
  }
  const Ctx ctx(raw);
  if (const auto err = gpgme_ctx_set_engine_info(ctx.get(), GPGME_PROTOCOL_OpenPGP, nullptr,
                                                 home.path().c_str());
      err != 0) {
    throw Error(ErrorKind::internal, "GPGME: " + gpg_text(err));
  }
  gpgme_set_protocol(ctx.get(), GPGME_PROTOCOL_OpenPGP);
  int imported = 0;
  for (const std::string& key : armored_keys) {
    const Data d = data_of(key);
    if (gpgme_op_import(ctx.get(), d.get()) == 0) {
      const gpgme_import_result_t r = gpgme_op_import_result(ctx.get());
      imported += r != nullptr ? r->imported + r->unchanged : 0;
    }
  }
  if (imported == 0) {
    return bad("none of the registry's signing keys could be read");
  }
  const Data sig = data_of(signature);
  const Data text = data_of(data);
  if (const auto err = gpgme_op_verify(ctx.get(), sig.get(), text.get(), nullptr); err != 0) {
    return bad("SHA256SUMS signature cannot be checked: " + gpg_text(err));
  }
  const gpgme_verify_result_t result = gpgme_op_verify_result(ctx.get());
  if (result == nullptr || result->signatures == nullptr) {
    return bad("SHA256SUMS carries no signature");
  }
  for (gpgme_signature_t s = result->signatures; s != nullptr; s = s->next) {
    if (gpg_err_code(s->status) == GPG_ERR_NO_ERROR) {
      return std::nullopt;  // a good signature by a key of this keyring, which holds only
                            // the registry's keys
    }
  }
  return bad("SHA256SUMS signature does not verify: " + gpg_text(result->signatures->status),
             result->signatures->fpr != nullptr ? result->signatures->fpr : "");
}

ProviderHashes fetch_provider_hashes(net::HttpClient& http, const std::string& registry_base,
                                     const std::string& provider, const std::string& version,
                                     const std::vector<Platform>& platforms,
                                     const ZipLimits& limits) {
  if (platforms.empty()) {
    return failed(bad("no platform to hash", provider + " " + version));
  }
  std::set<std::string> hashes;
  std::string verified_sums_url;
  std::map<std::string, std::string> sums;
  const ScratchDir scratch;
  for (const Platform& p : platforms) {
    const std::string meta_url = registry_base + "/v1/providers/" + provider + "/" + version +
                                 "/download/" + p.os + "/" + p.arch;
    std::string body;
    if (auto f = fetch(http, meta_url, body)) {
      return failed(std::move(*f));
    }
    const auto meta = nlohmann::json::parse(body, nullptr, false);
    if (!meta.is_object() || !meta.contains("download_url") || !meta.contains("filename") ||
        !meta.contains("shasum") || !meta.contains("shasums_url") ||
        !meta.contains("shasums_signature_url")) {
      return failed(bad("download metadata lacks a field", meta_url));
    }
    const std::string filename = meta.value("filename", "");
    const std::string shasum = meta.value("shasum", "");
    const std::string sums_url = absolute(meta.value("shasums_url", ""), registry_base);
    if (filename.empty() || filename.find('/') != std::string::npos || !is_hex64(shasum)) {
      return failed(bad("download metadata has a bad filename or shasum", meta_url));
    }
    if (sums_url != verified_sums_url) {
      std::string sums_text;
      std::string signature;
      if (auto f = fetch(http, sums_url, sums_text)) {
        return failed(std::move(*f));
      }
      if (auto f = fetch(http, absolute(meta.value("shasums_signature_url", ""), registry_base),
                         signature)) {
        return failed(std::move(*f));
      }
      std::vector<std::string> keys;
      if (const auto sk = meta.find("signing_keys"); sk != meta.end() && sk->is_object() &&
                                                     sk->contains("gpg_public_keys") &&
                                                     (*sk)["gpg_public_keys"].is_array()) {
        for (const auto& k : (*sk)["gpg_public_keys"]) {
          if (k.is_object() && k.contains("ascii_armor") && k["ascii_armor"].is_string()) {
            keys.push_back(k["ascii_armor"].get<std::string>());
          }
        }
      }
      if (auto f = verify_detached_signature(sums_text, signature, keys)) {
        f->detail = sums_url;
        return failed(std::move(*f));
      }
      sums = parse_sha256sums(sums_text);
      for (const auto& [name, hex] : sums) {
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".zip") == 0) {
          hashes.insert("zh:" + hex);
        }
      }
      verified_sums_url = sums_url;
    }
    const auto listed = sums.find(filename);
    if (listed == sums.end() || listed->second != shasum) {
      return failed(
          bad(filename + " is not listed in SHA256SUMS with the registry's checksum", sums_url));
    }
    std::string zip;
    if (auto f = fetch(http, absolute(meta.value("download_url", ""), registry_base), zip)) {
      return failed(std::move(*f));
    }
    if (sha256_hex(zip) != shasum) {
      return failed(bad(filename + " does not match its SHA256SUMS checksum", meta_url));
    }
    auto h1 = h1_of_package(scratch, filename, zip, limits, meta_url);
    if (!h1) {
      return failed(std::move(h1.error));
    }
    hashes.insert(std::move(h1.hash));
  }
  ProviderHashes out;
  out.hashes.assign(hashes.begin(), hashes.end());
  return out;
}

DetectedPlatforms detect_lock_platforms(net::HttpClient& http, const std::string& registry_base,
                                        const std::string& provider, const std::string& version,
                                        const std::vector<std::string>& hashes,
                                        const ZipLimits& limits) {
  DetectedPlatforms out;
  const std::set<std::string> h1s = [&] {
    std::set<std::string> s;
    for (const auto& h : hashes) {
      if (h.rfind("h1:", 0) == 0) {
        s.insert(h);
      }
    }
    return s;
  }();
  if (h1s.empty()) {
    return out;
  }
  const std::string versions_url = registry_base + "/v1/providers/" + provider + "/versions";
  std::string body;
  if (auto f = fetch(http, versions_url, body)) {
    out.failure = std::move(*f);
    return out;
  }
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains("versions") || !doc["versions"].is_array()) {
    out.failure = bad("provider versions list has no versions array", versions_url);
    return out;
  }
  std::vector<Platform> listed;
  for (const auto& v : doc["versions"]) {
    if (!v.is_object() || v.value("version", "") != version || !v.contains("platforms") ||
        !v["platforms"].is_array()) {
      continue;
    }
    for (const auto& p : v["platforms"]) {
      if (p.is_object() && p.contains("os") && p["os"].is_string() && p.contains("arch") &&
          p["arch"].is_string()) {
        listed.push_back({p["os"].get<std::string>(), p["arch"].get<std::string>()});
      }
    }
  }
  const ScratchDir scratch;
  for (const Platform& p : listed) {
    const std::string meta_url = registry_base + "/v1/providers/" + provider + "/" + version +
                                 "/download/" + p.os + "/" + p.arch;
    std::string meta_text;
    std::string zip;
    if (fetch(http, meta_url, meta_text)) {
      continue;  // a platform that cannot be fetched is not one the lock can be shown to cover
    }
    const auto meta = nlohmann::json::parse(meta_text, nullptr, false);
    if (!meta.is_object() || !meta.contains("download_url") || !meta["download_url"].is_string() ||
        !meta.contains("shasum") || !meta["shasum"].is_string()) {
      continue;
    }
    if (fetch(http, absolute(meta["download_url"].get<std::string>(), registry_base), zip) ||
        sha256_hex(zip) != meta["shasum"].get<std::string>()) {
      continue;
    }
    const auto h1 = h1_of_package(scratch, p.os + "_" + p.arch + ".zip", zip, limits, meta_url);
    if (h1 && h1s.count(h1.hash) != 0) {
      out.platforms.push_back(p);
    }
  }
  return out;
}

ProviderHashes fetch_mirror_hashes(net::HttpClient& http, const std::string& mirror_base,
                                   const std::string& host, const std::string& provider,
                                   const std::string& version,
                                   const std::vector<Platform>& platforms,
                                   const ZipLimits& limits) {
  if (platforms.empty()) {
    return failed(bad("no platform to hash", provider + " " + version));
  }
  std::string base = mirror_base;
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  const std::string dir = base + "/" + host + "/" + provider + "/";
  const std::string listing_url = dir + version + ".json";
  std::string body;
  if (auto f = fetch(http, listing_url, body)) {
    return failed(std::move(*f));
  }
  const auto listing = nlohmann::json::parse(body, nullptr, false);
  if (!listing.is_object() || !listing.contains("archives") || !listing["archives"].is_object()) {
    return failed(bad("mirror listing has no archives object", listing_url));
  }
  const auto& archives = listing["archives"];
  std::set<std::string> hashes;
  const ScratchDir scratch;
  for (const Platform& p : platforms) {
    const std::string key = p.os + "_" + p.arch;
    const auto a = archives.find(key);
    if (a == archives.end()) {
      return failed(Failure{
          FailureKind::not_found,
          "the mirror lists no " + key + " package of " + provider + " " + version, listing_url});
    }
    if (!a->is_object() || !a->contains("url") || !(*a)["url"].is_string()) {
      return failed(bad("mirror archive " + key + " has no url", listing_url));
    }
    const std::string url = (*a)["url"].get<std::string>();
    const std::string zip_url = url.find("://") != std::string::npos
                                    ? url
                                    : dir + (url.rfind('/', 0) == 0 ? url.substr(1) : url);
    std::set<std::string> listed;
    if (const auto h = a->find("hashes"); h != a->end() && h->is_array()) {
      for (const auto& v : *h) {
        if (v.is_string()) {
          listed.insert(v.get<std::string>());
        }
      }
    }
    std::string zip;
    if (auto f = fetch(http, zip_url, zip)) {
      return failed(std::move(*f));
    }
    const std::string filename = "terraform-provider_" + key + ".zip";
    auto h1 = h1_of_package(scratch, filename, zip, limits, zip_url);
    if (!h1) {
      return failed(std::move(h1.error));
    }
    const bool lists_h1 = std::any_of(listed.begin(), listed.end(),
                                      [](const std::string& s) { return s.rfind("h1:", 0) == 0; });
    const bool lists_zh = std::any_of(listed.begin(), listed.end(),
                                      [](const std::string& s) { return s.rfind("zh:", 0) == 0; });
    if ((lists_h1 || lists_zh) && listed.count(h1.hash) == 0 && listed.count(zip_hash(zip)) == 0) {
      return failed(bad("the " + key + " package of " + provider + " " + version +
                            " matches none of the hashes the mirror lists for it",
                        zip_url));
    }
    hashes.insert(std::move(h1.hash));
  }
  ProviderHashes out;
  out.hashes.assign(hashes.begin(), hashes.end());
  return out;
}

}  // namespace versiond::update
