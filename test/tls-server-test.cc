/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/boolean.h"
#include "ns3/compute-resource.h"
#include "ns3/crypto-cost-model.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/module-clock.h"
#include "ns3/packet.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test-pki-helper.h"
#include "ns3/tls-config.h"
#include "ns3/tls-context.h"
#include "ns3/tls-endpoint.h"
#include "ns3/tls-server-helper.h"
#include "ns3/tls-server.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <deque>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

constexpr uint16_t PORT = 443;

TestPkiHelper&
Pki()
{
    static TestPkiHelper pki(7);
    return pki;
}

/// 2026-06-01 00:00:00 UTC plus simulated time.
int64_t
SimulatedUnixTime()
{
    return 1780272000 + static_cast<int64_t>(Simulator::Now().GetSeconds());
}

TlsConfig
ServerConfig()
{
    TlsConfig c;
    c.role = TlsConfig::Role::SERVER;
    c.certChainPem = Pki().GetServerChainPem(TestPkiHelper::VALID, TestPkiHelper::RSA_2048);
    c.keyPem = Pki().GetServerKeyPem(TestPkiHelper::VALID, TestPkiHelper::RSA_2048);
    return c;
}

TlsConfig
ClientConfig()
{
    TlsConfig c;
    c.role = TlsConfig::Role::CLIENT;
    c.verify = TlsConfig::Verify::VERIFY_PEER;
    c.caPem = Pki().GetCaPem(TestPkiHelper::RSA_2048);
    c.sniHostName = "tls.example";
    c.checkHost = "tls.example";
    c.timeSource = &SimulatedUnixTime;
    c.maxVersion = TlsConfig::Version::TLS_1_2;
    c.cipherList = {"ECDHE-RSA-AES128-GCM-SHA256"};
    return c;
}

Ptr<TlsContext>
MakeContext(const TlsConfig& config, int64_t stream)
{
    Ptr<TlsContext> ctx = CreateObject<TlsContext>();
    ctx->AssignStreams(stream);
    EXPECT_EQ(ctx->Configure(config), "");
    return ctx;
}

/// What one client saw.
struct Client
{
    Ptr<TlsEndpoint> ep;
    Ptr<Socket> socket;
    bool done{false};
    bool resumed{false};
    bool failed{false};
    TlsError error{TlsError::NONE};
    std::string rx;
    std::string toSend;
    Time doneAt;
};

/// What the server reported.
struct Completion
{
    Address peer;
    bool resumed;
    Time duration;
    Time queueWait;
    Time at;
};

/// A server on node 1, clients on node 0.
class ServerBench
{
  public:
    void Build(DataRate rate = DataRate("100Mbps"), Time delay = MilliSeconds(1))
    {
        net.Build(rate, delay);
    }

    Ptr<TlsServer> Install(const TlsConfig& config,
                           std::vector<std::pair<std::string, std::string>> attributes = {})
    {
        TlsServerHelper helper(PORT);
        for (const auto& [name, value] : attributes)
        {
            helper.SetAttribute(name, StringValue(value));
        }
        helper.SetConfig(config);
        ApplicationContainer apps = helper.Install(NodeContainer(net.Get(1)));
        TlsServerHelper::AssignStreams(apps, 100);
        server = DynamicCast<TlsServer>(apps.Get(0));
        server->TraceConnectWithoutContext(
            "HandshakeCompleted",
            Callback<void, const Address&, bool, Time, Time>(
                [this](const Address& peer, bool resumed, Time duration, Time wait)
                {
                    completions.push_back({peer, resumed, duration, wait, Simulator::Now()});
                }));
        server->TraceConnectWithoutContext("HandshakeStarted",
                                           Callback<void, const Address&>(
                                               [this](const Address& peer)
                                               {
                                                   started.push_back(peer);
                                               }));
        server->TraceConnectWithoutContext("ConnectionRefused",
                                           Callback<void, const Address&>(
                                               [this](const Address&)
                                               {
                                                   ++refusedTraces;
                                               }));
        return server;
    }

    Ipv4Address ServerAddress() const
    {
        return net.Get(1)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    }

