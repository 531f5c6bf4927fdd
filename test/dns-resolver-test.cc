/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/dns-message.h"
#include "ns3/dns-resolver.h"
#include "ns3/dns-server.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// What one resolution reported, and when.
struct Outcome
{
    bool done{false};
    uint8_t result{0xff};
    std::vector<Ipv4Address> addresses;
    uint32_t ttl{0};
    Time at;
};

void
RecordOutcome(Outcome* outcome, uint8_t result, std::vector<Ipv4Address> addresses, uint32_t ttl)
{
    EXPECT_FALSE(outcome->done) << "callback called twice";
    outcome->done = true;
    outcome->result = result;
    outcome->addresses = addresses;
    outcome->ttl = ttl;
    outcome->at = Simulator::Now();
}

void
RecordTx(std::vector<std::pair<Time, uint16_t>>* log, std::string, uint16_t id, uint32_t)
{
    log->emplace_back(Simulator::Now(), id);
}

void
RecordQuery(std::vector<std::string>* log, std::string name, Ipv4Address)
{
    log->push_back(name);
}

const DataRate LINK_RATE("1Mbps");
const Time LINK_DELAY = MilliSeconds(10);
const uint32_t UDP_IP_PPP_OVERHEAD = 8 + 20 + 2;

class DnsResolverTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_network.Build(LINK_RATE, LINK_DELAY, "10.1.1.0"); // module 10.1.1.1, server 10.1.1.2

        m_resolver = CreateObject<DnsResolver>();
        m_resolver->SetNode(m_network.nodes.Get(0));
        m_resolver->SetServer(Ipv4Address("10.1.1.2"));
        m_resolver->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordTx, &m_tx));
    }

    void TearDown() override
    {
        m_resolver = nullptr;
        m_server = nullptr;
        test::TwoNodeNetwork::Destroy();
    }

    /// Installs the DNS server on node 1.
    void InstallServer()
    {
        m_server = m_network.AddDnsServer(1, "example.com", Ipv4Address("93.184.216.34"));
        m_server->TraceConnectWithoutContext("Query", MakeBoundCallback(&RecordQuery, &m_queries));
    }

    /// Schedules a resolution at the given time.
    void ResolveAt(Time when, const std::string& name, Outcome* outcome)
    {
        Simulator::Schedule(when,
                            &DnsResolver::Resolve,
                            m_resolver,
                            name,
                            MakeBoundCallback(&RecordOutcome, outcome));
    }

    /// Serialisation time of a DNS message of this many bytes on the link.
    static Time TxTime(size_t dnsBytes)
    {
        return LINK_RATE.CalculateBytesTxTime(static_cast<uint32_t>(dnsBytes) +
                                              UDP_IP_PPP_OVERHEAD);
    }

    /// Time from a query leaving to its response arriving, for one name and answer count.
    static Time RoundTrip(const std::string& name, size_t answers, Time processing)
    {
        std::vector<uint8_t> query;
        DnsMessage::BuildQuery(1, name, query);
        DnsMessage::AnswerList list(answers, {Ipv4Address("1.2.3.4"), 300});
        const auto response =
            DnsMessage::BuildResponse(1, DnsMessage::NormalizeName(name), 1, 1, 0, list);
        return LINK_DELAY * 2 + TxTime(query.size()) + TxTime(response.size()) + processing;
    }

    test::TwoNodeNetwork m_network;
    Ptr<DnsResolver> m_resolver;
    Ptr<DnsServer> m_server;
    std::vector<std::pair<Time, uint16_t>> m_tx;
    std::vector<std::string> m_queries;
};

