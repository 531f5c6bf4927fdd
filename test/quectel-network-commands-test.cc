/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/dns-server.h"
#include "ns3/double.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/lpwa-module.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/quectel-network-commands.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-echo-server.h"
#include "ns3/uart-channel.h"

#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A module node and a server node (TCP echo on 7, DNS) on a 1 Mbps / 20 ms link; a host on
/// the module's UART.
class QuectelNetworkCommandsTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_network.Build(DataRate("1Mbps"), MilliSeconds(20));
        m_server = m_network.Get(0);
        m_echo = m_network.AddEchoServer(0);
        m_dns = m_network.AddDnsServer(0, "echo.example", Ipv4Address("10.0.0.1"));

        m_bench.CreateOnNode(m_network.Get(1), Ipv4Address("10.0.0.1"));
        m_net = CreateObject<QuectelNetworkCommands>();
        m_net->AssignStreams(1);
        m_bench.module->AddCommandSet(m_net);
        m_bench.module->TraceConnectWithoutContext(
            "PdpDeactivated",
            MakeCallback(&QuectelNetworkCommandsTest::Deactivated, this));
        m_bench.module->Initialize();
    }

    void TearDown() override
    {
        m_bench.Dispose();
        test::TwoNodeNetwork::Destroy();
    }

    void Deactivated(uint32_t cid, bool byNetwork)
    {
        m_deactivations.emplace_back(cid, byNetwork);
    }

    /// Type text now, run for `wait`, and return what the host received meanwhile.
    std::string Cmd(const std::string& text, Time wait = Seconds(1))
    {
        return m_bench.host.Cmd(text, wait);
    }

    /// Echo off, then wait for the automatic registration.
    void BringUp()
    {
        ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
    }

    test::TwoNodeNetwork m_network;
    test::ModuleBench m_bench;
    Ptr<Node> m_server;
    Ptr<TcpEchoServer> m_echo;
    Ptr<DnsServer> m_dns;
    Ptr<QuectelNetworkCommands> m_net;
    std::vector<std::pair<uint32_t, bool>> m_deactivations;
};

TEST_F(QuectelNetworkCommandsTest, Manual31ConfigureActivateQueryDeactivate)
{
    BringUp();
    // 3.1.1
    EXPECT_EQ(Cmd("AT+QICSGP=1,1,\"CMNBIOT\",\"\",\"\",1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICSGP=1\r"), "\r\n+QICSGP: 1,\"CMNBIOT\",\"\",\"\",1\r\n\r\nOK\r\n");
    // 3.1.2: activation takes ActivationTime (1 s).
    EXPECT_EQ(Cmd("AT+QIACT=1\r", MilliSeconds(900)), "");
    EXPECT_EQ(Cmd("", MilliSeconds(200)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIACT?\r"), "\r\n+QIACT: 1,1,1,\"10.0.0.2\"\r\n\r\nOK\r\n");
    EXPECT_EQ(m_net->GetPdpAddress(1), Ipv4Address("10.0.0.2"));
    // 3.1.3
    EXPECT_EQ(Cmd("AT+QIDEACT=1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIACT?\r"), "\r\nOK\r\n");
    ASSERT_EQ(m_deactivations.size(), 1u);
    EXPECT_EQ(m_deactivations[0], std::make_pair(1u, false));
}

TEST_F(QuectelNetworkCommandsTest, TinyGsmBringUp)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QICSGP=1,1,\"apn\",\"u\",\"p\"\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGATT=1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGATT?\r"), "\r\n+CGATT: 1\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICSGP=1\r"), "\r\n+QICSGP: 1,\"apn\",\"u\",\"p\",0\r\n\r\nOK\r\n");
}

TEST_F(QuectelNetworkCommandsTest, ZephyrRegistrationAddressAndDns)
{
    EXPECT_EQ(Cmd("ATE0\r", MilliSeconds(100)), "ATE0\r\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CEREG=1\r", MilliSeconds(100)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CEREG?\r", MilliSeconds(100)), "\r\n+CEREG: 1,2\r\n\r\nOK\r\n");
    // The stand-in registration at 2 s reports itself.
    EXPECT_EQ(Cmd("", Seconds(2)), "\r\n+CEREG: 1\r\n");
    EXPECT_EQ(Cmd("AT+CEREG?\r"), "\r\n+CEREG: 1,1\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICSGP=1,1,\"apn\",\"u\",\"p\",3\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGPADDR=1\r"), "\r\n+CGPADDR: 1,\"10.0.0.2\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIDNSGIP=1,\"echo.example\"\r"),
              "\r\nOK\r\n"
              "\r\n+QIURC: \"dnsgip\",0,1,300\r\n"
              "\r\n+QIURC: \"dnsgip\",\"10.0.0.1\"\r\n");
    EXPECT_EQ(Cmd("AT+QIDNSGIP=1,\"nosuch.example\"\r"),
              "\r\nOK\r\n\r\n+QIURC: \"dnsgip\",565\r\n");
}

