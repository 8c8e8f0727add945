// The rule language's lexer, parser and checker (grammar: canal/rules.h; reference:
// docs/canal.md, "Risk rules"). Tokens are read on demand so that the first error reported is
// the leftmost one, as an analyst reads the expression. Every message names the problem in the
// words of the editor (field, list, value) and the position points at the token that is wrong,
// not at the start of the test.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include "canal/codes.h"
#include "canal/internal/rule_ast.h"
#include "canal/parties.h"

namespace istmo::canal::internal {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// A token as the analyst wrote it, shortened, with bytes that are not printable ASCII written as
// \xNN so the message stays valid UTF-8 whatever the input.
std::string Shown(std::string_view raw) {
  constexpr std::size_t kMax = 30;
  std::string out;
  for (std::size_t i = 0; i < raw.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (raw.size() > kMax) out += "...";
  return out;
}

// `text` with every byte that is not part of a well-formed UTF-8 sequence written as \xNN: a
// message may quote a value cut by another module's shortening (canal/codes.cc) in the middle
// of a character, and the API serializes messages as JSON, which must be UTF-8.
std::string ValidUtf8(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    if (c < 0x80) {
      len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
    }
    bool ok = len > 0 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (ok && len >= 3) {
      // No overlong forms, no surrogates, nothing above U+10FFFF.
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0) && !(c == 0xF0 && c1 < 0x90) &&
           !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += Shown(text.substr(i, 1));
      ++i;
    }
  }
  return out;
}

// Levenshtein distance, for "did you mean": names are short (≤ 64 bytes).
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The closest candidate within a third of the name's length (at least 2 edits), or "".
template <class Names>
std::string Closest(std::string_view name, const Names& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t d = EditDistance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  return best;
}

std::string_view TypeName(FieldType type) {
  switch (type) {
    case FieldType::kText:
      return "text";
    case FieldType::kNumber:
      return "a number";
    case FieldType::kTextList:
      return "a list of values";
    case FieldType::kBool:
      return "true or false";
  }
  return "";
}

// What may follow a field of each type, for "operator not valid" messages.
std::string_view OperatorsOf(FieldType type) {
  switch (type) {
    case FieldType::kText:
      return "=, !=, in, not in, starts_with, contains or is missing";
    case FieldType::kNumber:
      return "=, !=, <, <=, >, >=, in, not in or is missing";
    case FieldType::kTextList:
      return "in, not in, contains or is missing";
    case FieldType::kBool:
      return "= true, = false, or the field alone";
  }
  return "";
}

std::string_view KindItems(ListKind kind) {
  switch (kind) {
    case ListKind::kPorts:
      return "ports (UN/LOCODEs)";
    case ListKind::kCountries:
      return "countries";
    case ListKind::kParties:
      return "parties";
    case ListKind::kCommodities:
      return "HS codes";
    case ListKind::kText:
      return "text values";
  }
  return "";
}

