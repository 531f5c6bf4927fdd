/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Faults (FaultSchedule) seen through the AT commands: cell outage with both dialects' URCs
// and the re-attach, backhaul outage, per-link loss and extra delay.

#include "lpwa-test-harness.h"

#include "ns3/at-console.h"
#include "ns3/channel.h"
#include "ns3/console-scenario.h"
#include "ns3/fault-schedule.h"
#include "ns3/radio-cell-net-device.h"
#include "ns3/radio-ue-net-device.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

/// A console scenario with the TLS server and a host on the module's UART.
struct FaultBench
{
    FaultBench(const std::string& rat, const std::string& model)
    {
        options.model = model;
        options.rat = rat;
        options.server = "tls";
        for (int i = 0; i < 30; ++i) // uncached names for DNS round trips
        {
            options.dns.emplace_back("n" + std::to_string(i) + ".example", "10.0.0.1");
        }
        std::string error;
        EXPECT_TRUE(ConsoleScenario::CheckOptions(options, error)) << error;
        EXPECT_TRUE(scenario.Build(options, error)) << error;
        host.Attach(scenario.GetModule()->GetAtEngine()->GetUart());
        host.Cmd("ATE0\r", MilliSeconds(100));
        faults = CreateObject<FaultSchedule>();
        faults->AssignStreams(4000000);
    }

    ~FaultBench()
    {
        faults->Dispose();
        scenario.Dispose();
        TwoNodeNetwork::Destroy();
    }

    /// The module node's device on its network (radio or point-to-point).
    Ptr<NetDevice> ModuleDevice() const
    {
        Ptr<Node> node = scenario.GetNodes().Get(0);
        for (uint32_t i = 0; i < node->GetNDevices(); ++i)
        {
            if (node->GetDevice(i)->GetChannel() ||
                DynamicCast<RadioUeNetDevice>(node->GetDevice(i)))
            {
                return node->GetDevice(i);
            }
        }
        return nullptr;
    }

    AtConsole::Options options; //!< what was built
    ConsoleScenario scenario;   //!< module, network, servers
    HostRecorder host;          //!< the host
    Ptr<FaultSchedule> faults;  //!< the faults
};

/// Count a trace.
void
Increment(int* counter)
{
    ++*counter;
}

/// Count the occurrences of text.
size_t
Count(const std::string& haystack, const std::string& text)
{
    size_t n = 0;
    for (size_t at = haystack.find(text); at != std::string::npos; at = haystack.find(text, at + 1))
    {
        ++n;
    }
    return n;
}

} // namespace

TEST(RadioAtFault, CellOutageBreaksQuectelSslSocketAndTheModuleReattaches)
{
    FaultBench bench("ltem", "BG95-M3");
    bench.host.Cmd("AT+CEREG=1\r", Seconds(5));
    bench.host.Cmd("AT+QIACT=1\r", Seconds(1));
    const std::string open =
        bench.host.Cmd("AT+QSSLOPEN=1,1,1,\"tls.example\",443,0\r", Seconds(10));
    ASSERT_NE(open.find("+QSSLOPEN: 1,0"), std::string::npos) << open;
    int lost = 0;
    int regained = 0;
    Ptr<RadioUeNetDevice> device = DynamicCast<RadioUeNetDevice>(bench.ModuleDevice());
    device->TraceConnectWithoutContext("ServiceLost", MakeBoundCallback(&Increment, &lost));
    device->TraceConnectWithoutContext("ServiceRegained", MakeBoundCallback(&Increment, &regained));
    const Time down = Simulator::Now() + Seconds(1);
    bench.faults->ScheduleCellOutage(bench.scenario.GetCell(), down, Seconds(30));
    const std::string during = bench.host.Cmd("", Seconds(2));
    EXPECT_EQ(lost, 1);
    EXPECT_NE(during.find("+CEREG: 2"), std::string::npos) << during;
    EXPECT_NE(during.find("+QIURC: \"pdpdeact\",1"), std::string::npos) << during;
    EXPECT_NE(during.find("+QSSLURC: \"closed\",1"), std::string::npos) << during;
    EXPECT_EQ(during.find("+CEREG: 1"), std::string::npos) << during;
    // Every URC at the instant the cell went down (plus the UART time of the lines).
    EXPECT_LT(bench.host.m_times[during.find("+QIURC")] - down, MilliSeconds(50));
    EXPECT_NE(bench.host.Cmd("AT+QIACT?\r").find("OK"), std::string::npos);
    EXPECT_EQ(bench.host.m_rx.find("+QIACT: 1"), std::string::npos);
    // Cell back at down + 30 s; reattach within ReattachDelay (10 s) plus the attach.
    const std::string after = bench.host.Cmd("", Seconds(45));
    EXPECT_EQ(regained, 1);
    EXPECT_EQ(Count(after, "+CEREG: 1"), 1u) << after;
    EXPECT_TRUE(device->IsRegistered());
    // The host brings the context back up and reconnects.
    EXPECT_NE(bench.host.Cmd("AT+QIACT=1\r", Seconds(2)).find("OK"), std::string::npos);
    const std::string reopen =
        bench.host.Cmd("AT+QSSLOPEN=1,1,2,\"tls.example\",443,0\r", Seconds(10));
    EXPECT_NE(reopen.find("+QSSLOPEN: 2,0"), std::string::npos) << reopen;
}

