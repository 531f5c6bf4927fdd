/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "indexed-ipv4-routing.h"

#include "ns3/fatal-error.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaIndexedIpv4Routing");
NS_OBJECT_ENSURE_REGISTERED(IndexedIpv4Routing);

namespace
{

/// Network mask of a prefix length.
uint32_t
MaskOf(uint8_t length)
{
    return length == 0 ? 0 : ~((uint64_t{1} << (32 - length)) - 1);
}

/// Prefix length of a contiguous mask, or -1.
int
PrefixLength(Ipv4Mask mask)
{
    const auto length = static_cast<uint8_t>(mask.GetPrefixLength());
    return mask.Get() == MaskOf(length) ? length : -1;
}

} // namespace

TypeId
IndexedIpv4Routing::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::IndexedIpv4Routing")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<IndexedIpv4Routing>();
    return tid;
}

IndexedIpv4Routing::IndexedIpv4Routing() = default;

IndexedIpv4Routing::~IndexedIpv4Routing() = default;

void
IndexedIpv4Routing::DoDispose()
{
    for (auto& table : m_routes)
    {
        table.clear();
    }
    m_lengths.clear();
    m_local.clear();
    m_ipv4 = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

void
IndexedIpv4Routing::AddNetworkRouteTo(Ipv4Address network,
                                      Ipv4Mask mask,
                                      Ipv4Address nextHop,
                                      uint32_t interface)
{
    const int length = PrefixLength(mask);
    if (length < 0)
    {
        NS_FATAL_ERROR("ns3::lpwa::IndexedIpv4Routing::AddNetworkRouteTo: mask "
                       << mask << " is not a contiguous prefix");
    }
    Add(network.Get(), static_cast<uint8_t>(length), nextHop, interface);
}

void
IndexedIpv4Routing::AddHostRouteTo(Ipv4Address host, Ipv4Address nextHop, uint32_t interface)
{
    Add(host.Get(), 32, nextHop, interface);
}

void
IndexedIpv4Routing::SetDefaultRoute(Ipv4Address nextHop, uint32_t interface)
{
    Add(0, 0, nextHop, interface);
}

void
IndexedIpv4Routing::Add(uint32_t network, uint8_t length, Ipv4Address nextHop, uint32_t interface)
{
    NS_LOG_FUNCTION(this << Ipv4Address(network) << static_cast<int>(length) << nextHop
                         << interface);
    m_routes[length][network & MaskOf(length)] = Route{interface, nextHop};
    UpdateLengths();
}

void
IndexedIpv4Routing::UpdateLengths()
{
    m_lengths.clear();
    for (int length = 32; length >= 0; --length)
    {
        if (!m_routes[length].empty())
        {
            m_lengths.push_back(static_cast<uint8_t>(length));
        }
    }
}

uint32_t
IndexedIpv4Routing::GetNRoutes() const
{
    size_t n = 0;
    for (const auto& table : m_routes)
    {
        n += table.size();
    }
    return static_cast<uint32_t>(n);
}

const IndexedIpv4Routing::Route*
IndexedIpv4Routing::Find(Ipv4Address destination, int32_t interface) const
{
    for (const uint8_t length : m_lengths)
    {
        const auto& table = m_routes[length];
        const auto it = table.find(destination.Get() & MaskOf(length));
        if (it != table.end() &&
            (interface < 0 || it->second.outputInterface == uint32_t(interface)))
        {
            return &it->second;
        }
    }
    return nullptr;
}

bool
IndexedIpv4Routing::Lookup(Ipv4Address destination, uint32_t* interface, Ipv4Address* nextHop) const
{
    const Route* route = Find(destination, -1);
    if (route)
    {
        *interface = route->outputInterface;
        *nextHop = route->nextHop;
    }
    return route != nullptr;
}

Ptr<Ipv4Route>
IndexedIpv4Routing::MakeRoute(Ipv4Address destination, Ptr<NetDevice> oif) const
{
    const Route* found = Find(destination, oif ? m_ipv4->GetInterfaceForDevice(oif) : -1);
    if (!found)
    {
        return nullptr;
    }
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(destination);
    // An interface without an address (a host route through it) has no source to offer.
    route->SetSource(m_ipv4->GetNAddresses(found->outputInterface) > 0
                         ? m_ipv4->SourceAddressSelection(found->outputInterface, destination)
                         : Ipv4Address());
    route->SetGateway(found->nextHop);
    route->SetOutputDevice(m_ipv4->GetNetDevice(found->outputInterface));
    return route;
}

bool
IndexedIpv4Routing::IsLocal(Ipv4Address destination, uint32_t iif) const
{
    if (destination.IsBroadcast() || m_local.count(destination.Get()) > 0)
    {
        return true;
    }
    for (uint32_t j = 0; j < m_ipv4->GetNAddresses(iif); ++j)
    {
        if (destination == m_ipv4->GetAddress(iif, j).GetBroadcast())
        {
            return true;
        }
    }
    return false;
}

Ptr<Ipv4Route>
IndexedIpv4Routing::RouteOutput(Ptr<Packet> p,
                                const Ipv4Header& header,
                                Ptr<NetDevice> oif,
                                Socket::SocketErrno& sockerr)
{
    NS_LOG_FUNCTION(this << p << header.GetDestination() << oif);
    Ptr<Ipv4Route> route = MakeRoute(header.GetDestination(), oif);
    sockerr = route ? Socket::ERROR_NOTERROR : Socket::ERROR_NOROUTETOHOST;
    return route;
}

bool
IndexedIpv4Routing::RouteInput(Ptr<const Packet> p,
                               const Ipv4Header& header,
                               Ptr<const NetDevice> idev,
                               UnicastForwardCallback ucb,
                               MulticastForwardCallback /* mcb */,
                               LocalDeliverCallback lcb,
                               ErrorCallback ecb)
{
    NS_LOG_FUNCTION(this << p << header.GetDestination() << idev);
    const int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    if (iif < 0 || header.GetDestination().IsMulticast())
    {
        return false;
    }
    if (IsLocal(header.GetDestination(), static_cast<uint32_t>(iif)))
    {
        if (lcb.IsNull())
        {
            return false;
        }
        lcb(p, header, static_cast<uint32_t>(iif));
        return true;
    }
    if (!m_ipv4->IsForwarding(static_cast<uint32_t>(iif)))
    {
        ecb(p, header, Socket::ERROR_NOROUTETOHOST);
        return true;
    }
    Ptr<Ipv4Route> route = MakeRoute(header.GetDestination(), nullptr);
    if (!route)
    {
        return false;
    }
    ucb(route, p, header);
    return true;
}

void
IndexedIpv4Routing::NotifyInterfaceUp(uint32_t interface)
{
    for (uint32_t j = 0; j < m_ipv4->GetNAddresses(interface); ++j)
    {
        AddOnLinkRoute(interface, m_ipv4->GetAddress(interface, j));
    }
}

void
IndexedIpv4Routing::NotifyInterfaceDown(uint32_t interface)
{
    RemoveInterfaceRoutes(interface);
}

void
IndexedIpv4Routing::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (address.GetLocal() != Ipv4Address())
    {
        ++m_local[address.GetLocal().Get()];
    }
    if (m_ipv4->IsUp(interface))
    {
        AddOnLinkRoute(interface, address);
    }
}

