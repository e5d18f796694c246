// Secret redaction: every secret versiond holds (GitHub token, registry bearer
// tokens) is registered here, and every error text or log line built from
// upstream data passes through redact() before it leaves the process.
#pragma once

#include <string>
#include <string_view>

namespace versiond::net {

// Registers a secret value (ignored when shorter than 4 characters). Thread-safe.
void register_secret(std::string_view secret);

// text with every registered secret replaced by "***"; also masks whatever follows
// "Bearer " or "Basic " (an Authorization value copied into a message).
std::string redact(std::string_view text);

}  // namespace versiond::net
