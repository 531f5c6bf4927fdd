/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The connected-mode MAC of the radio model (RadioTechnology::MacTiming, RadioCellNetDevice)
// and the network presets (NetworkPreset): grant requests per technology, HARQ
// retransmissions at the class's block error rate, radio link failure when the random access
// for a grant fails, and the presets as data behind the `NetworkPreset` attribute.

#include "radio-test-scenario.h"

#include "ns3/network-preset.h"
#include "ns3/random-access-channel.h"
#include "ns3/string.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <iostream>
#include <set>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

/**
 * One device sends 20 B at 100 s (from IDLE: a connection) and again at 105 s, still
 * connected. Returns the random-access attempts the second packet caused.
 */
uint64_t
AttemptsForConnectedUplink(const std::string& technology)
{
    RadioScenario s;
    s.Build(technology, 1);
    s.AddServer(false);
    s.SendAt(Seconds(100), 0, 20);
    s.SendAt(Seconds(105), 0, 20);
    Ptr<RandomAccessChannel> rach = s.cell->GetRandomAccessChannel();
    uint64_t before = 0;
    Simulator::Schedule(Seconds(104.9),
                        [&]()
                        {
                            before = rach->GetAttemptCount();
                            EXPECT_EQ(s.Ue(0)->GetState(), RadioUeNetDevice::CONNECTED);
                        });
    Simulator::Stop(Seconds(110));
    Simulator::Run();
    const uint64_t attempts = rach->GetAttemptCount() - before;
    EXPECT_EQ(s.arrived[s.AddressOf(0).Get()].size(), 2u) << technology;
    RadioScenario::Destroy();
    return attempts;
}

/// Count transfers and the blocks they took.
struct BlockCounter
{
    uint32_t tbs{125}; //!< bytes per block
    uint64_t blocks{0};

    void Transmission(uint32_t, bool, uint32_t bytes, uint32_t, Time, bool)
    {
        blocks += (bytes + tbs - 1) / tbs;
    }
};

/// Record radio link failures (drops with that reason) and each device's CONNECTED -> IDLE
/// instants.
struct FailureLog
{
    std::set<int64_t> drops;                    //!< "radio link failure" drop instants, ns
    std::vector<std::vector<int64_t>> releases; //!< per device, CONNECTED -> IDLE, ns

    void Drop(Ptr<const Packet>, std::string reason)
    {
        if (reason == "radio link failure")
        {
            drops.insert(Simulator::Now().GetNanoSeconds());
        }
    }

    static void Transition(FailureLog* log,
                           uint32_t device,
                           RadioUeNetDevice::State from,
                           RadioUeNetDevice::State to)
    {
        if (from == RadioUeNetDevice::CONNECTED && to == RadioUeNetDevice::IDLE)
        {
            log->releases[device].push_back(Simulator::Now().GetNanoSeconds());
        }
    }
};

} // namespace

// NB-IoT before Rel-15 has no scheduling request: uplink data of a connected device without a
// grant starts a random access; LTE-M and Cat.1 send an SR on PUCCH instead.
TEST(RadioMac, ConnectedUplinkAsksForAGrantPerTechnology)
{
    EXPECT_EQ(AttemptsForConnectedUplink("Cat-NB1"), 1u);
    EXPECT_EQ(AttemptsForConnectedUplink("Cat-NB2"), 1u);
    EXPECT_EQ(AttemptsForConnectedUplink("Cat-M1"), 0u);
    EXPECT_EQ(AttemptsForConnectedUplink("Cat-1"), 0u);
}

// Each first transmission of a block fails with the class's block error rate (10 %) and is
// sent again: over ~2700 blocks the retransmissions are 10 +- 2 % of all attempts.
TEST(RadioMac, HarqRetransmitsAtTheBlockErrorRate)
{
    RadioScenario s;
    s.helper.SetDeviceAttribute("Mcl", DoubleValue(120));
    s.Build("Cat-M1", 1);
    s.AddServer(false);
    for (int i = 0; i < 300; ++i)
    {
        s.SendAt(Seconds(100) + MilliSeconds(40 * i), 0, 1000);
    }
    BlockCounter counter;
    s.cell->TraceConnectWithoutContext("Transmission",
                                       MakeCallback(&BlockCounter::Transmission, &counter));
    Simulator::Stop(Seconds(200));
    Simulator::Run();
    const uint64_t retx = s.cell->GetHarqRetransmissions();
    const double fraction = double(retx) / double(counter.blocks + retx);
    std::cout << counter.blocks << " blocks, " << retx << " retransmissions (" << fraction << ")"
              << std::endl;
    EXPECT_EQ(s.arrived[s.AddressOf(0).Get()].size(), 300u);
    EXPECT_GT(counter.blocks, 2500u);
    EXPECT_GT(fraction, 0.08);
    EXPECT_LT(fraction, 0.12);
    RadioScenario::Destroy();
}

