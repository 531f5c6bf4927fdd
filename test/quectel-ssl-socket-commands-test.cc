/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"
#include "tls-echo-fixture.h"

#include "ns3/boolean.h"
#include "ns3/dns-server.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/lpwa-module.h"
#include "ns3/module-file-system.h"
#include "ns3/packet.h"
#include "ns3/quectel-network-commands.h"
#include "ns3/quectel-socket-commands.h"
#include "ns3/quectel-ssl-commands.h"
#include "ns3/quectel-ssl-socket-commands.h"
#include "ns3/quectel-system-commands.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test-pki-helper.h"
#include "ns3/tls-config.h"
#include "ns3/tls-context.h"
#include "ns3/tls-endpoint.h"
#include "ns3/tls-server-helper.h"
#include "ns3/udp-socket-factory.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

using test::TlsEchoFixture;

constexpr uint16_t TLS_PORT = 443;
constexpr uint16_t DTLS_PORT = 5684;

/// A TCP peer that accepts and either stays silent or answers once with fixed bytes.
class RawServer
{
  public:
    void Start(Ptr<Node> node, uint16_t port, std::string reply)
    {
        m_reply = std::move(reply);
        m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        m_listener->Listen();
        m_listener->SetAcceptCallback(
            MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
            Callback<void, Ptr<Socket>, const Address&>(
                [this](Ptr<Socket> s, const Address&)
                {
                    m_accepted = s;
                    s->SetRecvCallback(Callback<void, Ptr<Socket>>(
                        [this](Ptr<Socket> sock)
                        {
                            while (Ptr<Packet> p = sock->Recv())
                            {
                                received += p->GetSize();
                                if (!m_reply.empty())
                                {
                                    sock->Send(reinterpret_cast<const uint8_t*>(m_reply.data()),
                                               m_reply.size(),
                                               0);
                                    m_reply.clear();
                                }
                            }
                        }));
                }));
    }

    uint32_t received{0};

  private:
    std::string m_reply;
    Ptr<Socket> m_listener;
    Ptr<Socket> m_accepted;
};

/// Module on node 1 (10.0.0.2), servers and DNS on node 0 (10.0.0.1).
class QuectelSslSocketCommandsTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        Build();
    }

    void Build()
    {
        m_network.Build(DataRate("1Mbps"), MilliSeconds(20));
        m_dns = m_network.AddDnsServer(0, "tls.example", Ipv4Address("10.0.0.1"));
        m_bench.CreateOnNode(m_network.Get(1), Ipv4Address("10.0.0.1"));
        m_bench.module->AddCommandSet(CreateObject<QuectelSystemCommands>());
        m_net = CreateObject<QuectelNetworkCommands>();
        m_bench.module->AddCommandSet(m_net);
        m_bench.module->AddCommandSet(CreateObject<QuectelSocketCommands>());
        m_bench.module->AddCommandSet(CreateObject<QuectelSslCommands>());
        m_ssl = CreateObject<QuectelSslSocketCommands>();
        m_bench.module->AddCommandSet(m_ssl);
        m_bench.module->AssignStreams(100);
        m_bench.module->Initialize();
    }

    void TearDown() override
    {
        if (!m_tornDown)
        {
            Teardown();
        }
    }

    void Teardown()
    {
        m_server.Dispose();
        m_ssl = nullptr;
        m_net = nullptr;
        m_bench.Dispose();
        test::TwoNodeNetwork::Destroy();
    }

    std::string Cmd(const std::string& text, Time wait = Seconds(1))
    {
        return m_bench.host.Cmd(text, wait);
    }

    /// Echo off, PDP context 1 active, CA uploaded as cacert.pem, clock in June 2026.
    void BringUp()
    {
        ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
        ASSERT_EQ(Cmd("AT+QICSGP=1,1,\"apn\",\"u\",\"p\"\r"), "\r\nOK\r\n");
        ASSERT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
        ASSERT_EQ(Cmd("AT+CCLK=\"26/06/01,00:00:00+00\"\r"), "\r\nOK\r\n");
        Upload("cacert.pem", TlsEchoFixture::Pki().GetCaPem(TestPkiHelper::RSA_2048));
    }

    void Upload(const std::string& name, const std::string& text)
    {
        ASSERT_EQ(m_bench.module->GetFileSystem()
                      ->Write(name, std::vector<uint8_t>(text.begin(), text.end()), true),
                  ModuleFileSystem::Result::OK);
    }

    /// Configure an SSL context for server authentication with cacert.pem.
    void VerifyingContext(int ctx, int ignoreLocalTime = 0)
    {
        const std::string c = std::to_string(ctx);
        ASSERT_EQ(Cmd("AT+QSSLCFG=\"seclevel\"," + c + ",1\r"), "\r\nOK\r\n");
        ASSERT_EQ(Cmd("AT+QSSLCFG=\"cacert\"," + c + ",\"cacert.pem\"\r"), "\r\nOK\r\n");
        ASSERT_EQ(Cmd("AT+QSSLCFG=\"ignorelocaltime\"," + c + "," +
                      std::to_string(ignoreLocalTime) + "\r"),
                  "\r\nOK\r\n");
    }

    /// Simulated time at which `marker` arrived in the bytes received since the last Cmd().
    Time ArrivalOf(const std::string& marker) const
    {
        const std::string& rx = m_bench.host.m_rx;
        const size_t pos = rx.find(marker);
        EXPECT_NE(pos, std::string::npos) << marker;
        if (pos == std::string::npos)
        {
            return Seconds(0);
        }
        const size_t base = m_bench.host.m_times.size() - rx.size();
        return m_bench.host.m_times[base + pos];
    }

    /// The +QSSLSTATE line of a connection to 10.0.0.1.
    std::string StateLine(uint32_t id, uint16_t port, int state, int mode, int ctx)
    {
        return "+QSSLSTATE: " + std::to_string(id) + ",\"SSLClient\",\"10.0.0.1\"," +
               std::to_string(port) + "," + std::to_string(m_ssl->GetSocket(id)->GetLocalPort()) +
               "," + std::to_string(state) + ",1," + std::to_string(id) + "," +
               std::to_string(mode) + ",\"uart1\"," + std::to_string(ctx);
    }

    test::TwoNodeNetwork m_network;
    test::ModuleBench m_bench;
    Ptr<DnsServer> m_dns;
    Ptr<QuectelSslSocketCommands> m_ssl;
    Ptr<QuectelNetworkCommands> m_net;
    TlsEchoFixture m_server;
    bool m_tornDown{false}; //!< a test called Teardown() itself
};

