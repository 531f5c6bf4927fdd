/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// HostFirmware host-side timeouts against a server that accepts TCP but never answers the
// ClientHello: zephyr-bg9x gives up after 10 s, asks AT+QIGETERROR and retries; TinyGSM waits
// 150 s. Also: determinism of the event trace, the helper and the transition table.

#include "lpwa-test-harness.h"

#include "ns3/boolean.h"
#include "ns3/host-firmware-helper.h"
#include "ns3/host-firmware.h"
#include "ns3/inet-socket-address.h"
#include "ns3/lpwa-module-helper.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

/// Accepts TCP connections on port 443 and never sends a byte.
class SilentServer
{
  public:
    void Start(Ptr<Node> node)
    {
        m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 443));
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      Callback<void, Ptr<Socket>, const Address&>(
                                          [this](Ptr<Socket> s, const Address&)
                                          {
                                              ++accepted;
                                              s->SetRecvCallback(Callback<void, Ptr<Socket>>(
                                                  [](Ptr<Socket> sock)
                                                  {
                                                      while (sock->Recv())
                                                      {
                                                      }
                                                  }));
                                              m_sockets.push_back(s);
                                          }));
    }

    uint32_t accepted{0};

  private:
    Ptr<Socket> m_listener;
    std::vector<Ptr<Socket>> m_sockets;
};

/// A BG95-M3 on node 1 whose firmware talks to a silent server on node 0.
struct SilentBench
{
    explicit SilentBench(uint32_t seed = 1)
    {
        RngSeedManager::SetSeed(seed);
        RngSeedManager::SetRun(1);
        net.Build(DataRate("10Mbps"), MilliSeconds(20));
        net.AddDnsServer(0, "tls.example", Ipv4Address("10.0.0.1"));
        server.Start(net.Get(0));
        LpwaModuleHelper modules;
        modules.SetModuleAttribute("Profile", StringValue("BG95-M3"));
        module = modules.Install(net.Get(1));
        module->GetResolver()->SetServer(Ipv4Address("10.0.0.1"));
        LpwaModuleHelper::AssignStreams({module}, 0);
    }

    Ptr<HostFirmware> Install(HostFirmwareHelper& helper, int64_t stream = 50)
    {
        ApplicationContainer apps = helper.Install(NodeContainer(net.Get(1)));
        HostFirmwareHelper::AssignStreams(apps, stream);
        fw = DynamicCast<HostFirmware>(apps.Get(0));
        fw->TraceConnectWithoutContext("Command",
                                       Callback<void, const std::string&>(
                                           [this](const std::string& c)
                                           {
                                               commands.emplace_back(Simulator::Now(), c);
                                           }));
        fw->TraceConnectWithoutContext("Connection",
                                       Callback<void, const HostFirmwareRecord&>(
                                           [this](const HostFirmwareRecord& r)
                                           {
                                               records.push_back(r);
                                           }));
        return fw;
    }

    /// Times of the commands that start with prefix.
    std::vector<Time> Times(const std::string& prefix) const
    {
        std::vector<Time> t;
        for (const auto& [at, c] : commands)
        {
            if (c.rfind(prefix, 0) == 0)
            {
                t.push_back(at);
            }
        }
        return t;
    }

    void Run(Time until)
    {
        Simulator::Stop(until);
        Simulator::Run();
    }

    ~SilentBench()
    {
        fw = nullptr;
        module->Dispose();
        TwoNodeNetwork::Destroy();
    }

    TwoNodeNetwork net;
    SilentServer server;
    Ptr<LpwaModule> module;
    Ptr<HostFirmware> fw;
    std::vector<std::pair<Time, std::string>> commands;
    std::vector<HostFirmwareRecord> records;
};

