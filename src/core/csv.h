// core/csv.h — one RFC 4180 record reader for every module's CSV inputs (migration's encounter
// import and compiled-in country list, canal's manifests and transit schedules).
//
// Thread-safety: NextCsvRecord is a pure function over the caller's text; a CsvRecordViews is
// one reader's state (one per thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace istmo::core {

// One record of RFC 4180 CSV starting at `pos`: its fields, and the position after it.
// `lines` counts the line breaks consumed (a quoted field may span lines).
struct CsvRecord {
  std::vector<std::string> fields;
  std::string error;  // "unterminated quote", "text after a closing quote"
};

// One record at a time as views, for large files (a manifest of a million lines has sixteen
// million fields): a field is a view of the text unless unquoting changed it (a doubled quote,
// text after a closing quote); then it is a view of this reader's buffer. Views stay valid until
// the next call of Next.
class CsvRecordViews {
 public:
  // Reads the record starting at `pos` and moves `pos` past it; `lines` counts the line breaks
  // consumed (a quoted field may span lines).
  void Next(std::string_view text, std::size_t& pos, std::int64_t& lines) {
    spans_.clear();
    scratch_.clear();
    error_ = {};
    bool quoted = false;
    bool after_quote = false;
    Field f;
    const std::size_t n = text.size();
    while (pos < n) {
      const char c = text[pos];
      if (quoted) {
        if (c == '"') {
          if (pos + 1 < n && text[pos + 1] == '"') {
            Append(f, text, pos);
            pos += 2;
            continue;
          }
          quoted = false;
          after_quote = true;
          ++pos;
          continue;
        }
        if (c == '\n') ++lines;
        Append(f, text, pos);
        ++pos;
        continue;
      }
      if (c == ',') {
        spans_.push_back(f);
        f = Field();
        after_quote = false;
        ++pos;
        continue;
      }
      if (c == '\n' || c == '\r') {
        if (c == '\r' && pos + 1 < n && text[pos + 1] == '\n') ++pos;
        ++pos;
        ++lines;
        spans_.push_back(f);
        Finish(text);
        return;
      }
      if (c == '"' && f.size == 0 && !after_quote) {
        quoted = true;
        ++pos;
        continue;
      }
      if (after_quote && error_.empty()) error_ = "text after a closing quote";
      Append(f, text, pos);
      ++pos;
    }
    if (quoted && error_.empty()) error_ = "unterminated quote";
    spans_.push_back(f);
    ++lines;
    Finish(text);
  }

  const std::vector<std::string_view>& fields() const { return fields_; }
  // "", "unterminated quote" or "text after a closing quote".
  std::string_view error() const { return error_; }
  // A blank line: one empty field.
  bool blank() const { return fields_.size() == 1 && fields_[0].empty(); }

 private:
  // A field's bytes: text[begin, begin + size), or scratch_[begin, ...) once built there.
  struct Field {
    std::size_t begin = 0;
    std::size_t size = 0;
    bool built = false;
  };

  // Adds text[at] to the field: the view grows while the bytes are contiguous in the text.
  void Append(Field& f, std::string_view text, std::size_t at) {
    if (!f.built) {
      if (f.size == 0) {
        f.begin = at;
        f.size = 1;
        return;
      }
      if (f.begin + f.size == at) {
        ++f.size;
        return;
      }
      const std::size_t start = scratch_.size();
      scratch_.append(text.substr(f.begin, f.size));
      f.begin = start;
      f.built = true;
    }
    scratch_ += text[at];
    ++f.size;
  }

  void Finish(std::string_view text) {
    fields_.clear();
    for (const Field& f : spans_) {
      fields_.push_back(f.built ? std::string_view(scratch_).substr(f.begin, f.size)
                                : text.substr(f.begin, f.size));
    }
  }

  std::vector<Field> spans_;
  std::vector<std::string_view> fields_;
  std::string scratch_;
  std::string_view error_;
};

// The record starting at `pos` with its fields copied out (CsvRecordViews, for small inputs).
inline CsvRecord NextCsvRecord(std::string_view text, std::size_t& pos, std::int64_t& lines) {
  CsvRecordViews views;
  views.Next(text, pos, lines);
  CsvRecord r;
  r.fields.assign(views.fields().begin(), views.fields().end());
  r.error = std::string(views.error());
  return r;
}

}  // namespace istmo::core
