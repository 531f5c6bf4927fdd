/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-server.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaTlsServer");
NS_OBJECT_ENSURE_REGISTERED(TlsServer);

namespace
{

/// Stop a socket from calling anyone back.
void
DisconnectCallbacks(Ptr<Socket> socket)
{
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
}

/// The DTLS counterpart of a TLS version bound (DEFAULT when there is none).
TlsConfig::Version
ToDatagram(TlsConfig::Version v)
{
    switch (v)
    {
        case TlsConfig::Version::TLS_1_0:
        case TlsConfig::Version::TLS_1_1:
        case TlsConfig::Version::DTLS_1_0:
            return TlsConfig::Version::DTLS_1_0;
        case TlsConfig::Version::TLS_1_2:
        case TlsConfig::Version::DTLS_1_2:
            return TlsConfig::Version::DTLS_1_2;
        default:
            return TlsConfig::Version::DEFAULT;
    }
}

/// The TLS counterpart of a DTLS version bound.
TlsConfig::Version
ToStream(TlsConfig::Version v)
{
    switch (v)
    {
        case TlsConfig::Version::DTLS_1_0:
            return TlsConfig::Version::TLS_1_0;
        case TlsConfig::Version::DTLS_1_2:
            return TlsConfig::Version::TLS_1_2;
        default:
            return v;
    }
}

} // namespace

