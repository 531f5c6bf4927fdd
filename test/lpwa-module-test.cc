/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// LpwaModule's attributes: its parts reachable by config path, the Profile check, and the
// helper's AssignStreams.

#include "lpwa-test-harness.h"

#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/general-commands.h"
#include "ns3/lpwa-module-helper.h"
#include "ns3/object-vector.h"
#include "ns3/onemo-certificate-commands.h"
#include "ns3/onemo-network-commands.h"
#include "ns3/onemo-socket-commands.h"
#include "ns3/onemo-ssl-commands.h"
#include "ns3/pointer.h"
#include "ns3/quectel-network-commands.h"
#include "ns3/string.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A BG95-M3 installed by LpwaModuleHelper on node 0 of a two-node network, with a host.
class LpwaModuleTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_net.Build(DataRate("1Mbps"), MilliSeconds(20));
        m_module = m_helper.Install(m_net.Get(0));
        m_uart = m_module->GetAtEngine()->GetUart();
        m_host.Attach(m_uart);
        m_byte = m_uart->GetByteTime();
    }

    void TearDown() override
    {
        m_module->Dispose();
        test::TwoNodeNetwork::Destroy();
    }

    /// Type `text` at simulated time `at` (absolute); run until `until`; return the answer.
    std::string Exchange(Time at, const std::string& text, Time until)
    {
        m_host.Take();
        m_host.TypeAt(at - Simulator::Now(), text);
        Simulator::Stop(until - Simulator::Now());
        Simulator::Run();
        return m_host.Take();
    }

    test::TwoNodeNetwork m_net;
    LpwaModuleHelper m_helper;
    Ptr<LpwaModule> m_module;
    Ptr<UartChannel> m_uart;
    test::HostRecorder m_host;
    Time m_byte;
};

TEST_F(LpwaModuleTest, PartsAreAttributes)
{
    PointerValue engine;
    m_module->GetAttribute("AtEngine", engine);
    EXPECT_EQ(engine.Get<AtEngine>(), m_module->GetAtEngine());
    PointerValue clock;
    m_module->GetAttribute("Clock", clock);
    EXPECT_EQ(clock.Get<ModuleClock>(), m_module->GetClock());
    PointerValue fs;
    m_module->GetAttribute("FileSystem", fs);
    EXPECT_EQ(fs.Get<ModuleFileSystem>(), m_module->GetFileSystem());
    PointerValue resolver;
    m_module->GetAttribute("Resolver", resolver);
    EXPECT_EQ(resolver.Get<DnsResolver>(), m_module->GetResolver());
    ObjectVectorValue sets;
    m_module->GetAttribute("CommandSets", sets);
    EXPECT_EQ(sets.GetN(), 7u);
    EXPECT_EQ(DynamicCast<GeneralCommands>(sets.Get(0)),
              m_module->GetCommandSet<GeneralCommands>());
    EXPECT_EQ(DynamicCast<QuectelNetworkCommands>(sets.Get(3)),
              m_module->GetCommandSet<QuectelNetworkCommands>());
}

TEST_F(LpwaModuleTest, ConfigPathSetsTheEngineProcessingTime)
{
    EXPECT_EQ(Exchange(Seconds(1), "ATE0\r", Seconds(2)), "ATE0\r\r\nOK\r\n");
    ASSERT_EQ(m_net.Get(0)->GetId(), 0u);
    Config::Set("/NodeList/0/$ns3::lpwa::LpwaModule/AtEngine/ProcessingTime",
                TimeValue(MilliSeconds(7)));
    EXPECT_EQ(Exchange(Seconds(3), "AT\r", Seconds(4)), "\r\nOK\r\n");
    // The CR arrives 3 byte times after the typing starts; 7 ms later the 6 bytes follow.
    EXPECT_EQ(m_host.m_lastRx, Seconds(3) + m_byte * 3 + MilliSeconds(7) + m_byte * 6);
}

TEST_F(LpwaModuleTest, ConfigPathSetsTheActivationTime)
{
    ASSERT_EQ(m_net.Get(0)->GetId(), 0u);
    Config::Set("/NodeList/0/$ns3::lpwa::LpwaModule/CommandSets/*/"
                "$ns3::lpwa::QuectelNetworkCommands/ActivationTime",
                TimeValue(Seconds(5)));
    EXPECT_EQ(Exchange(Seconds(1), "ATE0\r", Seconds(2)), "ATE0\r\r\nOK\r\n");
    // Registered at 2 s; the activation takes 5 s after the 2 ms processing time.
    const std::string command = "AT+QIACT=1\r";
    EXPECT_EQ(Exchange(Seconds(3), command, Seconds(20)), "\r\nOK\r\n");
    EXPECT_EQ(m_host.m_lastRx,
              Seconds(3) + m_byte * static_cast<int64_t>(command.size()) + MilliSeconds(2) +
                  Seconds(5) + m_byte * 6);
}

TEST(LpwaModuleDeathTest, UnknownProfileNamesTheAttributeAndTheValue)
{
    EXPECT_DEATH(
        {
            LpwaModuleHelper helper;
            helper.SetModuleAttribute("Profile", StringValue("BG96"));
            NodeContainer nodes;
            nodes.Create(1);
            helper.Install(nodes.Get(0));
        },
        "attribute Profile: unknown module \"BG96\"");
}