// 1000 connected NB-IoT devices all get uplink data at the same instant: their random
// accesses for a grant collide, and a device whose every attempt fails has a radio link
// failure: its queued packets are dropped ("radio link failure") and it goes IDLE at that
// instant. Such a device connects again for its next packet.
TEST(RadioMac, GrantRandomAccessFailureIsARadioLinkFailure)
{
    RadioScenario s;
    s.helper.SetNetworkPreset("3gpp-evaluation");
    s.helper.SetDeviceAttribute("T3412", TimeValue(Seconds(0)));
    s.helper.SetDeviceAttribute("InactivityTimer", TimeValue(Seconds(1200)));
    s.SpreadAttach(600);
    s.Build("Cat-NB1", 1000);
    s.AddServer(false);
    FailureLog log;
    log.releases.resize(1000);
    s.cell->TraceConnectWithoutContext("Drop", MakeCallback(&FailureLog::Drop, &log));
    for (uint32_t i = 0; i < 1000; ++i)
    {
        s.Ue(i)->TraceConnectWithoutContext("StateTransition",
                                            MakeBoundCallback(&FailureLog::Transition, &log, i));
        // Every device stays connected from its attach on (1200 s inactivity timer).
        s.SendAt(Seconds(700), i, 20);
    }
    uint32_t connected = 0;
    Simulator::Schedule(Seconds(699.9),
                        [&]()
                        {
                            for (uint32_t i = 0; i < 1000; ++i)
                            {
                                connected += s.Ue(i)->GetState() == RadioUeNetDevice::CONNECTED;
                            }
                        });
    // The devices that failed send again at 1000 s.
    std::vector<uint32_t> failed;
    Simulator::Schedule(Seconds(999),
                        [&]()
                        {
                            for (uint32_t i = 0; i < 1000; ++i)
                            {
                                for (int64_t t : log.releases[i])
                                {
                                    if (log.drops.count(t) != 0)
                                    {
                                        failed.push_back(i);
                                        s.SendAt(Seconds(1000), i, 20);
                                        break;
                                    }
                                }
                            }
                        });
    Simulator::Stop(Seconds(1300));
    Simulator::Run();
    std::cout << connected << " connected at 700 s, " << failed.size() << " radio link failures"
              << std::endl;
    EXPECT_EQ(connected, 1000u);
    EXPECT_GT(failed.size(), 0u);
    EXPECT_LT(failed.size(), 1000u);
    // Every failure instant is a release of a device that failed.
    for (int64_t t : log.drops)
    {
        bool found = false;
        for (uint32_t i : failed)
        {
            for (int64_t r : log.releases[i])
            {
                found = found || r == t;
            }
        }
        EXPECT_TRUE(found) << t;
    }
    uint32_t again = 0;
    for (uint32_t i : failed)
    {
        for (Time a : s.arrived[s.AddressOf(i).Get()])
        {
            again += a >= Seconds(1000);
        }
    }
    EXPECT_GT(again, 0u);
    RadioScenario::Destroy();
}

// A connected NB-IoT device's request waits for the next NPRACH opportunity (its grant), so
// its echo time follows the request's phase in the 320 ms period of the live preset's ECL0:
// over 16 phases 20 ms apart the 16 B echo spans that period (min 0.16 s, max 0.46 s, mean
// 0.31 s). calibration.md's "~0.5 s best cases" from connected (californium issue 1843) is
// above even the slowest phase: doc/ lists the row as not met.
TEST(RadioMac, ConnectedNbIotEchoFollowsTheNprachPhase)
{
    double sum = 0;
    double lo = 1e9;
    double hi = 0;
    const int phases = 16;
    for (int k = 0; k < phases; ++k)
    {
        RadioScenario s;
        s.helper.SetDeviceAttribute("Mcl", DoubleValue(144));
        s.Build("Cat-NB1", 1);
        s.AddServer(true);
        const Time t = Seconds(200) + MilliSeconds(20 * k);
        s.SendAt(Seconds(195), 0, 16); // connected from here on
        s.SendAt(t, 0, 16);
        Simulator::Stop(Seconds(300));
        Simulator::Run();
        double rtt = -1;
        for (Time e : s.echoed[0])
        {
            if (e >= t)
            {
                rtt = (e - t).GetSeconds();
                break;
            }
        }
        RadioScenario::Destroy();
        ASSERT_GT(rtt, 0) << k;
        sum += rtt;
        lo = std::min(lo, rtt);
        hi = std::max(hi, rtt);
    }
    const double mean = sum / phases;
    std::cout << "connected 16 B echo over " << phases << " phases: mean " << mean << " s, min "
              << lo << " s, max " << hi << " s" << std::endl;
    // The spread is the NPRACH period less one 20 ms step; everything else is the same.
    EXPECT_NEAR(hi - lo, 0.300, 0.005);
    EXPECT_NEAR(mean, (hi + lo) / 2, 0.02);
    EXPECT_LT(hi, 0.5); // faster than the published best case (not met, doc/)
}