TypeId
TlsServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::TlsServer")
            .SetParent<Application>()
            .SetGroupName("LpwaModem")
            .AddConstructor<TlsServer>()
            .AddAttribute("Port",
                          "TCP port (and UDP port, with Dtls) the server listens on. Default: "
                          "443 (HTTPS, IANA); MQTT over TLS brokers use 8883.",
                          UintegerValue(443),
                          MakeUintegerAccessor(&TlsServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Dtls",
                          "Also serve DTLS on UDP Port.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TlsServer::m_dtls),
                          MakeBooleanChecker())
            .AddAttribute("Behaviour",
                          "What the server does with application data: ECHO sends it back, "
                          "SINK only counts it, FIXED_RESPONSE answers each chunk received "
                          "with ResponseSize bytes.",
                          EnumValue(TlsServer::ECHO),
                          MakeEnumAccessor(&TlsServer::m_behaviour),
                          MakeEnumChecker(TlsServer::ECHO,
                                          "ECHO",
                                          TlsServer::SINK,
                                          "SINK",
                                          TlsServer::FIXED_RESPONSE,
                                          "FIXED_RESPONSE"))
            .AddAttribute("ResponseSize",
                          "Bytes of each FIXED_RESPONSE answer. Default: 1024, an arbitrary "
                          "small API response (assumption).",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&TlsServer::m_responseSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Cores",
                          "Cores of the server's processor, shared by all connections' crypto "
                          "(FIFO). Default: 1, the unit of the NGINX figure of ~350 full "
                          "ECDHE-RSA-2048 handshakes/s per core (calibration.md, NGINX blog "
                          "\"NGINX SSL Performance\").",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TlsServer::m_cores),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("CpuClass",
                          "CryptoCostModel class of one core (CryptoCostModel::"
                          "CreateForMcuClass). Default: server-x86, calibrated to the NGINX "
                          "per-core handshake rate (calibration.md).",
                          StringValue("server-x86"),
                          MakeStringAccessor(&TlsServer::m_cpuClass),
                          MakeStringChecker())
            .AddAttribute("MaxNewConnectionsPerSecond",
                          "Token-bucket rate of new connections admitted; 0 means unlimited. "
                          "For scale: AWS IoT Core allows 500 CONNECT/s per account, Azure IoT "
                          "Hub S1 100/s (calibration.md, AWS IoT limits page, IoT Hub quotas).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsServer::m_maxRate),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("RateLimitBurst",
                          "Token-bucket depth (connections admitted at once after a quiet "
                          "period); 0 means one second's worth of MaxNewConnectionsPerSecond, "
                          "rounded up (assumption: the limits are stated per second).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsServer::m_burst),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ConnectionStreams",
                          "Connections (in admission order) whose endpoints get a fixed random "
                          "stream from AssignStreams(); later ones use automatic streams.",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&TlsServer::m_connectionStreams),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("IdleTimeout",
                          "Close a connection that has received nothing for this long: no "
                          "application data since admission, since its handshake completed or "
                          "since its last data (a handshake still running after it fails with "
                          "TIMEOUT). Closed without close_notify, as a server drops a peer it "
                          "considers gone. 0 (default): never, as an ns-3 TCP server keeps an "
                          "idle connection whose client vanished.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TlsServer::m_idleTimeout),
                          MakeTimeChecker())
            .AddAttribute("Context",
                          "The shared TLS context; set its SessionLifetime, SessionCacheSize "
                          "and TicketsEnabled attributes (e.g. \"Context/SessionCacheSize\") "
                          "before start. The DTLS context copies them.",
                          PointerValue(),
                          MakePointerAccessor(&TlsServer::m_context),
                          MakePointerChecker<TlsContext>())
            .AddTraceSource("HandshakeStarted",
                            "A connection was admitted and its handshake started: the peer.",
                            MakeTraceSourceAccessor(&TlsServer::m_handshakeStartedTrace),
                            "ns3::lpwa::TlsServer::PeerTracedCallback")
            .AddTraceSource("HandshakeCompleted",
                            "A handshake completed: the peer, whether it resumed a session, "
                            "the time since admission and the time its flights waited for a "
                            "core.",
                            MakeTraceSourceAccessor(&TlsServer::m_handshakeCompletedTrace),
                            "ns3::lpwa::TlsServer::HandshakeCompletedTracedCallback")
            .AddTraceSource("HandshakeFailed",
                            "A handshake failed: the peer and the error.",
                            MakeTraceSourceAccessor(&TlsServer::m_handshakeFailedTrace),
                            "ns3::lpwa::TlsServer::HandshakeFailedTracedCallback")
            .AddTraceSource("Rx",
                            "Plaintext was received: the bytes and the peer.",
                            MakeTraceSourceAccessor(&TlsServer::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("ConnectionRefused",
                            "The rate limit refused a new connection: the peer.",
                            MakeTraceSourceAccessor(&TlsServer::m_refusedTrace),
                            "ns3::lpwa::TlsServer::PeerTracedCallback")
            .AddTraceSource("IdleTimeout",
                            "IdleTimeout closed a connection: the peer, and whether its "
                            "handshake had completed.",
                            MakeTraceSourceAccessor(&TlsServer::m_idleTimeoutTrace),
                            "ns3::lpwa::TlsServer::IdleTimeoutTracedCallback");
    return tid;
}

TlsServer::TlsServer()
    : m_context(CreateObject<TlsContext>())
{
    NS_LOG_FUNCTION(this);
    m_config.role = TlsConfig::Role::SERVER;
}

TlsServer::~TlsServer()
{
    NS_LOG_FUNCTION(this);
}

void
TlsServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    auto drop = [](Connection& c)
    {
        c.idleEvent.Cancel();
        if (c.socket)
        {
            DisconnectCallbacks(c.socket);
        }
        if (c.endpoint)
        {
            c.endpoint->Dispose();
        }
    };
    for (auto& [id, c] : m_connections)
    {
        drop(c);
    }
    for (auto& c : m_retired)
    {
        drop(c);
    }
    m_connections.clear();
    m_retired.clear();
    m_dtlsPeers.clear();
    for (auto& listener : m_listeners)
    {
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeNullCallback<void, Ptr<Socket>, const Address&>());
    }
    if (m_udp)
    {
        m_udp->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
    m_listeners.clear();
    m_listeningNodes.clear();
    m_udp = nullptr;
    m_context = nullptr;
    m_dtlsContext = nullptr;
    m_cpu = nullptr;
    m_cost = nullptr;
    Application::DoDispose();
}

void
TlsServer::SetConfig(const TlsConfig& config)
{
    if (config.role != TlsConfig::Role::SERVER)
    {
        NS_FATAL_ERROR("TlsServer::SetConfig: config.role must be SERVER");
    }
    if (m_setUp)
    {
        NS_FATAL_ERROR("TlsServer::SetConfig: called after the application started");
    }
    m_config = config;
    m_configSet = true;
}

const TlsConfig&
TlsServer::GetConfig() const
{
    return m_config;
}

Ptr<TlsContext>
TlsServer::GetContext() const
{
    return m_context;
}

Ptr<TlsContext>
TlsServer::GetDtlsContext() const
{
    return m_dtlsContext;
}

void
TlsServer::AddListeningNode(Ptr<Node> node)
{
    if (!node || node == GetNode() ||
        std::find(m_listeningNodes.begin(), m_listeningNodes.end(), node) != m_listeningNodes.end())
    {
        NS_FATAL_ERROR("ns3::lpwa::TlsServer::AddListeningNode: node "
                       << (node ? std::to_string(node->GetId()) : std::string("(null)"))
                       << " is null, the application's own node or added already");
    }
    if (m_running || !m_listeners.empty())
    {
        NS_FATAL_ERROR("ns3::lpwa::TlsServer::AddListeningNode: node "
                       << node->GetId() << " added after the server started");
    }
    if (!node->GetObject<TcpL4Protocol>())
    {
        NS_FATAL_ERROR("ns3::lpwa::TlsServer::AddListeningNode: node " << node->GetId()
                                                                       << " has no TCP stack");
    }
    m_listeningNodes.push_back(node);
}

uint32_t
TlsServer::GetListeningNodeCount() const
{
    return 1 + static_cast<uint32_t>(m_listeningNodes.size());
}

Ptr<ComputeResource>
TlsServer::GetComputeResource() const
{
    return m_cpu;
}

Ptr<CryptoCostModel>
TlsServer::GetCostModel() const
{
    return m_cost;
}

uint32_t
TlsServer::GetAcceptedCount() const
{
    return m_accepted;
}

uint32_t
TlsServer::GetRefusedCount() const
{
    return m_refused;
}

uint32_t
TlsServer::GetIdleClosedCount() const
{
    return m_idleClosed;
}

uint32_t
TlsServer::GetHandshakeCount() const
{
    return m_completed;
}

uint32_t
TlsServer::GetResumedCount() const
{
    return m_resumed;
}

uint32_t
TlsServer::GetFailedCount() const
{
    return m_failed;
}

uint32_t
TlsServer::GetConnectionCount() const
{
    return static_cast<uint32_t>(m_connections.size());
}

uint64_t
TlsServer::GetRxBytes() const
{
    return m_rxBytes;
}

uint64_t
TlsServer::GetTxBytes() const
{
    return m_txBytes;
}

Time
TlsServer::GetCpuBusyTime() const
{
    return m_cpu ? m_cpu->GetBusyTime() : Time(0);
}

const std::vector<Time>&
TlsServer::GetHandshakeCpuCosts() const
{
    return m_handshakeCosts;
}

Time
TlsServer::GetHandshakeCpuTime() const
{
    return m_handshakeCpu;
}

int64_t
TlsServer::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_streamBase = stream;
    m_context->AssignStreams(stream);
    if (m_dtlsContext)
    {
        m_dtlsContext->AssignStreams(stream + 1);
    }
    return 2 + m_connectionStreams;
}