enum class Tok : std::uint8_t {
  kEnd,
  kError,  // a lexical error; `text` holds the message
  kIdent,  // `text` lower-cased
  kNumber,
  kString,  // `text` unescaped
  kList,    // @name; `text` lower-cased, without '@'
  kOp,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::size_t offset = 0;  // of the first byte
  std::string_view raw;
  std::string text;
  double number = 0;
  CmpOp op = CmpOp::kEq;
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Token Next() {
    SkipBlanks();
    Token t;
    t.offset = pos_;
    if (pos_ >= s_.size()) return t;
    const char c = s_[pos_];
    const std::size_t start = pos_;
    if (IsAlpha(c)) {
      while (pos_ < s_.size() && (IsAlpha(s_[pos_]) || IsDigit(s_[pos_]))) ++pos_;
      t.kind = Tok::kIdent;
      t.raw = s_.substr(start, pos_ - start);
      for (char ch : t.raw) t.text += Lower(ch);
      return t;
    }
    if (IsDigit(c) || ((c == '-' || c == '.') && pos_ + 1 < s_.size() &&
                       (IsDigit(s_[pos_ + 1]) || s_[pos_ + 1] == '.'))) {
      return Number();
    }
    if (c == '"') return String();
    if (c == '@') {
      ++pos_;
      while (pos_ < s_.size() && (IsAlpha(s_[pos_]) || IsDigit(s_[pos_]))) ++pos_;
      t.raw = s_.substr(start, pos_ - start);
      if (t.raw.size() == 1)
        return Error(start, "expected a list name after '@', like @source_ports");
      if (t.raw.size() - 1 > 64) return Error(start, "a list name has at most 64 characters");
      t.kind = Tok::kList;
      for (char ch : t.raw.substr(1)) t.text += Lower(ch);
      return t;
    }
    ++pos_;
    t.raw = s_.substr(start, 1);
    switch (c) {
      case '(':
        t.kind = Tok::kLParen;
        return t;
      case ')':
        t.kind = Tok::kRParen;
        return t;
      case '[':
        t.kind = Tok::kLBracket;
        return t;
      case ']':
        t.kind = Tok::kRBracket;
        return t;
      case ',':
        t.kind = Tok::kComma;
        return t;
      case '=':
        if (Peek('=')) return Error(start, "write = to compare, not ==");
        t.kind = Tok::kOp;
        t.op = CmpOp::kEq;
        return t;
      case '!':
        if (!Peek('='))
          return Error(start, "unexpected '!': write != for \"not equal\" or not before a test");
        ++pos_;
        t.kind = Tok::kOp;
        t.op = CmpOp::kNe;
        t.raw = s_.substr(start, 2);
        return t;
      case '<':
      case '>':
        if (c == '<' && Peek('>')) return Error(start, "write != for \"not equal\", not <>");
        t.kind = Tok::kOp;
        t.op = c == '<' ? CmpOp::kLt : CmpOp::kGt;
        if (Peek('=')) {
          ++pos_;
          t.op = c == '<' ? CmpOp::kLe : CmpOp::kGe;
          t.raw = s_.substr(start, 2);
        }
        return t;
      default:
        break;
    }
    if (c == '\'') {
      return Error(start, "write text in double quotes (\"...\"), not single quotes");
    }
    return Error(start, "unexpected character '" + Shown(s_.substr(start, 1)) + "'");
  }

