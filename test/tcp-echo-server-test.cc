/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/node-container.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-echo-server.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <random>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// An ns-3 TCP client that sends a byte string, reads the echo and records what happens.
class EchoClient
{
  public:
    EchoClient(Ptr<Node> node, std::string data, bool closeWhenEchoed)
        : m_node(node)
        , m_data(std::move(data))
        , m_closeWhenEchoed(closeWhenEchoed)
    {
    }

    void Start(Address server)
    {
        m_socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        m_socket->SetConnectCallback(MakeCallback(&EchoClient::Connected, this),
                                     MakeCallback(&EchoClient::Failed, this));
        m_socket->SetRecvCallback(MakeCallback(&EchoClient::Receive, this));
        m_socket->SetSendCallback(MakeCallback(&EchoClient::CanSend, this));
        m_socket->SetCloseCallbacks(MakeCallback(&EchoClient::PeerClosed, this),
                                    MakeCallback(&EchoClient::Error, this));
        m_socket->Connect(server);
    }

    std::string m_received;  //!< echoed bytes
    bool m_connected{false}; //!< connection established
    bool m_peerClosed{false};
    bool m_error{false};
    Time m_peerClosedAt;
    Time m_echoedAt;

  private:
    void Connected(Ptr<Socket>)
    {
        m_connected = true;
        Send();
    }

    void Failed(Ptr<Socket>)
    {
        m_error = true;
    }

    void CanSend(Ptr<Socket>, uint32_t)
    {
        Send();
    }

    void Send()
    {
        while (m_connected && m_sent < m_data.size())
        {
            const uint32_t room = m_socket->GetTxAvailable();
            const size_t count = std::min<size_t>({room, m_data.size() - m_sent, 1000});
            if (count == 0)
            {
                return;
            }
            const int sent =
                m_socket->Send(reinterpret_cast<const uint8_t*>(m_data.data() + m_sent),
                               static_cast<uint32_t>(count),
                               0);
            ASSERT_GT(sent, 0);
            m_sent += static_cast<size_t>(sent);
        }
    }

    void Receive(Ptr<Socket> socket)
    {
        while (true)
        {
            Ptr<Packet> packet = socket->Recv();
            if (!packet || packet->GetSize() == 0)
            {
                break;
            }
            std::string bytes(packet->GetSize(), '\0');
            packet->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), bytes.size());
            m_received += bytes;
        }
        if (m_received.size() == m_data.size() && m_echoedAt.IsZero())
        {
            m_echoedAt = Simulator::Now();
            if (m_closeWhenEchoed)
            {
                socket->Close();
            }
        }
    }

    void PeerClosed(Ptr<Socket> socket)
    {
        if (!m_peerClosed)
        {
            m_peerClosed = true;
            m_peerClosedAt = Simulator::Now();
        }
        socket->Close();
    }

    void Error(Ptr<Socket>)
    {
        m_error = true;
    }

    Ptr<Node> m_node;
    std::string m_data;
    bool m_closeWhenEchoed;
    Ptr<Socket> m_socket;
    size_t m_sent{0};
};

std::string
RandomBytes(size_t size, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::string data(size, '\0');
    for (auto& c : data)
    {
        c = static_cast<char>(rng() & 0xff);
    }
    return data;
}

void
CountRx(uint64_t* total, Ptr<const Packet> packet, const Address&)
{
    *total += packet->GetSize();
}

void
RecordAccept(std::vector<std::pair<Time, Address>>* log, const Address& from)
{
    log->emplace_back(Simulator::Now(), from);
}

class TcpEchoServerTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_network.Build(DataRate("10Mbps"), MilliSeconds(5), "10.1.1.0");
        m_server = m_network.AddEchoServer(1);
        m_server->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountRx, &m_rxBytes));
        m_server->TraceConnectWithoutContext("Accept",
                                             MakeBoundCallback(&RecordAccept, &m_accepts));
    }

    void TearDown() override
    {
        m_server = nullptr;
        test::TwoNodeNetwork::Destroy();
    }

    void StartAt(Time when, EchoClient* client)
    {
        Simulator::Schedule(when,
                            [client]()
                            {
                                client->Start(InetSocketAddress(Ipv4Address("10.1.1.2"), 7));
                            });
    }

    test::TwoNodeNetwork m_network;
    Ptr<TcpEchoServer> m_server;
    uint64_t m_rxBytes{0};
    std::vector<std::pair<Time, Address>> m_accepts;
};