void
TlsServer::Setup()
{
    if (m_setUp)
    {
        return;
    }
    if (!m_configSet)
    {
        NS_FATAL_ERROR("ns3::lpwa::TlsServer: SetConfig() was not called before start");
    }
    const auto classes = CryptoCostModel::GetMcuClasses();
    if (std::find(classes.begin(), classes.end(), m_cpuClass) == classes.end())
    {
        std::string known;
        for (const auto& c : classes)
        {
            known += " " + c;
        }
        NS_FATAL_ERROR("ns3::lpwa::TlsServer attribute CpuClass: \""
                       << m_cpuClass << "\" is unknown; known:" << known);
    }
    if (m_idleTimeout.IsStrictlyNegative())
    {
        NS_FATAL_ERROR("ns3::lpwa::TlsServer attribute IdleTimeout: " << m_idleTimeout.As(Time::S)
                                                                      << " is negative (0: never)");
    }
    if (!m_context)
    {
        NS_FATAL_ERROR("ns3::lpwa::TlsServer attribute Context: null");
    }
    if (!std::isfinite(m_maxRate))
    {
        NS_FATAL_ERROR("ns3::lpwa::TlsServer attribute MaxNewConnectionsPerSecond: "
                       << m_maxRate << " is not finite");
    }
    TlsConfig stream = m_config;
    stream.datagram = false;
    stream.minVersion = ToStream(stream.minVersion);
    stream.maxVersion = ToStream(stream.maxVersion);
    if (!m_context->IsConfigured())
    {
        std::string error = m_context->Configure(stream);
        if (!error.empty())
        {
            NS_FATAL_ERROR(
                "ns3::lpwa::TlsServer::SetConfig: the configuration is unusable: " << error);
        }
    }
    if (m_dtls)
    {
        TlsConfig datagram = m_config;
        datagram.datagram = true;
        if (m_config.minVersion == TlsConfig::Version::TLS_1_3)
        {
            NS_FATAL_ERROR("ns3::lpwa::TlsServer attribute Dtls: true, but SetConfig's "
                           "minVersion TLS_1_3 has no DTLS counterpart");
        }
        datagram.minVersion = ToDatagram(m_config.minVersion);
        datagram.maxVersion = ToDatagram(m_config.maxVersion);
        m_dtlsContext = CreateObject<TlsContext>();
        for (const char* name : {"SessionLifetime", "SessionCacheSize", "TicketsEnabled"})
        {
            struct TypeId::AttributeInformation info;
            TlsContext::GetTypeId().LookupAttributeByName(name, &info);
            Ptr<AttributeValue> value = info.checker->Create();
            m_context->GetAttribute(name, *value);
            m_dtlsContext->SetAttribute(name, *value);
        }
        if (m_streamBase >= 0)
        {
            m_dtlsContext->AssignStreams(m_streamBase + 1);
        }
        std::string error = m_dtlsContext->Configure(datagram);
        if (!error.empty())
        {
            NS_FATAL_ERROR("ns3::lpwa::TlsServer attribute Dtls: the configuration is unusable "
                           "for DTLS: "
                           << error);
        }
    }
    m_cost = CryptoCostModel::CreateForMcuClass(m_cpuClass);
    m_cpu = CreateObject<ComputeResource>();
    m_cpu->SetAttribute("Cores", UintegerValue(m_cores));
    m_cpu->TraceConnectWithoutContext("JobStart", MakeCallback(&TlsServer::OnJobStart, this));
    m_cpu->TraceConnectWithoutContext("JobEnd", MakeCallback(&TlsServer::OnJobEnd, this));
    m_setUp = true;
}

