#include "extract/hcl.hpp"

#include "extract/hcl_lexer.hpp"
#include "versiond/core/error.hpp"

namespace versiond::extract::hcl {

const Value* Value::get(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key == key) {
      return &e.value;
    }
  }
  return nullptr;
}

const Value* Body::attribute(std::string_view name) const {
  for (const Entry& e : attributes) {
    if (e.key == name) {
      return &e.value;
    }
  }
  return nullptr;
}

namespace {

constexpr int k_max_depth = 64;
using T = Token::Type;

class Parser {
 public:
  Parser(std::vector<Token> tokens, const std::string& file) : t_(std::move(tokens)), file_(file) {}

  Body parse_file() {
    Body body = parse_body(false, 0);
    return body;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    const std::size_t i = std::min(pos_ + ahead, t_.size() - 1);
    return t_[i];
  }
  const Token& next() {
    const Token& tok = t_[pos_];
    if (pos_ + 1 < t_.size()) {
      ++pos_;
    }
    return tok;
  }
  bool is_punct(const Token& tok, std::string_view p) const {
    return tok.type == T::punct && tok.text == p;
  }
  static std::string describe(const Token& tok) {
    switch (tok.type) {
      case T::newline: return "end of line";
      case T::end: return "end of file";
      case T::string: return "string \"" + tok.text + "\"";
      default: return "'" + tok.text + "'";
    }
  }
  [[noreturn]] void fail(const Token& tok, const std::string& msg) const {
    throw input_error(file_, tok.line, msg);
  }
  void check_depth(int depth, const Token& at) const {
    if (depth > k_max_depth) {
      fail(at, "nesting deeper than " + std::to_string(k_max_depth) + " levels");
    }
  }
  void skip_newlines() {
    while (peek().type == T::newline) {
      next();
    }
  }

  Body parse_body(bool braced, int depth) {
    Body body;
    for (;;) {
      skip_newlines();
      const Token& tok = peek();
      if (tok.type == T::end) {
        if (braced) {
          fail(tok, "unexpected end of file: a block is not closed");
        }
        return body;
      }
      if (braced && is_punct(tok, "}")) {
        return body;
      }
      if (tok.type != T::ident) {
        fail(tok, "expected an attribute or a block, found " + describe(tok));
      }
      const Token& name = next();
      if (is_punct(peek(), "=")) {
        next();
        Value v = parse_expr(depth + 1);
        v.line = name.line;
        body.attributes.push_back(Entry{name.text, std::move(v)});
        end_of_item(braced);
        continue;
      }
      Block block;
      block.type = name.text;
      block.line = name.line;
      while (peek().type == T::string || peek().type == T::ident) {
        block.labels.push_back(next().text);
      }
      if (!is_punct(peek(), "{")) {
        fail(peek(), "expected '=' or '{' after '" + name.text + "', found " + describe(peek()));
      }
      check_depth(depth + 1, peek());
      next();
      block.body = parse_body(true, depth + 1);
      next();  // the closing brace
      body.blocks.push_back(std::move(block));
      end_of_item(braced);
    }
  }

  // After an attribute or block: a newline, the end, or a closing brace.
  void end_of_item(bool braced) {
    const Token& tok = peek();
    if (tok.type == T::newline || tok.type == T::end || (braced && is_punct(tok, "}"))) {
      return;
    }
    fail(tok, "expected a new line, found " + describe(tok));
  }

  bool is_terminator(const Token& tok) const {
    return tok.type == T::newline || tok.type == T::end || is_punct(tok, ",") ||
           is_punct(tok, "}") || is_punct(tok, "]") || is_punct(tok, ")");
  }

  Value parse_expr(int depth) {
    check_depth(depth, peek());
    const Token& first = peek();
    Value v;
    v.line = first.line;
    if (is_terminator(first)) {
      fail(first, "expected a value, found " + describe(first));
    }
    if (is_punct(first, "{") && !is_for(1)) {
      v = parse_collection(depth, true);
    } else if (is_punct(first, "[") && !is_for(1)) {
      v = parse_collection(depth, false);
    } else if (first.type == T::string && first.literal && is_terminator(peek(1))) {
      v.kind = Value::Kind::string;
      v.str = next().text;
      return v;
    }
    if (v.kind != Value::Kind::other && is_terminator(peek())) {
      return v;
    }
    // Any other expression: skip balanced tokens up to the end of the value.
    Value other;
    other.line = first.line;
    skip_expression(depth);
    return other;
  }

