/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/dns-server.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/lpwa-module.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/quectel-network-commands.h"
#include "ns3/quectel-socket-commands.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-echo-server.h"
#include "ns3/uart-channel.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <iostream>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A module node and a server node (TCP echo on 7, DNS) on a 1 Mbps / 20 ms link; a host on
/// the module's UART; PDP context 1 active before each test body runs.
class QuectelSocketCommandsTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_network.Build(DataRate("1Mbps"), MilliSeconds(20));
        m_echo = m_network.AddEchoServer(0);
        m_dns = m_network.AddDnsServer(0, "echo.example", Ipv4Address("10.0.0.1"));

        m_bench.CreateOnNode(m_network.Get(1), Ipv4Address("10.0.0.1"));
        m_net = CreateObject<QuectelNetworkCommands>();
        m_sockets = CreateObject<QuectelSocketCommands>();
        m_bench.module->AddCommandSet(m_net);
        m_bench.module->AddCommandSet(m_sockets);
        m_bench.module->Initialize();
    }

    void TearDown() override
    {
        m_bench.Dispose();
        test::TwoNodeNetwork::Destroy();
    }

    /// Type text now, run for `wait`, and return what the host received meanwhile.
    std::string Cmd(const std::string& text, Time wait = Seconds(1))
    {
        return m_bench.host.Cmd(text, wait);
    }

    /// Echo off, registration, PDP context 1 active.
    void BringUp()
    {
        ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
        ASSERT_EQ(Cmd("AT+QICSGP=1,1,\"apn\",\"u\",\"p\"\r"), "\r\nOK\r\n");
        ASSERT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    }

    /**
     * Open connect ID \p id, cut the link, send 4 bytes and return the time until the module
     * reports the connection closed (polled every 100 ms).
     */
    Time DeadLinkGivenUpAfter(uint32_t id)
    {
        EXPECT_EQ(Cmd("AT+QIOPEN=1," + std::to_string(id) + ",\"TCP\",\"10.0.0.1\",7,0,1\r"),
                  "\r\nOK\r\n\r\n+QIOPEN: " + std::to_string(id) + ",0\r\n");
        m_network.SetPacketLoss(1.0, 100 + id);
        const Time start = Simulator::Now();
        EXPECT_EQ(Cmd("AT+QISEND=" + std::to_string(id) + ",4\r", MilliSeconds(100)), "\r\n> ");
        Cmd("ping", MilliSeconds(10));
        std::string rx;
        while (rx.find("+QIURC: \"closed\"," + std::to_string(id)) == std::string::npos &&
               Simulator::Now() - start < Seconds(2000))
        {
            rx += Cmd("", MilliSeconds(100));
        }
        m_network.SetPacketLoss(0.0, 200 + id);
        return Simulator::Now() - start;
    }

    /**
     * Open connect ID \p id with the link cut and return the time until +QIOPEN reports 566.
     */
    Time SynGivenUpAfter(uint32_t id)
    {
        m_network.SetPacketLoss(1.0, 300 + id);
        const Time start = Simulator::Now();
        EXPECT_EQ(Cmd("AT+QIOPEN=1," + std::to_string(id) + ",\"TCP\",\"10.0.0.1\",7,0,1\r",
                      MilliSeconds(100)),
                  "\r\nOK\r\n");
        const std::string urc = "+QIOPEN: " + std::to_string(id) + ",";
        std::string rx;
        while (rx.find(urc) == std::string::npos && Simulator::Now() - start < Seconds(200))
        {
            rx += Cmd("", MilliSeconds(100));
        }
        m_network.SetPacketLoss(0.0, 400 + id);
        EXPECT_NE(rx.find(urc + "566"), std::string::npos) << rx;
        return Simulator::Now() - start;
    }

    /// The AT+QISTATE line of a connected socket to the echo server.
    std::string StateLine(uint32_t id, int state, int mode)
    {
        return "+QISTATE: " + std::to_string(id) + ",\"TCP\",\"10.0.0.1\",7," +
               std::to_string(m_sockets->GetSocket(id)->GetLocalPort()) + "," +
               std::to_string(state) + ",1," + std::to_string(id) + "," + std::to_string(mode) +
               ",\"uart1\"";
    }

    test::TwoNodeNetwork m_network;
    test::ModuleBench m_bench;
    Ptr<TcpEchoServer> m_echo;
    Ptr<DnsServer> m_dns;
    Ptr<QuectelNetworkCommands> m_net;
    Ptr<QuectelSocketCommands> m_sockets;
};

