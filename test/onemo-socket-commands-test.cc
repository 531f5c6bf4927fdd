/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"
#include "onemo-test-profile.h"

#include "ns3/dns-server.h"
#include "ns3/lpwa-module.h"
#include "ns3/onemo-network-commands.h"
#include "ns3/onemo-socket-commands.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-echo-server.h"
#include "ns3/udp-echo-server.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A OneMO module node and a server node (TCP and UDP echo on 7, DNS with echo.example ->
/// 10.0.0.1) on a 1 Mbps / 20 ms link; a host on the module's UART.
class OneMoSocketCommandsTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_network.Build(DataRate("1Mbps"), MilliSeconds(20));
        m_echo = m_network.AddEchoServer(0);
        m_network.AddDnsServer(0, "echo.example", Ipv4Address("10.0.0.1"));
        Ptr<UdpEchoServer> udp = CreateObject<UdpEchoServer>();
        udp->SetAttribute("Port", UintegerValue(7));
        m_network.Get(0)->AddApplication(udp);

        m_bench.CreateOnNode(m_network.Get(1), Ipv4Address("10.0.0.1"));
        m_bench.module->SetAttribute("Profile", StringValue(test::OneMoTestProfileName()));
        m_net = CreateObject<OneMoNetworkCommands>();
        m_sockets = CreateObject<OneMoSocketCommands>();
        m_bench.module->AddCommandSet(m_net);
        m_bench.module->AddCommandSet(m_sockets);
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

    /// Echo off, registration, data call on context 1.
    void BringUp()
    {
        ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
        ASSERT_EQ(Cmd("AT+MIPCALL=1,1\r", Seconds(2)),
                  "\r\nOK\r\n\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n");
    }

    /// Split `+MIPURC: "rtcp",<id>,<len>,<hex>` URCs, check each, and return the bytes.
    static std::string CollectRtcpHex(const std::string& rx, uint32_t id, uint32_t& urcs)
    {
        const std::string head = "\r\n+MIPURC: \"rtcp\"," + std::to_string(id) + ",";
        std::string bytes;
        size_t pos = 0;
        urcs = 0;
        while (pos < rx.size())
        {
            EXPECT_EQ(rx.compare(pos, head.size(), head), 0) << rx.substr(pos);
            if (rx.compare(pos, head.size(), head) != 0)
            {
                break;
            }
            pos += head.size();
            const size_t comma = rx.find(',', pos);
            const size_t end = rx.find("\r\n", comma);
            const uint32_t len = std::stoul(rx.substr(pos, comma - pos));
            std::string data;
            EXPECT_TRUE(OneMoSocketCommands::Decode(rx.substr(comma + 1, end - comma - 1),
                                                    OneMoSocketCommands::HEX,
                                                    data));
            EXPECT_EQ(data.size(), len);
            bytes += data;
            pos = end + 2;
            ++urcs;
        }
        return bytes;
    }

    test::TwoNodeNetwork m_network;
    test::ModuleBench m_bench;
    Ptr<TcpEchoServer> m_echo;
    Ptr<OneMoNetworkCommands> m_net;
    Ptr<OneMoSocketCommands> m_sockets;
};

TEST_F(OneMoSocketCommandsTest, EspMl307SequenceWithHexChunks)
{
    m_echo->SetAttribute("CloseAfter", TimeValue(Seconds(20)));
    BringUp();
    // Ml307Tcp::Connect: state query, close only if active, no SSL, hex both ways, open.
    EXPECT_EQ(Cmd("AT+MIPSTATE=0\r"), "\r\n+MIPSTATE: 0,,,,\"INITIAL\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,0,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"encoding\",0,1,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"encoding\",0\r"), "\r\n+MIPCFG: \"encoding\",0,1,1\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"echo.example\",7,,0\r"),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+MIPSTATE=0\r"),
              "\r\n+MIPSTATE: 0,\"TCP\",\"echo.example\",7,\"CONNECTED\"\r\n\r\nOK\r\n");

    // A short message, byte-exact both ways.
    EXPECT_EQ(Cmd("AT+MIPSEND=0,5,68656c6c6f\r"),
              "\r\nOK\r\n\r\n+MIPSEND: 0,5\r\n\r\n+MIPURC: \"rtcp\",0,5,68656C6C6F\r\n");

    // 2000 bytes as Ml307Tcp::Send cuts them: 730-byte chunks, hex inline.
    std::string payload;
    for (int i = 0; i < 2000; ++i)
    {
        payload.push_back(static_cast<char>((i * 7 + 3) & 0xFF));
    }
    std::string echoed;
    for (size_t off = 0; off < payload.size(); off += 730)
    {
        const std::string chunk = payload.substr(off, 730);
        const std::string hex = OneMoSocketCommands::Encode(chunk, OneMoSocketCommands::HEX);
        // The 1.5 kB line takes ~130 ms on the UART; the echo follows the +MIPSEND URC.
        const std::string rx =
            Cmd("AT+MIPSEND=0," + std::to_string(chunk.size()) + "," + hex + "\r", Seconds(2));
        const std::string sent =
            "\r\nOK\r\n\r\n+MIPSEND: 0," + std::to_string(chunk.size()) + "\r\n";
        ASSERT_EQ(rx.substr(0, sent.size()), sent);
        uint32_t urcs = 0;
        echoed += CollectRtcpHex(rx.substr(sent.size()), 0, urcs);
        EXPECT_GE(urcs, 1u);
    }
    EXPECT_EQ(echoed, payload);

    // The server closes the connection: disconn, reason 1; the ID is free again.
    EXPECT_EQ(Cmd("", Seconds(20)), "\r\n+MIPURC: \"disconn\",0,1\r\n");
    EXPECT_EQ(Cmd("AT+MIPSTATE=0\r"), "\r\n+MIPSTATE: 0,,,,\"INITIAL\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\n+CME ERROR: 551\r\n");
}

