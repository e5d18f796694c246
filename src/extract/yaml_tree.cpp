#include "extract/yaml_tree.hpp"

#include <yaml.h>

#include <memory>

#include "versiond/core/error.hpp"

namespace versiond::extract {

const YamlNode* YamlNode::get(std::string_view key) const {
  if (type != Type::mapping) {
    return nullptr;
  }
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
    if (children[i].type == Type::scalar && children[i].value == key) {
      return &children[i + 1];
    }
  }
  return nullptr;
}

std::string YamlNode::str(std::string_view key) const {
  const YamlNode* n = get(key);
  return n != nullptr && n->is_scalar() ? n->value : std::string();
}

namespace {

struct ParserDeleter {
  void operator()(yaml_parser_t* p) const {
    yaml_parser_delete(p);
    delete p;
  }
};

struct Event {
  yaml_event_t ev{};
  ~Event() { yaml_event_delete(&ev); }
};

bool is_null_scalar(const yaml_event_t& ev) {
  if (ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
    return false;
  }
  const std::string_view v(reinterpret_cast<const char*>(ev.data.scalar.value),
                           ev.data.scalar.length);
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

}  // namespace

std::vector<YamlNode> parse_yaml(std::string_view text, const std::string& file, int line_offset,
                                 int max_depth) {
  std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t{});
  if (yaml_parser_initialize(parser.get()) == 0) {
    throw Error(ErrorKind::internal, "cannot initialise the YAML parser");
  }
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());

  std::vector<YamlNode> documents;
  std::vector<YamlNode> stack;  // open collections; the bottom is the document holder
  auto add = [&](YamlNode node) {
    if (stack.empty()) {
      documents.push_back(std::move(node));
    } else {
      stack.back().children.push_back(std::move(node));
    }
  };

  for (;;) {
    Event e;
    if (yaml_parser_parse(parser.get(), &e.ev) == 0) {
      const int line = static_cast<int>(parser->problem_mark.line) + 1 + line_offset;
      std::string msg = parser->problem != nullptr ? parser->problem : "invalid YAML";
      if (parser->context != nullptr) {
        msg = std::string(parser->context) + ": " + msg;
      }
      throw input_error(file, line, "YAML syntax error: " + msg);
    }
    const int line = static_cast<int>(e.ev.start_mark.line) + 1 + line_offset;
    switch (e.ev.type) {
      case YAML_STREAM_END_EVENT: return documents;
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (static_cast<int>(stack.size()) >= max_depth) {
          throw input_error(file, line,
                            "YAML nested deeper than " + std::to_string(max_depth) +
                                " levels; refusing to parse");
        }
        YamlNode n;
        n.type = e.ev.type == YAML_MAPPING_START_EVENT ? YamlNode::Type::mapping
                                                       : YamlNode::Type::sequence;
        n.line = line;
        stack.push_back(std::move(n));
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        YamlNode n = std::move(stack.back());
        stack.pop_back();
        add(std::move(n));
        break;
      }
      case YAML_SCALAR_EVENT: {
        YamlNode n;
        n.line = line;
        if (!is_null_scalar(e.ev)) {
          n.type = YamlNode::Type::scalar;
          n.value.assign(reinterpret_cast<const char*>(e.ev.data.scalar.value),
                         e.ev.data.scalar.length);
        }
        add(std::move(n));
        break;
      }
      case YAML_ALIAS_EVENT: {
        YamlNode n;
        n.line = line;
        add(std::move(n));
        break;
      }
      default:  // stream/document start and end carry nothing we keep
        break;
    }
  }
}

}  // namespace versiond::extract
