#include "extract/yaml_tree.hpp"

#include <yaml.h>

#include <map>
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

// libyaml's parser, initialised and deleted with this object.
class Parser {
 public:
  Parser() {
    if (yaml_parser_initialize(&parser_) == 0) {
      throw Error(ErrorKind::internal, "cannot initialise the YAML parser");
    }
  }
  ~Parser() { yaml_parser_delete(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  yaml_parser_t* get() noexcept { return &parser_; }
  yaml_parser_t* operator->() noexcept { return &parser_; }

 private:
  yaml_parser_t parser_{};
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

std::size_t node_count(const YamlNode& n) {
  std::size_t count = 1;
  for (const YamlNode& c : n.children) count += node_count(c);
  return count;
}

std::string anchor_of(const unsigned char* anchor) {
  return anchor != nullptr ? reinterpret_cast<const char*>(anchor) : std::string();
}

// `<<: *base` (and `<<: [*a, *b]`): the merged mappings' entries follow the
// mapping's own, so get() finds an own key first, as YAML's merge key says.
void apply_merge_keys(YamlNode& map) {
  bool has_merge = false;
  for (std::size_t i = 0; i + 1 < map.children.size(); i += 2) {
    has_merge = has_merge || (map.children[i].is_scalar() && map.children[i].value == "<<");
  }
  if (!has_merge) return;
  std::vector<YamlNode> own;
  std::vector<const YamlNode*> merged;
  for (std::size_t i = 0; i + 1 < map.children.size(); i += 2) {
    const YamlNode& key = map.children[i];
    if (key.is_scalar() && key.value == "<<") {
      const YamlNode& value = map.children[i + 1];
      if (value.is_map()) merged.push_back(&value);
      if (value.is_seq()) {
        for (const YamlNode& item : value.children) {
          if (item.is_map()) merged.push_back(&item);
        }
      }
      continue;
    }
    own.push_back(std::move(map.children[i]));
    own.push_back(std::move(map.children[i + 1]));
  }
  std::vector<YamlNode> out = std::move(own);
  for (const YamlNode* m : merged) {
    for (std::size_t i = 0; i + 1 < m->children.size(); i += 2) {
      const YamlNode& key = m->children[i];
      bool present = false;
      for (std::size_t j = 0; j + 1 < out.size() && key.is_scalar(); j += 2) {
        present = present || (out[j].is_scalar() && out[j].value == key.value);
      }
      if (!present) {
        out.push_back(m->children[i]);
        out.push_back(m->children[i + 1]);
      }
    }
  }
  map.children = std::move(out);
}

}  // namespace

std::vector<YamlNode> parse_yaml(std::string_view text, const std::string& file, int line_offset,
                                 int max_depth, std::size_t max_alias_nodes) {
  Parser parser;
  // libyaml asserts on a null input, which an empty std::string_view may hold.
  if (text.data() == nullptr) text = "";
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());

  std::vector<YamlNode> documents;
  std::vector<YamlNode> stack;               // open collections; the bottom is the document holder
  std::vector<std::string> anchors;          // the anchor of each open collection ("" for none)
  std::map<std::string, YamlNode> anchored;  // anchor -> the node it names (last wins)
  std::size_t expanded = 0;                  // nodes copied in for aliases, for the whole text
  auto add = [&](YamlNode node, const std::string& anchor = {}) {
    if (!anchor.empty()) {
      anchored[anchor] = node;
    }
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
      std::string msg = parser->context != nullptr ? std::string(parser->context) + ": " : "";
      msg += parser->problem != nullptr ? parser->problem : "invalid YAML";
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
        anchors.push_back(anchor_of(e.ev.type == YAML_MAPPING_START_EVENT
                                        ? e.ev.data.mapping_start.anchor
                                        : e.ev.data.sequence_start.anchor));
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        YamlNode n = std::move(stack.back());
        stack.pop_back();
        std::string anchor = std::move(anchors.back());
        anchors.pop_back();
        if (n.is_map()) apply_merge_keys(n);
        add(std::move(n), anchor);
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
        add(std::move(n), anchor_of(e.ev.data.scalar.anchor));
        break;
      }
      case YAML_ALIAS_EVENT: {
        // Expanded (an image behind `*defaults` is still an image), but only
        // up to max_alias_nodes copied nodes per text: no billion laughs.
        const auto it = anchored.find(anchor_of(e.ev.data.alias.anchor));
        if (it == anchored.end()) {
          throw input_error(file, line, "YAML alias to an unknown anchor");
        }
        expanded += node_count(it->second);
        if (expanded > max_alias_nodes) {
          throw input_error(file, line,
                            "YAML aliases expand to more than " + std::to_string(max_alias_nodes) +
                                " nodes; refusing to parse");
        }
        add(it->second);
        break;
      }
      default:  // stream/document start and end carry nothing we keep
        break;
    }
  }
}

}  // namespace versiond::extract
