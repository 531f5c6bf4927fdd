/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// RRC / NAS states of RadioUeNetDevice: attach, inactivity release, RAI, PSM, periodic TAU,
// paging with DRX / eDRX, uplink in idle, loss of service.

#include "radio-test-scenario.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/integer.h"
#include "ns3/string.h"

#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

using Change = std::pair<Time, RadioUeNetDevice::State>;

void
RecordState(std::vector<Change>* out, RadioUeNetDevice::State, RadioUeNetDevice::State to)
{
    out->emplace_back(Simulator::Now(), to);
}

void
RecordTime(std::vector<Time>* out)
{
    out->push_back(Simulator::Now());
}

void
RecordDuration(std::vector<Time>* out, Time d)
{
    out->push_back(d);
}

/// Time of the first change to `state` at or after `from`, or -1 s.
Time
FirstChange(const std::vector<Change>& changes, RadioUeNetDevice::State state, Time from)
{
    for (const auto& c : changes)
    {
        if (c.second == state && c.first >= from)
        {
            return c.first;
        }
    }
    return Seconds(-1);
}

/// A UDP receiver on a device node (port 9) recording arrival times.
class DeviceReceiver
{
  public:
    DeviceReceiver(Ptr<Node> node)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        m_socket->SetRecvCallback(MakeCallback(&DeviceReceiver::Read, this));
    }

    std::vector<Time> arrivals; //!< arrival times

  private:
    void Read(Ptr<Socket> s)
    {
        while (s->Recv())
        {
            arrivals.push_back(Simulator::Now());
        }
    }

    Ptr<Socket> m_socket; //!< socket
};

void
SendDownlink(Ptr<Node> server, Ipv4Address to, uint32_t bytes)
{
    Ptr<Socket> s = Socket::CreateSocket(server, UdpSocketFactory::GetTypeId());
    s->SendTo(Create<Packet>(bytes), 0, InetSocketAddress(to, 9));
}

} // namespace

TEST(RadioUeState, TransitionTableIsStronglyConnected)
{
    const auto& table = RadioUeNetDevice::GetTransitionTable();
    EXPECT_EQ(table.GetStateCount(), static_cast<std::size_t>(RadioUeNetDevice::STATE_COUNT));
    EXPECT_TRUE(table.AllReachableAndReturnable(RadioUeNetDevice::DETACHED));
    EXPECT_FALSE(table.IsAllowed(RadioUeNetDevice::DETACHED, RadioUeNetDevice::CONNECTED));
    EXPECT_FALSE(table.IsAllowed(RadioUeNetDevice::PSM, RadioUeNetDevice::IDLE));
    EXPECT_EQ(RadioUeNetDevice::GetStateName(RadioUeNetDevice::PSM), "PSM");
}

// calibration.md "network registration (AT+COPS)": 1.9-97.5 s measured (Robinson 2019).
TEST(RadioUeState, AttachTakesModelledTimeThenReleasesOnInactivity)
{
    std::vector<Time> durations;
    for (double mcl : {140.0, 154.0, 164.0})
    {
        RadioScenario s;
        s.helper.SetDeviceAttribute("Mcl", DoubleValue(mcl));
        s.Build("Cat-NB1", 1);
        std::vector<Change> changes;
        std::vector<Time> attach;
        s.Ue(0)->TraceConnectWithoutContext("StateTransition",
                                            MakeBoundCallback(&RecordState, &changes));
        s.Ue(0)->TraceConnectWithoutContext("AttachCompleted",
                                            MakeBoundCallback(&RecordDuration, &attach));
        Simulator::Stop(Seconds(200));
        Simulator::Run();
        ASSERT_EQ(attach.size(), 1u);
        durations.push_back(attach[0]);
        EXPECT_EQ(changes.at(0).second, RadioUeNetDevice::ATTACHING);
        EXPECT_EQ(changes.at(1).second, RadioUeNetDevice::CONNECTED);
        EXPECT_EQ(changes.at(1).first, attach[0]);
        EXPECT_EQ(changes.at(2).second, RadioUeNetDevice::IDLE);
        // Released InactivityTimer (12 s) after the last signalling message.
        EXPECT_GE(changes.at(2).first, attach[0] + Seconds(12));
        EXPECT_LT(changes.at(2).first, attach[0] + Seconds(12.5));
        EXPECT_TRUE(s.Ue(0)->IsRegistered());
        RadioScenario::Destroy();
    }
    std::cout << "attach at 140 / 154 / 164 dB: " << durations[0].GetSeconds() << " / "
              << durations[1].GetSeconds() << " / " << durations[2].GetSeconds() << " s"
              << std::endl;
    EXPECT_GE(durations[0], Seconds(1.9));
    EXPECT_LT(durations[0], Seconds(4));
    EXPECT_LT(durations[0], durations[1]);
    EXPECT_LT(durations[1], durations[2]);
    EXPECT_LE(durations[2], Seconds(97.5));
}

