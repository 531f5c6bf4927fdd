/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dns-resolver.h"

#include "dns-message.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket-factory.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaDnsResolver");
NS_OBJECT_ENSURE_REGISTERED(DnsResolver);

namespace
{

/// Parses a strict dotted quad: four decimal numbers 0..255, 1..3 digits each.
bool
ParseDottedQuad(const std::string& text, Ipv4Address& address)
{
    uint32_t value = 0;
    size_t pos = 0;
    for (int part = 0; part < 4; ++part)
    {
        if (part > 0)
        {
            if (pos >= text.size() || text[pos] != '.')
            {
                return false;
            }
            ++pos;
        }
        uint32_t octet = 0;
        size_t digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 4)
        {
            octet = octet * 10 + static_cast<uint32_t>(text[pos] - '0');
            ++pos;
            ++digits;
        }
        if (digits == 0 || digits > 3 || octet > 255)
        {
            return false;
        }
        value = (value << 8) | octet;
    }
    if (pos != text.size())
    {
        return false;
    }
    address = Ipv4Address(value);
    return true;
}

} // namespace

TypeId
DnsResolver::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::DnsResolver")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<DnsResolver>()
            .AddAttribute("Server",
                          "IPv4 address of the DNS server (normally given by the network with "
                          "the PDP context, or set by AT+QIDNSCFG).",
                          Ipv4AddressValue(Ipv4Address("10.0.0.1")),
                          MakeIpv4AddressAccessor(&DnsResolver::m_server),
                          MakeIpv4AddressChecker())
            .AddAttribute("ServerPort",
                          "UDP port of the DNS server.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&DnsResolver::m_serverPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Timeout",
                          "Time to wait for a response to each attempt. Assumption: 5 s, the "
                          "glibc stub resolver default (RES_TIMEOUT); module firmware does not "
                          "document its per-attempt timeout.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&DnsResolver::m_timeout),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("Retries",
                          "Number of retransmissions after the first attempt.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&DnsResolver::m_retries),
                          MakeUintegerChecker<uint32_t>(0, 100))
            .AddAttribute("CacheEnabled",
                          "Keep successful answers for their TTL (simulated time) and answer "
                          "repeated lookups from the cache.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DnsResolver::m_cacheEnabled),
                          MakeBooleanChecker())
            .AddTraceSource("Tx",
                            "A query was sent: name, DNS ID, attempt number (1 = first).",
                            MakeTraceSourceAccessor(&DnsResolver::m_txTrace),
                            "ns3::lpwa::DnsResolver::TxTracedCallback")
            .AddTraceSource("Resolved",
                            "A resolution completed: name, result, answered without traffic.",
                            MakeTraceSourceAccessor(&DnsResolver::m_resolvedTrace),
                            "ns3::lpwa::DnsResolver::ResolvedTracedCallback");
    return tid;
}

DnsResolver::DnsResolver()
    : m_server(Ipv4Address("10.0.0.1"))
    , m_serverPort(53)
    , m_timeout(Seconds(5))
    , m_retries(2)
    , m_cacheEnabled(true)
    , m_nextId(1)
{
    NS_LOG_FUNCTION(this);
}

DnsResolver::~DnsResolver()
{
    NS_LOG_FUNCTION(this);
}

void
DnsResolver::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& entry : m_pending)
    {
        entry.second.m_timeout.Cancel();
    }
    m_pending.clear();
    for (auto& event : m_immediate)
    {
        event.Cancel();
    }
    m_immediate.clear();
    m_cache.clear();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
    m_node = nullptr;
    Object::DoDispose();
}

void
DnsResolver::SetNode(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    if (m_socket && node != m_node)
    {
        NS_FATAL_ERROR("ns3::lpwa::DnsResolver::SetNode: the resolver already has a socket on "
                       "node "
                       << m_node->GetId() << "; it cannot move to another node");
    }
    m_node = node;
}

Ptr<Node>
DnsResolver::GetNode() const
{
    return m_node;
}

void
DnsResolver::SetServer(Ipv4Address server)
{
    NS_LOG_FUNCTION(this << server);
    m_server = server;
}

Ipv4Address
DnsResolver::GetServer() const
{
    return m_server;
}

void
DnsResolver::Abandon()
{
    NS_LOG_FUNCTION(this);
    for (auto& [id, pending] : m_pending)
    {
        pending.m_timeout.Cancel();
    }
    m_pending.clear();
    for (auto& event : m_immediate)
    {
        event.Cancel();
    }
    m_immediate.clear();
    m_cache.clear();
}

