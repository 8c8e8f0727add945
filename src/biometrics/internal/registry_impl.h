// biometrics/internal/registry_impl.h — the state of a FaceRegistry, shared by its two halves:
// registry.cc (open, enrol, identify) and watchlists.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "biometrics/identify.h"
#include "biometrics/index.h"
#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::biometrics {

namespace internal {

// What the index filter needs to know about a template without touching the database.
struct TemplateMeta {
  std::string owner_org;
  std::string releasability;  // the column as stored, for store::IsReleasableTo
  std::string person_id;
};

// Writes a sealed template row, its audit entry and its outbox event (metadata only, never the
// template) in `tx`: the checks and rows of every enrolment path. With a photo, its sealed
// bytes and thumbnail too (face_photos; never in the event). kInvalidArgument for an empty
// person id, a bad releasability entry or a non-finite descriptor.
core::Result<PendingEnrolment> WriteTemplate(store::Connection& tx, const TemplateKey& key,
                                             const store::AccessScope& scope, std::string owner_org,
                                             const std::vector<std::string>& releasability,
                                             const std::string& person_id,
                                             const Descriptor& descriptor, const FacePhoto* photo,
                                             core::Timestamp now);

// The associated data a photo (or its thumbnail) of a template is sealed with.
std::string PhotoAssociatedData(const std::string& template_id, PhotoSize size);

core::Timestamp ParseTime(const std::string& text);

// JSON text for an audit detail or an event body. Never throws: text that is not UTF-8 is
// replaced, not refused.
std::string JsonText(const nlohmann::json& j);

}  // namespace internal

struct FaceRegistry::Impl {
  store::Store* store = nullptr;
  RegistryOptions options;
  std::unique_ptr<FaceIndex> index;
  // Guards meta and watchlisted; held shared across an index search so that the filter never
  // meets a label it does not know.
  mutable std::shared_mutex mu;
  std::unordered_map<std::uint64_t, internal::TemplateMeta> meta;
  std::unordered_set<std::string> watchlisted;  // person ids on any watchlist
};

}  // namespace istmo::biometrics