TEST(RadioAtFault, CellOutageBreaksOneMoSslSocketWithItsUrcs)
{
    FaultBench bench("cat1", "ML307R");
    bench.host.Cmd("AT+CEREG=1\r", Seconds(3));
    const std::string call = bench.host.Cmd("AT+MIPCALL=1,1\r", Seconds(1));
    ASSERT_NE(call.find("+MIPCALL: 1,1"), std::string::npos) << call;
    bench.host.Cmd("AT+MSSLCFG=\"auth\",0,0\r", MilliSeconds(100));
    bench.host.Cmd("AT+MIPCFG=\"ssl\",0,1,0\r", MilliSeconds(100));
    const std::string open =
        bench.host.Cmd("AT+MIPOPEN=0,\"TCP\",\"tls.example\",443,,0\r", Seconds(10));
    ASSERT_NE(open.find("+MIPOPEN: 0,0"), std::string::npos) << open;
    bench.faults->ScheduleCellOutage(bench.scenario.GetCell(),
                                     Simulator::Now() + Seconds(1),
                                     Seconds(20));
    const std::string during = bench.host.Cmd("", Seconds(2));
    EXPECT_NE(during.find("+CEREG: 2"), std::string::npos) << during;
    EXPECT_NE(during.find("+MIPCALL: 1,0"), std::string::npos) << during;
    EXPECT_NE(during.find("+MIPURC: \"disconn\",0"), std::string::npos) << during;
    const std::string after = bench.host.Cmd("", Seconds(35));
    EXPECT_NE(after.find("+CEREG: 1"), std::string::npos) << after;
    const std::string again = bench.host.Cmd("AT+MIPCALL=1,1\r", Seconds(1));
    EXPECT_NE(again.find("+MIPCALL: 1,1"), std::string::npos) << again;
}

TEST(RadioAtFault, BackhaulOutageStallsDataUntilTheLinkReturns)
{
    FaultBench bench("ltem", "BG95-M3");
    bench.host.Cmd("", Seconds(5));
    bench.host.Cmd("AT+QIACT=1\r", Seconds(1));
    const std::string open =
        bench.host.Cmd("AT+QIOPEN=1,0,\"TCP\",\"echo.example\",7,0,1\r", Seconds(5));
    ASSERT_NE(open.find("+QIOPEN: 0,0"), std::string::npos) << open;
    Ptr<Node> server = bench.scenario.GetNodes().Get(1);
    bench.faults->ScheduleBackhaulOutage(server, Simulator::Now(), Seconds(10));
    bench.host.Cmd("AT+QISEND=0,4\r", MilliSeconds(200));
    const std::string during = bench.host.Cmd("ping", Seconds(9));
    EXPECT_NE(during.find("SEND OK"), std::string::npos) << during;
    EXPECT_EQ(during.find("+QIURC: \"recv\",0"), std::string::npos) << during;
    EXPECT_TRUE(bench.faults->IsLinkDown(server->GetDevice(0)) ||
                bench.faults->IsLinkDown(server->GetDevice(1)));
    // TCP retransmits after the outage (RTO backoff): the echo arrives, the socket survives.
    const std::string after = bench.host.Cmd("", Seconds(30));
    EXPECT_NE(after.find("+QIURC: \"recv\",0"), std::string::npos) << after;
    EXPECT_EQ(after.find("closed"), std::string::npos) << after;
    // The radio was never affected.
    EXPECT_TRUE(DynamicCast<RadioUeNetDevice>(bench.ModuleDevice())->IsRegistered());
}

TEST(RadioAtFault, PerLinkLossAndExtraDelayOnThePointToPointLink)
{
    FaultBench bench("", "BG95-M3");
    bench.host.Cmd("", Seconds(3));
    bench.host.Cmd("AT+QIACT=1\r", Seconds(2));
    int name = 0;
    auto dnsLatency = [&bench, &name]()
    {
        const Time start = Simulator::Now();
        bench.host.m_times.clear();
        const std::string r =
            bench.host.Cmd("AT+QIDNSGIP=1,\"n" + std::to_string(name++) + ".example\"\r",
                           Seconds(20));
        const size_t at = r.find("+QIURC: \"dnsgip\",0");
        return at == std::string::npos ? Seconds(-1) : bench.host.m_times[at] - start;
    };
    const Time base = dnsLatency();
    ASSERT_GT(base, Seconds(0));
    // 100 ms more each way: the answer comes 200 ms later.
    bench.faults->ScheduleExtraDelay(bench.ModuleDevice(),
                                     MilliSeconds(100),
                                     Simulator::Now(),
                                     Seconds(5));
    const Time slow = dnsLatency();
    EXPECT_NEAR((slow - base).GetSeconds(), 0.2, 0.002);
    bench.host.Cmd("", Seconds(5));
    EXPECT_NEAR(dnsLatency().GetSeconds(), base.GetSeconds(), 0.002);
    // Every packet lost: the resolver gives up after its retries (565).
    bench.faults->ScheduleLinkLoss(bench.ModuleDevice(), 1.0, Simulator::Now());
    const std::string lost = bench.host.Cmd("AT+QIDNSGIP=1,\"tls.example\"\r", Seconds(20));
    EXPECT_NE(lost.find("+QIURC: \"dnsgip\",565"), std::string::npos) << lost;
    // No loss again: answered.
    bench.faults->ScheduleLinkLoss(bench.ModuleDevice(), 0.0, Simulator::Now());
    EXPECT_GT(dnsLatency(), Seconds(0));
    // Half the packets: some queries need a retry, over 20 lookups both cases occur.
    bench.faults->ScheduleLinkLoss(bench.ModuleDevice(), 0.5, Simulator::Now());
    int fast = 0;
    int retried = 0;
    for (int i = 0; i < 20; ++i)
    {
        const Time t = dnsLatency();
        if (t > Seconds(0) && t < Seconds(1))
        {
            ++fast;
        }
        else
        {
            ++retried;
        }
    }
    EXPECT_GT(fast, 0);
    EXPECT_GT(retried, 0);
}
