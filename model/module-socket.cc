/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "module-socket.h"

#include "module-tcp-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaModuleSocket");
NS_OBJECT_ENSURE_REGISTERED(ModuleSocket);

TypeId
ModuleSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::ModuleSocket")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<ModuleSocket>()
            .AddAttribute("ConnectTimeout",
                          "Time a TCP open may take before it fails (error 566). Modelling "
                          "assumption: 75 s, a common TCP connect timeout; the BG95 manuals "
                          "give 150 s as the longest wait for +QIOPEN.",
                          TimeValue(Seconds(75)),
                          MakeTimeAccessor(&ModuleSocket::m_connectTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TransparentPacketSize",
                          "Transparent mode: bytes that make a packet leave at once "
                          "(AT+QICFG=\"transpktsize\", default 1024).",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&ModuleSocket::m_packetSize),
                          MakeUintegerChecker<uint32_t>(1, 1460))
            .AddAttribute("TransparentWaitTime",
                          "Transparent mode: time after the first pending byte when a short "
                          "packet leaves (AT+QICFG=\"transwaittm\", default 2 x 100 ms).",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&ModuleSocket::m_waitTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpMaxRetransmissions",
                          "TCP retransmissions of a segment (and of the SYN) before the "
                          "connection is given up: the ns-3 socket's DataRetries and ConnCount "
                          "(AT+QICFG=\"tcp/retranscfg\" <max_backoffs>, BG95 TCP/IP manual: "
                          "3-20, default 12).",
                          UintegerValue(12),
                          MakeUintegerAccessor(&ModuleSocket::m_tcpRetries),
                          MakeUintegerChecker<uint32_t>(3, 20))
            .AddAttribute("TcpMaxRto",
                          "Largest TCP retransmission timeout, for data and for the SYN "
                          "(AT+QICFG=\"tcp/retranscfg\" <max_rto>: 5-1000 x 100 ms, default "
                          "600 x 100 ms; ModuleTcpSocket).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&ModuleSocket::m_tcpMaxRto),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddTraceSource("StateTransition",
                            "The socket changed state: connect ID, old state, new state.",
                            MakeTraceSourceAccessor(&ModuleSocket::m_stateTrace),
                            "ns3::lpwa::ModuleSocket::StateTransitionTracedCallback");
    return tid;
}

ModuleSocket::ModuleSocket()
{
    NS_LOG_FUNCTION(this);
}

ModuleSocket::~ModuleSocket()
{
    NS_LOG_FUNCTION(this);
}

void
ModuleSocket::DoDispose()
{
    ReleaseSocket();
    m_openEvent.Cancel();
    m_pumpEvent.Cancel();
    m_openDone = nullptr;
    m_receiveCb = nullptr;
    m_peerCloseCb = nullptr;
    m_rawHook = nullptr;
    m_txHook = nullptr;
    m_txRoom = nullptr;
    m_node = nullptr;
    Object::DoDispose();
}

std::string
ModuleSocket::GetStateName(State state)
{
    return GetTransitionTable().GetName(state);
}

const StateTransitionTable<ModuleSocket::State>&
ModuleSocket::GetTransitionTable()
{
    static const StateTransitionTable<State> table(
        {"INITIAL", "OPENING", "CONNECTED", "LISTENING", "CLOSING"},
        {
            {INITIAL, OPENING},   // AT+QIOPEN
            {OPENING, CONNECTED}, // connected
            {OPENING, LISTENING}, // listener bound
            {OPENING, INITIAL},   // open failed, or the host closed the ID
            {OPENING, CLOSING},   // PDP lost while opening: the ID stays claimed
            {CONNECTED, CLOSING}, // peer close or PDP loss
            {CONNECTED, INITIAL}, // AT+QICLOSE
            {LISTENING, CLOSING}, // PDP loss
            {LISTENING, INITIAL}, // AT+QICLOSE
            {CLOSING, INITIAL},   // AT+QICLOSE
        });
    return table;
}

void
ModuleSocket::SwitchToState(State next)
{
    if (!GetTransitionTable().IsAllowed(m_state, next))
    {
        NS_FATAL_ERROR("ns3::lpwa::ModuleSocket " << m_connectId << ": illegal transition "
                                                  << GetStateName(m_state) << " -> "
                                                  << GetStateName(next));
    }
    NS_LOG_LOGIC("socket " << m_connectId << " " << GetStateName(m_state) << " -> "
                           << GetStateName(next));
    const State previous = m_state;
    m_state = next;
    m_stateTrace(m_connectId, previous, next);
}

void
ModuleSocket::Setup(Ptr<Node> node, uint32_t connectId, uint32_t bufferSize)
{
    m_node = node;
    m_connectId = connectId;
    m_bufferSize = bufferSize;
}

