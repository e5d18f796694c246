#include "scan/text_fit.hpp"

namespace versiond::scan {

namespace {

bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u; }

}  // namespace

std::size_t text_width(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += starts_code_point(c) ? 1 : 0;
  return n;
}

std::string fit(std::string_view s, std::size_t width) {
  if (text_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  std::string out;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (starts_code_point(s[i])) {
      if (kept == width - 1) break;
      ++kept;
    }
    out += s[i];
  }
  return out + "\xe2\x80\xa6";  // …
}

std::vector<std::string> wrap(std::string_view s, std::size_t width, std::size_t indent) {
  const std::size_t room = width > indent + 1 ? width - indent : 1;
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string word = fit(s.substr(start, end - start), room);
    start = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && text_width(line) + 1 + text_width(word) > room) {
      lines.push_back(std::string(indent, ' ') + line);
      line.clear();
    }
    line += line.empty() ? word : " " + word;
  }
  if (!line.empty()) lines.push_back(std::string(indent, ' ') + line);
  return lines;
}

}  // namespace versiond::scan