TEST_F(QuectelSslSocketCommandsTest, Manual33BufferAccessMode)
{
    BringUp();
    VerifyingContext(1);
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,4,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 4,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\n" + StateLine(4, 443, 2, 0, 1) + "\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSEND=4\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("Test data from SSL\x1a", Seconds(3)),
              "\r\nSEND OK\r\n\r\n+QSSLURC: \"recv\",4\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSEND=4,18\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("Test data from SSL", Seconds(3)), "\r\nSEND OK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=4,1500\r"),
              "\r\n+QSSLRECV: 36\r\nTest data from SSLTest data from SSL\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=4,1500\r"), "\r\n+QSSLRECV: 0\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=4,0\r"), "\r\n+QSSLRECV: 36,36,0\r\n\r\nOK\r\n");
    EXPECT_EQ(m_server.rx, "Test data from SSLTest data from SSL");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=4\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSEND=4,4\r"), "\r\nERROR\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 567u);
}

TEST_F(QuectelSslSocketCommandsTest, CrLfEndingsNeverReachTheTlsPayload)
{
    // The sequence TinyGSM's BG96 client sends, CR LF after every command: the server
    // receives exactly the payloads, and the next command is not corrupted.
    BringUp();
    VerifyingContext(1);
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r\n", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    const std::string payload = "hello over TLS from TinyGSM!";
    EXPECT_EQ(Cmd("AT+QSSLSEND=0,28\r\n", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd(payload, Seconds(3)), "\r\nSEND OK\r\n\r\n+QSSLURC: \"recv\",0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=0,100\r\n"), "\r\n+QSSLRECV: 28\r\n" + payload + "\r\n\r\nOK\r\n");
    EXPECT_EQ(m_server.rx, payload);
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r\n"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, Manual34DirectPushMode)
{
    BringUp();
    VerifyingContext(1);
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,4,\"10.0.0.1\",443,1\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 4,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE=4\r"), "\r\n" + StateLine(4, 443, 2, 1, 1) + "\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSEND=4,18\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("Test data from SSL", Seconds(3)),
              "\r\nSEND OK\r\n\r\n+QSSLURC: \"recv\",4,18\r\nTest data from SSL\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=4\r"), "\r\nERROR\r\n"); // not in buffer access mode
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=4\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, Manual35TransparentMode)
{
    BringUp();
    VerifyingContext(1);
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,4,\"10.0.0.1\",443,2\r", Seconds(20)), "\r\nCONNECT\r\n");
    EXPECT_EQ(Cmd("transparent bytes", Seconds(3)), "transparent bytes");
    EXPECT_EQ(Cmd("+++", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE=4\r"), "\r\n" + StateLine(4, 443, 2, 0, 1) + "\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("ATO\r", Seconds(1.5)), "\r\nCONNECT\r\n");
    EXPECT_EQ(Cmd("again", Seconds(3)), "again");
    EXPECT_EQ(Cmd("+++", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QISWTMD=4,2\r", Seconds(1.5)), "\r\nERROR\r\n"); // QI ID 4 is not open
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=4\r"), "\r\nOK\r\n");
    EXPECT_EQ(m_server.rx, "transparent bytesagain");
    EXPECT_EQ(Cmd("ATO\r"), "\r\nNO CARRIER\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, Manual36DtlsPskFromFile)
{
    BringUp();
    Upload("0_server.psk", "DTLS_Client&1a2b3c4d");
    TlsConfig server;
    server.role = TlsConfig::Role::SERVER;
    server.datagram = true;
    server.securityLevelZero = true;
    server.pskKeys["DTLS_Client"] = {0x1a, 0x2b, 0x3c, 0x4d};
    m_server.StartUdp(m_network.Get(0), DTLS_PORT, server);
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"dtls\",0,1\r"), "\r\nOK\r\n");
    // DTLS 1.2: 0X00AE (a SHA-256 suite) does not exist in DTLS 1.0.
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"dtlsversion\",0,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"ciphersuite\",0,0X00AE\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,0,0,\"10.0.0.1\",5684,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\n" + StateLine(0, 5684, 2, 0, 0) + "\r\n\r\nOK\r\n");
    EXPECT_EQ(m_ssl->GetEndpoint(0)->GetCipherName(), "PSK-AES128-CBC-SHA256");
    EXPECT_EQ(Cmd("AT+QSSLSEND=0,9\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("over DTLS", Seconds(3)), "\r\nSEND OK\r\n\r\n+QSSLURC: \"recv\",0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=0\r"), "\r\n+QSSLRECV: 9\r\nover DTLS\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, WrongPskFails)
{
    BringUp();
    Upload("0_server.psk", "DTLS_Client&1a2b3c4e");
    TlsConfig server;
    server.role = TlsConfig::Role::SERVER;
    server.datagram = true;
    server.securityLevelZero = true;
    server.pskKeys["DTLS_Client"] = {0x1a, 0x2b, 0x3c, 0x4d};
    m_server.StartUdp(m_network.Get(0), DTLS_PORT, server);
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"dtls\",0,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"ciphersuite\",0,0X00AE\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,0,0,\"10.0.0.1\",5684,0\r", Seconds(60)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\nOK\r\n");
    // A malformed PSK file is an unusable context: 552 at once.
    Upload("0_server.psk", "no-ampersand");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,0,0,\"10.0.0.1\",5684,0\r"), "\r\nOK\r\n\r\n+QSSLOPEN: 0,552\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, TinyGsmSequence)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    // TinyGSM configures context 0 ...
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"sslversion\",0,3\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"ciphersuite\",0,0X0035\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"seclevel\",0,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"cacert\",0,\"cacert.pem\"\r"), "\r\nOK\r\n");
    // ... but opens on context 1 (defaults) with a host name.
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,1,\"tls.example\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 1,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSEND=1,5\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("hello", Seconds(3)), "\r\nSEND OK\r\n\r\n+QSSLURC: \"recv\",1\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=1,0\r"), "\r\n+QSSLRECV: 5,0,5\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE=1,1\r"), "\r\n" + StateLine(1, 443, 2, 0, 1) + "\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=1,5\r"), "\r\n+QSSLRECV: 5\r\nhello\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=1\r"), "\r\nOK\r\n");
    EXPECT_EQ(m_server.completed, 1u);
}