TEST(HostFirmwareTimeoutTest, ZephyrGivesUpAfterTenSecondsQueriesErrorAndRetries)
{
    SilentBench bench;
    HostFirmwareHelper helper;
    helper.SetAttribute("Driver", StringValue("zephyr-bg9x"));
    helper.SetRetryPolicyAttribute("BaseDelay", TimeValue(Seconds(5)));
    Ptr<HostFirmware> fw = bench.Install(helper);
    std::vector<Time> timeouts;
    fw->TraceConnectWithoutContext("CommandTimeout",
                                   Callback<void, const std::string&>(
                                       [&timeouts](const std::string& c)
                                       {
                                           if (c.rfind("AT+QSSLOPEN=", 0) == 0)
                                           {
                                               timeouts.push_back(Simulator::Now());
                                           }
                                       }));
    bench.Run(Seconds(60));

    const std::vector<Time> opens = bench.Times("AT+QSSLOPEN=1,1,1,\"10.0.0.1\",443,0");
    const std::vector<Time> errors = bench.Times("AT+QIGETERROR");
    const std::vector<Time> closes = bench.Times("AT+QSSLCLOSE=1,0");
    ASSERT_GE(opens.size(), 3u);
    ASSERT_GE(timeouts.size(), 2u);
    ASSERT_GE(errors.size(), 2u);
    ASSERT_GE(closes.size(), 2u);
    EXPECT_EQ(bench.server.accepted, opens.size());
    for (size_t i = 0; i < 2; ++i)
    {
        // Give up 10 s after the open's OK (a few ms after the command), nothing earlier.
        const Time waited = timeouts[i] - opens[i];
        EXPECT_GT(waited, Seconds(10));
        EXPECT_LT(waited, Seconds(10.01));
        // Then AT+QIGETERROR at once, AT+QSSLCLOSE=1,0 after its answer.
        EXPECT_EQ(errors[i], timeouts[i]);
        EXPECT_GT(closes[i], errors[i]);
        EXPECT_LT(closes[i], errors[i] + MilliSeconds(20));
        // The retry waits the fixed 5 s after the close completed.
        EXPECT_GT(opens[i + 1], closes[i] + Seconds(5));
        EXPECT_LT(opens[i + 1], closes[i] + Seconds(5.02));
    }
    ASSERT_GE(bench.records.size(), 2u);
    for (size_t i = 0; i < 2; ++i)
    {
        const HostFirmwareRecord& r = bench.records[i];
        EXPECT_EQ(r.attempt, i + 1);
        EXPECT_EQ(r.outcome, HostFirmwareRecord::HOST_TIMEOUT);
        EXPECT_DOUBLE_EQ(r.start, opens[i].GetSeconds());
        EXPECT_GT(r.end - r.start, 10.0);
        EXPECT_LT(r.end - r.start, 10.05);
        EXPECT_LT(r.connected, 0.0);
        EXPECT_EQ(r.bytesSent, 0u);
        EXPECT_GE(r.errorCode, 0); // what AT+QIGETERROR answered
    }
    EXPECT_EQ(fw->GetConnectionCount(), 0u);
}

TEST(HostFirmwareTimeoutTest, ZephyrRetryingWhileTheModuleNegotiatesFindsTheIdInUse)
{
    SilentBench bench;
    HostFirmwareHelper helper;
    helper.SetAttribute("Driver", StringValue("zephyr-bg9x"));
    helper.SetAttribute("CloseAfterFailedOpen", BooleanValue(false));
    helper.SetRetryPolicyAttribute("BaseDelay", TimeValue(Seconds(5)));
    bench.Install(helper);
    bench.Run(Seconds(60));

    ASSERT_GE(bench.records.size(), 2u);
    EXPECT_EQ(bench.records[0].outcome, HostFirmwareRecord::HOST_TIMEOUT);
    // The module is still negotiating (negotiatetime 300 s): the retry's open reports 563.
    EXPECT_EQ(bench.records[1].outcome, HostFirmwareRecord::OPEN_ERROR);
    EXPECT_EQ(bench.records[1].errorCode, 563);
    EXPECT_LT(bench.records[1].end - bench.records[1].start, 0.1);
    EXPECT_TRUE(bench.Times("AT+QSSLCLOSE").empty());
    EXPECT_EQ(bench.server.accepted, 1u);
}

