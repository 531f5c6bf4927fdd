/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Scale: 10 000 NB-IoT devices attach through one cell and each sends one small UDP packet.
// The test asserts behaviour only; wall time and memory are measured outside (doc/).

#include "radio-test-scenario.h"

#include "ns3/double.h"
#include "ns3/random-access-channel.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

constexpr uint32_t kDevices = 10000;

struct Counters
{
    uint32_t attached{0};
    uint32_t failed{0};
};

void
OnAttached(RadioScenario* s, Counters* c, uint32_t i, Time)
{
    ++c->attached;
    s->SendFrom(i, 20);
}

void
OnFailed(Counters* c)
{
    ++c->failed;
}

} // namespace

TEST(RadioScale, TenThousandDevicesAttachAndSendThroughOneCell)
{
    RadioScenario s;
    s.SpreadAttach(1200);
    s.Build("Cat-NB1", kDevices);
    s.AddServer(false);
    Counters c;
    for (uint32_t i = 0; i < kDevices; ++i)
    {
        s.Ue(i)->TraceConnectWithoutContext("AttachCompleted",
                                            MakeBoundCallback(&OnAttached, &s, &c, i));
        s.Ue(i)->TraceConnectWithoutContext("AttachFailed", MakeBoundCallback(&OnFailed, &c));
    }
    Simulator::Stop(Seconds(3000));
    Simulator::Run();
    Ptr<RandomAccessChannel> rach = s.cell->GetRandomAccessChannel();
    EXPECT_EQ(c.attached + c.failed, kDevices);
    EXPECT_GT(c.attached, kDevices * 99 / 100);
    EXPECT_EQ(rach->GetSuccessCount(), c.attached);
    EXPECT_GT(rach->GetCollisionCount(), 0u);
    uint32_t delivered = 0;
    for (uint32_t i = 0; i < kDevices; ++i)
    {
        delivered += static_cast<uint32_t>(s.arrived[s.AddressOf(i).Get()].size());
    }
    EXPECT_EQ(delivered, c.attached);
    const Time busy = s.cell->GetBusyTime(false);
    EXPECT_GT(busy, Seconds(0));
    EXPECT_LT(busy, Seconds(3000));
    std::cout << "attached " << c.attached << ", failed " << c.failed << ", collisions "
              << rach->GetCollisionCount() << ", downlink busy " << busy.GetSeconds()
              << " s, uplink busy " << s.cell->GetBusyTime(true).GetSeconds() << " s" << std::endl;
    RadioScenario::Destroy();
}