TEST_F(QuectelSslSocketCommandsTest, ZephyrSequence)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"sslversion\",1,4\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"ciphersuite\",1,0xFFFF\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"negotiatetime\",1,300\r"), "\r\nOK\r\n");
    VerifyingContext(1, 1);
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,1,\"10.0.0.1\",443,0\r", Seconds(10)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 1,0\r\n");
    // Zephyr does not wait for '>': it writes 150 ms after the command.
    m_bench.host.TypeAt(MilliSeconds(150), "zephyr");
    EXPECT_EQ(Cmd("AT+QSSLSEND=1,6\r", Seconds(3)),
              "\r\n> \r\nSEND OK\r\n\r\n+QSSLURC: \"recv\",1\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=1,6\r"), "\r\n+QSSLRECV: 6\r\nzephyr\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=1,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(m_server.rx, "zephyr");
}

TEST_F(QuectelSslSocketCommandsTest, UntrustedAndSelfSignedServersFailOnlyWithVerification)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0),
                      TLS_PORT,
                      TlsEchoFixture::ServerConfig(TestPkiHelper::SELF_SIGNED));
    VerifyingContext(1, 1);
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
    EXPECT_EQ(Cmd("AT+QIGETERROR\r").find("+QIGETERROR: 566,"), 2u);
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,2,0,\"10.0.0.1\",443,0\r", Seconds(20)), // seclevel 0
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
    // Missing cacert file: unusable context.
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"cacert\",1,\"nosuch.pem\"\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r"), "\r\nOK\r\n\r\n+QSSLOPEN: 0,552\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, UntrustedRootFails)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0),
                      TLS_PORT,
                      TlsEchoFixture::ServerConfig(TestPkiHelper::UNTRUSTED_ROOT));
    VerifyingContext(1, 1);
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, ExpiredCertificateCheckedAgainstModuleClock)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0),
                      TLS_PORT,
                      TlsEchoFixture::ServerConfig(TestPkiHelper::EXPIRED));
    VerifyingContext(1, 0);
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"ignorelocaltime\",1,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, ValidCertificateFailsWhenModuleClockIsBeforeItsWindow)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0),
                      TLS_PORT,
                      TlsEchoFixture::ServerConfig(TestPkiHelper::VALID));
    VerifyingContext(1, 0);
    // June 2026 is inside the window (2026-2030).
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+CCLK=\"25/06/01,00:00:00+00\"\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, CheckHostRejectsWrongHost)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0),
                      TLS_PORT,
                      TlsEchoFixture::ServerConfig(TestPkiHelper::WRONG_HOST));
    VerifyingContext(1, 1);
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"checkhost\",1,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, ClientCertificateWithSecLevel2)
{
    BringUp();
    TlsConfig server = TlsEchoFixture::ServerConfig();
    server.verify = TlsConfig::Verify::REQUIRE_PEER_CERT;
    server.caPem = TlsEchoFixture::Pki().GetCaPem(TestPkiHelper::RSA_2048);
    server.ignoreValidityTime = true;
    m_server.StartTcp(m_network.Get(0), TLS_PORT, server);
    VerifyingContext(1, 1);
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"seclevel\",1,2\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
    // The client leaf is signed by the intermediate: the file carries the chain.
    const std::string serverChain =
        TlsEchoFixture::Pki().GetServerChainPem(TestPkiHelper::VALID, TestPkiHelper::RSA_2048);
    const std::string intermediate =
        serverChain.substr(serverChain.find("-----BEGIN CERTIFICATE-----", 1));
    Upload("client.pem",
           TlsEchoFixture::Pki().GetClientCertPem(1, TestPkiHelper::RSA_2048) + intermediate);
    Upload("client.key", TlsEchoFixture::Pki().GetClientKeyPem(1, TestPkiHelper::RSA_2048));
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"clientcert\",1,\"client.pem\"\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"clientkey\",1,\"client.key\"\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, SilentServerEndsInNegotiateTimeout)
{
    BringUp();
    RawServer silent;
    silent.Start(m_network.Get(0), TLS_PORT, "");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"negotiatetime\",1,10\r"), "\r\nOK\r\n");
    const Time typed = Simulator::Now();
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,3,\"10.0.0.1\",443,0\r", Seconds(9.9)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE=3\r", Seconds(0.05)).find("+QSSLSTATE: 3,\"SSLClient\""), 2u);
    EXPECT_EQ(Cmd("", Seconds(0.2)), "\r\n+QSSLOPEN: 3,569\r\n");
    const Time at = ArrivalOf("+QSSLOPEN: 3,569");
    EXPECT_GE(at - typed, Seconds(10));
    EXPECT_LT(at - typed, Seconds(10.05));
    EXPECT_GT(silent.received, 0u); // the ClientHello went out
    EXPECT_EQ(Cmd("AT+QIGETERROR\r").find("+QIGETERROR: 569,"), 2u);
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\nOK\r\n"); // the ID is free again
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,3,\"10.0.0.1\",443,0\r", Seconds(0.5)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=3\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, GarbageRecordsEndWithAnErrorUrc)
{
    BringUp();
    RawServer garbage;
    garbage.Start(m_network.Get(0), TLS_PORT, std::string(64, '\x5a'));
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,2,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 2,566\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, PdpLossClosesTheConnectionWithAUrc)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,5,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 5,0\r\n");
    EXPECT_NE(Cmd("AT+QIDEACT=1\r", Seconds(3)).find("+QSSLURC: \"closed\",5\r\n"),
              std::string::npos);
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r").find("+QSSLSTATE: 5,\"SSLClient\",\"10.0.0.1\",443,"), 2u);
    EXPECT_EQ(Cmd("AT+QSSLSEND=5,1\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=5\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, ParameterErrorsAndTestCommands)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QSSLOPEN=?\r"),
              "\r\n+QSSLOPEN: (1-16),(0-5),(0-11),\"<serveraddr>\",<server_port>,(0-2)\r\n"
              "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSEND=?\r"), "\r\n+QSSLSEND: (0-11),(1-1460)\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=?\r"), "\r\n+QSSLRECV: (0-11),(0-1500)\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=?\r"), "\r\n+QSSLCLOSE: (0-11),(0-65535)\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE=?\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,6,0,\"10.0.0.1\",443,0\r"), "\r\nERROR\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 552u);
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,12,\"10.0.0.1\",443,0\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,3\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=2,1,0,\"10.0.0.1\",443,0\r"), "\r\nOK\r\n\r\n+QSSLOPEN: 0,570\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"nosuch.example\",443,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,565\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSEND=0,0\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSEND=0,1461\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QSSLRECV=0\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE=12\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE=2,1\r"), "\r\nERROR\r\n");
    // A second open on a claimed ID: 563.
    RawServer silent;
    silent.Start(m_network.Get(0), TLS_PORT, "");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r"), "\r\nOK\r\n\r\n+QSSLOPEN: 0,563\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, UnavailableSingleSuiteAndSsl30Fail)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"ciphersuite\",1,0X0005\r"), "\r\nOK\r\n"); // RC4
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"ciphersuite\",1,0XFFFF\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"sslversion\",1,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"sslversion\",1,1\r"), "\r\nOK\r\n"); // TLS 1.0
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"ciphersuite\",1,0X002F\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(m_ssl->GetEndpoint(0)->GetVersionName(), "TLSv1");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, ResumedHandshakeCostsFarLessModuleTime)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    VerifyingContext(1, 1);
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"session\",1,1\r"), "\r\nOK\r\n");
    // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"ciphersuite\",1,0XC02F\r"), "\r\nOK\r\n");
    Time typed = Simulator::Now();
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    const Time full = ArrivalOf("+QSSLOPEN: 0,0") - typed;
    EXPECT_NE(m_ssl->GetEndpoint(0)->GetCipherName().find("ECDHE-RSA"), std::string::npos);
    const Time fullCompute = m_ssl->GetEndpoint(0)->GetHandshakeComputeTime();
    EXPECT_FALSE(m_ssl->GetEndpoint(0)->IsResumed());
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r", Seconds(2)), "\r\nOK\r\n");
    typed = Simulator::Now();
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    const Time resumed = ArrivalOf("+QSSLOPEN: 0,0") - typed;
    EXPECT_TRUE(m_ssl->GetEndpoint(0)->IsResumed());
    EXPECT_EQ(m_server.resumed, 1u);
    // Order of a second on the default profile's MCU (ECDHE P-256 + RSA-2048 verifications).
    EXPECT_GT(full, MilliSeconds(500)) << full.As(Time::S);
    EXPECT_GT(fullCompute, MilliSeconds(500)) << fullCompute.As(Time::S);
    EXPECT_LT(resumed * 3, full) << resumed.As(Time::S) << " vs " << full.As(Time::S);
    EXPECT_LT(m_ssl->GetEndpoint(0)->GetHandshakeComputeTime() * 3, fullCompute);
    std::cout << m_bench.module->GetProfile().GetMcuClass() << ": full handshake open "
              << full.As(Time::S) << " (compute " << fullCompute.As(Time::S) << "), resumed "
              << resumed.As(Time::S) << std::endl;
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, SameSeedGivesIdenticalTranscript)
{
    RngSeedManager::SetSeed(3);
    RngSeedManager::SetRun(1);
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    auto run = [this]()
    {
        std::string out;
        out += Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(20));
        out += Cmd("AT+QSSLSEND=0,7\r", MilliSeconds(100));
        out += Cmd("payload", Seconds(3));
        out += Cmd("AT+QSSLRECV=0\r");
        out += Cmd("AT+QSSLCLOSE=0\r");
        std::ostringstream os;
        for (Time t : m_bench.host.m_times)
        {
            os << t.GetTimeStep() << ",";
        }
        return out + os.str();
    };
    const std::string first = run();
    Teardown();
    RngSeedManager::SetSeed(3);
    RngSeedManager::SetRun(1);
    m_bench = test::ModuleBench();
    m_network = test::TwoNodeNetwork();
    m_server = TlsEchoFixture();
    Build();
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    const std::string second = run();
    EXPECT_NE(first.find("+QSSLOPEN: 0,0"), std::string::npos);
    EXPECT_EQ(first, second);
}

