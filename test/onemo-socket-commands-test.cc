/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"
#include "onemo-test-profile.h"
#include "tls-echo-fixture.h"

#include "ns3/dns-server.h"
#include "ns3/inet-socket-address.h"
#include "ns3/lpwa-module.h"
#include "ns3/onemo-certificate-commands.h"
#include "ns3/onemo-network-commands.h"
#include "ns3/onemo-socket-commands.h"
#include "ns3/onemo-ssl-commands.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-echo-server.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test-pki-helper.h"
#include "ns3/tls-config.h"
#include "ns3/tls-context.h"
#include "ns3/tls-endpoint.h"
#include "ns3/udp-echo-server.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

using test::TlsEchoFixture;

constexpr uint16_t TLS_PORT = 443;

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
        m_bench.module->SetAttribute("Profile", StringValue(ProfileName()));
        m_net = CreateObject<OneMoNetworkCommands>();
        m_sockets = CreateObject<OneMoSocketCommands>();
        m_bench.module->AddCommandSet(m_net);
        m_bench.module->AddCommandSet(m_sockets);
        m_bench.module->AddCommandSet(CreateObject<OneMoSslCommands>());
        m_bench.module->AddCommandSet(CreateObject<OneMoCertificateCommands>());
        m_bench.module->Initialize();
    }

    virtual std::string ProfileName() const
    {
        return test::OneMoTestProfileName();
    }

    void TearDown() override
    {
        m_tls.Dispose();
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

    /// Write a certificate (or key) with the `>` data mode of AT+MSSLCERTWR / AT+MSSLKEYWR.
    void Upload(const std::string& command, const std::string& name, const std::string& pem)
    {
        ASSERT_EQ(Cmd("AT+" + command + "=\"" + name + "\",0," + std::to_string(pem.size()) + "\r"),
                  "\r\n> ");
        ASSERT_EQ(Cmd(pem, Seconds(2)), "\r\nOK\r\n");
    }

    /// Open connect ID 0 as SSL with SSL ID 0 to 10.0.0.1:443, send `hello`, expect it back.
    void OpenAndEcho()
    {
        EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), "\r\nOK\r\n");
        EXPECT_EQ(Cmd("AT+MIPCFG=\"encoding\",0,1,1\r"), "\r\nOK\r\n");
        EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
                  "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
        ASSERT_TRUE(m_sockets->GetEndpoint(0));
        EXPECT_TRUE(m_sockets->GetEndpoint(0)->IsHandshakeComplete());
        EXPECT_EQ(Cmd("AT+MIPSEND=0,5,68656c6c6f\r", Seconds(5)),
                  "\r\nOK\r\n\r\n+MIPSEND: 0,5\r\n\r\n+MIPURC: \"rtcp\",0,5,68656C6C6F\r\n");
        EXPECT_EQ(m_tls.rx, "hello");
        EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    }

    TlsEchoFixture m_tls;
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

TEST_F(OneMoSocketCommandsTest, SslOpenWithoutItsCaCertificateIs751)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"auth\",0,1\r"), "\r\nOK\r\n");
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

// Chapter 4 of the OneMO SSL manual, setup 1: no authentication.
TEST_F(OneMoSocketCommandsTest, SslAuth0EchoesByteExact)
{
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    BringUp();
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"auth\",0,0\r"), "\r\nOK\r\n");
    OpenAndEcho();
    EXPECT_EQ(m_tls.completed, 1u);
}

// Setup 2: one-way authentication with the CA written by AT+MSSLCERTWR.
TEST_F(OneMoSocketCommandsTest, SslAuth1VerifiesTheServer)
{
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    BringUp();
    Upload("MSSLCERTWR", "ca.pem", TlsEchoFixture::Pki().GetCaPem(TestPkiHelper::RSA_2048));
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"cert\",0,\"ca.pem\"\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"auth\",0,1\r"), "\r\nOK\r\n");
    OpenAndEcho();
}

