/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/indexed-ipv4-routing-helper.h"
#include "ns3/indexed-ipv4-routing.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/node.h"
#include "ns3/simple-net-device.h"
#include "ns3/simulator.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A node with an IPv4 stack (the given routing) and `interfaces` simple net devices.
Ptr<Node>
MakeRouter(const Ipv4RoutingHelper& routing, uint32_t interfaces)
{
    Ptr<Node> node = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetRoutingHelper(routing);
    stack.SetIpv6StackInstall(false);
    stack.Install(node);
    for (uint32_t k = 0; k < interfaces; ++k)
    {
        Ptr<SimpleNetDevice> device = CreateObject<SimpleNetDevice>();
        device->SetAddress(Mac48Address::Allocate());
        node->AddDevice(device);
        node->GetObject<Ipv4>()->AddInterface(device);
    }
    return node;
}

/// An IndexedIpv4Routing node with interface 1 on 10.1.0.1/16 and 2 on 10.2.0.1/16, both up.
Ptr<Node>
MakeTwoNetworkRouter()
{
    Ptr<Node> node = MakeRouter(IndexedIpv4RoutingHelper(), 2);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    for (uint32_t i = 1; i <= 2; ++i)
    {
        const std::string address = "10." + std::to_string(i) + ".0.1";
        ipv4->AddAddress(i, Ipv4InterfaceAddress(address.c_str(), "255.255.0.0"));
        ipv4->SetUp(i);
    }
    return node;
}

/// Output interface of RouteOutput for a destination (-1: no route).
int32_t
RouteOf(Ptr<Node> node, Ipv4Address destination)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ipv4Header header;
    header.SetDestination(destination);
    Socket::SocketErrno error;
    Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(nullptr, header, nullptr, error);
    if (!route)
    {
        EXPECT_EQ(error, Socket::ERROR_NOROUTETOHOST);
        return -1;
    }
    return ipv4->GetInterfaceForDevice(route->GetOutputDevice());
}

} // namespace

TEST(IndexedIpv4RoutingTest, LongestPrefixWinsOverShorterAndDefault)
{
    Ptr<Node> node = MakeRouter(IndexedIpv4RoutingHelper(), 4);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    ipv4->AddAddress(1, Ipv4InterfaceAddress("100.64.0.1", "255.254.0.0"));
    ipv4->SetUp(1);
    ipv4->AddAddress(2, Ipv4InterfaceAddress("172.16.0.1", "255.255.255.252"));
    ipv4->SetUp(2);
    ipv4->SetUp(3);
    Ptr<IndexedIpv4Routing> routing = IndexedIpv4RoutingHelper::GetRouting(ipv4);
    routing->AddNetworkRouteTo("100.64.8.0", "255.255.255.0", "172.16.0.2", 2);
    routing->AddHostRouteTo("100.64.8.9", Ipv4Address(), 3);
    routing->SetDefaultRoute("172.16.0.2", 2);

    EXPECT_EQ(RouteOf(node, "100.65.255.254"), 1); // the /15 on link
    EXPECT_EQ(RouteOf(node, "100.64.8.1"), 2);     // the /24 inside it
    EXPECT_EQ(RouteOf(node, "100.64.8.9"), 3);     // the host route inside that
    EXPECT_EQ(RouteOf(node, "8.8.8.8"), 2);        // default
    uint32_t i = 0;
    Ipv4Address next;
    ASSERT_TRUE(routing->Lookup("100.64.8.1", &i, &next));
    EXPECT_EQ(next, Ipv4Address("172.16.0.2"));
    ASSERT_TRUE(routing->Lookup("100.64.0.7", &i, &next));
    EXPECT_EQ(next, Ipv4Address()); // on the link
    Simulator::Destroy();
}

TEST(IndexedIpv4RoutingTest, InterfaceDownRemovesItsRoutesAndAddressRemovalItsNetwork)
{
    Ptr<Node> node = MakeTwoNetworkRouter();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ptr<IndexedIpv4Routing> routing = IndexedIpv4RoutingHelper::GetRouting(ipv4);
    routing->AddNetworkRouteTo("192.168.0.0", "255.255.0.0", "10.1.0.2", 1);
    const uint32_t before = routing->GetNRoutes();
    EXPECT_EQ(RouteOf(node, "192.168.3.3"), 1);
    ipv4->SetDown(1);
    EXPECT_EQ(RouteOf(node, "192.168.3.3"), -1);
    EXPECT_EQ(RouteOf(node, "10.1.0.9"), -1);
    EXPECT_EQ(routing->GetNRoutes(), before - 2);
    ipv4->RemoveAddress(2, 0);
    EXPECT_EQ(RouteOf(node, "10.2.0.9"), -1);
    Simulator::Destroy();
}