TEST_F(QuectelSslSocketCommandsTest, ServerRenegotiationAcceptedWithRenegotiation1)
{
    BringUp();
    TlsConfig server = TlsEchoFixture::ServerConfig();
    server.renegotiation = true;
    m_server.StartTcp(m_network.Get(0), TLS_PORT, server);
    VerifyingContext(1, 1);
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"sslversion\",1,3\r"), "\r\nOK\r\n"); // TLS 1.2
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"renegotiation\",1,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,1\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(m_ssl->GetEndpoint(0)->GetVersionName(), "TLSv1.2");
    EXPECT_EQ(Cmd("AT+QSSLSEND=0,6\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("before", Seconds(3)), "\r\nSEND OK\r\n\r\n+QSSLURC: \"recv\",0,6\r\nbefore\r\n");
    // The server renegotiates mid-connection: the module takes part, silently.
    EXPECT_TRUE(m_server.Endpoint(0)->Renegotiate());
    EXPECT_EQ(Cmd("", Seconds(3)), "");
    EXPECT_EQ(m_server.renegotiations, 1u);
    EXPECT_EQ(m_server.Endpoint(0)->GetRenegotiationCount(), 1u);
    EXPECT_EQ(m_ssl->GetEndpoint(0)->GetRenegotiationCount(), 1u);
    EXPECT_EQ(m_server.completed, 1u); // the renegotiation is not a new connection
    EXPECT_EQ(Cmd("AT+QSSLSEND=0,5\r", MilliSeconds(100)), "\r\n> ");
    EXPECT_EQ(Cmd("after", Seconds(3)), "\r\nSEND OK\r\n\r\n+QSSLURC: \"recv\",0,5\r\nafter\r\n");
    EXPECT_EQ(m_server.rx, "beforeafter");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest,
       ServerRenegotiationRefusedWithRenegotiation0ClosesTheConnection)
{
    BringUp();
    TlsConfig server = TlsEchoFixture::ServerConfig();
    server.renegotiation = true;
    m_server.StartTcp(m_network.Get(0), TLS_PORT, server);
    VerifyingContext(1, 1);
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"sslversion\",1,3\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"renegotiation\",1,0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,1\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    // OpenSSL 3: the module (SSL_OP_NO_RENEGOTIATION) answers HelloRequest with a
    // no_renegotiation warning alert and would go on; the server that asked ends the
    // connection with a fatal handshake_failure alert (SSL_R_NO_RENEGOTIATION): the module
    // reports the connection closed.
    EXPECT_TRUE(m_server.Endpoint(0)->Renegotiate());
    EXPECT_EQ(Cmd("", Seconds(3)), "\r\n+QSSLURC: \"closed\",0\r\n");
    EXPECT_EQ(m_server.renegotiations, 0u);
    EXPECT_EQ(m_ssl->GetEndpoint(0)->GetRenegotiationCount(), 0u);
    EXPECT_EQ(m_server.closed, 1u);
    EXPECT_EQ(Cmd("AT+QSSLSEND=0,1\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, CloseWaitsOneRoundTripForTheEchoedCloseNotify)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    // Baseline: close_timeout 0 answers at once (no close_notify wait).
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,1,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 1,0\r\n");
    Time typed = Simulator::Now();
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=1,0\r", Seconds(1)), "\r\nOK\r\n");
    const Time immediate = ArrivalOf("OK") - typed;
    typed = Simulator::Now();
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0,5\r", Seconds(1)), "\r\nOK\r\n");
    const Time waited = ArrivalOf("OK") - typed;
    // One round trip (2 x 20 ms plus serialisation) for close_notify and its answer.
    EXPECT_GE(waited - immediate, MilliSeconds(40)) << waited.As(Time::MS);
    EXPECT_LT(waited - immediate, MilliSeconds(100)) << waited.As(Time::MS);
    EXPECT_EQ(m_server.closed, 2u);
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, CloseAnswersAfterCloseTimeoutWhenThePeerIgnoresCloseNotify)
{
    BringUp();
    m_server.deaf = true;
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,1,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 1,0\r\n");
    Time typed = Simulator::Now();
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=1,0\r", Seconds(1)), "\r\nOK\r\n");
    const Time immediate = ArrivalOf("OK") - typed;
    // Same command length: the UART and processing times are the same.
    typed = Simulator::Now();
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0,3\r", Seconds(2.9)), "");
    EXPECT_EQ(Cmd("", Seconds(0.2)), "\r\nOK\r\n");
    const Time waited = ArrivalOf("OK") - typed;
    EXPECT_EQ(waited - immediate, Seconds(3)) << waited.As(Time::MS);
    EXPECT_EQ(m_server.closed, 0u);
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, GarbageAfterTheHandshakeClosesWithAUrc)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,2,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 2,0\r\n");
    const std::string garbage(64, '\x5a');
    ASSERT_EQ(m_server.sockets.size(), 1u);
    m_server.sockets[0]->Send(reinterpret_cast<const uint8_t*>(garbage.data()), garbage.size(), 0);
    EXPECT_EQ(Cmd("", Seconds(2)), "\r\n+QSSLURC: \"closed\",2\r\n");
    EXPECT_EQ(m_ssl->GetEndpoint(2)->GetError(), TlsError::BAD_RECORD);
    EXPECT_EQ(Cmd("AT\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSEND=2,1\r"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=2\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, PdpLossDuringOpenKeepsTheClientIdClaimed)
{
    BringUp();
    RawServer silent; // the handshake never completes
    silent.Start(m_network.Get(0), 444, "");
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",444,0\r", Seconds(1)), "\r\nOK\r\n");
    EXPECT_GT(silent.received, 0u);
    m_net->NetworkDetach();
    EXPECT_EQ(Cmd("", MilliSeconds(100)), "\r\n+QIURC: \"pdpdeact\",1\r\n\r\n+QSSLOPEN: 0,570\r\n");
    EXPECT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    // CONNECT_ID_CLAIMED_AFTER_PDP_LOSS: ID 0 is still claimed until AT+QSSLCLOSE.
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r"), "\r\nOK\r\n\r\n+QSSLOPEN: 0,563\r\n");
    EXPECT_EQ(m_bench.module->GetLastError(), 563u);
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r"), "\r\nOK\r\n");
}

} // namespace

