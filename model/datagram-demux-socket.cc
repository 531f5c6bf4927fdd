/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "datagram-demux-socket.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaDatagramDemuxSocket");
NS_OBJECT_ENSURE_REGISTERED(DatagramDemuxSocket);

TypeId
DatagramDemuxSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::DatagramDemuxSocket")
                            .SetParent<Socket>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<DatagramDemuxSocket>();
    return tid;
}

DatagramDemuxSocket::DatagramDemuxSocket()
{
    NS_LOG_FUNCTION(this);
}

DatagramDemuxSocket::~DatagramDemuxSocket()
{
    NS_LOG_FUNCTION(this);
}

void
DatagramDemuxSocket::DoDispose()
{
    m_shared = nullptr;
    m_closed = MakeNullCallback<void, Ptr<DatagramDemuxSocket>>();
    m_rx.clear();
    m_rxBytes = 0;
    Socket::DoDispose();
}

void
DatagramDemuxSocket::SetParent(Ptr<Socket> shared,
                               const Address& peer,
                               Callback<void, Ptr<DatagramDemuxSocket>> closed)
{
    if (!shared)
    {
        NS_FATAL_ERROR("DatagramDemuxSocket::SetParent: shared socket is null");
    }
    m_shared = shared;
    m_peer = peer;
    m_closed = closed;
}

void
DatagramDemuxSocket::Deliver(Ptr<Packet> packet, const Address& from)
{
    NS_LOG_FUNCTION(this << packet << from);
    if (m_isClosed)
    {
        return;
    }
    m_rxBytes += packet->GetSize();
    m_rx.emplace_back(packet, from);
    NotifyDataRecv();
}

const Address&
DatagramDemuxSocket::GetPeer() const
{
    return m_peer;
}

bool
DatagramDemuxSocket::IsClosed() const
{
    return m_isClosed;
}

Socket::SocketErrno
DatagramDemuxSocket::GetErrno() const
{
    return m_errno;
}

Socket::SocketType
DatagramDemuxSocket::GetSocketType() const
{
    return NS3_SOCK_DGRAM;
}

Ptr<Node>
DatagramDemuxSocket::GetNode() const
{
    return m_shared ? m_shared->GetNode() : nullptr;
}

int
DatagramDemuxSocket::Bind(const Address& /* address */)
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

int
DatagramDemuxSocket::Bind()
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

int
DatagramDemuxSocket::Bind6()
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

int
DatagramDemuxSocket::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_isClosed)
    {
        return 0;
    }
    m_isClosed = true;
    m_rx.clear();
    m_rxBytes = 0;
    if (!m_closed.IsNull())
    {
        m_closed(this);
    }
    return 0;
}

int
DatagramDemuxSocket::ShutdownSend()
{
    return 0;
}

int
DatagramDemuxSocket::ShutdownRecv()
{
    return 0;
}

int
DatagramDemuxSocket::Connect(const Address& address)
{
    m_peer = address;
    return 0;
}

int
DatagramDemuxSocket::Listen()
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

uint32_t
DatagramDemuxSocket::GetTxAvailable() const
{
    return (m_shared && !m_isClosed) ? m_shared->GetTxAvailable() : 0;
}

int
DatagramDemuxSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    return SendTo(p, flags, m_peer);
}

int
DatagramDemuxSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress)
{
    if (!m_shared || m_isClosed)
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    return m_shared->SendTo(p, flags, toAddress);
}

uint32_t
DatagramDemuxSocket::GetRxAvailable() const
{
    return m_rxBytes;
}

Ptr<Packet>
DatagramDemuxSocket::Recv(uint32_t maxSize, uint32_t flags)
{
    Address from;
    return RecvFrom(maxSize, flags, from);
}

Ptr<Packet>
DatagramDemuxSocket::RecvFrom(uint32_t /* maxSize */, uint32_t /* flags */, Address& fromAddress)
{
    if (m_rx.empty())
    {
        m_errno = ERROR_AGAIN;
        return nullptr;
    }
    auto [packet, from] = m_rx.front();
    m_rx.pop_front();
    m_rxBytes -= packet->GetSize();
    fromAddress = from;
    return packet;
}

int
DatagramDemuxSocket::GetSockName(Address& address) const
{
    if (!m_shared)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    return m_shared->GetSockName(address);
}

int
DatagramDemuxSocket::GetPeerName(Address& address) const
{
    address = m_peer;
    return 0;
}

bool
DatagramDemuxSocket::SetAllowBroadcast(bool /* allowBroadcast */)
{
    return false;
}

bool
DatagramDemuxSocket::GetAllowBroadcast() const
{
    return false;
}

} // namespace lpwa
} // namespace ns3