  bool is_for(std::size_t ahead) const {
    std::size_t i = ahead;
    while (peek(i).type == T::newline) {
      ++i;
    }
    return peek(i).type == T::ident && peek(i).text == "for";
  }

  static bool is_operand(const Token& tok) {
    return tok.type == T::ident || tok.type == T::number || tok.type == T::string;
  }

  void skip_expression(int depth) {
    std::vector<std::string> open;
    const Token* previous = nullptr;
    for (;;) {
      const Token& tok = peek();
      if (open.empty() && previous != nullptr && is_operand(*previous) && is_operand(tok)) {
        fail(tok, "expected a new line, found " + describe(tok));
      }
      if (open.empty() && is_punct(tok, "=")) {
        fail(tok, "unexpected '=' in an expression");
      }
      previous = &tok;
      if (tok.type == T::end) {
        if (!open.empty()) {
          fail(tok, "unexpected end of file: '" + open.back() + "' is not closed");
        }
        return;
      }
      if (open.empty() && is_terminator(tok)) {
        return;
      }
      if (is_punct(tok, "{") || is_punct(tok, "[") || is_punct(tok, "(")) {
        check_depth(depth + static_cast<int>(open.size()) + 1, tok);
        open.push_back(tok.text);
      } else if (is_punct(tok, "}") || is_punct(tok, "]") || is_punct(tok, ")")) {
        const std::string want = tok.text == "}" ? "{" : tok.text == "]" ? "[" : "(";
        if (open.back() != want) {
          fail(tok, "mismatched '" + tok.text + "'");
        }
        open.pop_back();
      }
      next();
    }
  }

  // `{ key = value, ... }` (object) or `[ value, ... ]` (list); members are
  // separated by commas or new lines.
  Value parse_collection(int depth, bool object) {
    Value v;
    v.kind = object ? Value::Kind::object : Value::Kind::list;
    v.line = next().line;  // the opening bracket
    const std::string_view close = object ? "}" : "]";
    for (;;) {
      while (peek().type == T::newline || is_punct(peek(), ",")) {
        next();
      }
      const Token& tok = peek();
      if (is_punct(tok, close)) {
        next();
        return v;
      }
      if (tok.type == T::end) {
        fail(tok, std::string("unexpected end of file: ") + (object ? "object" : "list") +
                      " opened on line " + std::to_string(v.line) + " is not closed");
      }
      if (object) {
        v.entries.push_back(parse_member(depth));
      } else {
        v.items.push_back(parse_expr(depth + 1));
      }
      const Token& sep = peek();
      if (!(sep.type == T::newline || is_punct(sep, ",") || is_punct(sep, close))) {
        fail(sep, "expected ',' or a new line " + std::string(object ? "in object" : "in list") +
                      ", found " + describe(sep));
      }
    }
  }

  Entry parse_member(int depth) {
    const Token& key = peek();
    if (key.type != T::ident && key.type != T::string) {
      fail(key, "expected an object key, found " + describe(key));
    }
    std::string name = key.text;
    const int line = key.line;
    next();
    // A traversal as key, as a module's `providers = { azurerm.alias = azurerm.x }` writes it.
    while (key.type == T::ident && is_punct(peek(), ".")) {
      next();
      if (peek().type != T::ident) {
        fail(peek(), "expected a name after '" + name + ".', found " + describe(peek()));
      }
      name += "." + peek().text;
      next();
    }
    if (!is_punct(peek(), "=") && !is_punct(peek(), ":")) {
      fail(peek(), "expected '=' or ':' after key '" + name + "', found " + describe(peek()));
    }
    next();
    Value member = parse_expr(depth + 1);
    member.line = line;
    return Entry{std::move(name), std::move(member)};
  }

  std::vector<Token> t_;
  const std::string& file_;
  std::size_t pos_ = 0;
};

}  // namespace

Body parse(std::string_view text, const std::string& file) {
  return Parser(tokenize(text, file), file).parse_file();
}

}  // namespace versiond::extract::hcl