void
DnsResolver::ClearCache()
{
    NS_LOG_FUNCTION(this);
    m_cache.clear();
}

uint32_t
DnsResolver::GetPendingCount() const
{
    return static_cast<uint32_t>(m_pending.size());
}

std::string
DnsResolver::ResultToString(uint8_t result)
{
    switch (result)
    {
        case SUCCESS:
            return "SUCCESS";
        case NOT_FOUND:
            return "NOT_FOUND";
        case TIMEOUT:
            return "TIMEOUT";
        case NETWORK_ERROR:
            return "NETWORK_ERROR";
        case SERVER_FAILURE:
            return "SERVER_FAILURE";
        default:
            return "UNKNOWN(" + std::to_string(result) + ")";
    }
}

void
DnsResolver::Resolve(const std::string& name, DoneCallback done)
{
    NS_LOG_FUNCTION(this << name);
    Ipv4Address literal;
    if (ParseDottedQuad(name, literal))
    {
        CompleteLater(name, done, SUCCESS, {literal}, 0, true);
        return;
    }
    if (!DnsMessage::IsValidName(name))
    {
        NS_LOG_INFO("\"" << name << "\" is not a valid DNS name");
        CompleteLater(name, done, NOT_FOUND, {}, 0, true);
        return;
    }
    const std::string key = DnsMessage::NormalizeName(name);
    if (m_cacheEnabled)
    {
        auto it = m_cache.find(key);
        if (it != m_cache.end())
        {
            const Time now = Simulator::Now();
            if (it->second.m_expires > now)
            {
                const auto remaining = static_cast<uint32_t>(
                    (it->second.m_expires - now).GetNanoSeconds() / 1000000000);
                NS_LOG_INFO(name << " from cache, " << remaining << " s left");
                CompleteLater(name, done, SUCCESS, it->second.m_addresses, remaining, true);
                return;
            }
            m_cache.erase(it);
        }
    }
    if (!m_node)
    {
        NS_FATAL_ERROR("ns3::lpwa::DnsResolver::Resolve(\""
                       << name << "\"): no node; call SetNode() first");
    }
    uint16_t id = 0;
    if (!EnsureSocket() || !AllocateId(id))
    {
        CompleteLater(name, done, NETWORK_ERROR, {}, 0, false);
        return;
    }
    Pending pending;
    pending.m_name = name;
    pending.m_key = key;
    pending.m_done = done;
    pending.m_server = InetSocketAddress(m_server, m_serverPort);
    DnsMessage::BuildQuery(id, key, pending.m_query);
    m_pending[id] = pending;
    Transmit(id);
}

bool
DnsResolver::EnsureSocket()
{
    if (m_socket)
    {
        return true;
    }
    if (!m_node->GetObject<Ipv4>() ||
        !m_node->GetObject<SocketFactory>(UdpSocketFactory::GetTypeId()))
    {
        NS_LOG_WARN("node " << m_node->GetId() << " has no IPv4/UDP stack");
        return false;
    }
    m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    if (m_socket->Bind() == -1)
    {
        NS_LOG_WARN("cannot bind the resolver socket: errno " << m_socket->GetErrno());
        m_socket = nullptr;
        return false;
    }
    m_socket->SetRecvCallback(MakeCallback(&DnsResolver::HandleRead, this));
    return true;
}

bool
DnsResolver::AllocateId(uint16_t& id)
{
    if (m_pending.size() > 0xffff)
    {
        return false;
    }
    while (m_pending.count(m_nextId) != 0)
    {
        ++m_nextId;
    }
    id = m_nextId++;
    return true;
}

void
DnsResolver::Transmit(uint16_t id)
{
    auto it = m_pending.find(id);
    NS_ASSERT(it != m_pending.end());
    Pending& pending = it->second;
    ++pending.m_attempts;
    Ptr<Packet> packet = Create<Packet>(pending.m_query.data(), pending.m_query.size());
    if (m_socket->SendTo(packet, 0, pending.m_server) < 0)
    {
        NS_LOG_INFO("query for " << pending.m_name << " not sent: socket errno "
                                 << m_socket->GetErrno());
        const std::string name = pending.m_name;
        const DoneCallback done = pending.m_done;
        m_pending.erase(it);
        CompleteLater(name, done, NETWORK_ERROR, {}, 0, false);
        return;
    }
    NS_LOG_INFO("query " << id << " for " << pending.m_name << " sent, attempt "
                         << pending.m_attempts);
    m_txTrace(pending.m_name, id, pending.m_attempts);
    pending.m_timeout = Simulator::Schedule(m_timeout, &DnsResolver::HandleTimeout, this, id);
}

