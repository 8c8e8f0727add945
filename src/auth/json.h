// auth/json.h — organizations and users as JSON: the one form the API answers and the outbox
// carries (docs/api.md). A user's never holds the password hash.
#pragma once

#include <nlohmann/json.hpp>

#include "auth/auth.h"

namespace istmo::auth {

nlohmann::json OrgJson(const Organization& org);
nlohmann::json UserJson(const User& user);

}  // namespace istmo::auth