TEST_F(DnsResolverTest, ResolvesAtTheExactTime)
{
    InstallServer();
    Outcome outcome;
    ResolveAt(Seconds(1), "Example.COM", &outcome);
    Simulator::Run();
    ASSERT_TRUE(outcome.done);
    EXPECT_EQ(outcome.result, DnsResolver::SUCCESS);
    ASSERT_EQ(outcome.addresses.size(), 1u);
    EXPECT_EQ(outcome.addresses[0], Ipv4Address("93.184.216.34"));
    EXPECT_EQ(outcome.ttl, 300u);
    // 2 x 10 ms + 59 B and 75 B at 1 Mb/s + 1 ms processing = 22.072 ms
    EXPECT_EQ(RoundTrip("example.com", 1, MilliSeconds(1)), MicroSeconds(22072));
    EXPECT_EQ(outcome.at, Seconds(1) + MicroSeconds(22072));
    ASSERT_EQ(m_queries.size(), 1u);
    EXPECT_EQ(m_queries[0], "example.com");
    EXPECT_EQ(m_resolver->GetPendingCount(), 0u);
}

TEST_F(DnsResolverTest, ProcessingDelayAddsToTheResolutionTime)
{
    InstallServer();
    m_server->SetAttribute("ProcessingDelay", TimeValue(MilliSeconds(250)));
    Outcome outcome;
    ResolveAt(Seconds(0), "example.com", &outcome);
    Simulator::Run();
    EXPECT_EQ(outcome.result, DnsResolver::SUCCESS);
    EXPECT_EQ(outcome.at, RoundTrip("example.com", 1, MilliSeconds(250)));
}

TEST_F(DnsResolverTest, ReturnsEveryAddressCaseInsensitively)
{
    InstallServer();
    m_server->SetAttribute("Ttl", UintegerValue(42));
    m_server->AddRecord("Multi.Example.com", Ipv4Address("192.0.2.1"));
    m_server->AddRecord("multi.example.COM.", Ipv4Address("192.0.2.2"));
    m_server->AddRecord("MULTI.example.com", Ipv4Address("192.0.2.1")); // duplicate: ignored
    EXPECT_EQ(m_server->GetAddresses("multi.example.com").size(), 2u);
    Outcome outcome;
    ResolveAt(Seconds(0), "mUlTi.eXaMpLe.CoM", &outcome);
    Simulator::Run();
    EXPECT_EQ(outcome.result, DnsResolver::SUCCESS);
    EXPECT_EQ(outcome.addresses,
              (std::vector<Ipv4Address>{Ipv4Address("192.0.2.1"), Ipv4Address("192.0.2.2")}));
    EXPECT_EQ(outcome.ttl, 42u);
    EXPECT_EQ(outcome.at, RoundTrip("multi.example.com", 2, MilliSeconds(1)));
}

TEST_F(DnsResolverTest, UnknownAndRemovedNamesAreNotFound)
{
    InstallServer();
    m_server->AddRecord("gone.example.com", Ipv4Address("192.0.2.9"));
    m_server->RemoveRecord("GONE.example.com");
    Outcome unknown;
    Outcome removed;
    ResolveAt(Seconds(1), "nope.example.com", &unknown);
    ResolveAt(Seconds(2), "gone.example.com", &removed);
    Simulator::Run();
    EXPECT_EQ(unknown.result, DnsResolver::NOT_FOUND);
    EXPECT_TRUE(unknown.addresses.empty());
    EXPECT_EQ(unknown.at, Seconds(1) + RoundTrip("nope.example.com", 0, MilliSeconds(1)));
    EXPECT_EQ(removed.result, DnsResolver::NOT_FOUND);
    EXPECT_EQ(m_queries.size(), 2u);
}

TEST_F(DnsResolverTest, ServFailIsAServerFailure)
{
    InstallServer();
    m_server->SetAttribute("ServFail", BooleanValue(true));
    Outcome outcome;
    ResolveAt(Seconds(0), "example.com", &outcome);
    Simulator::Run();
    EXPECT_EQ(outcome.result, DnsResolver::SERVER_FAILURE);
    EXPECT_EQ(m_tx.size(), 1u);
}