void
TlsServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    Setup();
    m_running = true;
    m_tokens = m_burst > 0 ? m_burst : std::max(1.0, std::ceil(m_maxRate));
    m_tokensAt = Simulator::Now();
    if (m_listeners.empty())
    {
        // This node first, then every node added by AddListeningNode(), in that order.
        std::vector<Ptr<Node>> nodes{GetNode()};
        nodes.insert(nodes.end(), m_listeningNodes.begin(), m_listeningNodes.end());
        for (const Ptr<Node>& node : nodes)
        {
            Ptr<Socket> listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
            if (listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
            {
                NS_FATAL_ERROR("ns3::lpwa::TlsServer attribute Port: cannot bind TCP port "
                               << m_port << " on node " << node->GetId());
            }
            listener->Listen();
            m_listeners.push_back(listener);
        }
    }
    for (auto& listener : m_listeners)
    {
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&TlsServer::HandleAccept, this));
    }
    if (m_dtls && !m_udp)
    {
        m_udp = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        if (m_udp->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
        {
            NS_FATAL_ERROR("ns3::lpwa::TlsServer attribute Port: cannot bind UDP port " << m_port);
        }
    }
    if (m_udp)
    {
        m_udp->SetRecvCallback(MakeCallback(&TlsServer::HandleUdpRead, this));
    }
}

