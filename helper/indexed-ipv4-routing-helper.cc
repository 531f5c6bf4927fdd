/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "indexed-ipv4-routing-helper.h"

#include "ns3/fatal-error.h"
#include "ns3/indexed-ipv4-routing.h"
#include "ns3/ipv4.h"

namespace ns3
{
namespace lpwa
{

IndexedIpv4RoutingHelper*
IndexedIpv4RoutingHelper::Copy() const
{
    return new IndexedIpv4RoutingHelper(*this);
}

Ptr<Ipv4RoutingProtocol>
IndexedIpv4RoutingHelper::Create(Ptr<Node> /* node */) const
{
    return CreateObject<IndexedIpv4Routing>();
}

Ptr<IndexedIpv4Routing>
IndexedIpv4RoutingHelper::GetRouting(Ptr<Ipv4> ipv4)
{
    Ptr<IndexedIpv4Routing> routing =
        ipv4 ? DynamicCast<IndexedIpv4Routing>(ipv4->GetRoutingProtocol()) : nullptr;
    if (!routing)
    {
        NS_FATAL_ERROR("ns3::lpwa::IndexedIpv4RoutingHelper::GetRouting: the node's IPv4 stack "
                       "has no IndexedIpv4Routing");
    }
    return routing;
}

} // namespace lpwa
} // namespace ns3