TEST_F(DnsResolverTest, TimesOutAfterRetriesWhenTheServerIsAbsent)
{
    // No DnsServer on node 1: the queries reach it and are dropped (ICMP is ignored).
    Outcome outcome;
    ResolveAt(Seconds(1), "example.com", &outcome);
    Simulator::Run();
    ASSERT_TRUE(outcome.done);
    EXPECT_EQ(outcome.result, DnsResolver::TIMEOUT);
    EXPECT_TRUE(outcome.addresses.empty());
    EXPECT_EQ(outcome.at, Seconds(1) + Seconds(5) * 3); // Timeout x (Retries + 1)
    ASSERT_EQ(m_tx.size(), 3u);
    EXPECT_EQ(m_tx[0].first, Seconds(1));
    EXPECT_EQ(m_tx[1].first, Seconds(6));
    EXPECT_EQ(m_tx[2].first, Seconds(11));
    EXPECT_EQ(m_tx[0].second, m_tx[2].second); // a retry resends the same ID
}

TEST_F(DnsResolverTest, TimeoutAndRetriesAreAttributes)
{
    m_resolver->SetAttribute("Timeout", TimeValue(MilliSeconds(1500)));
    m_resolver->SetAttribute("Retries", UintegerValue(0));
    Outcome outcome;
    ResolveAt(Seconds(0), "example.com", &outcome);
    Simulator::Run();
    EXPECT_EQ(outcome.result, DnsResolver::TIMEOUT);
    EXPECT_EQ(outcome.at, MilliSeconds(1500));
    EXPECT_EQ(m_tx.size(), 1u);
}

TEST_F(DnsResolverTest, CacheAnswersWithoutTrafficUntilTheTtlExpires)
{
    InstallServer();
    m_server->SetAttribute("Ttl", UintegerValue(10));
    Outcome first;
    Outcome cached;
    Outcome expired;
    ResolveAt(Seconds(1), "example.com", &first);
    ResolveAt(Seconds(5), "EXAMPLE.com", &cached);
    ResolveAt(Seconds(12), "example.com", &expired); // cached until 11.022072 s
    Simulator::Run();
    const Time rtt = RoundTrip("example.com", 1, MilliSeconds(1));
    EXPECT_EQ(first.result, DnsResolver::SUCCESS);
    EXPECT_EQ(first.ttl, 10u);
    EXPECT_EQ(cached.result, DnsResolver::SUCCESS);
    EXPECT_EQ(cached.at, Seconds(5)); // no network round trip
    EXPECT_EQ(cached.ttl, 6u);        // 6.022 s left, in whole seconds
    EXPECT_EQ(cached.addresses, first.addresses);
    EXPECT_EQ(expired.result, DnsResolver::SUCCESS);
    EXPECT_EQ(expired.at, Seconds(12) + rtt);
    EXPECT_EQ(expired.ttl, 10u);
    EXPECT_EQ(m_queries.size(), 2u);
    EXPECT_EQ(m_tx.size(), 2u);
}

TEST_F(DnsResolverTest, CacheCanBeDisabledAndCleared)
{
    InstallServer();
    m_resolver->SetAttribute("CacheEnabled", BooleanValue(false));
    Outcome a;
    Outcome b;
    ResolveAt(Seconds(1), "example.com", &a);
    ResolveAt(Seconds(2), "example.com", &b);
    Simulator::Schedule(Seconds(3),
                        [this]()
                        {
                            m_resolver->SetAttribute("CacheEnabled", BooleanValue(true));
                        });
    Outcome c;
    Outcome d;
    ResolveAt(Seconds(4), "example.com", &c);
    Simulator::Schedule(Seconds(5), &DnsResolver::ClearCache, m_resolver);
    ResolveAt(Seconds(6), "example.com", &d);
    Simulator::Run();
    EXPECT_EQ(b.result, DnsResolver::SUCCESS);
    EXPECT_EQ(d.result, DnsResolver::SUCCESS);
    EXPECT_EQ(m_queries.size(), 4u);
}

