#include "extract/hcl_lexer.hpp"

#include <algorithm>
#include <cctype>

#include "versiond/core/error.hpp"

namespace versiond::extract::hcl {

namespace {

constexpr int k_max_template_depth = 32;

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& file) : s_(text), file_(file) {}

  std::vector<Token> run() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '\n') {
        push(Token::Type::newline, "\n");
        ++pos_;
        ++line_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#' || (c == '/' && peek(1) == '/')) {
        while (pos_ < s_.size() && s_[pos_] != '\n') {
          ++pos_;
        }
      } else if (c == '/' && peek(1) == '*') {
        block_comment();
      } else if (c == '"') {
        string_token();
      } else if (c == '<' && peek(1) == '<' && (peek(2) == '-' || is_ident_start(peek(2)))) {
        heredoc();
      } else if (is_ident_start(c)) {
        const std::size_t b = pos_;
        while (pos_ < s_.size() && is_ident_char(s_[pos_])) {
          ++pos_;
        }
        push(Token::Type::ident, std::string(s_.substr(b, pos_ - b)));
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        const std::size_t b = pos_;
        while (pos_ < s_.size() &&
               (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) {
          ++pos_;
        }
        push(Token::Type::number, std::string(s_.substr(b, pos_ - b)));
      } else {
        punct();
      }
    }
    push(Token::Type::end, "");
    return std::move(tokens_);
  }

 private:
  static bool is_ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
  }
  static bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  }
  char peek(std::size_t ahead) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void push(Token::Type type, std::string text, bool literal = false, int line = 0) {
    tokens_.push_back(Token{type, std::move(text), literal, line > 0 ? line : line_});
  }

  void block_comment() {
    const int start = line_;
    pos_ += 2;
    while (pos_ + 1 < s_.size() && !(s_[pos_] == '*' && s_[pos_ + 1] == '/')) {
      if (s_[pos_] == '\n') {
        ++line_;
      }
      ++pos_;
    }
    if (pos_ + 1 >= s_.size()) {
      throw input_error(file_, start, "unterminated /* comment");
    }
    pos_ += 2;
  }

  void punct() {
    static const std::string_view two[] = {"==", "!=", "<=", ">=", "&&", "||", "=>", "..."};
    for (std::string_view op : two) {
      if (s_.substr(pos_, op.size()) == op) {
        push(Token::Type::punct, std::string(op));
        pos_ += op.size();
        return;
      }
    }
    const char c = s_[pos_];
    if (std::string_view("{}[]()=,:.?!<>+-*/%").find(c) == std::string_view::npos) {
      const auto code = static_cast<unsigned>(static_cast<unsigned char>(c));
      throw input_error(file_, line_,
                        "unexpected character '" +
                            (std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c)
                                                                         : "\\x" + hex(code)) +
                            "'");
    }
    push(Token::Type::punct, std::string(1, c));
    ++pos_;
  }

  static std::string hex(unsigned v) {
    static const char* digits = "0123456789abcdef";
    return {digits[(v >> 4) & 0xf], digits[v & 0xf]};
  }

  // Scans a quoted string starting at the opening quote; appends the decoded
  // text to `out` and returns whether it held no template sequences.
  bool scan_string(std::string& out, int depth) {
    const int start = line_;
    if (depth > k_max_template_depth) {
      throw input_error(file_, start, "string templates nested too deeply");
    }
    ++pos_;  // opening quote
    bool literal = true;
    while (true) {
      if (pos_ >= s_.size() || s_[pos_] == '\n') {
        throw input_error(file_, start, "unterminated string");
      }
      const char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return literal;
      }
      if (c == '\\') {
        const char e = peek(1);
        out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
        pos_ += 2;
        continue;
      }
      if ((c == '$' || c == '%') && peek(1) == c && peek(2) == '{') {
        out.append({c, '{'});  // $${ and %%{ escape a literal ${ / %{
        pos_ += 3;
        continue;
      }
      if ((c == '$' || c == '%') && peek(1) == '{') {
        literal = false;
        pos_ += 2;
        skip_template(depth);
        continue;
      }
      out.push_back(c);
      ++pos_;
    }
  }

  // Skips a template expression up to its closing brace (strings inside may nest).
  void skip_template(int depth) {
    const int start = line_;
    int braces = 1;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '"') {
        std::string ignored;
        scan_string(ignored, depth + 1);
        continue;
      }
      if (c == '\n') {
        ++line_;
      } else if (c == '{') {
        ++braces;
      } else if (c == '}' && --braces == 0) {
        ++pos_;
        return;
      }
      ++pos_;
    }
    throw input_error(file_, start, "unterminated template sequence");
  }

  void string_token() {
    const int start = line_;
    std::string value;
    const bool literal = scan_string(value, 0);
    push(Token::Type::string, std::move(value), literal, start);
  }

  void heredoc() {
    const int start = line_;
    pos_ += 2;
    if (s_[pos_] == '-') {
      ++pos_;
    }
    const std::size_t b = pos_;
    while (pos_ < s_.size() && is_ident_char(s_[pos_])) {
      ++pos_;
    }
    const std::string marker(s_.substr(b, pos_ - b));
    while (pos_ < s_.size() && s_[pos_] != '\n') {
      if (s_[pos_] != ' ' && s_[pos_] != '\t' && s_[pos_] != '\r') {
        throw input_error(file_, start, "heredoc marker must end the line");
      }
      ++pos_;
    }
    std::string body;
    while (pos_ < s_.size()) {
      ++pos_;  // the newline
      ++line_;
      const std::size_t eol = std::min(s_.find('\n', pos_), s_.size());
      std::string_view content = s_.substr(pos_, eol - pos_);
      while (!content.empty() && (content.back() == '\r' || content.back() == ' ')) {
        content.remove_suffix(1);
      }
      while (!content.empty() && (content.front() == ' ' || content.front() == '\t')) {
        content.remove_prefix(1);
      }
      pos_ = eol;
      if (content == marker) {
        push(Token::Type::string, std::move(body), false, start);
        return;
      }
      body.append(content).push_back('\n');
    }
    throw input_error(file_, start, "unterminated heredoc <<" + marker);
  }

  std::string_view s_;
  const std::string& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text, const std::string& file) {
  return Lexer(text, file).run();
}

}  // namespace versiond::extract::hcl
