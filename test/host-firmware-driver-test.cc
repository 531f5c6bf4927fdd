/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// HostFirmware against a modelled module and a real TLS echo server: each driver profile's
// bring-up, open and periodic messages; the reaction to a server-side close.

#include "lpwa-test-harness.h"

#include "ns3/boolean.h"
#include "ns3/host-firmware-helper.h"
#include "ns3/host-firmware.h"
#include "ns3/lpwa-module-helper.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/test-pki-helper.h"
#include "ns3/tls-server.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

TestPkiHelper&
Pki()
{
    static TestPkiHelper pki(5);
    return pki;
}

/// A module on node 1 (10.0.0.2), DNS and a TLS echo server on node 0 (10.0.0.1).
class FirmwareBench
{
  public:
    explicit FirmwareBench(const std::string& model)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        net.Build(DataRate("10Mbps"), MilliSeconds(20));
        net.AddDnsServer(0, "tls.example", Ipv4Address("10.0.0.1"));
        LpwaModuleHelper modules;
        modules.SetModuleAttribute("Profile", StringValue(model));
        module = modules.Install(net.Get(1));
        module->GetResolver()->SetServer(Ipv4Address("10.0.0.1"));
        LpwaModuleHelper::AssignStreams({module}, 0);
    }

    /// Add a TLS echo server on port 443 running from `start` to `stop` (0: forever).
    Ptr<TlsServer> AddServer(Time start, Time stop = Seconds(0))
    {
        TlsConfig config;
        config.role = TlsConfig::Role::SERVER;
        config.securityLevelZero = true;
        config.certChainPem =
            Pki().GetServerChainPem(TestPkiHelper::VALID, TestPkiHelper::RSA_2048);
        config.keyPem = Pki().GetServerKeyPem(TestPkiHelper::VALID, TestPkiHelper::RSA_2048);
        Ptr<TlsServer> server = CreateObject<TlsServer>();
        server->SetConfig(config);
        server->AssignStreams(1000000 + 1000 * servers.size());
        net.Get(0)->AddApplication(server);
        server->SetStartTime(start);
        if (stop.IsStrictlyPositive())
        {
            server->SetStopTime(stop);
        }
        servers.push_back(server);
        return server;
    }

    /// Install the firmware and record its traces.
    Ptr<HostFirmware> AddFirmware(HostFirmwareHelper& helper)
    {
        ApplicationContainer apps = helper.Install(NodeContainer(net.Get(1)));
        HostFirmwareHelper::AssignStreams(apps, 50);
        fw = DynamicCast<HostFirmware>(apps.Get(0));
        fw->TraceConnectWithoutContext("Connection", MakeCallback(&FirmwareBench::OnRecord, this));
        fw->TraceConnectWithoutContext("MessageEchoed", MakeCallback(&FirmwareBench::OnEcho, this));
        fw->TraceConnectWithoutContext("Command", MakeCallback(&FirmwareBench::OnCommand, this));
        return fw;
    }

    void Run(Time until)
    {
        Simulator::Stop(until);
        Simulator::Run();
    }

    ~FirmwareBench()
    {
        fw = nullptr;
        module->Dispose();
        TwoNodeNetwork::Destroy();
    }

    void OnRecord(const HostFirmwareRecord& r)
    {
        records.push_back(r);
    }

    void OnEcho(uint32_t seq, Time latency)
    {
        echoes.emplace_back(seq, latency);
    }

    void OnCommand(const std::string& text)
    {
        commands.emplace_back(Simulator::Now(), text);
    }

    /// Number of commands starting with prefix.
    size_t Count(const std::string& prefix) const
    {
        size_t n = 0;
        for (const auto& [t, c] : commands)
        {
            n += c.rfind(prefix, 0) == 0 ? 1 : 0;
        }
        return n;
    }

    TwoNodeNetwork net;
    Ptr<LpwaModule> module;
    Ptr<HostFirmware> fw;
    std::vector<Ptr<TlsServer>> servers;
    std::vector<HostFirmwareRecord> records;
    std::vector<std::pair<uint32_t, Time>> echoes;
    std::vector<std::pair<Time, std::string>> commands;
};

