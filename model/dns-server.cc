/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dns-server.h"

#include "dns-message.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaDnsServer");
NS_OBJECT_ENSURE_REGISTERED(DnsServer);

TypeId
DnsServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::DnsServer")
            .SetParent<Application>()
            .SetGroupName("LpwaModem")
            .AddConstructor<DnsServer>()
            .AddAttribute("Port",
                          "UDP port the server listens on.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&DnsServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Ttl",
                          "TTL, in seconds, of every A record returned.",
                          UintegerValue(300),
                          MakeUintegerAccessor(&DnsServer::m_ttl),
                          MakeUintegerChecker<uint32_t>(0, 0x7fffffff))
            .AddAttribute("ProcessingDelay",
                          "Time between a query's arrival and its response leaving: the "
                          "server's lookup time.",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&DnsServer::m_processingDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ServFail",
                          "Answer every well-formed query with SERVFAIL (a failing upstream).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&DnsServer::m_servFail),
                          MakeBooleanChecker())
            .AddTraceSource("Query",
                            "A well-formed query arrived: question name (lower case) and the "
                            "source address.",
                            MakeTraceSourceAccessor(&DnsServer::m_queryTrace),
                            "ns3::lpwa::DnsServer::QueryTracedCallback");
    return tid;
}

DnsServer::DnsServer()
    : m_port(53)
    , m_ttl(300)
    , m_processingDelay(MilliSeconds(1))
    , m_servFail(false)
{
    NS_LOG_FUNCTION(this);
}

DnsServer::~DnsServer()
{
    NS_LOG_FUNCTION(this);
}

void
DnsServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& event : m_pendingResponses)
    {
        event.Cancel();
    }
    m_pendingResponses.clear();
    m_socket = nullptr;
    Application::DoDispose();
}

void
DnsServer::AddRecord(const std::string& name, Ipv4Address addr)
{
    NS_LOG_FUNCTION(this << name << addr);
    if (!DnsMessage::IsValidName(name))
    {
        NS_FATAL_ERROR("ns3::lpwa::DnsServer::AddRecord: name \"" << name
                                                                  << "\" is not a valid DNS name");
    }
    auto& addresses = m_records[DnsMessage::NormalizeName(name)];
    if (std::find(addresses.begin(), addresses.end(), addr) == addresses.end())
    {
        addresses.push_back(addr);
    }
}

void
DnsServer::RemoveRecord(const std::string& name)
{
    NS_LOG_FUNCTION(this << name);
    m_records.erase(DnsMessage::NormalizeName(name));
}

std::vector<Ipv4Address>
DnsServer::GetAddresses(const std::string& name) const
{
    auto it = m_records.find(DnsMessage::NormalizeName(name));
    return it == m_records.end() ? std::vector<Ipv4Address>() : it->second;
}

void
DnsServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        if (m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
        {
            NS_FATAL_ERROR("ns3::lpwa::DnsServer attribute Port: cannot bind UDP port " << m_port);
        }
    }
    m_socket->SetRecvCallback(MakeCallback(&DnsServer::HandleRead, this));
}

void
DnsServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (auto& event : m_pendingResponses)
    {
        event.Cancel();
    }
    m_pendingResponses.clear();
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
}

void
DnsServer::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        if (!InetSocketAddress::IsMatchingType(from))
        {
            continue;
        }
        const Ipv4Address source = InetSocketAddress::ConvertFrom(from).GetIpv4();
        std::vector<uint8_t> wire(packet->GetSize());
        packet->CopyData(wire.data(), wire.size());

        uint16_t id = 0;
        bool isResponse = false;
        if (!DnsMessage::ParseHeader(wire, id, isResponse) || isResponse)
        {
            NS_LOG_LOGIC("dropped " << wire.size() << " bytes from " << source);
            continue;
        }
        std::string name;
        uint16_t qtype = 0;
        uint16_t qclass = 0;
        std::vector<uint8_t> response;
        if (!DnsMessage::ParseQuery(wire, id, name, qtype, qclass))
        {
            NS_LOG_INFO("malformed query id " << id << " from " << source << ": FORMERR");
            response = DnsMessage::BuildResponse(id, "", 0, 0, DnsMessage::FORMERR, {});
        }
        else
        {
            m_queryTrace(name, source);
            auto it = m_records.find(name);
            if (m_servFail)
            {
                response =
                    DnsMessage::BuildResponse(id, name, qtype, qclass, DnsMessage::SERVFAIL, {});
            }
            else if (it == m_records.end())
            {
                NS_LOG_INFO("query " << name << " from " << source << ": NXDOMAIN");
                response =
                    DnsMessage::BuildResponse(id, name, qtype, qclass, DnsMessage::NXDOMAIN, {});
            }
            else
            {
                DnsMessage::AnswerList answers;
                if (qtype == DnsMessage::TYPE_A && qclass == DnsMessage::CLASS_IN)
                {
                    for (const auto& addr : it->second)
                    {
                        answers.emplace_back(addr, m_ttl);
                    }
                }
                NS_LOG_INFO("query " << name << " from " << source << ": " << answers.size()
                                     << " answers");
                response = DnsMessage::BuildResponse(id,
                                                     name,
                                                     qtype,
                                                     qclass,
                                                     DnsMessage::NOERROR,
                                                     answers);
            }
        }
        m_pendingResponses.remove_if(
            [](const EventId& e)
            {
                return e.IsExpired();
            });
        m_pendingResponses.push_back(
            Simulator::Schedule(m_processingDelay, &DnsServer::SendResponse, this, response, from));
    }
}

void
DnsServer::SendResponse(std::vector<uint8_t> wire, Address to)
{
    NS_LOG_FUNCTION(this << to);
    if (!m_socket)
    {
        return;
    }
    Ptr<Packet> packet = Create<Packet>(wire.data(), wire.size());
    if (m_socket->SendTo(packet, 0, to) < 0)
    {
        NS_LOG_WARN("response to " << InetSocketAddress::ConvertFrom(to).GetIpv4()
                                   << " not sent, socket error " << m_socket->GetErrno());
    }
}

} // namespace lpwa
} // namespace ns3