/// A session obtained with verification off must never let a bad certificate through once the
/// context is made strict: a resumed handshake checks no certificate.
class QuectelSessionPolicyTest : public QuectelSslSocketCommandsTest,
                                 public ::testing::WithParamInterface<TestPkiHelper::ServerCase>
{
};

TEST_P(QuectelSessionPolicyTest, StrictAfterLaxNeverResumesABadCertificate)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig(GetParam()));
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"seclevel\",1,0\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"session\",1,1\r"), "\r\nOK\r\n");
    // Verification off: the bad certificate is accepted and the session kept.
    ASSERT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    ASSERT_EQ(Cmd("AT+QSSLCLOSE=0\r", Seconds(2)), "\r\nOK\r\n");
    // The same lax policy resumes (so the session really was there to be offered).
    ASSERT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_TRUE(m_ssl->GetEndpoint(0)->IsResumed());
    ASSERT_EQ(Cmd("AT+QSSLCLOSE=0\r", Seconds(2)), "\r\nOK\r\n");
    EXPECT_EQ(m_server.resumed, 1u);
    // Strict: a CA, the module clock checked, the host name checked.
    VerifyingContext(1, 0);
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"checkhost\",1,1\r"), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,566\r\n");
    EXPECT_EQ(m_server.resumed, 1u);
    // Back to lax: the session was dropped when the policy changed, so this is a full one.
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"seclevel\",1,0\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"checkhost\",1,0\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"ignorelocaltime\",1,1\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_FALSE(m_ssl->GetEndpoint(0)->IsResumed());
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r", Seconds(2)), "\r\nOK\r\n");
}