// Setup 3: mutual authentication against a server that requires a client certificate.
TEST_F(OneMoSocketCommandsTest, SslAuth2PresentsTheClientCertificate)
{
    TlsConfig server = TlsEchoFixture::ServerConfig();
    server.verify = TlsConfig::Verify::REQUIRE_PEER_CERT;
    server.caPem = TlsEchoFixture::Pki().GetCaPem(TestPkiHelper::RSA_2048);
    server.ignoreValidityTime = true;
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, server);
    BringUp();
    Upload("MSSLCERTWR", "ca.pem", TlsEchoFixture::Pki().GetCaPem(TestPkiHelper::RSA_2048));
    // The client leaf is signed by the intermediate: the file carries the chain.
    const std::string serverChain =
        TlsEchoFixture::Pki().GetServerChainPem(TestPkiHelper::VALID, TestPkiHelper::RSA_2048);
    const std::string intermediate =
        serverChain.substr(serverChain.find("-----BEGIN CERTIFICATE-----", 1));
    Upload("MSSLCERTWR",
           "client.pem",
           TlsEchoFixture::Pki().GetClientCertPem(1, TestPkiHelper::RSA_2048) + intermediate);
    Upload("MSSLKEYWR",
           "client.key",
           TlsEchoFixture::Pki().GetClientKeyPem(1, TestPkiHelper::RSA_2048));
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"cert\",0,\"ca.pem\",\"client.pem\",\"client.key\"\r"),
              "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"auth\",0,2\r"), "\r\nOK\r\n");
    OpenAndEcho();
}

// The esp-ml307 Ml307Ssl sequence: SSL ID 0 without authentication, hex both ways, host name.
TEST_F(OneMoSocketCommandsTest, EspMl307SequenceWithSsl)
{
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    BringUp();
    EXPECT_EQ(Cmd("AT+MIPSTATE=1\r"), "\r\n+MIPSTATE: 1,,,,\"INITIAL\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"auth\",0,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",1,1,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"encoding\",1,1,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=1,\"TCP\",\"echo.example\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 1,0\r\n");
    EXPECT_EQ(Cmd("AT+MIPSTATE=1\r"),
              "\r\n+MIPSTATE: 1,\"TCP\",\"echo.example\",443,\"CONNECTED\"\r\n\r\nOK\r\n");
    std::string payload;
    for (int i = 0; i < 700; ++i)
    {
        payload.push_back(static_cast<char>((i * 13 + 1) & 0xFF));
    }
    const std::string hex = OneMoSocketCommands::Encode(payload, OneMoSocketCommands::HEX);
    const std::string rx = Cmd("AT+MIPSEND=1,700," + hex + "\r", Seconds(5));
    const std::string sent = "\r\nOK\r\n\r\n+MIPSEND: 1,700\r\n";
    ASSERT_EQ(rx.substr(0, sent.size()), sent);
    uint32_t urcs = 0;
    EXPECT_EQ(CollectRtcpHex(rx.substr(sent.size()), 1, urcs), payload);
    EXPECT_GE(urcs, 1u);
    EXPECT_EQ(m_tls.rx, payload);
    EXPECT_EQ(Cmd("AT+MIPCLOSE=1\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 1\r\n");
}

TEST_F(OneMoSocketCommandsTest, SslAuth1AgainstAnUntrustedServerIs752)
{
    m_tls.StartTcp(m_network.Get(0),
                   TLS_PORT,
                   TlsEchoFixture::ServerConfig(TestPkiHelper::UNTRUSTED_ROOT));
    BringUp();
    Upload("MSSLCERTWR", "ca.pem", TlsEchoFixture::Pki().GetCaPem(TestPkiHelper::RSA_2048));
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"cert\",0,\"ca.pem\"\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"auth\",0,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,752\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 752u);
    EXPECT_EQ(m_sockets->GetSocket(0)->GetState(), ModuleSocket::INITIAL);
    EXPECT_EQ(OneMoSocketCommands::GetSslErrorCode(TlsError::TIMEOUT), 753u);
    EXPECT_EQ(OneMoSocketCommands::GetSslErrorCode(TlsError::PEER_ALERT), 754u);
}

/// The same bench with the MN316 (at most two SSL connections at once).
class OneMoMn316SslTest : public OneMoSocketCommandsTest
{
  protected:
    std::string ProfileName() const override
    {
        return "MN316";
    }
};

TEST_F(OneMoMn316SslTest, ThirdSimultaneousSslConnectionFails)
{
    ASSERT_EQ(m_bench.module->GetProfile().GetMaxSslConnections(), 2u);
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    BringUp();
    for (int id = 0; id < 3; ++id)
    {
        EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\"," + std::to_string(id) + ",1,0\r"), "\r\nOK\r\n");
    }
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443\r", Seconds(30)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=1,\"TCP\",\"10.0.0.1\",443\r", Seconds(30)),
              "\r\nOK\r\n\r\n+MIPOPEN: 1,0\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=2,\"TCP\",\"10.0.0.1\",443\r", Seconds(5)),
              "\r\nOK\r\n\r\n+MIPOPEN: 2,751\r\n");
    EXPECT_EQ(m_sockets->GetSocket(2)->GetState(), ModuleSocket::INITIAL);
    // Closing an SSL connection frees a slot.
    EXPECT_EQ(Cmd("AT+MIPCLOSE=1\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 1\r\n");
    EXPECT_EQ(Cmd("AT+MIPOPEN=2,\"TCP\",\"10.0.0.1\",443\r", Seconds(30)),
              "\r\nOK\r\n\r\n+MIPOPEN: 2,0\r\n");
    EXPECT_EQ(m_tls.completed, 3u);
}

