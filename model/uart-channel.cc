/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "uart-channel.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaUartChannel");
NS_OBJECT_ENSURE_REGISTERED(UartChannel);

namespace
{

const char*
SideName(UartChannel::Side side)
{
    return side == UartChannel::HOST ? "HOST" : "MODULE";
}

} // namespace

TypeId
UartChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::UartChannel")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<UartChannel>()
            .AddAttribute(
                "BaudRate",
                "Line speed in bits per second (> 0).",
                UintegerValue(115200),
                MakeUintegerAccessor(&UartChannel::SetBaudRate, &UartChannel::GetBaudRate),
                MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "DataBits",
                "Data bits per frame (5..8).",
                UintegerValue(8),
                MakeUintegerAccessor(&UartChannel::SetDataBits, &UartChannel::GetDataBits),
                MakeUintegerChecker<uint32_t>())
            .AddAttribute("Parity",
                          "Parity bit: None adds no bit, Even and Odd add one bit per frame.",
                          EnumValue(UartChannel::NONE),
                          MakeEnumAccessor(&UartChannel::SetParity, &UartChannel::GetParity),
                          MakeEnumChecker(UartChannel::NONE,
                                          "None",
                                          UartChannel::EVEN,
                                          "Even",
                                          UartChannel::ODD,
                                          "Odd"))
            .AddAttribute(
                "StopBits",
                "Stop bits per frame (1 or 2).",
                UintegerValue(1),
                MakeUintegerAccessor(&UartChannel::SetStopBits, &UartChannel::GetStopBits),
                MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "FlowControl",
                "RTS/CTS hardware flow control: if true, a side that is not ready "
                "to receive holds the other side's transmitter.",
                BooleanValue(false),
                MakeBooleanAccessor(&UartChannel::SetFlowControl, &UartChannel::GetFlowControl),
                MakeBooleanChecker())
            .AddTraceSource("HostToModule",
                            "A byte sent by the host was delivered to the module.",
                            MakeTraceSourceAccessor(&UartChannel::m_hostToModuleTrace),
                            "ns3::lpwa::UartChannel::ByteTracedCallback")
            .AddTraceSource("ModuleToHost",
                            "A byte sent by the module was delivered to the host.",
                            MakeTraceSourceAccessor(&UartChannel::m_moduleToHostTrace),
                            "ns3::lpwa::UartChannel::ByteTracedCallback")
            .AddTraceSource("Dtr",
                            "The MAIN_DTR level changed: true = HIGH (V.24 OFF), "
                            "false = LOW (V.24 ON).",
                            MakeTraceSourceAccessor(&UartChannel::m_dtrTrace),
                            "ns3::lpwa::UartChannel::DtrTracedCallback");
    return tid;
}

UartChannel::UartChannel()
{
    NS_LOG_FUNCTION(this);
    UpdateByteTime();
}

UartChannel::~UartChannel()
{
    NS_LOG_FUNCTION(this);
}

void
UartChannel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (Direction* d : {&m_hostToModule, &m_moduleToHost})
    {
        d->event.Cancel();
        d->queue.clear();
        d->receive = MakeNullCallback<void, uint8_t>();
    }
    m_dtrCallback = MakeNullCallback<void, bool>();
    Object::DoDispose();
}

void
UartChannel::UpdateByteTime()
{
    const uint64_t bits = GetFrameBits();
    // Nearest integer nanosecond, halves rounding up: exact integer arithmetic, no doubles.
    const uint64_t ns = (bits * 1000000000ULL + m_baudRate / 2) / m_baudRate;
    m_byteTime = NanoSeconds(static_cast<int64_t>(ns));
    NS_LOG_LOGIC("frame " << bits << " bits at " << m_baudRate << " baud: " << ns << " ns/byte");
}

uint32_t
UartChannel::GetFrameBits() const
{
    return 1 + m_dataBits + (m_parity == NONE ? 0 : 1) + m_stopBits;
}

Time
UartChannel::GetByteTime() const
{
    return m_byteTime;
}

Time
UartChannel::GetTransmitTime(uint32_t nBytes) const
{
    return m_byteTime * static_cast<int64_t>(nBytes);
}

void
UartChannel::SetBaudRate(uint32_t baud)
{
    if (baud == 0)
    {
        NS_FATAL_ERROR("ns3::lpwa::UartChannel attribute BaudRate: " << baud << " must be > 0");
    }
    m_baudRate = baud;
    UpdateByteTime();
}

uint32_t
UartChannel::GetBaudRate() const
{
    return m_baudRate;
}

void
UartChannel::SetDataBits(uint32_t bits)
{
    if (bits < 5 || bits > 8)
    {
        NS_FATAL_ERROR("ns3::lpwa::UartChannel attribute DataBits: " << bits << " is not in 5..8");
    }
    m_dataBits = bits;
    UpdateByteTime();
}

uint32_t
UartChannel::GetDataBits() const
{
    return m_dataBits;
}

void
UartChannel::SetParity(Parity parity)
{
    if (parity != NONE && parity != EVEN && parity != ODD)
    {
        NS_FATAL_ERROR("ns3::lpwa::UartChannel attribute Parity: " << static_cast<int>(parity)
                                                                   << " is not None, Even or Odd");
    }
    m_parity = parity;
    UpdateByteTime();
}

UartChannel::Parity
UartChannel::GetParity() const
{
    return m_parity;
}

void
UartChannel::SetStopBits(uint32_t bits)
{
    if (bits != 1 && bits != 2)
    {
        NS_FATAL_ERROR("ns3::lpwa::UartChannel attribute StopBits: " << bits << " is not 1 or 2");
    }
    m_stopBits = bits;
    UpdateByteTime();
}

