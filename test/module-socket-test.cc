/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/module-socket.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-echo-server.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

TEST(ModuleSocketTable, AllStatesReachableAndReturnable)
{
    const auto& table = ModuleSocket::GetTransitionTable();
    EXPECT_EQ(table.GetStateCount(), static_cast<size_t>(ModuleSocket::STATE_COUNT));
    EXPECT_TRUE(table.AllReachableAndReturnable(ModuleSocket::INITIAL));
    EXPECT_FALSE(table.IsAllowed(ModuleSocket::INITIAL, ModuleSocket::CONNECTED));
    EXPECT_FALSE(table.IsAllowed(ModuleSocket::CLOSING, ModuleSocket::CONNECTED));
    EXPECT_EQ(ModuleSocket::GetStateName(ModuleSocket::CLOSING), "CLOSING");
}

TEST(ModuleSocketDeathTest, IllegalTransitionIsFatal)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            Ptr<ModuleSocket> s = CreateObject<ModuleSocket>();
            s->SwitchToState(ModuleSocket::CONNECTED);
        },
        "illegal transition INITIAL -> CONNECTED");
}

/// A module node and an echo server node on a 1 Mbps / 20 ms link.
class ModuleSocketTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_network.Build(DataRate("1Mbps"), MilliSeconds(20));
        m_echo = m_network.AddEchoServer(0);
        m_node = m_network.Get(1);
        m_socket = CreateObject<ModuleSocket>();
        m_socket->TraceConnectWithoutContext("StateTransition",
                                             MakeCallback(&ModuleSocketTest::Transition, this));
        m_socket->SetReceiveCallback(
            [this](uint32_t n, bool wasEmpty)
            {
                m_received += n;
                m_wasEmpty.push_back(wasEmpty);
            });
    }

    void TearDown() override
    {
        m_socket->Dispose();
        test::TwoNodeNetwork::Destroy();
    }

    void Transition(uint32_t, ModuleSocket::State from, ModuleSocket::State to)
    {
        m_transitions.push_back(ModuleSocket::GetStateName(from) + "->" +
                                ModuleSocket::GetStateName(to));
    }

    void RunFor(Time t)
    {
        Simulator::Stop(t);
        Simulator::Run();
    }

    /// Open to the echo server and run until connected.
    void Connect(uint32_t bufferSize)
    {
        RunFor(MilliSeconds(1)); // nodes initialize at t = 0
        m_socket->Setup(m_node, 3, bufferSize);
        ASSERT_TRUE(m_socket->Open(ModuleSocket::TCP,
                                   Ipv4Address("10.0.0.1"),
                                   7,
                                   0,
                                   1,
                                   [this](bool ok)
                                   {
                                       m_openResult = ok ? 1 : 0;
                                   }));
        RunFor(Seconds(1));
        ASSERT_EQ(m_openResult, 1);
    }

    test::TwoNodeNetwork m_network;
    Ptr<TcpEchoServer> m_echo;
    Ptr<Node> m_node;
    Ptr<ModuleSocket> m_socket;
    std::vector<std::string> m_transitions;
    std::vector<bool> m_wasEmpty;
    uint64_t m_received{0};
    int m_openResult{-1};
    Time m_failedAt;
};

TEST_F(ModuleSocketTest, ConnectSendReadAndCount)
{
    Connect(10240);
    EXPECT_EQ(m_socket->GetState(), ModuleSocket::CONNECTED);
    EXPECT_NE(m_socket->GetLocalPort(), 0);
    EXPECT_TRUE(m_socket->Send("hello"));
    RunFor(Seconds(1));
    EXPECT_EQ(m_received, 5u);
    ASSERT_EQ(m_wasEmpty.size(), 1u);
    EXPECT_TRUE(m_wasEmpty[0]);
    EXPECT_EQ(m_socket->GetTotalSent(), 5u);
    EXPECT_EQ(m_socket->GetAcked(), 5u);
    EXPECT_EQ(m_socket->GetUnacked(), 0u);
    EXPECT_EQ(m_socket->Read(3), "hel");
    EXPECT_EQ(m_socket->GetUnread(), 2u);
    EXPECT_EQ(m_socket->Read(100), "lo");
    EXPECT_EQ(m_socket->GetTotalReceived(), 5u);
    EXPECT_EQ(m_socket->GetTotalRead(), 5u);
    m_socket->Close();
    EXPECT_EQ(
        m_transitions,
        (std::vector<std::string>{"INITIAL->OPENING", "OPENING->CONNECTED", "CONNECTED->INITIAL"}));
}

