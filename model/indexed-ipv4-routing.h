/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_INDEXED_IPV4_ROUTING_H
#define LPWA_INDEXED_IPV4_ROUTING_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Unicast static routing whose lookup does not grow with the routing table: routes are
 *        kept in one hash map per prefix length and a lookup probes only the prefix lengths
 *        in use, longest first.
 *
 * It is meant for a router with many interfaces, such as the cellular gateway, which has one
 * interface per cell: ns-3's Ipv4StaticRouting searches every route for each forwarded packet,
 * so forwarding through a gateway with 2000 cells costs 2000 comparisons a packet. Here the
 * cost is one hash lookup per distinct prefix length (two on the gateway: the cells' and the
 * server links').
 *
 * Like Ipv4StaticRouting it adds a route to each interface's network when the interface is
 * up and has an address, removes them when it goes down, and takes explicit network, host
 * and default routes. The longest matching prefix wins; among equal prefixes the route added
 * last replaces the earlier one. Multicast is not routed (RouteInput returns false, so a
 * list routing protocol may try the next protocol). Packets for any of the node's own
 * addresses, whichever interface they arrive on (the weak end system model, ns-3's default),
 * and for the incoming interface's broadcast address are delivered locally: that check is a
 * hash lookup too, where Ipv4L3Protocol::IsDestinationAddress() scans every interface.
 */
class IndexedIpv4Routing : public Ipv4RoutingProtocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    IndexedIpv4Routing();
    ~IndexedIpv4Routing() override;

    /**
     * \brief Add a route to a network.
     * \param network the destination network
     * \param mask its mask (NS_FATAL_ERROR if not contiguous)
     * \param nextHop the next hop (0.0.0.0: the network is on the link)
     * \param interface the output interface
     */
    void AddNetworkRouteTo(Ipv4Address network,
                           Ipv4Mask mask,
                           Ipv4Address nextHop,
                           uint32_t interface);
    /**
     * \brief Add a route to one host.
     * \param host the destination
     * \param nextHop the next hop (0.0.0.0: on the link)
     * \param interface the output interface
     */
    void AddHostRouteTo(Ipv4Address host, Ipv4Address nextHop, uint32_t interface);
    /**
     * \brief Set the default route (0.0.0.0/0).
     * \param nextHop the next hop
     * \param interface the output interface
     */
    void SetDefaultRoute(Ipv4Address nextHop, uint32_t interface);
    /// \brief \return the number of routes
    uint32_t GetNRoutes() const;
    /**
     * \brief Find the route for a destination.
     * \param destination the destination address
     * \param interface set to the output interface when found
     * \param nextHop set to the next hop (0.0.0.0: on the link) when found
     * \return whether a route matched
     */
    bool Lookup(Ipv4Address destination, uint32_t* interface, Ipv4Address* nextHop) const;

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    /// One route.
    struct Route
    {
        uint32_t outputInterface = 0; //!< output interface
        Ipv4Address nextHop;          //!< next hop (0.0.0.0: on the link)
    };

    /// Add the on-link route of an interface address (if it has a prefix).
    void AddOnLinkRoute(uint32_t interface, Ipv4InterfaceAddress address);
    /// Add or replace a route.
    void Add(uint32_t network, uint8_t length, Ipv4Address nextHop, uint32_t interface);
    /// Remove every route through an interface (it went down).
    void RemoveInterfaceRoutes(uint32_t interface);
    /// Remove an interface's on-link route to one network (its address was removed).
    void RemoveOnLinkRoute(uint32_t interface, uint32_t network, uint8_t length);
    /// Rebuild the list of prefix lengths in use.
    void UpdateLengths();
    /// Whether a packet to this destination arriving on iif is for this node (the weak end
    /// system model, as ns-3's default: any of the node's addresses, or iif's broadcast).
    bool IsLocal(Ipv4Address destination, uint32_t iif) const;
    /// The longest-prefix route to a destination, through one interface if >= 0 (null: none).
    const Route* Find(Ipv4Address destination, int32_t interface) const;
    /// Build the Ipv4Route for a destination (null if none).
    Ptr<Ipv4Route> MakeRoute(Ipv4Address destination, Ptr<NetDevice> oif) const;

    Ptr<Ipv4> m_ipv4;                                             //!< the node's IPv4
    std::array<std::unordered_map<uint32_t, Route>, 33> m_routes; //!< by prefix length
    std::vector<uint8_t> m_lengths;                               //!< lengths in use, longest first
    std::unordered_map<uint32_t, uint32_t> m_local; //!< the node's addresses (count of uses)
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_INDEXED_IPV4_ROUTING_H
