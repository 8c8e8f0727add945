// The rule language's fields, lists and the compiled rule set (canal/rules.h). The parser and
// checker are in internal/rule_parser.cc; this file turns a checked tree into a flat array of
// nodes per rule and evaluates it.
//
// Why this shape (bench_canal_score, docs/perf.md "Canal: scoring"): a container is scored by
// ~30 rules and the goal is 1,000,000 containers a second, i.e. ~30 ns a rule. Nodes are a flat
// array walked by a switch (no virtual calls, no allocation); fields are read through member
// pointers; a set of short values (UN/LOCODEs, country codes, HS codes, currencies: ≤ 7 bytes)
// is a sorted array of 64-bit keys (bytes + length) searched in a few comparisons; longer values
// (party keys, addresses) are a sorted array of strings.
#include "canal/rules.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "canal/codes.h"
#include "canal/internal/rule_ast.h"
#include "canal/parties.h"

namespace istmo::canal {
namespace internal {
namespace {

bool Transshipped(const ContainerFacts& f) { return !f.transshipment_ports.empty(); }
bool HasNotify(const ContainerFacts& f) { return !f.notify.empty(); }
bool VesselKnown(const ContainerFacts& f) { return !std::isnan(f.vessel_gaps); }

FieldDef Text(std::string_view name, TextForm form, std::string ContainerFacts::*member,
              std::string_view es, std::string_view en) {
  return {.name = name,
          .type = FieldType::kText,
          .form = form,
          .description_es = es,
          .description_en = en,
          .text = member};
}
FieldDef Number(std::string_view name, double ContainerFacts::*member, std::string_view es,
                std::string_view en) {
  return {.name = name,
          .type = FieldType::kNumber,
          .description_es = es,
          .description_en = en,
          .number = member};
}
FieldDef List(std::string_view name, TextForm form,
              std::vector<std::string> ContainerFacts::*member, std::string_view es,
              std::string_view en) {
  return {.name = name,
          .type = FieldType::kTextList,
          .form = form,
          .description_es = es,
          .description_en = en,
          .list = member};
}
FieldDef Bool(std::string_view name, bool (*fn)(const ContainerFacts&), std::string_view es,
              std::string_view en) {
  return {.name = name,
          .type = FieldType::kBool,
          .description_es = es,
          .description_en = en,
          .boolean = fn};
}

}  // namespace

const std::vector<FieldDef>& FieldDefs() {
  using F = ContainerFacts;
  static const std::vector<FieldDef> defs = {
      Text("bill_of_lading", TextForm::kText, &F::bill_of_lading,
           "Número de conocimiento de embarque", "Bill of lading number"),
      Text("container_number", TextForm::kText, &F::container_number,
           "Número del contenedor (ISO 6346)", "Container number (ISO 6346)"),
      Text("owner_code", TextForm::kText, &F::owner_code,
           "Código de propietario del contenedor (3 letras)", "Container owner code (3 letters)"),
      Text("hs_code", TextForm::kHs, &F::hs_code, "Código SA de la mercancía (2, 4 o 6 dígitos)",
           "HS commodity code (2, 4 or 6 digits)"),
      Text("port_of_loading", TextForm::kPort, &F::port_of_loading, "Puerto de carga (UN/LOCODE)",
           "Port of loading (UN/LOCODE)"),
      Text("port_of_discharge", TextForm::kPort, &F::port_of_discharge,
           "Puerto de descarga (UN/LOCODE)", "Port of discharge (UN/LOCODE)"),
      List("transshipment_ports", TextForm::kPort, &F::transshipment_ports,
           "Puertos de trasbordo declarados", "Declared transshipment ports"),
      Text("loading_country", TextForm::kCountry, &F::loading_country,
           "País del puerto de carga (ISO 3166-1)", "Country of the port of loading (ISO 3166-1)"),
      Text("discharge_country", TextForm::kCountry, &F::discharge_country,
           "País del puerto de descarga", "Country of the port of discharge"),
      Text("shipper", TextForm::kParty, &F::shipper, "Embarcador", "Shipper"),
      Text("consignee", TextForm::kParty, &F::consignee, "Consignatario", "Consignee"),
      Text("notify", TextForm::kParty, &F::notify, "Parte a notificar (vacía si no hay)",
           "Notify party (empty when none)"),
      Text("shipper_address", TextForm::kAddress, &F::shipper_address, "Dirección del embarcador",
           "Shipper's address"),
      Text("consignee_address", TextForm::kAddress, &F::consignee_address,
           "Dirección del consignatario", "Consignee's address"),
      Number("weight_kg", &F::weight_kg, "Peso bruto declarado (kg)", "Declared gross weight (kg)"),
      Number("declared_value", &F::declared_value, "Valor declarado (en la moneda declarada)",
             "Declared value (in the declared currency)"),
      Text("currency", TextForm::kText, &F::currency, "Moneda del valor declarado (ISO 4217)",
           "Currency of the declared value (ISO 4217)"),
      Number("value_per_kg", &F::value_per_kg, "Valor declarado por kg", "Declared value per kg"),
      Number("seal_count", &F::seal_count, "Número de precintos declarados",
             "Number of declared seals"),
      Text("vessel_imo", TextForm::kText, &F::vessel_imo, "Número OMI del buque",
           "IMO number of the vessel"),
      Number("shipper_lines", &F::shipper_lines, "Líneas anteriores del mismo embarcador",
             "Earlier lines of the same shipper"),
      Number("consignee_lines", &F::consignee_lines, "Líneas anteriores del mismo consignatario",
             "Earlier lines of the same consignee"),
      Number("shipper_age_days", &F::shipper_age_days,
             "Días desde la primera línea del embarcador (falta si es nuevo)",
             "Days since the shipper's first line (missing when new)"),
      Number("shipper_positives", &F::shipper_positives,
             "Inspecciones positivas de líneas del embarcador",
             "Positive inspections of the shipper's lines"),
      Number("consignee_positives", &F::consignee_positives,
             "Inspecciones positivas de líneas del consignatario",
             "Positive inspections of the consignee's lines"),
      Number("route_positives", &F::route_positives,
             "Inspecciones positivas de líneas del mismo puerto de carga",
             "Positive inspections of lines from the same port of loading"),
      Number("vessel_gaps", &F::vessel_gaps, "Brechas AIS del buque en 30 días",
             "The vessel's AIS gaps in 30 days"),
      Number("vessel_dark_hours", &F::vessel_dark_hours, "Horas sin AIS del buque en 30 días",
             "Hours of the vessel's AIS gaps in 30 days"),
      Number("vessel_encounters", &F::vessel_encounters,
             "Encuentros del buque en el mar en 30 días",
             "The vessel's encounters at sea in 30 days"),
      Number("vessel_loitering", &F::vessel_loitering, "Merodeos del buque en 30 días",
             "The vessel's loitering events in 30 days"),
      Number("vessel_alerts", &F::vessel_alerts, "Alertas marítimas del buque en 30 días",
             "Maritime alerts on the vessel in 30 days"),
      Number("vessel_source_port_calls", &F::vessel_source_port_calls,
             "Escalas del buque en países de origen en 30 días",
             "The vessel's port calls in source countries in 30 days"),
      List("route_ports", TextForm::kPort, &F::route_ports,
           "Puertos de la ruta: carga, trasbordos y descarga",
           "Ports of the route: loading, transshipments and discharge"),
      List("route_countries", TextForm::kCountry, &F::route_countries, "Países de la ruta",
           "Countries of the route"),
      Number("transshipments", &F::transshipments, "Número de puertos de trasbordo",
             "Number of transshipment ports"),
      Bool("transshipped", &Transshipped, "Tiene al menos un trasbordo declarado",
           "Has at least one declared transshipment"),
      Bool("has_notify", &HasNotify, "Declara una parte a notificar", "Names a notify party"),
      Bool("vessel_known", &VesselKnown, "El buque es conocido por el registro marítimo",
           "The vessel is known to the maritime registry"),
  };
  return defs;
}

const FieldDef* FindField(std::string_view name) {
  for (const FieldDef& d : FieldDefs()) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

ListKind KindOfForm(TextForm form) {
  switch (form) {
    case TextForm::kPort:
      return ListKind::kPorts;
    case TextForm::kCountry:
      return ListKind::kCountries;
    case TextForm::kParty:
      return ListKind::kParties;
    case TextForm::kHs:
      return ListKind::kCommodities;
    case TextForm::kAddress:
    case TextForm::kText:
      return ListKind::kText;
  }
  return ListKind::kText;
}

}  // namespace internal

void FillDerived(ContainerFacts& facts) {
  auto country = [](const std::string& locode) {
    return locode.size() >= 2 ? locode.substr(0, 2) : std::string();
  };
  facts.loading_country = country(facts.port_of_loading);
  facts.discharge_country = country(facts.port_of_discharge);
  facts.value_per_kg = (facts.weight_kg > 0 && !std::isnan(facts.declared_value))
                           ? facts.declared_value / facts.weight_kg
                           : ContainerFacts::kMissing;
  facts.route_ports.clear();
  facts.route_countries.clear();
  auto add = [&](const std::string& locode) {
    if (locode.empty()) return;
    facts.route_ports.push_back(locode);
    std::string c = country(locode);
    if (facts.route_countries.empty() || facts.route_countries.back() != c) {
      if (std::find(facts.route_countries.begin(), facts.route_countries.end(), c) ==
          facts.route_countries.end()) {
        facts.route_countries.push_back(std::move(c));
      }
    }
  };
  add(facts.port_of_loading);
  for (const std::string& p : facts.transshipment_ports) add(p);
  add(facts.port_of_discharge);
  facts.transshipments = static_cast<double>(facts.transshipment_ports.size());
}

const std::vector<FieldInfo>& Fields() {
  static const std::vector<FieldInfo> fields = [] {
    std::vector<FieldInfo> out;
    for (const internal::FieldDef& d : internal::FieldDefs()) {
      out.push_back({d.name, d.type, d.description_es, d.description_en});
    }
    return out;
  }();
  return fields;
}

std::string_view ListKindName(ListKind kind) {
  switch (kind) {
    case ListKind::kPorts:
      return "ports";
    case ListKind::kCountries:
      return "countries";
    case ListKind::kParties:
      return "parties";
    case ListKind::kCommodities:
      return "hs";
    case ListKind::kText:
      return "text";
  }
  return "";
}

core::Result<ListKind> ParseListKind(std::string_view name, const std::string& field) {
  for (ListKind k : {ListKind::kPorts, ListKind::kCountries, ListKind::kParties,
                     ListKind::kCommodities, ListKind::kText}) {
    if (ListKindName(k) == name) return k;
  }
  return core::InvalidArgument("unknown list kind '" + std::string(name.substr(0, 30)) +
                                   "': expected ports, countries, parties, hs or text",
                               field);
}

core::Result<std::string> NormalizeListItem(ListKind kind, std::string_view item,
                                            const std::string& field) {
  switch (kind) {
    case ListKind::kPorts:
      return internal::NormalizeText(internal::TextForm::kPort, item, field);
    case ListKind::kCountries:
      return internal::NormalizeText(internal::TextForm::kCountry, item, field);
    case ListKind::kParties:
      return internal::NormalizeText(internal::TextForm::kParty, item, field);
    case ListKind::kCommodities:
      return internal::NormalizeText(internal::TextForm::kHs, item, field);
    case ListKind::kText:
      return internal::NormalizeText(internal::TextForm::kText, item, field);
  }
  return core::Internal("unknown list kind");
}

core::Result<std::vector<std::string>> CheckExpression(std::string_view expression,
                                                       const std::vector<NamedList>& lists,
                                                       const std::string& field) {
  std::vector<std::string> used;
  ISTMO_RETURN_IF_ERROR(internal::ParseRule(expression, lists, field, &used));
  return used;
}

namespace {

using internal::CmpOp;
using internal::Expr;

// A value of at most 7 bytes as one integer: the bytes, then the length in the top byte, so that
// "AB" and "AB\0" differ.
constexpr std::size_t kPackedMax = 7;
std::uint64_t Pack(std::string_view s) {
  std::uint64_t v = 0;
  std::memcpy(&v, s.data(), s.size());
  return v | (static_cast<std::uint64_t>(s.size()) << 56);
}

struct TextSet {
  std::vector<std::uint64_t> packed;    // sorted
  std::vector<std::string> long_items;  // sorted

