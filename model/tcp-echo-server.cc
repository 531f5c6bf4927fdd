/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-echo-server.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <vector>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaTcpEchoServer");
NS_OBJECT_ENSURE_REGISTERED(TcpEchoServer);

namespace
{

/// Stop a connection's socket from calling the server back.
void
DisconnectCallbacks(Ptr<Socket> socket)
{
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
}

} // namespace

TypeId
TcpEchoServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::TcpEchoServer")
            .SetParent<Application>()
            .SetGroupName("LpwaModem")
            .AddConstructor<TcpEchoServer>()
            .AddAttribute("Port",
                          "TCP port the server listens on.",
                          UintegerValue(7),
                          MakeUintegerAccessor(&TcpEchoServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("MaxBuffer",
                          "Bytes per connection read but not yet accepted by TCP for sending. "
                          "When full, the server stops reading that connection until it drains "
                          "(backpressure to the peer through TCP's receive window).",
                          UintegerValue(64 * 1024),
                          MakeUintegerAccessor(&TcpEchoServer::m_maxBuffer),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("CloseAfter",
                          "Close each connection this long after accepting it; 0 means never.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TcpEchoServer::m_closeAfter),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Accept",
                            "A connection was accepted: the peer's address.",
                            MakeTraceSourceAccessor(&TcpEchoServer::m_acceptTrace),
                            "ns3::lpwa::TcpEchoServer::AcceptTracedCallback")
            .AddTraceSource("Rx",
                            "Bytes were read from a connection: the bytes and the peer's address.",
                            MakeTraceSourceAccessor(&TcpEchoServer::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

TcpEchoServer::TcpEchoServer()
    : m_port(7)
    , m_maxBuffer(64 * 1024)
    , m_closeAfter(Seconds(0))
    , m_accepted(0)
    , m_echoed(0)
{
    NS_LOG_FUNCTION(this);
}

TcpEchoServer::~TcpEchoServer()
{
    NS_LOG_FUNCTION(this);
}

void
TcpEchoServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& entry : m_connections)
    {
        entry.second.m_closeEvent.Cancel();
    }
    m_connections.clear();
    m_listener = nullptr;
    Application::DoDispose();
}

uint32_t
TcpEchoServer::GetConnectionCount() const
{
    return static_cast<uint32_t>(m_connections.size());
}

uint32_t
TcpEchoServer::GetAcceptedCount() const
{
    return m_accepted;
}

uint64_t
TcpEchoServer::GetEchoedBytes() const
{
    return m_echoed;
}

void
TcpEchoServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_listener)
    {
        m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
        if (m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
        {
            NS_FATAL_ERROR("ns3::lpwa::TcpEchoServer attribute Port: cannot bind TCP port "
                           << m_port);
        }
        m_listener->Listen();
    }
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&TcpEchoServer::HandleAccept, this));
}

void
TcpEchoServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    std::vector<Ptr<Socket>> sockets;
    for (const auto& entry : m_connections)
    {
        sockets.push_back(entry.first);
    }
    for (const auto& socket : sockets)
    {
        CloseConnection(socket);
    }
    if (m_listener)
    {
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listener->Close();
        m_listener = nullptr;
    }
}

void
TcpEchoServer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    Connection& connection = m_connections[socket];
    connection.m_peer = from;
    ++m_accepted;
    socket->SetRecvCallback(MakeCallback(&TcpEchoServer::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&TcpEchoServer::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&TcpEchoServer::HandlePeerClose, this),
                              MakeCallback(&TcpEchoServer::HandlePeerError, this));
    if (m_closeAfter.IsStrictlyPositive())
    {
        connection.m_closeEvent =
            Simulator::Schedule(m_closeAfter, &TcpEchoServer::CloseConnection, this, socket);
    }
    NS_LOG_INFO("accepted " << InetSocketAddress::ConvertFrom(from).GetIpv4() << ":"
                            << InetSocketAddress::ConvertFrom(from).GetPort());
    m_acceptTrace(from);
    Pump(socket);
}

void
TcpEchoServer::HandleRead(Ptr<Socket> socket)
{
    Pump(socket);
}

void
TcpEchoServer::HandleSend(Ptr<Socket> socket, uint32_t /* available */)
{
    Pump(socket);
}

void
TcpEchoServer::HandlePeerClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    it->second.m_peerClosed = true;
    Pump(socket);
}

void
TcpEchoServer::HandlePeerError(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    NS_LOG_INFO("connection with " << InetSocketAddress::ConvertFrom(it->second.m_peer).GetIpv4()
                                   << " failed; dropping " << it->second.m_buffer.size()
                                   << " buffered bytes");
    it->second.m_closeEvent.Cancel();
    m_connections.erase(it);
    DisconnectCallbacks(socket);
}

void
TcpEchoServer::Pump(Ptr<Socket> socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    Connection& connection = it->second;
    while (true)
    {
        // Hand buffered bytes to TCP, as many as its transmit buffer takes.
        while (!connection.m_buffer.empty())
        {
            const uint32_t room = socket->GetTxAvailable();
            if (room == 0)
            {
                break;
            }
            const auto count =
                static_cast<uint32_t>(std::min<size_t>(room, connection.m_buffer.size()));
            Ptr<Packet> chunk =
                Create<Packet>(reinterpret_cast<const uint8_t*>(connection.m_buffer.data()), count);
            const int sent = socket->Send(chunk);
            if (sent <= 0)
            {
                break;
            }
            connection.m_buffer.erase(0, static_cast<size_t>(sent));
            m_echoed += static_cast<uint64_t>(sent);
        }
        // Read more only while the buffer has room: otherwise leave it in TCP's receive buffer.
        if (connection.m_buffer.size() >= m_maxBuffer)
        {
            break;
        }
        Address from;
        Ptr<Packet> packet =
            socket->RecvFrom(m_maxBuffer - static_cast<uint32_t>(connection.m_buffer.size()),
                             0,
                             from);
        if (!packet || packet->GetSize() == 0)
        {
            break;
        }
        m_rxTrace(packet, connection.m_peer);
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        connection.m_buffer.append(bytes.begin(), bytes.end());
    }
    if (connection.m_peerClosed && connection.m_buffer.empty() && socket->GetRxAvailable() == 0)
    {
        NS_LOG_INFO("peer closed and everything was echoed: closing");
        CloseConnection(socket);
    }
}

void
TcpEchoServer::CloseConnection(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    it->second.m_closeEvent.Cancel();
    m_connections.erase(it);
    DisconnectCallbacks(socket);
    socket->Close();
}

} // namespace lpwa
} // namespace ns3