void
IndexedIpv4Routing::AddOnLinkRoute(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (address.GetLocal() == Ipv4Address() || address.GetMask() == Ipv4Mask() ||
        address.GetMask() == Ipv4Mask::GetOnes())
    {
        return;
    }
    const int length = PrefixLength(address.GetMask());
    if (length < 0)
    {
        return; // a non-contiguous mask has no prefix route, as in Linux
    }
    Add(address.GetLocal().Get(), static_cast<uint8_t>(length), Ipv4Address(), interface);
}

void
IndexedIpv4Routing::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    const auto local = m_local.find(address.GetLocal().Get());
    if (local != m_local.end() && --local->second == 0)
    {
        m_local.erase(local);
    }
    if (!m_ipv4->IsUp(interface))
    {
        return;
    }
    const int length = PrefixLength(address.GetMask());
    if (length < 0)
    {
        return;
    }
    RemoveOnLinkRoute(interface,
                      address.GetLocal().Get() & MaskOf(static_cast<uint8_t>(length)),
                      static_cast<uint8_t>(length));
}

void
IndexedIpv4Routing::RemoveInterfaceRoutes(uint32_t interface)
{
    for (auto& table : m_routes)
    {
        for (auto it = table.begin(); it != table.end();)
        {
            it = it->second.outputInterface == interface ? table.erase(it) : std::next(it);
        }
    }
    UpdateLengths();
}

void
IndexedIpv4Routing::RemoveOnLinkRoute(uint32_t interface, uint32_t network, uint8_t length)
{
    auto& table = m_routes[length];
    const auto it = table.find(network);
    if (it != table.end() && it->second.outputInterface == interface &&
        it->second.nextHop == Ipv4Address())
    {
        table.erase(it);
        UpdateLengths();
    }
}

void
IndexedIpv4Routing::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_ASSERT(!m_ipv4 && ipv4);
    m_ipv4 = ipv4;
    // Interfaces that exist already (the loopback): their addresses and on-link routes.
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < m_ipv4->GetNAddresses(i); ++j)
        {
            NotifyAddAddress(i, m_ipv4->GetAddress(i, j));
        }
    }
}

void
IndexedIpv4Routing::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream* os = stream->GetStream();
    std::ios oldState(nullptr);
    oldState.copyfmt(*os);
    *os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", Time: " << Now().As(unit)
        << ", IndexedIpv4Routing table (" << GetNRoutes() << " routes)" << std::endl;
    *os << std::left << std::setw(16) << "Destination" << std::setw(16) << "Gateway"
        << std::setw(16) << "Genmask"
        << "Iface" << std::endl;
    for (const uint8_t length : m_lengths)
    {
        // Sorted by network within a prefix length, so the table prints the same every run.
        const std::map<uint32_t, Route> sorted(m_routes[length].begin(), m_routes[length].end());
        for (const auto& [network, route] : sorted)
        {
            std::ostringstream dest;
            std::ostringstream gw;
            std::ostringstream mask;
            dest << Ipv4Address(network);
            gw << route.nextHop;
            mask << Ipv4Mask(MaskOf(length));
            *os << std::setw(16) << dest.str() << std::setw(16) << gw.str() << std::setw(16)
                << mask.str() << route.outputInterface << std::endl;
        }
    }
    *os << std::endl;
    os->copyfmt(oldState);
}

} // namespace lpwa
} // namespace ns3