    Client& Connect(Ptr<TlsContext> ctx,
                    Time at,
                    std::string toSend = "",
                    Ptr<TlsSession> session = nullptr)
    {
        clients.push_back(std::make_unique<Client>());
        Client* c = clients.back().get();
        c->toSend = toSend;
        const int64_t stream = m_stream++;
        Simulator::Schedule(
            at,
            [this, c, ctx, session, stream]()
            {
                Ptr<Socket> s = Socket::CreateSocket(net.Get(0), TcpSocketFactory::GetTypeId());
                c->socket = s;
                s->Bind();
                s->SetConnectCallback(Callback<void, Ptr<Socket>>(
                                          [c, ctx, session, stream](Ptr<Socket> sock)
                                          {
                                              Ptr<TlsEndpoint> ep = CreateObject<TlsEndpoint>();
                                              c->ep = ep;
                                              ep->AssignStreams(stream);
                                              Hook(c);
                                              ep->SetStreamTransport(ctx, sock);
                                              ep->SetSession(session);
                                              ep->Start();
                                          }),
                                      MakeNullCallback<void, Ptr<Socket>>());
                s->Connect(InetSocketAddress(ServerAddress(), PORT));
            });
        return *c;
    }

    static void Hook(Client* c)
    {
        c->ep->TraceConnectWithoutContext("HandshakeCompleted",
                                          Callback<void, bool>(
                                              [c](bool r)
                                              {
                                                  c->done = true;
                                                  c->resumed = r;
                                                  c->doneAt = Simulator::Now();
                                                  if (!c->toSend.empty())
                                                  {
                                                      c->ep->Send(c->toSend);
                                                  }
                                              }));
        c->ep->TraceConnectWithoutContext("HandshakeFailed",
                                          Callback<void, TlsError, std::string>(
                                              [c](TlsError e, std::string)
                                              {
                                                  c->failed = true;
                                                  c->error = e;
                                              }));
        c->ep->TraceConnectWithoutContext("DataReceived",
                                          Callback<void, std::string>(
                                              [c](std::string d)
                                              {
                                                  c->rx += d;
                                              }));
    }

    TwoNodeNetwork net;
    Ptr<TlsServer> server;
    std::deque<std::unique_ptr<Client>> clients;
    std::vector<Completion> completions;
    std::vector<Address> started;
    uint32_t refusedTraces{0};

  private:
    int64_t m_stream{1000};
};

std::string
Payload(size_t n)
{
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i)
    {
        s[i] = static_cast<char>((i * 131 + 7) & 0xff);
    }
    return s;
}

class TlsServerTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
        Ipv4AddressGenerator::Reset();
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
    }
};

TEST_F(TlsServerTest, EchoesByteExactOverTls)
{
    ServerBench bench;
    bench.Build();
    Ptr<TlsServer> server = bench.Install(ServerConfig());
    server->SetStartTime(Seconds(0));
    const std::string payload = Payload(10240);
    Client& c = bench.Connect(MakeContext(ClientConfig(), 50), Seconds(1), payload);
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    ASSERT_TRUE(c.done) << c.error;
    EXPECT_EQ(c.rx, payload);
    EXPECT_EQ(server->GetRxBytes(), payload.size());
    EXPECT_EQ(server->GetTxBytes(), payload.size());
    EXPECT_EQ(server->GetHandshakeCount(), 1u);
    ASSERT_EQ(server->GetHandshakeCpuCosts().size(), 1u);
    // server-x86 full ECDHE-RSA-2048: ~1/1545 s (calibrated on the in-memory OpenSSL pair),
    // plus its transcript hashing.
    EXPECT_NEAR(server->GetHandshakeCpuCosts()[0].GetSeconds(), 1.0 / 1545, 0.0001);
    // Only handshake flights are charged to the server CPU.
    EXPECT_EQ(server->GetCpuBusyTime(), server->GetHandshakeCpuCosts()[0]);
}