TEST_F(QuectelSocketCommandsTest, BufferModePromptFixedReadAndClose)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7,0,0\r"), "\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE=1,0\r"), "\r\n" + StateLine(0, 2, 0) + "\r\n\r\nOK\r\n");

    // Prompt form, CTRL+Z; the echo comes back as a "recv" URC.
    EXPECT_EQ(Cmd("AT+QISEND=0\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("hello\x1a"), "\r\nSEND OK\r\n\r\n+QIURC: \"recv\",0\r\n");
    EXPECT_EQ(Cmd("AT+QIRD=0,1500\r"), "\r\n+QIRD: 5\r\nhello\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIRD=0,0\r"), "\r\n+QIRD: 5,5,0\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIRD=0\r"), "\r\n+QIRD: 0\r\n\r\nOK\r\n");

    // Fixed length with Zephyr's trailing CTRL+Z, which the module ignores.
    EXPECT_EQ(Cmd("AT+QISEND=0,4\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("ping\x1a"), "\r\nSEND OK\r\n\r\n+QIURC: \"recv\",0\r\n");
    EXPECT_EQ(Cmd("AT\r"), "\r\nOK\r\n");
    // A partial read leaves the rest; no new URC until the buffer was emptied.
    EXPECT_EQ(Cmd("AT+QIRD=0,2\r"), "\r\n+QIRD: 2\r\npi\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIRD=0\r"), "\r\n+QIRD: 2\r\nng\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIRD=0,0\r"), "\r\n+QIRD: 9,9,0\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISEND=0,0\r"), "\r\n+QISEND: 9,9,0\r\n\r\nOK\r\n");

    EXPECT_EQ(Cmd("AT+QICLOSE=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISEND=0,4\r"), "\r\nERROR\r\n"); // not connected
    EXPECT_EQ(m_bench.module->GetLastError(), 567u);
}

TEST_F(QuectelSocketCommandsTest, CrLfEndingsNeverReachThePayload)
{
    // TinyGSM ends every command with CR LF and waits for '>': the LF is the command line's,
    // so the echo is the payload exactly (V.250 5.2.1), in both send forms.
    BringUp();
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7,0,0\r\n"),
              "\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QISEND=0,5\r\n", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("hello"), "\r\nSEND OK\r\n\r\n+QIURC: \"recv\",0\r\n");
    EXPECT_EQ(Cmd("AT+QISEND=0\r\n", MilliSeconds(100)), "\r\n> ");
    // Unread data is waiting: no second "recv" URC (Quectel reports the empty-to-data edge).
    EXPECT_EQ(Cmd("\nworld\x1a"), "\r\nSEND OK\r\n");
    // The payload's own LF (sent after the prompt) is data; the command's is not.
    EXPECT_EQ(Cmd("AT+QIRD=0,1500\r\n"), "\r\n+QIRD: 11\r\nhello\nworld\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICLOSE=0\r\n", Seconds(3)), "\r\nOK\r\n");
}

TEST_F(QuectelSocketCommandsTest, HostNameIsResolvedAndFailuresAreReported)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QIOPEN=1,1,\"TCP\",\"echo.example\",7\r"), "\r\nOK\r\n\r\n+QIOPEN: 1,0\r\n");
    EXPECT_EQ(Cmd("AT+QIOPEN=1,1,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+QIOPEN: 1,563\r\n");
    EXPECT_EQ(Cmd("AT+QIOPEN=1,2,\"TCP\",\"nosuch.example\",7\r"),
              "\r\nOK\r\n\r\n+QIOPEN: 2,565\r\n");
    // Nothing listens on port 8: the open fails after the socket's ConnectTimeout.
    m_sockets->GetSocket(3)->SetAttribute("ConnectTimeout", TimeValue(Seconds(5)));
    EXPECT_EQ(Cmd("AT+QIOPEN=1,3,\"TCP\",\"10.0.0.1\",8\r", Seconds(6)),
              "\r\nOK\r\n\r\n+QIOPEN: 3,566\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 566u);
    EXPECT_EQ(Cmd("AT+QIOPEN=2,4,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+QIOPEN: 4,570\r\n");
    EXPECT_EQ(Cmd("AT+QIOPEN=1,12,\"TCP\",\"10.0.0.1\",7\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE\r"), "\r\n" + StateLine(1, 2, 0) + "\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE=0,1\r"), "\r\n" + StateLine(1, 2, 0) + "\r\n\r\nOK\r\n");
}

TEST_F(QuectelSocketCommandsTest, DirectPushModeSendsDataInTheUrc)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7,0,1\r"), "\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QISEND=0,4\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("abcd"), "\r\nSEND OK\r\n\r\n+QIURC: \"recv\",0,4\r\nabcd\r\n");
    EXPECT_EQ(Cmd("AT+QIRD=0\r"), "\r\nERROR\r\n"); // not in buffer access mode
    EXPECT_EQ(Cmd("AT+QISWTMD=0,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISEND=0,2\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("xy"), "\r\nSEND OK\r\n\r\n+QIURC: \"recv\",0\r\n");
    EXPECT_EQ(Cmd("AT+QIRD=0\r"), "\r\n+QIRD: 2\r\nxy\r\n\r\nOK\r\n");
}

