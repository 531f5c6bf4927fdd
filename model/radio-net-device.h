/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RADIO_NET_DEVICE_H
#define LPWA_RADIO_NET_DEVICE_H

#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{
namespace lpwa
{

/**
 * \brief What the cell and device net devices of the radio access model share: the
 *        NetDevice bookkeeping (node, interface index, MAC-48 address, MTU, receive
 *        callbacks). No ARP (NeedsArp() is false): IPv4 hands every packet to Send() with the
 *        broadcast address and the cell routes it by the destination IPv4 address.
 */
class RadioNetDevice : public NetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RadioNetDevice();
    ~RadioNetDevice() override;

    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

  protected:
    void DoDispose() override;
    /**
     * \brief Hand a received packet to the node's protocol stack.
     * \param packet the packet (an IPv4 datagram)
     * \param protocol the protocol number (0x0800)
     * \param from the sender's address
     */
    void DeliverUp(Ptr<Packet> packet, uint16_t protocol, const Address& from);
    /**
     * \brief Set the link state and tell the link-change callbacks.
     * \param up true if up
     */
    void SetLinkUp(bool up);

  private:
    Ptr<Node> m_node;                              //!< node
    uint32_t m_ifIndex{0};                         //!< interface index
    Mac48Address m_address;                        //!< address
    uint16_t m_mtu{1500};                          //!< MTU
    bool m_linkUp{true};                           //!< link state
    NetDevice::ReceiveCallback m_rx;               //!< protocol stack
    NetDevice::PromiscReceiveCallback m_promiscRx; //!< promiscuous sniffers
    TracedCallback<> m_linkChange;                 //!< link-change callbacks
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RADIO_NET_DEVICE_H
