#include "versiond/update/provider_package.hpp"

#include <gpgme.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
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

// Why a download of url failed (r is not ok).
Failure download_failure(const net::Response& r, const std::string& url) {
  const auto kind = r.status == 404                                 ? FailureKind::not_found
                    : r.transport == net::TransportError::too_large ? FailureKind::bad_response
                    : r.status == 0                                 ? FailureKind::network
                                                                    : FailureKind::server_error;
  return Failure{kind,
                 "cannot download " + url + ": " +
                     (r.status == 0 ? r.error : "HTTP " + std::to_string(r.status)),
                 url};
}

std::optional<Failure> fetch(net::HttpClient& http, const std::string& url, std::string& body) {
  const net::Response r = http.fetch(net::Request{url, {}, false});
  if (!r.ok()) {
    return download_failure(r, url);
  }
  body = r.body;
  return std::nullopt;
}

// A provider package, streamed into `to` under the client's download cap
// (http.max_download_mb): packages are too large to hold in memory.
std::optional<Failure> fetch_to_file(net::HttpClient& http, const std::string& url,
                                     const fs::path& to) {
  const net::Response r =
      http.download(net::Request{url, {}, false}, to, http.options().max_download_bytes);
  if (!r.ok()) {
    return download_failure(r, url);
  }
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

PackageHash h1_of_package(const fs::path& zip, const ZipLimits& limits, const std::string& where) {
  try {
    return {hash1_of_zip(zip, limits), {}};
  } catch (const Error& e) {
    return {{}, bad(e.what(), where)};
  }
}

// A downloaded package in the scratch folder, removed when done with (a
// platform listed twice downloads again into the same name).
class ScratchFile {
 public:
  ScratchFile(const ScratchDir& dir, const std::string& name) : path_(dir.path() / name) {}
  ~ScratchFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

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
    const ScratchFile zip(scratch, filename);
    if (auto f = fetch_to_file(http, absolute(meta.value("download_url", ""), registry_base),
                               zip.path())) {
      return failed(std::move(*f));
    }
    if (sha256_file_hex(zip.path()) != shasum) {
      return failed(bad(filename + " does not match its SHA256SUMS checksum", meta_url));
    }
    auto h1 = h1_of_package(zip.path(), limits, meta_url);
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
    if (fetch(http, meta_url, meta_text)) {
      continue;  // a platform that cannot be fetched is not one the lock can be shown to cover
    }
    const auto meta = nlohmann::json::parse(meta_text, nullptr, false);
    if (!meta.is_object() || !meta.contains("download_url") || !meta["download_url"].is_string() ||
        !meta.contains("shasum") || !meta["shasum"].is_string()) {
      continue;
    }
    const ScratchFile zip(scratch, p.os + "_" + p.arch + ".zip");
    if (fetch_to_file(http, absolute(meta["download_url"].get<std::string>(), registry_base),
                      zip.path()) ||
        sha256_file_hex(zip.path()) != meta["shasum"].get<std::string>()) {
      continue;
    }
    const auto h1 = h1_of_package(zip.path(), limits, meta_url);
    if (h1 && h1s.count(h1.hash) != 0) {
      out.platforms.push_back(p);
    }
  }
  return out;
}

namespace {

// A network mirror's listing of one provider version:
// <mirror>/<host>/<namespace>/<type>/<version>.json.
// NOLINTNEXTLINE(bugprone-exception-escape): clang-tidy 14 on nlohmann::json members
struct MirrorListing {
  std::string dir;  // the listing's folder, ending in '/': relative archive URLs start here
  std::string url;
  nlohmann::json archives;  // "os_arch" → {url, hashes}
  std::optional<Failure> failure;
};

MirrorListing read_mirror_listing(net::HttpClient& http, const std::string& mirror_base,
                                  const std::string& host, const std::string& provider,
                                  const std::string& version) {
  MirrorListing out;
  std::string base = mirror_base;
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  out.dir = base + "/" + host + "/" + provider + "/";
  out.url = out.dir + version + ".json";
  std::string body;
  if (auto f = fetch(http, out.url, body)) {
    out.failure = std::move(*f);
    return out;
  }
  const auto listing = nlohmann::json::parse(body, nullptr, false);
  if (!listing.is_object() || !listing.contains("archives") || !listing["archives"].is_object()) {
    out.failure = bad("mirror listing has no archives object", out.url);
    return out;
  }
  out.archives = listing["archives"];
  return out;
}

// An archive's URL, absolute or relative to the listing's folder; "" when it has none.
std::string archive_url(const MirrorListing& listing, const nlohmann::json& archive) {
  if (!archive.is_object() || !archive.contains("url") || !archive["url"].is_string()) {
    return {};
  }
  const std::string url = archive["url"].get<std::string>();
  return url.find("://") != std::string::npos
             ? url
             : listing.dir + (url.rfind('/', 0) == 0 ? url.substr(1) : url);
}

// The h1:/zh: values a mirror lists for an archive.
std::set<std::string> listed_hashes(const nlohmann::json& archive) {
  std::set<std::string> listed;
  if (const auto h = archive.find("hashes"); h != archive.end() && h->is_array()) {
    for (const auto& v : *h) {
      if (v.is_string()) {
        listed.insert(v.get<std::string>());
      }
    }
  }
  return listed;
}

}  // namespace