/// 20 clients at once on a server with `cores` cores, run to the end.
void
Storm(ServerBench& bench, uint32_t cores, uint32_t n = 20)
{
    // 10 Gbps: the server's flights of a 100-client storm take well under its CPU time.
    bench.Build(DataRate("10Gbps"));
    bench.Install(ServerConfig(), {{"Cores", std::to_string(cores)}});
    TlsConfig client = ClientConfig();
    client.maxVersion = TlsConfig::Version::DEFAULT; // TLS 1.3: one costly server flight
    client.cipherList.clear();
    Ptr<TlsContext> ctx = MakeContext(client, 50);
    for (uint32_t i = 0; i < n; ++i)
    {
        bench.Connect(ctx, Seconds(1));
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
}

TEST_F(TlsServerTest, StormOnOneCoreQueuesHandshakesFifo)
{
    ServerBench bench;
    std::vector<Time> jobWaits;
    std::vector<Time> jobWorks;
    Simulator::Schedule(Seconds(0.5),
                        [&]()
                        {
                            Ptr<ComputeResource> cpu = bench.server->GetComputeResource();
                            cpu->TraceConnectWithoutContext("JobStart",
                                                            Callback<void, Time>(
                                                                [&jobWaits](Time w)
                                                                {
                                                                    jobWaits.push_back(w);
                                                                }));
                            cpu->TraceConnectWithoutContext("JobEnd",
                                                            Callback<void, Time>(
                                                                [&jobWorks](Time w)
                                                                {
                                                                    jobWorks.push_back(w);
                                                                }));
                        });
    Storm(bench, 1);
    Ptr<TlsServer> server = bench.server;
    ASSERT_EQ(bench.completions.size(), 20u);
    EXPECT_EQ(server->GetHandshakeCount(), 20u);
    // FIFO: handshakes complete in the order they started.
    for (size_t i = 0; i < 20; ++i)
    {
        EXPECT_EQ(bench.completions[i].peer, bench.started[i]) << i;
    }
    // TLS 1.3: the server's first flight carries all public-key work; on one core the k-th
    // ClientHello's job waits for the k earlier ones: wait(k) = k * cost - (arrival(k) -
    // arrival(0)), the ClientHellos arriving a constant serialisation time apart.
    ASSERT_EQ(jobWaits.size(), 40u);
    const Time flight = jobWorks[0];
    EXPECT_GT(flight, MicroSeconds(550)); // ~0.6 ms: TLS 1.3 with RSA-2048 (server-x86)
    EXPECT_EQ(jobWaits[0], Time(0));
    const Time spacing = flight - jobWaits[1];
    EXPECT_GT(spacing, Time(0));
    EXPECT_LT(spacing, MicroSeconds(50));
    for (size_t k = 1; k < 20; ++k)
    {
        EXPECT_EQ(jobWaits[k], (flight - spacing) * static_cast<int64_t>(k)) << k;
    }
    // Every job's wait is charged to exactly one connection.
    Time total;
    for (Time w : jobWaits)
    {
        total += w;
    }
    Time charged;
    for (const auto& c : bench.completions)
    {
        charged += c.queueWait;
    }
    EXPECT_EQ(charged, total);
    const Time cost = server->GetHandshakeCpuCosts()[0];
    for (Time t : server->GetHandshakeCpuCosts())
    {
        EXPECT_EQ(t, cost);
    }
    EXPECT_EQ(server->GetCpuBusyTime(), cost * 20);
}

/// Time from the first admission to the last completion.
Time
StormSpan(uint32_t cores, uint32_t n)
{
    ServerBench bench;
    Time first;
    Simulator::Schedule(Seconds(0.5),
                        [&]()
                        {
                            bench.server->TraceConnectWithoutContext(
                                "HandshakeStarted",
                                Callback<void, const Address&>(
                                    [&first](const Address&)
                                    {
                                        if (first.IsZero())
                                        {
                                            first = Simulator::Now();
                                        }
                                    }));
                        });
    Storm(bench, cores, n);
    EXPECT_EQ(bench.completions.size(), n);
    Time span = bench.completions.back().at - first;
    Simulator::Destroy();
    Ipv4AddressGenerator::Reset();
    return span;
}

TEST_F(TlsServerTest, FourCoresFinishTheStormAboutFourTimesSooner)
{
    const Time one = StormSpan(1, 100);
    const Time four = StormSpan(4, 100);
    const double ratio = one.GetSeconds() / four.GetSeconds();
    // 100 x 0.6 ms of crypto on 1 core vs 25 x 0.6 ms on 4, plus ~2 ms of round trips each.
    EXPECT_GT(ratio, 3.0) << one.As(Time::MS) << " " << four.As(Time::MS);
    EXPECT_LT(ratio, 4.5) << one.As(Time::MS) << " " << four.As(Time::MS);
}

TEST_F(TlsServerTest, ResumedRoundCostsUnderTenPercentOfTheFullRound)
{
    ServerBench bench;
    bench.Build();
    Ptr<TlsServer> server = bench.Install(ServerConfig());
    Ptr<TlsContext> ctx = MakeContext(ClientConfig(), 50);
    std::vector<Client*> first;
    for (int i = 0; i < 20; ++i)
    {
        first.push_back(&bench.Connect(ctx, Seconds(1)));
    }
    Time round1;
    Simulator::Schedule(Seconds(3),
                        [&]()
                        {
                            round1 = server->GetCpuBusyTime();
                            for (Client* c : first)
                            {
                                ASSERT_TRUE(c->done);
                                ASSERT_TRUE(c->ep->GetSession());
                                bench.Connect(ctx, Seconds(0), "", c->ep->GetSession());
                            }
                        });
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    ASSERT_EQ(server->GetHandshakeCount(), 40u);
    EXPECT_EQ(server->GetResumedCount(), 20u);
    const Time round2 = server->GetCpuBusyTime() - round1;
    EXPECT_GT(round1, MilliSeconds(10)); // 20 full handshakes, ~0.66 ms each
    EXPECT_LT(round2.GetSeconds(), 0.1 * round1.GetSeconds())
        << round1.As(Time::MS) << " " << round2.As(Time::MS);
}

TEST_F(TlsServerTest, RateLimitRefusesTheExcess)
{
    ServerBench bench;
    bench.Build();
    Ptr<TlsServer> server = bench.Install(ServerConfig(), {{"MaxNewConnectionsPerSecond", "5"}});
    Ptr<TlsContext> ctx = MakeContext(ClientConfig(), 50);
    for (int i = 0; i < 20; ++i)
    {
        bench.Connect(ctx, Seconds(1));
    }
    // After a second the bucket has refilled: five more get in.
    for (int i = 0; i < 5; ++i)
    {
        bench.Connect(ctx, Seconds(2.5));
    }
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(server->GetAcceptedCount(), 10u);
    EXPECT_EQ(server->GetRefusedCount(), 15u);
    EXPECT_EQ(bench.refusedTraces, 15u);
    EXPECT_EQ(server->GetHandshakeCount(), 10u);
    uint32_t failed = 0;
    for (const auto& c : bench.clients)
    {
        failed += c->failed ? 1 : 0;
        if (c->failed)
        {
            EXPECT_EQ(c->error, TlsError::TRANSPORT_CLOSED);
        }
    }
    EXPECT_EQ(failed, 15u);
}

// One server machine reached at two nodes (TlsServer::AddListeningNode): clients of either
// node are served by the one application, and its admission bucket is shared: with five
// tokens, ten connections split over the two nodes get five handshakes in all.
TEST_F(TlsServerTest, ListeningNodesShareOneServer)
{
    ServerBench own;
    own.Build();
    ServerBench other; // a second network: its node 1 is the server's second listening node
    other.net.Build(DataRate("100Mbps"), MilliSeconds(1), "10.0.1.0");
    Ptr<TlsServer> server =
        own.Install(ServerConfig(), {{"MaxNewConnectionsPerSecond", "5"}, {"Cores", "1"}});
    server->AddListeningNode(other.net.Get(1));
    EXPECT_EQ(server->GetListeningNodeCount(), 2u);
    Ptr<TlsContext> ctx = MakeContext(ClientConfig(), 50);
    Client& first = own.Connect(ctx, Seconds(1), "to the server's own node");
    Client& second = other.Connect(ctx, Seconds(1), "to its second node");
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_TRUE(first.done) << ToString(first.error);
    EXPECT_TRUE(second.done) << ToString(second.error);
    EXPECT_EQ(first.rx, "to the server's own node");
    EXPECT_EQ(second.rx, "to its second node");
    ASSERT_EQ(own.completions.size(), 2u);
    bool sawOther = false;
    for (const auto& c : own.completions)
    {
        sawOther |= InetSocketAddress::ConvertFrom(c.peer).GetIpv4() ==
                    other.net.Get(0)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    }
    EXPECT_TRUE(sawOther);
    EXPECT_EQ(server->GetHandshakeCount(), 2u);
    EXPECT_GT(server->GetCpuBusyTime(), Time(0));
}

TEST_F(TlsServerTest, ListeningNodesShareTheAdmissionBucket)
{
    ServerBench own;
    own.Build();
    ServerBench other;
    other.net.Build(DataRate("100Mbps"), MilliSeconds(1), "10.0.1.0");
    Ptr<TlsServer> server = own.Install(ServerConfig(), {{"MaxNewConnectionsPerSecond", "5"}});
    server->AddListeningNode(other.net.Get(1));
    Ptr<TlsContext> ctx = MakeContext(ClientConfig(), 50);
    for (int i = 0; i < 5; ++i)
    {
        own.Connect(ctx, Seconds(1));
        other.Connect(ctx, Seconds(1));
    }
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(server->GetAcceptedCount(), 5u);
    EXPECT_EQ(server->GetRefusedCount(), 5u);
    EXPECT_EQ(server->GetHandshakeCount(), 5u);
}

TEST_F(TlsServerTest, AddListeningNodeNamesWrongUse)
{
    ServerBench own;
    own.Build();
    ServerBench other;
    other.net.Build(DataRate("100Mbps"), MilliSeconds(1), "10.0.1.0");
    Ptr<TlsServer> server = own.Install(ServerConfig());
    EXPECT_DEATH(server->AddListeningNode(nullptr), "node \\(null\\) is null");
    EXPECT_DEATH(server->AddListeningNode(own.net.Get(1)), "the application's own node");
    server->AddListeningNode(other.net.Get(1));
    EXPECT_DEATH(server->AddListeningNode(other.net.Get(1)), "added already");
    Ptr<Node> bare = CreateObject<Node>();
    EXPECT_DEATH(server->AddListeningNode(bare), "has no TCP stack");
    EXPECT_DEATH(
        {
            Simulator::Stop(Seconds(1));
            Simulator::Run();
            server->AddListeningNode(other.net.Get(0));
        },
        "added after the server started");
}

TEST_F(TlsServerTest, RequiredClientAuthWithoutCertificateFails)
{
    ServerBench bench;
    bench.Build();
    TlsConfig config = ServerConfig();
    config.verify = TlsConfig::Verify::REQUIRE_PEER_CERT;
    config.caPem = Pki().GetCaPem(TestPkiHelper::RSA_2048);
    config.timeSource = &SimulatedUnixTime;
    std::vector<TlsError> errors;
    Ptr<TlsServer> server = bench.Install(config);
    server->TraceConnectWithoutContext("HandshakeFailed",
                                       Callback<void, const Address&, TlsError>(
                                           [&errors](const Address&, TlsError e)
                                           {
                                               errors.push_back(e);
                                           }));
    Client& c = bench.Connect(MakeContext(ClientConfig(), 50), Seconds(1));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_FALSE(c.done);
    EXPECT_TRUE(c.failed);
    EXPECT_EQ(server->GetHandshakeCount(), 0u);
    EXPECT_EQ(server->GetFailedCount(), 1u);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0], TlsError::HANDSHAKE_FAILURE);
}

