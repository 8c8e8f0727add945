// canal/internal/json_line.h — the JSON form of the imports: {"<array>": [ {...}, ... ]}, each
// item read like a CSV line, with errors naming the item's JSON pointer ("/lines/3/hs_code").
// nlohmann::json is used without exceptions: the body is parsed by api::JsonBody (depth limit,
// object check) and every access checks the type first.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "canal/manifest.h"
#include "core/result.h"

namespace istmo::canal::internal {

class JsonLine {
 public:
  JsonLine(const nlohmann::json& j, std::string pointer, std::int64_t number)
      : j_(j), pointer_(std::move(pointer)), number_(number) {}

  const std::string& pointer() const { return pointer_; }
  std::int64_t number() const { return number_; }  // 1-based position in the array

  core::Status RejectUnknown(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : j_.items()) {
      bool known = false;
      for (std::string_view a : allowed) known = known || key == a;
      if (!known) return core::InvalidArgument("unknown field", Field(key.substr(0, 40)));
    }
    return core::Ok();
  }
  // Required text, 1..kMaxTextBytes bytes, through api::CheckText.
  core::Result<std::string> String(std::string_view key) const {
    ISTMO_ASSIGN_OR_RETURN(auto s, OptString(key));
    if (s.empty()) return core::InvalidArgument("is required", Field(key));
    return s;
  }
  // Absent or null gives "".
  core::Result<std::string> OptString(std::string_view key) const {
    const nlohmann::json* v = Find(key);
    if (v == nullptr) return std::string();
    if (!v->is_string()) return core::InvalidArgument("must be a string", Field(key));
    const std::string& s = v->get_ref<const std::string&>();
    if (s.size() > kMaxTextBytes) {
      return core::InvalidArgument("longer than " + std::to_string(kMaxTextBytes) + " bytes",
                                   Field(key));
    }
    ISTMO_RETURN_IF_ERROR(api::CheckText(s, Field(key)));
    return s;
  }
  // Absent or null gives {}; otherwise an array of at most 20 strings.
  core::Result<std::vector<std::string>> StringArray(std::string_view key) const {
    const nlohmann::json* v = Find(key);
    std::vector<std::string> out;
    if (v == nullptr) return out;
    if (!v->is_array() || v->size() > 20) {
      return core::InvalidArgument("must be an array of at most 20 strings", Field(key));
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      const std::string field = Field(key) + "/" + std::to_string(i);
      if (!(*v)[i].is_string()) return core::InvalidArgument("must be a string", field);
      const std::string& s = (*v)[i].get_ref<const std::string&>();
      if (s.size() > kMaxTextBytes) return core::InvalidArgument("too long", field);
      ISTMO_RETURN_IF_ERROR(api::CheckText(s, field));
      out.push_back(s);
    }
    return out;
  }
  core::Result<std::optional<double>> Number(std::string_view key, bool required) const {
    const nlohmann::json* v = Find(key);
    if (v == nullptr) {
      if (required) return core::InvalidArgument("is required", Field(key));
      return std::optional<double>();
    }
    if (!v->is_number()) return core::InvalidArgument("must be a number", Field(key));
    return std::optional<double>(v->get<double>());
  }
  // An object member, read the same way; std::nullopt when absent or null and not required.
  core::Result<std::optional<JsonLine>> Object(
      std::string_view key, bool required, std::initializer_list<std::string_view> allowed) const {
    const nlohmann::json* v = Find(key);
    if (v == nullptr) {
      if (required) return core::InvalidArgument("is required", Field(key));
      return std::optional<JsonLine>();
    }
    if (!v->is_object()) return core::InvalidArgument("must be an object", Field(key));
    JsonLine inner(*v, Field(key), number_);
    ISTMO_RETURN_IF_ERROR(inner.RejectUnknown(allowed));
    return std::optional<JsonLine>(inner);
  }

 private:
  std::string Field(std::string_view key) const { return pointer_ + "/" + std::string(key); }
  const nlohmann::json* Find(std::string_view key) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  const nlohmann::json& j_;
  std::string pointer_;
  std::int64_t number_;
};

// Reads {"<array_key>": [...]} (no other member) and calls `item` for each element; an element
// that is not an object, or whose callback fails, becomes a reject with its position and field.
// kInvalidArgument for a body that is not such an object or has more than `max_items` items.
inline core::Status ForEachJsonLine(std::string_view text, std::string_view array_key,
                                    std::int64_t max_items, std::vector<Reject>& rejects,
                                    std::int64_t& total,
                                    const std::function<core::Status(const JsonLine&)>& item) {
  ISTMO_ASSIGN_OR_RETURN(auto body, api::JsonBody::Parse(text));
  ISTMO_RETURN_IF_ERROR(body.RejectUnknown({array_key}));
  const std::string pointer = "/" + std::string(array_key);
  auto it = body.json().find(array_key);
  if (it == body.json().end() || !it->is_array()) {
    return core::InvalidArgument("must be an array of objects", pointer);
  }
  if (static_cast<std::int64_t>(it->size()) > max_items) {
    return core::InvalidArgument(
        "more than " + std::to_string(max_items) + " items; split the file", pointer);
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::int64_t number = static_cast<std::int64_t>(i) + 1;
    const std::string at = pointer + "/" + std::to_string(i);
    ++total;
    if (!(*it)[i].is_object()) {
      rejects.push_back({.line = number, .field = at, .message = "must be an object"});
      continue;
    }
    core::Status s = item(JsonLine((*it)[i], at, number));
    if (!s)
      rejects.push_back({.line = number, .field = s.error().field, .message = s.error().message});
  }
  return core::Ok();
}

}  // namespace istmo::canal::internal