INSTANTIATE_TEST_SUITE_P(BadCertificates,
                         QuectelSessionPolicyTest,
                         ::testing::Values(TestPkiHelper::UNTRUSTED_ROOT,
                                           TestPkiHelper::SELF_SIGNED,
                                           TestPkiHelper::EXPIRED,
                                           TestPkiHelper::WRONG_HOST));

// A session obtained under a verified policy is resumed under the same policy (the binding
// does not stop ordinary resumption).
TEST_F(QuectelSslSocketCommandsTest, StrictSessionResumesUnderTheSamePolicyOnly)
{
    BringUp();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    VerifyingContext(1, 1);
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"session\",1,1\r"), "\r\nOK\r\n");
    for (int i = 0; i < 2; ++i)
    {
        ASSERT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(30)),
                  "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
        EXPECT_EQ(m_ssl->GetEndpoint(0)->IsResumed(), i == 1);
        ASSERT_EQ(Cmd("AT+QSSLCLOSE=0\r", Seconds(2)), "\r\nOK\r\n");
    }
    // SNI on changes the policy: full handshake.
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"sni\",1,1\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"tls.example\",443,0\r", Seconds(30)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_FALSE(m_ssl->GetEndpoint(0)->IsResumed());
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r", Seconds(2)), "\r\nOK\r\n");
}