void
DnsResolver::HandleTimeout(uint16_t id)
{
    NS_LOG_FUNCTION(this << id);
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    if (it->second.m_attempts <= m_retries)
    {
        Transmit(id);
        return;
    }
    NS_LOG_INFO("query " << id << " for " << it->second.m_name << " timed out after "
                         << it->second.m_attempts << " attempts");
    Finish(id, TIMEOUT, {}, 0);
}

void
DnsResolver::Finish(uint16_t id, uint8_t result, std::vector<Ipv4Address> addresses, uint32_t ttl)
{
    auto it = m_pending.find(id);
    NS_ASSERT(it != m_pending.end());
    it->second.m_timeout.Cancel();
    const std::string name = it->second.m_name;
    const DoneCallback done = it->second.m_done;
    m_pending.erase(it);
    Complete(name, done, result, addresses, ttl, false);
}

void
DnsResolver::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        if (!InetSocketAddress::IsMatchingType(from))
        {
            continue;
        }
        const InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
        std::vector<uint8_t> wire(packet->GetSize());
        packet->CopyData(wire.data(), wire.size());
        uint16_t id = 0;
        uint8_t rcode = 0;
        DnsMessage::AnswerList answers;
        std::string question;
        if (!DnsMessage::ParseResponse(wire, id, rcode, answers, question))
        {
            NS_LOG_LOGIC("dropped a malformed response from " << source.GetIpv4());
            continue;
        }
        auto it = m_pending.find(id);
        if (it == m_pending.end())
        {
            NS_LOG_LOGIC("dropped a response with unknown id " << id);
            continue;
        }
        const InetSocketAddress server = InetSocketAddress::ConvertFrom(it->second.m_server);
        if (source.GetIpv4() != server.GetIpv4() || source.GetPort() != server.GetPort())
        {
            NS_LOG_LOGIC("dropped a response from " << source.GetIpv4() << ":" << source.GetPort());
            continue;
        }
        const bool questionMatches = question == it->second.m_key;
        if (!questionMatches && !(question.empty() && rcode != DnsMessage::NOERROR))
        {
            NS_LOG_LOGIC("dropped a response for \"" << question << "\" with id " << id);
            continue;
        }
        if (rcode == DnsMessage::NOERROR && !answers.empty())
        {
            std::vector<Ipv4Address> addresses;
            uint32_t ttl = answers.front().second;
            for (const auto& answer : answers)
            {
                addresses.push_back(answer.first);
                ttl = std::min(ttl, answer.second);
            }
            if (m_cacheEnabled && ttl > 0)
            {
                m_cache[it->second.m_key] = CacheEntry{addresses, Simulator::Now() + Seconds(ttl)};
            }
            Finish(id, SUCCESS, addresses, ttl);
        }
        else if (rcode == DnsMessage::NOERROR || rcode == DnsMessage::NXDOMAIN)
        {
            Finish(id, NOT_FOUND, {}, 0);
        }
        else
        {
            NS_LOG_INFO("server answered RCODE " << unsigned(rcode));
            Finish(id, SERVER_FAILURE, {}, 0);
        }
    }
}

void
DnsResolver::CompleteLater(const std::string& name,
                           DoneCallback done,
                           uint8_t result,
                           std::vector<Ipv4Address> addresses,
                           uint32_t ttl,
                           bool fromCache)
{
    m_immediate.remove_if(
        [](const EventId& e)
        {
            return e.IsExpired();
        });
    m_immediate.push_back(Simulator::ScheduleNow(&DnsResolver::Complete,
                                                 this,
                                                 name,
                                                 done,
                                                 result,
                                                 addresses,
                                                 ttl,
                                                 fromCache));
}

void
DnsResolver::Complete(std::string name,
                      DoneCallback done,
                      uint8_t result,
                      std::vector<Ipv4Address> addresses,
                      uint32_t ttl,
                      bool fromCache)
{
    NS_LOG_INFO(name << ": " << ResultToString(result) << ", " << addresses.size()
                     << " addresses, ttl " << ttl);
    m_resolvedTrace(name, result, fromCache);
    if (!done.IsNull())
    {
        done(result, addresses, ttl);
    }
}

} // namespace lpwa
} // namespace ns3