TEST_F(TlsServerTest, DtlsPskEchoesForTwoClientsOnOnePort)
{
    ServerBench bench;
    bench.Build();
    const auto key = TlsConfig::HexToBytes("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d");
    TlsConfig config;
    config.role = TlsConfig::Role::SERVER;
    config.maxVersion = TlsConfig::Version::TLS_1_2;
    config.cipherList = {"PSK-AES128-CBC-SHA256"};
    config.pskKeys["DTLS_Client"] = key;
    Ptr<TlsServer> server = bench.Install(config, {{"Dtls", "true"}});
    TlsConfig client;
    client.datagram = true;
    client.minVersion = TlsConfig::Version::DTLS_1_2;
    client.maxVersion = TlsConfig::Version::DTLS_1_2;
    client.cipherList = {"PSK-AES128-CBC-SHA256"};
    client.pskIdentity = "DTLS_Client";
    client.pskKey = key;
    Ptr<TlsContext> ctx = MakeContext(client, 50);
    std::vector<std::unique_ptr<Client>> clients;
    for (uint16_t i = 0; i < 2; ++i)
    {
        clients.push_back(std::make_unique<Client>());
        Client* c = clients.back().get();
        c->toSend = "AT+QSSLSEND over DTLS #" + std::to_string(i);
        Ptr<Socket> s = Socket::CreateSocket(bench.net.Get(0), UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(Ipv4Address::GetAny(), 40000 + i));
        c->ep = CreateObject<TlsEndpoint>();
        c->ep->AssignStreams(60 + i);
        ServerBench::Hook(c);
        c->ep->SetDatagramTransport(ctx, s, InetSocketAddress(bench.ServerAddress(), PORT));
        Simulator::Schedule(Seconds(1), &TlsEndpoint::Start, c->ep);
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    for (uint16_t i = 0; i < 2; ++i)
    {
        EXPECT_TRUE(clients[i]->done) << clients[i]->error;
        EXPECT_EQ(clients[i]->rx, clients[i]->toSend);
    }
    EXPECT_EQ(server->GetHandshakeCount(), 2u);
    EXPECT_EQ(server->GetConnectionCount(), 2u);
}

TEST_F(TlsServerTest, AbortedHandshakeAndGarbageLeaveTheServerServing)
{
    ServerBench bench;
    bench.Build();
    Ptr<TlsServer> server = bench.Install(ServerConfig());
    server->SetStopTime(Seconds(4.5));
    Ptr<TlsContext> ctx = MakeContext(ClientConfig(), 50);
    // ClientHello reaches the server at ~1.003 s; its first flight is computed until ~1.006 s.
    Client& aborted = bench.Connect(ctx, Seconds(1));
    Simulator::Schedule(Seconds(1.004),
                        [&aborted]()
                        {
                            ASSERT_TRUE(aborted.ep);
                            aborted.ep->Abort();
                        });
    Simulator::Schedule(
        Seconds(1.5),
        [&bench]()
        {
            Ptr<Socket> s = Socket::CreateSocket(bench.net.Get(0), TcpSocketFactory::GetTypeId());
            s->Bind();
            s->SetConnectCallback(
                Callback<void, Ptr<Socket>>(
                    [](Ptr<Socket> sock)
                    {
                        std::string junk(300, 'G');
                        sock->Send(Create<Packet>(reinterpret_cast<const uint8_t*>(junk.data()),
                                                  junk.size()));
                    }),
                MakeNullCallback<void, Ptr<Socket>>());
            s->Connect(InetSocketAddress(bench.ServerAddress(), PORT));
        });
    Client& good = bench.Connect(ctx, Seconds(2), "still here");
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_FALSE(aborted.done);
    EXPECT_EQ(server->GetFailedCount(), 2u);
    EXPECT_TRUE(good.done);
    EXPECT_EQ(good.rx, "still here");
    EXPECT_EQ(server->GetHandshakeCount(), 1u);
    // Stop closes the remaining connection (close_notify).
    bool closed = false;
    good.ep->TraceConnectWithoutContext("Closed",
                                        Callback<void, bool>(
                                            [&closed](bool)
                                            {
                                                closed = true;
                                            }));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_TRUE(closed);
}

// IdleTimeout closes a connection that has received nothing for that long (without
// close_notify: the client sees Closed(false)), keeps one whose client keeps talking, and
// fails a handshake that never starts with TIMEOUT. 0, the default, keeps every connection.
TEST_F(TlsServerTest, IdleTimeoutClosesSilentConnectionsOnly)
{
    ServerBench bench;
    bench.Build();
    Ptr<TlsServer> server = bench.Install(ServerConfig(), {{"IdleTimeout", "5s"}});
    std::vector<std::pair<Time, bool>> idle;
    server->TraceConnectWithoutContext("IdleTimeout",
                                       Callback<void, const Address&, bool>(
                                           [&idle](const Address&, bool completed)
                                           {
                                               idle.emplace_back(Simulator::Now(), completed);
                                           }));
    std::vector<TlsError> failures;
    server->TraceConnectWithoutContext("HandshakeFailed",
                                       Callback<void, const Address&, TlsError>(
                                           [&failures](const Address&, TlsError e)
                                           {
                                               failures.push_back(e);
                                           }));
    Ptr<TlsContext> ctx = MakeContext(ClientConfig(), 50);
    Client& silent = bench.Connect(ctx, Seconds(1), "once");
    Client& talker = bench.Connect(ctx, Seconds(1), "first");
    for (int t = 4; t <= 16; t += 3)
    {
        Simulator::Schedule(Seconds(t),
                            [&talker]()
                            {
                                talker.ep->Send("more");
                            });
    }
    // A TCP client that never sends a ClientHello.
    Simulator::Schedule(Seconds(2),
                        [&bench]()
                        {
                            Ptr<Socket> s = Socket::CreateSocket(bench.net.Get(0),
                                                                 TcpSocketFactory::GetTypeId());
                            s->Bind();
                            s->Connect(InetSocketAddress(bench.ServerAddress(), PORT));
                        });
    Time silentClosedAt;
    bool silentClean = true;
    Simulator::Schedule(Seconds(1.5),
                        [&silent, &silentClosedAt, &silentClean]()
                        {
                            ASSERT_TRUE(silent.ep);
                            silent.ep->TraceConnectWithoutContext(
                                "Closed",
                                Callback<void, bool>(
                                    [&silentClosedAt, &silentClean](bool clean)
                                    {
                                        silentClosedAt = Simulator::Now();
                                        silentClean = clean;
                                    }));
                        });
    Simulator::Stop(Seconds(18));
    Simulator::Run();
    ASSERT_TRUE(silent.done);
    ASSERT_TRUE(talker.done);
    EXPECT_EQ(silent.rx, "once");
    EXPECT_EQ(talker.rx, "firstmoremoremoremoremore");
    // The silent client's data reached the server just after its handshake (~1.1 s): closed
    // 5 s later. The handshake that never started: admitted at ~2 s, failed at ~7 s.
    ASSERT_EQ(idle.size(), 2u);
    EXPECT_EQ(server->GetIdleClosedCount(), 2u);
    EXPECT_TRUE(idle[0].second);
    EXPECT_GT(idle[0].first, Seconds(6));
    EXPECT_LT(idle[0].first, Seconds(6.5));
    EXPECT_FALSE(idle[1].second);
    EXPECT_GT(idle[1].first, Seconds(7));
    EXPECT_LT(idle[1].first, Seconds(7.2));
    EXPECT_EQ(failures, std::vector<TlsError>({TlsError::TIMEOUT}));
    EXPECT_GT(silentClosedAt, idle[0].first);
    EXPECT_LT(silentClosedAt, idle[0].first + Seconds(0.1));
    EXPECT_FALSE(silentClean);
    EXPECT_EQ(server->GetHandshakeCount(), 2u);
}

TEST_F(TlsServerTest, IdleTimeoutZeroKeepsSilentConnections)
{
    ServerBench bench;
    bench.Build();
    Ptr<TlsServer> server = bench.Install(ServerConfig());
    Ptr<TlsContext> ctx = MakeContext(ClientConfig(), 50);
    Client& silent = bench.Connect(ctx, Seconds(1), "once");
    Simulator::Stop(Seconds(600));
    Simulator::Run();
    ASSERT_TRUE(silent.done);
    EXPECT_EQ(server->GetIdleClosedCount(), 0u);
    EXPECT_EQ(server->GetConnectionCount(), 1u);
}

TEST_F(TlsServerTest, IdleTimeoutNegativeIsNamed)
{
    ServerBench bench;
    bench.Build();
    EXPECT_DEATH(
        {
            bench.Install(ServerConfig(), {{"IdleTimeout", "-1s"}});
            Simulator::Stop(Seconds(1));
            Simulator::Run();
        },
        "attribute IdleTimeout: .* is negative");
}

} // namespace