ProviderHashes fetch_mirror_hashes(net::HttpClient& http, const std::string& mirror_base,
                                   const std::string& host, const std::string& provider,
                                   const std::string& version,
                                   const std::vector<Platform>& platforms,
                                   const ZipLimits& limits) {
  if (platforms.empty()) {
    return failed(bad("no platform to hash", provider + " " + version));
  }
  const MirrorListing listing = read_mirror_listing(http, mirror_base, host, provider, version);
  if (listing.failure) {
    return failed(*listing.failure);
  }
  const std::string& listing_url = listing.url;
  const auto& archives = listing.archives;
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
    const std::string zip_url = archive_url(listing, *a);
    if (zip_url.empty()) {
      return failed(bad("mirror archive " + key + " has no url", listing_url));
    }
    const std::set<std::string> listed = listed_hashes(*a);
    const ScratchFile zip(scratch, "terraform-provider_" + key + ".zip");
    if (auto f = fetch_to_file(http, zip_url, zip.path())) {
      return failed(std::move(*f));
    }
    auto h1 = h1_of_package(zip.path(), limits, zip_url);
    if (!h1) {
      return failed(std::move(h1.error));
    }
    const bool lists_h1 = std::any_of(listed.begin(), listed.end(),
                                      [](const std::string& s) { return s.rfind("h1:", 0) == 0; });
    const bool lists_zh = std::any_of(listed.begin(), listed.end(),
                                      [](const std::string& s) { return s.rfind("zh:", 0) == 0; });
    if ((lists_h1 || lists_zh) && listed.count(h1.hash) == 0 &&
        listed.count("zh:" + sha256_file_hex(zip.path())) == 0) {
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

DetectedPlatforms detect_mirror_lock_platforms(net::HttpClient& http,
                                               const std::string& mirror_base,
                                               const std::string& host, const std::string& provider,
                                               const std::string& version,
                                               const std::vector<std::string>& hashes,
                                               const ZipLimits& limits) {
  DetectedPlatforms out;
  std::set<std::string> h1s;
  for (const auto& h : hashes) {
    if (h.rfind("h1:", 0) == 0) {
      h1s.insert(h);
    }
  }
  if (h1s.empty()) {
    return out;
  }
  const MirrorListing listing = read_mirror_listing(http, mirror_base, host, provider, version);
  if (listing.failure) {
    out.failure = listing.failure;
    return out;
  }
  const ScratchDir scratch;
  for (const auto& item : listing.archives.items()) {
    const std::string& key = item.key();
    const nlohmann::json& archive = item.value();
    Platform platform;
    try {
      platform = parse_platform(key);
    } catch (const Error&) {
      continue;  // not an os_arch key: no platform a lock can name
    }
    const std::set<std::string> listed = listed_hashes(archive);
    const bool lists_h1 = std::any_of(listed.begin(), listed.end(),
                                      [](const std::string& s) { return s.rfind("h1:", 0) == 0; });
    bool matches = std::any_of(listed.begin(), listed.end(),
                               [&](const std::string& s) { return h1s.count(s) != 0; });
    if (!lists_h1) {
      // The mirror lists no h1: for it: the package itself says.
      const std::string url = archive_url(listing, archive);
      const ScratchFile zip(scratch, key + ".zip");
      if (url.empty() || fetch_to_file(http, url, zip.path())) {
        continue;
      }
      const auto h1 = h1_of_package(zip.path(), limits, url);
      matches = h1 && h1s.count(h1.hash) != 0;
    }
    if (matches) {
      out.platforms.push_back(std::move(platform));
    }
  }
  return out;
}

DetectedPlatforms detect_lock_platforms(net::HttpClient& http, const LockHashEndpoints& endpoints,
                                        const LockHashRequest& request, const ZipLimits& limits) {
  return endpoints.provider_mirror.empty()
             ? detect_lock_platforms(http, endpoints.registry_base, request.provider,
                                     request.locked_version, request.locked_hashes, limits)
             : detect_mirror_lock_platforms(http, endpoints.provider_mirror, request.registry_host,
                                            request.provider, request.locked_version,
                                            request.locked_hashes, limits);
}

}  // namespace versiond::update