struct DriverCase
{
    const char* driver;
    const char* model;
    bool uploadCa;
    const char* openPrefix;
    const char* sendPrefix;
};

class HostFirmwareDriverTest : public ::testing::TestWithParam<DriverCase>
{
};

TEST_P(HostFirmwareDriverTest, BringUpOpenAndEchoedMessages)
{
    const DriverCase c = GetParam();
    FirmwareBench bench(c.model);
    Ptr<TlsServer> server = bench.AddServer(Seconds(0));
    HostFirmwareHelper helper;
    helper.SetAttribute("Driver", StringValue(c.driver));
    helper.SetAttribute("MessageSize", UintegerValue(100));
    helper.SetAttribute("MessagePeriod", TimeValue(Seconds(5)));
    helper.SetAttribute("MessageCount", UintegerValue(3));
    if (c.uploadCa)
    {
        helper.SetAttribute("CaCertificate", StringValue(Pki().GetCaPem(TestPkiHelper::RSA_2048)));
    }
    Ptr<HostFirmware> fw = bench.AddFirmware(helper);
    bench.Run(Seconds(120));

    EXPECT_EQ(fw->GetState(), HostFirmware::DONE) << HostFirmware::GetStateName(fw->GetState());
    ASSERT_EQ(bench.records.size(), 1u);
    const HostFirmwareRecord& r = bench.records[0];
    EXPECT_EQ(r.outcome, HostFirmwareRecord::CLOSED_BY_HOST);
    EXPECT_EQ(r.attempt, 1u);
    EXPECT_EQ(r.errorCode, -1);
    EXPECT_GT(r.connected, r.start);
    EXPECT_GT(r.end, r.connected + 10); // three messages 5 s apart
    EXPECT_EQ(r.bytesSent, 300u);
    EXPECT_EQ(r.bytesReceived, 300u);
    EXPECT_EQ(r.messagesEchoed, 3u);
    ASSERT_EQ(bench.echoes.size(), 3u);
    for (uint32_t i = 0; i < 3; ++i)
    {
        EXPECT_EQ(bench.echoes[i].first, i + 1);
        // At least one round trip over the 20 ms link, at most a few seconds.
        EXPECT_GT(bench.echoes[i].second, MilliSeconds(40));
        EXPECT_LT(bench.echoes[i].second, Seconds(3));
    }
    EXPECT_EQ(server->GetHandshakeCount(), 1u);
    EXPECT_EQ(server->GetRxBytes(), 300u);
    EXPECT_EQ(bench.Count(c.openPrefix), 1u);
    EXPECT_EQ(bench.Count(c.sendPrefix), c.driver == std::string("esp-ml307") ? 3u : 3u);
}

INSTANTIATE_TEST_SUITE_P(Drivers,
                         HostFirmwareDriverTest,
                         ::testing::Values(DriverCase{"tinygsm",
                                                      "BG95-M3",
                                                      true,
                                                      "AT+QSSLOPEN=1,1,0,\"tls.example\",443,0",
                                                      "AT+QSSLSEND=0,100"},
                                           DriverCase{"zephyr-bg9x",
                                                      "BG95-M3",
                                                      true,
                                                      "AT+QSSLOPEN=1,1,1,\"10.0.0.1\",443,0",
                                                      "AT+QSSLSEND=1,100"},
                                           DriverCase{"esp-ml307",
                                                      "ML307R",
                                                      true,
                                                      "AT+MIPOPEN=0,\"TCP\",\"tls.example\",443,,0",
                                                      "AT+MIPSEND=0,100,"},
                                           DriverCase{"rt-thread-ml307",
                                                      "ML307R",
                                                      false,
                                                      "AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443",
                                                      "AT+MIPSEND=0,100"}),
                         [](const ::testing::TestParamInfo<DriverCase>& info)
                         {
                             std::string name = info.param.driver;
                             for (auto& ch : name)
                             {
                                 ch = ch == '-' ? '_' : ch;
                             }
                             return name;
                         });