void
TlsServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    for (auto& listener : m_listeners)
    {
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeNullCallback<void, Ptr<Socket>, const Address&>());
        listener->Close();
    }
    m_listeners.clear();
    if (m_udp)
    {
        m_udp->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_udp->Close();
        m_udp = nullptr;
    }
    std::vector<uint64_t> ids;
    for (const auto& entry : m_connections)
    {
        ids.push_back(entry.first);
    }
    for (uint64_t id : ids)
    {
        auto it = m_connections.find(id);
        if (it == m_connections.end())
        {
            continue;
        }
        Ptr<TlsEndpoint> ep = it->second.endpoint;
        if (it->second.completed)
        {
            ep->Close(); // close_notify, then FIN once sent
        }
        else
        {
            ep->Abort(TlsError::TRANSPORT_CLOSED);
        }
    }
}

bool
TlsServer::Admit()
{
    if (m_maxRate <= 0)
    {
        return true;
    }
    const double depth = m_burst > 0 ? m_burst : std::max(1.0, std::ceil(m_maxRate));
    const Time now = Simulator::Now();
    m_tokens = std::min(depth, m_tokens + (now - m_tokensAt).GetSeconds() * m_maxRate);
    m_tokensAt = now;
    if (m_tokens >= 1.0)
    {
        m_tokens -= 1.0;
        return true;
    }
    return false;
}

void
TlsServer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    if (!m_running || !Admit())
    {
        NS_LOG_INFO("refused " << InetSocketAddress::ConvertFrom(from).GetIpv4() << ":"
                               << InetSocketAddress::ConvertFrom(from).GetPort());
        ++m_refused;
        DisconnectCallbacks(socket);
        socket->Close();
        m_refusedTrace(from);
        return;
    }
    StartConnection(socket, from, false);
}

void
TlsServer::HandleUdpRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        auto it = m_dtlsPeers.find(from);
        if (it == m_dtlsPeers.end())
        {
            if (!m_running || !Admit())
            {
                ++m_refused;
                m_refusedTrace(from);
                continue;
            }
            Ptr<DatagramDemuxSocket> child = CreateObject<DatagramDemuxSocket>();
            child->SetParent(socket, from, MakeCallback(&TlsServer::HandleChildClosed, this));
            uint64_t id = StartConnection(child, from, true);
            it = m_dtlsPeers.emplace(from, id).first;
        }
        auto c = m_connections.find(it->second);
        if (c != m_connections.end())
        {
            DynamicCast<DatagramDemuxSocket>(c->second.socket)->Deliver(packet, from);
        }
    }
}

void
TlsServer::HandleChildClosed(Ptr<DatagramDemuxSocket> child)
{
    auto it = m_dtlsPeers.find(child->GetPeer());
    if (it != m_dtlsPeers.end())
    {
        auto c = m_connections.find(it->second);
        if (c == m_connections.end() || c->second.socket == child)
        {
            m_dtlsPeers.erase(it);
        }
    }
}