void
ModuleSocket::Reserve(uint32_t cid)
{
    NS_LOG_FUNCTION(this << cid);
    m_cid = cid;
    SwitchToState(OPENING);
}

bool
ModuleSocket::Open(Protocol protocol,
                   Ipv4Address remote,
                   uint16_t remotePort,
                   uint16_t localPort,
                   uint32_t cid,
                   OpenCallback done)
{
    NS_LOG_FUNCTION(this << protocol << remote << remotePort << localPort << cid);
    if (m_state != INITIAL && m_state != OPENING)
    {
        return false;
    }
    m_protocol = protocol;
    m_remote = remote;
    m_remotePort = remotePort;
    m_localPort = 0;
    m_cid = cid;
    m_rxBuffer.clear();
    m_txStream.clear();
    m_totalReceived = 0;
    m_totalRead = 0;
    m_totalSent = 0;
    m_peerClosed = false;
    m_openDone = std::move(done);

    if (protocol == UDP)
    {
        m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    }
    else
    {
        Ptr<ModuleTcpSocket> tcp = ModuleTcpSocket::Create(m_node);
        tcp->SetAttribute("DataRetries", UintegerValue(m_tcpRetries));
        tcp->SetAttribute("ConnCount", UintegerValue(m_tcpRetries));
        tcp->SetMaxRto(m_tcpMaxRto);
        m_socket = tcp;
    }
    if (m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), localPort)) != 0)
    {
        ReleaseSocket();
        if (m_state == OPENING)
        {
            SwitchToState(INITIAL);
        }
        return false;
    }
    Address name;
    m_socket->GetSockName(name);
    m_localPort = InetSocketAddress::ConvertFrom(name).GetPort();
    if (m_state == INITIAL)
    {
        SwitchToState(OPENING);
    }
    m_socket->SetRecvCallback(MakeCallback(&ModuleSocket::HandleRead, this));
    m_socket->SetSendCallback(MakeCallback(&ModuleSocket::HandleSend, this));

    if (protocol == TCP_LISTENER)
    {
        m_socket->Listen();
        m_socket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_openEvent = Simulator::ScheduleNow(&ModuleSocket::CompleteOpen, this, true);
        return true;
    }
    m_socket->SetConnectCallback(MakeCallback(&ModuleSocket::ConnectSucceeded, this),
                                 MakeCallback(&ModuleSocket::ConnectFailed, this));
    m_socket->SetCloseCallbacks(MakeCallback(&ModuleSocket::HandlePeerClose, this),
                                MakeCallback(&ModuleSocket::HandlePeerClose, this));
    m_socket->Connect(InetSocketAddress(remote, remotePort));
    if (protocol == TCP)
    {
        m_connectTimer =
            Simulator::Schedule(m_connectTimeout, &ModuleSocket::ConnectTimedOut, this);
    }
    return true;
}

void
ModuleSocket::ConnectSucceeded(Ptr<Socket>)
{
    NS_LOG_FUNCTION(this);
    m_connectTimer.Cancel();
    if (m_state != OPENING)
    {
        return;
    }
    if (m_protocol == UDP)
    {
        // UDP "connects" at once: report it from an event, never from inside Open().
        m_openEvent = Simulator::ScheduleNow(&ModuleSocket::CompleteOpen, this, true);
        return;
    }
    CompleteOpen(true);
}

void
ModuleSocket::ConnectFailed(Ptr<Socket>)
{
    NS_LOG_FUNCTION(this);
    m_connectTimer.Cancel();
    if (m_state != OPENING)
    {
        return;
    }
    // Deferred: the ns-3 socket is still inside its own processing.
    m_openEvent = Simulator::ScheduleNow(&ModuleSocket::CompleteOpen, this, false);
}

void
ModuleSocket::ConnectTimedOut()
{
    NS_LOG_FUNCTION(this);
    if (m_state == OPENING)
    {
        CompleteOpen(false);
    }
}

void
ModuleSocket::CompleteOpen(bool ok)
{
    if (m_state != OPENING)
    {
        return;
    }
    if (ok)
    {
        SwitchToState(m_protocol == TCP_LISTENER ? LISTENING : CONNECTED);
    }
    else
    {
        ReleaseSocket();
        SwitchToState(INITIAL);
    }
    OpenCallback done = std::move(m_openDone);
    m_openDone = nullptr;
    if (done)
    {
        done(ok);
    }
    if (ok)
    {
        PumpReceive(); // data that came with the handshake
    }
}