TEST_F(DnsResolverTest, ConcurrentResolutionsAreMatchedById)
{
    InstallServer();
    m_server->AddRecord("one.example.com", Ipv4Address("192.0.2.1"));
    m_server->AddRecord("two.example.com", Ipv4Address("192.0.2.2"));
    m_server->AddRecord("three.example.com", Ipv4Address("192.0.2.3"));
    Outcome one;
    Outcome two;
    Outcome three;
    Outcome missing;
    ResolveAt(Seconds(1), "one.example.com", &one);
    ResolveAt(Seconds(1), "missing.example.com", &missing);
    ResolveAt(Seconds(1), "two.example.com", &two);
    ResolveAt(Seconds(1), "three.example.com", &three);
    Simulator::Schedule(Seconds(1) + MicroSeconds(1),
                        [this]()
                        {
                            EXPECT_EQ(m_resolver->GetPendingCount(), 4u);
                        });
    Simulator::Run();
    EXPECT_EQ(one.addresses, std::vector<Ipv4Address>{Ipv4Address("192.0.2.1")});
    EXPECT_EQ(two.addresses, std::vector<Ipv4Address>{Ipv4Address("192.0.2.2")});
    EXPECT_EQ(three.addresses, std::vector<Ipv4Address>{Ipv4Address("192.0.2.3")});
    EXPECT_EQ(missing.result, DnsResolver::NOT_FOUND);
    ASSERT_EQ(m_tx.size(), 4u);
    for (size_t i = 0; i < m_tx.size(); ++i)
    {
        EXPECT_EQ(m_tx[i].second, i + 1); // deterministic IDs 1, 2, 3, 4
    }
    EXPECT_EQ(m_resolver->GetPendingCount(), 0u);
}

TEST_F(DnsResolverTest, DottedQuadsAndInvalidNamesNeedNoQuery)
{
    InstallServer();
    Outcome literal;
    Outcome invalid;
    ResolveAt(Seconds(2), "192.0.2.77", &literal);
    ResolveAt(Seconds(3), "bad..name", &invalid);
    bool calledInside = false;
    bool returned = false;
    Simulator::Schedule(
        Seconds(4),
        [this, &calledInside, &returned]()
        {
            m_resolver->Resolve(
                "10.0.0.9",
                DnsResolver::DoneCallback(
                    [&calledInside, &returned](uint8_t, std::vector<Ipv4Address>, uint32_t)
                    {
                        calledInside = !returned;
                    }));
            returned = true;
        });
    Simulator::Run();
    EXPECT_EQ(literal.result, DnsResolver::SUCCESS);
    EXPECT_EQ(literal.addresses, std::vector<Ipv4Address>{Ipv4Address("192.0.2.77")});
    EXPECT_EQ(literal.at, Seconds(2));
    EXPECT_EQ(invalid.result, DnsResolver::NOT_FOUND);
    EXPECT_EQ(invalid.at, Seconds(3));
    EXPECT_FALSE(calledInside); // results are delivered by an event, never from Resolve()
    EXPECT_TRUE(m_tx.empty());
    EXPECT_TRUE(m_queries.empty());
}