TEST(RadioUeState, ReleaseAssistanceShortensTheTail)
{
    RadioScenario s;
    s.helper.SetDeviceAttribute("ReleaseAssistance", BooleanValue(true));
    s.Build("Cat-M1", 1);
    s.AddServer(false);
    std::vector<Change> changes;
    s.Ue(0)->TraceConnectWithoutContext("StateTransition",
                                        MakeBoundCallback(&RecordState, &changes));
    s.SendAt(Seconds(30), 0, 50);
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    const Time connected = FirstChange(changes, RadioUeNetDevice::CONNECTED, Seconds(30));
    const Time idle = FirstChange(changes, RadioUeNetDevice::IDLE, Seconds(30));
    ASSERT_GT(connected, Seconds(30));
    EXPECT_GT(idle - connected, MilliSeconds(1470));
    EXPECT_LT(idle - connected, MilliSeconds(1600));
    RadioScenario::Destroy();
}

TEST(RadioUeState, PsmAfterT3324AndPeriodicTau)
{
    RadioScenario s;
    s.EnablePsm(Seconds(20), Seconds(300));
    s.Build("Cat-NB1", 1);
    std::vector<Change> changes;
    std::vector<Time> connections;
    s.Ue(0)->TraceConnectWithoutContext("StateTransition",
                                        MakeBoundCallback(&RecordState, &changes));
    s.Ue(0)->TraceConnectWithoutContext("ConnectionEstablished",
                                        MakeBoundCallback(&RecordDuration, &connections));
    Simulator::Stop(Seconds(700));
    Simulator::Run();
    const Time idle = FirstChange(changes, RadioUeNetDevice::IDLE, Seconds(0));
    const Time psm = FirstChange(changes, RadioUeNetDevice::PSM, Seconds(0));
    EXPECT_EQ(psm - idle, Seconds(20));
    const Time tau = FirstChange(changes, RadioUeNetDevice::CONNECTING, Seconds(0));
    EXPECT_EQ(tau - idle, Seconds(300));
    // Leaving PSM re-synchronises first: the TAU connection takes longer than sync time.
    ASSERT_GE(connections.size(), 2u);
    EXPECT_GT(connections[0],
              s.cell->GetTechnology().GetCoverageClass(s.Ue(0)->GetCoverageClass()).syncTime);
    EXPECT_EQ(s.Ue(0)->GetState(), RadioUeNetDevice::PSM);
    RadioScenario::Destroy();
}

TEST(RadioUeState, UplinkInIdleTriggersConnection)
{
    RadioScenario s;
    s.Build("Cat-NB1", 1);
    s.AddServer(false);
    std::vector<Change> changes;
    s.Ue(0)->TraceConnectWithoutContext("StateTransition",
                                        MakeBoundCallback(&RecordState, &changes));
    s.SendAt(Seconds(60), 0, 30);
    Simulator::Stop(Seconds(100));
    Simulator::Run();
    EXPECT_EQ(FirstChange(changes, RadioUeNetDevice::CONNECTING, Seconds(60)), Seconds(60));
    const Time connected = FirstChange(changes, RadioUeNetDevice::CONNECTED, Seconds(60));
    const auto& arrivals = s.arrived[s.AddressOf(0).Get()];
    ASSERT_EQ(arrivals.size(), 1u);
    EXPECT_GT(arrivals[0], connected);
    RadioScenario::Destroy();
}

