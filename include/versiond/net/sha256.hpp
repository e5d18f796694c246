// Hex SHA-256 of a byte string (OpenSSL): the HTTP cache body digest, OCI
// blob digests ("sha256:<hex>").
#pragma once

#include <string>
#include <string_view>

namespace versiond::net {

std::string sha256_hex(std::string_view bytes);

}  // namespace versiond::net