// 100 DTLS and 100 TLS connections opened and closed: every TlsEndpoint, the module's and the
// server's, is freed again (a DTLS retransmission event used to keep its endpoint alive).
TEST_F(QuectelSslSocketCommandsTest, OpenCloseCyclesFreeEveryEndpoint)
{
    const uint64_t before = TlsEndpoint::GetLiveCount();
    BringUp();
    Upload("0_server.psk", "DTLS_Client&1a2b3c4d");
    TlsConfig dtls;
    dtls.role = TlsConfig::Role::SERVER;
    dtls.securityLevelZero = true;
    dtls.pskKeys["DTLS_Client"] = {0x1a, 0x2b, 0x3c, 0x4d};
    TlsServerHelper dtlsHelper(DTLS_PORT);
    dtlsHelper.SetAttribute("Dtls", BooleanValue(true));
    dtlsHelper.SetConfig(dtls);
    TlsServerHelper tlsHelper(TLS_PORT);
    tlsHelper.SetConfig(TlsEchoFixture::ServerConfig());
    ApplicationContainer servers = dtlsHelper.Install(NodeContainer(m_network.Get(0)));
    servers.Add(tlsHelper.Install(NodeContainer(m_network.Get(0))));
    TlsServerHelper::AssignStreams(servers, 700);
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"dtls\",0,1\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"dtlsversion\",0,1\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"ciphersuite\",0,0X00AE\r"), "\r\nOK\r\n");
    VerifyingContext(1, 1);
    for (int i = 0; i < 100; ++i)
    {
        ASSERT_EQ(Cmd("AT+QSSLOPEN=1,0,0,\"10.0.0.1\",5684,0\r", Seconds(20)),
                  "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n")
            << "DTLS open " << i;
        ASSERT_EQ(Cmd("AT+QSSLCLOSE=0\r", Seconds(2)), "\r\nOK\r\n");
        ASSERT_EQ(Cmd("AT+QSSLOPEN=1,1,1,\"tls.example\",443,0\r", Seconds(20)),
                  "\r\nOK\r\n\r\n+QSSLOPEN: 1,0\r\n")
            << "TLS open " << i;
        ASSERT_EQ(Cmd("AT+QSSLCLOSE=1\r", Seconds(2)), "\r\nOK\r\n");
    }
    // Closed connections hold no endpoint on the module; the servers may still hold the
    // connections whose transport has not wound down, never one per connection made.
    Cmd("AT\r", Seconds(60));
    EXPECT_LE(TlsEndpoint::GetLiveCount(), before + 4);
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        servers.Get(i)->Dispose();
    }
    Teardown();
    m_tornDown = true;
    EXPECT_EQ(TlsEndpoint::GetLiveCount(), before);
}