// Downlink data for an idle device waits for its paging occasion; with eDRX the wait is
// longer and the occasion falls inside a paging time window.
TEST(RadioUeState, DownlinkWaitsForPagingOccasion)
{
    Time delays[2];
    for (int edrx = 0; edrx < 2; ++edrx)
    {
        RadioScenario s;
        if (edrx)
        {
            s.helper.SetDeviceAttribute("EdrxCycle", TimeValue(Seconds(81.92)));
            s.helper.SetDeviceAttribute("PagingTimeWindow", TimeValue(Seconds(5.12)));
        }
        s.Build("Cat-NB1", 1);
        DeviceReceiver rx(s.nodes.Get(0));
        const Time at = Seconds(100);
        Simulator::Schedule(at, &SendDownlink, s.helper.GetServer(0), s.AddressOf(0), 40);
        Simulator::Stop(Seconds(400));
        Simulator::Run();
        ASSERT_EQ(rx.arrivals.size(), 1u);
        const Time po = s.Ue(0)->GetNextPagingOccasion(at + MilliSeconds(10));
        EXPECT_GE(rx.arrivals[0], po);
        delays[edrx] = rx.arrivals[0] - at;
        if (edrx)
        {
            // The occasion is inside a window: start0 + k * cycle <= po < ... + PTW.
            const Time next = s.Ue(0)->GetNextPagingOccasion(po + MilliSeconds(1));
            EXPECT_GT(next - po, Seconds(2.56) - NanoSeconds(2));
        }
        else
        {
            EXPECT_LT(rx.arrivals[0] - po, Seconds(2));
            EXPECT_LE(po - at, Seconds(2.57));
        }
        RadioScenario::Destroy();
    }
    EXPECT_GT(delays[0], Seconds(0));
}

TEST(RadioUeState, DownlinkInPsmWaitsForTheDevice)
{
    RadioScenario s;
    s.EnablePsm(Seconds(10));
    s.Build("Cat-M1", 1);
    s.AddServer(false);
    DeviceReceiver rx(s.nodes.Get(0));
    Simulator::Schedule(Seconds(100), &SendDownlink, s.helper.GetServer(0), s.AddressOf(0), 40);
    s.SendAt(Seconds(500), 0, 20);
    Simulator::Stop(Seconds(600));
    Simulator::Run();
    ASSERT_EQ(rx.arrivals.size(), 1u);
    EXPECT_GT(rx.arrivals[0], Seconds(500));
    EXPECT_LT(rx.arrivals[0], Seconds(503));
    RadioScenario::Destroy();
}

TEST(RadioUeState, CellDownLosesServiceAndDevicesReattach)
{
    RadioScenario s;
    s.Build("Cat-M1", 20);
    uint32_t lost = 0;
    std::vector<Time> regained;
    for (uint32_t i = 0; i < 20; ++i)
    {
        s.Ue(i)->TraceConnectWithoutContext("ServiceLost",
                                            MakeBoundCallback(
                                                +[](uint32_t* n)
                                                {
                                                    ++*n;
                                                },
                                                &lost));
        s.Ue(i)->TraceConnectWithoutContext("ServiceRegained",
                                            MakeBoundCallback(&RecordTime, &regained));
    }
    Simulator::Schedule(Seconds(100), &RadioCellNetDevice::SetAvailable, s.cell, false);
    Simulator::Schedule(Seconds(200), &RadioCellNetDevice::SetAvailable, s.cell, true);
    Simulator::Stop(Seconds(150));
    Simulator::Run();
    EXPECT_EQ(lost, 20u);
    for (uint32_t i = 0; i < 20; ++i)
    {
        EXPECT_EQ(s.Ue(i)->GetState(), RadioUeNetDevice::DETACHED);
    }
    Simulator::Stop(Seconds(300));
    Simulator::Run();
    ASSERT_EQ(regained.size(), 20u);
    for (const Time& t : regained)
    {
        EXPECT_GT(t, Seconds(200));
        EXPECT_LT(t, Seconds(215));
    }
    for (uint32_t i = 0; i < 20; ++i)
    {
        EXPECT_TRUE(s.Ue(i)->IsRegistered());
    }
    RadioScenario::Destroy();
}