TEST(IndexedIpv4RoutingTest, NonContiguousMaskIsNamed)
{
    Ptr<Node> node = MakeRouter(IndexedIpv4RoutingHelper(), 1);
    Ptr<IndexedIpv4Routing> routing = IndexedIpv4RoutingHelper::GetRouting(node->GetObject<Ipv4>());
    EXPECT_DEATH(routing->AddNetworkRouteTo("10.0.0.0", "255.0.255.0", "10.0.0.1", 1),
                 "mask 255.0.255.0 is not a contiguous prefix");
    Simulator::Destroy();
}

TEST(IndexedIpv4RoutingTest, GetRoutingNamesAStackWithoutIt)
{
    Ptr<Node> node = MakeRouter(Ipv4StaticRoutingHelper(), 1);
    EXPECT_DEATH(IndexedIpv4RoutingHelper::GetRouting(node->GetObject<Ipv4>()),
                 "has no IndexedIpv4Routing");
    Simulator::Destroy();
}

// The same table in ns-3's Ipv4StaticRouting and here: every destination gets the same output
// interface (longest prefix match), over many interfaces and mixed prefix lengths.
TEST(IndexedIpv4RoutingTest, AgreesWithIpv4StaticRoutingOnARandomTable)
{
    const uint32_t interfaces = 300;
    Ptr<Node> indexed = MakeRouter(IndexedIpv4RoutingHelper(), interfaces);
    Ptr<Node> reference = MakeRouter(Ipv4StaticRoutingHelper(), interfaces);
    std::mt19937 random(7); // test data only; no simulation randomness
    std::vector<Ipv4Address> probes;
    for (uint32_t k = 1; k <= interfaces; ++k)
    {
        const uint32_t length = 8 + random() % 23; // 8..30
        const uint32_t mask = ~((uint32_t{1} << (32 - length)) - 1);
        // Unicast space only (first octet 1..223, not 127).
        uint32_t first = 1 + random() % 223;
        first = first == 127 ? 128 : first;
        const uint32_t address = (((first << 24) | (random() & 0xffffff)) & mask) | 1;
        for (Ptr<Node> node : {indexed, reference})
        {
            Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
            ipv4->AddAddress(k, Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask(mask)));
            ipv4->SetUp(k);
        }
        probes.emplace_back(address + 1);
        probes.emplace_back(address ^ (uint32_t{1} << (32 - length))); // just outside
    }
    for (uint32_t k = 0; k < 2000; ++k)
    {
        probes.emplace_back(static_cast<uint32_t>(random()));
    }
    uint32_t routed = 0;
    for (const Ipv4Address& probe : probes)
    {
        const int32_t expected = RouteOf(reference, probe);
        EXPECT_EQ(RouteOf(indexed, probe), expected) << probe;
        routed += expected >= 0 ? 1 : 0;
    }
    EXPECT_GT(routed, interfaces); // the probes exercise the table, not only misses
    Simulator::Destroy();
}

// Forwarding and local delivery through RouteInput: a packet for another interface's network
// is forwarded there, one for any of the node's own addresses (weak end system model) and
// for the incoming interface's broadcast is delivered locally.
TEST(IndexedIpv4RoutingTest, RouteInputForwardsAndDeliversLocally)
{
    Ptr<Node> node = MakeTwoNetworkRouter();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    ipv4->SetForwarding(1, true);
    Ptr<Ipv4RoutingProtocol> routing = ipv4->GetRoutingProtocol();
    int32_t forwardedTo = -1;
    int32_t deliveredOn = -1;
    auto ucb = [&](Ptr<Ipv4Route> route, Ptr<const Packet>, const Ipv4Header&)
    {
        forwardedTo = ipv4->GetInterfaceForDevice(route->GetOutputDevice());
    };
    auto lcb = [&](Ptr<const Packet>, const Ipv4Header&, uint32_t iif)
    {
        deliveredOn = static_cast<int32_t>(iif);
    };
    auto ecb = [](Ptr<const Packet>, const Ipv4Header&, Socket::SocketErrno) {};
    auto input = [&](Ipv4Address destination)
    {
        forwardedTo = -1;
        deliveredOn = -1;
        Ipv4Header header;
        header.SetDestination(destination);
        return routing->RouteInput(Create<Packet>(10),
                                   header,
                                   ipv4->GetNetDevice(1),
                                   Ipv4RoutingProtocol::UnicastForwardCallback(ucb),
                                   Ipv4RoutingProtocol::MulticastForwardCallback(),
                                   Ipv4RoutingProtocol::LocalDeliverCallback(lcb),
                                   Ipv4RoutingProtocol::ErrorCallback(ecb));
    };
    EXPECT_TRUE(input("10.2.3.4"));
    EXPECT_EQ(forwardedTo, 2);
    EXPECT_TRUE(input("10.2.0.1")); // the other interface's address
    EXPECT_EQ(deliveredOn, 1);
    EXPECT_TRUE(input("10.1.255.255"));
    EXPECT_EQ(deliveredOn, 1);
    EXPECT_FALSE(input("192.0.2.1")); // no route: another protocol may try
    EXPECT_EQ(forwardedTo, -1);
    Simulator::Destroy();
}
