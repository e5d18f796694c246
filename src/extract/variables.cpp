#include "extract/variables.hpp"

#include <cctype>

namespace versiond::extract {

bool expand_variables(std::string& text, const VariableLookup& lookup,
                      const std::function<void(const std::string&)>& on_used) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '$') {
      out += text[i++];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    std::string name, fallback;
    bool has_fallback = false;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      const auto close = text.find('}', i);
      if (close == std::string::npos) return false;
      name = text.substr(i + 2, close - i - 2);
      i = close + 1;
      std::size_t sep = 0;
      while (sep < name.size() &&
             (std::isalnum(static_cast<unsigned char>(name[sep])) || name[sep] == '_')) {
        ++sep;
      }
      const std::string op = name.substr(sep, name.compare(sep, 2, ":-") == 0 ? 2 : 1);
      if (op == ":-" || op == "-") {
        fallback = name.substr(sep + op.size());
        has_fallback = true;
      } else if (sep != name.size()) {
        return false;  // ${NAME:?error}, ${NAME:+alt} and the like: no value here
      }
      name.resize(sep);
    } else {
      std::size_t j = i + 1;
      while (j < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) {
        ++j;
      }
      name = text.substr(i + 1, j - i - 1);
      i = j;
    }
    const std::string* value = name.empty() ? nullptr : lookup(name);
    if (value != nullptr && !value->empty()) {
      out += *value;
      if (on_used) on_used(name);
    } else if (has_fallback) {
      out += fallback;
    } else {
      return false;
    }
  }
  text = out;
  return true;
}

}  // namespace versiond::extract