TEST_F(TcpEchoServerTest, Echoes100KilobytesByteExactAndClosesAfterThePeer)
{
    const std::string data = RandomBytes(100 * 1000, 7);
    EchoClient client(m_network.nodes.Get(0), data, true);
    StartAt(Seconds(1), &client);
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    ASSERT_TRUE(client.m_connected);
    EXPECT_FALSE(client.m_error);
    ASSERT_EQ(client.m_received.size(), data.size());
    EXPECT_TRUE(client.m_received == data);
    EXPECT_EQ(m_rxBytes, data.size());
    EXPECT_EQ(m_server->GetEchoedBytes(), data.size());
    ASSERT_EQ(m_accepts.size(), 1u);
    EXPECT_EQ(InetSocketAddress::ConvertFrom(m_accepts[0].second).GetIpv4(),
              Ipv4Address("10.1.1.1"));
    EXPECT_TRUE(client.m_peerClosed); // the server closed its side after ours
    EXPECT_EQ(m_server->GetConnectionCount(), 0u);
}

TEST_F(TcpEchoServerTest, BackpressureBoundsTheBufferWhenTheEchoIsSlower)
{
    // The echo direction is ten times slower than the upload: the server's TCP send buffer
    // fills, then its own buffer, then it stops reading and the client's sends are throttled.
    m_network.nodes.Get(1)->GetDevice(0)->SetAttribute("DataRate", StringValue("1Mbps"));
    m_server->SetAttribute("MaxBuffer", UintegerValue(4096));
    const std::string data = RandomBytes(1000 * 1000, 11);
    EchoClient client(m_network.nodes.Get(0), data, true);
    StartAt(Seconds(1), &client);
    uint64_t maxHeld = 0;
    uint64_t readAtTwoSeconds = 0;
    std::function<void()> sample = [&]()
    {
        maxHeld = std::max(maxHeld, m_rxBytes - m_server->GetEchoedBytes());
        if (Simulator::Now() == Seconds(2))
        {
            readAtTwoSeconds = m_rxBytes;
        }
        Simulator::Schedule(MilliSeconds(10), sample);
    };
    Simulator::Schedule(Seconds(1), sample);
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    EXPECT_EQ(maxHeld, 4096u); // the buffer filled to MaxBuffer and never beyond
    // After 1 s at most ~125 kB went out, plus what fits in the buffers (128 KiB send buffer,
    // 4 KiB MaxBuffer): the 10 Mb/s client was held back.
    EXPECT_LT(readAtTwoSeconds, 125000u + 131072u + 4096u);
    ASSERT_EQ(client.m_received.size(), data.size());
    EXPECT_TRUE(client.m_received == data);
    EXPECT_EQ(m_server->GetConnectionCount(), 0u);
}

TEST_F(TcpEchoServerTest, ServesTwoClientsIndependently)
{
    const std::string dataA = RandomBytes(20000, 1);
    const std::string dataB = RandomBytes(30000, 2);
    EchoClient a(m_network.nodes.Get(0), dataA, false);
    EchoClient b(m_network.nodes.Get(0), dataB, false);
    StartAt(Seconds(1), &a);
    StartAt(Seconds(1.001), &b);
    uint32_t openDuring = 0;
    Simulator::Schedule(Seconds(5),
                        [&]()
                        {
                            openDuring = m_server->GetConnectionCount();
                        });
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(openDuring, 2u);
    EXPECT_EQ(m_server->GetAcceptedCount(), 2u);
    EXPECT_TRUE(a.m_received == dataA);
    EXPECT_TRUE(b.m_received == dataB);
    EXPECT_EQ(m_rxBytes, dataA.size() + dataB.size());
    ASSERT_EQ(m_accepts.size(), 2u);
    EXPECT_NE(InetSocketAddress::ConvertFrom(m_accepts[0].second).GetPort(),
              InetSocketAddress::ConvertFrom(m_accepts[1].second).GetPort());
}

TEST_F(TcpEchoServerTest, CloseAfterClosesTheConnection)
{
    m_server->SetAttribute("CloseAfter", TimeValue(Seconds(2)));
    EchoClient client(m_network.nodes.Get(0), "hello", false);
    StartAt(Seconds(1), &client);
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(client.m_received, "hello");
    ASSERT_EQ(m_accepts.size(), 1u);
    ASSERT_TRUE(client.m_peerClosed);
    EXPECT_FALSE(client.m_error);
    // The FIN leaves 2 s after the accept and crosses the 5 ms link.
    const Time fin = m_accepts[0].first + Seconds(2) + MilliSeconds(5);
    EXPECT_GE(client.m_peerClosedAt, fin);
    EXPECT_LT(client.m_peerClosedAt, fin + MilliSeconds(1));
    EXPECT_EQ(m_server->GetConnectionCount(), 0u);
}

} // namespace