TEST_F(QuectelSocketCommandsTest, TransparentModeEscapeAndAto)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7,0,2\r"), "\r\nCONNECT\r\n");
    // Bytes typed go out after TransparentWaitTime and come straight back.
    EXPECT_EQ(Cmd("data", Seconds(1.5)), "data");
    // +++ with a second of silence either side.
    EXPECT_EQ(Cmd("+++", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE=1,0\r"), "\r\n" + StateLine(0, 2, 0) + "\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("ATO\r", Seconds(1.5)), "\r\nCONNECT\r\n");
    EXPECT_EQ(Cmd("more", Seconds(1.5)), "more");
    EXPECT_EQ(Cmd("+++", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISWTMD=0,2\r", Seconds(1.5)), "\r\nCONNECT\r\n");
    EXPECT_EQ(Cmd("+++", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICLOSE=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("ATO\r"), "\r\nNO CARRIER\r\n");
}

TEST_F(QuectelSocketCommandsTest, PeerCloseLeavesStateFourUntilQiclose)
{
    m_echo->SetAttribute("CloseAfter", TimeValue(Seconds(1)));
    BringUp();
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7,0,0\r", MilliSeconds(500)),
              "\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("", Seconds(1)), "\r\n+QIURC: \"closed\",0\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE=1,0\r"), "\r\n" + StateLine(0, 4, 0) + "\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISEND=0,1\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QICLOSE=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE=1,0\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSocketCommandsTest, PeerCloseInTransparentModeIsNoCarrier)
{
    m_echo->SetAttribute("CloseAfter", TimeValue(Seconds(1)));
    BringUp();
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7,0,2\r", Seconds(2)),
              "\r\nCONNECT\r\n\r\nNO CARRIER\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE=1,0\r"), "\r\n" + StateLine(0, 4, 0) + "\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICLOSE=0\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSocketCommandsTest, PdpLossKeepsAnAbortedOpenClaimed)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QIOPEN=1,1,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+QIOPEN: 1,0\r\n");
    // 10.0.0.9 never answers: the open on ID 0 stays under way.
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.9\",7\r"), "\r\nOK\r\n");
    EXPECT_EQ(m_sockets->GetSocket(0)->GetState(), ModuleSocket::OPENING);
    m_net->NetworkDetach();
    EXPECT_EQ(Cmd("", MilliSeconds(100)),
              "\r\n+QIURC: \"pdpdeact\",1\r\n"
              "\r\n+QIOPEN: 0,570\r\n"
              "\r\n+QIURC: \"closed\",1\r\n");
    EXPECT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    // The quirk: ID 0 is still claimed until the host closes it.
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+QIOPEN: 0,563\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 563u);
    EXPECT_EQ(Cmd("AT+QICLOSE=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE=1,1\r"), "\r\n" + StateLine(1, 4, 0) + "\r\n\r\nOK\r\n");
}

} // namespace

