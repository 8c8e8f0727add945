// canal/internal/rule_ast.h — the checked syntax tree of a risk rule (canal/rules.h) and the
// table of fields it refers to. The parser (rule_parser.cc) resolves fields and lists, checks
// types and normalizes every literal to the stored form of its field, so that the compiler
// (rules.cc) and the SQL translation of the scoring bench need no further checks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "canal/rules.h"
#include "core/result.h"

namespace istmo::canal::internal {

// How a literal compared with a text field, or an item of a list used with it, is put in the
// field's stored form.
enum class TextForm : std::uint8_t {
  kPort,     // NormalizeLocode
  kCountry,  // ISO 3166-1 alpha-2
  kParty,    // PartyKey
  kAddress,  // AddressKey
  kHs,       // NormalizeHsCode
  kText,     // trimmed, upper-cased
};

struct FieldDef {
  std::string_view name;
  FieldType type;
  TextForm form = TextForm::kText;  // text and list fields
  std::string_view description_es;
  std::string_view description_en;
  // Exactly one accessor is set, by type.
  std::string ContainerFacts::*text = nullptr;
  double ContainerFacts::*number = nullptr;
  std::vector<std::string> ContainerFacts::*list = nullptr;
  bool (*boolean)(const ContainerFacts&) = nullptr;
};
const std::vector<FieldDef>& FieldDefs();
// The field of a lower-case name, or nullptr.
const FieldDef* FindField(std::string_view name);
// The list kind a field's form accepts (kText for text and address fields).
ListKind KindOfForm(TextForm form);

enum class CmpOp : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

struct Expr {
  enum class Kind : std::uint8_t {
    kAnd,         // children, at least two
    kOr,          // children, at least two
    kNot,         // one child
    kCompare,     // field op number | text | boolean
    kIn,          // field in numbers | texts; negated for "not in"
    kStartsWith,  // text field starts_with text
    kContains,    // text field: substring; list field: element
    kMissing,     // field is missing; negated for "is not missing"
    kBool,        // a boolean field alone
  };
  Kind kind = Kind::kAnd;
  std::vector<Expr> children;
  const FieldDef* field = nullptr;
  CmpOp op = CmpOp::kEq;
  bool negated = false;
  bool prefix = false;  // kIn on hs_code: an item matches every code it starts
  double number = 0;
  bool boolean = false;
  std::string text;                // normalized
  std::vector<double> numbers;     // kIn on a number field, sorted, unique
  std::vector<std::string> texts;  // kIn on a text or list field, normalized, sorted, unique
  std::string list;                // the @list it came from, "" for a literal set
};

// The caps that bound the cost of an expression (and the parser's recursion).
inline constexpr std::size_t kMaxExpressionBytes = 4096;
inline constexpr int kMaxNesting = 32;

// Parses and checks an expression. On error: kInvalidArgument naming `field`, the line, and
// params {line, column} with reason "rule_syntax". `lists_used` receives the names of the lists
// referred to, in order of first use.
core::Result<Expr> ParseRule(std::string_view expression, const std::vector<NamedList>& lists,
                             const std::string& field, std::vector<std::string>* lists_used);

// Puts `value` in the stored form of `form`, or kInvalidArgument with `field` and a message.
core::Result<std::string> NormalizeText(TextForm form, std::string_view value,
                                        const std::string& field);

}  // namespace istmo::canal::internal