  bool Has(std::string_view s) const {
    if (s.size() <= kPackedMax) {
      const std::uint64_t key = Pack(s);
      if (packed.size() <= 8) {
        for (std::uint64_t p : packed) {
          if (p == key) return true;
        }
        return false;
      }
      return std::binary_search(packed.begin(), packed.end(), key);
    }
    return std::binary_search(long_items.begin(), long_items.end(), s, std::less<>());
  }
};

enum class Op : std::uint8_t {
  kAnd,
  kOr,
  kNot,
  kNumCmp,
  kNumIn,
  kNumMissing,
  kTextEq,
  kTextIn,
  kTextPrefixIn,  // hs_code in an HS set: a chapter or heading item matches the codes under it
  kTextStartsWith,
  kTextContains,
  kTextMissing,
  kListIn,
  kListContains,
  kListMissing,
  kBool,
};

struct Node {
  Op op = Op::kAnd;
  CmpOp cmp = CmpOp::kEq;
  bool negated = false;  // the result is inverted, except on a missing value (always false)
  bool boolean = false;
  std::uint32_t first = 0;  // kAnd/kOr: children in kids[first, first + count); kNot: node
  std::uint32_t count = 0;  // sets: index into sets / numbers
  double number = 0;
  std::string text;
  std::string ContainerFacts::*text_field = nullptr;
  double ContainerFacts::*number_field = nullptr;
  std::vector<std::string> ContainerFacts::*list_field = nullptr;
  bool (*bool_field)(const ContainerFacts&) = nullptr;
};

struct Program {
  std::vector<Node> nodes;  // the root is nodes[0]
  std::vector<std::uint32_t> kids;
  std::vector<TextSet> sets;
  std::vector<std::vector<double>> numbers;
};

bool Compare(double a, CmpOp op, double b) {
  switch (op) {
    case CmpOp::kEq:
      return a == b;
    case CmpOp::kNe:
      return a != b;
    case CmpOp::kLt:
      return a < b;
    case CmpOp::kLe:
      return a <= b;
    case CmpOp::kGt:
      return a > b;
    case CmpOp::kGe:
      return a >= b;
  }
  return false;
}

bool Eval(const Program& p, std::uint32_t index, const ContainerFacts& f) {
  const Node& n = p.nodes[index];
  switch (n.op) {
    case Op::kAnd:
      for (std::uint32_t i = 0; i < n.count; ++i) {
        if (!Eval(p, p.kids[n.first + i], f)) return false;
      }
      return true;
    case Op::kOr:
      for (std::uint32_t i = 0; i < n.count; ++i) {
        if (Eval(p, p.kids[n.first + i], f)) return true;
      }
      return false;
    case Op::kNot:
      return !Eval(p, n.first, f);
    case Op::kNumCmp: {
      const double v = f.*n.number_field;
      return !std::isnan(v) && Compare(v, n.cmp, n.number);
    }
    case Op::kNumIn: {
      const double v = f.*n.number_field;
      if (std::isnan(v)) return false;
      const auto& set = p.numbers[n.count];
      return (std::find(set.begin(), set.end(), v) != set.end()) != n.negated;
    }
    case Op::kNumMissing:
      return std::isnan(f.*n.number_field) != n.negated;
    case Op::kTextEq: {
      const std::string& v = f.*n.text_field;
      return !v.empty() && ((v == n.text) != n.negated);
    }
    case Op::kTextIn: {
      const std::string& v = f.*n.text_field;
      return !v.empty() && (p.sets[n.count].Has(v) != n.negated);
    }
    case Op::kTextPrefixIn: {
      const std::string_view v = f.*n.text_field;
      if (v.empty()) return false;
      const TextSet& set = p.sets[n.count];
      bool hit = false;
      for (std::size_t len = 2; len <= v.size() && !hit; len += 2) hit = set.Has(v.substr(0, len));
      return hit != n.negated;
    }
    case Op::kTextStartsWith: {
      const std::string_view v = f.*n.text_field;
      return !v.empty() && v.starts_with(n.text);
    }
    case Op::kTextContains: {
      const std::string_view v = f.*n.text_field;
      return !v.empty() && v.find(n.text) != std::string_view::npos;
    }
    case Op::kTextMissing:
      return (f.*n.text_field).empty() != n.negated;
    case Op::kListIn: {
      const auto& v = f.*n.list_field;
      if (v.empty()) return false;
      const TextSet& set = p.sets[n.count];
      bool hit = false;
      for (const std::string& item : v) {
        if (set.Has(item)) {
          hit = true;
          break;
        }
      }
      return hit != n.negated;
    }
    case Op::kListContains: {
      const auto& v = f.*n.list_field;
      return std::find(v.begin(), v.end(), n.text) != v.end();
    }
    case Op::kListMissing:
      return (f.*n.list_field).empty() != n.negated;
    case Op::kBool:
      return n.bool_field(f) == n.boolean;
  }
  return false;
}

std::uint32_t Emit(Program& p, const Expr& e) {
  const auto index = static_cast<std::uint32_t>(p.nodes.size());
  p.nodes.emplace_back();
  Node n;
  n.negated = e.negated;
  if (e.field != nullptr) {
    n.text_field = e.field->text;
    n.number_field = e.field->number;
    n.list_field = e.field->list;
    n.bool_field = e.field->boolean;
  }
  const FieldType type = e.field != nullptr ? e.field->type : FieldType::kBool;
  switch (e.kind) {
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      n.op = e.kind == Expr::Kind::kAnd ? Op::kAnd : Op::kOr;
      std::vector<std::uint32_t> children;
      for (const Expr& c : e.children) children.push_back(Emit(p, c));
      n.first = static_cast<std::uint32_t>(p.kids.size());
      n.count = static_cast<std::uint32_t>(children.size());
      p.kids.insert(p.kids.end(), children.begin(), children.end());
      break;
    }
    case Expr::Kind::kNot:
      n.op = Op::kNot;
      n.first = Emit(p, e.children.front());
      break;
    case Expr::Kind::kCompare:
      if (type == FieldType::kNumber) {
        n.op = Op::kNumCmp;
        n.cmp = e.op;
        n.number = e.number;
      } else if (type == FieldType::kBool) {
        n.op = Op::kBool;
        n.boolean = e.boolean == (e.op == CmpOp::kEq);
      } else {
        n.op = Op::kTextEq;
        n.negated = e.op == CmpOp::kNe;
        n.text = e.text;
      }
      break;
    case Expr::Kind::kIn:
      if (type == FieldType::kNumber) {
        n.op = Op::kNumIn;
        n.count = static_cast<std::uint32_t>(p.numbers.size());
        p.numbers.push_back(e.numbers);
      } else {
        n.op = type == FieldType::kTextList ? Op::kListIn
               : e.prefix                   ? Op::kTextPrefixIn
                                            : Op::kTextIn;
        TextSet set;
        for (const std::string& t : e.texts) {
          if (t.size() <= kPackedMax) {
            set.packed.push_back(Pack(t));
          } else {
            set.long_items.push_back(t);
          }
        }
        std::sort(set.packed.begin(), set.packed.end());
        std::sort(set.long_items.begin(), set.long_items.end());
        n.count = static_cast<std::uint32_t>(p.sets.size());
        p.sets.push_back(std::move(set));
      }
      break;
    case Expr::Kind::kStartsWith:
      n.op = Op::kTextStartsWith;
      n.text = e.text;
      break;
    case Expr::Kind::kContains:
      n.op = type == FieldType::kTextList ? Op::kListContains : Op::kTextContains;
      n.text = e.text;
      break;
    case Expr::Kind::kMissing:
      n.op = type == FieldType::kNumber ? Op::kNumMissing
             : type == FieldType::kText ? Op::kTextMissing
                                        : Op::kListMissing;
      break;
    case Expr::Kind::kBool:
      n.op = Op::kBool;
      n.boolean = true;
      break;
  }
  p.nodes[index] = std::move(n);
  return index;
}

}  // namespace

struct CompiledRuleSet::Impl {
  std::vector<RuleSource> rules;
  std::vector<Program> programs;
};

CompiledRuleSet::CompiledRuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledRuleSet::CompiledRuleSet(CompiledRuleSet&&) noexcept = default;
CompiledRuleSet& CompiledRuleSet::operator=(CompiledRuleSet&&) noexcept = default;
CompiledRuleSet::~CompiledRuleSet() = default;

core::Result<CompiledRuleSet> CompiledRuleSet::Compile(std::vector<RuleSource> rules,
                                                       const std::vector<NamedList>& lists) {
  auto impl = std::make_unique<Impl>();
  impl->programs.reserve(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string field = "/rules/" + std::to_string(i) + "/expression";
    ISTMO_ASSIGN_OR_RETURN(Expr tree,
                           internal::ParseRule(rules[i].expression, lists, field, nullptr));
    Program program;
    Emit(program, tree);
    impl->programs.push_back(std::move(program));
  }
  impl->rules = std::move(rules);
  return CompiledRuleSet(std::move(impl));
}

const std::vector<RuleSource>& CompiledRuleSet::rules() const { return impl_->rules; }

void CompiledRuleSet::Score(const ContainerFacts& facts, canal::Score& out) const {
  out.score = 0;
  out.fired.clear();
  for (std::size_t i = 0; i < impl_->programs.size(); ++i) {
    if (Eval(impl_->programs[i], 0, facts)) {
      const double weight = impl_->rules[i].weight;
      out.score += weight;
      out.fired.push_back({static_cast<std::uint32_t>(i), weight});
    }
  }
}

canal::Score CompiledRuleSet::Score(const ContainerFacts& facts) const {
  canal::Score out;
  Score(facts, out);
  return out;
}

}  // namespace istmo::canal
