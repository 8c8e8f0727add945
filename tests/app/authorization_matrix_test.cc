// The authorization matrix over the composition root's whole route table: the platform's
// policies (authorization_matrix.cc) and every module's (tests/<module>/authorization_policies.cc).
// See authorization_matrix.h.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/authorization_matrix.h"

namespace istmo::app::testing {
namespace {

TEST(AuthorizationMatrix, EveryRouteRoleCountryAndReleasability) {
  Matrix matrix({});
  ASSERT_TRUE(matrix.ready());
  matrix.Populate();
  ASSERT_EQ(matrix.callers().size(), 11u);  // 2 countries × 4 roles, no token, revoked, disabled
  std::vector<std::string> failures = matrix.Run();
  // Every route met every caller at least once (routes with {id} once per target).
  EXPECT_GT(matrix.cells(), matrix.route_count() * matrix.callers().size());
  EXPECT_TRUE(failures.empty()) << failures.size()
                                << " cells differ from the policy:" << Report(failures);
}

// The matrix itself must be able to fail: a route whose declared roles are wrong is caught...
TEST(AuthorizationMatrix, CatchesARouteThatDeclaresTheWrongRoles) {
  Matrix matrix({.edit_routes = [](std::vector<api::Route>& routes) {
    for (api::Route& r : routes) {
      if (r.path == "/api/v1/audit/verify") r.roles = 0;  // "any role": wrong
    }
  }});
  ASSERT_TRUE(matrix.ready());
  matrix.Populate();
  std::vector<std::string> failures =
      matrix.Run([](const api::Route& r) { return r.path == "/api/v1/audit/verify"; });
  bool analyst_caught = std::any_of(failures.begin(), failures.end(), [](const std::string& f) {
    return f.find("route GET /api/v1/audit/verify, caller PAN analyst") != std::string::npos &&
           f.find("expected 403, got 200") != std::string::npos;
  });
  EXPECT_TRUE(analyst_caught) << Report(failures);
}

// ...and so is a handler that forgets the caller's releasability (here: runs as the system).
TEST(AuthorizationMatrix, CatchesAHandlerThatIgnoresReleasability) {
  Matrix matrix({.edit_routes = [](std::vector<api::Route>& routes) {
    for (api::Route& r : routes) {
      if (r.path != "/api/v1/alerts" && r.path != "/api/v1/alerts/{id}/ack") continue;
      api::Handler original = r.handler;
      r.handler = [original](api::Request& req) {
        req.scope = store::AccessScope::System();
        return original(req);
      };
    }
  }});
  ASSERT_TRUE(matrix.ready());
  matrix.Populate();
  std::vector<std::string> failures =
      matrix.Run([](const api::Route& r) { return r.path.rfind("/api/v1/alerts", 0) == 0; });
  auto found = [&](const std::string& a, const std::string& b) {
    return std::any_of(failures.begin(), failures.end(), [&](const std::string& f) {
      return f.find(a) != std::string::npos && f.find(b) != std::string::npos;
    });
  };
  EXPECT_TRUE(found("route GET /api/v1/alerts, caller USA officer", "not releasable to the caller"))
      << Report(failures);
  EXPECT_TRUE(
      found("caller USA supervisor, target alert of PAN owner only", "expected 404, got 200"))
      << Report(failures);
}

// ...and so is a route added without a policy entry.
TEST(AuthorizationMatrix, CatchesARouteWithoutAPolicyEntry) {
  Matrix matrix({.edit_routes = [](std::vector<api::Route>& routes) {
    routes.push_back(api::Route{.method = "GET",
                           .path = "/api/v1/unreviewed",
                           .tag = "admin",
                           .summary = "A route nobody wrote a policy for",
                           .handler = [](api::Request&) -> core::Result<api::Response> {
                             return api::Response::Json(json::object());
                           }});
  }});
  ASSERT_TRUE(matrix.ready());
  matrix.Populate();
  std::vector<std::string> failures =
      matrix.Run([](const api::Route& r) { return r.path == "/api/v1/unreviewed"; });
  ASSERT_EQ(failures.size(), 1u) << Report(failures);
  EXPECT_EQ(failures[0], "route GET /api/v1/unreviewed has no policy entry");
}

}  // namespace
}  // namespace istmo::app::testing