namespace
{

/// A TCP server that accepts and reads but never answers (a ClientHello goes unanswered).
class SilentServer
{
  public:
    void Start(Ptr<Node> node, uint16_t port)
    {
        m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      Callback<void, Ptr<Socket>, const Address&>(
                                          [this](Ptr<Socket> s, const Address&)
                                          {
                                              ++accepted;
                                              m_accepted.push_back(s);
                                              s->SetRecvCallback(Callback<void, Ptr<Socket>>(
                                                  [this](Ptr<Socket> sock)
                                                  {
                                                      while (Ptr<Packet> p = sock->Recv())
                                                      {
                                                          received += p->GetSize();
                                                      }
                                                  }));
                                          }));
    }

    void Dispose()
    {
        for (auto& s : m_accepted)
        {
            s->Close();
        }
        m_accepted.clear();
        if (m_listener)
        {
            m_listener->Close();
            m_listener = nullptr;
        }
    }

    uint32_t accepted{0}; //!< TCP connections accepted
    uint32_t received{0}; //!< bytes received

  private:
    Ptr<Socket> m_listener;
    std::vector<Ptr<Socket>> m_accepted;
};

const std::string OK = "\r\nOK\r\n";

} // namespace

// "negotime": a server that accepts TCP but never answers the ClientHello ends the open with
// 753 when the timer (started by the command) expires.
TEST_F(OneMoSocketCommandsTest, SilentServerEndsInNegotiationTimeout753)
{
    SilentServer silent;
    silent.Start(m_network.Get(0), TLS_PORT);
    BringUp();
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"negotime\",0,10\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), OK);
    m_bench.host.m_rx.clear();
    const Time typed = Simulator::Now();
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(9.9)), OK);
    EXPECT_EQ(silent.accepted, 1u);
    EXPECT_GT(silent.received, 0u); // the ClientHello went out
    EXPECT_EQ(Cmd("AT+MIPSTATE=0\r", MilliSeconds(50)),
              "\r\n+MIPSTATE: 0,\"TCP\",\"10.0.0.1\",443,\"CONNECTING\"\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+MIPSEND=0,1\r", MilliSeconds(20)), "\r\n+CME ERROR: 553\r\n");
    const std::string urc = Cmd("", Seconds(0.2));
    EXPECT_EQ(urc, "\r\n+MIPOPEN: 0,753\r\n");
    const std::string& rx = m_bench.host.m_rx;
    const size_t base = m_bench.host.m_times.size() - rx.size();
    const Time at = m_bench.host.m_times[base + 2];
    EXPECT_GE(at - typed, Seconds(10));
    EXPECT_LT(at - typed, Seconds(10.1));
    EXPECT_EQ(m_bench.module->GetLastError(), 753u);
    EXPECT_EQ(m_sockets->GetSocket(0)->GetState(), ModuleSocket::INITIAL);
    EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\n+CME ERROR: 551\r\n");
    silent.Dispose();
}