TEST_F(QuectelSslSocketCommandsTest, CfunResetDropsSocketsContextsAndSettingsAndPrintsBootUrcs)
{
    BringUp();
    VerifyingContext(1);
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    ASSERT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r\n", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+CFUN=1,2\r\n"), "\r\nERROR\r\n");
    // TinyGSM restart(): AT+CFUN=1,1, OK, then up to 10 s for APP RDY.
    m_bench.host.m_rx.clear();
    m_bench.host.m_times.clear();
    const Time reset = Simulator::Now();
    EXPECT_EQ(Cmd("AT+CFUN=1,1\r\n", MilliSeconds(200)), "\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT\r\n", MilliSeconds(500)), ""); // off: nothing answers
    const std::string boot = Cmd("", Seconds(6));
    EXPECT_EQ(boot,
              "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS "
              "DONE\r\n\r\nAPP RDY\r\n");
    // RDY after BootTime (2.5 s), APP RDY 2.5 s later.
    const std::string& rx = m_bench.host.m_rx;
    const size_t base = m_bench.host.m_times.size() - rx.size();
    const Time rdy = m_bench.host.m_times[base + rx.find("RDY")] - reset;
    const Time appRdy = m_bench.host.m_times[base + rx.find("APP RDY")] - reset;
    EXPECT_GT(rdy, Seconds(2.5));
    EXPECT_LT(rdy, Seconds(2.6));
    EXPECT_GT(appRdy, Seconds(5));
    EXPECT_LT(appRdy, Seconds(5.1));
    // Echo is back at its default, no SSL socket, no active context, the SSL context at its
    // defaults; the file system kept its files.
    EXPECT_EQ(Cmd("AT\r\n"), "AT\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLSTATE\r\n"), "AT+QSSLSTATE\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QIACT?\r\n"), "AT+QIACT?\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCFG=\"seclevel\",1\r\n"),
              "AT+QSSLCFG=\"seclevel\",1\r\n\r\n+QSSLCFG: \"seclevel\",1,0\r\n\r\nOK\r\n");
    EXPECT_TRUE(m_bench.module->GetFileSystem()->Exists("cacert.pem"));
    // And the module works again.
    ASSERT_EQ(Cmd("ATE0\r", Seconds(1)), "ATE0\r\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    VerifyingContext(1);
    EXPECT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r\n", Seconds(20)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r\n"), "\r\nOK\r\n");
}

TEST_F(QuectelSslSocketCommandsTest, QpowdPowersDownUntilPowerOn)
{
    BringUp();
    EXPECT_EQ(Cmd("AT+QPOWD=?\r\n"), "\r\n+QPOWD: (0,1)\r\n\r\nOK\r\n");
    EXPECT_EQ(Cmd("AT+QPOWD=2\r\n"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QPOWD?\r\n"), "\r\nERROR\r\n");
    EXPECT_EQ(Cmd("AT+QPOWD=1\r\n"), "\r\nOK\r\n\r\nPOWERED DOWN\r\n");
    EXPECT_FALSE(m_bench.module->IsPoweredOn());
    EXPECT_EQ(Cmd("AT\r\n", Seconds(30)), "");
    m_bench.module->PowerOn();
    EXPECT_EQ(Cmd("", Seconds(6)),
              "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS "
              "DONE\r\n\r\nAPP RDY\r\n");
    EXPECT_TRUE(m_bench.module->IsPoweredOn());
    EXPECT_EQ(Cmd("AT\r\n"), "AT\r\n\r\nOK\r\n");
}
