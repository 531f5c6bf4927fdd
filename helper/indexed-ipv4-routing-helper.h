/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_INDEXED_IPV4_ROUTING_HELPER_H
#define LPWA_INDEXED_IPV4_ROUTING_HELPER_H

#include "ns3/ipv4-routing-helper.h"

namespace ns3
{
namespace lpwa
{

class IndexedIpv4Routing;

/**
 * \brief Installs IndexedIpv4Routing through InternetStackHelper::SetRoutingHelper(), for
 *        routers with many interfaces (the cellular gateway).
 */
class IndexedIpv4RoutingHelper : public Ipv4RoutingHelper
{
  public:
    IndexedIpv4RoutingHelper() = default;
    /// \brief \return a copy of this helper (InternetStackHelper keeps one)
    IndexedIpv4RoutingHelper* Copy() const override;
    /**
     * \brief Create the routing protocol of a node.
     * \param node the node
     * \return a new IndexedIpv4Routing
     */
    Ptr<Ipv4RoutingProtocol> Create(Ptr<Node> node) const override;
    /**
     * \brief Get the IndexedIpv4Routing of a node's IPv4 stack.
     * \param ipv4 the stack
     * \return its routing protocol (NS_FATAL_ERROR if it is another kind)
     */
    static Ptr<IndexedIpv4Routing> GetRouting(Ptr<Ipv4> ipv4);
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_INDEXED_IPV4_ROUTING_HELPER_H
