// A provider release as a Terraform registry publishes it: per-platform
// download metadata, the SHA256SUMS file and its detached OpenPGP signature.
// From them, the hashes a lock file records: every zh: from SHA256SUMS (once
// its signature verifies) and the h1: of each requested platform's zip (once
// the zip matches its checksum).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/core/failure.hpp"
#include "versiond/net/client.hpp"
#include "versiond/update/hashes.hpp"
#include "versiond/update/update.hpp"

namespace versiond::update {

// "file name → lower-case hex SHA-256" from SHA256SUMS ("<hex>  <name>" lines;
// a '*' before the name, binary mode, is accepted). Lines that do not parse
// are ignored.
std::map<std::string, std::string> parse_sha256sums(std::string_view text);

// Whether `signature` (a detached OpenPGP signature, binary or armored) is a
// good signature over `data` by one of `armored_keys`, checked with GPGME in a
// temporary keyring that holds only those keys. nullopt when it is; else a
// Failure (bad_response) saying why.
std::optional<Failure> verify_detached_signature(std::string_view data, std::string_view signature,
                                                 const std::vector<std::string>& armored_keys);

struct Platform {
  std::string os;    // linux, darwin, windows
  std::string arch;  // amd64, arm64
};

// "linux_amd64" → {linux, amd64}. Throws Error(usage) for anything else.
Platform parse_platform(std::string_view text);

struct ProviderHashes {
  std::vector<std::string> hashes;  // sorted: h1: per platform, zh: per SHA256SUMS entry
  std::optional<Failure> failure;   // set when any step failed; hashes is then empty
};

// The lock-file hashes of provider ("namespace/type") at version, from the
// registry at registry_base (scheme and host, no trailing slash). Downloads
// are bounded by the client's body limit and the zip limits.
ProviderHashes fetch_provider_hashes(net::HttpClient& http, const std::string& registry_base,
                                     const std::string& provider, const std::string& version,
                                     const std::vector<Platform>& platforms,
                                     const ZipLimits& limits = {});

// The same from a Terraform provider network mirror at mirror_base: the h1: of
// each platform's package listed in <mirror_base>/<host>/<provider>/<version>.json
// (checked against the h1:/zh: values the mirror lists for it, when it lists
// any). A network mirror serves no signed SHA256SUMS, so no zh: is recorded.
ProviderHashes fetch_mirror_hashes(net::HttpClient& http, const std::string& mirror_base,
                                   const std::string& host, const std::string& provider,
                                   const std::string& version,
                                   const std::vector<Platform>& platforms,
                                   const ZipLimits& limits = {});

// Which of the platforms the registry lists for provider at version have a
// package whose h1: is among hashes (a lock file's existing values): how the
// platforms of a lock versiond never wrote are found. Each listed platform's
// package is downloaded (checked against the metadata's shasum) and hashed;
// the signature is not needed, since nothing of this is written.
struct DetectedPlatforms {
  std::vector<Platform> platforms;  // in the registry's order
  std::optional<Failure> failure;   // the registry could not be asked
};
DetectedPlatforms detect_lock_platforms(net::HttpClient& http, const std::string& registry_base,
                                        const std::string& provider, const std::string& version,
                                        const std::vector<std::string>& hashes,
                                        const ZipLimits& limits = {});

// The same through a provider network mirror: the platforms of
// <mirror_base>/<host>/<provider>/<version>.json whose listed h1: values hold
// one of hashes (an archive listed without h1: is downloaded and hashed).
// zh: values do not say a platform: the lock holds every platform's.
DetectedPlatforms detect_mirror_lock_platforms(net::HttpClient& http,
                                               const std::string& mirror_base,
                                               const std::string& host, const std::string& provider,
                                               const std::string& version,
                                               const std::vector<std::string>& hashes,
                                               const ZipLimits& limits = {});

// Where lock-file hashes are fetched from.
struct LockHashEndpoints {
  std::string registry_base;    // provider registry protocol (scheme and host)
  std::string provider_mirror;  // network mirror base; "" = none (then the registry)
};

// The platforms of the lock block a request updates (its locked version and
// hashes): detect_mirror_lock_platforms when a provider mirror is set, else
// detect_lock_platforms against the registry.
DetectedPlatforms detect_lock_platforms(net::HttpClient& http, const LockHashEndpoints& endpoints,
                                        const LockHashRequest& request,
                                        const ZipLimits& limits = {});

// The platforms whose h1: an update of one lock-file block records.
using LockPlatformSource = std::function<std::vector<Platform>(const LockHashRequest& request)>;

// The lock-hash source `versiond update` uses: fetch_mirror_hashes when a
// provider mirror is set, else fetch_provider_hashes against the registry, for
// the platforms platforms_for gives for each request. A failed fetch stops the
// run: it throws Error(io) naming the provider, the version and the failure.
LockHashSource registry_lock_hashes(net::HttpClient& http, LockHashEndpoints endpoints,
                                    LockPlatformSource platforms_for, ZipLimits limits = {});

}  // namespace versiond::update