TEST_F(OneMoSocketCommandsTest, RtThreadSequencePromptSendAndRetryAfterClose)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+MIPOPEN=1,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+MIPOPEN: 1,0\r\n");
    EXPECT_EQ(Cmd("AT+MIPSEND=1,5\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("hello"), "\r\nOK\r\n\r\n+MIPSEND: 1,5\r\n\r\n+MIPURC: \"rtcp\",1,5,hello\r\n");
    // CR LF inside the data stays raw in ASCII encoding: the URC carries <len> bytes.
    EXPECT_EQ(Cmd("AT+MIPSEND=1,4\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("a\r\nb"), "\r\nOK\r\n\r\n+MIPSEND: 1,4\r\n\r\n+MIPURC: \"rtcp\",1,4,a\r\nb\r\n");
    // The driver's retry: the ID is still open, so the open fails; it closes and retries.
    EXPECT_EQ(Cmd("AT+MIPOPEN=1,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+MIPOPEN: 1,552\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 552u);
    EXPECT_EQ(Cmd("AT+MIPCLOSE=1\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 1\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=1,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+MIPOPEN: 1,0\r\n");
    // Prompt without a length, ended by CTRL+Z.
    EXPECT_EQ(Cmd("AT+MIPSEND=1\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("xyz\x1a"), "\r\nOK\r\n\r\n+MIPSEND: 1,3\r\n\r\n+MIPURC: \"rtcp\",1,3,xyz\r\n");
    // Its DNS query and a UDP socket ("rudp").
    EXPECT_EQ(Cmd("AT+MDNSGIP=\"echo.example\"\r"),
              "\r\nOK\r\n\r\n+MDNSGIP: \"echo.example\",\"10.0.0.1\"\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=2,\"UDP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+MIPOPEN: 2,0\r\n");
    EXPECT_EQ(Cmd("AT+MIPSEND=2,3\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("udp"), "\r\nOK\r\n\r\n+MIPSEND: 2,3\r\n\r\n+MIPURC: \"rudp\",2,3,udp\r\n");
    EXPECT_EQ(Cmd("AT+MIPSTATE\r"),
              "\r\n+MIPSTATE: 0,,,,\"INITIAL\"\r\n"
              "+MIPSTATE: 1,\"TCP\",\"10.0.0.1\",7,\"CONNECTED\"\r\n"
              "+MIPSTATE: 2,\"UDP\",\"10.0.0.1\",7,\"CONNECTED\"\r\n"
              "+MIPSTATE: 3,,,,\"INITIAL\"\r\n"
              "+MIPSTATE: 4,,,,\"INITIAL\"\r\n"
              "+MIPSTATE: 5,,,,\"INITIAL\"\r\n"
              "\r\nOK\r\n");
}

TEST_F(OneMoSocketCommandsTest, BufferModeRecvUrcAndMipread)
{
    m_echo->SetAttribute("CloseAfter", TimeValue(Seconds(3)));
    BringUp();
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",7,0,1\r", MilliSeconds(500)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+MIPSEND=0,6\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("buffer"), "\r\nOK\r\n\r\n+MIPSEND: 0,6\r\n\r\n+MIPURC: \"recv\",0,6\r\n");
    EXPECT_EQ(Cmd("AT+MIPREAD=0,4\r"), "\r\n+MIPREAD: 0,2,4,buff\r\n\r\nOK\r\n");
    // The server closes with 2 bytes unread: the ID waits in CLOSING until they are read.
    EXPECT_EQ(Cmd("", Seconds(1)), "\r\n+MIPURC: \"disconn\",0,1\r\n");
    EXPECT_EQ(Cmd("AT+MIPSTATE=0\r"),
              "\r\n+MIPSTATE: 0,\"TCP\",\"10.0.0.1\",7,\"CLOSING\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"encoding\",0,1,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPRD=0\r"), "\r\n+MIPRD: 0,0,2,6572\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPSTATE=0\r"), "\r\n+MIPSTATE: 0,,,,\"INITIAL\"\r\n\r\nOK\r\n");
}

TEST_F(OneMoSocketCommandsTest, BadParametersAndOpenFailures)
{
    ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
    // No data call yet.
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+MIPOPEN: 0,570\r\n");
    ASSERT_EQ(Cmd("AT+MIPCALL=1,1\r", Seconds(2)), "\r\nOK\r\n\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=6,\"TCP\",\"10.0.0.1\",7\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"SCTP\",\"10.0.0.1\",7\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",0\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",7,,2\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,TCP,\"10.0.0.1\",7\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"rcvbuf\",0,4096\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"encoding\",0,3,0\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPSEND=0,5\r"), "\r\n+CME ERROR: 553\r\n");
    EXPECT_EQ(Cmd("AT+MIPSEND=0,5,\"hello\"\r"), "\r\n+CME ERROR: 553\r\n");
    EXPECT_EQ(Cmd("AT+MIPSEND=0,1461\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPREAD=0\r"), "\r\n+CME ERROR: 551\r\n");
    EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\n+CME ERROR: 551\r\n");
    EXPECT_EQ(Cmd("AT+MIPSTATE=9\r"), "\r\n+CME ERROR: 50\r\n");
    // The open's own failures come in the +MIPOPEN URC.
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"nosuch.example\",7\r"),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,580\r\n");
    // Nothing answers on port 8 (ns-3 sends no reset here): the open times out.
    m_sockets->GetSocket(0)->SetAttribute("ConnectTimeout", TimeValue(Seconds(5)));
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",8\r", Seconds(6)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,558\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 558u);
    // Hex data of the wrong length, or not hex.
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"encoding\",0,1,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPSEND=0,4,68656c6c6f\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(Cmd("AT+MIPSEND=0,2,zz00\r"), "\r\n+CME ERROR: 50\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 50u);
}

