#include "sources/bearer_challenge.hpp"

#include <cctype>

namespace versiond::sources::detail {

std::map<std::string, std::string> parse_bearer_challenge(const std::string& header) {
  std::map<std::string, std::string> params;
  std::string lower = header;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = lower.find("bearer");
  if (at == std::string::npos) return params;
  std::size_t i = at + 6;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ',')) ++i;
    auto eq = header.find('=', i);
    if (eq == std::string::npos) break;
    std::string k = lower.substr(i, eq - i);
    std::string v;
    i = eq + 1;
    if (i < header.size() && header[i] == '"') {
      auto close = header.find('"', i + 1);
      if (close == std::string::npos) close = header.size();
      v = header.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      auto end = header.find(',', i);
      if (end == std::string::npos) end = header.size();
      v = header.substr(i, end - i);
      i = end;
    }
    params[k] = v;
  }
  return params;
}

}  // namespace versiond::sources::detail
