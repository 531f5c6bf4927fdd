/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Random access with contention (RandomAccessChannel) and attach storms.

#include "radio-test-scenario.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/random-access-channel.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <iostream>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

void
Count(uint32_t* n, Time)
{
    ++*n;
}

void
CountVoid(uint32_t* n)
{
    ++*n;
}

void
CountOpportunity(uint64_t* contenders, uint32_t, uint32_t c, uint32_t, uint32_t)
{
    *contenders += c;
}

} // namespace

// A thousand NB-IoT devices power on at the same instant: preambles collide, devices back
// off, escalate, and each one ends attached or failed; the counters add up.
TEST(RadioAccess, ThousandDevicesWakingAtOnceCollideAndBackOff)
{
    RadioScenario s;
    // No periodic TAU within the run: every random access below is an attach. The ideal
    // network's 80 ms NPRACH period (the live preset's 320 ms lets fewer through).
    s.helper.SetDeviceAttribute("T3412", TimeValue(Seconds(0)));
    s.helper.SetNetworkPreset("3gpp-evaluation");
    s.Build("Cat-NB1", 1000);
    uint32_t attached = 0;
    uint32_t failed = 0;
    uint64_t contenders = 0;
    for (uint32_t i = 0; i < 1000; ++i)
    {
        s.Ue(i)->TraceConnectWithoutContext("AttachCompleted",
                                            MakeBoundCallback(&Count, &attached));
        s.Ue(i)->TraceConnectWithoutContext("AttachFailed", MakeBoundCallback(&CountVoid, &failed));
    }
    Ptr<RandomAccessChannel> rach = s.cell->GetRandomAccessChannel();
    rach->TraceConnectWithoutContext("Opportunity",
                                     MakeBoundCallback(&CountOpportunity, &contenders));
    Simulator::Stop(Seconds(3600));
    Simulator::Run();
    std::cout << "1000 at once: attached " << attached << ", failed " << failed << ", attempts "
              << rach->GetAttemptCount() << ", collisions " << rach->GetCollisionCount()
              << ", escalations " << rach->GetEscalationCount() << std::endl;
    EXPECT_GT(rach->GetCollisionCount(), 1000u);
    EXPECT_GT(rach->GetEscalationCount(), 0u);
    EXPECT_GT(attached, 100u);
    EXPECT_EQ(attached + failed, 1000u);
    EXPECT_EQ(rach->GetSuccessCount(), attached);
    EXPECT_EQ(rach->GetFailureCount(), failed);
    EXPECT_EQ(rach->GetAttemptCount(), rach->GetCollisionCount() + rach->GetSuccessCount());
    EXPECT_EQ(contenders, rach->GetAttemptCount());
    // Every failed device used every attempt of every class.
    uint32_t perDevice = 0;
    for (uint32_t l = 0; l < 3; ++l)
    {
        perDevice += s.cell->GetTechnology().GetCoverageClass(l).maxRaAttempts;
    }
    EXPECT_GE(rach->GetAttemptCount(), uint64_t{attached} + uint64_t{failed} * perDevice);
    for (uint32_t i = 0; i < 1000; ++i)
    {
        const auto st = s.Ue(i)->GetState();
        EXPECT_TRUE(st == RadioUeNetDevice::DETACHED || st == RadioUeNetDevice::IDLE);
    }
    RadioScenario::Destroy();
}

// Devices that attach spread over time do not collide much and all attach.
TEST(RadioAccess, SpreadAttachesAllSucceed)
{
    RadioScenario s;
    s.SpreadAttach(600);
    s.Build("Cat-M1", 200);
    uint32_t attached = 0;
    for (uint32_t i = 0; i < 200; ++i)
    {
        s.Ue(i)->TraceConnectWithoutContext("AttachCompleted",
                                            MakeBoundCallback(&Count, &attached));
    }
    Simulator::Stop(Seconds(1200));
    Simulator::Run();
    Ptr<RandomAccessChannel> rach = s.cell->GetRandomAccessChannel();
    EXPECT_EQ(attached, 200u);
    EXPECT_EQ(rach->GetFailureCount(), 0u);
    EXPECT_LT(rach->GetCollisionCount(), 20u);
    RadioScenario::Destroy();
}

void
RecordResult(std::vector<std::pair<uint32_t, bool>>* out, uint32_t device, bool ok, uint32_t)
{
    out->emplace_back(device, ok);
}

// Opportunities are scheduled only while a device waits: with no request nothing happens; one
// request is one opportunity, answered preamble + response delay after it.
TEST(RadioAccess, OpportunitiesOnlyWhileDevicesWait)
{
    Ptr<RandomAccessChannel> rach = CreateObject<RandomAccessChannel>();
    rach->SetTechnology(RadioTechnology::CatNb1());
    std::vector<std::pair<uint32_t, bool>> results;
    rach->SetResultCallback(
        [&results](uint32_t d, bool ok, uint32_t l)
        {
            RecordResult(&results, d, ok, l);
        });
    Simulator::Run();
    EXPECT_EQ(Simulator::Now(), Seconds(0));
    EXPECT_EQ(rach->GetOpportunityCount(), 0u);
    Simulator::Schedule(MilliSeconds(5), &RandomAccessChannel::Request, rach, 7u, 0u);
    Simulator::Run();
    const RadioTechnology tech = RadioTechnology::CatNb1(); // GetCoverageClass returns into it
    const auto& c = tech.GetCoverageClass(0);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0], std::make_pair(7u, true));
    EXPECT_EQ(Simulator::Now(), c.prachPeriod + c.preambleDuration + c.raResponseDelay);
    EXPECT_EQ(rach->GetOpportunityCount(), 1u);
    EXPECT_FALSE(rach->IsActive(7));
    Simulator::Destroy();
}