TEST_F(QuectelNetworkCommandsTest, DnsConfigurationSetsTheResolverServer)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QIDNSCFG=1,\"8.8.8.8\",\"1.1.1.1\"\r"), "\r\nOK\r\n");
    EXPECT_EQ(m_bench.module->GetResolver()->GetServer(), Ipv4Address("8.8.8.8"));
    EXPECT_EQ(Cmd("AT+QIDNSCFG=1\r"), "\r\n+QIDNSCFG: 1,\"8.8.8.8\",\"1.1.1.1\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIDNSCFG=1,\"bad\"\r"), "\r\nERROR\r\n");
}

TEST_F(QuectelNetworkCommandsTest, ActivationNeedsRegistrationAndCanFail)
{
    EXPECT_EQ(Cmd("ATE0\r", MilliSeconds(100)), "ATE0\r\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIACT=1\r"), "\r\nERROR\r\n"); // not yet attached
    EXPECT_EQ(m_bench.module->GetLastError(), 561u);
    Cmd("", Seconds(2));
    m_net->SetAttribute("ActivationFailureProbability", DoubleValue(1.0));
    EXPECT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nERROR\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 561u);
    m_net->SetAttribute("ActivationFailureProbability", DoubleValue(0.0));
    EXPECT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nERROR\r\n"); // already active
    EXPECT_EQ(Cmd("AT+QIACT=17\r"), "\r\nERROR\r\n");
}

TEST_F(QuectelNetworkCommandsTest, NetworkDetachReportsPdpDeactivation)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    m_bench.host.m_rx.clear();
    m_net->NetworkDetach();
    EXPECT_EQ(Cmd("", MilliSeconds(100)), "\r\n+QIURC: \"pdpdeact\",1\r\n");
    ASSERT_EQ(m_deactivations.size(), 1u);
    EXPECT_EQ(m_deactivations[0], std::make_pair(1u, true));
    EXPECT_EQ(Cmd("AT+QIACT?\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGPADDR=1\r"), "\r\n+CGPADDR: 1,\"0.0.0.0\"\r\n\r\nOK\r\n");
}

TEST_F(QuectelNetworkCommandsTest, DetachDeactivatesAndAttachTakesAttachTime)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGATT=0\r"), "\r\nOK\r\n");
    ASSERT_EQ(m_deactivations.size(), 1u);
    EXPECT_FALSE(m_net->IsAttached());
    EXPECT_EQ(Cmd("AT+QIACT=1\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+CGATT=1\r", Seconds(1)), "");
    EXPECT_EQ(Cmd("", Seconds(1.5)), "\r\nOK\r\n");
    EXPECT_TRUE(m_net->IsAttached());
}

} // namespace

TEST_F(QuectelNetworkCommandsTest, CgdcontAndCgactShareTheContextsOfQicsgpAndQiact)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+CGDCONT=?\r"),
              "\r\n+CGDCONT: (1-16),\"IP\",,,(0),(0)\r\n+CGDCONT: (1-16),\"IPV6\",,,(0),(0)\r\n"
              "+CGDCONT: (1-16),\"IPV4V6\",,,(0),(0)\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGDCONT=1,\"IP\",\"iot.example\"\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICSGP=1\r"), "\r\n+QICSGP: 1,\"iot.example\",\"\",\"\",0\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGDCONT?\r"),
              "\r\n+CGDCONT: 1,\"IP\",\"iot.example\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n");
    for (const char* bad : {"AT+CGDCONT=1,\"X25\",\"a\"\r",
                            "AT+CGDCONT=0,\"IP\",\"a\"\r",
                            "AT+CGDCONT=1,IP,\"a\"\r",
                            "AT+CGDCONT=1\r",
                            "AT+CGACT=2,1\r",
                            "AT+CGACT=1\r",
                            "AT+CGACT=1,17\r",
                            "AT+CGDCONT\r"})
    {
        EXPECT_EQ(Cmd(bad), "\r\nERROR\r\n") << bad;
    }
    EXPECT_EQ(Cmd("AT+CGACT=1,1\r", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIACT?\r"), "\r\n+QIACT: 1,1,1,\"10.0.0.2\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGACT?\r"), "\r\n+CGACT: 1,1\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGDCONT?\r"),
              "\r\n+CGDCONT: 1,\"IP\",\"iot.example\",\"10.0.0.2\",0,0\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGDCONT=1,\"IP\",\"other\"\r"), "\r\nERROR\r\n"); // active
    EXPECT_EQ(Cmd("AT+CGACT=1,1\r"), "\r\nOK\r\n");                     // already active
    EXPECT_EQ(Cmd("AT+CGACT=0,1\r", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGACT?\r"), "\r\n+CGACT: 1,0\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGACT=0,1\r"), "\r\nOK\r\n");
}
