// Link management and aids to navigation: types 10, 15, 16, 17, 20, 21, 22, 23.
// Expected values from gpsd's decode of the same sentences.
#include <gtest/gtest.h>

#include "ais_test_util.h"

namespace istmo::ais {
namespace {

using testing::DecodeBody;
using testing::DecodeOne;

TEST(UtcInquiry, DecodesType10) {
  EXPECT_EQ(DecodeBody<UtcInquiry>({"!AIVDM,1,1,,B,:5MlU41GMK6@,0*6C"}),
            (UtcInquiry{.dest_mmsi = 366832740}));
}

TEST(Interrogation, DecodesTheTwoStationVariant) {
  EXPECT_EQ(DecodeBody<Interrogation>({"!AIVDM,1,1,,A,?39a?2PjKFFPD01o:Gq1igvp2<3w,0*0B"}),
            (Interrogation{.mmsi1 = 211507560,
                           .type1_1 = 5,
                           .offset1_1 = 0,
                           .type1_2 = 55,
                           .offset1_2 = 663,
                           .mmsi2 = 605843451,
                           .type2_1 = 32,
                           .offset2_1 = 560}));
}

TEST(AssignedModeCommand, DecodesOneAndTwoStations) {
  EXPECT_EQ(DecodeBody<AssignedModeCommand>({"!AIVDM,1,1,,A,@01uEO@mMk7P<P00,0*18"}),
            (AssignedModeCommand{.mmsi1 = 224251000, .offset1 = 200, .increment1 = 0}));
  EXPECT_EQ(DecodeBody<AssignedModeCommand>({"!AIVDM,1,1,,B,@6STUk004lQ206bCKNOBAb6SJ@5s,0*74"}),
            (AssignedModeCommand{.mmsi1 = 315920,
                                 .offset1 = 2049,
                                 .increment1 = 681,
                                 .mmsi2 = 230137673,
                                 .offset2 = 424,
                                 .increment2 = 419}));
}

TEST(GnssBroadcast, DecodesType17WithNegativeLatitude) {
  const auto r = DecodeBody<GnssBroadcast>(
      {"!AIVDM,1,1,1,A,A;wUJKU>io;WlWuwH`W1PpnuN<isf;5iHtOM1S6q?vsvNrNGOqLcr5mfD6t,2*51,d-127,"
       "S1378,t024436.00,T36.76385108,r09SCHA1,1272422678"});
  EXPECT_EQ(r.lon, 80669);
  EXPECT_EQ(r.lat, -26818);
  EXPECT_EQ(r.data.bit_count, 272);
  EXPECT_EQ(r.data.bytes[0], 0x7f);
}

TEST(DataLinkManagement, DecodesOneToFourReservations) {
  const auto one = DecodeBody<DataLinkManagement>({"!AIVDM,1,1,,A,Dh3OvjB8IN>4,0*1D"});
  EXPECT_EQ(one.reservations[0], (DataLinkManagement::Reservation{
                                     .offset = 2182, .number = 5, .timeout = 7, .increment = 225}));
  EXPECT_EQ(one.reservations[1], DataLinkManagement::Reservation{});
  const auto three = DecodeBody<DataLinkManagement>({"!AIVDM,1,1,,B,D030p8@2tN?b<`O6DmQO6D0,2*5D"});
  EXPECT_EQ(three.reservations[2].offset, 856);
  EXPECT_EQ(three.reservations[2].increment, 1125);
}

TEST(AidToNavigation, JoinsTheNameExtension) {
  const auto r = DecodeBody<AidToNavigation>(
      {"!AIVDM,2,1,5,B,E1mg=5J1T4W0h97aRh6ba84<h2d;W:Te=eLvH50```q,0*46",
       "!AIVDM,2,2,5,B,:D44QDlp0C1DU00,2*36"});
  EXPECT_EQ(r.aid_type, 20);
  EXPECT_EQ(r.name.view(), "CHINA ROSE MURPHY EXPRESS ALERT");
  EXPECT_EQ(r.lon, -73619155);  // -122.698592°
  EXPECT_EQ(r.second, 50);
  EXPECT_EQ(r.regional, 165);
  EXPECT_FALSE(r.virtual_aid);
}

TEST(ChannelManagement, DecodesBroadcastArea) {
  EXPECT_EQ(DecodeBody<ChannelManagement>({"!AIVDM,1,1,,A,F030ot22N2P6aoQbhe4736L20000,0*1A"}),
            (ChannelManagement{.channel_a = 2087,
                               .channel_b = 2088,
                               .txrx = 0,
                               .power = false,
                               .addressed = false,
                               .ne_lon = -44100,
                               .ne_lat = 27330,
                               .sw_lon = -48100,
                               .sw_lat = 25400,
                               .zonesize = 4}));
}

TEST(ChannelManagement, DecodesAddressedStations) {
  const auto r = DecodeBody<ChannelManagement>({"!AIVDM,1,1,,A,F@@W>gOP00PH=JrN9l000?wB2HH;,0*44"});
  EXPECT_TRUE(r.addressed);
  EXPECT_EQ(r.dest1, 28144881u);
  EXPECT_EQ(r.dest2, 268435519u);
}

TEST(GroupAssignment, DecodesType23) {
  EXPECT_EQ(DecodeBody<GroupAssignment>({"!AIVDM,1,1,,B,G02:Kn01R`sn@291nj600000900,2*12"}),
            (GroupAssignment{.ne_lon = 1578,
                             .ne_lat = 30642,
                             .sw_lon = 1096,
                             .sw_lat = 30408,
                             .stationtype = 6,
                             .shiptype = 0,
                             .txrx = 0,
                             .interval = 9,
                             .quiet = 0}));
}

}  // namespace
}  // namespace istmo::ais