TEST(HostFirmwareTimeoutTest, TinyGsmWaitsOneHundredFiftySeconds)
{
    SilentBench bench;
    HostFirmwareHelper helper;
    helper.SetAttribute("Driver", StringValue("tinygsm"));
    helper.SetRetryPolicyAttribute("BaseDelay", TimeValue(Seconds(5)));
    Ptr<HostFirmware> fw = bench.Install(helper);
    bench.Run(Seconds(140));
    // Still waiting for +QSSLOPEN after 140 s: no error query, no close, no retry.
    EXPECT_EQ(fw->GetState(), HostFirmware::OPENING);
    EXPECT_EQ(bench.Times("AT+QSSLOPEN=").size(), 1u);
    EXPECT_TRUE(bench.records.empty());
    bench.Run(Seconds(40));

    const std::vector<Time> opens = bench.Times("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0");
    ASSERT_EQ(opens.size(), 2u);
    ASSERT_GE(bench.records.size(), 1u);
    const HostFirmwareRecord& r = bench.records[0];
    EXPECT_EQ(r.outcome, HostFirmwareRecord::HOST_TIMEOUT);
    EXPECT_GT(r.end - r.start, 150.0);
    EXPECT_LT(r.end - r.start, 150.1);
    EXPECT_EQ(r.errorCode, -1); // TinyGSM does not ask AT+QIGETERROR
    EXPECT_TRUE(bench.Times("AT+QIGETERROR").empty());
    // connect() calls stop() first: AT+QSSLCLOSE=<mux>, then the sketch's delay.
    const std::vector<Time> closes = bench.Times("AT+QSSLCLOSE=0");
    ASSERT_EQ(closes.size(), 1u);
    EXPECT_GT(opens[1], closes[0] + Seconds(5));
    EXPECT_LT(opens[1], closes[0] + Seconds(5.1));
}

/// Everything the firmware reports, one line per event, with its time.
std::string
TraceRun(uint32_t seed, int64_t stream)
{
    SilentBench bench(seed);
    HostFirmwareHelper helper;
    helper.SetAttribute("Driver", StringValue("zephyr-bg9x"));
    helper.SetRetryPolicyAttribute("Kind", StringValue("decorrelated-jitter"));
    helper.SetRetryPolicyAttribute("BaseDelay", TimeValue(Seconds(1)));
    helper.SetRetryPolicyAttribute("MaxDelay", TimeValue(Seconds(30)));
    Ptr<HostFirmware> fw = bench.Install(helper, stream);
    std::ostringstream log;
    auto at = [&log]() -> std::ostream&
    {
        return log << Simulator::Now().GetNanoSeconds() << " ";
    };
    fw->TraceConnectWithoutContext("StateTransition",
                                   Callback<void, HostFirmware::State, HostFirmware::State>(
                                       [&](HostFirmware::State a, HostFirmware::State b)
                                       {
                                           at() << HostFirmware::GetStateName(a) << "->"
                                                << HostFirmware::GetStateName(b) << "\n";
                                       }));
    fw->TraceConnectWithoutContext("Command",
                                   Callback<void, const std::string&>(
                                       [&](const std::string& c)
                                       {
                                           at() << c << "\n";
                                       }));
    fw->TraceConnectWithoutContext("RetryScheduled",
                                   Callback<void, uint32_t, Time>(
                                       [&](uint32_t n, Time d)
                                       {
                                           at() << "retry " << n << " " << d.GetNanoSeconds()
                                                << "\n";
                                       }));
    fw->TraceConnectWithoutContext("Connection",
                                   Callback<void, const HostFirmwareRecord&>(
                                       [&](const HostFirmwareRecord& r)
                                       {
                                           at() << "record " << r.attempt << " " << r.start << " "
                                                << r.end << " "
                                                << HostFirmwareRecord::GetOutcomeName(r.outcome)
                                                << " " << r.errorCode << "\n";
                                       }));
    bench.Run(Seconds(120));
    return log.str();
}

TEST(HostFirmwareTimeoutTest, SameSeedGivesTheSameEventTrace)
{
    const std::string a = TraceRun(3, 50);
    const std::string b = TraceRun(3, 50);
    EXPECT_GT(a.size(), 1000u);
    EXPECT_NE(a.find("record 3 "), std::string::npos);
    EXPECT_EQ(a, b);
    // Another retry stream draws other delays.
    const std::string c = TraceRun(3, 51);
    EXPECT_NE(a, c);
}