/// 20 activations with ActivationFailureProbability 0.5 and the given stream: "1" for OK,
/// "0" for ERROR, one character per activation.
std::string
ActivationOutcomes(int64_t stream)
{
    test::TwoNodeNetwork net;
    net.Build(DataRate("1Mbps"), MilliSeconds(20));
    LpwaModuleHelper helper;
    Ptr<LpwaModule> module = helper.Install(net.Get(0));
    EXPECT_GT(LpwaModuleHelper::AssignStreams({module}, stream), 0);
    Config::Set("/NodeList/" + std::to_string(net.Get(0)->GetId()) +
                    "/$ns3::lpwa::LpwaModule/CommandSets/*/"
                    "$ns3::lpwa::QuectelNetworkCommands/ActivationFailureProbability",
                DoubleValue(0.5));
    test::HostRecorder host;
    host.Attach(module->GetAtEngine()->GetUart());
    host.Cmd("ATE0\r", Seconds(3)); // registered at 2 s
    std::string outcomes;
    for (int i = 0; i < 20; ++i)
    {
        const std::string answer = host.Cmd("AT+QIACT=1\r", Seconds(3));
        EXPECT_TRUE(answer == "\r\nOK\r\n" || answer == "\r\nERROR\r\n") << answer;
        outcomes += answer == "\r\nOK\r\n" ? "1" : "0";
        host.Cmd("AT+QIDEACT=1\r", Seconds(1));
    }
    module->Dispose();
    test::TwoNodeNetwork::Destroy();
    return outcomes;
}

TEST(LpwaModuleStreamsTest, AssignStreamsFixesActivationOutcomes)
{
    const std::string first = ActivationOutcomes(100);
    const std::string again = ActivationOutcomes(100);
    const std::string other = ActivationOutcomes(200);
    EXPECT_EQ(first, again);
    EXPECT_NE(first, other);
    // Both outcomes occur with probability 0.5.
    EXPECT_NE(first.find('0'), std::string::npos) << first;
    EXPECT_NE(first.find('1'), std::string::npos) << first;
}

} // namespace

namespace
{

TEST(LpwaModuleHelperTest, InstallsTheCommandSetsOfTheProfilesDialect)
{
    test::TwoNodeNetwork net;
    net.Build(DataRate("1Mbps"), MilliSeconds(20));
    LpwaModuleHelper helper;
    helper.SetModuleAttribute("Profile", StringValue("ML307R"));
    Ptr<LpwaModule> module = helper.Install(net.Get(0));
    EXPECT_EQ(module->GetProfile().GetDialect(), ModuleProfile::Dialect::ONEMO);
    EXPECT_TRUE(module->GetCommandSet<OneMoNetworkCommands>());
    EXPECT_TRUE(module->GetCommandSet<OneMoSocketCommands>());
    EXPECT_TRUE(module->GetCommandSet<OneMoSslCommands>());
    EXPECT_TRUE(module->GetCommandSet<OneMoCertificateCommands>());
    EXPECT_FALSE(module->GetCommandSet<QuectelNetworkCommands>());
    test::HostRecorder host;
    host.Attach(module->GetAtEngine()->GetUart());
    host.Cmd("ATE0\r", Seconds(3));
    // A OneMO module answers OneMO commands and not Quectel ones.
    EXPECT_EQ(host.Cmd("AT+MIPCALL?\r", Seconds(1)), "\r\nOK\r\n");
    EXPECT_EQ(host.Cmd("AT+QIACT?\r", Seconds(1)), "\r\nERROR\r\n");
    module->Dispose();
    test::TwoNodeNetwork::Destroy();
}

} // namespace

namespace
{

TEST(LpwaModuleMcuTest, TheModuleOwnsOneMcuForEveryDialect)
{
    for (const char* model : {"BG95-M3", "ML307R"})
    {
        test::TwoNodeNetwork net;
        net.Build(DataRate("1Mbps"), MilliSeconds(20));
        LpwaModuleHelper helper;
        helper.SetModuleAttribute("Profile", StringValue(model));
        Ptr<LpwaModule> module = helper.Install(net.Get(0));
        ASSERT_TRUE(module->GetMcu()) << model;
        EXPECT_EQ(module->GetCryptoCostModel()->GetMcuClass(), module->GetProfile().GetMcuClass());
        PointerValue mcu;
        module->GetAttribute("Mcu", mcu);
        EXPECT_EQ(mcu.Get<ComputeResource>(), module->GetMcu());
        module->Dispose();
        test::TwoNodeNetwork::Destroy();
    }
}

TEST(LpwaModuleMcuTest, McuSpeedReachesTheCostModel)
{
    test::TwoNodeNetwork net;
    net.Build(DataRate("1Mbps"), MilliSeconds(20));
    LpwaModuleHelper helper;
    helper.SetModuleAttribute("Profile", StringValue("BG95-M3"));
    helper.SetModuleAttribute("McuSpeed", EnumValue(CryptoCostModel::SLOW));
    Ptr<LpwaModule> module = helper.Install(net.Get(0));
    const CryptoStep verify{CryptoOperation::ECDSA_VERIFY, 256};
    EXPECT_EQ(module->GetCryptoCostModel()->GetCost(verify), MilliSeconds(4 * 594));
    module->SetAttribute("McuSpeed", EnumValue(CryptoCostModel::FAST));
    EXPECT_NEAR(module->GetCryptoCostModel()->GetCost(verify).GetSeconds(), 0.15 * 0.594, 1e-9);
    EnumValue speed;
    module->GetAttribute("McuSpeed", speed);
    EXPECT_EQ(speed.Get(), CryptoCostModel::FAST);
    module->Dispose();
    test::TwoNodeNetwork::Destroy();
}

} // namespace