uint32_t
UartChannel::GetStopBits() const
{
    return m_stopBits;
}

void
UartChannel::SetFlowControl(bool enabled)
{
    m_flowControl = enabled;
    // Turning flow control off releases transmitters held by a receiver that is not ready.
    StartNextByte(HOST);
    StartNextByte(MODULE);
}

bool
UartChannel::GetFlowControl() const
{
    return m_flowControl;
}

UartChannel::Direction&
UartChannel::GetDirection(Side from, const char* what)
{
    switch (from)
    {
        case HOST:
            return m_hostToModule;
        case MODULE:
            return m_moduleToHost;
    }
    NS_FATAL_ERROR("ns3::lpwa::UartChannel::" << what << ": side " << static_cast<int>(from)
                                              << " is not HOST or MODULE");
}

const UartChannel::Direction&
UartChannel::GetDirection(Side from, const char* what) const
{
    return const_cast<UartChannel*>(this)->GetDirection(from, what);
}

void
UartChannel::Send(Side from, const uint8_t* data, size_t len)
{
    NS_LOG_FUNCTION(this << SideName(from) << len);
    Direction& d = GetDirection(from, "Send");
    if (data == nullptr && len > 0)
    {
        NS_FATAL_ERROR("ns3::lpwa::UartChannel::Send: data is null with len " << len);
    }
    d.queue.insert(d.queue.end(), data, data + len);
    StartNextByte(from);
}

void
UartChannel::Send(Side from, const std::string& data)
{
    Send(from, reinterpret_cast<const uint8_t*>(data.data()), data.size());
}

void
UartChannel::StartNextByte(Side from)
{
    Direction& d = GetDirection(from, "StartNextByte");
    if (d.event.IsRunning() || d.queue.empty())
    {
        return;
    }
    if (m_flowControl && !d.receiverReady)
    {
        NS_LOG_LOGIC(SideName(from) << " transmitter held by flow control, " << d.queue.size()
                                    << " bytes waiting");
        return;
    }
    // The line is idle here, so lastArrival <= now: the byte starts now (never earlier than
    // the end of the previous byte) and arrives one byte time later.
    const Time start = std::max(Simulator::Now(), d.lastArrival);
    const Time arrival = start + m_byteTime;
    d.event =
        Simulator::Schedule(arrival - Simulator::Now(), &UartChannel::DeliverByte, this, from);
}

void
UartChannel::DeliverByte(Side from)
{
    Direction& d = GetDirection(from, "DeliverByte");
    NS_ASSERT(!d.queue.empty());
    const uint8_t byte = d.queue.front();
    d.queue.pop_front();
    d.lastArrival = Simulator::Now();
    ++d.delivered;
    NS_LOG_LOGIC(SideName(from) << " -> byte 0x" << std::hex << static_cast<int>(byte) << std::dec
                                << " delivered");
    // Start the next byte before any callback runs, so that a callback that sends or changes
    // RTS sees a consistent line (the next byte, if any, is already on the wire).
    StartNextByte(from);
    if (from == HOST)
    {
        m_hostToModuleTrace(byte);
    }
    else
    {
        m_moduleToHostTrace(byte);
    }
    if (!d.receive.IsNull())
    {
        d.receive(byte);
    }
}

void
UartChannel::SetReceiveCallback(Side side, Callback<void, uint8_t> cb)
{
    NS_LOG_FUNCTION(this << SideName(side));
    GetDirection(side, "SetReceiveCallback"); // validates side
    // Bytes arriving at `side` were sent by the other side.
    GetDirection(side == HOST ? MODULE : HOST, "SetReceiveCallback").receive = cb;
}

void
UartChannel::SetReadyToReceive(Side side, bool ready)
{
    NS_LOG_FUNCTION(this << SideName(side) << ready);
    GetDirection(side, "SetReadyToReceive"); // validates side
    const Side sender = side == HOST ? MODULE : HOST;
    Direction& d = GetDirection(sender, "SetReadyToReceive");
    d.receiverReady = ready;
    if (ready)
    {
        StartNextByte(sender);
    }
}

bool
UartChannel::IsReadyToReceive(Side side) const
{
    GetDirection(side, "IsReadyToReceive"); // validates side
    const Side sender = side == HOST ? MODULE : HOST;
    return GetDirection(sender, "IsReadyToReceive").receiverReady;
}

void
UartChannel::SetDtrLevel(bool high)
{
    NS_LOG_FUNCTION(this << high);
    if (high == m_dtrHigh)
    {
        return;
    }
    m_dtrHigh = high;
    NS_LOG_INFO("MAIN_DTR " << (high ? "LOW -> HIGH (V.24 OFF)" : "HIGH -> LOW (V.24 ON)"));
    m_dtrTrace(high);
    if (!m_dtrCallback.IsNull())
    {
        m_dtrCallback(high);
    }
}

bool
UartChannel::GetDtrLevel() const
{
    return m_dtrHigh;
}

bool
UartChannel::IsDtrAsserted() const
{
    return !m_dtrHigh;
}

void
UartChannel::SetDtrCallback(Callback<void, bool> cb)
{
    m_dtrCallback = cb;
}

size_t
UartChannel::GetQueuedBytes(Side from) const
{
    return GetDirection(from, "GetQueuedBytes").queue.size();
}

uint64_t
UartChannel::GetBytesDelivered(Side from) const
{
    return GetDirection(from, "GetBytesDelivered").delivered;
}

} // namespace lpwa
} // namespace ns3