// The presets are data: names, the default (a live-network preset) first, the attribute
// applies one to a cell's technology, an unknown name is refused.
TEST(NetworkPreset, NamesDefaultAndApplication)
{
    const std::vector<std::string> names = NetworkPreset::GetNames();
    ASSERT_EQ(names.size(), 2u);
    EXPECT_EQ(names[0], "live-robinson2019");
    EXPECT_EQ(NetworkPreset::GetDefaultName(), names[0]);
    EXPECT_EQ(NetworkPreset::Find("no-such-network"), nullptr);
    for (const std::string& name : names)
    {
        const NetworkPreset* p = NetworkPreset::Find(name);
        ASSERT_NE(p, nullptr);
        EXPECT_FALSE(p->GetSource().empty());
        for (const std::string& tech : RadioTechnology::GetNames())
        {
            Ptr<RadioCellNetDevice> cell = CreateObject<RadioCellNetDevice>();
            cell->SetAttribute("Technology", StringValue(tech));
            cell->SetAttribute("NetworkPreset", StringValue(name));
            const RadioTechnology& t = cell->GetTechnology();
            const NetworkPreset::FamilyConfig& f = p->GetFamily(t);
            EXPECT_EQ(t.GetRrcSetupTime(), f.rrcSetup) << name << " " << tech;
            EXPECT_EQ(t.GetRrcResumeTime(), f.rrcResume);
            EXPECT_EQ(t.GetCoreProcessingTime(), f.coreProcessing);
            EXPECT_EQ(t.GetMacTiming().enbSchedulingDelay, f.enbSchedulingDelay);
            ASSERT_EQ(f.classes.size(), t.GetCoverageClassCount());
            for (uint32_t c = 0; c < t.GetCoverageClassCount(); ++c)
            {
                EXPECT_EQ(t.GetCoverageClass(c).prachPeriod, f.classes[c].prachPeriod);
                EXPECT_EQ(t.GetCoverageClass(c).searchSpacePeriod, f.classes[c].searchSpacePeriod);
                EXPECT_DOUBLE_EQ(t.GetCoverageClass(c).bler, f.classes[c].bler);
                // TS 36.213 16.6: an NB-IoT search-space period is at least 4 ms.
                if (tech.rfind("Cat-NB", 0) == 0)
                {
                    EXPECT_GE(f.classes[c].searchSpacePeriod, MilliSeconds(4));
                }
            }
            StringValue v;
            cell->GetAttribute("NetworkPreset", v);
            EXPECT_EQ(v.Get(), name);
            cell->Dispose();
        }
    }
    // The live network is slower than the ideal one in every step it configures.
    const RadioTechnology nb = RadioTechnology::CatNb1();
    const auto& live = NetworkPreset::Find("live-robinson2019")->GetFamily(nb);
    const auto& ideal = NetworkPreset::Find("3gpp-evaluation")->GetFamily(nb);
    EXPECT_GT(live.rrcSetup, ideal.rrcSetup);
    EXPECT_GT(live.rrcResume, ideal.rrcResume);
    EXPECT_GT(live.coreProcessing, ideal.coreProcessing);
    for (size_t c = 0; c < live.classes.size(); ++c)
    {
        EXPECT_GE(live.classes[c].prachPeriod, ideal.classes[c].prachPeriod);
        EXPECT_GE(live.classes[c].searchSpacePeriod, ideal.classes[c].searchSpacePeriod);
    }
}

// A device's InactivityTimer 0 (the default) takes the cell's preset; a value set wins.
TEST(NetworkPreset, InactivityTimerComesFromThePresetUnlessSet)
{
    for (Time set : {Seconds(0), Seconds(3)})
    {
        RadioScenario s;
        s.helper.SetDeviceAttribute("InactivityTimer", TimeValue(set));
        s.Build("Cat-M1", 1);
        s.AddServer(false);
        s.SendAt(Seconds(100), 0, 20);
        Time released;
        s.Ue(0)->TraceConnectWithoutContext(
            "StateTransition",
            Callback<void, RadioUeNetDevice::State, RadioUeNetDevice::State>(
                [&released](RadioUeNetDevice::State from, RadioUeNetDevice::State to)
                {
                    if (from == RadioUeNetDevice::CONNECTED && to == RadioUeNetDevice::IDLE &&
                        Simulator::Now() > Seconds(100))
                    {
                        released = Simulator::Now();
                    }
                }));
        Simulator::Stop(Seconds(200));
        Simulator::Run();
        const Time arrived = s.arrived[s.AddressOf(0).Get()].at(0);
        const Time tail = set.IsZero() ? NetworkPreset::Find("live-robinson2019")
                                             ->GetInactivityTimer(s.cell->GetTechnology())
                                       : set;
        // Released the tail after the packet's last block (the arrival is 10 ms later).
        EXPECT_NEAR((released - arrived).GetSeconds(), tail.GetSeconds() - 0.010, 0.001)
            << set.As(Time::S);
        RadioScenario::Destroy();
    }
}