// AT+MSSLCFG="version" pins the protocol version of the ClientHello.
TEST_F(OneMoSocketCommandsTest, VersionSelectionAgainstTheServersMinimum)
{
    TlsConfig modern = TlsEchoFixture::ServerConfig();
    modern.minVersion = TlsConfig::Version::TLS_1_2;
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, modern);
    TlsConfig legacy = TlsEchoFixture::ServerConfig();
    legacy.minVersion = TlsConfig::Version::TLS_1_0;
    TlsEchoFixture old;
    old.StartTcp(m_network.Get(0), 444, legacy);
    BringUp();
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), OK);
    // 1: TLS 1.0 only. The TLS 1.2 server refuses it; a TLS 1.0 server accepts it.
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"version\",0,1\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,754\r\n");
    EXPECT_EQ(m_tls.completed, 0u);
    EXPECT_EQ(m_tls.failed, 1u);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",444,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    EXPECT_EQ(m_sockets->GetEndpoint(0)->GetVersionName(), "TLSv1");
    EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    // 3: TLS 1.2 only; 255 (all): the highest both sides have, TLS 1.2.
    for (const std::string version : {"3", "255"})
    {
        EXPECT_EQ(Cmd("AT+MSSLCFG=\"version\",0," + version + "\r"), OK);
        EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
                  "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
        EXPECT_EQ(m_sockets->GetEndpoint(0)->GetVersionName(), "TLSv1.2") << version;
        EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    }
    EXPECT_EQ(m_tls.completed, 2u);
    old.Dispose();
}

// AT+MSSLCFG="ciphersuite" offers exactly one suite; the server must have it.
TEST_F(OneMoSocketCommandsTest, CipherSuiteSelection)
{
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig()); // RSA certificate
    BringUp();
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), OK);
    const std::vector<std::pair<std::string, std::string>> accepted = {
        {"9C", "AES128-GCM-SHA256"},
        {"C030", "ECDHE-RSA-AES256-GCM-SHA384"},
        {"0x3D", "AES256-SHA256"}};
    for (const auto& [id, name] : accepted)
    {
        EXPECT_EQ(Cmd("AT+MSSLCFG=\"ciphersuite\",0," + id + "\r"), OK) << id;
        EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
                  "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n")
            << id;
        ASSERT_TRUE(m_sockets->GetEndpoint(0));
        EXPECT_EQ(m_sockets->GetEndpoint(0)->GetCipherName(), name);
        EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    }
    EXPECT_EQ(m_tls.completed, 3u);
    // An ECDSA suite against an RSA certificate: no shared cipher, the server refuses (754).
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"ciphersuite\",0,C02B\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,754\r\n");
    EXPECT_EQ(m_tls.failed, 1u);
    // RC4 (0x05) is not in Debian's OpenSSL: the open fails the same way; the TCP connection
    // closes without a ClientHello (the server's endpoint sees its transport close).
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"ciphersuite\",0,05\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,754\r\n");
    EXPECT_EQ(m_tls.completed, 3u);
    EXPECT_EQ(m_tls.failed, 2u);
    // 0: every suite of the profile again.
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"ciphersuite\",0,0\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
}

