/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "radio-net-device.h"

#include "ns3/channel.h"
#include "ns3/log.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRadioNetDevice");
NS_OBJECT_ENSURE_REGISTERED(RadioNetDevice);

TypeId
RadioNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::RadioNetDevice").SetParent<NetDevice>().SetGroupName("LpwaModem");
    return tid;
}

RadioNetDevice::RadioNetDevice()
    : m_address(Mac48Address::Allocate())
{
    NS_LOG_FUNCTION(this);
}

RadioNetDevice::~RadioNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
RadioNetDevice::DoDispose()
{
    m_node = nullptr;
    m_rx = MakeNullCallback<bool, Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&>();
    m_promiscRx = MakeNullCallback<bool,
                                   Ptr<NetDevice>,
                                   Ptr<const Packet>,
                                   uint16_t,
                                   const Address&,
                                   const Address&,
                                   NetDevice::PacketType>();
    NetDevice::DoDispose();
}

void
RadioNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
RadioNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
RadioNetDevice::GetChannel() const
{
    return nullptr;
}

void
RadioNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
RadioNetDevice::GetAddress() const
{
    return m_address;
}

bool
RadioNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
RadioNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
RadioNetDevice::IsLinkUp() const
{
    return m_linkUp;
}

void
RadioNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChange.ConnectWithoutContext(callback);
}

bool
RadioNetDevice::IsBroadcast() const
{
    return true;
}

Address
RadioNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
RadioNetDevice::IsMulticast() const
{
    return false;
}

Address
RadioNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
RadioNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
RadioNetDevice::IsBridge() const
{
    return false;
}

bool
RadioNetDevice::IsPointToPoint() const
{
    return false;
}

bool
RadioNetDevice::SendFrom(Ptr<Packet> packet,
                         const Address& /* source */,
                         const Address& dest,
                         uint16_t protocolNumber)
{
    return Send(packet, dest, protocolNumber);
}

Ptr<Node>
RadioNetDevice::GetNode() const
{
    return m_node;
}

void
RadioNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
RadioNetDevice::NeedsArp() const
{
    return false;
}

void
RadioNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rx = cb;
}

void
RadioNetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    m_promiscRx = cb;
}

bool
RadioNetDevice::SupportsSendFrom() const
{
    return false;
}

void
RadioNetDevice::DeliverUp(Ptr<Packet> packet, uint16_t protocol, const Address& from)
{
    if (!m_promiscRx.IsNull())
    {
        m_promiscRx(this, packet, protocol, from, m_address, NetDevice::PACKET_HOST);
    }
    if (!m_rx.IsNull())
    {
        m_rx(this, packet, protocol, from);
    }
}

void
RadioNetDevice::SetLinkUp(bool up)
{
    if (m_linkUp != up)
    {
        m_linkUp = up;
        m_linkChange();
    }
}

} // namespace lpwa
} // namespace ns3