// An outage of a cell of 50 NB-IoT devices caught in every state (CONNECTED, IDLE, PSM,
// CONNECTING): each one loses service when the cell goes down, none sends while it is down,
// and each one reattaches after it returns and can send again.
TEST(RadioUeState, OutageOfAFiftyDeviceCellLosesAndRegainsEveryDevice)
{
    constexpr uint32_t kCount = 50;
    RadioScenario s;
    s.SpreadAttach(60);
    s.EnablePsm(Seconds(20));
    s.Build("Cat-NB1", kCount);
    s.AddServer(false);
    std::vector<Time> lost;
    std::vector<Time> regained;
    for (uint32_t i = 0; i < kCount; ++i)
    {
        s.Ue(i)->TraceConnectWithoutContext("ServiceLost", MakeBoundCallback(&RecordTime, &lost));
        s.Ue(i)->TraceConnectWithoutContext("ServiceRegained",
                                            MakeBoundCallback(&RecordTime, &regained));
    }
    // Some devices send shortly before the outage, so that they are connecting or connected.
    for (uint32_t i = 0; i < kCount; i += 5)
    {
        s.SendAt(Seconds(99.5), i, 20);
    }
    Simulator::Stop(Seconds(100));
    Simulator::Run();
    std::map<RadioUeNetDevice::State, uint32_t> before;
    for (uint32_t i = 0; i < kCount; ++i)
    {
        ++before[s.Ue(i)->GetState()];
    }
    EXPECT_GT(before[RadioUeNetDevice::PSM], 0u);
    EXPECT_GT(before[RadioUeNetDevice::CONNECTING] + before[RadioUeNetDevice::CONNECTED], 0u);
    s.cell->SetAvailable(false);
    Simulator::Schedule(Seconds(100), &RadioCellNetDevice::SetAvailable, s.cell, true);
    Simulator::Stop(Seconds(50));
    Simulator::Run();
    ASSERT_EQ(lost.size(), kCount);
    for (const Time& t : lost)
    {
        EXPECT_EQ(t, Seconds(100));
    }
    for (uint32_t i = 0; i < kCount; ++i)
    {
        EXPECT_EQ(s.Ue(i)->GetState(), RadioUeNetDevice::DETACHED);
        EXPECT_FALSE(s.Ue(i)->IsRegistered());
    }
    EXPECT_TRUE(regained.empty());
    Simulator::Stop(Seconds(100));
    Simulator::Run();
    ASSERT_EQ(regained.size(), kCount);
    for (const Time& t : regained)
    {
        EXPECT_GT(t, Seconds(200));
        EXPECT_LT(t, Seconds(230));
    }
    // Back in service: every device delivers a packet.
    for (uint32_t i = 0; i < kCount; ++i)
    {
        EXPECT_TRUE(s.Ue(i)->IsRegistered());
        s.SendFrom(i, 20);
    }
    Simulator::Stop(Seconds(200));
    Simulator::Run();
    for (uint32_t i = 0; i < kCount; ++i)
    {
        EXPECT_FALSE(s.arrived[s.AddressOf(i).Get()].empty()) << "device " << i;
    }
    RadioScenario::Destroy();
}

TEST(RadioUeStateDeathTest, WrongAttributeValuesAreFatal)
{
    EXPECT_DEATH(
        {
            Ptr<RadioUeNetDevice> ue = CreateObject<RadioUeNetDevice>();
            ue->SetAttribute("EdrxCycle", TimeValue(Seconds(7)));
        },
        "EdrxCycle");
    EXPECT_DEATH(
        {
            Ptr<RadioCellNetDevice> cell = CreateObject<RadioCellNetDevice>();
            cell->SetAttribute("Technology", StringValue("Cat-5G"));
        },
        "Technology.*Cat-5G");
}