TEST(HostFirmwareTimeoutTest, MaxRetriesEndsInDone)
{
    SilentBench bench;
    HostFirmwareHelper helper;
    helper.SetAttribute("Driver", StringValue("zephyr-bg9x"));
    helper.SetAttribute("MaxRetries", UintegerValue(2));
    helper.SetRetryPolicyAttribute("BaseDelay", TimeValue(Seconds(1)));
    Ptr<HostFirmware> fw = bench.Install(helper);
    bench.Run(Seconds(100));
    EXPECT_EQ(fw->GetState(), HostFirmware::DONE);
    EXPECT_EQ(bench.records.size(), 3u);
    EXPECT_EQ(fw->GetAttemptCount(), 3u);
}

TEST(HostFirmwareHelperTest, InstallsOnModuleNodesAndAssignsStreams)
{
    SilentBench bench;
    HostFirmwareHelper helper;
    helper.SetAttribute("Driver", StringValue("esp-ml307"));
    helper.SetRetryPolicyAttribute("Kind", StringValue("exponential-jitter"));
    ApplicationContainer apps = helper.Install(NodeContainer(bench.net.Get(1)));
    ASSERT_EQ(apps.GetN(), 1u);
    Ptr<HostFirmware> fw = DynamicCast<HostFirmware>(apps.Get(0));
    ASSERT_TRUE(fw);
    EXPECT_EQ(fw->GetNode(), bench.net.Get(1));
    EXPECT_EQ(fw->GetUart(), bench.module->GetAtEngine()->GetUart());
    EXPECT_EQ(fw->GetProfile().name, "esp-ml307");
    EXPECT_EQ(fw->GetRetryPolicy()->GetKind(), RetryPolicy::EXPONENTIAL_JITTER);
    // Each application has its own policy.
    ApplicationContainer more = helper.Install(bench.module);
    EXPECT_NE(DynamicCast<HostFirmware>(more.Get(0))->GetRetryPolicy(), fw->GetRetryPolicy());
    apps.Add(more);
    EXPECT_EQ(HostFirmwareHelper::AssignStreams(apps, 7), 2);
}

TEST(HostFirmwareHelperTest, ProfilesFollowTheRealDrivers)
{
    EXPECT_EQ(HostFirmwareProfile::Get(HostFirmwareProfile::TINYGSM).openTimeout, Seconds(150));
    EXPECT_EQ(HostFirmwareProfile::Get(HostFirmwareProfile::ZEPHYR_BG9X).openTimeout, Seconds(10));
    EXPECT_EQ(HostFirmwareProfile::Get(HostFirmwareProfile::ESP_ML307).openTimeout, Seconds(10));
    EXPECT_EQ(HostFirmwareProfile::Get(HostFirmwareProfile::RT_THREAD_ML307).openTimeout,
              Seconds(10));
    EXPECT_EQ(HostFirmwareProfile::Get(HostFirmwareProfile::ESP_ML307).maxChunk, 730u);
    EXPECT_EQ(HostFirmwareProfile::Get(HostFirmwareProfile::TINYGSM).openContext, 1u);
    EXPECT_EQ(HostFirmwareProfile::GetNames().size(), 4u);
}

TEST(HostFirmwareStateTest, EveryStateReachableAndReturnable)
{
    const auto& table = HostFirmware::GetTransitionTable();
    EXPECT_TRUE(table.AllReachableAndReturnable(HostFirmware::OFF));
    EXPECT_TRUE(table.IsAllowed(HostFirmware::OPENING, HostFirmware::RECOVERING));
    EXPECT_FALSE(table.IsAllowed(HostFirmware::OFF, HostFirmware::CONNECTED));
    EXPECT_FALSE(table.IsAllowed(HostFirmware::WAITING, HostFirmware::CONNECTED));
    EXPECT_EQ(HostFirmware::GetStateName(HostFirmware::RECOVERING), "RECOVERING");
}

} // namespace
