#include "biometrics/people.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace istmo::biometrics {

namespace {

// "x.person_id IN (?,?,...)" and its parameters, for the distinct ids.
std::pair<std::string, store::Params> PersonIn(const std::string& alias,
                                               const std::set<std::string>& ids) {
  std::string sql = alias + ".person_id IN (";
  store::Params params;
  for (const std::string& id : ids) {
    sql += params.empty() ? "?" : ",?";
    params.emplace_back(id);
  }
  return {sql + ")", std::move(params)};
}

}  // namespace

core::Status DescribePeople(store::Connection& c, const store::AccessScope& scope,
                            const PersonDirectory* directory, std::span<Candidate> candidates,
                            std::span<WatchlistHit> hits) {
  std::set<std::string> ids;
  for (const Candidate& k : candidates) ids.insert(k.person_id);
  for (const WatchlistHit& h : hits) ids.insert(h.person_id);
  if (ids.empty()) return core::Ok();

  std::map<std::string, PersonSummary> known;
  if (directory != nullptr) {
    const std::vector<std::string> list(ids.begin(), ids.end());
    ISTMO_ASSIGN_OR_RETURN(known, directory->Describe(c, scope, list));
  }
  // Persons the directory does not know: the name of their latest watchlist entry the reader
  // may see (entries are released as their watchlist is).
  std::set<std::string> unknown;
  for (const std::string& id : ids) {
    if (!known.contains(id)) unknown.insert(id);
  }
  if (!unknown.empty()) {
    auto [in, params] = PersonIn("e", unknown);
    ISTMO_ASSIGN_OR_RETURN(auto rows,
                           store::SelectVisible(c, scope,
                                                {.columns = "e.person_id, e.name",
                                                 .table = "watchlist_entries",
                                                 .alias = "e",
                                                 .where = {in, "e.name <> ''"},
                                                 .params = std::move(params),
                                                 .order_by = "e.created_at DESC, e.id"}));
    for (const store::Row& r : rows) known.try_emplace(r.Text(0), PersonSummary{.name = r.Text(1)});
  }
  for (Candidate& k : candidates) {
    const auto it = known.find(k.person_id);
    k.person = it == known.end() ? std::nullopt : std::optional<PersonSummary>(it->second);
  }

  for (WatchlistHit& h : hits) {
    // The caller sees the hit's watchlist (Identify answers no other), hence its entries.
    ISTMO_ASSIGN_OR_RETURN(
        auto entry,
        c.QueryOne("SELECT e.name, e.template_id, EXISTS (SELECT 1 FROM face_photos p "
                   "WHERE p.template_id = e.template_id) FROM watchlist_entries e "
                   "WHERE e.watchlist_id = ? AND e.person_id = ? ORDER BY e.created_at, e.id "
                   "LIMIT 1",
                   {h.watchlist_id, h.person_id}));
    h.subject_name = entry ? entry->Text(0) : "";
    h.photo_template_id = entry && entry->Int(2) != 0 ? entry->Text(1) : "";
    if (h.photo_template_id.empty()) {
      ISTMO_ASSIGN_OR_RETURN(
          auto face,
          store::SelectVisibleOne(
              c, scope,
              {.columns = "t.id",
               .table = "face_templates",
               .alias = "t",
               .where = {"t.person_id = ?", "t.erased_at IS NULL",
                         "EXISTS (SELECT 1 FROM face_photos p WHERE p.template_id = t.id)"},
               .params = {h.person_id},
               .order_by = "t.created_at DESC, t.id",
               .limit = 1}));
      if (face) h.photo_template_id = face->Text(0);
    }
    const auto it = known.find(h.person_id);
    if (it != known.end() && !it->second.encounter_id.empty()) {
      h.person = it->second;
    } else if (!h.subject_name.empty()) {
      h.person = PersonSummary{.name = h.subject_name};
    } else if (it != known.end()) {
      h.person = it->second;
    } else {
      h.person.reset();
    }
  }
  return core::Ok();
}

std::vector<PersonGroup> GroupByPerson(std::span<const Candidate> candidates) {
  std::vector<PersonGroup> groups;
  std::unordered_map<std::string, std::size_t> at;
  for (const Candidate& k : candidates) {
    auto [it, added] = at.try_emplace(k.person_id, groups.size());
    if (added) {
      groups.push_back({.person_id = k.person_id, .distance = k.distance, .person = k.person});
    }
    PersonGroup& g = groups[it->second];
    if (k.distance < g.distance) g.distance = k.distance;
    g.candidates.push_back(k);
  }
  // Identify's candidates come nearest first, and so do the groups then; sorting makes it hold
  // for any order a caller passes.
  std::stable_sort(groups.begin(), groups.end(), [](const PersonGroup& a, const PersonGroup& b) {
    return a.distance < b.distance;
  });
  for (PersonGroup& g : groups) {
    std::stable_sort(
        g.candidates.begin(), g.candidates.end(),
        [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
    for (const Candidate& k : g.candidates) {
      if (k.has_photo) {
        g.photo_template_id = k.template_id;
        break;
      }
    }
  }
  return groups;
}

}  // namespace istmo::biometrics