void
ModuleSocket::ReleaseSocket()
{
    m_connectTimer.Cancel();
    m_streamTimer.Cancel();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
ModuleSocket::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_state == INITIAL)
    {
        return;
    }
    m_openEvent.Cancel();
    m_pumpEvent.Cancel();
    m_openDone = nullptr;
    ReleaseSocket();
    m_txHook = nullptr;
    m_txRoom = nullptr;
    m_rxBuffer.clear();
    m_txStream.clear();
    m_accessMode = BUFFER;
    SwitchToState(INITIAL);
}

void
ModuleSocket::MarkClosing(bool abortConnection)
{
    NS_LOG_FUNCTION(this << abortConnection);
    if (m_state == CLOSING || m_state == INITIAL)
    {
        return;
    }
    m_openEvent.Cancel();
    m_openDone = nullptr;
    if (abortConnection)
    {
        ReleaseSocket();
    }
    SwitchToState(CLOSING);
}

bool
ModuleSocket::Send(const std::string& data)
{
    NS_LOG_FUNCTION(this << data.size());
    if (m_state != CONNECTED || !m_socket || m_peerClosed)
    {
        return false;
    }
    if (GetTransmitRoom() < data.size())
    {
        return false; // nothing taken: the caller answers SEND FAIL and the host sends it again
    }
    return SendRaw(data) == static_cast<int>(data.size());
}

uint32_t
ModuleSocket::GetTransmitRoom() const
{
    if (m_txHook)
    {
        return m_txRoom();
    }
    return m_socket ? m_socket->GetTxAvailable() : 0;
}

int
ModuleSocket::SendRaw(const std::string& data)
{
    if (!m_socket)
    {
        return -1;
    }
    if (m_txHook)
    {
        const int taken = m_txHook(data);
        if (taken > 0)
        {
            m_totalSent += taken;
        }
        return taken;
    }
    Ptr<Packet> packet = Create<Packet>(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    const int sent = m_socket->Send(packet);
    if (sent > 0)
    {
        m_totalSent += sent;
    }
    return sent;
}

void
ModuleSocket::WriteStream(const std::string& data)
{
    m_txStream += data;
    if (m_txStream.size() >= m_packetSize)
    {
        TransmitStream();
    }
    if (!m_txStream.empty() && !m_streamTimer.IsRunning())
    {
        m_streamTimer = Simulator::Schedule(m_waitTime, &ModuleSocket::FlushStream, this);
    }
}

void
ModuleSocket::FlushStream()
{
    m_streamTimer.Cancel();
    if (m_txStream.empty() || !m_socket || m_state != CONNECTED)
    {
        return;
    }
    const uint32_t n = std::min<uint32_t>(GetTransmitRoom(), m_txStream.size());
    if (n == 0)
    {
        return; // the socket's send callback or NotifyTransmitRoom() comes back
    }
    const int taken = SendRaw(m_txStream.substr(0, n));
    if (taken > 0)
    {
        m_txStream.erase(0, static_cast<size_t>(taken));
    }
}

void
ModuleSocket::TransmitStream()
{
    // Whole packets while the socket takes them; the rest waits for the timer or more bytes.
    while (m_socket && m_state == CONNECTED && m_txStream.size() >= m_packetSize &&
           GetTransmitRoom() >= m_packetSize)
    {
        const int taken = SendRaw(m_txStream.substr(0, m_packetSize));
        if (taken <= 0)
        {
            break;
        }
        m_txStream.erase(0, static_cast<size_t>(taken));
        if (static_cast<uint32_t>(taken) < m_packetSize)
        {
            break;
        }
    }
    if (m_txStream.empty())
    {
        m_streamTimer.Cancel();
    }
}

void
ModuleSocket::NotifyTransmitRoom()
{
    HandleSend(nullptr, 0);
}

void
ModuleSocket::HandleSend(Ptr<Socket>, uint32_t)
{
    if (m_txStream.size() >= m_packetSize)
    {
        TransmitStream();
    }
    else if (!m_txStream.empty() && !m_streamTimer.IsRunning())
    {
        FlushStream();
    }
}

std::string
ModuleSocket::Read(uint32_t maxLength)
{
    const uint32_t n = std::min<uint32_t>(maxLength, m_rxBuffer.size());
    std::string out = m_rxBuffer.substr(0, n);
    m_rxBuffer.erase(0, n);
    m_totalRead += n;
    if (n > 0 && m_socket && !m_pumpEvent.IsRunning())
    {
        // Room was made: read on from the socket (deferred, so callbacks never nest).
        m_pumpEvent = Simulator::ScheduleNow(&ModuleSocket::PumpReceive, this);
    }
    return out;
}

void
ModuleSocket::Deliver(const std::string& data)
{
    if (data.empty())
    {
        return;
    }
    const bool wasEmpty = m_rxBuffer.empty();
    const uint32_t room = m_bufferSize > m_rxBuffer.size() ? m_bufferSize - m_rxBuffer.size() : 0;
    const uint32_t n = std::min<uint32_t>(room, data.size());
    if (n < data.size())
    {
        NS_LOG_WARN("socket " << m_connectId << ": receive buffer full, " << data.size() - n
                              << " bytes dropped");
    }
    if (n == 0)
    {
        return;
    }
    m_rxBuffer.append(data, 0, n);
    m_totalReceived += n;
    if (m_receiveCb)
    {
        m_receiveCb(n, wasEmpty);
    }
}

void
ModuleSocket::HandleRead(Ptr<Socket>)
{
    PumpReceive();
}

void
ModuleSocket::PumpReceive()
{
    if (!m_socket || m_txHook || (m_state != CONNECTED && m_state != CLOSING))
    {
        return;
    }
    std::string chunk;
    while (true)
    {
        uint32_t room;
        if (m_rawHook)
        {
            room = 65535;
        }
        else
        {
            const uint32_t held = m_rxBuffer.size() + chunk.size();
            room = m_bufferSize > held ? m_bufferSize - held : 0;
        }
        if (room == 0)
        {
            break; // full: leave the rest in TCP's buffer, its window closes on the peer
        }
        Ptr<Packet> packet = m_socket->Recv(room, 0);
        if (!packet || packet->GetSize() == 0)
        {
            break;
        }
        std::string bytes(packet->GetSize(), '\0');
        packet->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), bytes.size());
        chunk += bytes;
    }
    if (chunk.empty())
    {
        return;
    }
    if (m_rawHook)
    {
        m_rawHook(chunk);
    }
    else
    {
        Deliver(chunk);
    }
}