TEST_F(ModuleSocketTest, ReceiveBufferIsBoundedAndRefillsAfterRead)
{
    Connect(100);
    const std::string data(300, 'x');
    EXPECT_TRUE(m_socket->Send(data));
    RunFor(Seconds(1));
    EXPECT_EQ(m_socket->GetUnread(), 100u); // the rest waits in TCP's buffer
    EXPECT_EQ(m_socket->Read(100).size(), 100u);
    RunFor(MilliSeconds(10));
    EXPECT_EQ(m_socket->GetUnread(), 100u);
    m_socket->Read(100);
    RunFor(MilliSeconds(10));
    m_socket->Read(100);
    RunFor(MilliSeconds(10));
    EXPECT_EQ(m_socket->GetTotalReceived(), 300u);
    EXPECT_EQ(m_socket->GetTotalRead(), 300u);
}

TEST_F(ModuleSocketTest, TransparentStreamIsPacketised)
{
    m_socket->SetAttribute("TransparentPacketSize", UintegerValue(4));
    m_socket->SetAttribute("TransparentWaitTime", TimeValue(MilliSeconds(200)));
    Connect(10240);
    m_socket->WriteStream("abcdef");
    EXPECT_EQ(m_socket->GetTotalSent(), 4u); // one full packet at once
    RunFor(MilliSeconds(150));
    EXPECT_EQ(m_socket->GetTotalSent(), 4u);
    RunFor(MilliSeconds(100));
    EXPECT_EQ(m_socket->GetTotalSent(), 6u); // the short rest after the wait time
    RunFor(Seconds(1));
    EXPECT_EQ(m_socket->Read(100), "abcdef");
}

TEST_F(ModuleSocketTest, PeerCloseAndClosingState)
{
    m_echo->SetAttribute("CloseAfter", TimeValue(MilliSeconds(500)));
    bool closed = false;
    m_socket->SetPeerCloseCallback(
        [&closed]()
        {
            closed = true;
        });
    Connect(10240);
    RunFor(Seconds(1));
    EXPECT_TRUE(closed);
    m_socket->MarkClosing(false);
    EXPECT_EQ(m_socket->GetState(), ModuleSocket::CLOSING);
    EXPECT_FALSE(m_socket->Send("x"));
    m_socket->Close();
    EXPECT_EQ(m_socket->GetState(), ModuleSocket::INITIAL);
}

TEST_F(ModuleSocketTest, ConnectTimeoutFailsTheOpen)
{
    m_socket->SetAttribute("ConnectTimeout", TimeValue(Seconds(5)));
    RunFor(MilliSeconds(1));
    m_socket->Setup(m_node, 0, 10240);
    ASSERT_TRUE(m_socket->Open(ModuleSocket::TCP,
                               Ipv4Address("10.0.0.1"),
                               9,
                               0,
                               1,
                               [this](bool ok)
                               {
                                   m_openResult = ok ? 1 : 0;
                                   m_failedAt = Simulator::Now();
                               }));
    RunFor(Seconds(4));
    EXPECT_EQ(m_openResult, -1); // ns-3's TCP keeps retrying the SYN
    RunFor(Seconds(2));
    EXPECT_EQ(m_openResult, 0);
    EXPECT_EQ(m_failedAt, MilliSeconds(5001));
    EXPECT_EQ(m_socket->GetState(), ModuleSocket::INITIAL);
}

} // namespace
