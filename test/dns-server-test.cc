/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/dns-message.h"
#include "ns3/dns-server.h"
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
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A raw UDP client that sends byte strings to the server and keeps what comes back.
class DnsServerTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_network.Build(DataRate("1Mbps"), MilliSeconds(10), "10.1.1.0");
        m_server = m_network.AddDnsServer(1, "iot.example.com", Ipv4Address("192.0.2.10"));

        m_client = Socket::CreateSocket(m_network.nodes.Get(0), UdpSocketFactory::GetTypeId());
        m_client->Bind();
        m_client->SetRecvCallback(MakeCallback(&DnsServerTest::Receive, this));
    }

    void TearDown() override
    {
        m_client = nullptr;
        m_server = nullptr;
        test::TwoNodeNetwork::Destroy();
    }

    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> packet = socket->RecvFrom(from))
        {
            std::vector<uint8_t> wire(packet->GetSize());
            packet->CopyData(wire.data(), wire.size());
            m_responses.push_back(wire);
            EXPECT_EQ(InetSocketAddress::ConvertFrom(from).GetPort(), 53);
        }
    }

    void SendAt(Time when, std::vector<uint8_t> wire)
    {
        Simulator::Schedule(when,
                            [this, wire]()
                            {
                                m_client->SendTo(Create<Packet>(wire.data(), wire.size()),
                                                 0,
                                                 InetSocketAddress(Ipv4Address("10.1.1.2"), 53));
                            });
    }

    test::TwoNodeNetwork m_network;
    Ptr<DnsServer> m_server;
    Ptr<Socket> m_client;
    std::vector<std::vector<uint8_t>> m_responses;
};

void
RecordQuery(std::vector<std::pair<std::string, Ipv4Address>>* log,
            std::string name,
            Ipv4Address from)
{
    log->emplace_back(name, from);
}

TEST_F(DnsServerTest, AnswersAQueriesAndTracesThem)
{
    std::vector<std::pair<std::string, Ipv4Address>> queries;
    m_server->TraceConnectWithoutContext("Query", MakeBoundCallback(&RecordQuery, &queries));
    std::vector<uint8_t> query;
    ASSERT_TRUE(DnsMessage::BuildQuery(0x1001, "IoT.Example.com", query));
    SendAt(Seconds(1), query);
    Simulator::Run();
    ASSERT_EQ(m_responses.size(), 1u);
    uint16_t id = 0;
    uint8_t rcode = 0xff;
    DnsMessage::AnswerList answers;
    std::string question;
    ASSERT_TRUE(DnsMessage::ParseResponse(m_responses[0], id, rcode, answers, question));
    EXPECT_EQ(id, 0x1001);
    EXPECT_EQ(rcode, DnsMessage::NOERROR);
    EXPECT_EQ(question, "iot.example.com");
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].first, Ipv4Address("192.0.2.10"));
    EXPECT_EQ(answers[0].second, 300u);
    ASSERT_EQ(queries.size(), 1u);
    EXPECT_EQ(queries[0].first, "iot.example.com");
    EXPECT_EQ(queries[0].second, Ipv4Address("10.1.1.1"));
}

TEST_F(DnsServerTest, OtherQueryTypesGetNoDataAndUnknownNamesNxdomain)
{
    std::vector<uint8_t> aaaa;
    ASSERT_TRUE(DnsMessage::BuildQuery(1, "iot.example.com", aaaa));
    aaaa[aaaa.size() - 3] = 28; // QTYPE AAAA
    SendAt(Seconds(1), aaaa);
    std::vector<uint8_t> unknown;
    ASSERT_TRUE(DnsMessage::BuildQuery(2, "other.example.com", unknown));
    SendAt(Seconds(2), unknown);
    Simulator::Run();
    ASSERT_EQ(m_responses.size(), 2u);
    uint16_t id = 0;
    uint8_t rcode = 0xff;
    DnsMessage::AnswerList answers;
    std::string question;
    ASSERT_TRUE(DnsMessage::ParseResponse(m_responses[0], id, rcode, answers, question));
    EXPECT_EQ(id, 1);
    EXPECT_EQ(rcode, DnsMessage::NOERROR);
    EXPECT_TRUE(answers.empty());
    ASSERT_TRUE(DnsMessage::ParseResponse(m_responses[1], id, rcode, answers, question));
    EXPECT_EQ(id, 2);
    EXPECT_EQ(rcode, DnsMessage::NXDOMAIN);
}

TEST_F(DnsServerTest, MalformedQueriesGetFormerrOrAreDropped)
{
    std::vector<uint8_t> query;
    ASSERT_TRUE(DnsMessage::BuildQuery(0x0a0b, "iot.example.com", query));
    auto noQuestion = std::vector<uint8_t>(query.begin(), query.begin() + 12);
    noQuestion[5] = 0; // QDCOUNT 0
    SendAt(Seconds(1), noQuestion);
    SendAt(Seconds(2), std::vector<uint8_t>(query.begin(), query.begin() + 11)); // short: dropped
    auto response = DnsMessage::BuildResponse(5, "iot.example.com", 1, 1, 0, {});
    SendAt(Seconds(3), response); // a response: dropped, never answered
    auto badLabel = query;
    badLabel[13] = ' ';
    SendAt(Seconds(4), badLabel);
    Simulator::Run();
    ASSERT_EQ(m_responses.size(), 2u);
    for (const auto& wire : m_responses)
    {
        uint16_t id = 0;
        uint8_t rcode = 0;
        DnsMessage::AnswerList answers;
        std::string question;
        ASSERT_TRUE(DnsMessage::ParseResponse(wire, id, rcode, answers, question));
        EXPECT_EQ(id, 0x0a0b);
        EXPECT_EQ(rcode, DnsMessage::FORMERR);
        EXPECT_TRUE(question.empty());
        EXPECT_EQ(wire.size(), 12u);
    }
}

TEST_F(DnsServerTest, StoppedServerAnswersNothing)
{
    m_server->SetStopTime(Seconds(2));
    std::vector<uint8_t> query;
    ASSERT_TRUE(DnsMessage::BuildQuery(9, "iot.example.com", query));
    SendAt(Seconds(1), query);
    SendAt(Seconds(3), query);
    Simulator::Run();
    EXPECT_EQ(m_responses.size(), 1u);
}

} // namespace