uint64_t
TlsServer::StartConnection(Ptr<Socket> socket, const Address& peer, bool datagram)
{
    const uint64_t id = m_nextId++;
    ++m_accepted;
    Connection& c = m_connections[id];
    c.socket = socket;
    c.peer = peer;
    c.datagram = datagram;
    c.startedAt = Simulator::Now();
    c.lastActivity = c.startedAt;
    if (m_idleTimeout.IsStrictlyPositive())
    {
        c.idleEvent = Simulator::Schedule(m_idleTimeout, &TlsServer::CheckIdle, this, id);
    }
    c.endpoint = CreateObject<TlsEndpoint>();
    Ptr<TlsEndpoint> ep = c.endpoint;
    if (m_streamBase >= 0 && id < m_connectionStreams)
    {
        ep->AssignStreams(m_streamBase + 2 + static_cast<int64_t>(id));
    }
    ep->TraceConnectWithoutContext("HandshakeCompleted",
                                   Callback<void, bool>(
                                       [this, id](bool resumed)
                                       {
                                           OnCompleted(id, resumed);
                                       }));
    ep->TraceConnectWithoutContext("HandshakeFailed",
                                   Callback<void, TlsError, std::string>(
                                       [this, id](TlsError error, std::string detail)
                                       {
                                           OnFailed(id, error, detail);
                                       }));
    ep->TraceConnectWithoutContext("DataReceived",
                                   Callback<void, std::string>(
                                       [this, id](std::string data)
                                       {
                                           OnData(id, data);
                                       }));
    ep->TraceConnectWithoutContext("Closed",
                                   Callback<void, bool>(
                                       [this, id](bool clean)
                                       {
                                           OnClosed(id, clean);
                                       }));
    ep->TraceConnectWithoutContext("TransportTx",
                                   Callback<void, std::string>(
                                       [this, id](std::string bytes)
                                       {
                                           OnTransportTx(id, bytes);
                                       }));
    ep->SetWritableCallback(Callback<void>(
        [this, id]()
        {
            Flush(id);
        }));
    if (datagram)
    {
        ep->SetDatagramTransport(m_dtlsContext, socket, peer);
    }
    else
    {
        ep->SetStreamTransport(m_context, socket);
    }
    ep->SetCompute(m_cost, m_cpu);
    m_handshakeStartedTrace(peer);
    ep->Start();
    return id;
}

void
TlsServer::Attribute(Connection& connection)
{
    if (m_jobEnding)
    {
        connection.queueWait += m_endingWait;
        m_jobEnding = false;
    }
}

void
TlsServer::OnJobStart(Time queueWait)
{
    m_started.push_back(StartedJob{Simulator::Now(), queueWait});
}

void
TlsServer::OnJobEnd(Time work)
{
    const Time start = Simulator::Now() - work;
    auto it = std::find_if(m_started.begin(),
                           m_started.end(),
                           [start](const StartedJob& j)
                           {
                               return j.start == start;
                           });
    m_jobEnding = it != m_started.end();
    if (it != m_started.end())
    {
        m_endingWait = it->queueWait;
        m_started.erase(it);
    }
    // The job's callback runs within this event; whatever did not claim it by then never will.
    Simulator::ScheduleNow(
        [this]()
        {
            m_jobEnding = false;
        });
}

void
TlsServer::OnTransportTx(uint64_t id, std::string /* bytes */)
{
    auto it = m_connections.find(id);
    if (it != m_connections.end())
    {
        Attribute(it->second);
    }
}

void
TlsServer::OnCompleted(uint64_t id, bool resumed)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end())
    {
        return;
    }
    Connection& c = it->second;
    Attribute(c);
    c.completed = true;
    c.lastActivity = Simulator::Now();
    ++m_completed;
    if (resumed)
    {
        ++m_resumed;
    }
    const Time cost = c.endpoint->GetHandshakeComputeTime();
    m_handshakeCosts.push_back(cost);
    m_handshakeCpu += cost;
    NS_LOG_INFO("handshake " << id << " complete" << (resumed ? " (resumed)" : "") << " after "
                             << (Simulator::Now() - c.startedAt).As(Time::MS) << ", waited "
                             << c.queueWait.As(Time::MS) << " for a core, cost "
                             << cost.As(Time::MS));
    m_handshakeCompletedTrace(c.peer, resumed, Simulator::Now() - c.startedAt, c.queueWait);
}

