/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The cell: technologies as data, shared capacity under the scheduler, routing by address,
// transmission traces.

#include "radio-test-scenario.h"

#include "ns3/cellular-network-helper.h"
#include "ns3/double.h"
#include "ns3/network-preset.h"
#include "ns3/node-container.h"
#include "ns3/radio-scheduler.h"
#include "ns3/radio-technology.h"
#include "ns3/radio-ue-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/round-robin-radio-scheduler.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>
#include <iostream>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

struct Tx
{
    uint32_t device;
    bool uplink;
    uint32_t bytes;
    uint32_t reps;
    Time delay;
    bool signalling;
};

void
RecordTx(std::vector<Tx>* out, uint32_t d, bool ul, uint32_t b, uint32_t r, Time delay, bool s)
{
    out->push_back(Tx{d, ul, b, r, delay, s});
}

/// Mean one-way latency of a 200-byte packet from device 0 while `busy` other devices each
/// send `load` packets of 500 bytes at the same moment.
double
LatencyUnderLoad(uint32_t busy)
{
    RadioScenario s;
    // The ideal network: its short PRACH and search-space periods leave the shared capacity
    // as the main delay, which is what this test is about.
    s.helper.SetNetworkPreset("3gpp-evaluation");
    s.Build("Cat-NB1", busy + 1);
    s.AddServer(false);
    for (uint32_t i = 0; i <= busy; ++i)
    {
        // Connected already: each device first sends one packet at 60 s.
        s.SendAt(Seconds(60) + MilliSeconds(i), i, 10);
    }
    for (uint32_t i = 1; i <= busy; ++i)
    {
        for (int k = 0; k < 4; ++k)
        {
            s.SendAt(Seconds(75), i, 500);
        }
    }
    s.SendAt(Seconds(75) + MilliSeconds(1), 0, 200);
    Simulator::Stop(Seconds(400));
    Simulator::Run();
    const auto& a = s.arrived[s.AddressOf(0).Get()];
    const double latency = a.size() == 2 ? (a[1] - Seconds(75) - MilliSeconds(1)).GetSeconds() : -1;
    RadioScenario::Destroy();
    return latency;
}

} // namespace

TEST(RadioTechnology, CoverageClassesAndAirtime)
{
    for (const std::string& name : RadioTechnology::GetNames())
    {
        bool known = false;
        const RadioTechnology t = RadioTechnology::FromName(name, &known);
        EXPECT_TRUE(known);
        EXPECT_EQ(t.GetName(), name);
        ASSERT_GE(t.GetCoverageClassCount(), 1u);
        for (uint32_t l = 1; l < t.GetCoverageClassCount(); ++l)
        {
            const auto& lo = t.GetCoverageClass(l - 1);
            const auto& hi = t.GetCoverageClass(l);
            EXPECT_LT(lo.maxMcl, hi.maxMcl);
            EXPECT_LE(lo.ulRepetitions, hi.ulRepetitions);
            EXPECT_LE(lo.dlRepetitions, hi.dlRepetitions);
            EXPECT_LT(t.GetBlockAirtime(l - 1, true, 20), t.GetBlockAirtime(l, true, 20));
        }
        EXPECT_EQ(t.GetCoverageClassForMcl(200), t.GetCoverageClassCount());
    }
    bool known = true;
    RadioTechnology::FromName("LoRa", &known);
    EXPECT_FALSE(known);
    const RadioTechnology nb = RadioTechnology::CatNb1();
    EXPECT_EQ(nb.GetCoverageClassForMcl(130), 0u);
    EXPECT_EQ(nb.GetCoverageClassForMcl(150), 1u);
    EXPECT_EQ(nb.GetCoverageClassForMcl(164), 2u);
    // One HARQ cycle of an ECL0 block (DCI, scheduling gap, the block, its feedback, up to the
    // next search-space occasion) carries the Cat-NB1 peak rates of calibration.md (62 / 26
    // kbps) on the ideal network's 4 ms search space.
    RadioTechnology ideal = RadioTechnology::CatNb1();
    NetworkPreset::Get("3gpp-evaluation", "test").Apply(ideal);
    const auto& c0 = ideal.GetCoverageClass(0);
    for (bool uplink : {true, false})
    {
        const Time start = ideal.GetBlockStartDelay(0, uplink, Time());
        const Time end = start + ideal.GetBlockAirtime(0, uplink, uplink ? 125 : 85);
        const Time feedback = end + ideal.GetHarqFeedbackDelay(0, uplink);
        const Time cycle = feedback + ideal.GetBlockStartDelay(0, uplink, feedback) - start;
        const double bits = (uplink ? c0.ulTbsBytes : c0.dlTbsBytes) * 8.0;
        EXPECT_NEAR(bits / cycle.GetSeconds(), uplink ? 62500 : 26000, uplink ? 1000 : 2500)
            << (uplink ? "UL" : "DL") << " cycle " << cycle.As(Time::MS);
    }
    // A block waits for the next search-space occasion: 1 ms after one it is 3 ms away.
    EXPECT_EQ(ideal.GetBlockStartDelay(0, true, MilliSeconds(1)),
              MilliSeconds(3) + c0.dciDuration + ideal.GetMacTiming().ulSchedulingGap);
    EXPECT_TRUE(ideal.NeedsRandomAccessForGrant());
    EXPECT_FALSE(RadioTechnology::CatM1(RadioTechnology::HALF_DUPLEX).NeedsRandomAccessForGrant());
    // Repetitions multiply the airtime.
    const auto& c1 = nb.GetCoverageClass(1);
    EXPECT_EQ(nb.GetBlockAirtime(1, true, c1.ulTbsBytes),
              c1.ulTbDuration * static_cast<int64_t>(c1.ulRepetitions));
    const RadioTechnology m = RadioTechnology::CatM1(RadioTechnology::HALF_DUPLEX);
    const RadioTechnology mfd = RadioTechnology::CatM1(RadioTechnology::FULL_DUPLEX);
    EXPECT_TRUE(m.IsHalfDuplex());
    EXPECT_FALSE(mfd.IsHalfDuplex());
    EXPECT_LT(mfd.GetBlockAirtime(0, false, 125), m.GetBlockAirtime(0, false, 125));
    EXPECT_FALSE(RadioTechnology::Cat1().SupportsResume());
}