 private:
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }

  void SkipBlanks() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  Token Error(std::size_t offset, std::string message) {
    Token t;
    t.kind = Tok::kError;
    t.offset = offset;
    t.text = std::move(message);
    pos_ = s_.size();
    return t;
  }

  Token Number() {
    const std::size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    while (pos_ < s_.size() && (IsDigit(s_[pos_]) || s_[pos_] == '.')) ++pos_;
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
      if (p < s_.size() && IsDigit(s_[p])) {
        pos_ = p;
        while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
      }
    }
    Token t;
    t.kind = Tok::kNumber;
    t.offset = start;
    t.raw = s_.substr(start, pos_ - start);
    const char* first = t.raw.data();
    const char* last = first + t.raw.size();
    const auto [end, ec] = std::from_chars(first, last, t.number);
    if (ec != std::errc() || end != last || !std::isfinite(t.number)) {
      return Error(start, "'" + Shown(t.raw) + "' is not a number (write 1500 or 2.5)");
    }
    return t;
  }

  Token String() {
    const std::size_t start = pos_++;
    Token t;
    t.kind = Tok::kString;
    t.offset = start;
    while (true) {
      if (pos_ >= s_.size() || s_[pos_] == '\n') {
        return Error(start, "the text that starts here has no closing double quote");
      }
      const char c = s_[pos_++];
      if (c == '"') break;
      if (c == '\\') {
        if (pos_ < s_.size() && (s_[pos_] == '"' || s_[pos_] == '\\')) {
          t.text += s_[pos_++];
          continue;
        }
        return Error(pos_ - 1, "unknown escape in text: only \\\" and \\\\ are allowed");
      }
      t.text += c;
    }
    t.raw = s_.substr(start, pos_ - start);
    return t;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

class Parser {
 public:
  Parser(std::string_view s, const std::vector<NamedList>& lists, const std::string& field,
         std::vector<std::string>* lists_used)
      : s_(s),
        lexer_(s.substr(0, std::min(s.size(), kMaxExpressionBytes))),
        lists_(lists),
        field_(field),
        lists_used_(lists_used) {
    tok_ = lexer_.Next();
  }

  core::Result<Expr> Parse() {
    if (s_.size() > kMaxExpressionBytes) {
      return Fail(kMaxExpressionBytes,
                  "the expression has " + std::to_string(s_.size()) + " bytes; at most " +
                      std::to_string(kMaxExpressionBytes) +
                      " (split it into several rules, or move values into a list)");
    }
    if (tok_.kind == Tok::kEnd) {
      return Fail(0,
                  "the expression is empty: write a test such as port_of_loading in "
                  "@source_ports");
    }
    ISTMO_ASSIGN_OR_RETURN(Expr e, ParseOr(0));
    if (tok_.kind == Tok::kError) return Fail(tok_.offset, tok_.text);
    if (tok_.kind == Tok::kRParen) return Fail(tok_.offset, "')' has no matching '('");
    if (tok_.kind != Tok::kEnd) {
      return Fail(tok_.offset, "unexpected '" + Shown(tok_.raw) +
                                   "' after a complete test: join tests with and / or");
    }
    return e;
  }

 private:
  // The 1-based line and column (in bytes) of `offset`.
  std::pair<std::int64_t, std::int64_t> LineColumn(std::size_t offset) const {
    std::int64_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < s_.size(); ++i) {
      if (s_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return {line, static_cast<std::int64_t>(offset - line_start + 1)};
  }

  core::Error Fail(std::size_t offset, std::string message) const {
    const auto [line, column] = LineColumn(offset);
    return core::WithReason(core::InvalidArgument(ValidUtf8(message), field_, line), "rule_syntax",
                            {{"line", std::to_string(line)}, {"column", std::to_string(column)}});
  }

  std::string Position(std::size_t offset) const {
    const auto [line, column] = LineColumn(offset);
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
  }

  void Advance() {
    previous_ = tok_.raw;
    tok_ = lexer_.Next();
  }
  bool AtWord(std::string_view word) const { return tok_.kind == Tok::kIdent && tok_.text == word; }

  // The current token as an error, when the lexer found one, else `message` at it.
  core::Error FailHere(std::string message) const {
    if (tok_.kind == Tok::kError) return Fail(tok_.offset, tok_.text);
    return Fail(tok_.offset, std::move(message));
  }
  std::string Found() const {
    if (tok_.kind == Tok::kEnd) return "the end";
    return "'" + Shown(tok_.raw) + "'";
  }

  core::Result<Expr> ParseOr(int depth) { return ParseChain(depth, "or", Expr::Kind::kOr); }
  core::Result<Expr> ParseAnd(int depth) { return ParseChain(depth, "and", Expr::Kind::kAnd); }

  // operand (word operand)*, as one node with every operand as a child (a flat tree keeps the
  // evaluation's recursion as shallow as the nesting the analyst wrote).
  core::Result<Expr> ParseChain(int depth, std::string_view word, Expr::Kind kind) {
    auto operand = [&]() { return kind == Expr::Kind::kOr ? ParseAnd(depth) : ParseNot(depth); };
    ISTMO_ASSIGN_OR_RETURN(Expr first, operand());
    if (!AtWord(word)) return first;
    Expr e;
    e.kind = kind;
    e.children.push_back(std::move(first));
    while (AtWord(word)) {
      Advance();
      ISTMO_ASSIGN_OR_RETURN(Expr next, operand());
      e.children.push_back(std::move(next));
    }
    return e;
  }

  core::Result<Expr> ParseNot(int depth) {
    if (AtWord("not")) {
      if (depth + 1 > kMaxNesting) return TooDeep();
      Advance();
      ISTMO_ASSIGN_OR_RETURN(Expr child, ParseNot(depth + 1));
      Expr e;
      e.kind = Expr::Kind::kNot;
      e.children.push_back(std::move(child));
      return e;
    }
    return ParseTest(depth);
  }

  core::Error TooDeep() const {
    return Fail(tok_.offset, "too deeply nested: at most " + std::to_string(kMaxNesting) +
                                 " levels of parentheses and not");
  }

  core::Result<Expr> ParseTest(int depth) {
    if (tok_.kind == Tok::kLParen) {
      if (depth + 1 > kMaxNesting) return TooDeep();
      const std::size_t open = tok_.offset;
      Advance();
      ISTMO_ASSIGN_OR_RETURN(Expr inner, ParseOr(depth + 1));
      if (tok_.kind != Tok::kRParen) {
        if (tok_.kind == Tok::kError) return Fail(tok_.offset, tok_.text);
        return Fail(tok_.offset,
                    "missing ')' to close the '(' at " + Position(open) + ", found " + Found());
      }
      Advance();
      return inner;
    }
    if (tok_.kind != Tok::kIdent) {
      if (tok_.kind == Tok::kEnd) {
        return Fail(tok_.offset, previous_.empty()
                                     ? std::string("expected a test")
                                     : "expected a test after '" + Shown(previous_) + "'");
      }
      if (tok_.kind == Tok::kRParen) {
        return FailHere("expected a test before ')'");
      }
      return FailHere("expected a field name, found " + Found() +
                      ": a test reads field, operator, value, like weight_kg > 20000");
    }
    if (IsKeyword(tok_.text)) {
      return FailHere("expected a field name, found the word '" + Shown(tok_.raw) + "'");
    }
    const FieldDef* f = FindField(tok_.text);
    if (f == nullptr) {
      std::vector<std::string_view> names;
      for (const FieldDef& d : FieldDefs()) names.push_back(d.name);
      const std::string guess = Closest(tok_.text, names);
      return FailHere("unknown field '" + Shown(tok_.raw) + "'" +
                      (guess.empty() ? std::string(" (the fields are listed beside the editor)")
                                     : " (did you mean '" + guess + "'?)"));
    }
    Advance();
    Expr e;
    e.field = f;
    if (tok_.kind == Tok::kOp) return ParseCompare(std::move(e));
    if (AtWord("not") || AtWord("in")) {
      if (f->type == FieldType::kBool) return NotFor(*f);
      e.kind = Expr::Kind::kIn;
      if (AtWord("not")) {
        Advance();
        if (!AtWord("in")) return FailHere("expected 'in' after 'not', found " + Found());
        e.negated = true;
      }
      Advance();
      ISTMO_RETURN_IF_ERROR(ParseSet(e));
      return e;
    }
    if (AtWord("starts_with") || AtWord("contains")) {
      const bool starts = AtWord("starts_with");
      if (f->type == FieldType::kNumber || f->type == FieldType::kBool ||
          (starts && f->type == FieldType::kTextList)) {
        return NotFor(*f);
      }
      Advance();
      e.kind = starts ? Expr::Kind::kStartsWith : Expr::Kind::kContains;
      if (tok_.kind != Tok::kString) return ValueError(*f, starts ? "starts_with" : "contains");
      const std::size_t at = tok_.offset;
      auto v = (f->type == FieldType::kTextList) ? NormalizeText(f->form, tok_.text, field_)
                                                 : Fragment(f->form, tok_.text);
      if (!v) return Fail(at, v.error().message);
      e.text = std::move(*v);
      Advance();
      return e;
    }
    if (AtWord("is")) {
      if (f->type == FieldType::kBool) return NotFor(*f);
      Advance();
      e.kind = Expr::Kind::kMissing;
      if (AtWord("not")) {
        e.negated = true;
        Advance();
      }
      if (!AtWord("missing")) return FailHere("expected 'missing' after 'is', found " + Found());
      Advance();
      return e;
    }
    if (f->type == FieldType::kBool) {
      e.kind = Expr::Kind::kBool;
      return e;
    }
    if (tok_.kind == Tok::kError) return Fail(tok_.offset, tok_.text);
    return Fail(tok_.offset, "missing operator after " + std::string(f->name) + " (" +
                                 std::string(TypeName(f->type)) + "): use " +
                                 std::string(OperatorsOf(f->type)) + ", found " + Found());
  }

  static bool IsKeyword(std::string_view w) {
    return w == "and" || w == "or" || w == "not" || w == "in" || w == "is" || w == "missing" ||
           w == "starts_with" || w == "contains" || w == "true" || w == "false";
  }

  core::Error NotFor(const FieldDef& f) const {
    return FailHere("'" + Shown(tok_.raw) + "' does not apply to " + std::string(f.name) + ", " +
                    std::string(TypeName(f.type)) + ": use " + std::string(OperatorsOf(f.type)));
  }

  core::Error ValueError(const FieldDef& f, std::string_view after) const {
    if (tok_.kind == Tok::kError) return Fail(tok_.offset, tok_.text);
    const bool is_value =
        tok_.kind == Tok::kNumber || tok_.kind == Tok::kString || AtWord("true") || AtWord("false");
    if (!is_value) {
      return FailHere("missing value after '" + std::string(after) + "', found " + Found());
    }
    std::string expected;
    switch (f.type) {
      case FieldType::kNumber:
        expected = "compare it with a number";
        break;
      case FieldType::kBool:
        expected = "compare it with true or false";
        break;
      case FieldType::kText:
      case FieldType::kTextList:
        expected = "write the value in double quotes";
        break;
    }
    if (tok_.kind == Tok::kNumber && f.type != FieldType::kNumber && f.type != FieldType::kBool) {
      expected += ", \"" + Shown(tok_.raw) + "\"";
      return FailHere(std::string(f.name) + " is " + std::string(TypeName(f.type)) + ": " +
                      expected);
    }
    return FailHere(std::string(f.name) + " is " + std::string(TypeName(f.type)) + ": " + expected +
                    ", not " + Shown(tok_.raw));
  }

  core::Result<Expr> ParseCompare(Expr e) {
    const FieldDef& f = *e.field;
    e.kind = Expr::Kind::kCompare;
    e.op = tok_.op;
    const std::string op_raw(tok_.raw);
    const bool ordering = e.op != CmpOp::kEq && e.op != CmpOp::kNe;
    if (f.type == FieldType::kTextList || (ordering && f.type != FieldType::kNumber)) {
      return NotFor(f);
    }
    Advance();
    switch (f.type) {
      case FieldType::kNumber:
        if (tok_.kind != Tok::kNumber) return ValueError(f, op_raw);
        e.number = tok_.number;
        break;
      case FieldType::kBool:
        if (!AtWord("true") && !AtWord("false")) return ValueError(f, op_raw);
        e.boolean = AtWord("true");
        break;
      case FieldType::kText: {
        if (tok_.kind != Tok::kString) return ValueError(f, op_raw);
        auto v = NormalizeText(f.form, tok_.text, field_);
        if (!v) return Fail(tok_.offset, v.error().message);
        e.text = std::move(*v);
        break;
      }
      case FieldType::kTextList:
        break;
    }
    Advance();
    return e;
  }

  core::Status ParseSet(Expr& e) {
    const FieldDef& f = *e.field;
    e.prefix = f.form == TextForm::kHs && f.type == FieldType::kText;
    if (tok_.kind == Tok::kList) {
      const std::size_t at = tok_.offset;
      const NamedList* list = nullptr;
      for (const NamedList& l : lists_) {
        if (l.name == tok_.text) list = &l;
      }
      if (list == nullptr) {
        std::vector<std::string_view> names;
        for (const NamedList& l : lists_) names.push_back(l.name);
        const std::string guess = Closest(tok_.text, names);
        return Fail(at, "unknown list '@" + Shown(tok_.text) + "'" +
                            (guess.empty() ? std::string(" (create it under Lists first)")
                                           : " (did you mean '@" + guess + "'?)"));
      }
      if (f.type == FieldType::kNumber) {
        return Fail(at, "@" + list->name + " is a list of " + std::string(KindItems(list->kind)) +
                            "; " + std::string(f.name) +
                            " is a number and takes a set of numbers, like [1, 2]");
      }
      const ListKind wanted = KindOfForm(f.form);
      if (list->kind != wanted) {
        return Fail(at, "@" + list->name + " is a list of " + std::string(KindItems(list->kind)) +
                            "; " + std::string(f.name) + " needs a list of " +
                            std::string(KindItems(wanted)));
      }
      for (const std::string& item : list->items) {
        if (list->kind == ListKind::kText) {
          // Text lists are stored upper-cased; an address field compares address keys.
          auto v = NormalizeText(f.form, item, field_);
          if (v) e.texts.push_back(std::move(*v));
        } else {
          e.texts.push_back(item);
        }
      }
      e.list = list->name;
      if (lists_used_ != nullptr &&
          std::find(lists_used_->begin(), lists_used_->end(), list->name) == lists_used_->end()) {
        lists_used_->push_back(list->name);
      }
      Advance();
      Finish(e);
      return core::Ok();
    }
    if (tok_.kind != Tok::kLBracket) {
      return FailHere("expected a set after 'in': @list_name or [value, value, ...], found " +
                      Found());
    }
    const std::size_t open = tok_.offset;
    Advance();
    if (tok_.kind == Tok::kRBracket) {
      return Fail(open, "the set [] is empty: name at least one value");
    }
    while (true) {
      if (f.type == FieldType::kNumber) {
        if (tok_.kind != Tok::kNumber) return ValueError(f, previous_);
        e.numbers.push_back(tok_.number);
      } else {
        if (tok_.kind != Tok::kString) return ValueError(f, previous_);
        auto v = NormalizeText(f.form, tok_.text, field_);
        if (!v) return Fail(tok_.offset, v.error().message);
        e.texts.push_back(std::move(*v));
      }
      Advance();
      if (tok_.kind == Tok::kComma) {
        Advance();
        continue;
      }
      if (tok_.kind == Tok::kRBracket) break;
      if (tok_.kind == Tok::kError) return Fail(tok_.offset, tok_.text);
      return Fail(tok_.offset, "missing ']' to close the set at " + Position(open) + ", found " +
                                   Found() + " (separate values with commas)");
    }
    Advance();
    Finish(e);
    return core::Ok();
  }

  static void Finish(Expr& e) {
    std::sort(e.texts.begin(), e.texts.end());
    e.texts.erase(std::unique(e.texts.begin(), e.texts.end()), e.texts.end());
    std::sort(e.numbers.begin(), e.numbers.end());
    e.numbers.erase(std::unique(e.numbers.begin(), e.numbers.end()), e.numbers.end());
  }

  // A piece of a value for starts_with and contains, in the form of the field's values.
  core::Result<std::string> Fragment(TextForm form, std::string_view value) const {
    std::string out;
    switch (form) {
      case TextForm::kParty:
        out = PartyKey(value);
        break;
      case TextForm::kAddress:
        out = AddressKey(value);
        break;
      case TextForm::kHs:
        for (char c : value) {
          if (IsDigit(c)) {
            out += c;
          } else if (c != '.' && c != ' ') {
            return core::InvalidArgument("'" + Shown(value) + "': an HS code has digits only",
                                         field_);
          }
        }
        break;
      default:
        out = Upper(Trim(value));
        break;
    }
    if (out.empty()) {
      return core::InvalidArgument("'" + Shown(value) + "' has no letter or digit to look for",
                                   field_);
    }
    return out;
  }

  std::string_view s_;
  Lexer lexer_;
  Token tok_;
  std::string_view previous_;
  const std::vector<NamedList>& lists_;
  const std::string& field_;
  std::vector<std::string>* lists_used_;
};

}  // namespace

core::Result<std::string> NormalizeText(TextForm form, std::string_view value,
                                        const std::string& field) {
  switch (form) {
    case TextForm::kPort:
      return NormalizeLocode(value, field);
    case TextForm::kHs:
      return NormalizeHsCode(value, field);
    case TextForm::kCountry: {
      std::string code = Upper(Trim(value));
      if (!IsAssignedAlpha2(code)) {
        return core::InvalidArgument(
            "'" + Shown(value) + "' is not an ISO 3166-1 alpha-2 country code, like CO", field);
      }
      return code;
    }
    case TextForm::kParty:
    case TextForm::kAddress: {
      std::string key = form == TextForm::kParty ? PartyKey(value) : AddressKey(value);
      if (key.empty()) {
        return core::InvalidArgument("'" + Shown(value) + "' has no letter or digit", field);
      }
      return key;
    }
    case TextForm::kText: {
      std::string text = Upper(Trim(value));
      if (text.empty()) return core::InvalidArgument("a value must not be empty", field);
      if (text.size() > 200) {
        return core::InvalidArgument("a value has at most 200 characters", field);
      }
      return text;
    }
  }
  return core::Internal("unknown text form");
}

core::Result<Expr> ParseRule(std::string_view expression, const std::vector<NamedList>& lists,
                             const std::string& field, std::vector<std::string>* lists_used) {
  Parser parser(expression, lists, field, lists_used);
  return parser.Parse();
}

}  // namespace istmo::canal::internal
