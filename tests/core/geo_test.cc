#include "core/geo.h"

#include <gtest/gtest.h>

namespace istmo::core {
namespace {

TEST(Geo, DistanceFromColonToPanamaCityIs59KmAndADegreeIs60Nm) {
  // Colón (9.359 N, 79.901 W) to Panama City (8.983 N, 79.517 W): about 59 km.
  double m = DistanceMeters({9.359, -79.901}, {8.983, -79.517});
  EXPECT_NEAR(m, 59000, 1500);
  EXPECT_NEAR(DistanceNauticalMiles({0, 0}, {1, 0}), 60.0, 0.1);
}

TEST(Geo, BearingIs90DueEastAnd0DueNorth) {
  EXPECT_NEAR(BearingDegrees({0, 0}, {0, 1}), 90.0, 1e-6);
  EXPECT_NEAR(BearingDegrees({0, 0}, {1, 0}), 0.0, 1e-6);
}

TEST(Geo, ContainsPointsInsideTheOuterRingButNotInAHole) {
  std::vector<Ring> square = {{{0, 0}, {0, 10}, {10, 10}, {10, 0}}};
  EXPECT_TRUE(Contains(square, {5, 5}));
  EXPECT_FALSE(Contains(square, {15, 5}));
  square.push_back({{4, 4}, {4, 6}, {6, 6}, {6, 4}});  // a hole
  EXPECT_FALSE(Contains(square, {5, 5}));
}

TEST(Geo, ValidateLatLngNamesTheFieldOutOfRange) {
  EXPECT_TRUE(ValidateLatLng({8.5, -79.5}));
  EXPECT_EQ(ValidateLatLng({91, 0}).error().field, "lat");
  EXPECT_EQ(ValidateLatLng({0, 181}).error().field, "lng");
}

}  // namespace
}  // namespace istmo::core