namespace
{

TEST_F(QuectelSocketCommandsTest, UdpAndListenerServices)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QIOPEN=1,2,\"UDP\",\"10.0.0.1\",9,0,0\r"), "\r\nOK\r\n\r\n+QIOPEN: 2,0\r\n");
    EXPECT_EQ(Cmd("AT+QISEND=2,3\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("udp"), "\r\nSEND OK\r\n");
    EXPECT_EQ(Cmd("AT+QISEND=2,0\r"), "\r\n+QISEND: 3,3,0\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIOPEN=1,5,\"TCP LISTENER\",\"127.0.0.1\",0,2020,0\r"),
              "\r\nOK\r\n\r\n+QIOPEN: 5,0\r\n");
    const std::string udpPort = std::to_string(m_sockets->GetSocket(2)->GetLocalPort());
    EXPECT_EQ(Cmd("AT+QISTATE\r"),
              "\r\n+QISTATE: 2,\"UDP\",\"10.0.0.1\",9," + udpPort +
                  ",2,1,2,0,\"uart1\"\r\n"
                  "+QISTATE: 5,\"TCP LISTENER\",\"0.0.0.0\",0,2020,3,1,5,0,\"uart1\"\r\n"
                  "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIOPEN=1,6,\"SCTP\",\"10.0.0.1\",9\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QICLOSE=5\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICLOSE=2\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISTATE\r"), "\r\nOK\r\n");
}

} // namespace

namespace
{

/// The ns-3 socket's value of an unsigned attribute.
uint64_t
SocketUinteger(Ptr<ModuleSocket> s, const std::string& name)
{
    UintegerValue v;
    s->GetSocket()->GetAttribute(name, v);
    return v.Get();
}

} // namespace

// AT+QICFG (BG95 TCP/IP Application Note): the test form lists the keys the model has; each
// key reads back, takes its manual range and nothing else; the values reach the next socket
// opened (the ns-3 TCP socket's retransmission counts, the transparent-mode packet size).
TEST_F(QuectelSocketCommandsTest, QicfgFormsAndValuesReachTheNextSocket)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QICFG=?\r"),
              "\r\n+QICFG: \"transpktsize\",(1-1460)\r\n+QICFG: \"transwaittm\",(0-20)\r\n"
              "+QICFG: \"tcp/retranscfg\",(3-20),(5-1000)\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\"\r"),
              "\r\n+QICFG: \"tcp/retranscfg\",12,600\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICFG=\"transpktsize\"\r"),
              "\r\n+QICFG: \"transpktsize\",1024\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICFG=\"transwaittm\"\r"), "\r\n+QICFG: \"transwaittm\",2\r\n\r\nOK\r\n");
    for (const char* bad : {"AT+QICFG=\"tcp/retranscfg\",2,20\r",
                            "AT+QICFG=\"tcp/retranscfg\",21,20\r",
                            "AT+QICFG=\"tcp/retranscfg\",5,4\r",
                            "AT+QICFG=\"tcp/retranscfg\",5,1001\r",
                            "AT+QICFG=\"tcp/retranscfg\",5\r",
                            "AT+QICFG=\"transpktsize\",0\r",
                            "AT+QICFG=\"transpktsize\",1461\r",
                            "AT+QICFG=\"transwaittm\",21\r",
                            "AT+QICFG=\"dns/cache\",1\r",
                            "AT+QICFG=tcp/retranscfg\r",
                            "AT+QICFG?\r",
                            "AT+QICFG\r"})
    {
        EXPECT_EQ(Cmd(bad), "\r\nERROR\r\n") << bad;
    }
    // Nothing above changed a value.
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\"\r"),
              "\r\n+QICFG: \"tcp/retranscfg\",12,600\r\n\r\nOK\r\n");
    // The default reaches the socket: 12 retransmissions of data and of the SYN.
    EXPECT_EQ(Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7,0,0\r"), "\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
    EXPECT_EQ(SocketUinteger(m_sockets->GetSocket(0), "DataRetries"), 12u);
    EXPECT_EQ(SocketUinteger(m_sockets->GetSocket(0), "ConnCount"), 12u);
    EXPECT_EQ(Cmd("AT+QICFG=\"TCP/RetransCfg\",5,20\r"), "\r\nOK\r\n"); // keys ignore case
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\"\r"),
              "\r\n+QICFG: \"tcp/retranscfg\",5,20\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICFG=\"transpktsize\",512\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICFG=\"transwaittm\",0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QICFG=\"transwaittm\"\r"), "\r\n+QICFG: \"transwaittm\",0\r\n\r\nOK\r\n");
    // An open socket keeps its values; the next one opened takes the new ones.
    EXPECT_EQ(SocketUinteger(m_sockets->GetSocket(0), "DataRetries"), 12u);
    EXPECT_EQ(Cmd("AT+QIOPEN=1,1,\"TCP\",\"10.0.0.1\",7,0,0\r"), "\r\nOK\r\n\r\n+QIOPEN: 1,0\r\n");
    EXPECT_EQ(SocketUinteger(m_sockets->GetSocket(1), "DataRetries"), 5u);
    EXPECT_EQ(SocketUinteger(m_sockets->GetSocket(1), "ConnCount"), 5u);
    UintegerValue size;
    m_sockets->GetSocket(1)->GetAttribute("TransparentPacketSize", size);
    EXPECT_EQ(size.Get(), 512u);
    TimeValue wait;
    m_sockets->GetSocket(1)->GetAttribute("TransparentWaitTime", wait);
    EXPECT_EQ(wait.Get(), Time());
}