void
TlsServer::OnFailed(uint64_t id, TlsError error, std::string detail)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end())
    {
        return;
    }
    NS_LOG_INFO("handshake " << id << " failed: " << error << " (" << detail << ")");
    ++m_failed;
    m_handshakeCpu += it->second.endpoint->GetHandshakeComputeTime();
    m_handshakeFailedTrace(it->second.peer, error);
    Simulator::ScheduleNow(&TlsServer::Retire, this, id);
}

void
TlsServer::OnClosed(uint64_t id, bool /* clean */)
{
    Simulator::ScheduleNow(&TlsServer::Retire, this, id);
}

void
TlsServer::OnData(uint64_t id, std::string data)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end())
    {
        return;
    }
    Connection& c = it->second;
    c.lastActivity = Simulator::Now();
    m_rxBytes += data.size();
    m_rxTrace(Create<Packet>(reinterpret_cast<const uint8_t*>(data.data()), data.size()), c.peer);
    switch (m_behaviour)
    {
        case ECHO:
            c.out += data;
            break;
        case FIXED_RESPONSE:
        {
            std::string response(m_responseSize, '\0');
            for (uint32_t i = 0; i < m_responseSize; ++i)
            {
                response[i] = static_cast<char>('a' + i % 26);
            }
            c.out += response;
            break;
        }
        case SINK:
        default:
            break;
    }
    Flush(id);
}

void
TlsServer::Flush(uint64_t id)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end() || it->second.out.empty())
    {
        return;
    }
    Connection& c = it->second;
    const uint32_t sent = c.endpoint->Send(c.out);
    m_txBytes += sent;
    c.out.erase(0, sent);
}

void
TlsServer::CheckIdle(uint64_t id)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end())
    {
        return;
    }
    Connection& c = it->second;
    const Time due = c.lastActivity + m_idleTimeout;
    if (Simulator::Now() < due)
    {
        // Activity since the check was armed: one event per connection, moved forward lazily.
        c.idleEvent = Simulator::Schedule(due - Simulator::Now(), &TlsServer::CheckIdle, this, id);
        return;
    }
    NS_LOG_INFO("connection " << id << " idle for " << m_idleTimeout.As(Time::S) << ": closed");
    ++m_idleClosed;
    const Address peer = c.peer;
    const bool completed = c.completed;
    Ptr<TlsEndpoint> ep = c.endpoint;
    m_idleTimeoutTrace(peer, completed);
    ep->Abort(TlsError::TIMEOUT); // HandshakeFailed(TIMEOUT) or Closed(false): retired
}

void
TlsServer::Retire(uint64_t id)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end())
    {
        return;
    }
    if (it->second.datagram)
    {
        auto peer = m_dtlsPeers.find(it->second.peer);
        if (peer != m_dtlsPeers.end() && peer->second == id)
        {
            m_dtlsPeers.erase(peer);
        }
    }
    it->second.idleEvent.Cancel();
    m_retired.push_back(it->second);
    m_connections.erase(it);
    // Ended connections are kept (their close may still be flushing) until one minute has
    // passed; the endpoint's own socket callbacks stay valid meanwhile.
    const Time now = Simulator::Now();
    m_retired.back().startedAt = now;
    auto old = std::remove_if(m_retired.begin(),
                              m_retired.end(),
                              [now](Connection& c)
                              {
                                  if (now - c.startedAt < Seconds(60))
                                  {
                                      return false;
                                  }
                                  DisconnectCallbacks(c.socket);
                                  c.endpoint->Dispose();
                                  return true;
                              });
    m_retired.erase(old, m_retired.end());
}

} // namespace lpwa
} // namespace ns3
