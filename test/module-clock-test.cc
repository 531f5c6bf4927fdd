/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/module-clock.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

void
RecordClockSet(int64_t* oldSeen, int64_t* newSeen, int64_t oldReading, int64_t newReading)
{
    *oldSeen = oldReading;
    *newSeen = newReading;
}

class ModuleClockTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

TEST_F(ModuleClockTest, ParsesAndFormatsCclkStrings)
{
    int64_t t = 0;
    int32_t tz = 0;
    ASSERT_TRUE(ModuleClock::Parse("26/11/22,10:00:00+00", t, tz));
    EXPECT_EQ(t, 1795341600); // 2026-11-22T10:00:00Z
    EXPECT_EQ(tz, 0);
    ASSERT_TRUE(ModuleClock::Parse("26/11/22,18:00:00+32", t, tz)); // UTC+8 local time
    EXPECT_EQ(t, 1795341600);
    EXPECT_EQ(tz, 32);
    EXPECT_EQ(ModuleClock::Format(t, tz), "26/11/22,18:00:00+32");
    EXPECT_EQ(ModuleClock::Format(1795341600, -20), "26/11/22,05:00:00-20");
    ASSERT_TRUE(ModuleClock::Parse("80/01/06,00:00:00+00", t, tz));
    EXPECT_EQ(t, 315964800);                                       // GPS epoch
    ASSERT_TRUE(ModuleClock::Parse("31/03/01,00:00:00+0", t, tz)); // one-digit zone
    EXPECT_EQ(ModuleClock::Format(t, tz), "31/03/01,00:00:00+00");
    ASSERT_TRUE(ModuleClock::Parse("28/02/29,23:59:59+00", t, tz)); // leap day
}

TEST_F(ModuleClockTest, RejectsMalformedStrings)
{
    int64_t t = 0;
    int32_t tz = 0;
    for (const char* bad : {"",
                            "26/11/22",
                            "26/13/22,10:00:00+00",
                            "26/02/29,10:00:00+00",
                            "26/11/31,10:00:00+00",
                            "26/11/22,24:00:00+00",
                            "26/11/22,10:60:00+00",
                            "26/11/22,10:00:60+00",
                            "26/11/22,10:00:00+57",
                            "26/11/22,10:00:00-49",
                            "26/11/22 10:00:00+00",
                            "2a/11/22,10:00:00+00",
                            "26/11/22,10:00:00*00",
                            "26/11/22,10:00:00+000"})
    {
        EXPECT_FALSE(ModuleClock::Parse(bad, t, tz)) << bad;
    }
}

TEST_F(ModuleClockTest, FollowsSimulatedTimeNotTheHostClock)
{
    auto clock = CreateObject<ModuleClock>();
    clock->SetAttribute("InitialTime", StringValue("26/01/01,00:00:00+00"));
    std::string atStart;
    std::string later;
    std::string afterSet;
    Simulator::Schedule(Seconds(0),
                        [&]()
                        {
                            atStart = clock->GetString();
                        });
    Simulator::Schedule(Seconds(3661.5),
                        [&]()
                        {
                            later = clock->GetString();
                        });
    Simulator::Schedule(Seconds(4000),
                        [&]()
                        {
                            EXPECT_TRUE(clock->SetFromString("31/06/30,12:00:00+08"));
                            EXPECT_FALSE(clock->SetFromString("31/06/31,12:00:00+08")); // unchanged
                        });
    Simulator::Schedule(Seconds(4010),
                        [&]()
                        {
                            afterSet = clock->GetString();
                        });
    Simulator::Run();
    EXPECT_EQ(atStart, "26/01/01,00:00:00+00");
    EXPECT_EQ(later, "26/01/01,01:01:01+00");
    EXPECT_EQ(afterSet, "31/06/30,12:00:10+08");
    EXPECT_EQ(clock->GetTimeZone(), 8);
}

TEST_F(ModuleClockTest, ClockSetTraceReportsOldAndNewReadings)
{
    auto clock = CreateObject<ModuleClock>();
    int64_t oldSeen = -1;
    int64_t newSeen = -1;
    clock->TraceConnectWithoutContext("ClockSet",
                                      MakeBoundCallback(&RecordClockSet, &oldSeen, &newSeen));
    clock->SetUnixTime(1795341600, 0);
    EXPECT_EQ(oldSeen, 315964800);
    EXPECT_EQ(newSeen, 1795341600);
}

} // namespace