// Fewer retransmissions give a dead connection up sooner: with the link gone after the open,
// a send is retransmitted 3 times (about 1 + 2 + 4 + 8 s) before the module reports the socket
// closed, against 12 times (RTO doubling to ns-3's 60 s ceiling) by default.
// <max_rto> bounds the back-off: ns-3's 1 s minimum RTO doubling to 2 s is held at 2 s with
// max_rto 20, so 3 retransmissions give up after 1 + 2 + 2 + 2 = 7 s instead of 15 s, and 12
// after 1 + 2 x 12 = 25 s instead of 483 s. The SYN is bounded the same way: its 3 attempts
// (ns-3's ConnCount) on the 3 s connect timeout (3 + 6 + 12 = 21 s unbounded) take 3 x 2 = 6 s.
TEST_F(QuectelSocketCommandsTest, MaxRtoBoundsTheRetransmissionBackOff)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\",3,20\r"), "\r\nOK\r\n");
    const Time three = DeadLinkGivenUpAfter(0);
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\",12,20\r"), "\r\nOK\r\n");
    const Time twelve = DeadLinkGivenUpAfter(1);
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\",3,600\r"), "\r\nOK\r\n");
    const Time unbounded = DeadLinkGivenUpAfter(2);
    std::cout << "max_rto 2 s: dead link given up after " << three.As(Time::S) << " (3), "
              << twelve.As(Time::S) << " (12); max_rto 60 s: " << unbounded.As(Time::S) << " (3)"
              << std::endl;
    EXPECT_GT(three, Seconds(6.5));
    EXPECT_LT(three, Seconds(8));
    EXPECT_GT(twelve, Seconds(24.5));
    EXPECT_LT(twelve, Seconds(26));
    EXPECT_GT(unbounded, Seconds(14.5));
    EXPECT_LT(unbounded, Seconds(16));

    // The SYN: the peer never answers.
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\",3,20\r"), "\r\nOK\r\n");
    const Time synFailed = SynGivenUpAfter(3);
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\",3,600\r"), "\r\nOK\r\n");
    const Time synUnbounded = SynGivenUpAfter(4);
    std::cout << "SYN given up after " << synFailed.As(Time::S) << " (max_rto 2 s), "
              << synUnbounded.As(Time::S) << " (60 s)" << std::endl;
    EXPECT_GT(synFailed, Seconds(5.9));
    EXPECT_LT(synFailed, Seconds(6.5));
    EXPECT_GT(synUnbounded, Seconds(20.9));
    EXPECT_LT(synUnbounded, Seconds(21.5));
}

TEST_F(QuectelSocketCommandsTest, RetransmissionCountDecidesWhenADeadLinkIsGivenUp)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\",3,600\r"), "\r\nOK\r\n");
    const Time three = DeadLinkGivenUpAfter(0);
    EXPECT_EQ(Cmd("AT+QICFG=\"tcp/retranscfg\",12,600\r"), "\r\nOK\r\n");
    const Time twelve = DeadLinkGivenUpAfter(1);
    std::cout << "dead link given up after " << three.As(Time::S) << " (3 retransmissions), "
              << twelve.As(Time::S) << " (12)" << std::endl;
    EXPECT_GT(three, Seconds(10));
    EXPECT_LT(three, Seconds(40));
    EXPECT_GT(twelve, Seconds(300));
    EXPECT_LT(twelve, Seconds(2000));
}
