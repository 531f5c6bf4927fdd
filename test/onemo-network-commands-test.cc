/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"
#include "onemo-test-profile.h"

#include "ns3/cellular-registration.h"
#include "ns3/dns-server.h"
#include "ns3/lpwa-module.h"
#include "ns3/onemo-network-commands.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A OneMO module node and a DNS server node (echo.example -> 10.0.0.1) on a 1 Mbps / 20 ms
/// link, with a host on the module's UART.
class OneMoNetworkCommandsTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_network.Build(DataRate("1Mbps"), MilliSeconds(20));
        m_network.AddDnsServer(0, "echo.example", Ipv4Address("10.0.0.1"));
        m_bench.CreateOnNode(m_network.Get(1), Ipv4Address("10.0.0.1"));
        m_bench.module->SetAttribute("Profile", StringValue(test::OneMoTestProfileName()));
        m_net = CreateObject<OneMoNetworkCommands>();
        m_bench.module->AddCommandSet(m_net);
        m_bench.module->Initialize();
    }

    void TearDown() override
    {
        m_bench.Dispose();
        test::TwoNodeNetwork::Destroy();
    }

    std::string Cmd(const std::string& text, Time wait = Seconds(1))
    {
        return m_bench.host.Cmd(text, wait);
    }

    test::TwoNodeNetwork m_network;
    test::ModuleBench m_bench;
    Ptr<OneMoNetworkCommands> m_net;
};

TEST_F(OneMoNetworkCommandsTest, MipcallActivatesAndDeactivatesWithUrcs)
{
    ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CEREG?\r"), "\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGATT?\r"), "\r\n+CGATT: 1\r\n\r\nOK\r\n");
    // esp-ml307: query first, then dial; the address comes in the +MIPCALL URC.
    EXPECT_EQ(Cmd("AT+MIPCALL?\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL=1,1\r", MilliSeconds(500)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("", Seconds(1)), "\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL?\r"), "\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+CGPADDR=1\r"), "\r\n+CGPADDR: 1,\"10.0.0.2\"\r\n\r\nOK\r\n");
    // Already connected: OK at once (OneMO 4G extended AT manual 4.17), no URC.
    EXPECT_EQ(Cmd("AT+MIPCALL=1,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 0u);
    EXPECT_EQ(Cmd("AT+MIPCALL=0,1\r"), "\r\nOK\r\n\r\n+MIPCALL: 1,0\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL=0,1\r"), "\r\n+CME ERROR: 572\r\n"); // not active
    EXPECT_EQ(Cmd("AT+MIPCALL?\r"), "\r\nOK\r\n");
    // With an APN; the context is configured with it.
    EXPECT_EQ(Cmd("AT+MIPCALL=1,2,\"cmnet\"\r", Seconds(2)),
              "\r\nOK\r\n\r\n+MIPCALL: 2,1,\"10.0.0.2\"\r\n");
    EXPECT_EQ(m_bench.module->GetPdpContext(2)->GetApn(), "cmnet");
}

TEST_F(OneMoNetworkCommandsTest, BadParametersAreCmeError50)
{
    ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL=2,1\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL=1,99\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL=1,1,cmnet\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL=0,1,\"cmnet\"\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MDNSGIP=echo.example\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MDNSGIP=\"\"\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 50u);
}

TEST_F(OneMoNetworkCommandsTest, MdnsgipAsTheRtThreadDriverUsesIt)
{
    ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
    // No data call yet.
    EXPECT_EQ(Cmd("AT+MDNSGIP=\"echo.example\"\r"), "\r\n+CME ERROR: 570\r\n");
    ASSERT_EQ(Cmd("AT+MIPCALL=1,1\r", Seconds(2)), "\r\nOK\r\n\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n");
    // RT-Thread reads four lines: "", "OK", "", "+MDNSGIP: ..." and takes the quoted address
    // after the first comma.
    EXPECT_EQ(Cmd("AT+MDNSGIP=\"echo.example\"\r"),
              "\r\nOK\r\n\r\n+MDNSGIP: \"echo.example\",\"10.0.0.1\"\r\n");
    // A failed lookup: one final result (OK), the failure in the URC, which names the domain
    // and no address.
    EXPECT_EQ(Cmd("AT+MDNSGIP=\"nosuch.example\"\r"),
              "\r\nOK\r\n\r\n+MDNSGIP: \"nosuch.example\"\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 580u);
    // The next command gets its own result, never a stray one left by the lookup.
    EXPECT_EQ(Cmd("AT\r"), "\r\nOK\r\n");
    // Also with CMEE=0 (where the stray result used to be a bare ERROR).
    ASSERT_EQ(Cmd("AT+CMEE=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MDNSGIP=\"nosuch.example\"\r"),
              "\r\nOK\r\n\r\n+MDNSGIP: \"nosuch.example\"\r\n");
    ASSERT_EQ(Cmd("AT+CMEE=1\r"), "\r\nOK\r\n");
    // A second lookup while the first is under way: DNS busy.
    EXPECT_EQ(Cmd("AT+MDNSGIP=\"nosuch.example\";+MDNSGIP=\"echo.example\"\r"),
              "\r\n+CME ERROR: 581\r\n\r\n+MDNSGIP: \"nosuch.example\"\r\n");
    // A dotted quad needs no query.
    EXPECT_EQ(Cmd("AT+MDNSGIP=\"10.0.0.7\",1\r"),
              "\r\nOK\r\n\r\n+MDNSGIP: \"10.0.0.7\",\"10.0.0.7\"\r\n");
}

/// Counts PDP deactivations.
void
CountLoss(uint32_t* n, uint32_t, bool)
{
    ++*n;
}

TEST_F(OneMoNetworkCommandsTest, NetworkDetachAndCgattDropTheContexts)
{
    uint32_t lost = 0;
    m_bench.module->TraceConnectWithoutContext("PdpDeactivated",
                                               MakeBoundCallback(&CountLoss, &lost));
    ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+MIPCALL=1,1\r", Seconds(2)), "\r\nOK\r\n\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n");
    m_net->NetworkDetach();
    EXPECT_EQ(Cmd("", MilliSeconds(10)), "\r\n+MIPCALL: 1,0\r\n");
    EXPECT_EQ(lost, 1u);
    ASSERT_EQ(Cmd("AT+MIPCALL=1,1\r", Seconds(2)), "\r\nOK\r\n\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n");
    // The host detaches: no URC, the context is gone, a new call fails until attached.
    EXPECT_EQ(Cmd("AT+CGATT=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(lost, 2u);
    EXPECT_EQ(Cmd("AT+MIPCALL?\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL=1,1\r"), "\r\n+CME ERROR: 571\r\n");
    EXPECT_EQ(Cmd("AT+CGATT=1\r", Seconds(3)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCALL=1,1\r", Seconds(2)), "\r\nOK\r\n\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n");
    EXPECT_FALSE(m_bench.module->GetAtEngine()->IsRegistered("+QIACT"));
}

} // namespace