TEST(RadioScheduler, RoundRobinRotatesAndSkipsIneligible)
{
    Ptr<RoundRobinRadioScheduler> rr = CreateObject<RoundRobinRadioScheduler>();
    rr->Add(3);
    rr->Add(1);
    rr->Add(2);
    uint32_t d = 99;
    ASSERT_TRUE(rr->PickNext(
        [](uint32_t)
        {
            return true;
        },
        &d));
    EXPECT_EQ(d, 3u);
    rr->Add(3);
    ASSERT_TRUE(rr->PickNext(
        [](uint32_t x)
        {
            return x != 1;
        },
        &d));
    EXPECT_EQ(d, 2u);
    EXPECT_TRUE(rr->IsWaiting(1));
    EXPECT_EQ(rr->GetWaitingCount(), 2u);
    rr->Remove(1);
    EXPECT_FALSE(rr->PickNext(
        [](uint32_t x)
        {
            return x != 3;
        },
        &d));
    rr->Clear();
    EXPECT_EQ(rr->GetWaitingCount(), 0u);
}

// A busy cell makes everyone slower: the same packet takes longer when 10 or 30 other
// devices send at the same moment.
TEST(RadioCell, BusyCellMakesEveryoneSlower)
{
    const double alone = LatencyUnderLoad(0);
    const double ten = LatencyUnderLoad(10);
    const double thirty = LatencyUnderLoad(30);
    std::cout << "200 B uplink latency: alone " << alone << " s, 10 busy " << ten << " s, 30 busy "
              << thirty << " s" << std::endl;
    EXPECT_GT(alone, 0);
    EXPECT_GT(ten, alone);
    EXPECT_GT(thirty, ten);
    // The devices first win their random access one after another (no scheduling request in
    // NB-IoT), which spreads the busy devices' data: 30 of them, not yet 10, double the delay.
    EXPECT_GT(thirty, 2 * alone);
}