// "session" 1 (the default): after AT+MIPCLOSE (a clean close_notify shutdown) the next open to
// the same host and port resumes the session; "session" 0 makes full handshakes.
TEST_F(OneMoSocketCommandsTest, SessionResumptionOnTheSecondConnection)
{
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    BringUp();
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"session\",0\r"), "\r\n+MSSLCFG: \"session\",0,1\r\n" + OK);
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), OK);
    Time full;
    Time resumedTook;
    for (int round = 0; round < 2; ++round)
    {
        const Time start = Simulator::Now();
        EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
                  "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
        const Time took = m_bench.host.m_lastRx - start;
        ASSERT_TRUE(m_sockets->GetEndpoint(0));
        EXPECT_EQ(m_sockets->GetEndpoint(0)->IsResumed(), round == 1);
        (round == 0 ? full : resumedTook) = took;
        EXPECT_EQ(Cmd("AT+MIPSEND=0,5\r", MilliSeconds(100)), "\r\n> ");
        EXPECT_EQ(Cmd("again"),
                  "\r\nOK\r\n\r\n+MIPSEND: 0,5\r\n\r\n+MIPURC: \"rtcp\",0,5,again\r\n");
        EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    }
    EXPECT_EQ(m_tls.completed, 2u);
    EXPECT_EQ(m_tls.resumed, 1u);
    EXPECT_LT(resumedTook, full); // no certificate, no key exchange on the module's MCU
    // A session belongs to (ssl_id, host, port): SSL ID 1 has none yet.
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,1\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    EXPECT_FALSE(m_sockets->GetEndpoint(0)->IsResumed());
    EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    // "session" 0: no session is offered.
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), OK);
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"session\",0,0\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    EXPECT_FALSE(m_sockets->GetEndpoint(0)->IsResumed());
    EXPECT_EQ(m_tls.resumed, 1u);
    EXPECT_EQ(m_tls.completed, 4u);
}

// AT+MIPCLOSE on an open SSL connection sends close_notify before the TCP FIN: the server's
// endpoint sees a clean close. Closing while the handshake runs sends none.
TEST_F(OneMoSocketCommandsTest, MipcloseSendsCloseNotify)
{
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    BringUp();
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    Ptr<TlsEndpoint> client = m_sockets->GetEndpoint(0);
    ASSERT_TRUE(client);
    uint32_t alerts = 0;
    client->TraceConnectWithoutContext("RecordTx",
                                       Callback<void, uint32_t>(
                                           [&alerts](uint32_t bytes)
                                           {
                                               alerts += bytes > 0 ? 1 : 0;
                                           }));
    EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    EXPECT_EQ(alerts, 1u); // one record went out on close: the close_notify alert
    EXPECT_EQ(m_tls.cleanCloses, 1u);
    EXPECT_EQ(m_tls.otherCloses, 0u);
    EXPECT_EQ(m_sockets->GetEndpoint(0), nullptr);
    // Closed during the handshake: no close_notify (there is no session yet).
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", MilliSeconds(60)), OK);
    EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    Cmd("", Seconds(2));
    EXPECT_EQ(m_tls.cleanCloses, 1u);
    EXPECT_EQ(m_tls.completed, 1u);
}