TEST_F(DnsResolverTest, NoAddressYetIsANetworkErrorThenWorks)
{
    // A third node, linked to the server but without an address on its link.
    Ptr<Node> module = CreateObject<Node>();
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(LINK_RATE));
    p2p.SetChannelAttribute("Delay", TimeValue(LINK_DELAY));
    auto devices = p2p.Install(module, m_network.nodes.Get(1));
    InternetStackHelper internet;
    internet.Install(module);
    Ipv4AddressHelper addresses("10.2.2.0", "255.255.255.0");
    addresses.Assign(NetDeviceContainer(devices.Get(1))); // server side: 10.2.2.1
    InstallServer();

    auto resolver = CreateObject<DnsResolver>();
    resolver->SetNode(module);
    resolver->SetServer(Ipv4Address("10.2.2.1"));
    Outcome before;
    Outcome after;
    Simulator::Schedule(Seconds(1),
                        &DnsResolver::Resolve,
                        resolver,
                        "example.com",
                        MakeBoundCallback(&RecordOutcome, &before));
    Simulator::Schedule(Seconds(2),
                        [module]()
                        {
                            Ptr<Ipv4> ipv4 = module->GetObject<Ipv4>();
                            const int32_t interface = ipv4->AddInterface(module->GetDevice(0));
                            ipv4->AddAddress(interface,
                                             Ipv4InterfaceAddress(Ipv4Address("10.2.2.2"),
                                                                  Ipv4Mask("255.255.255.0")));
                            ipv4->SetUp(interface);
                        });
    Simulator::Schedule(Seconds(3),
                        &DnsResolver::Resolve,
                        resolver,
                        "example.com",
                        MakeBoundCallback(&RecordOutcome, &after));
    Simulator::Run();
    EXPECT_EQ(before.result, DnsResolver::NETWORK_ERROR);
    EXPECT_EQ(before.at, Seconds(1));
    EXPECT_EQ(after.result, DnsResolver::SUCCESS);
    EXPECT_EQ(after.at, Seconds(3) + RoundTrip("example.com", 1, MilliSeconds(1)));
}

TEST_F(DnsResolverTest, NodeWithoutInternetStackIsANetworkError)
{
    auto resolver = CreateObject<DnsResolver>();
    resolver->SetNode(CreateObject<Node>());
    Outcome outcome;
    Simulator::Schedule(Seconds(1),
                        &DnsResolver::Resolve,
                        resolver,
                        "example.com",
                        MakeBoundCallback(&RecordOutcome, &outcome));
    Simulator::Run();
    EXPECT_EQ(outcome.result, DnsResolver::NETWORK_ERROR);
    EXPECT_EQ(outcome.at, Seconds(1));
}

TEST_F(DnsResolverTest, ServerIsAnAttribute)
{
    EXPECT_EQ(CreateObject<DnsResolver>()->GetServer(), Ipv4Address("10.0.0.1"));
    m_resolver->SetAttribute("Server", Ipv4AddressValue(Ipv4Address("10.1.1.2")));
    EXPECT_EQ(m_resolver->GetServer(), Ipv4Address("10.1.1.2"));
    EXPECT_EQ(DnsResolver::ResultToString(DnsResolver::TIMEOUT), "TIMEOUT");
}

} // namespace

// A power loss (LpwaModule::PowerOff) abandons what is in flight: no callback ever, nothing
// pending, and the cache is gone, so the next lookup goes to the server again.
TEST_F(DnsResolverTest, AbandonDropsLookupsInFlightAndTheCache)
{
    InstallServer();
    Outcome cachedFirst;
    Outcome inFlight;
    Outcome afterwards;
    ResolveAt(Seconds(1), "example.com", &cachedFirst);
    ResolveAt(Seconds(2), "other.example", &inFlight);
    Simulator::Schedule(Seconds(2) + MilliSeconds(1),
                        [this]()
                        {
                            EXPECT_EQ(m_resolver->GetPendingCount(), 1u);
                            m_resolver->Abandon();
                            EXPECT_EQ(m_resolver->GetPendingCount(), 0u);
                        });
    ResolveAt(Seconds(3), "example.com", &afterwards);
    Simulator::Run();
    EXPECT_TRUE(cachedFirst.done);
    EXPECT_FALSE(inFlight.done);
    EXPECT_TRUE(afterwards.done);
    EXPECT_GT(afterwards.at, Seconds(3)); // a round trip: not answered from the cache
    EXPECT_EQ(m_queries.size(), 3u);
}