void
ModuleSocket::HandlePeerClose(Ptr<Socket>)
{
    NS_LOG_FUNCTION(this);
    if (m_peerClosed)
    {
        return;
    }
    m_peerClosed = true;
    PumpReceive();
    if (m_peerCloseCb)
    {
        m_peerCloseCb();
    }
}

void
ModuleSocket::SetRawReceiveHook(RawReceiveHook hook)
{
    m_rawHook = std::move(hook);
}

void
ModuleSocket::SetTransmitHook(TransmitHook hook, TransmitRoom room)
{
    if (hook && !room)
    {
        NS_FATAL_ERROR("ModuleSocket::SetTransmitHook: a transmit hook needs its room function");
    }
    m_txHook = std::move(hook);
    m_txRoom = m_txHook ? std::move(room) : nullptr;
}

void
ModuleSocket::SetReceiveCallback(ReceiveCallback cb)
{
    m_receiveCb = std::move(cb);
}

void
ModuleSocket::SetPeerCloseCallback(PeerCloseCallback cb)
{
    m_peerCloseCb = std::move(cb);
}

ModuleSocket::State
ModuleSocket::GetState() const
{
    return m_state;
}

uint32_t
ModuleSocket::GetConnectId() const
{
    return m_connectId;
}

uint32_t
ModuleSocket::GetContextId() const
{
    return m_cid;
}

ModuleSocket::Protocol
ModuleSocket::GetProtocol() const
{
    return m_protocol;
}

ModuleSocket::AccessMode
ModuleSocket::GetAccessMode() const
{
    return m_accessMode;
}

void
ModuleSocket::SetAccessMode(AccessMode mode)
{
    m_accessMode = mode;
}

Ipv4Address
ModuleSocket::GetRemoteAddress() const
{
    return m_remote;
}

uint16_t
ModuleSocket::GetRemotePort() const
{
    return m_remotePort;
}

uint16_t
ModuleSocket::GetLocalPort() const
{
    return m_localPort;
}

uint64_t
ModuleSocket::GetTotalReceived() const
{
    return m_totalReceived;
}

uint64_t
ModuleSocket::GetTotalRead() const
{
    return m_totalRead;
}

uint32_t
ModuleSocket::GetUnread() const
{
    return m_rxBuffer.size();
}

uint64_t
ModuleSocket::GetTotalSent() const
{
    return m_totalSent;
}

uint64_t
ModuleSocket::GetUnacked() const
{
    if (!m_socket || m_protocol != TCP)
    {
        return 0;
    }
    UintegerValue sndBuf;
    m_socket->GetAttribute("SndBufSize", sndBuf);
    const uint64_t held =
        sndBuf.Get() - std::min<uint64_t>(sndBuf.Get(), m_socket->GetTxAvailable());
    return std::min<uint64_t>(held, m_totalSent);
}

uint64_t
ModuleSocket::GetAcked() const
{
    return m_totalSent - GetUnacked();
}

Ptr<Socket>
ModuleSocket::GetSocket() const
{
    return m_socket;
}

} // namespace lpwa
} // namespace ns3
