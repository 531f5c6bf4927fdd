/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/compute-resource.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

class ComputeResourceTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

void
RecordNow(std::vector<Time>* seen)
{
    seen->push_back(Simulator::Now());
}

void
RecordTime(std::vector<Time>* seen, Time t)
{
    seen->push_back(t);
}

void
RecordAndResubmit(Ptr<ComputeResource> mcu, std::vector<Time>* seen)
{
    seen->push_back(Simulator::Now());
    mcu->Submit(MilliSeconds(100), MakeBoundCallback(&RecordNow, seen));
}

void
CheckUtilisation(Ptr<ComputeResource> cpu, double* out)
{
    *out = cpu->GetUtilisation(Seconds(0));
}

TEST_F(ComputeResourceTest, TwoCoresRunFiveJobsFifo)
{
    auto cpu = CreateObject<ComputeResource>();
    cpu->SetAttribute("Cores", UintegerValue(2));
    std::vector<Time> finished;
    std::vector<Time> waits;
    std::vector<Time> works;
    cpu->TraceConnectWithoutContext("JobStart", MakeBoundCallback(&RecordTime, &waits));
    cpu->TraceConnectWithoutContext("JobEnd", MakeBoundCallback(&RecordTime, &works));
    for (int i = 0; i < 5; ++i)
    {
        cpu->Submit(Seconds(1), MakeBoundCallback(&RecordNow, &finished));
    }
    EXPECT_EQ(cpu->GetQueueLength(), 3U);
    EXPECT_EQ(cpu->GetRunningJobs(), 2U);
    double at2 = -1;
    double at3 = -1;
    Simulator::Schedule(Seconds(2), &CheckUtilisation, cpu, &at2);
    Simulator::Schedule(Seconds(3), &CheckUtilisation, cpu, &at3);
    Simulator::Run();
    EXPECT_EQ(finished,
              (std::vector<Time>{Seconds(1), Seconds(1), Seconds(2), Seconds(2), Seconds(3)}));
    EXPECT_EQ(waits,
              (std::vector<Time>{Seconds(0), Seconds(0), Seconds(1), Seconds(1), Seconds(2)}));
    EXPECT_EQ(works, std::vector<Time>(5, Seconds(1)));
    EXPECT_DOUBLE_EQ(at2, 1.0);
    EXPECT_DOUBLE_EQ(at3, 5.0 / 6.0);
    EXPECT_EQ(cpu->GetBusyTime(), Seconds(5));
    EXPECT_EQ(cpu->GetQueueLength(), 0U);
}

TEST_F(ComputeResourceTest, OneCoreSerialisesAndQueuedJobsGoFirst)
{
    auto mcu = CreateObject<ComputeResource>();
    std::vector<Time> finished;
    // The first job's callback submits a new job: the already queued one must run first.
    mcu->Submit(MilliSeconds(500), MakeBoundCallback(&RecordAndResubmit, mcu, &finished));
    mcu->Submit(MilliSeconds(300), MakeBoundCallback(&RecordNow, &finished));
    Simulator::Run();
    EXPECT_EQ(finished,
              (std::vector<Time>{MilliSeconds(500), MilliSeconds(800), MilliSeconds(900)}));
    EXPECT_EQ(mcu->GetBusyTime(), MilliSeconds(900));
}

TEST_F(ComputeResourceTest, WrongUseAborts)
{
    EXPECT_DEATH(
        {
            auto cpu = CreateObject<ComputeResource>();
            cpu->SetAttribute("Cores", UintegerValue(0));
        },
        "Cores: 0");
    EXPECT_DEATH(
        {
            auto cpu = CreateObject<ComputeResource>();
            cpu->Submit(Seconds(-1), Callback<void>());
        },
        "work: -1");
}

} // namespace
