// store/value.h — the values that cross the database interface: parameters and result rows.
//
// A Value is NULL, a 64-bit integer, a double, UTF-8 text or a blob — the storage classes that
// SQLite and PostgreSQL share. Rows are small vectors of Values read by column index, with
// accessors that turn NULL into the type's empty value (Int → 0, Text → "").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace istmo::store {

struct Blob {
  std::vector<std::uint8_t> bytes;
  bool operator==(const Blob&) const = default;
};

using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;
// A parameter of a prepared Statement (store.h): text is a view of the caller's bytes, bound
// without a copy, so it must stay alive until the statement has run (a temporary std::string
// dies before that).
using ValueRef = std::variant<std::monostate, std::int64_t, double, std::string_view>;

inline Value Null() { return std::monostate{}; }
// Text, or NULL when empty: for optional text columns.
inline Value TextOrNull(std::string_view s) {
  return s.empty() ? Value(std::monostate{}) : Value(std::string(s));
}

class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  const Value& at(std::size_t i) const { return values_.at(i); }
  bool IsNull(std::size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  // Integer value; a double is truncated, NULL and text give 0.
  std::int64_t Int(std::size_t i) const;
  double Real(std::size_t i) const;
  // Text value; an integer or double is formatted, NULL gives "".
  std::string Text(std::size_t i) const;
  std::optional<std::string> OptText(std::size_t i) const;
  // Blob bytes; text is returned as its bytes, anything else is empty.
  std::vector<std::uint8_t> Bytes(std::size_t i) const;

 private:
  std::vector<Value> values_;
};

}  // namespace istmo::store