// DTLS: the OneMO SSL manual defines no SSL-over-UDP path (its versions are SSL 3.0 to TLS 1.2;
// AT+MIPOPEN belongs to the TCP/IP manual), but its error texts name DTLS. The model's choice:
// an SSL-bound connect ID opened with "UDP" runs DTLS 1.0/1.2; data comes in "rudp" URCs.
TEST_F(OneMoSocketCommandsTest, SslBoundUdpOpenRunsDtls)
{
    TlsConfig server = TlsEchoFixture::ServerConfig();
    server.datagram = true;
    m_tls.StartUdp(m_network.Get(0), TLS_PORT, server);
    BringUp();
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",2,1,0\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=2,\"UDP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 2,0\r\n");
    ASSERT_TRUE(m_sockets->GetEndpoint(2));
    EXPECT_EQ(m_sockets->GetEndpoint(2)->GetVersionName(), "DTLSv1.2");
    EXPECT_EQ(Cmd("AT+MIPSEND=2,9\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("over DTLS", Seconds(2)),
              "\r\nOK\r\n\r\n+MIPSEND: 2,9\r\n\r\n+MIPURC: \"rudp\",2,9,over DTLS\r\n");
    EXPECT_EQ(m_tls.rx, "over DTLS");
    EXPECT_EQ(Cmd("AT+MIPCLOSE=2\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 2\r\n");
    EXPECT_EQ(m_tls.cleanCloses, 1u); // close_notify over DTLS too
}

// PSK on the NB series: AT+MSSLPSK stores the key, AT+MSSLCFG="psk" binds its identity to the
// SSL ID; the server knows only PSK (no certificate). A wrong key fails the handshake (754).
TEST_F(OneMoMn316SslTest, PskHandshakeAgainstThePskServer)
{
    TlsConfig server;
    server.role = TlsConfig::Role::SERVER;
    server.securityLevelZero = true;
    server.pskKeys["dev-316"] = {0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f};
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, server);
    BringUp();
    EXPECT_EQ(Cmd("AT+MSSLPSK=\"dev-316\",\"1a2b3c4d5e6f\"\r"), OK);
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"psk\",0,\"dev-316\"\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
    ASSERT_TRUE(m_sockets->GetEndpoint(0));
    EXPECT_NE(m_sockets->GetEndpoint(0)->GetCipherName().find("PSK"), std::string::npos)
        << m_sockets->GetEndpoint(0)->GetCipherName();
    EXPECT_EQ(Cmd("AT+MIPSEND=0,3\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("psk", Seconds(2)),
              "\r\nOK\r\n\r\n+MIPSEND: 0,3\r\n\r\n+MIPURC: \"rtcp\",0,3,psk\r\n");
    EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    // The PSK of the same identity replaced by a wrong one.
    EXPECT_EQ(Cmd("AT+MSSLPSK=\"dev-316\",\"1a2b3c4d5e60\"\r"), OK);
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"session\",0,0\r"), OK); // no resumption of the good session
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,754\r\n");
    EXPECT_EQ(m_tls.completed, 1u);
    // An identity with no stored PSK: the context cannot be set up (751), nothing is sent.
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"psk\",0,\"nobody\"\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(5)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,751\r\n");
}

/// "auth" 0 with "session" 1 (the OneMO default), then "auth" 1: the session obtained without
/// verification is never resumed, so the bad certificate is checked and refused (752).
class OneMoSessionPolicyTest : public OneMoSocketCommandsTest,
                               public ::testing::WithParamInterface<TestPkiHelper::ServerCase>
{
};

TEST_P(OneMoSessionPolicyTest, StrictAfterLaxNeverResumesABadCertificate)
{
    m_tls.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig(GetParam()));
    BringUp();
    Upload("MSSLCERTWR", "ca.pem", TlsEchoFixture::Pki().GetCaPem(TestPkiHelper::RSA_2048));
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"cert\",0,\"ca.pem\"\r"), OK);
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"auth\",0,0\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), OK);
    for (int round = 0; round < 2; ++round)
    {
        ASSERT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
                  "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");
        EXPECT_EQ(m_sockets->GetEndpoint(0)->IsResumed(), round == 1);
        ASSERT_EQ(Cmd("AT+MIPCLOSE=0\r"), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
    }
    EXPECT_EQ(m_tls.resumed, 1u);
    EXPECT_EQ(Cmd("AT+MSSLCFG=\"auth\",0,1\r"), OK);
    EXPECT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,752\r\n");
    EXPECT_EQ(m_tls.resumed, 1u);
}

INSTANTIATE_TEST_SUITE_P(BadCertificates,
                         OneMoSessionPolicyTest,
                         ::testing::Values(TestPkiHelper::UNTRUSTED_ROOT,
                                           TestPkiHelper::SELF_SIGNED));
