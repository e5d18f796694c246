// A small, strict parser for the HCL subset versiond reads: blocks,
// attributes, string literals, objects and lists. Other expressions
// (references, function calls, conditionals, for-expressions, templates,
// heredocs) are recognised and skipped so real .tf files parse, but their
// values are not evaluated. Hand-written because Debian ships no HCL library
// for C++. Syntax errors throw input_error(file, line, ...).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace versiond::extract::hcl {

struct Entry;

struct Value {
  enum class Kind { string, object, list, other };
  Kind kind = Kind::other;
  std::string str;             // string: the literal, escapes decoded
  std::vector<Entry> entries;  // object
  std::vector<Value> items;    // list
  int line = 0;

  const Value* get(std::string_view key) const;  // object member or nullptr
};

struct Entry {
  std::string key;
  Value value;
};

struct Block;

struct Body {
  std::vector<Entry> attributes;  // Entry::value.line is the attribute's line
  std::vector<Block> blocks;

  const Value* attribute(std::string_view name) const;
};

struct Block {
  std::string type;
  std::vector<std::string> labels;
  int line = 0;
  Body body;
};

Body parse(std::string_view text, const std::string& file);

}  // namespace versiond::extract::hcl
