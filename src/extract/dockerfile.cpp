// Dockerfiles (and Containerfiles): the base image of every `FROM`.
//
// Hand-written: Debian packages no Dockerfile parser for C++ (BuildKit's is Go).
// Only what FROM needs is read: comments, line continuations, the escape
// directive, build stages and the global ARG defaults a FROM may use.
#include <cctype>
#include <map>
#include <set>

#include "extract/image_component.hpp"
#include "extract/variables.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

namespace {

struct Instruction {
  std::string text;  // continuation lines joined with a space
  int line = 0;      // where it starts
};

std::string trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(" \t\r");
  return std::string(s.substr(begin, end - begin + 1));
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

// Logical instructions: comment lines dropped (also inside a continuation, as
// Docker does), lines ending in the escape character joined to the next.
// `syntax` receives the `# syntax=<frontend image>` parser directive, if any.
std::vector<Instruction> instructions(std::string_view text, Instruction& syntax) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  std::vector<Instruction> out;
  char escape = '\\';
  bool directives = true;  // parser directives may only open the file
  Instruction current;
  int number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++number;
    if (!line.empty() && line.front() == '#') {
      if (directives) {
        const std::string body = trim(line.substr(1));
        const auto eq = body.find('=');
        const std::string name = eq == std::string::npos ? "" : upper(trim(body.substr(0, eq)));
        if (name == "ESCAPE") {
          const std::string value = trim(body.substr(eq + 1));
          if (value == "`" || value == "\\") escape = value.front();
        } else if (name == "SYNTAX") {
          syntax = Instruction{trim(body.substr(eq + 1)), number};  // the BuildKit frontend
        }
      }
      continue;
    }
    directives = false;
    if (line.empty()) continue;
    if (current.text.empty()) current.line = number;
    const bool continued = line.back() == escape;
    current.text +=
        (current.text.empty() ? "" : " ") + (continued ? line.substr(0, line.size() - 1) : line);
    if (!continued) {
      out.push_back(std::move(current));
      current = {};
    }
  }
  if (!current.text.empty()) out.push_back(std::move(current));
  return out;
}

struct Arg {
  std::string value;
  int line = 0;
};

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

}  // namespace

std::vector<Component> extract_dockerfile(std::string_view text, const std::string& file) {
  std::vector<Component> out;
  std::map<std::string, Arg> global_args;  // ARGs before the first FROM
  std::set<std::string> stages;            // names given with AS, lower-cased
  bool seen_from = false;
  const auto lookup = [&](const std::string& name) -> const std::string* {
    const auto it = global_args.find(name);
    return it == global_args.end() ? nullptr : &it->second.value;
  };
  // The image a FROM or COPY --from names, with the global ARG defaults put
  // in; an ARG without one comes from --build-arg.
  const auto add_image = [&](const std::string& written, int instruction_line) {
    std::string ref = written;
    std::vector<int> used_lines;
    const bool resolved = expand_variables(ref, lookup, [&](const std::string& name) {
      used_lines.push_back(global_args.at(name).line);
    });
    if (resolved && lower(ref) == "scratch") return;
    // One ARG supplying the value: the pin lives on the ARG's line.
    const int line = resolved && used_lines.size() == 1 ? used_lines.front() : instruction_line;
    Component c = image_component(resolved ? ref : written, PinKind::dockerfile_image, file, line);
    if (!resolved) c.skip_because(SkipReason::templated, "templated image (ARG without a default)");
    out.push_back(std::move(c));
  };
  Instruction syntax;
  const std::vector<Instruction> all = instructions(text, syntax);
  if (!syntax.text.empty()) add_image(syntax.text, syntax.line);
  for (const Instruction& in : all) {
    const auto w = words(in.text);
    if (w.empty()) continue;  // only whitespace trim() keeps (form feed, vertical tab)
    const std::string keyword = upper(w.front());
    if (keyword == "ARG" && !seen_from) {
      for (std::size_t i = 1; i < w.size(); ++i) {
        const auto eq = w[i].find('=');
        std::string value = eq == std::string::npos ? "" : unquote(w[i].substr(eq + 1));
        // An ARG default may use an earlier ARG: ARG TAG=${BASE_TAG:-1.27}.
        std::string expanded = value;
        if (expand_variables(expanded, lookup)) value = expanded;
        global_args[w[i].substr(0, eq)] = Arg{value, in.line};
      }
      continue;
    }
    if (keyword == "COPY") {
      // COPY --from=<stage|index|image>: an image unless it names a stage.
      for (std::size_t i = 1; i < w.size() && w[i].starts_with("--"); ++i) {
        if (!w[i].starts_with("--from=")) continue;
        const std::string from = unquote(w[i].substr(7));
        const bool index =
            !from.empty() && from.find_first_not_of("0123456789") == std::string::npos;
        if (!from.empty() && !index && stages.count(lower(from)) == 0) add_image(from, in.line);
      }
      continue;
    }
    if (keyword != "FROM") continue;
    seen_from = true;
    std::size_t i = 1;
    while (i < w.size() && w[i].rfind("--", 0) == 0) ++i;  // --platform=…
    if (i >= w.size()) throw input_error(file, in.line, "FROM without an image");
    const std::string lowered = lower(w[i]);
    // An empty image, or an earlier stage of this file: nothing upstream. The
    // stage this FROM names is added after the check ("FROM node AS node").
    const bool local = lowered == "scratch" || stages.count(lowered) != 0;
    if (i + 2 < w.size() && upper(w[i + 1]) == "AS") stages.insert(lower(w[i + 2]));
    if (!local) add_image(w[i], in.line);
  }
  return out;
}

}  // namespace versiond::extract