// 200 simultaneous requests on a Cat-1 channel: each gets exactly one result and the
// counters add up.
TEST(RadioAccess, BurstOfRequestsCountsAddUp)
{
    Ptr<RandomAccessChannel> rach = CreateObject<RandomAccessChannel>();
    rach->SetTechnology(RadioTechnology::Cat1());
    rach->AssignStreams(5);
    std::vector<std::pair<uint32_t, bool>> results;
    rach->SetResultCallback(
        [&results](uint32_t d, bool ok, uint32_t l)
        {
            RecordResult(&results, d, ok, l);
        });
    for (uint32_t d = 0; d < 200; ++d)
    {
        rach->Request(d, 0);
    }
    Simulator::Run();
    EXPECT_EQ(results.size(), 200u);
    EXPECT_GT(rach->GetCollisionCount(), 0u);
    EXPECT_EQ(rach->GetSuccessCount() + rach->GetFailureCount(), 200u);
    EXPECT_EQ(rach->GetAttemptCount(), rach->GetSuccessCount() + rach->GetCollisionCount());
    Simulator::Destroy();
}

// The same seed gives the same storm, whatever ran before in the process.
TEST(RadioAccess, SameSeedSameStorm)
{
    uint64_t collisions[2];
    uint32_t attached[2] = {0, 0};
    for (int run = 0; run < 2; ++run)
    {
        RadioScenario s;
        s.SpreadAttach(5);
        s.Build("Cat-NB1", 300);
        for (uint32_t i = 0; i < 300; ++i)
        {
            s.Ue(i)->TraceConnectWithoutContext("AttachCompleted",
                                                MakeBoundCallback(&Count, &attached[run]));
        }
        Simulator::Stop(Seconds(600));
        Simulator::Run();
        collisions[run] = s.cell->GetRandomAccessChannel()->GetCollisionCount();
        RadioScenario::Destroy();
        // Draw from a fresh auto-assigned stream so that the second run starts elsewhere.
        CreateObject<UniformRandomVariable>()->GetValue();
    }
    EXPECT_GT(collisions[0], 0u);
    EXPECT_EQ(collisions[0], collisions[1]);
    EXPECT_EQ(attached[0], attached[1]);
}

namespace
{

/// Collision fraction of the random accesses caused by `count` NB-IoT devices in PSM that all
/// wake at the same instant (t = 1500 s) to send 20 bytes; attaches were spread over 1200 s.
double
WakeUpCollisionFraction(uint32_t count, uint32_t* delivered)
{
    RadioScenario s;
    s.SpreadAttach(1200);
    s.EnablePsm(Seconds(10), Seconds(0));
    s.Build("Cat-NB1", count);
    s.AddServer(false);
    Simulator::Stop(Seconds(1500));
    Simulator::Run();
    Ptr<RandomAccessChannel> rach = s.cell->GetRandomAccessChannel();
    const uint64_t attempts0 = rach->GetAttemptCount();
    const uint64_t collisions0 = rach->GetCollisionCount();
    uint32_t sleeping = 0;
    for (uint32_t i = 0; i < count; ++i)
    {
        if (s.Ue(i)->GetState() == RadioUeNetDevice::PSM)
        {
            ++sleeping;
            s.SendFrom(i, 20);
        }
    }
    EXPECT_EQ(sleeping, count); // every device attached and went to sleep
    Simulator::Stop(Seconds(1500));
    Simulator::Run();
    const uint64_t attempts = rach->GetAttemptCount() - attempts0;
    const uint64_t collisions = rach->GetCollisionCount() - collisions0;
    *delivered = 0;
    for (uint32_t i = 0; i < count; ++i)
    {
        *delivered += static_cast<uint32_t>(s.arrived[s.AddressOf(i).Get()].size());
    }
    std::cout << count << " waking at once: attempts " << attempts << ", collisions " << collisions
              << ", delivered " << *delivered << std::endl;
    RadioScenario::Destroy();
    return attempts ? static_cast<double>(collisions) / attempts : 0;
}

} // namespace

// Simultaneous wake-ups of registered devices (a PSM fleet woken by one event): the more
// devices contend, the larger the share of preamble attempts that collide.
TEST(RadioAccess, CollisionsRiseWithSimultaneousWakeUps)
{
    uint32_t delivered[3];
    const double f100 = WakeUpCollisionFraction(100, &delivered[0]);
    const double f300 = WakeUpCollisionFraction(300, &delivered[1]);
    const double f1000 = WakeUpCollisionFraction(1000, &delivered[2]);
    EXPECT_GT(f100, 0.0);
    EXPECT_LT(f100, f300);
    EXPECT_LT(f300, f1000);
    EXPECT_EQ(delivered[0], 100u); // a small burst gets through after backing off
    EXPECT_LE(delivered[2], 1000u);
}