/// The server goes away at 20 s and a new one listens from 22 s: the host notices the close
/// its driver's way and reconnects after the fixed 10 s delay.
class HostFirmwareServerCloseTest : public ::testing::TestWithParam<DriverCase>
{
};

TEST_P(HostFirmwareServerCloseTest, ReconnectsPerPolicy)
{
    const DriverCase c = GetParam();
    FirmwareBench bench(c.model);
    bench.AddServer(Seconds(0), Seconds(20));
    Ptr<TlsServer> second = bench.AddServer(Seconds(22));
    HostFirmwareHelper helper;
    helper.SetAttribute("Driver", StringValue(c.driver));
    helper.SetAttribute("MessagePeriod", TimeValue(Seconds(4)));
    helper.SetRetryPolicyAttribute("Kind", StringValue("fixed"));
    helper.SetRetryPolicyAttribute("BaseDelay", TimeValue(Seconds(10)));
    Ptr<HostFirmware> fw = bench.AddFirmware(helper);
    Time lost;
    fw->TraceConnectWithoutContext("PeerClosed",
                                   Callback<void, uint32_t>(
                                       [&lost](uint32_t)
                                       {
                                           lost = Simulator::Now();
                                       }));
    std::vector<Time> retries;
    fw->TraceConnectWithoutContext("RetryScheduled",
                                   Callback<void, uint32_t, Time>(
                                       [&retries](uint32_t, Time d)
                                       {
                                           retries.push_back(d);
                                       }));
    bench.Run(Seconds(60));

    ASSERT_GE(bench.records.size(), 1u);
    const HostFirmwareRecord& first = bench.records[0];
    EXPECT_EQ(first.outcome, HostFirmwareRecord::CLOSED_BY_PEER);
    EXPECT_GE(first.end, 20.0);
    EXPECT_GE(first.messagesEchoed, 4u);
    if (c.driver == std::string("tinygsm"))
    {
        // It ignores +QSSLURC: it notices at the next period's AT+QSSLSTATE.
        EXPECT_GT(lost, Seconds(20));
        EXPECT_LE(lost, Seconds(25));
    }
    else
    {
        EXPECT_GE(lost, Seconds(20));
        EXPECT_LT(lost, Seconds(21));
    }
    ASSERT_FALSE(retries.empty());
    EXPECT_EQ(retries[0], Seconds(10));
    EXPECT_EQ(fw->GetState(), HostFirmware::CONNECTED)
        << HostFirmware::GetStateName(fw->GetState());
    EXPECT_EQ(fw->GetConnectionCount(), 2u);
    EXPECT_EQ(second->GetHandshakeCount(), 1u);
    // The second attempt started 10 s after the first one ended.
    ASSERT_GE(fw->GetAttemptCount(), 2u);
    EXPECT_EQ(bench.Count(c.openPrefix), 2u);
}

INSTANTIATE_TEST_SUITE_P(
    Drivers,
    HostFirmwareServerCloseTest,
    ::testing::Values(DriverCase{"tinygsm", "BG95-M3", false, "AT+QSSLOPEN=", "AT+QSSLSEND="},
                      DriverCase{"zephyr-bg9x", "BG95-M3", false, "AT+QSSLOPEN=", "AT+QSSLSEND="},
                      DriverCase{"esp-ml307", "ML307R", false, "AT+MIPOPEN=", "AT+MIPSEND="}),
    [](const ::testing::TestParamInfo<DriverCase>& info)
    {
        std::string name = info.param.driver;
        for (auto& ch : name)
        {
            ch = ch == '-' ? '_' : ch;
        }
        return name;
    });

} // namespace
