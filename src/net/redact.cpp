#include "versiond/net/redact.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>

namespace versiond::net {
namespace {

std::mutex& secrets_mutex() {
  static std::mutex m;
  return m;
}
std::set<std::string, std::greater<>>& secrets() {
  // Longest-first order is not needed for correctness; a set keeps duplicates out.
  static std::set<std::string, std::greater<>> s;
  return s;
}

// Masks the credential after "Bearer " / "Basic " (case-insensitive)
// up to the next whitespace, quote or comma.
void mask_scheme(std::string& text, std::string_view scheme) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t pos = 0;
  while ((pos = lower.find(scheme, pos)) != std::string::npos) {
    std::size_t start = pos + scheme.size();
    std::size_t end = start;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
           text[end] != '"' && text[end] != ',' && text[end] != '\'')
      ++end;
    if (end > start) {
      text.replace(start, end - start, "***");
      lower.replace(start, end - start, "***");
    }
    pos = start + 3;
  }
}

}  // namespace

void register_secret(std::string_view secret) {
  if (secret.size() < 4) return;
  std::lock_guard lock(secrets_mutex());
  secrets().emplace(secret);
}

std::string redact(std::string_view text) {
  std::string out(text);
  {
    std::lock_guard lock(secrets_mutex());
    for (const auto& s : secrets()) {
      std::size_t pos = 0;
      while ((pos = out.find(s, pos)) != std::string::npos) {
        out.replace(pos, s.size(), "***");
        pos += 3;
      }
    }
  }
  mask_scheme(out, "bearer ");
  mask_scheme(out, "basic ");
  return out;
}

}  // namespace versiond::net