TEST_F(OneMoSocketCommandsTest, SslOpenFailsUntilTheTlsEngineIsWired)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0\r"), "\r\n+MIPCFG: \"ssl\",0,1,0\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"echo.example\",443,,0\r"),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,751\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 751u);
    EXPECT_EQ(m_sockets->GetSocket(0)->GetState(), ModuleSocket::INITIAL);
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,0,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"echo.example\",7,,0\r"),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
}

TEST_F(OneMoSocketCommandsTest, PdpLossDisconnectsAndAbortsOpens)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    // 10.0.0.9 never answers: the open on ID 1 stays under way.
    EXPECT_EQ(Cmd("AT+MIPOPEN=1,\"TCP\",\"10.0.0.9\",7\r"), "\r\nOK\r\n");
    m_net->NetworkDetach();
    EXPECT_EQ(Cmd("", MilliSeconds(100)),
              "\r\n+MIPCALL: 1,0\r\n"
              "\r\n+MIPURC: \"disconn\",0,3\r\n"
              "\r\n+MIPOPEN: 1,570\r\n");
    EXPECT_EQ(Cmd("AT+MIPSTATE=0\r"), "\r\n+MIPSTATE: 0,,,,\"INITIAL\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPSTATE=1\r"), "\r\n+MIPSTATE: 1,,,,\"INITIAL\"\r\n\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+MIPCALL=1,1\r", Seconds(2)), "\r\nOK\r\n\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",7\r"), "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    // The host ends the data call: the sockets go too.
    EXPECT_EQ(Cmd("AT+MIPCALL=0,1\r"),
              "\r\nOK\r\n\r\n+MIPURC: \"disconn\",0,3\r\n\r\n+MIPCALL: 1,0\r\n");
}

TEST(OneMoSocketEncodingTest, HexAndEscapedRoundTrip)
{
    using S = OneMoSocketCommands;
    const std::string bytes("a\r\n\"\\\t\x01\xff", 8);
    EXPECT_EQ(S::Encode(bytes, S::HEX), "610D0A225C0901FF");
    EXPECT_EQ(S::Encode(bytes, S::ESCAPED), "a\\r\\n\\\"\\\\\\t\\x01\\xFF");
    EXPECT_EQ(S::Encode(bytes, S::ASCII), bytes);
    std::string out;
    EXPECT_TRUE(S::Decode("610d0A225C0901ff", S::HEX, out));
    EXPECT_EQ(out, bytes);
    EXPECT_TRUE(S::Decode("a\\r\\n\\\"\\\\\\t\\x01\\xFF", S::ESCAPED, out));
    EXPECT_EQ(out, bytes);
    EXPECT_FALSE(S::Decode("abc", S::HEX, out));
    EXPECT_FALSE(S::Decode("a\\q", S::ESCAPED, out));
    EXPECT_FALSE(S::Decode("a\\x1", S::ESCAPED, out));
}

} // namespace
