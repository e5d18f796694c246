// Hex SHA-256 of a byte string (OpenSSL), for the HTTP cache body digest.
#pragma once

#include <string>
#include <string_view>

namespace versiond::store {

std::string sha256_hex(std::string_view bytes);

}  // namespace versiond::store
