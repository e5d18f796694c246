#include "versiond/sources/helm_index.hpp"

#include <yaml.h>

#include <memory>

#include "sources/semver_hint.hpp"

namespace versiond::sources {
namespace {

// RAII over libyaml's parser and event structs.
class EventParser {
 public:
  explicit EventParser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    // libyaml asserts on a null input, which an empty std::string_view may hold.
    if (text.data() == nullptr) text = "";
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~EventParser() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  // Advances to the next event; false on a syntax error (see error()).
  bool next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = yaml_parser_parse(&parser_, &event_) != 0;
    return has_event_;
  }
  yaml_event_type_t type() const { return event_.type; }
  std::string scalar() const {
    return std::string(reinterpret_cast<const char*>(event_.data.scalar.value),
                       event_.data.scalar.length);
  }
  std::string error() const {
    return "line " + std::to_string(parser_.problem_mark.line + 1) + ": " +
           (parser_.problem ? parser_.problem : "invalid YAML");
  }

  // With the current event starting a node, consumes the whole node.
  bool skip_node() {
    int depth = 0;
    do {
      switch (type()) {
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT: ++depth; break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: --depth; break;
        default: break;
      }
      if (depth == 0) return true;
    } while (next());
    return false;
  }

 private:
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

struct ParseFailure {
  std::string message;
};

// Reads one chart version mapping (current event: MAPPING_START), keeping only
// the few scalar fields versiond needs.
Release read_version(EventParser& p) {
  Release r;
  for (;;) {
    if (!p.next()) throw ParseFailure{p.error()};
    if (p.type() == YAML_MAPPING_END_EVENT) break;
    if (p.type() != YAML_SCALAR_EVENT) throw ParseFailure{p.error() + " (expected a key)"};
    std::string key = p.scalar();
    if (!p.next()) throw ParseFailure{p.error()};
    if (p.type() == YAML_SCALAR_EVENT) {
      if (key == "version")
        r.version = p.scalar();
      else if (key == "created")
        r.published = p.scalar();
      else if (key == "appVersion")
        r.latest = p.scalar();
      else if (key == "deprecated")
        r.deprecated = p.scalar() == "true";
    } else if (!p.skip_node()) {
      throw ParseFailure{p.error()};
    }
  }
  r.prerelease = has_semver_prerelease(r.version);
  return r;
}

// Current event: the value node of "entries".
void read_entries(EventParser& p, const std::set<std::string>& wanted, HelmIndex& out) {
  if (p.type() != YAML_MAPPING_START_EVENT)
    throw ParseFailure{p.error() + " (entries is not a mapping)"};
  for (;;) {
    if (!p.next()) throw ParseFailure{p.error()};
    if (p.type() == YAML_MAPPING_END_EVENT) return;
    if (p.type() != YAML_SCALAR_EVENT) throw ParseFailure{p.error() + " (expected a chart name)"};
    std::string chart = p.scalar();
    if (!p.next()) throw ParseFailure{p.error()};
    if (!wanted.count(chart) || p.type() != YAML_SEQUENCE_START_EVENT) {
      if (!p.skip_node()) throw ParseFailure{p.error()};
      continue;
    }
    auto& versions = out.charts[chart];
    for (;;) {
      if (!p.next()) throw ParseFailure{p.error()};
      if (p.type() == YAML_SEQUENCE_END_EVENT) break;
      if (p.type() == YAML_MAPPING_START_EVENT) {
        Release r = read_version(p);
        if (!r.version.empty()) versions.push_back(std::move(r));
      } else if (!p.skip_node()) {
        throw ParseFailure{p.error()};
      }
    }
  }
}

}  // namespace

HelmIndex parse_helm_index(std::string_view yaml, const std::set<std::string>& charts) {
  HelmIndex out;
  EventParser p(yaml);
  bool saw_entries = false;
  try {
    // stream start, document start, root mapping start
    for (auto expected :
         {YAML_STREAM_START_EVENT, YAML_DOCUMENT_START_EVENT, YAML_MAPPING_START_EVENT}) {
      if (!p.next()) throw ParseFailure{p.error()};
      if (p.type() != expected) throw ParseFailure{p.error() + " (not a Helm repository index)"};
    }
    for (;;) {
      if (!p.next()) throw ParseFailure{p.error()};
      if (p.type() == YAML_MAPPING_END_EVENT) break;
      if (p.type() != YAML_SCALAR_EVENT) throw ParseFailure{p.error() + " (expected a key)"};
      std::string key = p.scalar();
      if (!p.next()) throw ParseFailure{p.error()};
      if (key == "entries") {
        saw_entries = true;
        read_entries(p, charts, out);
      } else if (!p.skip_node()) {
        throw ParseFailure{p.error()};
      }
    }
    if (!saw_entries) throw ParseFailure{"not a Helm repository index (no entries)"};
  } catch (const ParseFailure& f) {
    out.failure = Failure{FailureKind::bad_response, f.message, {}};
    out.charts.clear();
  }
  return out;
}

}  // namespace versiond::sources
