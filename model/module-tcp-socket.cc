/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "module-tcp-socket.h"

#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/rtt-estimator.h"
#include "ns3/simulator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/type-id.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaModuleTcpSocket");
NS_OBJECT_ENSURE_REGISTERED(ModuleTcpSocket);

TypeId
ModuleTcpSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::ModuleTcpSocket")
            .SetParent<TcpSocketBase>()
            .SetGroupName("LpwaModem")
            .AddConstructor<ModuleTcpSocket>()
            .AddAttribute(
                "MaxRto",
                "Largest retransmission timeout, for data and for the SYN "
                "(AT+QICFG=\"tcp/retranscfg\" <max_rto>: 5-1000 x 100 ms, "
                "default 600 x 100 ms).",
                TimeValue(Seconds(60)),
                MakeTimeAccessor(&ModuleTcpSocket::SetMaxRto, &ModuleTcpSocket::GetMaxRto),
                MakeTimeChecker(MilliSeconds(1)));
    return tid;
}

ModuleTcpSocket::ModuleTcpSocket()
{
    NS_LOG_FUNCTION(this);
}

ModuleTcpSocket::ModuleTcpSocket(const ModuleTcpSocket& sock)
    : TcpSocketBase(sock)
    , m_maxRto(sock.m_maxRto)
{
    NS_LOG_FUNCTION(this);
}

ModuleTcpSocket::~ModuleTcpSocket()
{
    NS_LOG_FUNCTION(this);
}

Ptr<ModuleTcpSocket>
ModuleTcpSocket::Create(Ptr<Node> node)
{
    Ptr<TcpL4Protocol> tcp = node ? node->GetObject<TcpL4Protocol>() : nullptr;
    if (!tcp)
    {
        NS_FATAL_ERROR("ModuleTcpSocket::Create: the node has no TcpL4Protocol (install an "
                       "internet stack first)");
    }
    TypeIdValue rttType;
    TypeIdValue congestionType;
    TypeIdValue recoveryType;
    tcp->GetAttribute("RttEstimatorType", rttType);
    tcp->GetAttribute("SocketType", congestionType);
    tcp->GetAttribute("RecoveryType", recoveryType);
    ObjectFactory rttFactory(rttType.Get().GetName());
    ObjectFactory congestionFactory(congestionType.Get().GetName());
    ObjectFactory recoveryFactory(recoveryType.Get().GetName());

    Ptr<ModuleTcpSocket> socket = CreateObject<ModuleTcpSocket>();
    socket->SetNode(node);
    socket->SetTcp(tcp);
    socket->SetRtt(rttFactory.Create<RttEstimator>());
    socket->SetCongestionControlAlgorithm(congestionFactory.Create<TcpCongestionOps>());
    socket->SetRecoveryAlgorithm(recoveryFactory.Create<TcpRecoveryOps>());
    tcp->AddSocket(socket);
    return socket;
}

void
ModuleTcpSocket::SetMaxRto(Time maxRto)
{
    if (!maxRto.IsStrictlyPositive())
    {
        NS_FATAL_ERROR("ModuleTcpSocket: MaxRto must be positive, got " << maxRto.As(Time::S));
    }
    m_maxRto = maxRto;
    ClampRto();
}

Time
ModuleTcpSocket::GetMaxRto() const
{
    return m_maxRto;
}

Time
ModuleTcpSocket::GetCurrentRto() const
{
    return m_rto.Get();
}

Ptr<TcpSocketBase>
ModuleTcpSocket::Fork()
{
    return CopyObject<ModuleTcpSocket>(this);
}

uint32_t
ModuleTcpSocket::SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck)
{
    Ptr<ModuleTcpSocket> self(this); // the base may drop the last reference (error close)
    const uint32_t sent = TcpSocketBase::SendDataPacket(seq, maxSize, withAck);
    ClampRto();
    return sent;
}

void
ModuleTcpSocket::SendEmptyPacket(uint8_t flags)
{
    Ptr<ModuleTcpSocket> self(this); // the base may drop the last reference (error close)
    TcpSocketBase::SendEmptyPacket(flags);
    ClampRto();
}

void
ModuleTcpSocket::EstimateRtt(const TcpHeader& tcpHeader)
{
    Ptr<ModuleTcpSocket> self(this); // the base may drop the last reference (error close)
    TcpSocketBase::EstimateRtt(tcpHeader);
    ClampRto();
}

void
ModuleTcpSocket::NewAck(const SequenceNumber32& seq, bool resetRTO)
{
    Ptr<ModuleTcpSocket> self(this); // the base may drop the last reference (error close)
    TcpSocketBase::NewAck(seq, resetRTO);
    ClampRto();
}

void
ModuleTcpSocket::ReTxTimeout()
{
    Ptr<ModuleTcpSocket> self(this); // the base may drop the last reference (error close)
    TcpSocketBase::ReTxTimeout();
    ClampRto();
}

void
ModuleTcpSocket::ClampRto()
{
    if (m_rto.Get() > m_maxRto)
    {
        m_rto = m_maxRto;
    }
    if (m_retxEvent.IsRunning() && Simulator::GetDelayLeft(m_retxEvent) > m_maxRto)
    {
        NS_LOG_LOGIC("retransmission timer moved to " << m_maxRto.As(Time::S) << " from now");
        m_retxEvent.Cancel();
        m_retxEvent = Simulator::Schedule(m_maxRto, &ModuleTcpSocket::ReTxTimeout, this);
    }
}

} // namespace lpwa
} // namespace ns3
