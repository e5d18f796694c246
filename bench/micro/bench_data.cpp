#include "bench_data.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace versiond::bench {

std::string read_file(const std::string& path) {
  // Sized up front: one buffer of the file's size, so that a memory probe sees the
  // text once (a stringstream would hold it twice for a moment).
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string text(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size())))
    throw std::runtime_error("cannot read " + path);
  return text;
}

std::string large_helm_index_path() {
  return std::string(VERSIOND_SOURCE_DIR) + "/tests/fixtures/upstream/helm/grafana-index.yaml";
}

std::string real_versions_md_path() {
  return std::string(VERSIOND_SOURCE_DIR) + "/bench/data/real-world-VERSIONS.md";
}

std::string grow_helm_index(const std::string& index, std::size_t min_bytes) {
  // An index is "apiVersion: v1\nentries:\n" + chart blocks indented by two spaces,
  // then top-level keys such as "generated:". Chart names are the lines "  <name>:".
  const std::string marker = "\nentries:\n";
  const auto start = index.find(marker);
  if (start == std::string::npos) throw std::runtime_error("not a Helm index: no 'entries:' key");
  const auto body_begin = start + marker.size();
  auto body_end = body_begin;
  while (body_end < index.size() && index[body_end] == ' ') {
    const auto eol = index.find('\n', body_end);
    body_end = eol == std::string::npos ? index.size() : eol + 1;
  }
  const std::string head = index.substr(0, body_begin);
  const std::string body = index.substr(body_begin, body_end - body_begin);
  const std::string tail = index.substr(body_end);

  std::string out = head + body;
  for (int copy = 1; out.size() + tail.size() < min_bytes; ++copy) {
    std::istringstream lines(body);
    std::string line;
    while (std::getline(lines, line)) {
      const bool chart_key = line.size() > 3 && line[0] == ' ' && line[1] == ' ' &&
                             line[2] != ' ' && line[2] != '-' && line.back() == ':';
      if (chart_key) line.insert(line.size() - 1, "-copy" + std::to_string(copy));
      out += line;
      out += '\n';
    }
  }
  return out + tail;
}

std::string synthetic_versions_md(int rows) {
  std::string md =
      "# Software Versions Tracking\n\n## Platform\n\n"
      "| Component | Current Version | Latest Version | Upgrade Status | Location | Update Source "
      "|\n"
      "|-----------|----------------|----------------|----------------|----------|---------------|"
      "\n";
  for (int i = 0; i < rows; ++i) {
    const std::string n = std::to_string(i);
    md += "| **Component " + n + " (Init Container)** | `v1." + std::to_string(i % 40) + "." +
          std::to_string(i % 7) + "` | `v1." + std::to_string(i % 40 + 1) +
          ".0` | \xE2\x9A\xA0\xEF\xB8\x8F **Can upgrade** | `ops/manifests/app-" + n +
          ".yaml` | [Releases](https://github.com/example-org/tool-" + n + "/releases) |\n";
  }
  return md;
}

}  // namespace versiond::bench