// Downlink packets reach exactly their device (hash map, no flooding); every transfer is
// traced with its repetitions; the cell's busy time adds up.
TEST(RadioCell, RoutesByAddressAndTracesTransmissions)
{
    RadioScenario s;
    s.helper.SetDeviceAttribute("Mcl", DoubleValue(150));
    s.Build("Cat-NB1", 5);
    s.AddServer(true);
    std::vector<Tx> txs;
    s.cell->TraceConnectWithoutContext("Transmission", MakeBoundCallback(&RecordTx, &txs));
    s.SendAt(Seconds(30), 3, 100);
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    EXPECT_EQ(s.echoed[3].size(), 1u);
    for (uint32_t i : {0u, 1u, 2u, 4u})
    {
        EXPECT_TRUE(s.echoed[i].empty());
    }
    uint32_t data = 0;
    Time busy[2];
    for (const Tx& t : txs)
    {
        EXPECT_EQ(t.reps, t.uplink ? 8u : 16u);
        if (!t.signalling)
        {
            ++data;
            EXPECT_EQ(t.device, 3u);
            EXPECT_EQ(t.bytes, 128u); // 100 B + UDP + IPv4 headers
        }
    }
    EXPECT_EQ(data, 2u);
    EXPECT_GT(s.cell->GetBusyTime(true), Seconds(0));
    EXPECT_GT(s.cell->GetBusyTime(false), Seconds(0));
    RadioScenario::Destroy();
}

// Server k takes the k-th /30 of 172.16.0.0/16, so a farm larger than 255 servers gets
// distinct addresses; more than 16384 is named.
TEST(RadioCell, ServerAddressesBeyond255Servers)
{
    ns3::lpwa::CellularNetworkHelper helper;
    helper.SetServerCount(300);
    ns3::NodeContainer devices;
    devices.Create(1);
    helper.Install(devices);
    ASSERT_EQ(helper.GetServerCount(), 300u);
    EXPECT_EQ(helper.GetServerAddress(0), ns3::Ipv4Address("172.16.0.2"));
    EXPECT_EQ(helper.GetServerAddress(1), ns3::Ipv4Address("172.16.0.6"));
    EXPECT_EQ(helper.GetServerAddress(299), ns3::Ipv4Address("172.16.4.174"));
    ns3::Simulator::Destroy();
    ns3::lpwa::CellularNetworkHelper tooMany;
    EXPECT_DEATH(tooMany.SetServerCount(16385), "16385 \\(must be 1..16384");
}

// The attach start drawn for each device during Install() is kept, in install order over
// every Install() call, and it is when that device attaches by itself.
TEST(RadioCell, AttachStartsAreKeptPerDevice)
{
    ns3::lpwa::CellularNetworkHelper helper;
    ns3::Ptr<ns3::UniformRandomVariable> start = ns3::CreateObject<ns3::UniformRandomVariable>();
    start->SetAttribute("Min", ns3::DoubleValue(5));
    start->SetAttribute("Max", ns3::DoubleValue(25));
    helper.SetAttachStart(start);
    helper.AssignStreams(100);
    ns3::NodeContainer a;
    a.Create(3);
    ns3::NodeContainer b;
    b.Create(2);
    ns3::NetDeviceContainer devices = helper.Install(a);
    devices.Add(helper.Install(b));
    ASSERT_EQ(helper.GetDeviceCount(), 5u);
    std::vector<ns3::Time> attached(5, ns3::Seconds(-1));
    for (uint32_t i = 0; i < 5; ++i)
    {
        const ns3::Time t = helper.GetAttachStart(i);
        EXPECT_GE(t, ns3::Seconds(5));
        EXPECT_LE(t, ns3::Seconds(25));
        devices.Get(i)->TraceConnectWithoutContext(
            "StateTransition",
            ns3::MakeBoundCallback(
                +[](ns3::Time* at,
                    ns3::lpwa::RadioUeNetDevice::State from,
                    ns3::lpwa::RadioUeNetDevice::State)
                {
                    if (from == ns3::lpwa::RadioUeNetDevice::DETACHED && *at < ns3::Seconds(0))
                    {
                        *at = ns3::Simulator::Now();
                    }
                },
                &attached[i]));
    }
    ns3::Simulator::Stop(ns3::Seconds(30));
    ns3::Simulator::Run();
    for (uint32_t i = 0; i < 5; ++i)
    {
        EXPECT_EQ(attached[i], helper.GetAttachStart(i)) << "device " << i;
    }
    ns3::Simulator::Destroy();
    EXPECT_DEATH(helper.GetAttachStart(5), "device index 5 out of range \\(5 devices\\)");
}
